/**
 * Entry point of the bundled plugin executable (dist/plugin/pulumi-resource-skyvern, one file with
 * every dependency inside, so `pulumi plugin install --file` can copy it anywhere).
 */
import { serve } from "./main";

serve(process.argv.slice(2)).then(
  // A plain string: Node would colour a number on a TTY, and the engine parses this line.
  (port) => process.stdout.write(`${port}\n`),
  (error: unknown) => {
    process.stderr.write(`pulumi-resource-skyvern failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
