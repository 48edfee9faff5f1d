/** Names the engine and the language SDKs know the native provider by. */

export const PACKAGE_NAME = "skyvern";
// Read at run time (and inlined by the plugin bundle): the schema, the plugin and the language
// classes must all say the version of the package they come from.
export const PACKAGE_VERSION: string = require("../../../package.json").version;

export const TOKENS = {
  credential: `${PACKAGE_NAME}:index:Credential`,
  folder: `${PACKAGE_NAME}:index:CredentialFolder`,
} as const;

/**
 * The dynamic resources' type names; the engine records them as `pulumi-nodejs:dynamic:<name>`.
 * Kept beside the native tokens so that tools reading state know every type the package ships.
 */
export const DYNAMIC_TYPE_NAMES = {
  credential: "SkyvernCredential",
  folder: "SkyvernCredentialFolder",
} as const;

/** Every type this package writes into state, by kind of resource: native token and dynamic type. */
export const STATE_TYPES = {
  credential: [TOKENS.credential, `pulumi-nodejs:dynamic:${DYNAMIC_TYPE_NAMES.credential}`],
  folder: [TOKENS.folder, `pulumi-nodejs:dynamic:${DYNAMIC_TYPE_NAMES.folder}`],
} as const;
