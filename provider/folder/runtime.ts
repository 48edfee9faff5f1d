/**
 * The SkyvernCredentialFolder provider, loaded in the engine's provider process by package name
 * (`require("pulumi-skyvern/folder-runtime")`, a public entry point stored in users' state). One
 * function per engine call; each makes at most one API request. Reads, updates and deletes first
 * check that the API key is for the organization the folder was recorded under.
 *
 * provider/folder/ is a folder's model and runtime, shared by both protocols, named as in
 * provider/credential/: inputs.ts (validation), outputs.ts (what state records, what changed),
 * this module (the calls).
 */
import type * as dynamic from "@pulumi/pulumi/dynamic";
import { SkyvernError } from "../../sdk/errors";
import { configureFromStack, skyvernClient } from "../shared/config";
import { toFolderRequest, validateFolderInputs } from "./inputs";
import { descriptionOf, folderChanged, folderInputsSeenOnServer, folderOutputsOf } from "./outputs";
import { unlessGone, withContext } from "../shared/operation-errors";
import { confirmGone, organizationFor } from "../shared/organization-guard";
import { folderReads } from "../shared/coalesced-reads";

type Props = Record<string, unknown>;

/** Called once per provider process with the stack's configuration (shared with credentials). */
export async function configure(request: dynamic.ConfigureRequest): Promise<void> {
  configureFromStack(request);
}

/** Validates inputs at preview, before any API call. Unknown preview values are not judged. */
export async function check(_olds: Props, news: Props): Promise<dynamic.CheckResult> {
  return { inputs: news, failures: validateFolderInputs(news) };
}

/** Compares old outputs (the server's last report) with new inputs; no API call. Never replaces. */
export async function diff(_id: string, olds: Props, news: Props): Promise<dynamic.DiffResult> {
  return { changes: folderChanged(olds, news), replaces: [], deleteBeforeReplace: false };
}

/** One request. */
export async function create(inputs: Props): Promise<dynamic.CreateResult> {
  const request = toFolderRequest(inputs);
  // Never the title: a program may pass it secret, and the engine names the resource anyway.
  const response = await withContext("creating the folder", () => skyvernClient().folders.create(request));
  return { id: response.folderId, outs: folderOutputsOf(response) };
}

/**
 * One request, or a share of a coalesced listing when the run reads many (coalesced-reads.ts). A
 * folder that no longer exists leaves state; otherwise the server's view wins.
 */
export async function read(id: string, props: Props = {}): Promise<dynamic.ReadResult> {
  await organizationFor(`folder ${id}`, props.organizationId);
  const response = await unlessGone(`reading folder ${id}`, () => folderReads.read(id), () => confirmGone(`folder ${id}`));
  if (!response) return {};
  const outs = folderOutputsOf(response);
  return { id, props: outs, inputs: folderInputsSeenOnServer(outs) };
}

/**
 * One request, in place (same id). The server keeps any field left out, so a description removed
 * from the program is sent as "" to clear it.
 */
export async function update(id: string, olds: Props, news: Props): Promise<dynamic.UpdateResult> {
  await organizationFor(`folder ${id}`, olds.organizationId);
  const { title, description } = toFolderRequest(news);
  const cleared = descriptionOf(description) === undefined && descriptionOf(olds.description) !== undefined;
  const response = await withContext(`updating folder ${id}`, () =>
    skyvernClient().folders.update(id, { title, description: cleared ? "" : description }));
  if (response.folderId !== id) {
    throw new SkyvernError(`Skyvern answered the update of folder ${id} with a different folder (${response.folderId}); state was not changed. Check the server version.`);
  }
  return { outs: folderOutputsOf(response) };
}

/** One request; a folder already gone counts as deleted. Its credentials are moved out, not deleted. */
async function remove(id: string, props: Props = {}): Promise<void> {
  await organizationFor(`folder ${id}`, props.organizationId);
  await unlessGone(`deleting folder ${id}`, () => skyvernClient().folders.delete(id), () => confirmGone(`folder ${id}`));
}

// `delete` is a reserved word: exported under its name this way, so the module is a complete provider.
export { remove as delete };
