/**
 * The bench's Pulumi projects, as users have them: a fresh directory with `main: index.js` and the
 * packages installed from tarballs made by `npm pack` (pulumi-skyvern and the floor's
 * bench-noop-provider), driven by the plain CLI. A "linked" project resolves pulumi-skyvern through
 * this repository's self-link instead (how `npm link` and workspaces see it), as an extra row.
 */
import { execFile } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { CliProject } from "../tests/support/cli-project";
import { readProviderCpu, type ProviderCpu } from "./provider-cpu";

const run = promisify(execFile);

export const PROJECT_ROOT = path.resolve(__dirname, "..", "..");
export const WORK = path.join(PROJECT_ROOT, ".test-artifacts", "bench");
/** Holds the bench-only provider host wrapper that records the provider process's CPU time. */
const PLUGIN_DIR = path.join(PROJECT_ROOT, "bench", "bin");

/** Plain JavaScript, so it runs under any language host; config picks the resource and the size. */
const PROGRAM = `const pulumi = require("@pulumi/pulumi");
const config = new pulumi.Config();
const n = config.requireNumber("n");
const Credential = config.require("kind") === "floor"
  ? require("bench-noop-provider").NoopCredential
  : require("pulumi-skyvern").SkyvernCredential;
const password = config.requireSecret("password");
for (let i = 0; i < n; i++) {
  new Credential("cred-" + i, {
    name: pulumi.getStack() + "-" + i,
    credentialType: "password",
    credential: { username: "user-" + i + "@example.com", password },
  });
}
`;

const PULUMI_YAML = `name: bench
runtime: nodejs
main: index.js
plugins:
  providers:
    - name: pulumi-nodejs
      path: ${PLUGIN_DIR}
`;

export type Form = "installed" | "linked";

/** `npm pack` of this package and of the floor's; returns the tarball paths. */
export async function packTarballs(): Promise<string[]> {
  const packDir = mkdtempSync(path.join(WORK, "pack-"));
  for (const source of [PROJECT_ROOT, path.join(PROJECT_ROOT, "bench", "noop-package")]) {
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

export interface StackOptions {
  dir: string;
  backendUrl: string;
  stack: string;
  kind: "skyvern" | "floor";
  n: number;
  skyvernUrl: string;
}

/** One stack of a bench project, with the provider CPU file its operations are measured through. */
export class BenchStack {
  readonly cli: CliProject;
  private readonly cpuFile: string;

  private constructor(readonly options: StackOptions) {
    this.cpuFile = path.join(WORK, `cpu-${path.basename(options.dir)}-${options.stack}`);
    this.cli = new CliProject(options.dir, options.backendUrl, { BENCH_PROVIDER_CPU_FILE: this.cpuFile });
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

  /** The state as `pulumi stack export` prints it (secrets stay encrypted). */
  async exportedState(): Promise<string> {
    return this.command("stack", "export");
  }

  /** The checkpoint file the file backend rewrites after each step; undefined on other backends. */
  checkpointBytes(): number | undefined {
    if (!this.options.backendUrl.startsWith("file://")) return undefined;
    const file = path.join(this.options.backendUrl.slice("file://".length), ".pulumi", "stacks", "bench", `${this.options.stack}.json`);
    return readFileSync(file).length;
  }
}
