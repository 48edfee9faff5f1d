/**
 * Keeps the values of a request out of the errors built from the server's reply. Servers quote
 * what they were sent, and not always as it was sent: a TOTP seed upper-cased with its spaces
 * removed, a card number regrouped with spaces or dashes, a password inside a 422 field error. So
 * every value is matched in any letter case and with any whitespace or dashes between its
 * characters, not only as the exact string.
 */
import { credentialFieldRegistry, credentialSchemasByType, SECRET_CREDENTIAL_FIELDS } from "./schemas";

export const REDACTED = "[redacted]";

/**
 * Shorter values are not redacted: a one- or two-character value (a card's expiry month) would
 * turn every matching digit of a message into noise while hiding nothing a reader could not guess.
 */
const MIN_REDACTED_LENGTH = 3;

/**
 * Payload fields whose values are user data though not secrets in Skyvern's model (card and
 * password `metadata`: Skyvern never returns them), derived from the schemas like the secret fields.
 */
const PRIVATE_VALUE_FIELDS: readonly string[] = [
  ...new Set(Object.values(credentialSchemasByType).flatMap((schema) =>
    Object.entries(schema.shape).filter(([, field]) => credentialFieldRegistry.get(field)?.privateValues).map(([name]) => name))),
];

/**
 * Every value of a credential payload that no error may carry: the secret fields, the values of
 * its private records, and the seed inside an `otpauth://` URI (servers quote it on its own).
 */
export function sensitiveValuesOf(credential: Record<string, unknown>): string[] {
  const values: string[] = [];
  for (const field of SECRET_CREDENTIAL_FIELDS) {
    const value = credential[field];
    if (typeof value !== "string") continue;
    values.push(value);
    const seed = otpauthSecretOf(value);
    if (seed) values.push(seed);
  }
  for (const field of PRIVATE_VALUE_FIELDS) {
    const record = credential[field];
    if (record && typeof record === "object") values.push(...Object.values(record).filter((value): value is string => typeof value === "string"));
  }
  return values;
}

/** The text with every form of each value replaced by `[redacted]`. */
export function redact(text: string, values: readonly string[]): string {
  return values.map(looseMatcher).reduce((out, matcher) => (matcher ? out.replace(matcher, REDACTED) : out), text);
}

/**
 * A pattern for a value in any case, with whitespace or dashes allowed (not required) between its
 * characters. Base32 padding is dropped, so a seed echoed with or without `=` matches.
 */
function looseMatcher(value: string): RegExp | undefined {
  const core = [...value.replace(/[\s-]+/g, "").replace(/=+$/, "")];
  if (core.length < MIN_REDACTED_LENGTH) return undefined;
  return new RegExp(core.map((char) => char.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")).join("[\\s-]*"), "giu");
}

function otpauthSecretOf(value: string): string | undefined {
  if (!/^otpauth:\/\//i.test(value.trim())) return undefined;
  try {
    return new URL(value.trim()).searchParams.get("secret") ?? undefined;
  } catch {
    return undefined;
  }
}
