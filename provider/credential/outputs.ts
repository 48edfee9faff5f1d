/**
 * What a SkyvernCredential stores as outputs: the user's inputs (the `credential` secret is
 * encrypted by the engine through additionalSecretOutputs) overlaid with what the server reports.
 * For every field a response carries, the server's view is the output, absence included, so a
 * change made outside Pulumi shows as drift.
 */
import { z } from "zod";
import { isDeepStrictEqual } from "node:util";
import {
  CREDENTIAL_RESPONSE_FIELDS, credentialFieldRegistry, creditCardCredentialViewSchema, passwordCredentialViewSchema, REPORTED_CREDENTIAL_FIELDS, secretCredentialViewSchema,
  type CredentialResponse, type CredentialType, type CredentialVaultType,
} from "../../sdk/schemas";
import { secretFingerprintsSchema, type SecretFingerprints } from "./fingerprints";
import { INPUT_KEYS } from "./inputs";

export type CredentialOutputs = Record<string, unknown>;

/**
 * Outputs only the provider sets: when Pulumi last wrote the secret, TOTP drift found at refresh,
 * fingerprints of secrets declared by reference, and the organization the credential belongs to
 * (Skyvern's responses do not carry it).
 */
export const providerOutputsSchema = z.object({
  secretWrittenAt: z.string().optional().describe("When Pulumi last wrote the credential's secret data (ISO 8601): the age of the current secret."),
  totpDrift: z.boolean().optional().describe("Set by refresh when Skyvern's authenticator codes no longer come from the declared seed; the next `up` writes the seed back."),
  secretFingerprints: secretFingerprintsSchema.optional()
    .describe("For fields declared by reference (`fromEnv`, `fromFile`): a keyed fingerprint of each value and the random salt of its key, never the value. Always a secret.")
    .register(credentialFieldRegistry, { secret: true }),
  organizationId: z.string().optional().describe("The Skyvern organization the credential belongs to (`o_...`), learned from the API key at create or read. A refresh, update or destroy with another organization's key fails instead of dropping the credential from state."),
});
export const PROVIDER_OUTPUTS = Object.keys(providerOutputsSchema.shape);

/** Every output property, derived from the response schema plus the provider's own. */
export const OUTPUT_PROPERTIES: readonly string[] = [...new Set([...CREDENTIAL_RESPONSE_FIELDS, ...PROVIDER_OUTPUTS])];

/** Payload fields Skyvern reports, by type: [output name, credential input field]. */
export function reportedFieldsOf(credentialType: unknown): ReadonlyArray<readonly [string, string]> {
  return REPORTED_CREDENTIAL_FIELDS[credentialType as CredentialType] ?? [];
}

/** Absent, null, empty and the server's default `none` TOTP type all mean "not set". */
export function reportedValue(value: unknown): unknown {
  return value === undefined || value === null || value === "" || value === "none" ? null : value;
}

/** The server's non-secret view, flattened to top-level outputs; empty values are left out. */
export function serverView(response: CredentialResponse): CredentialOutputs {
  const { credential, ...fields } = response;
  return omitAbsent({ ...fields, ...credential });
}

export function outputsOf(inputs: Record<string, unknown>, response: CredentialResponse, secretWrittenAt?: unknown, organizationId?: string, secretFingerprints?: SecretFingerprints): CredentialOutputs {
  const declared = Object.fromEntries(Object.entries(userInputsOf(inputs)).filter(([key]) => !CREDENTIAL_RESPONSE_FIELDS.includes(key)));
  return omitAbsent({ ...declared, ...serverView(response), secretWrittenAt, organizationId, secretFingerprints });
}

/** The input properties found in inputs or stored outputs, without `__provider` or provider-only fields. */
export function userInputsOf(props: Record<string, unknown>): CredentialOutputs {
  return omitAbsent(Object.fromEntries(INPUT_KEYS.map((key) => [key, props[key]])));
}

