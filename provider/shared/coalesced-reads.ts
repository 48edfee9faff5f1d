/**
 * The provider process's coalesced reads of credentials and folders (see read-coalescer.ts), used
 * by both runtimes' `read` and so by both protocols: the dynamic-provider host serves every dynamic
 * resource of a run in one process, the native plugin every native one. Every write the client
 * sends forgets what was listed of what it touches. `skyvern:coalesceReads false` (or
 * SKYVERN_COALESCE_READS=false) makes every read its own GET again, for debugging.
 */
import type { RequestDescription } from "../../sdk/errors";
import type { WritePhase } from "../../sdk/http";
import { FOLDER_LIST_MAX_PAGE_SIZE, type FolderResponse } from "../../sdk/folder-schemas";
import type { CredentialResponse } from "../../sdk/schemas";
import { coalesceReadsEnabled, onEveryWrite, onNewClient, skyvernClient } from "./config";
import { ReadCoalescer, type CoalescingPolicy } from "./read-coalescer";

/**
 * Credentials per list page: the endpoint has no maximum, and 1,000 is about 1 MB of JSON, so a
 * refresh of up to 999 credentials in a small organization takes one request. A test can lower it
 * (SKYVERN_COALESCE_PAGE_SIZE) to exercise paging without creating thousands.
 */
export const CREDENTIAL_PAGE_SIZE = pageSizeFromEnvironment() ?? 1_000;

export const POLICY: CoalescingPolicy = {
  enabled: coalesceReadsEnabled,
  // Above the engine's default `--parallel` (8 here) would never be reached; 6 keeps a stack of
  // five (in an organization of thousands) at its five GETs.
  burstReads: 6,
  gatherMs: 50,
  // Long enough for one refresh pass, short enough that nothing a user changed meanwhile is missed for long.
  freshForMs: 15_000,
  unpaidPages: 2,
};

export const credentialReads = new ReadCoalescer<CredentialResponse>({
  listPage: (page, pageSize) => skyvernClient().credentials.listPage(page, { pageSize }),
  get: (id) => skyvernClient().credentials.get(id),
  idOf: (credential) => credential.credentialId,
  pageSize: CREDENTIAL_PAGE_SIZE,
  newestCreatedFirst: true,
}, POLICY);

export const folderReads = new ReadCoalescer<FolderResponse>({
  listPage: (page, pageSize) => skyvernClient().folders.listPage(page, { pageSize }),
  get: (id) => skyvernClient().folders.get(id),
  idOf: (folder) => folder.folderId,
  pageSize: Math.min(CREDENTIAL_PAGE_SIZE, FOLDER_LIST_MAX_PAGE_SIZE),
  newestCreatedFirst: false,
}, POLICY);

/**
 * Routes a write to what it touches. A credential write changes its folder's count (and a create
 * or delete shifts the list): folders are forgotten whole. Deleting a folder moves its credentials
 * out of it: credentials are forgotten whole. Anything else forgets both.
 */
export function forgetWhatWriteTouches({ method, path }: RequestDescription, phase: WritePhase): void {
  const credential = /^\/v1\/credentials(?:\/(cred_[^/]+))?/.exec(path);
  const folder = /^\/v1\/credential_folders\/([^/]+)$/.exec(path);
  if (credential) {
    credentialReads.writeSeen(phase, credential[1] ? decodeURIComponent(credential[1]) : undefined);
    folderReads.writeSeen(phase);
  } else if (folder && method !== "DELETE") {
    folderReads.writeSeen(phase, decodeURIComponent(folder[1]));
  } else {
    credentialReads.writeSeen(phase);
    folderReads.writeSeen(phase);
  }
}

onEveryWrite(forgetWhatWriteTouches);
onNewClient(() => {
  credentialReads.startOver();
  folderReads.startOver();
});

function pageSizeFromEnvironment(): number | undefined {
  const text = process.env.SKYVERN_COALESCE_PAGE_SIZE;
  const value = Number(text);
  return text && Number.isInteger(value) && value >= 1 ? value : undefined;
}
