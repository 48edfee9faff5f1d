/**
 * Decides what a change of inputs means. Everything the update endpoint can apply is an in-place
 * update (same credential id); only the vault is fixed for a credential's lifetime, so changing
 * it replaces. Fields the server shows are compared with what it last reported, which is how
 * out-of-band changes found by `refresh` are put back by the next `up`.
 */
import { isDeepStrictEqual } from "node:util";
import { containsUnknown } from "./inputs";
import { REPORTED_CREDENTIAL_FIELDS, reportedValue } from "./outputs";

export interface CredentialDiff {
  changes: boolean;
  replaces: string[];
}

type Props = Record<string, unknown>;

export function diffCredential(olds: Props, news: Props): CredentialDiff {
  const changed = new Set<string>();
  const replaces: string[] = [];

  for (const key of ["name", "credentialType", "rotationTrigger"]) {
    if (!isDeepStrictEqual(news[key], olds[key])) changed.add(key);
  }
  // Server-chosen when not set by the user: only a value the user sets can differ.
  if (news.proxySessionId !== undefined && news.proxySessionId !== olds.proxySessionId) changed.add("proxySessionId");
  if (!sameProxyLocation(news.proxyLocation, olds.proxyLocation)) changed.add("proxyLocation");
  if (!isDeepStrictEqual(news.credential, olds.credential) || !matchesServerView(news, olds)) changed.add("credential");

  if (news.vaultType !== undefined && news.vaultType !== olds.vaultType) {
    changed.add("vaultType");
    if (!containsUnknown(news.vaultType)) replaces.push("vaultType");
  }
  if (news.adoptCredentialId !== undefined && news.adoptCredentialId !== olds.adoptCredentialId) {
    changed.add("adoptCredentialId");
    replaces.push("adoptCredentialId");
  }
  return { changes: changed.size > 0, replaces };
}

/** Compares the non-secret credential fields with the server's last report of them. */
function matchesServerView(news: Props, olds: Props): boolean {
  const credential = (news.credential ?? {}) as Props;
  if (containsUnknown(credential)) return false;
  const reportedFieldsMatch = (REPORTED_CREDENTIAL_FIELDS[String(news.credentialType)] ?? [])
    .every(([output, field]) => reportedValue(credential[field]) === reportedValue(olds[output]));
  if (news.credentialType !== "credit_card") return reportedFieldsMatch;
  return reportedFieldsMatch && olds.lastFour === String(credential.cardNumber ?? "").replace(/[\s-]/g, "").slice(-4);
}

/** The server echoes a geo target with extra keys (`city: null`, `isISP`): compare what the user sets. */
function sameProxyLocation(wanted: unknown, reported: unknown): boolean {
  if (wanted === undefined || wanted === null) return reported === undefined || reported === null;
  if (typeof wanted !== "object" || reported === null || typeof reported !== "object") return wanted === reported;
  return Object.entries(wanted as Props).every(([key, value]) => ((reported as Props)[key] ?? null) === (value ?? null));
}
