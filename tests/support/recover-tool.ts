/**
 * Runs `pulumi-skyvern-recover` in a project as the README documents (`npx pulumi-skyvern-recover`)
 * and reads its plan back from what it prints, so a test can compare the plan with what the
 * server really holds.
 */
import { execFile } from "node:child_process";
import { promisify } from "node:util";

const run = promisify(execFile);

export interface RecoverRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** `npx pulumi-skyvern-recover <args>` in the project directory; resolves with the exit code. */
export function runRecoverTool(project: { dir: string; env: NodeJS.ProcessEnv }, ...args: string[]): Promise<RecoverRun> {
  // `--no --`: use the installed bin, never fetch a package of that name from the registry; the `--`
  // keeps npm from reading the tool's flags as its own (measured: `npx --no tool --dry-run` drops them).
  return run("npx", ["--no", "--", "pulumi-skyvern-recover", ...args], { cwd: project.dir, env: project.env }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, stdout: error.stdout, stderr: error.stderr }),
  );
}

export interface PrintedPlan {
  /** When the tool says the interrupted update started (ms), and where it read that. */
  startedAtMs: number;
  startSource: string;
  /** URN to [id, printed creation time in ms]. */
  imports: Record<string, { id: string; createdAtMs: number }>;
  clears: string[];
  /** URNs whose look-alikes were left out as older than the update. */
  tooOld: string[];
}

export function printedPlan(stdout: string): PrintedPlan {
  const header = /the interrupted update started at (\S+) \(from (.+)\)\.$/m.exec(stdout);
  if (!header) throw new Error(`no start time in the plan:\n${stdout}`);
  const imports = Object.fromEntries(
    [...stdout.matchAll(/^found on the server: (\S+) -> (\S+) \(created (\S+); will record in state\)$/gm)].map(([, urn, id, at]) => [urn, { id, createdAtMs: Date.parse(at) }]),
  );
  return {
    startedAtMs: Date.parse(header[1]),
    startSource: header[2],
    imports,
    clears: [...stdout.matchAll(/^never created: (\S+) \(will clear; the next up creates it\)$/gm)].map(([, urn]) => urn),
    tooOld: [...stdout.matchAll(/^not counted for (\S+): /gm)].map(([, urn]) => urn),
  };
}
