/**
 * Skyvern ids (`cred_<digits>` for credentials, `cfld_<digits>` for folders, both from the server's
 * `generate_id`) are 64-bit integers whose top 32 bits count whole seconds since
 * 2022-06-20T00:00:00Z (the server's BASE_EPOCH). Reading that time lets a client tell which
 * credentials and folders appeared after a given moment, which the API itself does not expose.
 */
const SKYVERN_ID_EPOCH_S = 1_655_683_200n;

/**
 * How far before a moment of ours an id's timestamp may fall and still count as "created after
 * it": ids carry whole seconds of the server's clock, which may differ slightly from ours.
 */
export const ID_CLOCK_TOLERANCE_MS = 5_000;

/** When the server made this id (whole seconds), or undefined for anything not a Skyvern id. */
export function skyvernIdCreatedAtMs(id: string): number | undefined {
  const match = /^(?:cred|cfld)_(\d+)$/.exec(id);
  if (!match) return undefined;
  const seconds = (BigInt(match[1]) >> 32n) + SKYVERN_ID_EPOCH_S;
  return Number(seconds) * 1000;
}

/** When the server created this credential (whole seconds), or undefined for anything not a `cred_` id. */
export function credentialCreatedAtMs(credentialId: string): number | undefined {
  return credentialId.startsWith("cred_") ? skyvernIdCreatedAtMs(credentialId) : undefined;
}

/** True when the id was made no earlier than `sinceMs`, within the clock tolerance; false for non-ids. */
export function createdSince(id: string, sinceMs: number): boolean {
  const createdAt = skyvernIdCreatedAtMs(id);
  return createdAt !== undefined && createdAt >= sinceMs - ID_CLOCK_TOLERANCE_MS;
}
