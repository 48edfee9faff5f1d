/**
 * Which failed requests are retried, declared once. Every operation but create is safe to repeat
 * (update replaces the whole credential, delete of a deleted id is a 404). Create is not
 * idempotent on the server, so it is retried only when the request certainly was not processed;
 * its ambiguous failures are reconciled by `credentials.ts` instead.
 */
import type { AxiosError } from "axios";
import { retryAfter } from "axios-retry";
import { ConnectionError, ServerError } from "./errors";

export type RequestKind = "create" | "idempotent";

export interface RetryPolicy {
  /** Statuses that mean "try again" for this kind of request. */
  retryStatuses: ReadonlySet<number>;
  /** Network error codes after which the request may be sent again. */
  retryNetworkCodes: ReadonlySet<string>;
}

/** Codes that mean the request never reached the server's handler. */
const NOT_SENT = ["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN"];
/** Codes after which the server may or may not have handled the request. */
const MAYBE_SENT = ["ECONNRESET", "EPIPE", "ETIMEDOUT", "ECONNABORTED", "ERR_SOCKET_CONNECTION_TIMEOUT"];

export const RETRY_POLICIES: Record<RequestKind, RetryPolicy> = {
  idempotent: { retryStatuses: new Set([409, 429, 502, 503, 504]), retryNetworkCodes: new Set([...NOT_SENT, ...MAYBE_SENT]) },
  create: { retryStatuses: new Set([429, 503]), retryNetworkCodes: new Set(NOT_SENT) },
};

export interface BackoffSettings {
  /** Retries after the first attempt. */
  maxRetries: number;
  /** First backoff ceiling; doubles per retry ("full jitter": a random wait below the ceiling). */
  baseDelayMs: number;
  /**
   * Ceiling of any single wait. A Retry-After longer than this is not shortened (the server would
   * refuse again) but ends the retries at once, as ky's `maxRetryAfter` does.
   */
  maxDelayMs: number;
  /**
   * Every retry starts within this long after the first attempt: a wait that would end later is
   * cut to the time left, and a Retry-After that does not fit ends the retries. The call can last
   * longer only by its last attempt (at most the per-attempt timeout).
   */
  maxElapsedMs: number;
}

export const DEFAULT_BACKOFF: BackoffSettings = { maxRetries: 4, baseDelayMs: 250, maxDelayMs: 20_000, maxElapsedMs: 60_000 };

export function isRetryable(kind: RequestKind, error: AxiosError, settings: BackoffSettings): boolean {
  const policy = RETRY_POLICIES[kind];
  if (error.response) return policy.retryStatuses.has(error.response.status) && retryAfter(error) <= settings.maxDelayMs;
  return error.code !== undefined && policy.retryNetworkCodes.has(error.code);
}

/** Whether a retry can still start within `maxElapsedMs` of the first attempt, after any Retry-After. */
export function mayStartRetry(elapsedMs: number, error: AxiosError, settings: BackoffSettings): boolean {
  return elapsedMs + retryAfter(error) < settings.maxElapsedMs;
}

/**
 * Full-jitter exponential backoff, never shorter than what the server asked for in Retry-After
 * (`isRetryable` has already refused a Retry-After above `maxDelayMs`), and never ending past
 * `maxElapsedMs` (`mayStartRetry` has already refused a Retry-After that does not fit).
 */
export function backoffDelayMs(retryNumber: number, error: AxiosError, settings: BackoffSettings, elapsedMs = 0, random = Math.random): number {
  const ceiling = Math.min(settings.maxDelayMs, settings.baseDelayMs * 2 ** (retryNumber - 1));
  const wanted = Math.max(Math.floor(random() * ceiling), retryAfter(error));
  return Math.max(0, Math.min(wanted, settings.maxElapsedMs - elapsedMs));
}

/** Whether a create's outcome is unknown after this failure: the server may have stored it. */
export function isAmbiguousCreateFailure(error: unknown): boolean {
  // A timeout is a ConnectionError whose code (ETIMEDOUT) is among MAYBE_SENT.
  if (error instanceof ConnectionError) return MAYBE_SENT.includes(error.code);
  return error instanceof ServerError && [500, 502, 504].includes(error.status);
}
