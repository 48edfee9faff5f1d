/**
 * The credentials resource of the Skyvern API: create, get, update, patch, folder assignment,
 * delete, list and the TOTP code preview. Requests are validated before sending; responses are
 * validated on arrival.
 */
import AsyncLock from "async-lock";
import { z } from "zod";
import { CredentialInputError, LookAlikeCredentialsError, PossibleDuplicateError, SkyvernError } from "./errors";
import type { Transport } from "./http";
import { createdSince } from "./ids";
import { sensitiveValuesOf } from "./redact";
import { isAmbiguousCreateFailure } from "./retry-policy";
import {
  createCredentialRequestSchema, credentialFolderAssignmentSchema, credentialIdSchema, credentialListSchema, credentialPatchSchema, credentialResponseSchema,
  credentialSchemasByType, totpCodeResponseSchema,
  type CreateCredentialRequest, type CredentialPatch, type CredentialResponse, type CredentialType, type CredentialVaultType, type TotpCodeResponse,
} from "./schemas";

export interface ListCredentialsOptions {
  credentialType?: CredentialType;
  vaultType?: CredentialVaultType;
  /** Server-side search on the credential name. */
  search?: string;
  /** Page size used while iterating (the server's default is 10). */
  pageSize?: number;
}

/**
 * Sends of a create after ambiguous failures, beyond the first: as many as the retries of any other
 * request (the README's "4 retries"). Each follows a lookup that found nothing, so it is safe; at 2,
 * a 100-credential `up` with 30% of requests failing gave up in 2 of 8 runs (measured).
 */
const MAX_CREATE_RESENDS = 4;
/** Time for a create still running on the server to finish before looking for it. */
const SETTLE_MS = 1_000;


/**
 * Creates whose visible fields are identical (two stack-config entries with the same name and
 * username) run one at a time in this process, and every id a create returned is remembered. The
 * lookup after an ambiguous failure then never mistakes a sibling's credential, created moments
 * before within the clock tolerance, for this call's: it is known, so never adopted or reported.
 * async-lock queues per key and forgets a key once its queue is empty.
 */
const identicalCreates = new AsyncLock({ maxPending: Number.POSITIVE_INFINITY });
const idsCreatedInThisProcess = new Set<string>();

export class CredentialsApi {
  constructor(private readonly transport: Transport) {}

  /**
   * Creates a credential, exactly once. The server does not deduplicate, so a create whose outcome
   * is unknown (timeout, reset, 500/502/504) is never blindly resent: after letting work still in
   * flight settle, the credentials this call may have stored are looked up by visible fields and
   * creation time, leaving out those other creates of this process returned. One found is adopted;
   * none found means it is safe to send again. Look-alikes that appear around a resend cannot be
   * told from someone else's credential: they are reported (LookAlikeCredentialsError), never deleted.
   */
  async create(request: CreateCredentialRequest): Promise<CredentialResponse> {
    const body = validateRequest(request);
    return identicalCreates.acquire(visibleIdentityOf(body), async () => {
      try {
        const created = await this.createOnce(body);
        idsCreatedInThisProcess.add(created.credentialId);
        return created;
      } catch (error) {
        if (error instanceof LookAlikeCredentialsError) idsCreatedInThisProcess.add(error.credential.credentialId);
        throw error;
      }
    });
  }

  private async createOnce(body: CreateCredentialRequest): Promise<CredentialResponse> {
    const callStartedAt = Date.now();
    let ambiguousFailure: SkyvernError | undefined;
    let stored: CredentialResponse[] = [];
    for (let attempt = 0; attempt <= MAX_CREATE_RESENDS; attempt++) {
      try {
        const created = await this.transport.send({
          method: "POST", path: "/v1/credentials", kind: "create", body, responseSchema: credentialResponseSchema, secrets: secretValuesOf(body),
        });
        if (ambiguousFailure) await this.reportLookAlikesSince(body, callStartedAt, created);
        return created;
      } catch (error) {
        if (!isAmbiguousCreateFailure(error)) throw error;
        ambiguousFailure = error as SkyvernError;
        await sleep(SETTLE_MS);
        stored = await this.findCreatedSince(body, callStartedAt);
        // Matching non-secret fields alone do not prove it is ours: rewrite it with this call's secrets.
        if (stored.length === 1) return this.update(stored[0].credentialId, body);
        if (stored.length > 1) break;
      }
    }
    throw new PossibleDuplicateError(body.name, ambiguousFailure!, stored.map((c) => c.credentialId));
  }

  get(credentialId: string): Promise<CredentialResponse> {
    return this.transport.send({ method: "GET", path: credentialPath(credentialId), kind: "idempotent", responseSchema: credentialResponseSchema });
  }

