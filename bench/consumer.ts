/**
 * The bench's Pulumi projects, as users have them: a fresh directory with `main: index.js` and the
 * packages installed from tarballs made by `npm pack` (pulumi-skyvern and the floor's
 * bench-noop-provider), driven by the plain CLI. A "linked" project resolves pulumi-skyvern through
 * this repository's self-link instead (how `npm link` and workspaces see it), as an extra row. The
 * native provider's plugin is installed with the documented `npx pulumi-skyvern install-plugin`
 * into a PULUMI_HOME private to the run, which every bench stack uses.
 */
import { execFile } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { CliProject } from "../tests/support/cli-project";
import { PULUMI_ROOT } from "../tests/support/engine";
import { OUTPUT_PROPERTIES } from "../provider/credential/outputs";
import { SECRET_OUTPUTS } from "../provider/dynamic/credential";
import { CREDENTIAL_FILLED, CREDENTIAL_ID_LENGTH } from "./credential-shape";
import { readProviderCpu, type ProviderCpu } from "./provider-cpu";

const run = promisify(execFile);

export const PROJECT_ROOT = path.resolve(__dirname, "..", "..");
export const WORK = path.join(PROJECT_ROOT, ".test-artifacts", "bench");
/**
 * Holds the bench-only wrappers, one per provider plugin (the dynamic-provider host and the native
 * plugin), that record the provider process's CPU time.
 */
const PLUGIN_DIR = path.join(PROJECT_ROOT, "bench", "bin");

/** Plain JavaScript, so it runs under any language host; config picks the resource and the size. */
const PROGRAM = `const pulumi = require("@pulumi/pulumi");
const config = new pulumi.Config();
const n = config.requireNumber("n");
const Credential = {
  floor: () => require("bench-noop-provider").NoopCredential,
  "floor-shaped": () => require("bench-noop-provider").ShapedNoopCredential,
  skyvern: () => require("pulumi-skyvern").SkyvernCredential,
  native: () => require("pulumi-skyvern").Credential,
  "native-floor": () => require("pulumi-skyvern").Credential,
  reference: () => require("pulumi-skyvern").SkyvernCredential,
}[config.require("kind")]();
// reference: the same password by reference (the provider reads it from its environment).
const password = config.require("kind") === "reference" ? { fromEnv: "BENCH_PASSWORD" } : config.requireSecret("password");
for (let i = 0; i < n; i++) {
  new Credential("cred-" + i, {
    name: pulumi.getStack() + "-" + i,
    credentialType: "password",
    credential: { username: "user-" + i + "@example.com", password },
  });
}
`;

/**
 * The checkout's own Node.js language host stand-in, rather than the copy next to the CLI in the
 * shared cache, which every checkout's setup rewrites with its own.
 */
const LANGUAGE_HOST_DIR = path.join(PROJECT_ROOT, "scripts", "pulumi-hosts");

const PULUMI_YAML = `name: bench
runtime: nodejs
main: index.js
plugins:
  languages:
    - name: nodejs
      path: ${LANGUAGE_HOST_DIR}
  providers:
    - name: pulumi-nodejs
      path: ${PLUGIN_DIR}
    - name: skyvern
      path: ${PLUGIN_DIR}
`;

export type Form = "installed" | "linked";
/**
 * skyvern: the dynamic SkyvernCredential; native: Credential through the plugin; floor: the no-op
 * dynamic resource; floor-shaped: the no-op dynamic resource declaring and storing what
 * SkyvernCredential does; reference: SkyvernCredential with the password by reference (`{ fromEnv }`);
 * native-floor: the same Credential (same program, same SDK) served by the no-op plugin
 * bench/noop-plugin.ts instead of the real one.
 */
export type Kind = "skyvern" | "native" | "floor" | "floor-shaped" | "reference" | "native-floor";

/** The kinds served by a plugin named `skyvern` (resource type skyvern:index:Credential). */
export const isNativeKind = (kind: Kind) => kind === "native" || kind === "native-floor";

