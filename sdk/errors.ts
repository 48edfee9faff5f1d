/**
 * Errors thrown by the Skyvern client. One base class, one subclass per failure family, the
 * message built in one place. They never hold a request body, a secret or the API key: only
 * the method, path, status and what the server said (after redaction).
 */

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
}

export interface FieldError {
  /** Dotted path of the field, e.g. `credential.password`. */
  path: string;
  message: string;
}

/** Base of every error this package throws. Catch this to catch them all. */
export class SkyvernError extends Error {
  override name = "SkyvernError";
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
  constructor(readonly request: RequestDescription, problems: string[]) {
    super(`${request.method} ${request.path}: the Skyvern server's response does not match the API model (${problems.join("; ")}). Check that the server version is supported.`);
  }
}

/** An HTTP error status from the server. Subclasses tell the families apart and say what to do. */
export class SkyvernApiError extends SkyvernError {
  override name = "SkyvernApiError";
  /** What the user should do about this family of failure; ends every message. */
  static readonly advice: string = "Unexpected status from Skyvern; check the server version and logs.";
  readonly method: string;
  readonly path: string;
  readonly status: number;
  readonly detail?: string;

  constructor(details: ApiErrorDetails, advice = (new.target as typeof SkyvernApiError).advice) {
    const said = details.detail ? `: ${details.detail}` : "";
    super(`${details.method} ${details.path} failed with HTTP ${details.status}${said}. ${advice}`);
    this.method = details.method;
    this.path = details.path;
    this.status = details.status;
    this.detail = details.detail;
  }
}

export class AuthenticationError extends SkyvernApiError {
  override name = "AuthenticationError";
  static override readonly advice = "Check the API key: stack config `skyvern:apiKey` (set with --secret) or SKYVERN_API_KEY, and that it belongs to the Skyvern instance at the configured base URL.";
}

export class NotFoundError extends SkyvernApiError {
  override name = "NotFoundError";
  static override readonly advice = "The credential does not exist or was deleted outside this program; run `pulumi refresh` to drop it from state.";
}

export class ConflictError extends SkyvernApiError {
  override name = "ConflictError";
  static override readonly advice = "Another request modified this credential at the same time; run the operation again.";
}

export class ValidationError extends SkyvernApiError {
  override name = "ValidationError";
  constructor(details: ApiErrorDetails, readonly fieldErrors: FieldError[]) {
    super(
      { ...details, detail: fieldErrors.map((f) => `${f.path}: ${f.message}`).join("; ") || details.detail },
      "The server rejected these fields; correct them and run again.",
    );
  }
}

export class BadRequestError extends SkyvernApiError {
  override name = "BadRequestError";
  static override readonly advice = "The server refused the request as sent; correct the input (for example the vault type or TOTP seed) and run again.";
}

export class RateLimitError extends SkyvernApiError {
  override name = "RateLimitError";
  readonly retryAfterSeconds?: number;
  constructor(details: ApiErrorDetails) {
    const wait = details.retryAfterSeconds !== undefined ? ` (the server asked for ${details.retryAfterSeconds}s)` : "";
    super(details, `Skyvern is rate limiting this API key${wait}; retries were exhausted. Lower the client's maxConcurrency or run again later.`);
    this.retryAfterSeconds = details.retryAfterSeconds;
  }
}

export class ServerError extends SkyvernApiError {
  override name = "ServerError";
  static override readonly advice = "The Skyvern server failed; check its logs and run again. The operation may have been applied.";
}

/** No HTTP answer: connection refused or reset, DNS failure, TLS failure. */
export class ConnectionError extends SkyvernError {
  override name = "ConnectionError";
  constructor(readonly request: RequestDescription, readonly code: string, baseUrl: string) {
    super(`${request.method} ${request.path}: could not reach Skyvern at ${baseUrl} (${code}). Check \`skyvern:baseUrl\` / SKYVERN_BASE_URL and that the server is running.`);
  }
}

export class TimeoutError extends SkyvernError {
  override name = "TimeoutError";
  constructor(readonly request: RequestDescription, timeoutMs: number) {
    super(`${request.method} ${request.path}: no answer from Skyvern within ${timeoutMs} ms. Raise timeoutMs or check the server's health.`);
  }
}

/**
 * A create may or may not have been applied and no matching credential could be found to adopt.
 * Thrown instead of retrying blindly, which could leave two credentials behind.
 */
export class PossibleDuplicateError extends SkyvernError {
  override name = "PossibleDuplicateError";
  constructor(readonly credentialName: string, cause: SkyvernError) {
    super(
      `creating credential "${credentialName}" failed ambiguously (${cause.message}) and no matching credential was found afterwards. ` +
        `If it reappears, a duplicate may exist: list credentials with search="${credentialName}" (GET /v1/credentials?search=...) and delete the extra one before running again.`,
    );
  }
}