  /**
   * Replaces the stored credential data with exactly the given payload; the server keeps the same
   * `credentialId`. Skyvern keeps any payload field an update omits (TOTP seed, billing fields,
   * metadata), so every optional field left out here is sent as an explicit null: removing a field
   * removes it. Settings outside the payload (proxy, profile, tested URL) are untouched unless given.
   */
  update(credentialId: string, request: CreateCredentialRequest): Promise<CredentialResponse> {
    const body = withExplicitClears(validateRequest(request));
    return this.transport.send({
      method: "POST", path: `${credentialPath(credentialId)}/update`, kind: "idempotent", body, responseSchema: credentialResponseSchema, secrets: secretValuesOf(body),
    });
  }

  /**
   * Changes settings without touching the stored secret (`PATCH`, hidden from Skyvern's API page).
   * Only the fields given are sent. Skyvern reads null as "leave as is" for `testedUrl`,
   * `userContext` and the booleans; an empty `testedUrl` clears it; null `browserProfileId` unlinks.
   */
  patch(credentialId: string, patch: CredentialPatch): Promise<CredentialResponse> {
    const parsed = credentialPatchSchema.safeParse(patch);
    if (!parsed.success) throw new CredentialInputError(fieldErrorsOf(parsed.error));
    return this.transport.send({ method: "PATCH", path: credentialPath(credentialId), kind: "idempotent", body: parsed.data, responseSchema: credentialResponseSchema });
  }

  /** Puts the credential in a folder (`cfld_...`), or takes it out of any folder with null. */
  setFolder(credentialId: string, folderId: string | null): Promise<CredentialResponse> {
    const parsed = credentialFolderAssignmentSchema.safeParse({ folderId });
    if (!parsed.success) throw new CredentialInputError(fieldErrorsOf(parsed.error));
    return this.transport.send({ method: "PUT", path: `${credentialPath(credentialId)}/folder`, kind: "idempotent", body: parsed.data, responseSchema: credentialResponseSchema });
  }

  /** The authenticator code Skyvern generates now from the stored seed (400 unless totpType is authenticator). */
  totpCode(credentialId: string): Promise<TotpCodeResponse> {
    return this.transport.send({ method: "GET", path: `${credentialPath(credentialId)}/totp-code`, kind: "idempotent", responseSchema: totpCodeResponseSchema });
  }

  /** Deletes a credential. Note: `DELETE /v1/credentials/{id}` is a different handler that does not delete. */
  async delete(credentialId: string): Promise<void> {
    await this.transport.send({ method: "POST", path: `${credentialPath(credentialId)}/delete`, kind: "idempotent" });
  }

  /** Iterates over every matching credential, newest first, fetching pages as needed. */
  async *list(options: ListCredentialsOptions = {}): AsyncGenerator<CredentialResponse> {
    const pageSize = options.pageSize ?? 100;
    for (let page = 1; ; page++) {
      const items = await this.listPage(page, { ...options, pageSize });
      yield* items;
      // The server returns a bare array with no total: a short page is the last one.
      if (items.length < pageSize) return;
    }
  }

  /**
   * One page of the list (1-based): credentials not deleted, newest created first, by offset
   * (`page_size` has no server maximum). Credentials created or deleted between two pages shift the
   * later ones: one may appear on two pages, or on none.
   */
  async listPage(page: number, options: ListCredentialsOptions = {}): Promise<CredentialResponse[]> {
    const pageSize = options.pageSize ?? 100;
    // A page size below 1 would make every page "full" and an iteration endless.
    if (!Number.isInteger(pageSize) || pageSize < 1) throw new CredentialInputError([{ path: "pageSize", message: "must be a whole number of at least 1" }]);
    if (!Number.isInteger(page) || page < 1) throw new CredentialInputError([{ path: "page", message: "must be a whole number of at least 1" }]);
    return this.transport.send({
      method: "GET", path: "/v1/credentials", kind: "idempotent", responseSchema: credentialListSchema,
      query: { page, page_size: pageSize, credential_type: options.credentialType, vault_type: options.vaultType, search: options.search },
    });
  }

  /**
   * After a resend succeeded, a look-alike created since the call began is most likely a late copy
   * of an earlier attempt, but nothing proves it is not someone else's: it is left as it is and
   * named in the error, with the kept credential, so the caller records that one and a human decides.
   */
  private async reportLookAlikesSince(request: CreateCredentialRequest, since: number, kept: CredentialResponse): Promise<void> {
    const lookAlikes = (await this.findCreatedSince(request, since)).filter((c) => c.credentialId !== kept.credentialId);
    if (lookAlikes.length > 0) throw new LookAlikeCredentialsError(kept, lookAlikes.map((c) => c.credentialId));
  }

