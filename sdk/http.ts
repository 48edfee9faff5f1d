/**
 * HTTP transport: one axios instance per client, a keep-alive agent whose socket limit is the
 * client's concurrency cap, the declared retry policy, and what an HTTP failure said, handed to
 * `SkyvernApiError.from`. Requests go to the configured base URL and nowhere else: redirects are
 * never followed and absolute URLs are refused. Axios errors never escape, not even as `cause`:
 * they hold the request body and the API key.
 */
import http from "node:http";
import https from "node:https";
import axios, { AxiosError, type AxiosInstance } from "axios";
import axiosRetry from "axios-retry";
import type { z } from "zod";
import {
  ConnectionError, ResponseTooLargeError, SkyvernApiError, SkyvernError, TimeoutError, UnexpectedResponseError,
  type ApiErrorDetails, type FieldError, type RequestDescription,
} from "./errors";
import { redact } from "./redact";
import { backoffDelayMs, isRetryable, mayStartRetry, type BackoffSettings, type RequestKind } from "./retry-policy";
import { httpValidationErrorSchema } from "./schemas";
import { fieldNameFromWire, fromWire, toWire } from "./wire";

declare module "axios" {
  interface AxiosRequestConfig {
    /** Which retry policy applies and when the first attempt started. */
    skyvernRetry?: { kind: RequestKind; firstAttemptAt: number };
  }
}

/** A write has started, or has settled (succeeded or failed). */
export type WritePhase = "start" | "end";

export interface TransportSettings {
  baseUrl: string;
  apiKey: string;
  timeoutMs: number;
  maxConcurrency: number;
  userAgent: string;
  backoff: BackoffSettings;
  /** Told when a request that may change something (any method but GET) starts, and again when it settles. */
  onWrite?: (request: RequestDescription, phase: WritePhase) => void;
}

export interface TransportRequest<T> extends RequestDescription {
  kind: RequestKind;
  body?: object;
  query?: Record<string, string | number | undefined>;
  /** Schema of the (camelCase) response; omit for empty responses. */
  responseSchema?: z.ZodType<T>;
  /** Values that must never appear in an error, in any form a server may echo (see redact.ts). */
  secrets?: readonly string[];
}

/**
 * Largest response body accepted, in bytes. Generous on purpose: the biggest legitimate answer is
 * one list page, and a page of 10,000 credentials (the credentials list has no server-side limit)
 * is about 10 MB. The cap exists so a runaway or hostile reply cannot exhaust the provider's
 * memory: the body is buffered whole, then parsed into objects several times its size.
 */
export const MAX_RESPONSE_BYTES = 32 * 1024 * 1024;

export class Transport {
  private readonly axios: AxiosInstance;

  constructor(private readonly settings: TransportSettings) {
    const agentOptions = { keepAlive: true, maxSockets: settings.maxConcurrency };
    this.axios = axios.create({
      baseURL: settings.baseUrl.replace(/\/+$/, ""),
      timeout: settings.timeoutMs,
      headers: { "x-api-key": settings.apiKey, "user-agent": settings.userAgent, accept: "application/json" },
      httpAgent: new http.Agent(agentOptions),
      httpsAgent: new https.Agent(agentOptions),
      transitional: { clarifyTimeoutError: true },
      // Skyvern's API never redirects. Following a 307/308 would resend the x-api-key header and the
      // body (secrets included) to wherever it points, so a 3xx is reported, never followed.
      maxRedirects: 0,
      // Pinned: the fetch adapter would follow redirects whatever maxRedirects says.
      adapter: "http",
      // A request path can never replace the base URL, whatever ends up in it.
      allowAbsoluteUrls: false,
      maxContentLength: MAX_RESPONSE_BYTES,
      // Status handling is ours: every non-2xx becomes an AxiosError for the retry layer.
      validateStatus: (status) => status >= 200 && status < 300,
    });
    axiosRetry(this.axios, {
      retries: settings.backoff.maxRetries,
      shouldResetTimeout: true,
      retryCondition: (error) => {
        const retry = error.config?.skyvernRetry;
        if (!retry) return false;
        return mayStartRetry(Date.now() - retry.firstAttemptAt, error, settings.backoff) && isRetryable(retry.kind, error, settings.backoff);
      },
      retryDelay: (retryNumber, error) => {
        const firstAttemptAt = error.config?.skyvernRetry?.firstAttemptAt ?? Date.now();
        return backoffDelayMs(retryNumber, error, settings.backoff, Date.now() - firstAttemptAt);
      },
    });
  }

  get baseUrl(): string {
    return this.settings.baseUrl;
  }

  async send<T>(request: TransportRequest<T>): Promise<T> {
    if (request.method.toUpperCase() === "GET" || !this.settings.onWrite) return this.sendOnce(request);
    const { onWrite } = this.settings;
    const description = { method: request.method.toUpperCase(), path: request.path };
    // Before and after: whatever was read while the write ran may predate it.
    onWrite(description, "start");
    try {
      return await this.sendOnce(request);
    } finally {
      onWrite(description, "end");
    }
  }

