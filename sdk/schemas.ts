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

/**
 * What the rest of the package needs to know about a credential field beyond its type: whether its
 * value is a secret (Skyvern never returns it, nothing of ours may print it) and, for a field Skyvern
 * reports back under another name, that name. Every list of secret or reported fields is derived
 * from this registry, so a field added to a schema reaches redaction, validation and outputs at once.
 */
export interface CredentialFieldMeta {
  secret?: boolean;
  reportedAs?: string;
  /** A record of user data (card and password `metadata`): its values are kept out of every error. */
  privateValues?: boolean;
}
export const credentialFieldRegistry = z.registry<CredentialFieldMeta>();

/** Type-level mark of a secret field, so the declared payload types (below) widen exactly those fields. */
declare const secretField: unique symbol;
type SecretField<T> = T & { readonly [secretField]: true };

/** Marks a field's value as secret. Registration is per schema instance, so it wraps the finished field. */
function secret<T extends z.ZodType>(schema: T): SecretField<T> {
  credentialFieldRegistry.add(schema, { secret: true });
  return schema as SecretField<T>;
}

/**
 * Where a secret is held instead of in the declaration: an environment variable of the process
 * running `pulumi`, or a file (a Docker/Kubernetes secret, a `vault agent` sink). Naming a place is
 * not a secret; whoever reads it resolves it when the value is needed and keeps the value to itself.
 * Exactly one of the two is given; the message says which rule failed and never quotes a value.
 */
export const secretReferenceSchema = z
  .strictObject({
    fromEnv: z.string().min(1, "must name an environment variable").optional()
      .describe("Name of an environment variable of the process running `pulumi` that holds the value, e.g. `GITHUB_PASSWORD`."),
    fromFile: z.string().min(1, "must be a file path").optional()
      .describe("Path of a file holding the value (one trailing newline is ignored), e.g. `/run/secrets/github`. Use an absolute path."),
  })
  .superRefine((reference, ctx) => {
    if (reference.fromEnv !== undefined && reference.fromFile !== undefined) ctx.addIssue({ code: "custom", message: "give either fromEnv or fromFile, not both" });
    else if (reference.fromEnv === undefined && reference.fromFile === undefined) ctx.addIssue({ code: "custom", message: "a reference needs fromEnv or fromFile" });
  })
  .describe("A secret held outside Pulumi: `fromEnv` names an environment variable of the process running `pulumi`, `fromFile` a file. Only a fingerprint of the value is stored.");
export type SecretReference = z.infer<typeof secretReferenceSchema>;

/** Whether a declared secret field holds a reference rather than a value. */
export function isSecretReference(value: unknown): value is SecretReference {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

export const credentialTypeSchema = z.enum(["password", "credit_card", "secret"]).describe("Kind of credential: `password` (with optional TOTP), `credit_card` or `secret`.");
export const totpTypeSchema = z.enum(["authenticator", "email", "text", "passkey", "none"]);
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
  country: z.string().length(2).describe("ISO 3166-1 alpha-2 country code, e.g. `US`."),
  /** ISO 3166-2 subdivision code without the country prefix, e.g. `CA`. */
  subdivision: z.string().max(10).nullish().describe("ISO 3166-2 subdivision code without the country prefix, e.g. `CA`."),
  /** City name in English from GeoNames, e.g. `New York`. */
  city: z.string().max(100).nullish().describe("City name in English from GeoNames, e.g. `New York`."),
});

/** Requests are strict: a proxy location is a named pool or a geo target. */
export const proxyLocationSchema = z.union([proxyLocationNameSchema, geoTargetSchema]);
/** Responses are lenient: the server may hand back any object it stored. */
const proxyLocationViewSchema = z.union([z.string(), z.record(z.string(), z.unknown())]);

/** Marks a record whose values are the user's private data. Like `secret`, it wraps the finished field. */
function privateValues<T extends z.ZodType>(schema: T): T {
  credentialFieldRegistry.add(schema, { privateValues: true });
  return schema;
}

