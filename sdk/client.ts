/**
 * Entry point of the typed Skyvern client. Settings fall back to the environment variables
 * Skyvern's own SDKs use, so scripts and the Pulumi provider configure it the same way.
 */
import { baseUrlProblem } from "./base-url";
import { CredentialsApi } from "./credentials";
import { SkyvernConfigurationError, type RequestDescription } from "./errors";
import { FoldersApi } from "./folders";
import { Transport, type WritePhase } from "./http";
import { OrganizationsApi } from "./organizations";
import { DEFAULT_BACKOFF, type BackoffSettings } from "./retry-policy";

export interface SkyvernClientOptions {
  /** Defaults to SKYVERN_BASE_URL, then Skyvern Cloud. `https://`, or `http://` for a loopback host only. */
  baseUrl?: string;
  /** Defaults to SKYVERN_API_KEY. Required. */
  apiKey?: string;
  /** Per-attempt timeout. Default 30 s. */
  timeoutMs?: number;
  /** Retries after the first attempt. Default 4. */
  maxRetries?: number;
  /** Most requests in flight at once for this client. Default 8. */
  maxConcurrency?: number;
  userAgent?: string;
  /** Fine-tuning of the retry backoff; `maxRetries` above wins over `backoff.maxRetries`. */
  backoff?: Partial<BackoffSettings>;
  /**
   * Told (method, path) when a request that may change something starts and again when it settles,
   * e.g. to forget cached reads of what it touches.
   */
  onWrite?: (request: RequestDescription, phase: WritePhase) => void;
}

export const SKYVERN_CLOUD_URL = "https://api.skyvern.com";

export class SkyvernClient {
  readonly credentials: CredentialsApi;
  /** Credential folders (routes hidden from Skyvern's OpenAPI page). */
  readonly folders: FoldersApi;
  /** The organization the API key acts for (`keyOrganizationId()`: at most one request per client). */
  readonly organizations: OrganizationsApi;
  private readonly transport: Transport;

  constructor(options: SkyvernClientOptions = {}) {
    const apiKey = options.apiKey ?? process.env.SKYVERN_API_KEY;
    if (!apiKey) {
      throw new SkyvernConfigurationError("no Skyvern API key: pass apiKey, set SKYVERN_API_KEY, or set the stack config `skyvern:apiKey` with --secret");
    }
    const baseUrl = options.baseUrl ?? process.env.SKYVERN_BASE_URL ?? SKYVERN_CLOUD_URL;
    const problem = baseUrlProblem(baseUrl);
    if (problem) throw new SkyvernConfigurationError(`the Skyvern base URL ${problem}`);
    const maxConcurrency = options.maxConcurrency ?? 8;
    if (!Number.isInteger(maxConcurrency) || maxConcurrency < 1) throw new SkyvernConfigurationError("maxConcurrency must be a positive integer");
    this.transport = new Transport({
      baseUrl,
      apiKey,
      timeoutMs: options.timeoutMs ?? 30_000,
      maxConcurrency,
      userAgent: options.userAgent ?? "pulumi-skyvern",
      onWrite: options.onWrite,
      backoff: { ...DEFAULT_BACKOFF, ...options.backoff, ...(options.maxRetries !== undefined ? { maxRetries: options.maxRetries } : {}) },
    });
    this.credentials = new CredentialsApi(this.transport);
    this.folders = new FoldersApi(this.transport);
    this.organizations = new OrganizationsApi(this.transport, apiKey);
  }

  get baseUrl(): string {
    return this.transport.baseUrl;
  }

  /** Closes pooled keep-alive connections. */
  close(): void {
    this.transport.close();
  }
}
