/**
 * The one place where the camelCase models meet Skyvern's snake_case wire format.
 * User-chosen keys (card `metadata`, free-form proxy locations) are passed through untouched.
 */
import camelcaseKeys from "camelcase-keys";
import snakecaseKeys from "snakecase-keys";

const USER_KEYED_OBJECTS = new Set(["metadata", "proxyLocation"]);
const USER_KEYED_WIRE_PATHS = ["proxy_location", "credential.metadata"];

export function toWire(body: object): Record<string, unknown> {
  return snakecaseKeys(body as Record<string, unknown>, { deep: true, shouldRecurse: (key) => !USER_KEYED_OBJECTS.has(String(key)) });
}

export function fromWire(body: unknown): unknown {
  if (Array.isArray(body)) return body.map(fromWire);
  if (body === null || typeof body !== "object") return body;
  return camelcaseKeys(body as Record<string, unknown>, { deep: true, stopPaths: USER_KEYED_WIRE_PATHS });
}

/** Translates one wire field name, e.g. `card_cvv` to `cardCvv`; used for the server's error paths. */
export function fieldNameFromWire(name: string | number): string {
  return typeof name === "number" ? String(name) : Object.keys(camelcaseKeys({ [name]: 0 }))[0];
}
