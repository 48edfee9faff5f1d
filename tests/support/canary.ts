/**
 * Canary secrets: unique values that must never appear in plaintext anywhere a user or attacker
 * could read (state, CLI output, errors, logs). Each suite makes its own, scans what it saw with
 * `assertNoCanaries`, and proves with a positive control that the same scan finds them where they
 * are expected in plaintext (the decrypted state), so a scan that finds nothing means something.
 */
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { randomBytes, randomInt } from "node:crypto";
import { readdirSync, readFileSync, statSync, type Stats } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { PULUMI_ROOT } from "./engine";

const execFileAsync = promisify(execFile);

export function canary(label: string): string {
  return `CANARY${label.replace(/\W/g, "")}${randomBytes(6).toString("hex")}`;
}

/** A base32 TOTP seed long enough for Skyvern (>= 112 bits), unique per call. */
export function canarySeed(): string {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  return Array.from(randomBytes(32), (byte) => alphabet[byte % 32]).join("");
}

/** A random 16-digit Visa-style number that passes Luhn, so it reaches the wire; unique per call. */
export function canaryCardNumber(): string {
  const body = `4${Array.from({ length: 14 }, () => randomInt(10)).join("")}`;
  return `${body}${luhnCheckDigit(body)}`;
}

/**
 * A random 4-digit CVV. Four digits are a weak canary, so it never starts with 0-2 (no year, no
 * common small number) and `occurs` matches it only as a whole token, never inside ciphertext.
 * Pass values that are legitimately in plaintext (a card's last four) to `avoid`.
 */
export function canaryCvv(...avoid: string[]): string {
  for (;;) {
    const cvv = String(randomInt(3000, 10000));
    if (!avoid.includes(cvv)) return cvv;
  }
}

function luhnCheckDigit(body: string): number {
  let sum = 0;
  for (let i = 0; i < body.length; i++) {
    let digit = Number(body[body.length - 1 - i]);
    if (i % 2 === 0) digit = digit * 2 > 9 ? digit * 2 - 9 : digit * 2;
    sum += digit;
  }
  return (10 - (sum % 10)) % 10;
}

/**
 * UUIDs (Pulumi's provider ids and update ids in state and CLI output): a group of four random hex
 * digits is all digits one time in seven, a token a 4-digit CVV then matches by chance (seen once).
 */
const UUID = /\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi;

/**
 * Whether a canary appears in a text. Long canaries match anywhere; short ones (a CVV) only as a
 * token not flanked by base64 or word characters and outside UUIDs, so random ciphertext and
 * random ids cannot match them by chance.
 */
export function occurs(secret: string, text: string): boolean {
  if (secret.length >= 8) return text.includes(secret);
  return new RegExp(`(?<![A-Za-z0-9+/=])${secret.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}(?![A-Za-z0-9+/=])`).test(text.replace(UUID, "<uuid>"));
}

/** Returns "where: canary #i" for each canary found in the given texts. */
export function findCanaries(secrets: readonly string[], texts: Record<string, string>): string[] {
  const hits: string[] = [];
  for (const [where, text] of Object.entries(texts)) {
    // Named by position and length only: the report itself must not carry the value.
    secrets.forEach((secret, index) => { if (occurs(secret, text)) hits.push(`${where}: canary #${index} (${secret.length} chars)`); });
  }
  return hits;
}

export interface CanaryControl {
  /** Where the canaries are expected in plaintext, e.g. `pulumi stack export --show-secrets`. */
  text: string;
  /** The canaries that must be found there (at least one). */
  canaries: readonly string[];
}

/**
 * Fails if any canary appears in `texts`. First the positive control: the same matcher must find
 * every control canary in the control text, and there must be something to scan.
 */
export function assertNoCanaries(secrets: readonly string[], texts: Record<string, string>, control: CanaryControl): void {
  assert.ok(control.canaries.length > 0, "the positive control names at least one canary");
  const missing = control.canaries.flatMap((secret, index) => (occurs(secret, control.text) ? [] : [`control canary #${index} (${secret.length} chars)`]));
  assert.deepEqual(missing, [], "positive control: the scan finds the canaries where they are in plaintext");
  assert.ok(Object.values(texts).some((text) => text.length > 0), "there is output to scan");
  assert.deepEqual(findCanaries(secrets, texts), [], "no canary in plaintext");
}

/** Every file under a directory, as text, keyed by path. */
export function filesUnder(dir: string): Record<string, string> {
  return filesMatching(dir, () => true);
}

function filesMatching(dir: string, keep: (stats: Stats) => boolean): Record<string, string> {
  const texts: Record<string, string> = {};
  const walk = (current: string) => {
    for (const entry of readdirSync(current)) {
      const full = path.join(current, entry);
      const stats = statSync(full);
      if (stats.isDirectory()) walk(full);
      else if (keep(stats)) texts[full] = readFileSync(full, "latin1");
    }
  };
  walk(dir);
  return texts;
}

/**
 * What a run wrote under a directory that also holds third-party bytes (PULUMI_HOME's plugins, a
 * venv's packages, node_modules): only the files modified at or after `since` (a `Date.now()` taken
 * once those were installed). A short canary (a 4-digit CVV) can occur in third-party bytes by
 * chance, and a secret can reach a file only by a write of the run, so nothing is missed.
 */
export function filesWrittenSince(dir: string, since: number): Record<string, string> {
  return filesMatching(dir, (stats) => stats.mtimeMs >= since);
}

/**
 * `pulumi stack export --show-secrets` of a CLI project: the positive control's text. Run apart
 * from the project's transcript, because it prints the secrets in plaintext by design.
 */
export async function decryptedState(project: { dir: string; env: NodeJS.ProcessEnv }, stack?: string): Promise<string> {
  const args = ["stack", "export", "--show-secrets", ...(stack ? ["--stack", stack] : [])];
  const { stdout } = await execFileAsync(path.join(PULUMI_ROOT, "bin", "pulumi"), args, { cwd: project.dir, env: project.env, maxBuffer: 64 << 20 });
  return stdout;
}

/**
 * The files of a file backend as text, except the stack config each update's history entry copies
 * (`config`, as the user set it: a value set without --secret is plaintext there, as it is in
 * Pulumi.<stack>.yaml). What the scan then covers is what Pulumi stored of the resources.
 */
export function backendFilesWithoutConfigCopies(backendDir: string): Record<string, string> {
  return Object.fromEntries(Object.entries(filesUnder(backendDir)).map(([file, text]) => {
    if (!file.endsWith(".history.json")) return [file, text];
    const { config: _config, ...entry } = JSON.parse(text) as Record<string, unknown>;
    return [file, JSON.stringify(entry)];
  }));
}
