/**
 * Secret references: a credential field declared as `{ fromEnv: "VAR" }` or `{ fromFile: "/path" }`
 * is resolved here, inside the provider process (which runs in the environment of `pulumi`), each
 * time a value is needed: at check (to fail early), diff (to compare fingerprints), create and
 * update (to send it), and refresh (the TOTP drift check). The value is handed to the caller and
 * never kept: it is not written into inputs, outputs or errors. Errors name the field and the
 * variable or path, never what was read.
 */
import { readFileSync } from "node:fs";
import { isSecretReference, SECRET_CREDENTIAL_FIELDS, secretReferenceSchema, type SecretReference } from "../../sdk/schemas";
import { containsUnknown, UNKNOWN, type InputFailure } from "../shared/check-inputs";

type Props = Record<string, unknown>;

/** A reference that cannot be resolved; the message names the field and where it points. */
export class SecretReferenceError extends Error {
  override name = "SecretReferenceError";

  constructor(readonly field: string, reason: string) {
    super(`credential.${field}: ${reason}`);
    // The stack would repeat the message; the place named is all a reader needs.
    this.stack = this.message;
  }
}

/** The secret fields of a declared credential that hold a reference (maybe not yet valid). */
export function referencedFields(credential: unknown): string[] {
  if (credential === null || typeof credential !== "object") return [];
  return SECRET_CREDENTIAL_FIELDS.filter((field) => isSecretReference((credential as Props)[field]));
}

/** Where a reference points, as messages name it. */
export function placeOf(reference: SecretReference): string {
  return reference.fromEnv !== undefined ? `environment variable ${reference.fromEnv}` : `file ${reference.fromFile}`;
}

/**
 * The value behind a reference. One trailing newline of a file is dropped: `echo secret > file`
 * and most secret mounts written by tools end that way, while a secret ending in a newline is rare.
 */
export function resolveReference(field: string, reference: SecretReference): string {
  if (reference.fromEnv !== undefined) {
    const value = process.env[reference.fromEnv];
    if (value === undefined) throw new SecretReferenceError(field, `environment variable ${reference.fromEnv} is not set in the environment of \`pulumi\``);
    if (value === "") throw new SecretReferenceError(field, `environment variable ${reference.fromEnv} is empty`);
    return value;
  }
  const file = reference.fromFile ?? "";
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    // Only the error code: a message could in principle quote what was read.
    const code = (error as NodeJS.ErrnoException).code;
    throw new SecretReferenceError(field, code === "ENOENT" ? `file ${file} does not exist` : `file ${file} cannot be read (${code ?? "unknown error"})`);
  }
  const value = text.replace(/\r?\n$/, "");
  if (value === "") throw new SecretReferenceError(field, `file ${file} is empty`);
  return value;
}

/**
 * The credential with the listed (default: all) references replaced by their values. A reference
 * still unknown in a preview becomes the engine's unknown placeholder. Throws SecretReferenceError.
 */
export function resolveCredential(credential: unknown, fields: readonly string[] = SECRET_CREDENTIAL_FIELDS): Props | undefined {
  if (credential === null || typeof credential !== "object") return credential as Props | undefined;
  const resolved: Props = { ...(credential as Props) };
  for (const field of referencedFields(credential).filter((name) => fields.includes(name))) {
    const reference = resolved[field];
    if (containsUnknown(reference)) {
      resolved[field] = UNKNOWN;
      continue;
    }
    const parsed = secretReferenceSchema.safeParse(reference);
    if (!parsed.success) throw new SecretReferenceError(field, parsed.error.issues[0]?.message ?? "is not a valid reference");
    resolved[field] = resolveReference(field, parsed.data);
  }
  return resolved;
}

/** The inputs with their credential's references resolved, for the requests that send it. */
export function withResolvedCredential(inputs: Props): Props {
  return inputs.credential === undefined ? inputs : { ...inputs, credential: resolveCredential(inputs.credential) };
}

/**
 * Check's view of the references: malformed ones and those that cannot be resolved now, each named
 * by field; and the credential with what resolved substituted (the rest left unknown, so the value
 * rules do not report the same field twice).
 */
export function checkReferences(credential: unknown): { failures: InputFailure[]; resolved: unknown } {
  const failures: InputFailure[] = [];
  if (credential === null || typeof credential !== "object") return { failures, resolved: credential };
  const resolved: Props = { ...(credential as Props) };
  for (const field of referencedFields(credential)) {
    const reference = resolved[field];
    resolved[field] = UNKNOWN;
    if (containsUnknown(reference)) continue;
    const parsed = secretReferenceSchema.safeParse(reference);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        if (issue.code === "unrecognized_keys") {
          const keys = issue.keys.join(", ");
          failures.push({ property: `credential.${field}`, reason: `a reference takes only fromEnv or fromFile (got ${keys}): give either a value or a reference, not both` });
        } else {
          failures.push({ property: ["credential", field, ...issue.path.map(String)].join("."), reason: issue.message });
        }
      }
      continue;
    }
    try {
      resolved[field] = resolveReference(field, parsed.data);
    } catch (error) {
      if (!(error instanceof SecretReferenceError)) throw error;
      failures.push({ property: `credential.${field}`, reason: error.message.slice(`credential.${field}: `.length) });
    }
  }
  return { failures, resolved };
}