/** A fresh instance per field, so registry metadata (e.g. secret) never spreads to another field. */
const nonEmpty = () => z.string().min(1, "must not be empty");

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
    username: nonEmpty().describe("Login name or email address for the site."),
    password: secret(nonEmpty().describe("The password. Skyvern never returns it.")),
    totp: secret(z.string().nullish().describe("Authenticator (TOTP) seed used to generate 2FA codes: base32, or an otpauth://totp/ URI. Needs totpType `authenticator`.")),
    totpType: totpTypeSchema.optional().describe("Where Skyvern gets 2FA codes: `authenticator` (from `totp`), `email`, `text`, `passkey` or `none`."),
    totpIdentifier: z.string().nullish().describe("Email address or phone number the TOTP codes are sent to (email/text)."),
    metadata: privateValues(z.record(z.string(), z.string()).nullish().describe("Extra fields stored with the password in the vault; Skyvern never returns them.")),
  })
  .superRefine((credential, ctx) => {
    if (credential.totpType !== "authenticator") return;
    const problem = totpSeedProblem(credential.totp);
    if (problem) ctx.addIssue({ code: "custom", path: ["totp"], message: problem });
  });

export const creditCardBillingAddressSchema = z.strictObject({
  line1: z.string().nullish().describe("Street address, first line."),
  line2: z.string().nullish().describe("Street address, second line."),
  city: z.string().nullish().describe("City."),
  state: z.string().nullish().describe("State or region name."),
  stateCode: z.string().nullish().describe("State or region code, e.g. `CA`."),
  postalCode: z.string().nullish().describe("Postal or ZIP code."),
  country: z.string().nullish().describe("Country name."),
  countryCode: z.string().nullish().describe("ISO 3166-1 alpha-2 country code, e.g. `US`."),
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
  cardNumber: secret(nonEmpty().describe("Card number, 12 to 19 digits (spaces and dashes allowed), Luhn-checked.").superRefine((value, ctx) => {
    const digits = value.replace(/[\s-]/g, "");
    if (!/^\d{12,19}$/.test(digits)) {
      ctx.addIssue({ code: "custom", message: "must be 12 to 19 digits (spaces and dashes allowed)" });
    } else if (!passesLuhn(digits)) {
      ctx.addIssue({ code: "custom", message: "fails the Luhn checksum: check for a mistyped digit" });
    }
  })),
  cardCvv: secret(nonEmpty().regex(/^\d{3,4}$/, "must be 3 or 4 digits").describe("Card verification code, 3 or 4 digits.")),
  cardExpMonth: secret(nonEmpty().regex(/^(0?[1-9]|1[0-2])$/, "must be a month from 1 to 12").describe("Expiry month, 1 to 12.")),
  cardExpYear: secret(nonEmpty().regex(/^\d{4}$/, "must be a four-digit year").describe("Expiry year, four digits.")),
  cardBrand: nonEmpty().describe("Card brand, e.g. `visa`; reported back as `brand`.").register(credentialFieldRegistry, { reportedAs: "brand" }),
  cardHolderName: secret(nonEmpty().describe("Name on the card.")),
  billingAddress: creditCardBillingAddressSchema.nullish().describe("Billing address of the card."),
  billingEmail: z.string().nullish().describe("Billing email address."),
  billingPhone: z.string().nullish().describe("Billing phone number."),
  metadata: privateValues(z.record(z.string(), z.string()).nullish().describe("Extra fields stored with the card in the vault; Skyvern never returns them.")),
});

export const secretCredentialSchema = z.strictObject({
  secretValue: secret(nonEmpty().describe("The secret value, e.g. an API key. Skyvern never returns it.")),
  secretLabel: z.string().nullish().describe("A label shown with the secret in Skyvern."),
});

/** Every credential payload schema, by type: the source the field lists below are derived from. */
export const credentialSchemasByType = {
  password: passwordCredentialSchema,
  credit_card: creditCardCredentialSchema,
  secret: secretCredentialSchema,
} as const;

/** A payload shape whose secret fields also take a reference. */
type WithReferences<S extends z.ZodRawShape> = {
  [K in keyof S]: S[K] extends { readonly [secretField]: true } ? z.ZodUnion<[S[K], typeof secretReferenceSchema]> : S[K]
};

/**
 * A payload as a declaration may give it: each secret field a value or a `secretReferenceSchema`.
 * This is what the Pulumi schema, the Python SDK and the resource types are generated from. Values
 * are validated by the payload schema itself once references are resolved (provider's check), so
 * every rule (Luhn, TOTP seed) also applies to a value that came from a reference.
 */
