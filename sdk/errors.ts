/**
 * Errors thrown by the Skyvern client. One base class, one subclass per failure family; the
 * status-to-class choice (`SkyvernApiError.from`) and every message are built here. They never
 * hold a request body, a secret or the API key: only the method, path, status and what the server
 * said (after redaction), and a `cause` that is either one of these errors or a bare network error.
 */
import type { CredentialResponse } from "./schemas";

export interface RequestDescription {
  /** HTTP method, upper case. */
  method: string;
  /** Path relative to the base URL, e.g. `/v1/credentials/cred_123`. */
  path: string;
}

export interface ApiErrorDetails extends RequestDescription {
  status: number;
  /** The server's `detail` (or `error`) text, with any value of the request's secrets removed. */
  detail?: string;
  /** Seconds to wait before retrying, when the server said so. */
  retryAfterSeconds?: number;
  /** Fields a 422 names, with camelCase paths. */
  fieldErrors?: FieldError[];
  /** Host (and port) a 3xx pointed to; never the rest of its Location, which may carry tokens. */
  redirectHost?: string;
}

export interface FieldError {
  /** Dotted path of the field, e.g. `credential.password`. */
  path: string;
  message: string;
}

/**
 * What caused an error (kept as `error.cause`). Declared here rather than using the ES2022 lib's
 * `ErrorOptions`, so these declarations also type-check in projects compiled for ES2020 (Pulumi's
 * TypeScript template).
 */
export interface SkyvernErrorOptions {
  cause?: unknown;
}

/**
 * Base of every error this package throws. Catch this to catch them all. Each class declares what
 * the user should do about its family of failure once, as `static advice`; it ends every message
 * and is readable as `error.advice`.
 */
export class SkyvernError extends Error {
  override name = "SkyvernError";
  static readonly advice: string = "";

  /** What to do about this failure. */
  get advice(): string {
    return (this.constructor as typeof SkyvernError).advice;
  }

  /** `what` states the failure; the class's advice is appended. */
  constructor(what: string, options?: SkyvernErrorOptions) {
    const advice = (new.target as typeof SkyvernError).advice;
    super(advice ? `${what}. ${advice}` : what, options);
  }
}

/** The client was given unusable settings (e.g. no API key), detected before any request. */
export class SkyvernConfigurationError extends SkyvernError {
  override name = "SkyvernConfigurationError";
}

/** A request failed client-side validation; nothing was sent. */
export class CredentialInputError extends SkyvernError {
  override name = "CredentialInputError";
  constructor(readonly fieldErrors: FieldError[]) {
    super(`invalid credential input: ${fieldErrors.map((f) => `${f.path || "(root)"}: ${f.message}`).join("; ")}`);
  }
}

/** The server answered with a body that does not match the API model. */
export class UnexpectedResponseError extends SkyvernError {
  override name = "UnexpectedResponseError";
  static override readonly advice = "Check that the server version is supported.";
  constructor(readonly request: RequestDescription, problems: string[]) {
    super(`${request.method} ${request.path}: the Skyvern server's response does not match the API model (${problems.join("; ")})`);
  }
}

/** An HTTP error status from the server. Subclasses tell the families apart and say what to do. */
export class SkyvernApiError extends SkyvernError {
  override name = "SkyvernApiError";
  static override readonly advice: string = "Unexpected status from Skyvern; check the server version and logs.";
  readonly method: string;
  readonly path: string;
  readonly status: number;
  readonly detail?: string;

  constructor(details: ApiErrorDetails, options?: SkyvernErrorOptions) {
    super(`${details.method} ${details.path} failed with HTTP ${details.status}${details.detail ? `: ${details.detail}` : ""}`, options);
    this.method = details.method;
    this.path = details.path;
    this.status = details.status;
    this.detail = details.detail;
  }

