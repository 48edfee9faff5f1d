/**
 * Zod schemas for Skyvern's credential folders (hidden routes `/v1/credential_folders`), the single
 * source of truth for the folder types and for validating requests and responses. Shapes follow
 * `skyvern/schemas/credential_folders.py` (skyvern 1.0.56) in camelCase; `wire.ts` translates.
 */
import { z } from "zod";

/** The server's limit (pydantic `max_length`), which counts characters (code points), not UTF-16 units. */
export const FOLDER_TITLE_MAX_LENGTH = 255;
/** Largest `page_size` the list route accepts (`le=500`). */
export const FOLDER_LIST_MAX_PAGE_SIZE = 500;

export const folderTitleSchema = z
  .string()
  .min(1, "must not be empty")
  .refine((title) => [...title].length <= FOLDER_TITLE_MAX_LENGTH, `must be at most ${FOLDER_TITLE_MAX_LENGTH} characters`);

/** One definition of a folder id, shared with the credential's `folderId`. */
export { folderIdSchema } from "./schemas";

/** Free text. The server keeps an absent description as null and a cleared one as "". */
const descriptionSchema = z.string();

export const createFolderRequestSchema = z.strictObject({
  title: folderTitleSchema.describe("Title shown in Skyvern: 1 to 255 characters, not unique. Defaults to the resource's name."),
  description: descriptionSchema.optional().describe("Free text. Removing it clears the description in Skyvern."),
});

/**
 * A partial change: an omitted field keeps its stored value (the server treats null the same way),
 * so clearing a description means sending `""`.
 */
export const updateFolderRequestSchema = z
  .strictObject({
    title: folderTitleSchema.optional(),
    description: descriptionSchema.optional(),
  })
  .refine((request) => request.title !== undefined || request.description !== undefined, {
    message: "give at least one of title or description",
  });

export const folderResponseSchema = z.object({
  folderId: z.string().describe("Skyvern's id for the folder (`cfld_...`). Stable across updates."),
  organizationId: z.string().describe("The Skyvern organization the folder belongs to (`o_...`). A refresh, update or destroy with another organization's key fails instead of dropping the folder from state."),
  title: z.string(),
  description: z.string().nullish(),
  credentialCount: z.number().int().describe("Live credentials filed in the folder, as Skyvern counted them at the last create, update or refresh."),
  createdAt: z.string().describe("Server time (UTC, ISO 8601 without a zone)."),
  modifiedAt: z.string().describe("Server time (UTC); Skyvern also moves it when a credential is filed into the folder."),
});

export const folderListSchema = z.array(folderResponseSchema);

export const deleteFolderResponseSchema = z.object({ status: z.string(), folderId: z.string() });

export type CreateFolderRequest = z.infer<typeof createFolderRequestSchema>;
export type UpdateFolderRequest = z.infer<typeof updateFolderRequestSchema>;
export type FolderResponse = z.infer<typeof folderResponseSchema>;
