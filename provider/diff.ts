/**
 * Decides what a change of inputs means, from the plan of requests it needs (plan.ts). Everything
 * Skyvern can apply in place is an update (same credential id); a vault change, an adoption and a
 * user context Skyvern cannot clear replace. Fields the server shows are compared with what it
 * last reported, which is how out-of-band changes found by `refresh` are put back by the next `up`.
 */
import { hasChanges, planCredentialChanges } from "./plan";

export interface CredentialDiff {
  changes: boolean;
  replaces: string[];
}

export function diffCredential(olds: Record<string, unknown>, news: Record<string, unknown>): CredentialDiff {
  const plan = planCredentialChanges(olds, news);
  return { changes: hasChanges(plan), replaces: plan.replaces };
}
