/**
 * What both resources' input checks (a runtime's `check`) have in common: the engine's placeholder
 * for a value not known until an earlier resource is created, how to find it anywhere inside a
 * value, and the failure a check reports for one property. A leaf module: inputs and plans of
 * either resource ask it, and it asks nothing back.
 */

/** The engine's placeholder for a value not known until an earlier resource is created. */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

export interface InputFailure {
  property: string;
  reason: string;
}

export function containsUnknown(value: unknown): boolean {
  if (value === UNKNOWN) return true;
  if (Array.isArray(value)) return value.some(containsUnknown);
  if (value !== null && typeof value === "object") return Object.values(value).some(containsUnknown);
  return false;
}
