/**
 * Secret drift through the one oracle Skyvern offers: it never returns a TOTP seed, but it does
 * return the code it generates from the stored one. A code from the declared seed (allowing one
 * 30-second step of clock skew either way) means the seed is unchanged; any other code means it
 * was changed outside Pulumi. Seeds and codes are compared in memory only, never kept or logged.
 */
import { Secret, TOTP, URI } from "otpauth";

/** The declared authenticator seed of a credential input, if it has one. */
export function authenticatorSeedOf(credential: unknown): string | undefined {
  if (credential === null || typeof credential !== "object") return undefined;
  const { totp, totpType } = credential as { totp?: unknown; totpType?: unknown };
  return totpType === "authenticator" && typeof totp === "string" && totp.trim() ? totp.trim() : undefined;
}

/**
 * Whether the code comes from the seed; undefined when this library cannot read the seed (an
 * otpauth URI with parameters it does not know): then nothing can be concluded. The library's own
 * message is never passed on, as it may quote characters of the seed.
 */
export function codeMatchesSeed(seed: string, code: string, timestamp = Date.now()): boolean | undefined {
  let generator: TOTP;
  try {
    generator = generatorFor(seed);
  } catch {
    return undefined;
  }
  return generator.validate({ token: code, timestamp, window: 1 }) !== null;
}

/** Base32 seeds as Skyvern reads them (spaces and case ignored), or the parameters of an otpauth URI. */
function generatorFor(seed: string): TOTP {
  if (/^otpauth:\/\//i.test(seed)) {
    const parsed = URI.parse(seed);
    if (parsed instanceof TOTP) return parsed;
  }
  return new TOTP({ secret: Secret.fromBase32(seed.replace(/\s+/g, "").replace(/=+$/, "").toUpperCase()) });
}