  private async sendOnce<T>(request: TransportRequest<T>): Promise<T> {
    let data: unknown;
    try {
      const response = await this.axios.request({
        method: request.method,
        url: request.path,
        params: request.query,
        data: request.body === undefined ? undefined : toWire(request.body),
        skyvernRetry: { kind: request.kind, firstAttemptAt: Date.now() },
      });
      data = response.data;
    } catch (error) {
      throw this.toSkyvernError(error, request);
    }
    if (!request.responseSchema) return undefined as T;
    const parsed = request.responseSchema.safeParse(fromWire(data));
    if (!parsed.success) {
      const secrets = request.secrets ?? [];
      throw new UnexpectedResponseError(request, parsed.error.issues.map((i) => redact(`${i.path.join(".") || "(body)"}: ${i.message}`, secrets)));
    }
    return parsed.data;
  }

  /** Releases pooled sockets so a short-lived process can exit promptly. */
  close(): void {
    const { httpAgent, httpsAgent } = this.axios.defaults;
    (httpAgent as http.Agent).destroy();
    (httpsAgent as https.Agent).destroy();
  }

  private toSkyvernError(error: unknown, request: TransportRequest<unknown>): SkyvernError {
    const where: RequestDescription = { method: request.method.toUpperCase(), path: request.path };
    if (!(error instanceof AxiosError)) {
      return new SkyvernError(`${where.method} ${where.path}: unexpected client failure (${(error as Error)?.name ?? "unknown"})`);
    }
    if (!error.response) {
      if (error.code === AxiosError.ERR_BAD_RESPONSE && /maxContentLength/.test(error.message)) return new ResponseTooLargeError(where, MAX_RESPONSE_BYTES);
      const cause = networkCause(error);
      if (error.code === "ETIMEDOUT" || error.code === "ECONNABORTED") return new TimeoutError(where, this.settings.timeoutMs, this.settings.baseUrl, { cause });
      return new ConnectionError(where, error.code ?? "network error", this.settings.baseUrl, { cause });
    }
    const { status, data, headers } = error.response;
    // A redirect's body is whatever the other side chose to say: never quoted, only where it points.
    if (status >= 300 && status < 400) return SkyvernApiError.from({ ...where, status, redirectHost: hostOf(headers.location, this.settings.baseUrl) });
    const secrets = request.secrets ?? [];
    const details: ApiErrorDetails = { ...where, status, detail: describeDetail(data, secrets) };
    const retryAfter = Number(headers["retry-after"]);
    if (Number.isFinite(retryAfter)) details.retryAfterSeconds = retryAfter;
    if (status === 422) details.fieldErrors = fieldErrorsOf(data, secrets);
    return SkyvernApiError.from(details);
  }
}

/** The host (with port) a Location header points to, resolved against the base URL. */
function hostOf(location: unknown, baseUrl: string): string | undefined {
  if (typeof location !== "string" || !location) return undefined;
  try {
    return new URL(location, baseUrl).host || undefined;
  } catch {
    return "an unparsable Location";
  }
}

/** The socket-level failure behind an axios network error, rebuilt bare: no request config, no headers. */
function networkCause(error: AxiosError): Error {
  const inner = error.cause instanceof Error ? error.cause : error;
  const cause = new Error(inner.message);
  cause.name = inner.name;
  const code = (inner as { code?: unknown }).code ?? error.code;
  if (typeof code === "string") Object.assign(cause, { code });
  return cause;
}

/**
 * The server's own words: FastAPI's `detail` (string or list) or Skyvern's 500 `error`, with the
 * request's secrets removed (before any cut, so no fragment of one survives).
 */
function describeDetail(data: unknown, secrets: readonly string[]): string | undefined {
  if (typeof data === "string") return redact(data, secrets).slice(0, 300) || undefined;
  if (data === null || typeof data !== "object") return undefined;
  const body = data as { detail?: unknown; error?: unknown };
  if (typeof body.detail === "string") return redact(body.detail, secrets);
  // TOTP failures come as {error_code, message}.
  const nested = body.detail as { message?: unknown } | undefined;
  if (typeof nested?.message === "string") return redact(nested.message, secrets);
  if (typeof body.error === "string") return redact(body.error, secrets);
  if (Array.isArray(body.detail)) return fieldErrorsOf(data, secrets).map((f) => `${f.path}: ${f.message}`).join("; ");
  return undefined;
}

/**
 * Field paths from a 422, with the wire's `body.` prefix dropped and names in camelCase. Messages
 * quote values (pydantic: "Value error, weak password '...'"), so they are redacted like any detail.
 */
function fieldErrorsOf(data: unknown, secrets: readonly string[]): FieldError[] {
  const parsed = httpValidationErrorSchema.safeParse(data);
  if (!parsed.success) return [];
  return parsed.data.detail.map((item) => ({
    path: redact(item.loc.filter((part, index) => !(index === 0 && part === "body")).map(fieldNameFromWire).join("."), secrets),
    message: redact(item.msg, secrets),
  }));
}
