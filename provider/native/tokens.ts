/** Names the engine and the language SDKs know the native provider by. */

export const PACKAGE_NAME = "skyvern";
// Read at run time (and inlined by the plugin bundle): the schema, the plugin and the language
// classes must all say the version of the package they come from.
const packageJson: { version: string; repository: { url: string } } = require("../../../package.json");
export const PACKAGE_VERSION: string = packageJson.version;

/**
 * The GitHub repository the package is released from (package.json's `repository`, the one place the
 * owner is written): its releases hold the plugin archives the engine downloads.
 */
export const REPOSITORY = (() => {
  const match = /github\.com[/:]([^/]+)\/([^/.]+)(?:\.git)?$/.exec(packageJson.repository.url);
  if (!match) throw new Error(`package.json repository.url ${packageJson.repository.url} is not a GitHub repository`);
  return { owner: match[1], name: match[2], url: `https://github.com/${match[1]}/${match[2]}` };
})();

/**
 * Where the engine fetches `pulumi-resource-skyvern` on first use when it is not installed: the
 * GitHub releases of REPOSITORY, as community packages declare it. Every SDK sends it with each resource.
 */
export const PLUGIN_DOWNLOAD_URL = `github://api.github.com/${REPOSITORY.owner}/${REPOSITORY.name}`;

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
