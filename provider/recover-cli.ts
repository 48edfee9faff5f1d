#!/usr/bin/env node
/**
 * pulumi-skyvern-recover: after an interrupted `pulumi up`, resolve the stack's pending creates
 * against the server, record the outcome with `pulumi stack import`, and `pulumi refresh`. Run it in the project directory with
 * the same environment as `pulumi up` (backend, passphrase, Skyvern settings), then run `pulumi up`.
 * It changes nothing (not even the dead run's lock) until it has a plan it will carry out: with
 * `--dry-run`, or when a pending create matches several credentials, it only prints.
 *
 *   npx pulumi-skyvern-recover --stack prod [--dry-run]
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { SkyvernClient } from "../sdk/client";
import { applyPlan, planRecovery, readExport, type PendingCreate, type RecoveryPlan } from "./recover";

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

/** Looks the pending creates up with the stack's Skyvern settings, as the provider would have them. */
async function lookUp(stack: string, pending: PendingCreate[], managedIds: Set<string>): Promise<RecoveryPlan> {
  if (pending.length === 0) return { imports: {}, clears: [], ambiguous: {} };
  const client = new SkyvernClient({ apiKey: configValue(stack, "skyvern:apiKey"), baseUrl: configValue(stack, "skyvern:baseUrl") });
  try {
    return await planRecovery(client, pending, managedIds);
  } finally {
    client.close();
  }
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const stackIndex = args.indexOf("--stack");
  const stack = stackIndex >= 0 ? args[stackIndex + 1] : pulumi(["stack", "--show-name"]).trim();
  const dryRun = args.includes("--dry-run");

  // Decide first, change nothing until the plan is one this tool will carry out.
  const { pending, managedIds } = readExport(pulumi(["stack", "export", "--show-secrets", "--stack", stack]));
  const plan = await lookUp(stack, pending, managedIds);
  if (pending.length === 0) console.log(`stack ${stack}: no pending creates.`);
  for (const [urn, id] of Object.entries(plan.imports)) console.log(`found on the server: ${urn} -> ${id} (will record in state)`);
  for (const urn of plan.clears) console.log(`never created: ${urn} (will clear; the next up creates it)`);
  const ambiguous = Object.entries(plan.ambiguous);
  if (ambiguous.length) {
    for (const [urn, ids] of ambiguous) console.error(`several candidates for ${urn}: ${ids.join(", ")}`);
    console.error("Delete the extra credentials (keep one per resource), then run this again. Nothing was changed.");
    process.exit(2);
  }
  if (dryRun) {
    console.log(`dry run: nothing was changed (stack ${stack} keeps its lock and pending creates).`);
    return;
  }
  // A killed update leaves its lock behind on self-managed backends.
  pulumi(["cancel", "--yes", "--stack", stack], true);
  if (pending.length === 0) {
    console.log("Run `pulumi refresh` and `pulumi up` as usual.");
    return;
  }
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
