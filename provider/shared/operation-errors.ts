/**
 * How a runtime reports a failed API call to the engine: the operation, then the sdk's message
 * (which already names the request, the status, the server's reason and what to do, and never
 * carries a request body or secret). The engine prints the message as the resource's failure.
 */
import { NotFoundError } from "../../sdk/errors";

export async function withContext<T>(action: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw withPrefix(action, error);
  }
}

export function withPrefix(action: string, error: unknown): Error {
  const message = error instanceof Error ? error.message : String(error);
  const wrapped = new Error(`${action}: ${message}`);
  // The engine prints the stack; the sdk frames add nothing a user can act on.
  wrapped.stack = wrapped.message;
  return wrapped;
}

/**
 * Runs a read or delete in which a resource already gone (404, e.g. deleted in the Skyvern UI)
 * gives `undefined`: a read then drops it from state, a delete counts it as done. `confirmGone`
 * runs first and throws when the 404 does not prove it (see organization-guard.ts).
 */
export async function unlessGone<T>(action: string, call: () => Promise<T>, confirmGone: () => Promise<void>): Promise<T | undefined> {
  try {
    return await call();
  } catch (error) {
    if (!(error instanceof NotFoundError)) throw withPrefix(action, error);
  }
  await confirmGone();
  return undefined;
}