function withSecretReferences<S extends z.ZodRawShape>(schema: z.ZodObject<S>): z.ZodObject<WithReferences<S>, z.core.$strict> {
  const shape = Object.fromEntries(Object.entries(schema.shape as unknown as Record<string, z.ZodType>).map(([key, field]) => {
    const meta = credentialFieldRegistry.get(field);
    if (!meta?.secret) return [key, field];
    const declared = z.union([field, secretReferenceSchema]).describe(`${field.description ?? ""} A value, or a reference: \`{ fromEnv: "VAR" }\` or \`{ fromFile: "/path" }\`.`.trim());
    credentialFieldRegistry.add(declared, meta);
    return [key, declared];
  }));
  return z.strictObject(shape) as unknown as z.ZodObject<WithReferences<S>, z.core.$strict>;
}

export const declaredPasswordCredentialSchema = withSecretReferences(passwordCredentialSchema);
export const declaredCreditCardCredentialSchema = withSecretReferences(creditCardCredentialSchema);
export const declaredSecretCredentialSchema = withSecretReferences(secretCredentialSchema);

const idOf = (pattern: RegExp, example: string) => z.string().regex(pattern, `must be a Skyvern id such as ${example}`);
/**
 * Skyvern ids are a prefix and digits (`cred_`, `cfld_`: the server's CREDENTIAL_PREFIX and
 * CREDENTIAL_FOLDER_PREFIX). Every id is checked against these where it enters (inputs, imports,
 * lookups, state) because it becomes part of a request path: `..` would send the request elsewhere.
 */
export const credentialIdSchema = idOf(/^cred_\w+$/, "cred_1234567890");
export const folderIdSchema = idOf(/^cfld_\w+$/, "cfld_1234567890");

/**
 * Settings of a credential beside its data, each applied in place by `PATCH /v1/credentials/{id}`.
 * Some are also accepted by create (see createCredentialRequestSchema).
 */
const credentialSettingsShape = {
  proxyLocation: proxyLocationSchema.nullish().describe("Proxy location for the credential's pinned proxy identity: a pool such as `RESIDENTIAL`, or a geo target `{ country, subdivision, city }`."),
  proxySessionId: z.string().nullish().describe("Advanced reuse key for the pinned proxy identity; chosen by Skyvern when unset. Declaring one without proxyLocation puts the credential on `RESIDENTIAL_ISP`."),
  browserProfileId: idOf(/^bp_\w+$/, "bp_1234567890").nullish().describe("A plain browser profile (`bp_...`) to link as the credential's saved profile. When unset, a profile Skyvern links itself is left alone."),
  autoProfileDisabled: z.boolean().nullish().describe("Turn off Skyvern's automatic saving and reuse of the credential's browser profile."),
  pinSavedSessionIp: z.boolean().nullish().describe("Keep the same IP across sign-ins that reuse the saved browser profile (needs the `RESIDENTIAL_ISP` pool)."),
  testedUrl: z.string().nullish().describe("Login page URL, as a credential test would record it."),
  // Blank means "leave as is" to Skyvern, hence the refinement.
  userContext: z.string().max(1000, "must be at most 1000 characters").refine((text) => text.trim().length > 0, "must not be blank (Skyvern ignores a blank user context)").nullish()
    .describe("Login instructions for Skyvern's agent (at most 1000 characters), e.g. \"click Sign in with SSO first\". Skyvern cannot clear it: removing it replaces the credential."),
  saveBrowserSessionIntent: z.boolean().nullish().describe("Whether a browser session should be saved after sign-in, whatever the test outcome."),
  runSequentially: z.boolean().nullish().describe("Serialize runs that use this credential. Open-source Skyvern refuses `true` (HTTP 400)."),
};

/** Settings create accepts in its body; the others need a PATCH after it. */
const CREATE_SETTINGS = ["proxyLocation", "proxySessionId", "browserProfileId", "autoProfileDisabled", "pinSavedSessionIp", "testedUrl"] as const;

function byCredentialType<S extends z.ZodRawShape>(common: S) {
  return z.discriminatedUnion("credentialType", [
    z.strictObject({ ...common, credentialType: z.literal("password"), credential: passwordCredentialSchema }),
    z.strictObject({ ...common, credentialType: z.literal("credit_card"), credential: creditCardCredentialSchema }),
    z.strictObject({ ...common, credentialType: z.literal("secret"), credential: secretCredentialSchema }),
  ]);
}

const pick = <S extends z.ZodRawShape, K extends keyof S>(shape: S, keys: readonly K[]) =>
  Object.fromEntries(keys.map((key) => [key, shape[key]])) as Pick<S, K>;

