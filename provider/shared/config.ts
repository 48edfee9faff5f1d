/**
 * The provider's Skyvern client, built from stack config (`skyvern:apiKey`, `skyvern:baseUrl`,
 * `skyvern:maxConcurrency`, `skyvern:coalesceReads`) with the SKYVERN_* environment variables as fallback. Settings live
 * in the provider process only, never in `__provider` or in resource inputs, so rotating the API
 * key or moving the URL rewrites nothing.
 *
 * provider/shared/ holds what both resources and both protocols use: this module (settings and
 * client), check-inputs.ts (what both input checks share: the engine's unknown placeholder),
 * operation-errors.ts (how a failed call is reported), organization-guard.ts (the key's
 * organization checked before a read, update or delete), lookup.ts (the read-only
 * getSkyvernCredential and getSkyvernCredentialFolder).
 */
import { isDeepStrictEqual } from "node:util";
import type { ConfigureRequest } from "@pulumi/pulumi/dynamic";
import { baseUrlProblem } from "../../sdk/base-url";
import { SkyvernClient, type SkyvernClientOptions } from "../../sdk/client";
import { SkyvernConfigurationError, type RequestDescription } from "../../sdk/errors";
import type { WritePhase } from "../../sdk/http";

let settings: SkyvernClientOptions = {};
let client: SkyvernClient | undefined;
let keySource = "";
let coalesceReads = true;
type WriteListener = (request: RequestDescription, phase: WritePhase) => void;
const writeListeners: WriteListener[] = [];
const newClientListeners: Array<() => void> = [];

export function configureFromStack(request: ConfigureRequest): void {
  const config = request.config;
  const maxConcurrency = config.get("skyvern:maxConcurrency");
  // Named in errors about the key's organization: a CI job passing another environment's key is
  // the usual cause, and the fix is in the place the key came from.
  keySource = config.get("skyvern:apiKey") !== undefined
    ? "`skyvern:apiKey` (stack config, or the apiKey argument of an explicit provider)"
    : "the environment variable SKYVERN_API_KEY";
  const configuredBaseUrl = config.get("skyvern:baseUrl");
  const next: SkyvernClientOptions = {
    apiKey: config.get("skyvern:apiKey") ?? process.env.SKYVERN_API_KEY,
    baseUrl: configuredBaseUrl ?? process.env.SKYVERN_BASE_URL,
    maxConcurrency: maxConcurrency === undefined ? undefined : Number(maxConcurrency),
    userAgent: "pulumi-skyvern-provider",
  };
  // Each runtime (credentials, folders) is configured on its first call, possibly while the other
  // has requests in flight on this client: the same settings must not close it under them.
  if (!isDeepStrictEqual(next, settings)) {
    settings = next;
    client?.close();
    client = undefined;
    for (const listener of newClientListeners) listener();
  }
  // Thrown here, in the first call of a run (Check at preview), so nothing is sent; the client
  // refuses the same settings, should anything reach it anyway.
  const failure = baseUrlConfigFailure(next.baseUrl, configuredBaseUrl === undefined ? "SKYVERN_BASE_URL" : undefined);
  if (failure) throw new SkyvernConfigurationError(failure);
  coalesceReads = coalesceReadsSetting(config.get("skyvern:coalesceReads"));
}

/**
 * `skyvern:coalesceReads`, then SKYVERN_COALESCE_READS; on unless set to false. Anything but a
 * boolean is refused, naming where it came from, rather than silently read as on or off.
 */
export function coalesceReadsSetting(configured: unknown): boolean {
  // The engine may hand stack config over typed (a boolean), the native plugin as text.
  const [value, source] = configured !== undefined && configured !== null ? [String(configured), "skyvern:coalesceReads"] : [process.env.SKYVERN_COALESCE_READS, "SKYVERN_COALESCE_READS"];
  if (value === undefined || value.trim() === "") return true;
  const normalized = value.trim().toLowerCase();
  if (normalized === "true" || normalized === "1") return true;
  if (normalized === "false" || normalized === "0") return false;
  throw new SkyvernConfigurationError(`${source} must be true or false (it is "${value.slice(0, 40)}")`);
}

/** Whether reads may be served from a shared listing (coalesced-reads.ts). */
export function coalesceReadsEnabled(): boolean {
  return coalesceReads;
}

/** Calls `listener` when the settings change, so that nothing learned from the previous server or key is reused. */
export function onNewClient(listener: () => void): void {
  newClientListeners.push(listener);
}

/** Calls `listener` when any request that may change something starts and settles, on this process's client. */
export function onEveryWrite(listener: WriteListener): void {
  writeListeners.push(listener);
}

/**
 * Why a base URL is refused, naming `skyvern:baseUrl` (and the variable it came from, if any), or
 * undefined when it is usable or unset (the client's default is Skyvern Cloud over https).
 */
export function baseUrlConfigFailure(baseUrl: unknown, fromVariable?: string): string | undefined {
  if (baseUrl === undefined || baseUrl === null || baseUrl === "") return undefined;
  const problem = baseUrlProblem(String(baseUrl));
  return problem && `skyvern:baseUrl${fromVariable ? ` (from ${fromVariable})` : ""} ${problem}`;
}

/** Where the API key in use came from, in words a user can act on. */
export function apiKeySource(): string {
  return keySource;
}

/** One client per provider process: its connection pool and concurrency cap serve every resource. */
export function skyvernClient(): SkyvernClient {
  client ??= new SkyvernClient({ ...settings, onWrite: (request, phase) => writeListeners.forEach((listener) => listener(request, phase)) });
  return client;
}