  /** The error for an HTTP failure status: the one place that maps statuses to classes. */
  static from(details: ApiErrorDetails, options?: SkyvernErrorOptions): SkyvernApiError {
    const { status } = details;
    if (status === 401 || status === 403) return new AuthenticationError(details, options);
    if (status === 404) return new NotFoundError(details, options);
    if (status === 409) return new ConflictError(details, options);
    if (status === 422) return new ValidationError(details, options);
    if (status === 429) return new RateLimitError(details, options);
    if (status === 400) return new BadRequestError(details, options);
    if (status >= 300 && status < 400) return new RedirectError(details, options);
    if (status >= 500) return new ServerError(details, options);
    return new SkyvernApiError(details, options);
  }
}

export class AuthenticationError extends SkyvernApiError {
  override name = "AuthenticationError";
  static override readonly advice = "Check the API key: stack config `skyvern:apiKey` (set with --secret) or SKYVERN_API_KEY, and that it belongs to the Skyvern instance at the configured base URL.";
}

export class NotFoundError extends SkyvernApiError {
  override name = "NotFoundError";
  static override readonly advice: string = "The credential does not exist or was deleted outside this program; run `pulumi refresh` to drop it from state.";
}

export class ConflictError extends SkyvernApiError {
  override name = "ConflictError";
  static override readonly advice = "Another request modified this credential at the same time; run the operation again.";
}

export class ValidationError extends SkyvernApiError {
  override name = "ValidationError";
  static override readonly advice = "The server rejected these fields; correct them and run again.";
  readonly fieldErrors: FieldError[];
  constructor(details: ApiErrorDetails, options?: SkyvernErrorOptions) {
    const fieldErrors = details.fieldErrors ?? [];
    super({ ...details, detail: fieldErrors.map((f) => `${f.path}: ${f.message}`).join("; ") || details.detail }, options);
    this.fieldErrors = fieldErrors;
  }
}

export class BadRequestError extends SkyvernApiError {
  override name = "BadRequestError";
  static override readonly advice = "The server refused the request as sent; correct the input (for example the vault type or TOTP seed) and run again.";
}

/**
 * 429 after the retries were spent, or at once when the server asked for a longer wait than the
 * client allows for one (`maxDelayMs`, 20 s by default): waiting less than asked would be rude,
 * waiting longer would stall the whole run.
 */
export class RateLimitError extends SkyvernApiError {
  override name = "RateLimitError";
  static override readonly advice = "Skyvern is rate limiting this API key; lower the client's maxConcurrency (`skyvern:maxConcurrency`) or run again later.";
  readonly retryAfterSeconds?: number;
  constructor(details: ApiErrorDetails, options?: SkyvernErrorOptions) {
    const asked = details.retryAfterSeconds !== undefined ? ` (the server asked to wait ${details.retryAfterSeconds} s)` : "";
    super({ ...details, detail: `${details.detail ?? "too many requests"}${asked}` }, options);
    this.retryAfterSeconds = details.retryAfterSeconds;
  }
}

/**
 * The server answered with a redirect. Skyvern's API never redirects, and following one would send
 * the API key and the request body (secrets included) to wherever it points, so the client never
 * follows: it stops and names the status and the host the redirect pointed to (not its body).
 */
export class RedirectError extends SkyvernApiError {
  override name = "RedirectError";
  static override readonly advice = "Requests are sent only to the configured base URL; set `skyvern:baseUrl` / SKYVERN_BASE_URL to the address that answers the API directly (for example https:// rather than http://, or the host a proxy in front of Skyvern redirects to, if you trust it).";
  readonly redirectHost?: string;
  constructor(details: ApiErrorDetails, options?: SkyvernErrorOptions) {
    const target = details.redirectHost ? `a redirect to ${details.redirectHost}` : "a redirect without a Location";
    super({ ...details, detail: `${target}, not followed` }, options);
    this.redirectHost = details.redirectHost;
  }
}

