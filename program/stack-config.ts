/**
 * The root project's stack configuration: credentials declared as data, so a team changes them by
 * editing `Pulumi.<stack>.yaml` in a pull request.
 *
 *   skyvern-credentials:credentials        plain map, entry name -> type and non-secret fields
 *   skyvern-credentials:credentialSecrets  secret map, entry name -> secret fields, set with
 *     pulumi config set --secret --path 'credentialSecrets.<entry>.password' ...
 *
 * A secret field may instead be a reference in the plain map (`password: { fromEnv: GITHUB_PASSWORD }`
 * or `{ fromFile: /run/secrets/github }`): a reference names where the secret is, it is not one, so
 * it may live in git; the provider resolves it (docs/secret-references.md). A field given both ways
 * is refused, naming it.
 */
import { z } from "zod";
import {
  credentialSchemasByType, credentialSpecSchema, credentialTypeSchema, NON_SECRET_CREDENTIAL_FIELDS_BY_TYPE, SECRET_CREDENTIAL_FIELDS, secretReferenceSchema,
  type SecretReference,
} from "pulumi-skyvern";

/** Fields that only ever live in the secret map; refusing them in the plain map keeps them out of git. */
const SECRET_FIELDS: readonly string[] = SECRET_CREDENTIAL_FIELDS;

type Shape = Record<string, z.ZodType>;

/** The declaration's settings (vault, proxy, folder, user context, ...), as the resource validates them. */
const settings: Shape = Object.fromEntries(
  Object.entries(credentialSpecSchema.options[0].shape as Shape).filter(([key]) => !["name", "credentialType", "credential"].includes(key)),
);

/**
 * Every type's non-secret payload fields (`username`, `billingAddress`, `secretLabel`, ...). Each is
 * optional here: one the type requires and the entry lacks is reported by the resource at preview.
 */
const nonSecretCredentialFields: Shape = Object.fromEntries(
  Object.entries(NON_SECRET_CREDENTIAL_FIELDS_BY_TYPE).flatMap(([type, fields]) =>
    fields.map((field) => [field, (credentialSchemasByType[type as keyof typeof credentialSchemasByType].shape as Shape)[field].optional()])),
);

const entrySchema = z.strictObject({
  type: credentialTypeSchema,
  /** Name in Skyvern; defaults to the entry's key. */
  displayName: z.string().min(1).optional(),
  rotationTrigger: z.union([z.string(), z.number()]).optional(),
  proxySessionRotationTrigger: z.union([z.string(), z.number()]).optional(),
  adoptCredentialId: z.string().optional(),
  ...settings,
  ...nonSecretCredentialFields,
});

export type CredentialEntry = z.infer<typeof entrySchema> & {
  key: string;
  type: z.infer<typeof credentialTypeSchema>;
  /** Secret fields given as references in the plain map. */
  references: Record<string, SecretReference>;
};

const NON_SECRET_FIELDS_BY_TYPE: Record<string, readonly string[]> = NON_SECRET_CREDENTIAL_FIELDS_BY_TYPE;

/** Entry fields passed to the resource as they are (everything but the type, name and payload fields). */
export const RESOURCE_FIELDS: readonly string[] = ["rotationTrigger", "proxySessionRotationTrigger", "adoptCredentialId", ...Object.keys(settings)];

export class StackConfigError extends Error {
  override name = "StackConfigError";
}

/** Validates the plain credentials map; errors name the stack, the entry and the field. */
export function parseCredentialEntries(stack: string, raw: unknown): CredentialEntry[] {
  const where = (path: string) => `stack "${stack}": config skyvern-credentials:credentials${path ? `.${path}` : ""}`;
  if (raw === undefined) return [];
  if (raw === null || typeof raw !== "object" || Array.isArray(raw)) throw new StackConfigError(`${where("")} must be a map of entry name to credential`);
  const problems: string[] = [];
  const entries: CredentialEntry[] = [];
  for (const [key, value] of Object.entries(raw)) {
    const references: Record<string, SecretReference> = {};
    for (const field of SECRET_FIELDS) {
      if (!(value && typeof value === "object" && field in value)) continue;
      const given = (value as Record<string, unknown>)[field];
      if (given !== null && typeof given === "object") {
        const reference = secretReferenceSchema.safeParse(given);
        if (reference.success) references[field] = reference.data;
        else problems.push(...reference.error.issues.map((issue) => `${where(`${key}.${field}`)}: ${issue.code === "unrecognized_keys" ? `a reference takes only fromEnv or fromFile (got ${issue.keys.join(", ")})` : issue.message}`));
        continue;
      }
      problems.push(`${where(`${key}.${field}`)} is a secret: remove it here and run \`pulumi config set --secret --path 'credentialSecrets.${key}.${field}' <value>\`, or name where it is: \`${field}: { fromEnv: VARIABLE }\``);
    }
    const withoutSecrets = value && typeof value === "object" ? Object.fromEntries(Object.entries(value).filter(([field]) => !SECRET_FIELDS.includes(field))) : value;
    const parsed = entrySchema.safeParse(withoutSecrets);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const fields = issue.code === "unrecognized_keys" ? issue.keys.map((k) => [...issue.path, k].join(".")) : [issue.path.join(".")];
        for (const field of fields) problems.push(`${where([key, field].filter(Boolean).join("."))}: ${issue.code === "unrecognized_keys" ? "is not a known field" : issue.message}`);
      }
      continue;
    }
    const allowed = NON_SECRET_FIELDS_BY_TYPE[parsed.data.type];
    for (const field of Object.values(NON_SECRET_FIELDS_BY_TYPE).flat()) {
      if (parsed.data[field as keyof typeof parsed.data] !== undefined && !allowed.includes(field)) {
        problems.push(`${where(`${key}.${field}`)}: is not a field of a ${parsed.data.type} credential`);
      }
    }
    entries.push({ ...parsed.data, key, references });
  }
  if (problems.length) throw new StackConfigError(problems.join("\n"));
  return entries;
}

/** The credential payload's non-secret part from an entry. */
export function nonSecretFields(entry: CredentialEntry): Record<string, unknown> {
  return Object.fromEntries(NON_SECRET_FIELDS_BY_TYPE[entry.type].filter((f) => entry[f as keyof CredentialEntry] !== undefined).map((f) => [f, entry[f as keyof CredentialEntry]]));
}

/**
 * The entry's credential payload: non-secret fields and references from the plain map, values from
 * the secret map. A field given both ways is refused: which one is meant cannot be guessed.
 */
export function credentialPayloadOf(stack: string, entry: CredentialEntry, secrets: Record<string, unknown> | undefined): Record<string, unknown> {
  const both = Object.keys(entry.references).filter((field) => secrets?.[field] !== undefined);
  if (both.length > 0) {
    throw new StackConfigError(both.map((field) => `stack "${stack}": credential ${entry.key} field ${field} is both a reference (skyvern-credentials:credentials.${entry.key}.${field}) and a value (skyvern-credentials:credentialSecrets.${entry.key}.${field}): keep one`).join("\n"));
  }
  return { ...nonSecretFields(entry), ...entry.references, ...(secrets ?? {}) };
}
