#!/usr/bin/env node
/**
 * pulumi-skyvern: the native provider's command line.
 *
 *   npx pulumi-skyvern install-plugin            install this package's plugin into Pulumi (no download)
 *   npx pulumi-skyvern import-file [--folders] [--out import.json]
 *                                                write a `pulumi import --file` file for every credential
 *                                                (SKYVERN_API_KEY and SKYVERN_BASE_URL as for the provider)
 */
import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { SkyvernClient } from "../../sdk/client";
import { importFileFor } from "./import-file";
import { PACKAGE_NAME, PACKAGE_VERSION } from "./tokens";

/** The bundled plugin shipped in this package (dist/plugin), next to dist/provider/native. */
export const PLUGIN_FILE = path.join(__dirname, "..", "..", "plugin", `pulumi-resource-${PACKAGE_NAME}`);

function installPlugin(): void {
  // `--reinstall`: the same version rebuilt (e.g. a local checkout) replaces the copy Pulumi holds.
  execFileSync("pulumi", ["plugin", "install", "resource", PACKAGE_NAME, PACKAGE_VERSION, "--file", PLUGIN_FILE, "--reinstall"], { stdio: "inherit" });
}

async function writeImportFile(args: string[]): Promise<void> {
  const { values } = parseArgs({ args, options: { out: { type: "string" }, folders: { type: "boolean", default: false } } });
  const client = new SkyvernClient({ userAgent: "pulumi-skyvern-import-file" });
  try {
    const file = await importFileFor(client, values.folders === true);
    const text = `${JSON.stringify(file, null, 2)}\n`;
    if (values.out) {
      writeFileSync(values.out, text);
      process.stderr.write(`wrote ${file.resources.length} resources to ${values.out}; next: pulumi import --file ${values.out} --generate-code=false\n`);
    } else {
      process.stdout.write(text);
    }
  } finally {
    client.close();
  }
}

async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  if (command === "install-plugin") return installPlugin();
  if (command === "import-file") return writeImportFile(rest);
  throw new Error(`unknown command ${command ?? "(none)"}: use install-plugin or import-file`);
}

if (require.main === module) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    process.stderr.write(`pulumi-skyvern: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
