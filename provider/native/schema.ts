/**
 * The Pulumi package schema of the native provider (served by GetSchema, written to schema.json for
 * code generation), derived from the zod schemas: property names, types, descriptions (`.describe`)
 * and secrecy (the sdk's field registry) all come from there, so a field added to a zod schema
 * reaches the schema, the Python classes and the docs at once.
 */
import { z } from "zod";
import { createFolderRequestSchema, folderResponseSchema } from "../../sdk/folder-schemas";
import {
  creditCardBillingAddressSchema, credentialFieldRegistry, credentialResponseSchema, credentialSpecSchema, credentialTypeSchema,
  declaredCreditCardCredentialSchema, declaredPasswordCredentialSchema, declaredSecretCredentialSchema, geoTargetSchema, secretReferenceSchema,
} from "../../sdk/schemas";
import { providerExtrasSchema } from "../credential/inputs";
import { providerOutputsSchema } from "../credential/outputs";
import { FOLDER_OUTPUT_ONLY_KEYS } from "../folder/outputs";
import { PACKAGE_NAME, PACKAGE_VERSION, PLUGIN_DOWNLOAD_URL, REPOSITORY, TOKENS } from "./tokens";

/** A node of Pulumi's schema format (a property or type spec); loose on purpose, JSON goes out. */
export type SchemaSpec = Record<string, unknown>;

/** Object schemas emitted once as named types and referred to wherever they are used. */
const NAMED_TYPES = new Map<z.ZodType, string>([
  // As a declaration gives them: each secret field a value or a SecretReference.
  [declaredPasswordCredentialSchema, "PasswordCredential"],
  [declaredCreditCardCredentialSchema, "CreditCardCredential"],
  [declaredSecretCredentialSchema, "SecretCredential"],
  [secretReferenceSchema, "SecretReference"],
  [creditCardBillingAddressSchema, "CreditCardBillingAddress"],
  [geoTargetSchema, "GeoTarget"],
]);

const typeRef = (name: string) => `#/types/${PACKAGE_NAME}:index:${name}`;

/** zod → JSON Schema (zod's own converter), with secrets marked and named objects as references. */
function jsonSchemaOf(schema: z.ZodType, self?: z.ZodType): SchemaSpec {
  return z.toJSONSchema(schema, {
    io: "input",
    unrepresentable: "any",
    override: (ctx) => {
      const zodSchema = ctx.zodSchema as unknown as z.ZodType;
      const named = zodSchema !== self ? NAMED_TYPES.get(zodSchema) : undefined;
      const node = ctx.jsonSchema as SchemaSpec;
      if (named) {
        for (const key of Object.keys(node)) delete node[key];
        node.$ref = typeRef(named);
      }
      if (credentialFieldRegistry.get(zodSchema)?.secret) node.secret = true;
    },
  }) as SchemaSpec;
}

/**
 * JSON Schema → Pulumi type spec: null alternatives dropped (absent is how Pulumi says "unset"),
 * unions as `oneOf`, records as maps, anything else as `pulumi.json#/Any`. Constraints such as
 * lengths and patterns stay in zod: the provider's Check applies them with a message per field.
 */
function pulumiTypeOf(node: SchemaSpec): SchemaSpec {
  const described = (spec: SchemaSpec) => ({
    ...spec,
    ...(node.description ? { description: node.description } : {}),
    ...(node.secret ? { secret: true } : {}),
  });
  if (typeof node.$ref === "string") return described({ $ref: node.$ref });
  const alternatives = (node.anyOf ?? node.oneOf) as SchemaSpec[] | undefined;
  if (alternatives) {
    const kept = alternatives.filter((alternative) => alternative.type !== "null").map(pulumiTypeOf);
    const flat = kept.flatMap((spec) => (Array.isArray(spec.oneOf) ? (spec.oneOf as SchemaSpec[]) : [spec]));
    return described(flat.length === 1 ? flat[0] : { oneOf: flat.map(({ description: _d, secret: _s, ...type }) => type) });
  }
  const types = (Array.isArray(node.type) ? node.type : [node.type]).filter((type) => type !== "null" && type !== undefined);
  const [type] = types as string[];
  switch (type) {
    case "string":
    case "boolean":
    case "number":
    case "integer":
      return described({ type });
    case "object":
      if (node.additionalProperties && typeof node.additionalProperties === "object") {
        return described({ type: "object", additionalProperties: pulumiTypeOf(node.additionalProperties as SchemaSpec) });
      }
      return described({ $ref: "pulumi.json#/Any" });
    default:
      return described({ $ref: "pulumi.json#/Any" });
  }
}

function propertiesOf(shape: Record<string, z.ZodType>): Record<string, SchemaSpec> {
  return Object.fromEntries(Object.entries(shape).map(([key, field]) => [key, pulumiTypeOf(jsonSchemaOf(field))]));
}

function objectTypeOf(schema: z.ZodObject, description: string): SchemaSpec {
  const json = jsonSchemaOf(schema, schema);
  const properties = Object.fromEntries(Object.entries(json.properties as Record<string, SchemaSpec>).map(([key, node]) => [key, pulumiTypeOf(node)]));
  return { type: "object", description, properties, required: json.required ?? [] };
}

const TYPE_DESCRIPTIONS: Record<string, string> = {
  PasswordCredential: "Username, password, and optional TOTP: a `totp` seed with `totpType: authenticator`, or `totpIdentifier` for email/text codes.",
  CreditCardCredential: "Card number, CVV, expiry, brand, holder, optional billing address, email, phone and metadata.",
  SecretCredential: "A generic secret value with an optional label.",
  CreditCardBillingAddress: "Billing address of a card.",
  GeoTarget: "A proxy geo target.",
  SecretReference: secretReferenceSchema.description ?? "",
};

