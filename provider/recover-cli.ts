#!/usr/bin/env node
/**
 * pulumi-skyvern-recover: after an interrupted `pulumi up`, resolve the stack's pending creates
 * against the server, record the outcome with `pulumi stack import`, and `pulumi refresh`. Run it in the project directory with
 * the same environment as `pulumi up` (backend, passphrase, Skyvern settings), then run `pulumi up`.
 *
 *   npx pulumi-skyvern-recover --stack prod [--dry-run]
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { SkyvernClient } from "../sdk/client";
import { applyPlan, planRecovery, readExport } from "./recover";

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

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const stackIndex = args.indexOf("--stack");
  const stack = stackIndex >= 0 ? args[stackIndex + 1] : pulumi(["stack", "--show-name"]).trim();
  const dryRun = args.includes("--dry-run");

  // A killed update leaves its lock behind on self-managed backends.
  if (!dryRun) pulumi(["cancel", "--yes", "--stack", stack], true);
  const { pending, managedIds } = readExport(pulumi(["stack", "export", "--show-secrets", "--stack", stack]));
  if (pending.length === 0) {
    console.log(`stack ${stack}: no pending creates; run \`pulumi refresh\` and \`pulumi up\` as usual.`);
    return;
  }
  const client = new SkyvernClient({ apiKey: configValue(stack, "skyvern:apiKey"), baseUrl: configValue(stack, "skyvern:baseUrl") });
  const plan = await planRecovery(client, pending, managedIds);
  client.close();
  for (const [urn, id] of Object.entries(plan.imports)) console.log(`found on the server: ${urn} -> ${id} (will record in state)`);
  for (const urn of plan.clears) console.log(`never created: ${urn} (will clear; the next up creates it)`);
  const ambiguous = Object.entries(plan.ambiguous);
  if (ambiguous.length) {
    for (const [urn, ids] of ambiguous) console.error(`several candidates for ${urn}: ${ids.join(", ")}`);
    console.error("Delete the extra credentials (keep one per resource), then run this again. Nothing was changed.");
    process.exit(2);
  }
  if (dryRun) return;
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
