/**
 * The resource's inputs as the engine hands them to the provider, and their validation.
 * The credential request part reuses the sdk's zod schemas; only the Pulumi-specific extras
 * (rotation trigger, adoption) are declared here.
 */
import { z } from "zod";
import { createCredentialRequestSchema, type CreateCredentialRequest } from "../sdk/schemas";

/** The engine's placeholder for a value not known until an earlier resource is created. */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

const providerExtrasSchema = z.object({
  /** Any value; changing it rewrites the stored secret even when nothing else changed. */
  rotationTrigger: z.unknown().optional(),
  /** Take over this existing credential at create instead of making a new one. */
  adoptCredentialId: z.string().regex(/^cred_\w+$/, "must be a Skyvern credential id such as cred_1234567890").optional(),
});

export type CredentialInputs = CreateCredentialRequest & z.infer<typeof providerExtrasSchema>;

/** Keys the engine stores as inputs of a SkyvernCredential (besides `__provider`). */
export const INPUT_KEYS = ["name", "credentialType", "credential", "vaultType", "proxyLocation", "proxySessionId", "rotationTrigger", "adoptCredentialId"] as const;

export interface InputFailure {
  property: string;
  reason: string;
}

/** Validates inputs, ignoring anything that depends on a value unknown during preview. */
export function validateInputs(inputs: Record<string, unknown>): InputFailure[] {
  const issues = [
    ...issuesOf(createCredentialRequestSchema.safeParse(requestPartOf(inputs))),
    ...issuesOf(providerExtrasSchema.safeParse({ rotationTrigger: inputs.rotationTrigger, adoptCredentialId: inputs.adoptCredentialId })),
  ];
  return issues.filter((issue) => !dependsOnUnknown(inputs, issue.path)).flatMap((issue) => toFailures(issue, inputs));
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

/** The credential request the sdk sends for these inputs. */
export function toCredentialRequest(inputs: Record<string, unknown>): CreateCredentialRequest {
  return createCredentialRequestSchema.parse(requestPartOf(inputs));
}

export function containsUnknown(value: unknown): boolean {
  if (value === UNKNOWN) return true;
  if (Array.isArray(value)) return value.some(containsUnknown);
  if (value !== null && typeof value === "object") return Object.values(value).some(containsUnknown);
  return false;
}

const REQUEST_KEYS = ["name", "credentialType", "credential", "vaultType", "proxyLocation", "proxySessionId"] as const;

function requestPartOf(inputs: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(REQUEST_KEYS.filter((key) => inputs[key] !== undefined).map((key) => [key, inputs[key]]));
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