/** The native floor's plugin, bundled by scripts/bundle-plugin.mjs; run in place of the installed plugin. */
export const NOOP_PLUGIN = path.join(PROJECT_ROOT, "dist", "bench", "pulumi-resource-skyvern-noop");

/** What the engine runs as each kind's provider process (its command line contains this). */
export const PROVIDER_COMMAND: Record<Kind, string> = {
  skyvern: "pulumi-resource-pulumi-nodejs", floor: "pulumi-resource-pulumi-nodejs", "floor-shaped": "pulumi-resource-pulumi-nodejs", native: "pulumi-resource-skyvern", reference: "pulumi-resource-pulumi-nodejs",
  // The no-op bundle's file name starts with this too (pulumi-resource-skyvern-noop).
  "native-floor": "pulumi-resource-skyvern",
};

/** A PULUMI_HOME private to one bench run, with the native plugin installed in it. */
export interface PluginHome {
  pulumiHome: string;
  /** The executable `pulumi plugin install` put there, which bench/bin/pulumi-resource-skyvern runs. */
  nativePlugin: string;
}

/**
 * The same-shape floor's shape.json: SkyvernCredential's declared outputs and secret outputs (from
 * the real package's own lists) and the values its provider stores for the bench's logins.
 */
export const CREDENTIAL_SHAPE = {
  declared: OUTPUT_PROPERTIES, secretOutputs: SECRET_OUTPUTS, filled: CREDENTIAL_FILLED, credentialIdLength: CREDENTIAL_ID_LENGTH,
};

/**
 * `npm pack` of this package and of the floors' (a copy of bench/noop-package with shape.json
 * written in); returns the tarball paths.
 */
export async function packTarballs(): Promise<string[]> {
  const packDir = mkdtempSync(path.join(WORK, "pack-"));
  const floors = path.join(mkdtempSync(path.join(WORK, "noop-package-")), "noop-package");
  cpSync(path.join(PROJECT_ROOT, "bench", "noop-package"), floors, { recursive: true });
  writeFileSync(path.join(floors, "shape.json"), `${JSON.stringify(CREDENTIAL_SHAPE, null, 2)}\n`);
  for (const source of [PROJECT_ROOT, floors]) {
    await run("npm", ["pack", source, "--pack-destination", packDir, "--silent"], { cwd: packDir });
  }
  return readdirSync(packDir).filter((file) => file.endsWith(".tgz")).map((file) => path.join(packDir, file));
}

/**
 * A project directory. Installed: its own node_modules from the tarballs (npm's cache first).
 * Linked: no node_modules of its own, so it resolves this repository's, where pulumi-skyvern is the
 * repository itself.
 */
export async function createProjectDir(form: Form, tarballs: string[]): Promise<string> {
  const project = CliProject.create(`bench-${form}`, PULUMI_YAML, {
    "index.js": PROGRAM,
    ...(form === "installed" ? { "package.json": JSON.stringify({ name: "bench-consumer", private: true }) } : {}),
  });
  if (form === "installed") {
    // With @pulumi/pulumi named as the README's quickstart does, at the version this repository
    // builds against, so npm never picks another for the floor's peer dependency.
    const sdk = `@pulumi/pulumi@${JSON.parse(readFileSync(path.join(PROJECT_ROOT, "node_modules", "@pulumi", "pulumi", "package.json"), "utf8")).version}`;
    await run("npm", ["install", ...tarballs, sdk, "--prefer-offline", "--no-audit", "--no-fund", "--silent"], { cwd: project.dir, maxBuffer: 64 << 20 });
  }
  return project.dir;
}

/**
 * `npx pulumi-skyvern install-plugin` in the installed project, as the README has users do, into a
 * fresh PULUMI_HOME (the plugin lands under plugins/resource-skyvern-v<version>/).
 */
