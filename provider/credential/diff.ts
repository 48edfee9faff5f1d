/**
 * Decides what a change of inputs means, from the plan of requests it needs (plan.ts). Everything
 * Skyvern can apply in place is an update (same credential id); a vault change, an adoption and a
 * user context Skyvern cannot clear replace. Fields the server shows are compared with what it
 * last reported, which is how out-of-band changes found by `refresh` are put back by the next `up`.
 */
import { isDeepStrictEqual } from "node:util";
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
  if (plan.rewrite) {
    const causes = REWRITE_INPUTS.filter((key) => !isDeepStrictEqual(olds[key], news[key]));
    // Otherwise the server's view or the TOTP check differed from the declared data.
    for (const key of causes.length > 0 ? causes : ["credential"]) changed.add(key);
  }
  for (const key of Object.keys(plan.patch)) {
    if (key === "rotateProxySessionId") changed.add("proxySessionRotationTrigger");
    // A rotation re-sends the location so Skyvern keeps it: only a different one is a change.
    else if (key !== "proxyLocation" || !sameProxyLocation(wantedProxyLocation(news), olds.proxyLocation)) changed.add(key);
  }
  if (plan.folder) changed.add("folderId");
  return Object.fromEntries([...changed].map((key) => [key, changeOf(olds[key], news[key], plan.replaces.includes(key))]));
}

/** Kind of change of one property from its old and new values. */
export function changeOf(old: unknown, next: unknown, replace = false): PropertyChange {
  const absent = (value: unknown) => value === undefined || value === null;
  const kind = absent(old) ? "add" : absent(next) ? "delete" : "update";
  return { kind, replace };
}
