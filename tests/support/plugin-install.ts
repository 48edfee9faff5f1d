/**
 * The native plugin installed the way the README tells users without a TypeScript project (Python,
 * YAML): `npx --yes --package <tarball> pulumi-skyvern install-plugin`, with the tarball `npm pack`
 * makes, run from an empty directory outside this repository into a PULUMI_HOME of the test's own.
 * Outside the repository and without the `npm_*` variables `npm test` sets, npx cannot resolve
 * `pulumi-skyvern` through the checkout's own node_modules link: only the tarball can serve it.
 */
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, realpathSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { PROJECT_ROOT } from "./paths";
import { packedTarball } from "./user-project";

const run = promisify(execFile);

/** The command a test runs, as the README prints it (the tarball's path filled in). */
export function installPluginCommand(tarball: string): string[] {
  return ["npx", "--yes", "--package", tarball, "pulumi-skyvern", "install-plugin"];
}

/**
 * Installs the plugin from the packed package into `pulumiHome`. `env` is the project's environment
 * (the `pulumi` the CLI uses first on PATH); returns what the command printed.
 */
export async function installPluginFromTarball(pulumiHome: string, env: NodeJS.ProcessEnv): Promise<string> {
  const tarball = await packedTarball();
  const outside = realpathSync(mkdtempSync(path.join(tmpdir(), "install-plugin-")));
  if (!path.relative(PROJECT_ROOT, outside).startsWith("..")) throw new Error(`${outside} is inside the repository`);
  const [command, ...args] = installPluginCommand(tarball);
  const cleanEnv = Object.fromEntries(Object.entries(env).filter(([name]) => !/^npm_/i.test(name)));
  try {
    const { stdout, stderr } = await run(command, args, { cwd: outside, env: { ...cleanEnv, PULUMI_HOME: pulumiHome }, maxBuffer: 16 << 20 });
    return `${stdout}${stderr}`;
  } finally {
    rmSync(outside, { recursive: true, force: true });
  }
}

/** The plugin file inside the packed tarball: what the installed copy must equal byte for byte. */
export async function packagedPlugin(): Promise<Buffer> {
  const { stdout } = await run("tar", ["-xOzf", await packedTarball(), "package/dist/plugin/pulumi-resource-skyvern"], { encoding: "buffer", maxBuffer: 64 << 20 });
  return stdout;
}

/** The installed plugin file under a PULUMI_HOME, at this checkout's version. */
export function installedPlugin(pulumiHome: string): Buffer {
  const { version } = JSON.parse(readFileSync(path.join(PROJECT_ROOT, "package.json"), "utf8")) as { version: string };
  return readFileSync(path.join(pulumiHome, "plugins", `resource-skyvern-v${version}`, "pulumi-resource-skyvern"));
}
