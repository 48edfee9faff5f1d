/**
 * Zod schemas for the Skyvern credentials API: the single source of truth for both the
 * TypeScript types (`z.infer`) and runtime validation of requests and responses.
 *
 * Shapes follow the server's OpenAPI spec, in camelCase; `wire.ts` translates to the
 * snake_case wire format. Request schemas add the checks the server (or the vault behind it)
 * would reject late, so callers hear about them before any request is sent. Request objects are
 * strict: a misspelled field is an error rather than silently dropped.
 */
import { z } from "zod";

export const credentialTypeSchema = z.enum(["password", "credit_card", "secret"]);
export const totpTypeSchema = z.enum(["authenticator", "email", "text", "none"]);
/** `skyvern` is the built-in vault; the spec lists only the external ones but the server accepts and returns it. */
export const credentialVaultTypeSchema = z.enum(["skyvern", "bitwarden", "azure_vault", "gcp", "custom"]);

export const proxyLocationNameSchema = z.enum([
  "RESIDENTIAL", "US-CA", "US-NY", "US-TX", "US-FL", "US-WA", "RESIDENTIAL_ES", "RESIDENTIAL_IE",
  "RESIDENTIAL_GB", "RESIDENTIAL_IN", "RESIDENTIAL_JP", "RESIDENTIAL_FR", "RESIDENTIAL_DE",
  "RESIDENTIAL_NZ", "RESIDENTIAL_ZA", "RESIDENTIAL_AR", "RESIDENTIAL_AU", "RESIDENTIAL_BR",
  "RESIDENTIAL_TR", "RESIDENTIAL_CA", "RESIDENTIAL_MX", "RESIDENTIAL_IT", "RESIDENTIAL_NL",
  "RESIDENTIAL_PH", "RESIDENTIAL_KR", "RESIDENTIAL_SA", "RESIDENTIAL_ISP", "NONE",
]);

export const geoTargetSchema = z.strictObject({
  /** ISO 3166-1 alpha-2 country code, e.g. `US`. */
  country: z.string().length(2),
  /** ISO 3166-2 subdivision code without the country prefix, e.g. `CA`. */
  subdivision: z.string().max(10).nullish(),
  /** City name in English from GeoNames, e.g. `New York`. */
  city: z.string().max(100).nullish(),
});

/** Requests are strict: a proxy location is a named pool or a geo target. */
export const proxyLocationSchema = z.union([proxyLocationNameSchema, geoTargetSchema]);
/** Responses are lenient: the server may hand back any object it stored. */
const proxyLocationViewSchema = z.union([z.string(), z.record(z.string(), z.unknown())]);

const nonEmpty = z.string().min(1, "must not be empty");

/** RFC 4648 base32, the format authenticator apps and the server's TOTP generator expect. */
const BASE32_SEED = /^[A-Z2-7]+=*$/i;
/** The server (pyotp) refuses seeds shorter than 112 bits after decoding. */
const MIN_SEED_BYTES = 14;