/** The engine rejects `undefined` in outputs; absent, null and empty optional fields are simply left out. */
function omitAbsent(record: Record<string, unknown>): CredentialOutputs {
  return Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined && value !== null && value !== ""));
}

/**
 * What a response shows of the fields every call of Skyvern's update endpoint writes: its body
 * requires the name, the type and the credential payload, and the secret data is rewritten with
 * whatever the editor sent (Skyvern's UI and official clients edit a credential this way). A change
 * of any of these made outside Pulumi may have come with another secret, which no response shows.
 * Settings (tested URL, proxy, switches, user context, folder) are optional there and are what
 * PATCH changes: a change of those alone is put back as before, by one PATCH.
 */
const WRITTEN_BY_EVERY_UPDATE: readonly string[] = [...new Set([
  "name", "credentialType",
  ...[passwordCredentialViewSchema, creditCardCredentialViewSchema, secretCredentialViewSchema].flatMap((schema) => Object.keys(schema.shape)),
])];

/**
 * Whether a read found a change made outside Pulumi to the name, type or visible payload,
 * comparing the outputs recorded before with the server's view now. Nothing to compare at import
 * (no recorded type); a field an older state did not record (`hasTotp`) is not compared.
 */
export function changedElsewhere(recorded: CredentialOutputs, now: CredentialOutputs): boolean {
  if (recorded.credentialType === undefined) return false;
  // False and absent both mean "no TOTP seed", as do `none` and absent for its type.
  const comparable = (value: unknown) => (value === false ? null : reportedValue(value));
  return WRITTEN_BY_EVERY_UPDATE.some((key) => !(key === "hasTotp" && recorded.hasTotp === undefined)
    && !isDeepStrictEqual(comparable(recorded[key]), comparable(now[key])));
}

/** Settings Skyvern picks by itself when they are not declared: an import leaves them undeclared. */
const CHOSEN_BY_SKYVERN = new Set(["proxySessionId", "browserProfileId"]);

/** The vault a credential is stored in when none is declared. */
const BUILT_IN_VAULT: CredentialVaultType = "skyvern";

/** A switch that is off, or a setting Skyvern picks by itself: what an import leaves undeclared. */
function undeclaredAtImport(key: string, value: unknown): boolean {
  return value === false || CHOSEN_BY_SKYVERN.has(key);
}

/** What Skyvern reports for a setting a program left out: the above, or the built-in vault. */
function reportedWhenUndeclared(key: string, value: unknown): boolean {
  return undeclaredAtImport(key, value) || (key === "vaultType" && value === BUILT_IN_VAULT);
}

/**
 * The inputs a refresh records from a credential's stored outputs: each input property they hold,
 * except a setting Skyvern reports when a program leaves it out, unless the stored inputs (the
 * native provider has them; the dynamic one does not) show the program declared it. Every plan
 * treats such a setting and an absent one alike (plan.ts). Recorded, it would make the stored
 * inputs differ from the program's at every later `up`, and the engine rewrites its checkpoint
 * after each resource whose inputs changed: an `up --refresh` of 500 took 3.4x (file) to 7.8x
 * (PostgreSQL) the floor's time.
 */
export function inputsRecordedByRefresh(outputs: CredentialOutputs, storedInputs?: CredentialOutputs): CredentialOutputs {
  return Object.fromEntries(Object.entries(userInputsOf(outputs)).filter(([key, value]) => storedInputs?.[key] !== undefined || !reportedWhenUndeclared(key, value)));
}

/**
 * The settings to declare for a credential found on the server (`pulumi import`): what it reports,
 * except what Skyvern picks by itself and switches that are off.
 */
export function importedSettingsOf(outs: CredentialOutputs): CredentialOutputs {
  return Object.fromEntries(INPUT_KEYS.filter((key) => outs[key] !== undefined && !undeclaredAtImport(key, outs[key])).map((key) => [key, outs[key]]));
}
