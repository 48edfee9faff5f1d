/**
 * Decides what a change of inputs means, from the plan of requests it needs (plan.ts). Everything
 * Skyvern can apply in place is an update (same credential id); a vault change, an adoption and a
 * user context Skyvern cannot clear replace. Fields the server shows are compared with what it
 * last reported, which is how out-of-band changes found by `refresh` are put back by the next `up`.
 */
import { isDeepStrictEqual } from "node:util";
import { isSecretReference } from "../../sdk/schemas";
import { hasChanges, planCredentialChanges, sameProxyLocation, wantedProxyLocation } from "./plan";

type Props = Record<string, unknown>;

export interface CredentialDiff {
  changes: boolean;
  replaces: string[];
}

export function diffCredential(olds: Props, news: Props): CredentialDiff {
  const plan = planCredentialChanges(olds, news);
  return { changes: hasChanges(plan), replaces: plan.replaces };
}

/** How one property changes: what a reviewer reads in a preview (the native provider's detailed diff). */
export interface PropertyChange {
  kind: "add" | "update" | "delete";
  replace: boolean;
}

/** Inputs that make the plan rewrite the credential data through the update endpoint. */
const REWRITE_INPUTS = ["name", "credentialType", "credential", "rotationTrigger"] as const;

/**
 * The properties behind a credential's plan, each with its kind: the same plan `diff` and
 * `update` act on, so a preview names exactly what the requests will change.
 */
export function credentialPropertyChanges(olds: Props, news: Props): Record<string, PropertyChange> {
  const plan = planCredentialChanges(olds, news);
  const changed = new Set<string>([...plan.unknowns, ...plan.replaces]);
  // With references the inputs can be identical while the value behind them changed: the fields
  // are then named one by one (`credential.password`). Without, `credential` as a whole, as the
  // engine's own diff of the inputs would show it.
  const fields = [...new Set([...plan.rewrittenFields, ...plan.restated])].filter((field) => field !== "credential");
  const byReference = fields.some((field) => isSecretReference(valueAt(olds, `credential.${field}`)) || isSecretReference(valueAt(news, `credential.${field}`)));
  const credentialPaths = byReference ? fields.map((field) => `credential.${field}`) : fields.length > 0 ? ["credential"] : [];
  if (plan.rewrite) {
    const causes = REWRITE_INPUTS.filter((key) => key !== "credential" && !isDeepStrictEqual(olds[key], news[key]));
    // Otherwise the server's view or the TOTP check differed from the declared data.
    const all = [...causes, ...credentialPaths];
    for (const key of all.length > 0 ? all : ["credential"]) changed.add(key);
  } else {
    for (const path of credentialPaths) changed.add(path);
  }
  for (const key of Object.keys(plan.patch)) {
    if (key === "rotateProxySessionId") changed.add("proxySessionRotationTrigger");
    // A rotation re-sends the location so Skyvern keeps it: only a different one is a change.
    else if (key !== "proxyLocation" || !sameProxyLocation(wantedProxyLocation(news), olds.proxyLocation)) changed.add(key);
  }
  if (plan.folder) changed.add("folderId");
  return Object.fromEntries([...changed].map((key) => [key, changeOf(valueAt(olds, key), valueAt(news, key), plan.replaces.includes(key))]));
}

/** The value at a property path such as `credential.password`. */
function valueAt(props: Props, path: string): unknown {
  return path.split(".").reduce<unknown>((node, key) => (node !== null && typeof node === "object" ? (node as Props)[key] : undefined), props);
}

/** Kind of change of one property from its old and new values. */
export function changeOf(old: unknown, next: unknown, replace = false): PropertyChange {
  const absent = (value: unknown) => value === undefined || value === null;
  const kind = absent(old) ? "add" : absent(next) ? "delete" : "update";
  return { kind, replace };
}
