#!/usr/bin/env node
/**
 * pulumi-skyvern-recover: after an interrupted `pulumi up`, resolve the stack's pending creates
 * (credentials and folders, dynamic or native) against the server, record the outcome with
 * `pulumi stack import`, and `pulumi refresh`. Run it in the project directory with the same
 * environment as `pulumi up` (backend, passphrase, Skyvern settings), then run `pulumi up`.
 * It changes nothing (not even the dead run's lock) until it has a plan it will carry out: with
 * `--dry-run`, or when a pending create matches several credentials, it only prints.
 *
 * Only what was created after the interrupted update started can be that update's: the start is
 * read from `pulumi stack history` (an update still "in-progress", as Pulumi Cloud records it) or
 * from the dead run's lock (file backends); `--since <ISO time>` gives it when neither can.
 *
 *   npx pulumi-skyvern-recover --stack prod [--dry-run] [--since 2026-01-31T12:00:00Z]
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { homedir, tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { SkyvernClient } from "../../sdk/client";
import { ID_CLOCK_TOLERANCE_MS } from "../../sdk/ids";
import { applyPlan, planRecovery, readExport, type Candidate, type PendingCreate, type RecoveryPlan } from "./recover";

function pulumi(args: string[], inherit = false): string {
  return execFileSync("pulumi", [...args, "--non-interactive"], { encoding: "utf8", stdio: inherit ? "inherit" : ["ignore", "pipe", "inherit"], maxBuffer: 256 << 20 }) ?? "";
}

function configValue(stack: string, key: string): string | undefined {
  try {
    return pulumi(["config", "get", key, "--stack", stack]).trim() || undefined;
  } catch {
    return undefined;
  }
}

/** When the interrupted update started, and where that was read. */
interface UpdateStart {
  ms: number;
  source: string;
}

/**
 * The interrupted update's start. Pulumi Cloud lists it in the history as "in-progress" from the
 * moment it starts; a file backend writes history only when an update ends, but the dead run's
 * lock file holds the time it was taken, just before the update began.
 */
function interruptedUpdateStart(stack: string, since: string | undefined): UpdateStart {
  if (since !== undefined) {
    const ms = Date.parse(since);
    if (Number.isNaN(ms)) throw new Error(`--since: "${since}" is not a date and time (use ISO 8601, e.g. 2026-01-31T12:00:00Z)`);
    return { ms, source: "--since" };
  }
  const history = JSON.parse(pulumi(["stack", "history", "--json", "--stack", stack]) || "[]") as { result?: string; startTime?: string }[];
  const running = history.find((update) => update.result === "in-progress" && update.startTime);
  if (running) return { ms: Date.parse(running.startTime!), source: "stack history (update in progress)" };
  const locks = fileBackendLocks(stack);
  if (locks.length === 1) return { ms: locks[0], source: "the interrupted run's lock" };
  throw new Error(
    `cannot tell when the interrupted update of stack ${stack} started (${locks.length > 1 ? `${locks.length} locks` : "no update in progress in the history and no lock file readable"}). ` +
      "Pass --since <ISO time> with the time it began (`pulumi preview` prints when the lock was taken); nothing was changed",
  );
}

/** Creation times of the stack's lock files, when the backend is a local directory (`file://`). */
function fileBackendLocks(stack: string): number[] {
  const url = (JSON.parse(pulumi(["whoami", "--json"])) as { url?: string }).url ?? "";
  if (!url.startsWith("file://")) return [];
  const root = url.startsWith("file://~") ? path.join(homedir(), url.slice("file://~".length).split("?")[0]) : fileURLToPath(url.split("?")[0]);
  const qualifiedName = pulumi(["stack", "--show-name", "--fully-qualify-stack-names", "--stack", stack]).trim();
  const dir = path.join(root, ".pulumi", "locks", ...qualifiedName.split("/"));
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((file) => file.endsWith(".json"))
    .map((file) => Date.parse((JSON.parse(readFileSync(path.join(dir, file), "utf8")) as { timestamp: string }).timestamp));
}

