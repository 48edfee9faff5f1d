/** Names the engine and the language SDKs know the native provider by. */

export const PACKAGE_NAME = "skyvern";
// Read at run time (and inlined by the plugin bundle): the schema, the plugin and the language
// classes must all say the version of the package they come from.
export const PACKAGE_VERSION: string = require("../../../package.json").version;

export const TOKENS = {
  credential: `${PACKAGE_NAME}:index:Credential`,
  folder: `${PACKAGE_NAME}:index:CredentialFolder`,
} as const;
