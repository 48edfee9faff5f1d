/**
 * Recovery after an interrupted `pulumi up` (killed runner, lost connection). Creates that were in
 * flight stay in state as pending operations: the server may or may not hold those credentials and
 * folders. Clearing them blindly would orphan the ones it holds (and the next `up` would duplicate
 * them); this looks each one up instead and records the outcome in state. Every type the package
 * ships is handled: the dynamic SkyvernCredential and SkyvernCredentialFolder, the native
 * skyvern:index:Credential and skyvern:index:CredentialFolder.
 *
 * A candidate is a credential (same name, type and visible fields) or folder (same title and
 * description) that no resource of the stack manages and whose id says it was created after the
 * interrupted update started (ids carry the server's creation second; see sdk/ids.ts):
 *   exactly one candidate -> import its id
 *   none                  -> clear the pending create (the next `up` creates it)
 *   several               -> stop, ask a human
 *
 * provider/recovery/ is the recovery tool: this module plans and applies, cli.ts is the
 * `pulumi-skyvern-recover` command around it.
 */
import { SkyvernClient } from "../../sdk/client";
import { hasSameVisibleFields } from "../../sdk/credentials";
import { createdSince, skyvernIdCreatedAtMs } from "../../sdk/ids";
import { toFolderRequest } from "../folder/inputs";
import { descriptionOf } from "../folder/outputs";
import { toCredentialRequest } from "../credential/inputs";
import { STATE_TYPES } from "../native/tokens";

type Props = Record<string, unknown>;
export type RecoverableKind = keyof typeof STATE_TYPES;

/** The kind of resource a state type is, or undefined for a type this package does not ship. */
export function kindOfType(type: string): RecoverableKind | undefined {
  return (Object.keys(STATE_TYPES) as RecoverableKind[]).find((kind) => (STATE_TYPES[kind] as readonly string[]).includes(type));
}

export interface PendingCreate {
  urn: string;
  kind: RecoverableKind;
  inputs: Props;
}

/** A credential or folder on the server, with the creation time its id carries. */
export interface Candidate {
  id: string;
  createdAtMs: number;
}

export interface RecoveryPlan {
  /** The interrupted update's start: candidates created before it (less the clock tolerance) are not ours. */
  sinceMs: number;
  /** URN to the credential or folder found: creates that landed on the server. */
  imports: Record<string, Candidate>;
  /** URNs of creates that never landed: dropped from state, created by the next `up`. */
  clears: string[];
  /** URNs with several candidates, and those candidates, newest first. */
  ambiguous: Record<string, Candidate[]>;
  /** Per URN, look-alikes left out because they were created before the update started. */
  tooOld: Record<string, Candidate[]>;
}

/** Pending creates of this package's resources and the ids already managed, from `pulumi stack export --show-secrets`. */
export function readExport(exported: string): { pending: PendingCreate[]; managedIds: Set<string> } {
  const deployment = JSON.parse(exported).deployment ?? {};
  const pending: PendingCreate[] = [];
  for (const op of (deployment.pending_operations ?? []) as { type: string; resource: { type: string; urn: string; inputs: Props } }[]) {
    const kind = kindOfType(op.resource.type);
    if (op.type === "creating" && kind) pending.push({ urn: op.resource.urn, kind, inputs: revealSecrets(op.resource.inputs) as Props });
  }
  const managed = (deployment.resources ?? []) as { type: string; id?: string }[];
  const managedIds = new Set(managed.filter((r) => kindOfType(r.type) && r.id).map((r) => r.id!));
  return { pending, managedIds };
}

export async function planRecovery(client: SkyvernClient, pending: PendingCreate[], managedIds: Set<string>, sinceMs: number): Promise<RecoveryPlan> {
  const plan: RecoveryPlan = { sinceMs, imports: {}, clears: [], ambiguous: {}, tooOld: {} };
  const claimed = new Set(managedIds);
  for (const { urn, kind, inputs } of pending) {
    const adopted = inputs.adoptCredentialId as string | undefined;
    if (kind === "credential" && adopted) {
      // An adopting create only rewrote an existing credential: it exists either way.
      plan.imports[urn] = { id: adopted, createdAtMs: skyvernIdCreatedAtMs(adopted) ?? 0 };
      continue;
    }
    const lookAlikes = (await lookAlikesOf(client, kind, inputs)).filter((id) => !claimed.has(id));
    const toCandidate = (id: string): Candidate => ({ id, createdAtMs: skyvernIdCreatedAtMs(id) ?? 0 });
    const candidates = lookAlikes.filter((id) => createdSince(id, sinceMs)).map(toCandidate).sort((a, b) => b.createdAtMs - a.createdAtMs);
    const tooOld = lookAlikes.filter((id) => !createdSince(id, sinceMs)).map(toCandidate);
    if (tooOld.length) plan.tooOld[urn] = tooOld;
    if (candidates.length === 0) plan.clears.push(urn);
    else if (candidates.length === 1) {
      plan.imports[urn] = candidates[0];
      claimed.add(candidates[0].id);
    } else {
      plan.ambiguous[urn] = candidates;
    }
  }
  return plan;
}

/** Ids of what the server holds that looks like what this pending create would have made. */
async function lookAlikesOf(client: SkyvernClient, kind: RecoverableKind, inputs: Props): Promise<string[]> {
  const ids: string[] = [];
  if (kind === "credential") {
    const request = toCredentialRequest(inputs);
    for await (const candidate of client.credentials.list({ search: request.name, credentialType: request.credentialType })) {
      if (hasSameVisibleFields(candidate, request)) ids.push(candidate.credentialId);
    }
  } else {
    // Folders show all they hold: the same title, and the same description (absent and empty alike, as the provider compares them).
    const request = toFolderRequest(inputs);
    for await (const candidate of client.folders.list({ search: request.title })) {
      if (candidate.title === request.title && descriptionOf(candidate.description) === descriptionOf(request.description)) ids.push(candidate.folderId);
    }
  }
  return ids;
}

/**
 * Applies the plan to a `pulumi stack export` (without --show-secrets, so secrets stay encrypted):
 * found creates become resources with their server id, the rest are dropped. Outputs start as the
 * inputs; the `pulumi refresh` that follows reads the real ones through the provider. (`pulumi stack
 * import` would drop any pending operation left here anyway, with a warning: what matters is that
 * every create that landed is recorded first.)
 */
export function applyPlan(exported: string, plan: RecoveryPlan): string {
  const state = JSON.parse(exported);
  const deployment = state.deployment;
  const resolved = new Set([...Object.keys(plan.imports), ...plan.clears]);
  const operations: { type: string; resource: { urn: string; inputs: Props } }[] = deployment.pending_operations ?? [];
  for (const op of operations) {
    const found = plan.imports[op.resource.urn];
    if (op.type === "creating" && found) deployment.resources.push({ ...op.resource, id: found.id, outputs: { ...op.resource.inputs } });
  }
  deployment.pending_operations = operations.filter((op) => !(op.type === "creating" && resolved.has(op.resource.urn)));
  return JSON.stringify(state);
}

/** `stack export --show-secrets` writes secrets as {sig, plaintext: "<json>"}; turn them back into values. */
function revealSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(revealSecrets);
  if (value === null || typeof value !== "object") return value;
  const record = value as Props;
  if ("4dabf18193072939515e22adb298388d" in record && typeof record.plaintext === "string") return revealSecrets(JSON.parse(record.plaintext));
  return Object.fromEntries(Object.entries(record).map(([key, inner]) => [key, revealSecrets(inner)]));
}
