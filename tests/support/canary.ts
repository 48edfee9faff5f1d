/**
 * Canary secrets: unique values that must never appear in plaintext anywhere a user or attacker
 * could read (state, CLI output, errors, logs). Each test makes its own and scans what it saw.
 */
import { randomBytes } from "node:crypto";
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";

export function canary(label: string): string {
  return `CANARY${label.replace(/\W/g, "")}${randomBytes(6).toString("hex")}`;
}

/** A base32 TOTP seed long enough for Skyvern (>= 112 bits), unique per call. */
export function canarySeed(): string {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  return Array.from(randomBytes(32), (byte) => alphabet[byte % 32]).join("");
}

/** Returns "where: secret" for each canary found in the given texts. */
export function findCanaries(secrets: readonly string[], texts: Record<string, string>): string[] {
  const hits: string[] = [];
  for (const [where, text] of Object.entries(texts)) {
    for (const secret of secrets) if (text.includes(secret)) hits.push(`${where}: ${secret.slice(0, 10)}...`);
  }
  return hits;
}

/** Every file under a directory, as text, keyed by path. */
export function filesUnder(dir: string): Record<string, string> {
  const texts: Record<string, string> = {};
  const walk = (current: string) => {
    for (const entry of readdirSync(current)) {
      const full = path.join(current, entry);
      if (statSync(full).isDirectory()) walk(full);
      else texts[full] = readFileSync(full, "latin1");
    }
  };
  walk(dir);
  return texts;
}