function credentialResource(): SchemaSpec {
  const { credentialType: _type, credential: _credential, ...settings } = credentialSpecSchema.options[0].shape;
  const inputProperties: Record<string, SchemaSpec> = {
    credentialType: { type: "string", description: credentialTypeSchema.description },
    credential: {
      oneOf: ["PasswordCredential", "CreditCardCredential", "SecretCredential"].map((name) => ({ $ref: typeRef(name) })),
      description: "The credential data, shaped by `credentialType`. Always a secret: encrypted in state, never printed.",
      secret: true,
    },
    ...propertiesOf(settings),
    ...propertiesOf(providerExtrasSchema.shape),
  };
  const responseFields = {
    ...credentialResponseSchema.options[0].shape,
    ...credentialResponseSchema.options[1].shape.credential.shape,
    ...credentialResponseSchema.options[2].shape.credential.shape,
    ...credentialResponseSchema.options[0].shape.credential.shape,
  };
  const { credentialType: _t, credential: _c, ...reported } = responseFields;
  const outputOnly = Object.fromEntries(Object.entries(propertiesOf({ ...reported, ...providerOutputsSchema.shape })).filter(([key]) => !(key in inputProperties)));
  return {
    description: "A Skyvern credential (a password with optional TOTP, a credit card, or a secret). Changes apply in place, so `credentialId` never changes; a vault change replaces it.",
    inputProperties,
    requiredInputs: ["credentialType", "credential"],
    properties: { ...inputProperties, ...outputOnly },
    required: ["credentialId", "name", "credentialType", "credential"],
  };
}

function folderResource(): SchemaSpec {
  const inputProperties = propertiesOf(createFolderRequestSchema.shape);
  const shape = folderResponseSchema.shape as Record<string, z.ZodType>;
  const outputOnly = propertiesOf(Object.fromEntries(FOLDER_OUTPUT_ONLY_KEYS.map((key) => [key, shape[key]])));
  return {
    description: "A Skyvern credential folder. Title and description change in place, so `folderId` never changes.",
    inputProperties,
    properties: { ...inputProperties, ...outputOnly },
    required: ["folderId", "title", "credentialCount", "createdAt", "modifiedAt"],
  };
}

/**
 * The Go package users import: `sdk/go` of the repository is the module (its go.mod, released by
 * the tag `sdk/go/v<version>`), `skyvern` the package in it. `go get` fetches a module by its
 * repository path, so it derives from package.json's `repository` too.
 */
export const GO_IMPORT_BASE_PATH = `github.com/${REPOSITORY.owner}/${REPOSITORY.name}/sdk/go/skyvern`;

/** Provider settings: `skyvern:apiKey` etc. in stack config, or arguments of an explicit provider. */
export const PROVIDER_CONFIG: Record<string, SchemaSpec> = {
  apiKey: { type: "string", secret: true, description: "Skyvern API key (x-api-key). Falls back to SKYVERN_API_KEY." },
  baseUrl: { type: "string", description: "Skyvern API base URL, e.g. https://api.skyvern.com. Falls back to SKYVERN_BASE_URL." },
  maxConcurrency: { type: "integer", description: "Most requests in flight at once from one `pulumi` run." },
  coalesceReads: { type: "boolean", description: "Serve a run's many reads (refresh) from the list endpoint, a few requests instead of one per resource. Default true; false reads each resource alone (for debugging). Falls back to SKYVERN_COALESCE_READS." },
};

export function packageSchema(): SchemaSpec {
  return {
    name: PACKAGE_NAME,
    displayName: "Skyvern",
    version: PACKAGE_VERSION,
    description: "Manage Skyvern credentials (passwords with TOTP, credit cards, secrets) and credential folders as code.",
    keywords: ["pulumi", "skyvern", "credentials", "category/utility", "kind/native"],
    license: "Apache-2.0",
    publisher: REPOSITORY.owner,
    homepage: REPOSITORY.url,
    repository: REPOSITORY.url,
    logoUrl: `https://raw.githubusercontent.com/${REPOSITORY.owner}/${REPOSITORY.name}/main/docs/logo.svg`,
    pluginDownloadURL: PLUGIN_DOWNLOAD_URL,
    config: { variables: PROVIDER_CONFIG },
    provider: { description: "The Skyvern provider. Settings come from stack config (`skyvern:*`) or its arguments.", inputProperties: PROVIDER_CONFIG },
    types: Object.fromEntries([...NAMED_TYPES].map(([schema, name]) => [`${PACKAGE_NAME}:index:${name}`, objectTypeOf(schema as z.ZodObject, TYPE_DESCRIPTIONS[name])])),
    resources: { [TOKENS.credential]: credentialResource(), [TOKENS.folder]: folderResource() },
    // The name each language's users install and import: `npm install pulumi-skyvern` (the TypeScript
    // classes are this package's own), `pip install pulumi-skyvern` / `import pulumi_skyvern`.
    language: {
      nodejs: { packageName: "pulumi-skyvern" },
      python: { packageName: "pulumi_skyvern", requires: { pulumi: ">=3.0.0,<4.0.0" }, respectSchemaVersion: true, pyproject: { enabled: true } },
      // The module in sdk/go (scripts/gen-sdk.sh go); respectSchemaVersion makes the SDK ask the engine
      // for this version of the plugin, as the Python SDK does.
      go: { importBasePath: GO_IMPORT_BASE_PATH, respectSchemaVersion: true },
    },
  };
}
