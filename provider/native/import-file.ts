/**
 * The file `pulumi import --file` reads, for every credential (and folder) an organization has in
 * Skyvern: how a team adopts dozens of credentials made in the Skyvern UI in one step, without a
 * write to any of them.
 */
import type { SkyvernClient } from "../../sdk/client";
import { PACKAGE_VERSION, PLUGIN_DOWNLOAD_URL, TOKENS } from "./tokens";

export interface ImportEntry {
  type: string;
  name: string;
  id: string;
  version: string;
  /**
   * The engine keys default providers by version and download URL: without it, the imported
   * resources would name another default provider than the classes' resources do.
   */
  pluginDownloadUrl: string;
}

/**
 * Resource names from Skyvern's names (not unique there): lower-case words joined by dashes,
 * numbered when taken. A number is never one another name already has: "Login", "Login" and
 * "Login 2" would otherwise both become `login-2`, which `pulumi import` refuses as an ambiguous URN.
 */
export function uniqueResourceNames(names: readonly string[]): string[] {
  const bases = names.map((name) => name.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "") || "credential");
  const taken = new Set<string>();
  return bases.map((base) => {
    let name = base;
    for (let n = 2; taken.has(name); n++) name = `${base}-${n}`;
    taken.add(name);
    return name;
  });
}

function entriesOf(type: string, found: ReadonlyArray<{ id: string; name: string }>): ImportEntry[] {
  const names = uniqueResourceNames(found.map((item) => item.name));
  return found.map((item, index) => ({ type, name: names[index], id: item.id, version: PACKAGE_VERSION, pluginDownloadUrl: PLUGIN_DOWNLOAD_URL }));
}

/** Lists every credential (and, when asked, every folder) and returns the import file's content. */
export async function importFileFor(client: SkyvernClient, withFolders: boolean): Promise<{ resources: ImportEntry[] }> {
  const credentials: Array<{ id: string; name: string }> = [];
  for await (const credential of client.credentials.list()) credentials.push({ id: credential.credentialId, name: credential.name });
  const folders: Array<{ id: string; name: string }> = [];
  if (withFolders) for await (const folder of client.folders.list()) folders.push({ id: folder.folderId, name: folder.title });
  return { resources: [...entriesOf(TOKENS.folder, folders), ...entriesOf(TOKENS.credential, credentials)] };
}
