/**
 * Recovery after an interrupted `pulumi up` (killed runner, lost connection). Creates that were in
 * flight stay in state as pending operations: the server may or may not hold those credentials.
 * Clearing them blindly would orphan the ones it holds (and the next `up` would duplicate them);
 * this looks each one up instead and records the outcome in state:
 *   found exactly once (same name, type and visible fields, not already managed) -> import its id
 *   not found                                                                   -> clear it
 *   found more than once                                                        -> stop, ask a human
 */
import { SkyvernClient } from "../sdk/client";
import { hasSameVisibleFields } from "../sdk/credentials";
import { credentialCreatedAtMs } from "../sdk/ids";
import type { CredentialResponse } from "../sdk/schemas";
import { toCredentialRequest } from "./inputs";

export interface PendingCreate {
  urn: string;
  inputs: Record<string, unknown>;
}

export interface RecoveryPlan {
  /** URN to credential id: creates that landed on the server. */
  imports: Record<string, string>;
  /** URNs of creates that never landed: dropped from state, created by the next `up`. */
  clears: string[];
  /** URNs with several candidates, and those candidates' ids. */
  ambiguous: Record<string, string[]>;
}

/** Pending creates of SkyvernCredential resources and the ids already managed, from `pulumi stack export --show-secrets`. */
export function readExport(exported: string): { pending: PendingCreate[]; managedIds: Set<string> } {
  const deployment = JSON.parse(exported).deployment ?? {};
  const isCredential = (type: string) => type.endsWith(":SkyvernCredential");
  const pending = (deployment.pending_operations ?? [])
    .filter((op: { type: string; resource: { type: string } }) => op.type === "creating" && isCredential(op.resource.type))
    .map((op: { resource: { urn: string; inputs: Record<string, unknown> } }) => ({ urn: op.resource.urn, inputs: revealSecrets(op.resource.inputs) as Record<string, unknown> }));
  const managedIds = new Set<string>((deployment.resources ?? []).filter((r: { type: string; id?: string }) => isCredential(r.type) && r.id).map((r: { id: string }) => r.id));
  return { pending, managedIds };
}

export async function planRecovery(client: SkyvernClient, pending: PendingCreate[], managedIds: Set<string>): Promise<RecoveryPlan> {
  const plan: RecoveryPlan = { imports: {}, clears: [], ambiguous: {} };
  const claimed = new Set(managedIds);
  for (const { urn, inputs } of pending) {
    const adopted = inputs.adoptCredentialId as string | undefined;
    if (adopted) {
      // An adopting create only rewrote an existing credential: it exists either way.
      plan.imports[urn] = adopted;
      continue;
    }
    const request = toCredentialRequest(inputs);
    const candidates: CredentialResponse[] = [];
    for await (const candidate of client.credentials.list({ search: request.name, credentialType: request.credentialType })) {
      if (!claimed.has(candidate.credentialId) && hasSameVisibleFields(candidate, request)) candidates.push(candidate);
    }
    if (candidates.length === 0) plan.clears.push(urn);
    else if (candidates.length === 1) {
      plan.imports[urn] = candidates[0].credentialId;
      claimed.add(candidates[0].credentialId);
    } else {
      plan.ambiguous[urn] = candidates.sort((a, b) => (credentialCreatedAtMs(b.credentialId) ?? 0) - (credentialCreatedAtMs(a.credentialId) ?? 0)).map((c) => c.credentialId);
    }
  }
  return plan;
}

/**
 * Applies the plan to a `pulumi stack export` (without --show-secrets, so secrets stay encrypted):
 * found creates become resources with their server id, the rest are dropped. Outputs start as the
 * inputs; the `pulumi refresh` that follows reads the real ones through the provider.
 */
export function applyPlan(exported: string, plan: RecoveryPlan): string {
  const state = JSON.parse(exported);
  const deployment = state.deployment;
  const resolved = new Set([...Object.keys(plan.imports), ...plan.clears]);
  const operations: { type: string; resource: { urn: string; inputs: Record<string, unknown> } }[] = deployment.pending_operations ?? [];
  for (const op of operations) {
    const id = plan.imports[op.resource.urn];
    if (op.type === "creating" && id) deployment.resources.push({ ...op.resource, id, outputs: { ...op.resource.inputs } });
  }
  deployment.pending_operations = operations.filter((op) => !(op.type === "creating" && resolved.has(op.resource.urn)));
  return JSON.stringify(state);
}

/** `stack export --show-secrets` writes secrets as {sig, plaintext: "<json>"}; turn them back into values. */
function revealSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(revealSecrets);
  if (value === null || typeof value !== "object") return value;
  const record = value as Record<string, unknown>;
  if ("4dabf18193072939515e22adb298388d" in record && typeof record.plaintext === "string") return revealSecrets(JSON.parse(record.plaintext));
  return Object.fromEntries(Object.entries(record).map(([key, inner]) => [key, revealSecrets(inner)]));
}
