/**
 * What a SkyvernCredentialFolder stores as outputs: the server's view of the folder. Everything a
 * folder has is visible to the API, so the server's view is also what refresh records as inputs.
 */
import { folderResponseSchema, type FolderResponse } from "../../sdk/folder-schemas";
import { FOLDER_INPUT_KEYS } from "./inputs";

type Props = Record<string, unknown>;

/**
 * Outputs the server fills in (the rest of the reported fields are inputs too), the organization
 * included: a read or delete with another organization's key fails instead of dropping the folder.
 */
export const FOLDER_OUTPUT_ONLY_KEYS = Object.keys(folderResponseSchema.shape)
  .filter((key) => !(FOLDER_INPUT_KEYS as string[]).includes(key));

/**
 * The server stores a never-set description as null and a cleared one as "" (its update treats
 * null as "keep"); both mean "no description".
 */
export function descriptionOf(value: unknown): string | undefined {
  return typeof value === "string" && value !== "" ? value : undefined;
}

/** The engine rejects `undefined` in outputs, so absent fields are left out. */
export function folderOutputsOf(response: FolderResponse): Props {
  const reported: Props = { ...response, description: descriptionOf(response.description) };
  return Object.fromEntries(Object.entries(reported).filter(([, value]) => value !== undefined && value !== null));
}

/** The inputs as the server now has them, so `refresh` records drift that the next `up` puts back. */
export function folderInputsSeenOnServer(outputs: Props): Props {
  return Object.fromEntries(FOLDER_INPUT_KEYS.filter((key) => outputs[key] !== undefined).map((key) => [key, outputs[key]]));
}

/**
 * Whether the declared inputs differ from the server's last report. `credentialCount` and the
 * timestamps are the server's to change (filing a credential moves `modifiedAt`): never drift.
 */
export function folderChanged(olds: Props, news: Props): boolean {
  return changedFolderInputs(olds, news).length > 0;
}

/** The declared inputs whose value differs from the server's last report. */
export function changedFolderInputs(olds: Props, news: Props): string[] {
  const comparable = (key: string, value: unknown) => (key === "description" ? descriptionOf(value) : value);
  return FOLDER_INPUT_KEYS.filter((key) => comparable(key, news[key]) !== comparable(key, olds[key]));
}
