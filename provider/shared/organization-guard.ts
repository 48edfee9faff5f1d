/**
 * Keeps a key for the wrong Skyvern organization from emptying a stack. Skyvern answers 404 for
 * another organization's credential or folder, and a 404 drops a resource from state: a prod stack
 * refreshed with the dev key would forget every credential, and the next `up` would create them all
 * again. Each resource records the organization it belongs to (`organizationId`); a read, update or
 * delete that meets one recorded under another organization than the key's fails before any
 * request, naming both organizations and where the key came from.
 */
import { SkyvernError } from "../../sdk/errors";
import { apiKeySource, skyvernClient } from "./config";
import { withContext } from "./operation-errors";

export class WrongOrganizationError extends SkyvernError {
  override name = "WrongOrganizationError";
  static override readonly advice = "Nothing was read, changed or deleted. Run with that organization's API key; if the resource really moved to another organization, remove it from this stack with `pulumi state delete`.";
}

/** The id of the organization the configured API key acts for (no request for self-hosted keys; otherwise one per provider process). */
export function keyOrganizationId(): Promise<string> {
  return withContext("finding the Skyvern organization of the API key", () => skyvernClient().organizations.keyOrganizationId());
}

/**
 * The key's organization, after checking that a resource recorded under an organization belongs to
 * it. Resources recorded before organizations were (no `organizationId`) pass, and learn it from
 * the outputs of their next successful request.
 */
export async function organizationFor(resource: string, recorded: unknown): Promise<string> {
  const current = await keyOrganizationId();
  if (typeof recorded === "string" && recorded !== "" && recorded !== current) {
    const error = new WrongOrganizationError(
      `${resource} belongs to Skyvern organization ${recorded} (recorded in state), but the API key from ${apiKeySource()} is for organization ${current}: ` +
        "with it Skyvern would answer \"not found\", and the resource would be dropped from state",
    );
    // The engine prints the stack; the frames add nothing a user can act on.
    error.stack = error.message;
    throw error;
  }
  return current;
}
