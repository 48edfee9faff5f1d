/**
 * The resource's inputs as the engine hands them to the provider, and their validation.
 * Everything about the credential itself reuses the sdk's zod schema of a credential declaration
 * (`credentialSpecSchema`); only the Pulumi-specific extras (rotation triggers, adoption) are
 * declared here. Secret fields may be references (`{ fromEnv }`, `{ fromFile }`): they are
 * resolved before the rules apply and before a request is built (secret-references.ts).
 */
import { z } from "zod";
import {
  CREDENTIAL_SPEC_KEYS, createCredentialRequestSchema, credentialIdSchema, credentialSpecSchema, type CreateCredentialRequest, type CredentialSpec,
} from "../../sdk/schemas";
import { containsUnknown, UNKNOWN, type InputFailure } from "../shared/check-inputs";
import { checkReferences, withResolvedCredential } from "./secret-references";

export const providerExtrasSchema = z.object({
  rotationTrigger: z.unknown().optional().describe("Any value. Changing it rewrites the stored secret through the update endpoint even when nothing else changed."),
  proxySessionRotationTrigger: z.unknown().optional().describe("Any value. Changing it asks Skyvern for a new proxy sticky-session id (one PATCH)."),
  adoptCredentialId: credentialIdSchema.optional()
    .describe("Take over an existing credential instead of creating one: create overwrites it through the update endpoint and keeps its id. Changing it replaces the resource."),
});

const EXTRA_KEYS = Object.keys(providerExtrasSchema.shape);

export type CredentialInputs = CredentialSpec & z.infer<typeof providerExtrasSchema>;

/** Keys the engine stores as inputs of a SkyvernCredential (besides `__provider`). */
export const INPUT_KEYS: readonly string[] = [...CREDENTIAL_SPEC_KEYS, ...EXTRA_KEYS];

/** The proxy pool on which Skyvern pins a sticky session (and the only one it pins on). */
export const PINNED_PROXY_POOL = "RESIDENTIAL_ISP";

/** Validates inputs, ignoring anything that depends on a value unknown during preview. */
export function validateInputs(declared: Record<string, unknown>): InputFailure[] {
  // References are resolved first (failing ones reported by field and place), so every rule of a
  // field also judges a value that came from the environment or a file.
  const { failures: referenceFailures, resolved } = checkReferences(declared.credential);
  const inputs = declared.credential === undefined ? declared : { ...declared, credential: resolved };
  const issues = [
    ...issuesOf(credentialSpecSchema.safeParse(specPartOf(inputs))),
    ...issuesOf(providerExtrasSchema.safeParse(Object.fromEntries(EXTRA_KEYS.map((key) => [key, inputs[key]])))),
  ];
  const failures = issues.filter((issue) => !dependsOnUnknown(inputs, issue.path)).flatMap((issue) => toFailures(issue, inputs));
  return [...referenceFailures, ...failures, ...proxyConflicts(inputs)];
}

/**
 * Settings Skyvern silently overrides, which would otherwise show as a change on every run: it pins
 * a session (declared id or IP pin) only on the RESIDENTIAL_ISP pool, switching any other location
 * to it or dropping the session id; and a rotation replaces a declared session id.
 */
function proxyConflicts(inputs: Record<string, unknown>): InputFailure[] {
  if (containsUnknown([inputs.proxyLocation, inputs.pinSavedSessionIp, inputs.proxySessionId])) return [];
  const failures: InputFailure[] = [];
  const location = inputs.proxyLocation;
  const pinned = (name: string) => `must be ${PINNED_PROXY_POOL} (or unset) when ${name} is set: Skyvern pins sessions only on that pool and would replace this location`;
  if (location !== undefined && location !== null && location !== PINNED_PROXY_POOL) {
    if (inputs.pinSavedSessionIp === true) failures.push({ property: "proxyLocation", reason: pinned("pinSavedSessionIp") });
    else if (typeof inputs.proxySessionId === "string" && inputs.proxySessionId.trim()) failures.push({ property: "proxyLocation", reason: pinned("proxySessionId") });
  }
  if (inputs.proxySessionRotationTrigger !== undefined && typeof inputs.proxySessionId === "string" && inputs.proxySessionId.trim()) {
    failures.push({ property: "proxySessionRotationTrigger", reason: "cannot be combined with proxySessionId: a rotation replaces the declared session id; remove one of them" });
  }
  return failures;
}

/**
 * Top-level inputs holding secrets. The engine prints `inputs[property]` beside a check failure and
 * formats secrets in plaintext there (pulumi v3.259 issueCheckFailures), so no failure may name one
 * of these exactly; nested paths such as `credential.cardCvv` print nothing.
 */
const SECRET_PROPERTIES = new Set(["credential"]);

function toFailures(issue: z.core.$ZodIssue, inputs: Record<string, unknown>): InputFailure[] {
  const path = issue.path.map(String);
  if (issue.code === "unrecognized_keys") {
    const kind = typeof inputs.credentialType === "string" ? `a ${inputs.credentialType} credential` : "this object";
    return issue.keys.map((key) => ({ property: [...path, key].join("."), reason: `is not a field of ${kind}` }));
  }
  const property = path.join(".");
  if (SECRET_PROPERTIES.has(property)) return [{ property: "", reason: `${property}: ${issue.message}` }];
  return [{ property, reason: issue.message }];
}

/** The whole declaration of the credential in these inputs, references resolved, validated. */
export function toCredentialSpec(inputs: Record<string, unknown>): CredentialSpec {
  return credentialSpecSchema.parse(specPartOf(withResolvedCredential(inputs)));
}

/** The body of a create for these inputs: the declaration's fields that create accepts. */
export function toCreateRequest(inputs: Record<string, unknown>): CreateCredentialRequest {
  const accepted = Object.keys(createCredentialRequestSchema.options[0].shape);
  const spec = toCredentialSpec(inputs) as Record<string, unknown>;
  return createCredentialRequestSchema.parse(Object.fromEntries(accepted.filter((key) => spec[key] !== undefined && spec[key] !== null).map((key) => [key, spec[key]])));
}

/** The create body for these inputs; recovery matches pending creates against it. */
export const toCredentialRequest = toCreateRequest;

/** The body of an update: the credential data and its name only, so settings are left alone. */
export function toUpdateRequest(inputs: Record<string, unknown>): CreateCredentialRequest {
  const spec = toCredentialSpec(inputs);
  return createCredentialRequestSchema.parse({ name: spec.name, credentialType: spec.credentialType, credential: spec.credential });
}

function specPartOf(inputs: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(CREDENTIAL_SPEC_KEYS.filter((key) => inputs[key] !== undefined).map((key) => [key, inputs[key]]));
}

function issuesOf(result: { success: boolean; error?: z.ZodError }): z.core.$ZodIssue[] {
  return result.success || !result.error ? [] : result.error.issues;
}

/** True when the value at `path`, or any value above or below it, is still unknown. */
function dependsOnUnknown(inputs: unknown, path: PropertyKey[]): boolean {
  let node: unknown = inputs;
  for (const key of path) {
    if (node === UNKNOWN) return true;
    if (node === null || typeof node !== "object") return false;
    node = (node as Record<PropertyKey, unknown>)[key];
  }
  // A union that failed as a whole (e.g. credentialType unknown) reports at the parent.
  return containsUnknown(node);
}
