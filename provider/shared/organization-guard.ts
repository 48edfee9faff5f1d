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
  constructor(what: string) {
    super(what);
    // The engine prints the stack; the frames add nothing a user can act on.
    this.stack = this.message;
  }

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
    throw new WrongOrganizationError(
      `${resource} belongs to Skyvern organization ${recorded} (recorded in state), but the API key from ${apiKeySource()} is for organization ${current}: ` +
        "with it Skyvern would answer \"not found\", and the resource would be dropped from state",
    );
  }
  return current;
}

/**
 * Called when Skyvern answered 404 for a resource, before the resource is dropped from state (read)
 * or counted as deleted (delete). A 404 proves "gone" only from a Skyvern that knows this key and
 * acts for the organization the resource was checked against: a base URL that points elsewhere (a
 * stale SKYVERN_BASE_URL, a proxy or another service answering 404 to everything) must not empty a
 * stack. One request per provider process, made only once something would be dropped.
 */
export async function confirmGone(resource: string): Promise<void> {
  const client = skyvernClient();
  const reported = await withContext(
    `Skyvern answered "not found" for ${resource}, but the server at ${client.baseUrl} could not confirm the API key's organization, so nothing was dropped from state`,
    () => client.organizations.reportedOrganizationId(),
  );
  const expected = await keyOrganizationId();
  if (reported !== expected) {
    throw new WrongOrganizationError(
      `Skyvern answered "not found" for ${resource}, but the server at ${client.baseUrl} says the API key from ${apiKeySource()} acts for organization ${reported}, not ${expected}: nothing was dropped from state`,
    );
  }
}