export async function installNativePlugin(installedDir: string): Promise<PluginHome> {
  const pulumiHome = mkdtempSync(path.join(WORK, "pulumi-home-"));
  const env = { ...process.env, PULUMI_HOME: pulumiHome, PULUMI_SKIP_UPDATE_CHECK: "true", PATH: `${path.join(PULUMI_ROOT, "bin")}:${process.env.PATH}` };
  await run("npx", ["pulumi-skyvern", "install-plugin"], { cwd: installedDir, env });
  const { version } = JSON.parse(readFileSync(path.join(installedDir, "node_modules", "pulumi-skyvern", "package.json"), "utf8"));
  const nativePlugin = path.join(pulumiHome, "plugins", `resource-skyvern-v${version}`, "pulumi-resource-skyvern");
  if (!existsSync(nativePlugin)) throw new Error(`npx pulumi-skyvern install-plugin left no ${nativePlugin}`);
  return { pulumiHome, nativePlugin };
}

export interface StackOptions {
  dir: string;
  backendUrl: string;
  stack: string;
  kind: Kind;
  n: number;
  skyvernUrl: string;
  /** Needed for the native kinds; without it the stack uses the tests' PULUMI_HOME. */
  home?: PluginHome;
  /** More environment for every CLI command of the stack (e.g. PULUMI_DEBUG_GRPC). */
  env?: NodeJS.ProcessEnv;
}

/** One stack of a bench project, with the provider CPU file its operations are measured through. */
export class BenchStack {
  readonly cli: CliProject;
  private readonly cpuFile: string;

  private constructor(readonly options: StackOptions) {
    // bench/bin/record-cpu appends to the CPU file: its folder must exist before the first command.
    mkdirSync(WORK, { recursive: true });
    this.cpuFile = path.join(WORK, `cpu-${path.basename(options.dir)}-${options.stack}`);
    const plugin = options.kind === "native-floor" ? NOOP_PLUGIN : options.home?.nativePlugin;
    const home = options.home ? { PULUMI_HOME: options.home.pulumiHome, BENCH_NATIVE_PLUGIN: plugin } : {};
    this.cli = new CliProject(options.dir, options.backendUrl, { BENCH_PROVIDER_CPU_FILE: this.cpuFile, ...home, ...options.env });
  }

  /** `pulumi stack init` and the stack's config, except the secret `password` the caller sets. */
  static async init(options: StackOptions): Promise<BenchStack> {
    const bench = new BenchStack(options);
    await bench.cli.ok("stack", "init", options.stack);
    await bench.config("kind", options.kind);
    await bench.config("n", String(options.n));
    await bench.config("skyvern:baseUrl", options.skyvernUrl);
    await bench.config("skyvern:apiKey", process.env.SKYVERN_API_KEY!, true);
    return bench;
  }

  config(key: string, value: string, secret = false): Promise<string> {
    return this.cli.ok("config", "set", ...(secret ? ["--secret"] : []), "--stack", this.options.stack, key, value);
  }

  /** Runs `pulumi <args> --stack <stack>` and fails on a non-zero exit. */
  command(...args: string[]): Promise<string> {
    return this.cli.ok(...args, "--stack", this.options.stack);
  }

  /** Forgets provider CPU recorded so far. */
  resetCpu(): void {
    rmSync(this.cpuFile, { force: true });
  }

  /** Provider CPU recorded since the last reset. */
  providerCpu(): ProviderCpu {
    return readProviderCpu(this.cpuFile);
  }

  get cpuMarker(): string {
    return `BENCH_PROVIDER_CPU_FILE=${this.cpuFile}`;
  }

  /** The state exactly as `pulumi stack export` writes it (secrets stay encrypted). */
  async exportedState(): Promise<string> {
    const file = path.join(WORK, `export-${path.basename(this.options.dir)}-${this.options.stack}.json`);
    await this.command("stack", "export", "--file", file);
    const text = readFileSync(file, "utf8");
    rmSync(file);
    return text;
  }

  /** The checkpoint file the file backend rewrites after each step; undefined on other backends. */
  checkpointBytes(): number | undefined {
    if (!this.options.backendUrl.startsWith("file://")) return undefined;
    const file = path.join(this.options.backendUrl.slice("file://".length), ".pulumi", "stacks", "bench", `${this.options.stack}.json`);
    return readFileSync(file).length;
  }
}
