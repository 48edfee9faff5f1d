/**
 * Which fields of the credential data (the `credential` input) differ between what state holds and
 * what is declared now, telling apart a change Skyvern must be sent (`written`) from a change of how
 * the same secret is declared (`restated`: a value became a reference, a reference another one
 * pointing at the same value), which only state records: 0 requests.
 *
 * A secret stored as a value is compared as a value; one stored by reference, through its
 * fingerprint (fingerprints.ts). The declared side is resolved (secret-references.ts) first.
 */
import { isDeepStrictEqual } from "node:util";
import { isSecretReference, SECRET_CREDENTIAL_FIELDS } from "../../sdk/schemas";
import { containsUnknown } from "../shared/check-inputs";
import { matchesFingerprint, storedFingerprints } from "./fingerprints";

type Props = Record<string, unknown>;

export interface CredentialDataChanges {
  written: string[];
  restated: string[];
}

const isAbsent = (value: unknown) => value === undefined || value === null;

/**
 * `olds` are the stored outputs (their `credential` as declared last time, `secretFingerprints`,
 * `credentialId`); `declared` the new `credential` input and `resolved` the same with references
 * replaced by values.
 */
export function credentialDataChanges(olds: Props, declared: unknown, resolved: unknown): CredentialDataChanges {
  const changes: CredentialDataChanges = { written: [], restated: [] };
  const before = (olds.credential ?? {}) as Props;
  if (!isPlainObject(declared)) return { written: ["credential"], restated: [] };
  const now = declared as Props;
  const values = (resolved ?? {}) as Props;
  const fingerprints = storedFingerprints(olds);
  for (const field of new Set([...Object.keys(before), ...Object.keys(now)])) {
    if (isDeepStrictEqual(before[field], now[field]) && !isSecretReference(now[field])) continue;
    if (containsUnknown(now[field]) || containsUnknown(values[field])) {
      changes.written.push(field);
      continue;
    }
    if (!SECRET_CREDENTIAL_FIELDS.includes(field)) {
      if (!isDeepStrictEqual(before[field], now[field])) changes.written.push(field);
      continue;
    }
    if (isAbsent(before[field]) || isAbsent(now[field])) {
      if (!(isAbsent(before[field]) && isAbsent(now[field]))) changes.written.push(field);
      continue;
    }
    const value = String(values[field]);
    const sameValue = isSecretReference(before[field])
      ? matchesFingerprint(fingerprints, olds.credentialId, field, value)
      : before[field] === value;
    if (!sameValue) changes.written.push(field);
    else if (!isDeepStrictEqual(before[field], now[field])) changes.restated.push(field);
  }
  return changes;
}

function isPlainObject(value: unknown): boolean {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}
