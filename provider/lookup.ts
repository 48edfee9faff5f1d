/**
 * Reads an existing credential without managing it, for programs that only reference credentials
 * (e.g. to pass a `credentialId` to a workflow). Uses the same settings as the provider: stack
 * config `skyvern:apiKey` / `skyvern:baseUrl`, then SKYVERN_API_KEY / SKYVERN_BASE_URL.
 */
import * as pulumi from "@pulumi/pulumi";
import { SkyvernClient } from "../sdk/client";
import { SkyvernError } from "../sdk/errors";
import type { CredentialResponse } from "../sdk/schemas";

export type SkyvernCredentialLookup =
  | { credentialId: string; name?: never }
  /** Matches the exact name; fails unless exactly one credential has it. */
  | { name: string; credentialId?: never };

export async function getSkyvernCredential(lookup: SkyvernCredentialLookup): Promise<CredentialResponse> {
  const config = new pulumi.Config("skyvern");
  const client = new SkyvernClient({ apiKey: config.get("apiKey"), baseUrl: config.get("baseUrl") });
  try {
    if (lookup.credentialId) return await client.credentials.get(lookup.credentialId);
    const matches: CredentialResponse[] = [];
    for await (const candidate of client.credentials.list({ search: lookup.name })) {
      if (candidate.name === lookup.name) matches.push(candidate);
    }
    if (matches.length !== 1) {
      throw new SkyvernError(`looking up credential "${lookup.name}": ${matches.length} credentials have this name; ` +
        (matches.length ? `use credentialId instead (${matches.map((m) => m.credentialId).join(", ")})` : "check the name and the Skyvern instance"));
    }
    return matches[0];
  } finally {
    client.close();
  }
}
