/**
 * A Pulumi project directory driven with the plain `pulumi` CLI, as a user or CI pipeline would:
 * `pulumi config set`, `pulumi preview`, `pulumi up`. Everything printed is kept for secret scans.
 */
import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { PULUMI_ROOT, pulumiEnv } from "./engine";
import { ARTIFACTS_DIR } from "./paths";

const execFileAsync = promisify(execFile);

export interface CliResult {
  code: number;
  output: string;
}

export class CliProject {
  readonly transcript: string[] = [];
  readonly env: NodeJS.ProcessEnv;

  constructor(readonly dir: string, backendUrl: string, extraEnv: NodeJS.ProcessEnv = {}) {
    this.env = { ...process.env, ...pulumiEnv(backendUrl), ...extraEnv };
  }

  /** A fresh directory with the given Pulumi.yaml and files, on a fresh file backend unless one is given. */
  static create(name: string, pulumiYaml: string, files: Record<string, string> = {}, backendUrl?: string, extraEnv?: NodeJS.ProcessEnv): CliProject {
    const dir = mkdtempSync(path.join(ARTIFACTS_DIR, `${name}--`));
    writeFileSync(path.join(dir, "Pulumi.yaml"), pulumiYaml);
    for (const [file, text] of Object.entries(files)) {
      mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
      writeFileSync(path.join(dir, file), text);
    }
    const backend = backendUrl ?? `file://${mkdtempSync(path.join(ARTIFACTS_DIR, "backend-"))}`;
    return new CliProject(dir, backend, extraEnv);
  }

  /** Runs `pulumi <args>`; resolves with the exit code instead of throwing. */
  async run(...args: string[]): Promise<CliResult> {
    try {
      const { stdout, stderr } = await execFileAsync(path.join(PULUMI_ROOT, "bin", "pulumi"), [...args, "--non-interactive", "--color", "never"], { cwd: this.dir, env: this.env, maxBuffer: 64 << 20 });
      this.transcript.push(stdout, stderr);
      return { code: 0, output: `${stdout}${stderr}` };
    } catch (error) {
      const failure = error as { code?: number; stdout?: string; stderr?: string };
      this.transcript.push(failure.stdout ?? "", failure.stderr ?? "");
      return { code: typeof failure.code === "number" ? failure.code : 1, output: `${failure.stdout ?? ""}${failure.stderr ?? ""}` };
    }
  }

  /** Like run, but a non-zero exit fails with the output. */
  async ok(...args: string[]): Promise<string> {
    const result = await this.run(...args);
    if (result.code !== 0) throw new Error(`pulumi ${args.join(" ")} exited ${result.code}:\n${result.output}`);
    return result.output;
  }

  read(file: string): string {
    return readFileSync(path.join(this.dir, file), "utf8");
  }

  write(file: string, text: string): void {
    writeFileSync(path.join(this.dir, file), text);
  }
}
