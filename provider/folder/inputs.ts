/**
 * The inputs of a SkyvernCredentialFolder as the engine hands them to the provider, and their
 * validation: exactly the sdk's create request, so the input keys come from that schema.
 */
import { createFolderRequestSchema, type CreateFolderRequest } from "../../sdk/folder-schemas";
import { containsUnknown, type InputFailure } from "../shared/check-inputs";

type Props = Record<string, unknown>;

/** Keys the engine stores as inputs of a folder (besides `__provider`). */
export const FOLDER_INPUT_KEYS = Object.keys(createFolderRequestSchema.shape) as (keyof CreateFolderRequest)[];

/** Validates inputs, ignoring any whose value is unknown during preview. */
export function validateFolderInputs(inputs: Props): InputFailure[] {
  const parsed = createFolderRequestSchema.safeParse(requestPartOf(inputs));
  if (parsed.success) return [];
  return parsed.error.issues
    .filter((issue) => !containsUnknown(inputs[String(issue.path[0])]))
    .map((issue) => ({ property: issue.path.map(String).join("."), reason: issue.message }));
}

export function toFolderRequest(inputs: Props): CreateFolderRequest {
  return createFolderRequestSchema.parse(requestPartOf(inputs));
}

/** The request fields among the inputs; `__provider` and output placeholders are left out. */
function requestPartOf(inputs: Props): Props {
  return Object.fromEntries(FOLDER_INPUT_KEYS.filter((key) => inputs[key] !== undefined).map((key) => [key, inputs[key]]));
}