/** Looks the pending creates up with the stack's Skyvern settings, as the provider would have them. */
async function lookUp(stack: string, pending: PendingCreate[], managedIds: Set<string>, sinceMs: number): Promise<RecoveryPlan> {
  const client = new SkyvernClient({ apiKey: configValue(stack, "skyvern:apiKey"), baseUrl: configValue(stack, "skyvern:baseUrl") });
  try {
    return await planRecovery(client, pending, managedIds, sinceMs);
  } finally {
    client.close();
  }
}

const timeOf = (ms: number) => new Date(ms).toISOString().replace(".000Z", "Z");
const described = (candidates: Candidate[]) => candidates.map((c) => `${c.id} (created ${timeOf(c.createdAtMs)})`).join(", ");

function printPlan(stack: string, pending: PendingCreate[], plan: RecoveryPlan, start: UpdateStart): void {
  console.log(`stack ${stack}: ${pending.length} pending creates; the interrupted update started at ${timeOf(start.ms)} (from ${start.source}).`);
  console.log(`Only a credential or folder created since ${timeOf(plan.sinceMs - ID_CLOCK_TOLERANCE_MS)} (that start less ${ID_CLOCK_TOLERANCE_MS / 1000} s for clock skew) and not in state can be one of them.`);
  for (const [urn, found] of Object.entries(plan.imports)) console.log(`found on the server: ${urn} -> ${found.id} (created ${timeOf(found.createdAtMs)}; will record in state)`);
  for (const urn of plan.clears) console.log(`never created: ${urn} (will clear; the next up creates it)`);
  for (const [urn, old] of Object.entries(plan.tooOld)) console.log(`not counted for ${urn}: ${described(old)}, older than the update`);
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const valueOf = (flag: string) => (args.includes(flag) ? args[args.indexOf(flag) + 1] : undefined);
  const stack = valueOf("--stack") ?? pulumi(["stack", "--show-name"]).trim();
  const dryRun = args.includes("--dry-run");

  // Decide first, change nothing until the plan is one this tool will carry out.
  const { pending, managedIds } = readExport(pulumi(["stack", "export", "--show-secrets", "--stack", stack]));
  if (pending.length === 0) console.log(`stack ${stack}: no pending creates.`);
  else {
    const start = interruptedUpdateStart(stack, valueOf("--since"));
    const plan = await lookUp(stack, pending, managedIds, start.ms);
    printPlan(stack, pending, plan, start);
    const ambiguous = Object.entries(plan.ambiguous);
    if (ambiguous.length) {
      for (const [urn, candidates] of ambiguous) console.error(`several candidates for ${urn}: ${described(candidates)}`);
      console.error("Delete the extra credentials or folders (keep one per resource), then run this again. Nothing was changed.");
      process.exit(2);
    }
    if (!dryRun) await carryOut(stack, plan);
  }
  if (dryRun) {
    console.log(`dry run: nothing was changed (stack ${stack} keeps its lock and pending creates).`);
    return;
  }
  if (pending.length === 0) {
    // A killed update leaves its lock behind on self-managed backends.
    pulumi(["cancel", "--yes", "--stack", stack], true);
    console.log("Run `pulumi refresh` and `pulumi up` as usual.");
  }
}

async function carryOut(stack: string, plan: RecoveryPlan): Promise<void> {
  // A killed update leaves its lock behind on self-managed backends.
  pulumi(["cancel", "--yes", "--stack", stack], true);
  const scratch = mkdtempSync(path.join(tmpdir(), "pulumi-skyvern-recover-"));
  try {
    const file = path.join(scratch, "state.json");
    writeFileSync(file, applyPlan(pulumi(["stack", "export", "--stack", stack]), plan), { mode: 0o600 });
    pulumi(["stack", "import", "--file", file, "--stack", stack], true);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  pulumi(["refresh", "--yes", "--stack", stack], true);
  console.log(`stack ${stack} recovered: run \`pulumi up\` to finish the interrupted update.`);
}

main().catch((error) => {
  console.error(`pulumi-skyvern-recover: ${(error as Error).message}`);
  process.exit(1);
});
