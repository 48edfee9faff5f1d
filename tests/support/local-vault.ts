/**
 * Reads the built-in vault of the local Skyvern the tests run against, to see what the server
 * really stores where its API shows nothing (billing fields, metadata). The vault is a folder of
 * Fernet-encrypted JSON items beside a key file (skyvern_credential_vault_service.py); Fernet is
 * AES-128-CBC with an HMAC-SHA256 tag, so node:crypto decrypts it. For assertions only: the
 * plaintext must never be printed.
 */
import { createDecipheriv, createHmac, timingSafeEqual } from "node:crypto";
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";

export interface VaultItem {
  name: string;
  credentialType: string;
  credential: Record<string, unknown>;
}

/** The vault folder of the server started by scripts/skyvern-local under SKYVERN_LOCAL_HOME. */
function vaultDir(): string {
  const home = process.env.SKYVERN_LOCAL_HOME;
  if (!home) throw new Error("SKYVERN_LOCAL_HOME is not set: the vault of the test server cannot be found");
  const instance = readFileSync(path.join(home, "instance.env"), "utf8");
  const dataDir = /^SKYVERN_DATA_DIR=(.*)$/m.exec(instance)?.[1];
  if (!dataDir) throw new Error(`no SKYVERN_DATA_DIR in ${home}/instance.env`);
  return path.join(dataDir, "vault");
}

function fernetDecrypt(key: Buffer, token: Buffer): Buffer {
  const signingKey = key.subarray(0, 16);
  const encryptionKey = key.subarray(16, 32);
  const signed = token.subarray(0, token.length - 32);
  const tag = createHmac("sha256", signingKey).update(signed).digest();
  if (token[0] !== 0x80 || !timingSafeEqual(tag, token.subarray(token.length - 32))) throw new Error("not a valid Fernet token for this key");
  const iv = token.subarray(9, 25);
  const decipher = createDecipheriv("aes-128-cbc", encryptionKey, iv);
  return Buffer.concat([decipher.update(token.subarray(25, token.length - 32)), decipher.final()]);
}

/**
 * The newest vault item stored under this credential name (an update writes a new item and deletes
 * the old one in the background, so an old one may linger for a moment).
 */
export function vaultItemNamed(name: string): VaultItem | undefined {
  return vaultItemsNamed(name)[0];
}

/**
 * Every vault item stored under this credential name, newest first: one per credential of that
 * name, plus, for a moment after an update, the replaced item the server has yet to delete.
 */
export function vaultItemsNamed(name: string): VaultItem[] {
  const dir = vaultDir();
  const key = Buffer.from(readFileSync(path.join(dir, ".fernet_key"), "utf8").trim(), "base64url");
  const items = readdirSync(dir)
    .filter((file) => file.endsWith(".bin"))
    .map((file) => ({ file, mtime: statSync(path.join(dir, file)).mtimeMs }))
    .sort((a, b) => b.mtime - a.mtime);
  const found: VaultItem[] = [];
  for (const { file } of items) {
    let raw: Record<string, unknown>;
    try {
      const token = Buffer.from(readFileSync(path.join(dir, file), "utf8").trim(), "base64url");
      raw = JSON.parse(fernetDecrypt(key, token).toString("utf8"));
    } catch (error) {
      // Deleted between listing and reading (the server removes replaced items in the background).
      if ((error as NodeJS.ErrnoException).code === "ENOENT") continue;
      throw error;
    }
    if (raw.name === name) found.push({ name, credentialType: String(raw.credential_type), credential: raw.credential as Record<string, unknown> });
  }
  return found;
}

/**
 * Like `vaultItemNamed`, but the item must be there: an observation of "field absent" read from a
 * missing item would pass for a removal that never happened.
 */
export function existingVaultItemNamed(name: string): VaultItem {
  const item = vaultItemNamed(name);
  if (!item) throw new Error(`no item named ${JSON.stringify(name)} in the test server's vault: the credential was not stored (or was renamed)`);
  return item;
}
