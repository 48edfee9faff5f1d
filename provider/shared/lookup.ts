/**
 * Reads existing credentials and folders without managing them, for programs that only reference
 * them (e.g. to pass a `credentialId` to a workflow). Uses the same settings as the provider: stack
 * config `skyvern:apiKey` / `skyvern:baseUrl`, then SKYVERN_API_KEY / SKYVERN_BASE_URL.
 */
import * as pulumi from "@pulumi/pulumi";
import { SkyvernClient } from "../../sdk/client";
import { SkyvernConfigurationError, SkyvernError } from "../../sdk/errors";
import type { FolderResponse } from "../../sdk/folder-schemas";
import type { CredentialResponse } from "../../sdk/schemas";
import { baseUrlConfigFailure } from "./config";

export type SkyvernCredentialLookup =
  | { credentialId: string; name?: never }
  /** Matches the exact name; fails unless exactly one credential has it. */
  | { name: string; credentialId?: never };

export type SkyvernCredentialFolderLookup =
  | { folderId: string; title?: never }
  /** Matches the exact title; fails unless exactly one folder has it. */
  | { title: string; folderId?: never };

export function getSkyvernCredential(lookup: SkyvernCredentialLookup): Promise<CredentialResponse> {
  return withClient(async (client) => {
    // The sdk checks the id (`cred_...`) before building the request path: nothing is sent for a malformed one.
    if (lookup.credentialId !== undefined) return client.credentials.get(lookup.credentialId);
    return theOnlyOne(client.credentials.list({ search: lookup.name }), (c) => c.name === lookup.name, (c) => c.credentialId,
      { kind: "credential", key: "name", value: lookup.name, idInput: "credentialId" });
  });
}

export function getSkyvernCredentialFolder(lookup: SkyvernCredentialFolderLookup): Promise<FolderResponse> {
  return withClient(async (client) => {
    if (lookup.folderId !== undefined) return client.folders.get(lookup.folderId);
    // The server's search also matches descriptions and substrings; keep exact titles only.
    return theOnlyOne(client.folders.list({ search: lookup.title, pageSize: 500 }), (f) => f.title === lookup.title, (f) => f.folderId,
      { kind: "folder", key: "title", value: lookup.title, idInput: "folderId" });
  });
}

async function withClient<T>(use: (client: SkyvernClient) => Promise<T>): Promise<T> {
  const config = new pulumi.Config("skyvern");
  const baseUrl = config.get("baseUrl");
  // The client refuses the same URL; this names the stack setting the user has to change.
  const failure = baseUrlConfigFailure(baseUrl);
  if (failure) throw new SkyvernConfigurationError(failure);
  const client = new SkyvernClient({ apiKey: config.get("apiKey"), baseUrl });
  try {
    return await use(client);
  } finally {
    client.close();
  }
}

interface Wanted {
  kind: string;
  key: string;
  value: string;
  /** The lookup field that identifies one for certain. */
  idInput: string;
}

/** Names are not unique in Skyvern: exactly one match, or an error listing how many and their ids. */
async function theOnlyOne<T>(candidates: AsyncIterable<T>, matches: (item: T) => boolean, idOf: (item: T) => string, wanted: Wanted): Promise<T> {
  const found: T[] = [];
  for await (const candidate of candidates) if (matches(candidate)) found.push(candidate);
  if (found.length === 1) return found[0];
  throw new SkyvernError(`looking up ${wanted.kind} "${wanted.value}": ${found.length} ${wanted.kind}s have this ${wanted.key}; ` +
    (found.length ? `use ${wanted.idInput} instead (${found.map(idOf).join(", ")})` : `check the ${wanted.key} and the Skyvern instance`));
}