const credentialIdentity = {
  name: nonEmpty().describe("Name of the credential in Skyvern (not unique). Defaults to the resource's name."),
  vaultType: credentialVaultTypeSchema.nullish().describe("Vault that stores the credential: `skyvern` (built-in), `bitwarden`, `azure_vault`, `gcp` or `custom`. Changing it replaces the credential (new id)."),
};

/**
 * Body of create and update. Keyed by `credentialType` so a payload that does not match its type
 * is caught here: the server does not check it and fails late.
 */
export const createCredentialRequestSchema = byCredentialType({
  ...credentialIdentity,
  ...pick(credentialSettingsShape, CREATE_SETTINGS),
  /** Ask Skyvern for a new proxy sticky-session id. */
  rotateProxySessionId: z.boolean().optional(),
});

/**
 * Everything writable about a credential, as a whole: what a declaration (a Pulumi resource, a
 * stack config entry) describes. Applied by create/update, PATCH and the folder endpoint together.
 */
export const credentialSpecSchema = byCredentialType({
  ...credentialIdentity,
  ...credentialSettingsShape,
  folderId: folderIdSchema.nullish().describe("Credential folder (`cfld_...`) to keep the credential in; none when unset."),
});

/** Body of `PATCH /v1/credentials/{id}`: only the fields sent change; at least one is required. */
export const credentialPatchSchema = z
  .strictObject({
    name: nonEmpty().optional(),
    ...credentialSettingsShape,
    // An empty tested URL is how it is cleared; the spec's rules do not apply to that value.
    testedUrl: z.string().nullish(),
    rotateProxySessionId: z.boolean().optional(),
  })
  .refine((patch) => Object.keys(patch).length > 0, "at least one field must be sent");

export const credentialFolderAssignmentSchema = z.strictObject({ folderId: folderIdSchema.nullable() });

/** `GET /v1/credentials/{id}/totp-code`: the authenticator code Skyvern would type now. */
export const totpCodeResponseSchema = z.object({ code: z.string(), secondsRemaining: z.number() });

type FieldName = string;
const shapeOf = (type: CredentialType) => credentialSchemasByType[type].shape as Record<FieldName, z.ZodType>;
const metaOf = (type: CredentialType, field: FieldName) => credentialFieldRegistry.get(shapeOf(type)[field]);
const CREDENTIAL_TYPES = credentialTypeSchema.options;

/**
 * Credential fields whose values are secrets: Skyvern never returns them (card expiry and holder
 * included, per its response models), and nothing of ours may print them.
 */
export const SECRET_CREDENTIAL_FIELDS: readonly FieldName[] = [
  ...new Set(CREDENTIAL_TYPES.flatMap((type) => Object.keys(shapeOf(type)).filter((field) => metaOf(type, field)?.secret))),
];

/** The non-secret fields of each type's payload, e.g. `username` or `billingAddress`. */
export const NON_SECRET_CREDENTIAL_FIELDS_BY_TYPE: Record<CredentialType, readonly FieldName[]> = Object.fromEntries(
  CREDENTIAL_TYPES.map((type) => [type, Object.keys(shapeOf(type)).filter((field) => !metaOf(type, field)?.secret)]),
) as unknown as Record<CredentialType, readonly FieldName[]>;

/** The fields every declaration of a credential may have beside `credentialType` and `credential`. */
export const CREDENTIAL_SPEC_KEYS: readonly FieldName[] = Object.keys(credentialSpecSchema.options[0].shape);

/** Settings that only PATCH applies (create and update ignore them). */
export const PATCH_ONLY_SETTINGS: readonly FieldName[] = Object.keys(credentialSettingsShape).filter((key) => !(CREATE_SETTINGS as readonly string[]).includes(key));
export const CREDENTIAL_SETTINGS: readonly FieldName[] = Object.keys(credentialSettingsShape);
/** On/off settings; Skyvern stores false (or null on old rows) until one is turned on. */
export const BOOLEAN_SETTINGS: readonly FieldName[] = CREDENTIAL_SETTINGS.filter((key) => (credentialSettingsShape as Record<FieldName, z.ZodType>)[key].safeParse(true).success);

