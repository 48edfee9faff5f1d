/**
 * What a SkyvernCredential stores as outputs: the user's inputs (the `credential` secret is
 * encrypted by the engine through additionalSecretOutputs) overlaid with what the server reports.
 * The server's view wins for fields it shows, so a change made outside Pulumi shows as drift.
 */
import type { CredentialResponse } from "../sdk/schemas";
import { INPUT_KEYS } from "./inputs";

export type CredentialOutputs = Record<string, unknown>;

/**
 * Credential input fields the server reports back (as top-level outputs), by credential type:
 * [output name, credential input field]. A card's number is reported only as `lastFour`.
 */
export const REPORTED_CREDENTIAL_FIELDS: Record<string, ReadonlyArray<readonly [string, string]>> = {
  password: [["username", "username"], ["totpType", "totpType"], ["totpIdentifier", "totpIdentifier"]],
  credit_card: [["brand", "cardBrand"]],
  secret: [["secretLabel", "secretLabel"]],
};

/** Absent, null and the server's default `none` TOTP type all mean "not set". */
export function reportedValue(value: unknown): unknown {
  return value === undefined || value === null || value === "none" ? null : value;
}

/** The server's non-secret view, flattened to top-level outputs. */
function serverView(response: CredentialResponse): CredentialOutputs {
  const { credential, ...fields } = response;
  return omitAbsent({ ...fields, ...credential });
}

export function outputsOf(inputs: Record<string, unknown>, response: CredentialResponse): CredentialOutputs {
  return { ...userInputsOf(inputs), ...serverView(response) };
}

/** The input properties found in inputs or stored outputs, without `__provider` or server fields. */
export function userInputsOf(props: Record<string, unknown>): CredentialOutputs {
  return omitAbsent(Object.fromEntries(INPUT_KEYS.map((key) => [key, props[key]])));
}

/** The engine rejects `undefined` in outputs; absent and null optional fields are simply left out. */
function omitAbsent(record: Record<string, unknown>): CredentialOutputs {
  return Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined && value !== null));
}