function totpSeedProblem(totp: string | null | undefined): string | undefined {
  const seed = (totp ?? "").replace(/\s+/g, "");
  if (!seed) return "is required when totpType is 'authenticator'";
  if (/^otpauth:\/\/totp\//i.test(seed)) return undefined;
  if (!BASE32_SEED.test(seed)) return "must be a base32 TOTP seed (letters A-Z and digits 2-7) or an otpauth://totp/ URI";
  const decodedBytes = Math.floor((seed.replace(/=+$/, "").length * 5) / 8);
  if (decodedBytes < MIN_SEED_BYTES) return `is too short: Skyvern needs at least ${MIN_SEED_BYTES * 8} bits (23 base32 characters)`;
  return undefined;
}

export const passwordCredentialSchema = z
  .strictObject({
    username: nonEmpty,
    password: nonEmpty,
    /** TOTP seed (authenticator) used to generate 2FA codes. */
    totp: z.string().nullish(),
    totpType: totpTypeSchema.optional(),
    /** Email address or phone number the TOTP codes are sent to (email/text). */
    totpIdentifier: z.string().nullish(),
  })
  .superRefine((credential, ctx) => {
    if (credential.totpType !== "authenticator") return;
    const problem = totpSeedProblem(credential.totp);
    if (problem) ctx.addIssue({ code: "custom", path: ["totp"], message: problem });
  });

export const creditCardBillingAddressSchema = z.strictObject({
  line1: z.string().nullish(),
  line2: z.string().nullish(),
  city: z.string().nullish(),
  state: z.string().nullish(),
  stateCode: z.string().nullish(),
  postalCode: z.string().nullish(),
  country: z.string().nullish(),
  countryCode: z.string().nullish(),
});

function passesLuhn(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let digit = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return sum % 10 === 0;
}

export const creditCardCredentialSchema = z.strictObject({
  cardNumber: nonEmpty.superRefine((value, ctx) => {
    const digits = value.replace(/[\s-]/g, "");
    if (!/^\d{12,19}$/.test(digits)) {
      ctx.addIssue({ code: "custom", message: "must be 12 to 19 digits (spaces and dashes allowed)" });
    } else if (!passesLuhn(digits)) {
      ctx.addIssue({ code: "custom", message: "fails the Luhn checksum: check for a mistyped digit" });
    }
  }),
  cardCvv: nonEmpty.regex(/^\d{3,4}$/, "must be 3 or 4 digits"),
  cardExpMonth: nonEmpty.regex(/^(0?[1-9]|1[0-2])$/, "must be a month from 1 to 12"),
  cardExpYear: nonEmpty.regex(/^\d{4}$/, "must be a four-digit year"),
  cardBrand: nonEmpty,
  cardHolderName: nonEmpty,
  billingAddress: creditCardBillingAddressSchema.nullish(),
  billingEmail: z.string().nullish(),
  billingPhone: z.string().nullish(),
  metadata: z.record(z.string(), z.string()).nullish(),
});

export const secretCredentialSchema = z.strictObject({
  secretValue: nonEmpty,
  secretLabel: z.string().nullish(),
});

const credentialRequestCommon = {
  name: nonEmpty,
  vaultType: credentialVaultTypeSchema.nullish(),
  proxyLocation: proxyLocationSchema.nullish(),
  proxySessionId: z.string().nullish(),
};

/**
 * Body of create and update. Keyed by `credentialType` so a payload that does not match its type
 * is caught here: the server does not check it and fails late.
 */
export const createCredentialRequestSchema = z.discriminatedUnion("credentialType", [
  z.strictObject({ ...credentialRequestCommon, credentialType: z.literal("password"), credential: passwordCredentialSchema }),
  z.strictObject({ ...credentialRequestCommon, credentialType: z.literal("credit_card"), credential: creditCardCredentialSchema }),
  z.strictObject({ ...credentialRequestCommon, credentialType: z.literal("secret"), credential: secretCredentialSchema }),
]);

/**
 * Credential fields whose values are secrets: Skyvern never returns them (card expiry and holder
 * included, per its response models), and nothing of ours may print them.
 */
export const SECRET_CREDENTIAL_FIELDS = ["password", "totp", "cardNumber", "cardCvv", "cardExpMonth", "cardExpYear", "cardHolderName", "secretValue"] as const;

/** What the server returns instead of secrets: never a password, seed, card number or secret value. */
export const passwordCredentialViewSchema = z.object({
  username: z.string(),
  totpType: z.string().nullish(),
  totpIdentifier: z.string().nullish(),
});
export const creditCardCredentialViewSchema = z.object({ lastFour: z.string(), brand: z.string() });
export const secretCredentialViewSchema = z.object({ secretLabel: z.string().nullish() });

const credentialResponseCommon = {
  credentialId: z.string(),
  name: z.string(),
  vaultType: z.string().nullish(),
  browserProfileId: z.string().nullish(),
  testedUrl: z.string().nullish(),
  userContext: z.string().nullish(),
  saveBrowserSessionIntent: z.boolean().nullish(),
  folderId: z.string().nullish(),
  proxyLocation: proxyLocationViewSchema.nullish(),
  proxySessionId: z.string().nullish(),
};

/** Extra fields the server adds are tolerated (stripped); a missing required one is an error naming it. */
export const credentialResponseSchema = z.discriminatedUnion("credentialType", [
  z.object({ ...credentialResponseCommon, credentialType: z.literal("password"), credential: passwordCredentialViewSchema }),
  z.object({ ...credentialResponseCommon, credentialType: z.literal("credit_card"), credential: creditCardCredentialViewSchema }),
  z.object({ ...credentialResponseCommon, credentialType: z.literal("secret"), credential: secretCredentialViewSchema }),
]);
export const credentialListSchema = z.array(credentialResponseSchema);

/** FastAPI's 422 body. `input` and `ctx` echo request values (secrets included) and are dropped. */
export const httpValidationErrorSchema = z.object({
  detail: z.array(z.object({ loc: z.array(z.union([z.string(), z.number()])), msg: z.string(), type: z.string() })),
});

export type CredentialType = z.infer<typeof credentialTypeSchema>;
export type TotpType = z.infer<typeof totpTypeSchema>;
export type CredentialVaultType = z.infer<typeof credentialVaultTypeSchema>;
export type ProxyLocation = z.infer<typeof proxyLocationSchema>;
export type GeoTarget = z.infer<typeof geoTargetSchema>;
export type PasswordCredential = z.infer<typeof passwordCredentialSchema>;
export type CreditCardCredential = z.infer<typeof creditCardCredentialSchema>;
export type CreditCardBillingAddress = z.infer<typeof creditCardBillingAddressSchema>;
export type SecretCredential = z.infer<typeof secretCredentialSchema>;
export type CreateCredentialRequest = z.infer<typeof createCredentialRequestSchema>;
export type CredentialResponse = z.infer<typeof credentialResponseSchema>;
export type HttpValidationError = z.infer<typeof httpValidationErrorSchema>;
