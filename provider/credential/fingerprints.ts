/**
 * Fingerprints of referenced secrets: what state keeps instead of a value declared by reference,
 * so a change of the value (a rotated environment variable, a new file) is still found by `diff`.
 *
 * fingerprint = HMAC-SHA256(key, field NUL value), key = HMAC-SHA256(salt, label NUL credential id),
 * where the salt is 32 random bytes made for the credential the first time one of its fields is
 * declared by reference. Salt and fingerprints are one output, `secretFingerprints`, always a
 * Pulumi secret: encrypted by the stack's secrets provider. Why this key material (docs/secret-references.md):
 * - not the API key: rotating it would make every credential look changed;
 * - not only what state holds in plaintext (ids, names): whoever read the state file could then
 *   test guesses offline; the salt is readable only with the stack's secrets provider;
 * - the credential id binds a fingerprint to its credential, and the field name to its field, so
 *   equal secrets in two places have unrelated fingerprints.
 */
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { z } from "zod";

const KEY_LABEL = "pulumi-skyvern secret fingerprint v1";

export const secretFingerprintsSchema = z.object({
  salt: z.string().describe("32 random bytes (base64) made for this credential; with its id, the key of the fingerprints."),
  fields: z.record(z.string(), z.string()).describe("Per field declared by reference: HMAC-SHA256 of its value (hex)."),
});
export type SecretFingerprints = z.infer<typeof secretFingerprintsSchema>;

export function newSalt(): string {
  return randomBytes(32).toString("base64");
}

export function fingerprintOf(salt: string, credentialId: string, field: string, value: string): string {
  const key = createHmac("sha256", Buffer.from(salt, "base64")).update(`${KEY_LABEL}\0${credentialId}`).digest();
  return createHmac("sha256", key).update(`${field}\0${value}`).digest("hex");
}

/** Whether a value matches a stored fingerprint (constant time: the comparison leaks nothing of it). */
export function matchesFingerprint(stored: SecretFingerprints | undefined, credentialId: unknown, field: string, value: string): boolean {
  const expected = stored?.fields[field];
  if (!stored || !expected || typeof credentialId !== "string") return false;
  const actual = Buffer.from(fingerprintOf(stored.salt, credentialId, field, value), "hex");
  const wanted = Buffer.from(expected, "hex");
  return actual.length === wanted.length && timingSafeEqual(actual, wanted);
}

/** Stored fingerprints from outputs, or undefined for none (or a shape this version does not know). */
export function storedFingerprints(outputs: Record<string, unknown>): SecretFingerprints | undefined {
  const parsed = secretFingerprintsSchema.safeParse(outputs.secretFingerprints);
  return parsed.success ? parsed.data : undefined;
}

/**
 * The fingerprints to store for the fields declared by reference, keeping the stored salt (a new
 * one for a credential that had none); undefined when no field is a reference.
 */
export function fingerprintsFor(credentialId: string, referenced: readonly string[], resolved: Record<string, unknown>, previous?: SecretFingerprints): SecretFingerprints | undefined {
  if (referenced.length === 0) return undefined;
  const salt = previous?.salt ?? newSalt();
  return { salt, fields: Object.fromEntries(referenced.map((field) => [field, fingerprintOf(salt, credentialId, field, String(resolved[field]))])) };
}
