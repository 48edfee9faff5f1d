/**
 * Credential folders of the Skyvern API (routes hidden from its OpenAPI page): create, get, update,
 * delete and list. Requests are validated before sending; responses are validated on arrival.
 */
import type { z } from "zod";
import { fieldErrorsOf } from "./credentials";
import { NotFoundError, SkyvernError, type FieldError } from "./errors";
import {
  createFolderRequestSchema, deleteFolderResponseSchema, FOLDER_LIST_MAX_PAGE_SIZE, folderIdSchema, folderListSchema, folderResponseSchema,
  updateFolderRequestSchema, type CreateFolderRequest, type FolderResponse, type UpdateFolderRequest,
} from "./folder-schemas";
import type { Transport } from "./http";

export interface ListFoldersOptions {
  /** Server-side, case-insensitive substring match on title or description. */
  search?: string;
  /** Page size used while iterating: 1 to 500 (the server's default is 100). */
  pageSize?: number;
}

/** A folder request failed client-side validation; nothing was sent. */
export class FolderInputError extends SkyvernError {
  override name = "FolderInputError";
  constructor(readonly fieldErrors: FieldError[]) {
    super(`invalid folder input: ${fieldErrors.map((f) => `${f.path || "(root)"}: ${f.message}`).join("; ")}`);
  }
}

/** The folder does not exist (never did, or was deleted). Still a NotFoundError for callers catching that. */
export class FolderNotFoundError extends NotFoundError {
  override name = "FolderNotFoundError";
  static override readonly advice = "The folder does not exist or was deleted outside this program; run `pulumi refresh` to drop it from state.";
}

export class FoldersApi {
  constructor(private readonly transport: Transport) {}

  /**
   * Creates a folder (the server answers 200). Not retried on ambiguous failures: a folder holds
   * no secret and a duplicate is harmless to remove, unlike a credential.
   */
  async create(request: CreateFolderRequest): Promise<FolderResponse> {
    const body = validate(createFolderRequestSchema, request);
    return this.transport.send({ method: "POST", path: "/v1/credential_folders", kind: "create", body, responseSchema: folderResponseSchema });
  }

  async get(folderId: string): Promise<FolderResponse> {
    return notFoundAsFolder(this.transport.send({ method: "GET", path: folderPath(folderId), kind: "idempotent", responseSchema: folderResponseSchema }));
  }

  /** Changes the given fields in place (same id); omitted fields keep their value, `description: ""` clears it. */
  async update(folderId: string, request: UpdateFolderRequest): Promise<FolderResponse> {
    const body = validate(updateFolderRequestSchema, request);
    return notFoundAsFolder(this.transport.send({ method: "PUT", path: folderPath(folderId), kind: "idempotent", body, responseSchema: folderResponseSchema }));
  }

  /** Deletes a folder. The server moves its credentials out of it; it never deletes them. */
  async delete(folderId: string): Promise<void> {
    await notFoundAsFolder(this.transport.send({ method: "DELETE", path: folderPath(folderId), kind: "idempotent", responseSchema: deleteFolderResponseSchema }));
  }

  /**
   * Iterates over matching folders, most recently modified first, fetching pages as needed. The
   * server pages by offset over that order, so a folder modified while the iteration runs may be
   * seen twice or skipped; each folder is yielded at most once.
   */
  async *list(options: ListFoldersOptions = {}): AsyncGenerator<FolderResponse> {
    const pageSize = options.pageSize ?? 100;
    const seen = new Set<string>();
    for (let page = 1; ; page++) {
      const items = await this.listPage(page, { ...options, pageSize });
      for (const folder of items) {
        if (seen.has(folder.folderId)) continue;
        seen.add(folder.folderId);
        yield folder;
      }
      // A bare array with no total: a short page is the last one.
      if (items.length < pageSize) return;
    }
  }

  /** One page of the list (1-based), most recently modified first, by offset: see `list`. */
  async listPage(page: number, options: ListFoldersOptions = {}): Promise<FolderResponse[]> {
    const pageSize = options.pageSize ?? 100;
    if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > FOLDER_LIST_MAX_PAGE_SIZE) {
      throw new FolderInputError([{ path: "pageSize", message: `must be an integer from 1 to ${FOLDER_LIST_MAX_PAGE_SIZE}` }]);
    }
    if (!Number.isInteger(page) || page < 1) throw new FolderInputError([{ path: "page", message: "must be a whole number of at least 1" }]);
    return this.transport.send({
      method: "GET", path: "/v1/credential_folders", kind: "idempotent", responseSchema: folderListSchema,
      query: { page, page_size: pageSize, search: options.search },
    });
  }
}

/** The request path of one folder, its id checked first (see credentialPath in credentials.ts). */
function folderPath(folderId: string): string {
  const parsed = folderIdSchema.safeParse(folderId);
  if (!parsed.success) throw new FolderInputError([{ path: "folderId", message: parsed.error.issues[0].message }]);
  return `/v1/credential_folders/${encodeURIComponent(parsed.data)}`;
}

function validate<T>(schema: z.ZodType<T>, request: unknown): T {
  const parsed = schema.safeParse(request);
  if (!parsed.success) throw new FolderInputError(fieldErrorsOf(parsed.error));
  return parsed.data;
}

/** The transport's 404 speaks of credentials; say "folder" and keep the original as the cause. */
async function notFoundAsFolder<T>(request: Promise<T>): Promise<T> {
  try {
    return await request;
  } catch (error) {
    if (!(error instanceof NotFoundError)) throw error;
    const { method, path, status, detail } = error;
    throw new FolderNotFoundError({ method, path, status, detail }, { cause: error });
  }
}
