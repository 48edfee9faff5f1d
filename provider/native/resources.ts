/**
 * The native provider's resources for TypeScript programs: `Credential`, `CredentialFolder` and an
 * explicit `Provider`, served by the `pulumi-resource-skyvern` plugin rather than by code stored in
 * state. Arguments and outputs are the dynamic resources' (same runtime behind both); what differs
 * is the engine's view: per-property diffs, `pulumi import`, and a schema other languages share.
 */
import * as pulumi from "@pulumi/pulumi";
import { SECRET_OUTPUTS, type CredentialOutputFields, type SkyvernCredentialArgs } from "../dynamic/credential";
import type { FolderOutputFields, SkyvernCredentialFolderArgs } from "../dynamic/folder";
import { FOLDER_OUTPUT_ONLY_KEYS } from "../folder/outputs";
import { OUTPUT_PROPERTIES } from "../credential/outputs";
import { PACKAGE_NAME, PACKAGE_VERSION, PLUGIN_DOWNLOAD_URL, TOKENS } from "./tokens";

export type CredentialArgs = SkyvernCredentialArgs;
export type CredentialFolderArgs = SkyvernCredentialFolderArgs;

/**
 * The plugin version these classes were written for (the engine loads exactly that one), and where
 * the engine downloads it when it is not installed yet, as Pulumi's generated SDKs declare both.
 */
function withPluginVersion<T extends pulumi.ResourceOptions>(opts: T | undefined): T {
  return { version: PACKAGE_VERSION, pluginDownloadURL: PLUGIN_DOWNLOAD_URL, ...opts } as T;
}

const unset = (keys: readonly string[]) => Object.fromEntries(keys.map((key) => [key, undefined]));

// A class and an interface of the same name merge: the class gets the dynamic resource's output fields.
// eslint-disable-next-line @typescript-eslint/no-empty-object-type, @typescript-eslint/no-unsafe-declaration-merging
export interface Credential extends CredentialOutputFields {}

// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export class Credential extends pulumi.CustomResource {
  /** A credential already in state (or, with `import`, on the server) by its id. */
  static get(name: string, id: pulumi.Input<string>, opts?: pulumi.CustomResourceOptions): Credential {
    return new Credential(name, undefined, { ...opts, id });
  }

  constructor(name: string, args: CredentialArgs, opts?: pulumi.CustomResourceOptions);
  constructor(name: string, args: CredentialArgs | undefined, opts?: pulumi.CustomResourceOptions);
  constructor(name: string, args: CredentialArgs | undefined, opts?: pulumi.CustomResourceOptions) {
    const props = args
      // The plugin also stores it as a secret; wrapping here keeps it secret in the program too.
      ? { ...unset(OUTPUT_PROPERTIES), ...args, credential: pulumi.secret(args.credential) }
      : unset([...OUTPUT_PROPERTIES, "credential"]);
    super(TOKENS.credential, name, props, withPluginVersion({
      ...opts,
      additionalSecretOutputs: [...(opts?.additionalSecretOutputs ?? []), ...SECRET_OUTPUTS],
    }));
  }
}

// eslint-disable-next-line @typescript-eslint/no-empty-object-type, @typescript-eslint/no-unsafe-declaration-merging
export interface CredentialFolder extends FolderOutputFields {}

// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export class CredentialFolder extends pulumi.CustomResource {
  static get(name: string, id: pulumi.Input<string>, opts?: pulumi.CustomResourceOptions): CredentialFolder {
    return new CredentialFolder(name, undefined, { ...opts, id });
  }

  constructor(name: string, args?: CredentialFolderArgs, opts?: pulumi.CustomResourceOptions) {
    super(TOKENS.folder, name, { ...unset(FOLDER_OUTPUT_ONLY_KEYS), title: undefined, description: undefined, ...args }, withPluginVersion(opts));
  }
}

export interface ProviderArgs {
  /** Skyvern API key; stored as a secret. Falls back to SKYVERN_API_KEY. */
  apiKey?: pulumi.Input<string>;
  /** Skyvern API base URL. Falls back to SKYVERN_BASE_URL. */
  baseUrl?: pulumi.Input<string>;
  /** Most requests in flight at once. */
  maxConcurrency?: pulumi.Input<number>;
}

/** An explicit provider, e.g. one per Skyvern organization in the same program. */
export class Provider extends pulumi.ProviderResource {
  constructor(name: string, args: ProviderArgs = {}, opts?: pulumi.ResourceOptions) {
    const apiKey = args.apiKey === undefined ? undefined : pulumi.secret(args.apiKey);
    super(PACKAGE_NAME, name, { ...args, apiKey }, withPluginVersion(opts));
  }
}
