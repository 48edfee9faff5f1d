/**
 * HTTP transport: one axios instance per client, a keep-alive agent whose socket limit is the
 * client's concurrency cap, the declared retry policy, and what an HTTP failure said, handed to
 * `SkyvernApiError.from`. Axios errors never escape, not even as `cause`: they hold the request
 * body and the API key.
 */
import http from "node:http";
import https from "node:https";
import axios, { AxiosError, type AxiosInstance } from "axios";
import axiosRetry from "axios-retry";
import type { z } from "zod";
import {
  ConnectionError, SkyvernApiError, SkyvernError, TimeoutError, UnexpectedResponseError,
  type ApiErrorDetails, type FieldError, type RequestDescription,
} from "./errors";
import { backoffDelayMs, isRetryable, type BackoffSettings, type RequestKind } from "./retry-policy";
import { httpValidationErrorSchema } from "./schemas";
import { fieldNameFromWire, fromWire, toWire } from "./wire";

declare module "axios" {
  interface AxiosRequestConfig {
    /** Which retry policy applies and when the first attempt started. */
    skyvernRetry?: { kind: RequestKind; firstAttemptAt: number };
  }
}

export interface TransportSettings {
  baseUrl: string;
  apiKey: string;
  timeoutMs: number;
  maxConcurrency: number;
  userAgent: string;
  backoff: BackoffSettings;
}

export interface TransportRequest<T> extends RequestDescription {
  kind: RequestKind;
  body?: object;
  query?: Record<string, string | number | undefined>;
  /** Schema of the (camelCase) response; omit for empty responses. */
  responseSchema?: z.ZodType<T>;
  /** Values that must never appear in an error, e.g. the passwords being sent. */
  secrets?: readonly string[];
}

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
      // Status handling is ours: every non-2xx becomes an AxiosError for the retry layer.
      validateStatus: (status) => status >= 200 && status < 300,
    });
    axiosRetry(this.axios, {
      retries: settings.backoff.maxRetries,
      shouldResetTimeout: true,
      retryCondition: (error) => {
        const retry = error.config?.skyvernRetry;
        if (!retry) return false;
        const withinBudget = Date.now() - retry.firstAttemptAt < settings.backoff.maxElapsedMs;
        return withinBudget && isRetryable(retry.kind, error, settings.backoff);
      },
      retryDelay: (retryNumber, error) => backoffDelayMs(retryNumber, error, settings.backoff),
    });
  }

  get baseUrl(): string {
    return this.settings.baseUrl;
  }

  async send<T>(request: TransportRequest<T>): Promise<T> {
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
      throw new UnexpectedResponseError(request, parsed.error.issues.map((i) => `${i.path.join(".") || "(body)"}: ${i.message}`));
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
      const cause = networkCause(error);
      if (error.code === "ETIMEDOUT" || error.code === "ECONNABORTED") return new TimeoutError(where, this.settings.timeoutMs, this.settings.baseUrl, { cause });
      return new ConnectionError(where, error.code ?? "network error", this.settings.baseUrl, { cause });
    }
    const { status, data, headers } = error.response;
    const details: ApiErrorDetails = { ...where, status, detail: redact(describeDetail(data), request.secrets ?? []) };
    const retryAfter = Number(headers["retry-after"]);
    if (Number.isFinite(retryAfter)) details.retryAfterSeconds = retryAfter;
    if (status === 422) details.fieldErrors = fieldErrorsOf(data);
    return SkyvernApiError.from(details);
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

/** The server's own words: FastAPI's `detail` (string or list) or Skyvern's 500 `error`. */
function describeDetail(data: unknown): string | undefined {
  if (typeof data === "string") return data.slice(0, 300) || undefined;
  if (data === null || typeof data !== "object") return undefined;
  const body = data as { detail?: unknown; error?: unknown };
  if (typeof body.detail === "string") return body.detail;
  // TOTP failures come as {error_code, message}.
  const nested = body.detail as { message?: unknown } | undefined;
  if (typeof nested?.message === "string") return nested.message;
  if (typeof body.error === "string") return body.error;
  if (Array.isArray(body.detail)) return fieldErrorsOf(data).map((f) => `${f.path}: ${f.message}`).join("; ");
  return undefined;
}

/** Field paths from a 422, with the wire's `body.` prefix dropped and names in camelCase. */
function fieldErrorsOf(data: unknown): FieldError[] {
  const parsed = httpValidationErrorSchema.safeParse(data);
  if (!parsed.success) return [];
  return parsed.data.detail.map((item) => ({
    path: item.loc.filter((part, index) => !(index === 0 && part === "body")).map(fieldNameFromWire).join("."),
    message: item.msg,
  }));
}

function redact(text: string | undefined, secrets: readonly string[]): string | undefined {
  if (text === undefined) return undefined;
  return secrets.filter((s) => s.length >= 3).reduce((out, secret) => out.split(secret).join("[redacted]"), text);
}
