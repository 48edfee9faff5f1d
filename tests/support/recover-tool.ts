/**
 * Runs `pulumi-skyvern-recover` in a project as the README documents (`npx pulumi-skyvern-recover`)
 * and reads its plan back from what it prints, so a test can compare the plan with what the
 * server really holds.
 */
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import type { Fault } from "./fault-proxy";

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

export interface StagedPath {
  /** The create route, e.g. /^\/v1\/credentials$/. */
  path: RegExp;
  /** Creates let through at once: they complete and reach state before the kill. */
  recorded: number;
  /** Creates held at the proxy, then forwarded once the run is dead: they land but state never hears of them. */
  landing: number;
}

/**
 * A proxy rule that stages a killed `pulumi up`: per create route, the first creates pass, the next
 * ones wait and land after the kill, every later one waits and is dropped unsent (it never lands).
 * Killing while every open request is held leaves the CLI idle, writing no checkpoint: a SIGKILL in
 * the middle of a write can truncate the file backend's files (seen: an empty `test.json.attrs`,
 * then "failed to load checkpoint: EOF"), which no recovery tool can read.
 */
export class StagedCreates {
  readonly seen: Record<string, number>;
  /** When the last create arrived at the proxy (ms). */
  lastArrivalAt = 0;
  private readonly released: Promise<void>;
  private readonly dropped: Promise<never>;
  private release!: () => void;
  private drop!: (reason: Error) => void;

  constructor(private readonly stages: Record<string, StagedPath>) {
    this.seen = Object.fromEntries(Object.keys(stages).map((name) => [name, 0]));
    this.released = new Promise((resolve) => { this.release = resolve; });
    this.dropped = new Promise((_resolve, reject) => { this.drop = reject; });
    this.dropped.catch(() => undefined); // rejected on purpose, awaited by each dropped request
  }

  readonly rule = (request: { method: string; path: string }): Fault | undefined => {
    if (request.method !== "POST") return undefined;
    const name = Object.keys(this.stages).find((key) => this.stages[key].path.test(request.path.split("?")[0]));
    if (!name) return undefined;
    const { recorded, landing } = this.stages[name];
    const index = ++this.seen[name];
    this.lastArrivalAt = Date.now();
    if (index <= recorded) return undefined;
    return index <= recorded + landing ? { kind: "hold", until: this.released } : { kind: "hold", until: this.dropped };
  };

  /** Every stage has been reached (at least one create of each route is waiting to be dropped) and nothing arrived for `quietMs`. */
  readyToKill(quietMs: number): boolean {
    const staged = Object.entries(this.stages).every(([name, { recorded, landing }]) => this.seen[name] > recorded + landing);
    return staged && Date.now() - this.lastArrivalAt >= quietMs;
  }

  /** Once the run is dead: the landing creates go through, the rest are dropped without reaching the server. */
  afterKill(): void {
    this.release();
    this.drop(new Error("the run was killed"));
  }
}
