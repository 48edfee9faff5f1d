// Bundles the native provider plugin into one executable file with esbuild (the engine, or
// `pulumi plugin install --file`, can run or copy it without this package's node_modules), and makes
// the package's commands executable.
import { build } from "esbuild";
import { chmodSync, readFileSync } from "node:fs";

const outfile = "dist/plugin/pulumi-resource-skyvern";
await build({
  entryPoints: ["dist/provider/native/plugin.js"],
  outfile,
  bundle: true,
  platform: "node",
  target: "node20",
  format: "cjs",
  banner: { js: "#!/usr/bin/env node" },
  legalComments: "none",
  logLevel: "warning",
});
chmodSync(outfile, 0o755);

// The package's commands (`npx pulumi-skyvern ...`) must be executable in a checkout too: npm sets
// their mode only when it installs the package, and in a fresh clone tsc writes them after `npm ci`.
for (const command of Object.values(JSON.parse(readFileSync("package.json", "utf8")).bin)) chmodSync(command, 0o755);