export class ServerError extends SkyvernApiError {
  override name = "ServerError";
  static override readonly advice = "The Skyvern server failed; check its logs and run again. The operation may have been applied.";
}

/** No HTTP answer: connection refused or reset, DNS failure, TLS failure, or a timeout. */
export class ConnectionError extends SkyvernError {
  override name = "ConnectionError";
  static override readonly advice: string = "Check `skyvern:baseUrl` / SKYVERN_BASE_URL and that the server is running.";
  constructor(readonly request: RequestDescription, readonly code: string, baseUrl: string, options?: SkyvernErrorOptions, what = `could not reach Skyvern at ${baseUrl} (${code})`) {
    super(`${request.method} ${request.path}: ${what}`, options);
  }
}

/** The server's reply was larger than the client accepts (a misbehaving server or something else at the base URL). */
export class ResponseTooLargeError extends SkyvernError {
  override name = "ResponseTooLargeError";
  static override readonly advice = "Check that `skyvern:baseUrl` / SKYVERN_BASE_URL points at a Skyvern API; for a list, a smaller pageSize keeps each page smaller.";
  constructor(readonly request: RequestDescription, readonly limitBytes: number) {
    super(`${request.method} ${request.path}: the response exceeded the client's limit of ${limitBytes} bytes and was dropped`);
  }
}

/** The server did not answer within the per-attempt timeout: a kind of connection failure. */
export class TimeoutError extends ConnectionError {
  override name = "TimeoutError";
  static override readonly advice = "Raise timeoutMs or check the server's health and `skyvern:baseUrl`.";
  constructor(request: RequestDescription, readonly timeoutMs: number, baseUrl: string, options?: SkyvernErrorOptions) {
    super(request, "ETIMEDOUT", baseUrl, options, `no answer from Skyvern at ${baseUrl} within ${timeoutMs} ms`);
  }
}

/**
 * A create may or may not have been applied, and the lookup that followed could not settle it:
 * no matching credential was found after the last resend failed too, or several were found.
 * Thrown instead of retrying blindly, which could leave two credentials behind. `cause` is the
 * last ambiguous failure.
 */
export class PossibleDuplicateError extends SkyvernError {
  override name = "PossibleDuplicateError";
  static override readonly advice = "List credentials with that name (GET /v1/credentials?search=<name>), keep one, delete the others, and run again.";
  constructor(readonly credentialName: string, cause: SkyvernError, readonly candidateIds: readonly string[] = []) {
    const found = candidateIds.length === 0
      ? "no matching credential was found afterwards; if one appears later, a duplicate may exist"
      : `${candidateIds.length} matching credentials were found afterwards (${candidateIds.join(", ")}), so which one is this call's is unknown`;
    // The name stays a property: a message never quotes it, since a program may hold it secret.
    super(`creating a credential failed ambiguously (${cause.message}) and ${found}`, { cause });
  }
}

/**
 * A create was resent after an ambiguous failure and succeeded, and credentials showing the same
 * name and visible fields appeared since the call began. Each is most likely a late copy of an
 * earlier attempt, but the API cannot prove it is not someone else's (same name and username,
 * another secret), so none was changed or deleted. `credential` is the one this call created
 * (its full response, so a caller can record it: keep it); `lookAlikeIds` are the others.
 */
export class LookAlikeCredentialsError extends SkyvernError {
  override name = "LookAlikeCredentialsError";
  static override readonly advice = "Nothing was deleted. Check each look-alike (GET /v1/credentials/<id>): delete the ones nobody uses (POST /v1/credentials/<id>/delete), then run again.";
  constructor(readonly credential: CredentialResponse, readonly lookAlikeIds: readonly string[]) {
    super(
      `creating a credential stored ${credential.credentialId} after an ambiguous failure, and ${lookAlikeIds.join(", ")} with the same name and visible fields appeared meanwhile: each may be a late copy of an earlier attempt or another's credential, so it was left untouched`,
    );
  }
}
