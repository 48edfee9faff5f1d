/**
 * Skyvern ids (`cred_<digits>`) are 64-bit integers whose top 32 bits count whole seconds since
 * 2022-06-20T00:00:00Z (the server's BASE_EPOCH). Reading that time lets a client tell which
 * credentials appeared after a given moment, which the API itself does not expose.
 */
const SKYVERN_ID_EPOCH_S = 1_655_683_200n;

export function credentialCreatedAtMs(credentialId: string): number | undefined {
  const match = /^cred_(\d+)$/.exec(credentialId);
  if (!match) return undefined;
  const seconds = (BigInt(match[1]) >> 32n) + SKYVERN_ID_EPOCH_S;
  return Number(seconds) * 1000;
}
