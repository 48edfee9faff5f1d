/**
 * Drives the real Pulumi engine (the CLI built by scripts/build-pulumi.sh) through the Automation
 * API with inline programs, on a local file backend private to each test stack. Every line the CLI
 * prints is kept so tests can scan it for secrets.
 */
import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync } from "node:fs";
import { homedir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { LocalWorkspace, PulumiCommand, type PulumiFn, type Stack } from "@pulumi/pulumi/automation";
import "./inline-runs";
import { ARTIFACTS_DIR } from "./paths";

const execFileAsync = promisify(execFile);
const PULUMI_VERSION = process.env.PULUMI_VERSION ?? "v3.259.0";
export const CACHE = process.env.PULUMI_SKYVERN_CACHE ?? path.join(homedir(), ".cache", "pulumi-skyvern");
export const PULUMI_ROOT = path.join(CACHE, `pulumi-${PULUMI_VERSION}`);
export const PASSPHRASE = "test-passphrase";

let command: Promise<PulumiCommand> | undefined;
export function pulumiCommand(): Promise<PulumiCommand> {
  command ??= PulumiCommand.get({ root: PULUMI_ROOT });
  return command;
}

/**
 * What every test and bench run gives the CLI: the built pulumi and plugins first on PATH, its own
 * state backend, a passphrase, and no update checks or plugin downloads (there is no network).
 */
export function pulumiEnv(backendUrl: string): Record<string, string> {
  return {
    PULUMI_BACKEND_URL: backendUrl,
    PULUMI_CONFIG_PASSPHRASE: PASSPHRASE,
    PULUMI_SKIP_UPDATE_CHECK: "true",
    PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
    PULUMI_HOME: path.join(CACHE, "pulumi-home"),
    PATH: `${path.join(PULUMI_ROOT, "bin")}:${process.env.PATH}`,
  };
}

export interface StackOptions {
  projectName: string;
  program: PulumiFn;
  stackName?: string;
  /** Plain config values; `skyvern:baseUrl` and the secret `skyvern:apiKey` are set from the environment unless given. */
  config?: Record<string, string>;
  secretConfig?: Record<string, string>;
  /** Defaults to a fresh directory; pass one to share a backend between stacks. */
  backendDir?: string;
}

export class TestStack {
  /** Everything the CLI printed, across all operations. */
  readonly transcript: string[] = [];

  constructor(readonly stack: Stack, readonly workDir: string, readonly backendDir: string, readonly env: Record<string, string>, private readonly programRuns: { count: number }) {}

  private record = (text: string) => { this.transcript.push(text); };

  up() { return this.runningProgram(() => this.stack.up({ onOutput: this.record, onError: this.record, diff: true, color: "never" })); }
  preview() { return this.runningProgram(() => this.stack.preview({ onOutput: this.record, onError: this.record, diff: true, color: "never" })); }

  /**
   * An up or preview that succeeded without running the program would report the stack's resources
   * as removed: fail loudly instead (the failure inline-runs.ts prevents).
   */
  private async runningProgram<T>(operation: () => Promise<T>): Promise<T> {
    const before = this.programRuns.count;
    const result = await operation();
    if (this.programRuns.count === before) throw new Error("the operation succeeded but the inline program never ran (see tests/support/inline-runs.ts)");
    return result;
  }
  refresh() { return this.stack.refresh({ onOutput: this.record, onError: this.record, color: "never" }); }
  destroy() { return this.stack.destroy({ onOutput: this.record, onError: this.record, color: "never" }); }

  /** The stack's state as the CLI exports it without --show-secrets (exportStack() decrypts). */
  async exportedState(): Promise<string> {
    return this.cli("stack", "export", "--stack", this.stack.name);
  }

  /** Runs the CLI in the stack's directory; its output joins the transcript. */
  async cli(...args: string[]): Promise<string> {
    const cmd = await pulumiCommand();
    const { stdout, stderr } = await execFileAsync(cmd.command, args, { cwd: this.workDir, env: { ...process.env, ...this.env }, maxBuffer: 64 << 20 });
    this.transcript.push(stdout, stderr);
    return stdout;
  }

  /** The raw state file in the backend. */
  stateFile(): string {
    const project = path.basename(this.workDir).split("--")[0];
    return readFileSync(path.join(this.backendDir, ".pulumi", "stacks", project, `${this.stack.name}.json`), "utf8");
  }

  /** The credential resources in state, with decrypted outputs (for assertions, never printed). */
  async credentialResources(): Promise<{ urn: string; id: string; outputs: Record<string, unknown>; inputs: Record<string, unknown> }[]> {
    const deployment = await this.stack.exportStack();
    return (deployment.deployment.resources ?? []).filter((r: { type: string }) => r.type.endsWith(":SkyvernCredential"));
  }

  all(): Record<string, string> {
    return { transcript: this.transcript.join("\n") };
  }
}

/** The program with a count of the times it started, for TestStack's check that it ran. */
export function countedProgram(program: PulumiFn): { program: PulumiFn; programRuns: { count: number } } {
  const programRuns = { count: 0 };
  return { program: async () => { programRuns.count++; return program(); }, programRuns };
}

export async function createTestStack(options: StackOptions): Promise<TestStack> {
  const stackName = options.stackName ?? "test";
  const backendDir = options.backendDir ?? mkdtempSync(path.join(ARTIFACTS_DIR, "backend-"));
  mkdirSync(backendDir, { recursive: true });
  const workDir = mkdtempSync(path.join(ARTIFACTS_DIR, `${options.projectName}--`));
  const env = pulumiEnv(`file://${backendDir}`);
  const { program, programRuns } = countedProgram(options.program);
  const stack = await LocalWorkspace.createOrSelectStack(
    { stackName, projectName: options.projectName, program },
    { workDir, pulumiCommand: await pulumiCommand(), envVars: env, projectSettings: { name: options.projectName, runtime: "nodejs" } },
  );
  const config: Record<string, { value: string; secret?: boolean }> = {
    "skyvern:baseUrl": { value: requiredEnv("SKYVERN_BASE_URL") },
    "skyvern:apiKey": { value: requiredEnv("SKYVERN_API_KEY"), secret: true },
  };
  for (const [key, value] of Object.entries(options.config ?? {})) config[key] = { value };
  for (const [key, value] of Object.entries(options.secretConfig ?? {})) config[key] = { value, secret: true };
  await stack.setAllConfig(config);
  return new TestStack(stack, workDir, backendDir, env, programRuns);
}

function requiredEnv(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: the mocha global setup starts a local Skyvern and sets it`);
  return value;
}