/** What the server returns instead of secrets: never a password, seed, card number or secret value. */
export const passwordCredentialViewSchema = z.object({
  username: z.string().describe("Password credentials: the username."),
  totpType: z.string().nullish().describe("Password credentials: `authenticator`, `email`, `text`, `passkey` or `none`."),
  totpIdentifier: z.string().nullish().describe("Password credentials: where TOTP codes are sent (email/text)."),
  // Older servers omit it.
  hasTotp: z.boolean().nullish().describe("Password credentials: whether Skyvern holds a TOTP seed."),
});
export const creditCardCredentialViewSchema = z.object({
  lastFour: z.string().describe("Card credentials: last four digits of the number."),
  brand: z.string().describe("Card credentials: the brand."),
});
export const secretCredentialViewSchema = z.object({ secretLabel: z.string().nullish().describe("Secret credentials: the label.") });

const credentialResponseCommon = {
  credentialId: z.string().describe("Skyvern's id for the credential (`cred_...`): what workflows reference. Stable across updates."),
  name: z.string(),
  vaultType: z.string().nullish(),
  browserProfileId: z.string().nullish(),
  testedUrl: z.string().nullish(),
  userContext: z.string().nullish(),
  saveBrowserSessionIntent: z.boolean().nullish(),
  folderId: z.string().nullish(),
  proxyLocation: proxyLocationViewSchema.nullish(),
  proxySessionId: z.string().nullish(),
  autoProfileDisabled: z.boolean().nullish(),
  pinSavedSessionIp: z.boolean().nullish(),
  runSequentially: z.boolean().nullish(),
  createdBy: z.string().nullish().describe("Id of the Skyvern user who created it; absent when created with an API key."),
};

/** Extra fields the server adds are tolerated (stripped); a missing required one is an error naming it. */
export const credentialResponseSchema = z.discriminatedUnion("credentialType", [
  z.object({ ...credentialResponseCommon, credentialType: z.literal("password"), credential: passwordCredentialViewSchema }),
  z.object({ ...credentialResponseCommon, credentialType: z.literal("credit_card"), credential: creditCardCredentialViewSchema }),
  z.object({ ...credentialResponseCommon, credentialType: z.literal("secret"), credential: secretCredentialViewSchema }),
]);
export const credentialListSchema = z.array(credentialResponseSchema);

const viewSchemasByType = {
  password: passwordCredentialViewSchema,
  credit_card: creditCardCredentialViewSchema,
  secret: secretCredentialViewSchema,
} as const;

/** Every field a response carries, the type's view (inside `credential`) flattened beside the rest. */
export const CREDENTIAL_RESPONSE_FIELDS: readonly FieldName[] = [
  ...new Set([
    ...Object.keys(credentialResponseCommon), "credentialType",
    ...CREDENTIAL_TYPES.flatMap((type) => Object.keys(viewSchemasByType[type].shape)),
  ]),
];

/**
 * Payload fields Skyvern reports back, by type: [name in the response's view, payload field]. A
 * field is reported under its own name when the view has it, or under its registered `reportedAs`.
 */
export const REPORTED_CREDENTIAL_FIELDS: Record<CredentialType, ReadonlyArray<readonly [FieldName, FieldName]>> = Object.fromEntries(
  CREDENTIAL_TYPES.map((type) => {
    const view = Object.keys(viewSchemasByType[type].shape);
    const reported = NON_SECRET_CREDENTIAL_FIELDS_BY_TYPE[type]
      .map((field) => [metaOf(type, field)?.reportedAs ?? field, field] as const)
      .filter(([name]) => view.includes(name));
    return [type, reported];
  }),
) as unknown as Record<CredentialType, ReadonlyArray<readonly [FieldName, FieldName]>>;

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
export type DeclaredPasswordCredential = z.infer<typeof declaredPasswordCredentialSchema>;
export type DeclaredCreditCardCredential = z.infer<typeof declaredCreditCardCredentialSchema>;
export type DeclaredSecretCredential = z.infer<typeof declaredSecretCredentialSchema>;
export type CreateCredentialRequest = z.infer<typeof createCredentialRequestSchema>;
export type CredentialSpec = z.infer<typeof credentialSpecSchema>;
export type CredentialPatch = z.infer<typeof credentialPatchSchema>;
export type TotpCodeResponse = z.infer<typeof totpCodeResponseSchema>;
export type CredentialResponse = z.infer<typeof credentialResponseSchema>;
export type HttpValidationError = z.infer<typeof httpValidationErrorSchema>;