  private async findCreatedSince(request: CreateCredentialRequest, attemptStartedAt: number): Promise<CredentialResponse[]> {
    const matches: CredentialResponse[] = [];
    for await (const candidate of this.list({ search: request.name, credentialType: request.credentialType })) {
      if (!createdSince(candidate.credentialId, attemptStartedAt)) break; // newest first
      if (idsCreatedInThisProcess.has(candidate.credentialId)) continue; // another create's, within the clock tolerance
      if (hasSameVisibleFields(candidate, request)) matches.push(candidate);
    }
    return matches;
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The request path of one credential. The id is checked first, wherever it came from (input,
 * import, lookup, state): it is part of the path, and `..` would turn `/v1/credentials/{id}/delete`
 * into another route.
 */
function credentialPath(credentialId: string): string {
  const parsed = credentialIdSchema.safeParse(credentialId);
  if (!parsed.success) throw new CredentialInputError([{ path: "credentialId", message: parsed.error.issues[0].message }]);
  return `/v1/credentials/${encodeURIComponent(parsed.data)}`;
}

function validateRequest(request: CreateCredentialRequest): CreateCredentialRequest {
  const parsed = createCredentialRequestSchema.safeParse(request);
  if (!parsed.success) throw new CredentialInputError(fieldErrorsOf(parsed.error));
  return parsed.data;
}

/**
 * The payload with every optional field it leaves out set to null (one level into nested objects
 * such as `billingAddress`, whose sub-fields Skyvern also keeps when omitted). Fields whose schema
 * does not accept null (e.g. `totpType`, defaulted by the server) stay omitted.
 */
function withExplicitClears(request: CreateCredentialRequest): CreateCredentialRequest {
  const schema = credentialSchemasByType[request.credentialType] as unknown as z.ZodObject;
  return { ...request, credential: nullsForOmitted(schema, request.credential as Record<string, unknown>) } as CreateCredentialRequest;
}

function nullsForOmitted(schema: z.ZodObject, value: Record<string, unknown>): Record<string, unknown> {
  const filled: Record<string, unknown> = { ...value };
  for (const [field, fieldSchema] of Object.entries(schema.shape as Record<string, z.ZodType>)) {
    const inner = unwrapObject(fieldSchema);
    if (filled[field] === undefined || filled[field] === null) {
      if (fieldSchema.safeParse(null).success) filled[field] = null;
    } else if (inner) {
      filled[field] = nullsForOmitted(inner, filled[field] as Record<string, unknown>);
    }
  }
  return filled;
}

/** The object schema inside an optional/nullable wrapper, if the field is an object. */
function unwrapObject(schema: z.ZodType): z.ZodObject | undefined {
  let current: z.ZodType = schema;
  while (current instanceof z.ZodOptional || current instanceof z.ZodNullable) current = current.unwrap() as z.ZodType;
  return current instanceof z.ZodObject ? current : undefined;
}

/** Zod issues as field errors. Messages name the rule, never the rejected value. */
export function fieldErrorsOf(error: z.ZodError): { path: string; message: string }[] {
  return error.issues.map((issue) => ({ path: issue.path.map(String).join("."), message: issue.message }));
}

/** Every value in the payload that must never be echoed back in an error (secret fields, metadata values). */
function secretValuesOf(request: CreateCredentialRequest): string[] {
  return sensitiveValuesOf(request.credential as Record<string, unknown>);
}

/** Compares what the server shows of a credential (it never returns secrets) with a request. */
export function hasSameVisibleFields(candidate: CredentialResponse, request: CreateCredentialRequest): boolean {
  return candidate.name === request.name && candidate.credentialType === request.credentialType
    && JSON.stringify(visibleFieldsOfResponse(candidate)) === JSON.stringify(visibleFieldsOfRequest(request));
}

/** A key equal for two requests exactly when the server would show their credentials alike. */
function visibleIdentityOf(request: CreateCredentialRequest): string {
  return JSON.stringify([request.name, request.credentialType, visibleFieldsOfRequest(request)]);
}

/** What the server will show of a request's credential besides name and type, in the response's terms. */
function visibleFieldsOfRequest(request: CreateCredentialRequest): unknown[] {
  switch (request.credentialType) {
    case "password":
      return [request.credential.username, request.credential.totpIdentifier ?? null];
    case "credit_card":
      return [request.credential.cardNumber.replace(/[\s-]/g, "").slice(-4)];
    case "secret":
      return [request.credential.secretLabel ?? null];
  }
}

function visibleFieldsOfResponse(candidate: CredentialResponse): unknown[] {
  switch (candidate.credentialType) {
    case "password": {
      const view = candidate.credential as { username: string; totpIdentifier?: string | null };
      return [view.username, view.totpIdentifier ?? null];
    }
    case "credit_card":
      return [(candidate.credential as { lastFour: string }).lastFour];
    case "secret":
      return [(candidate.credential as { secretLabel?: string | null }).secretLabel ?? null];
  }
}
