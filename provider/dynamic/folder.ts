/**
 * `SkyvernCredentialFolder`: a Skyvern credential folder managed by Pulumi. Title and description
 * change in place, so `folderId` (what credentials are filed under) never changes.
 */
import * as pulumi from "@pulumi/pulumi";
import { FOLDER_OUTPUT_ONLY_KEYS } from "../folder/outputs";
import { providerForSerialization } from "./serialized-provider";
import { DYNAMIC_TYPE_NAMES } from "../native/tokens";

export interface SkyvernCredentialFolderArgs {
  /** Title shown in Skyvern: 1 to 255 characters, not unique. Defaults to the resource's name. */
  title?: pulumi.Input<string>;
  /** Free text. Removing it clears the description in Skyvern. */
  description?: pulumi.Input<string>;
}

/** The outputs of a folder resource, shared by the dynamic and the native class (declaration merging). */
export interface FolderOutputFields {
  /** Skyvern's id for the folder (`cfld_...`). Stable across updates. */
  readonly folderId: pulumi.Output<string>;
  /** Title as Skyvern reports it. */
  readonly title: pulumi.Output<string>;
  /** Absent when the folder has none. */
  readonly description: pulumi.Output<string | undefined>;
  /** Credentials filed in the folder, as Skyvern counted them at the last create, update or refresh. */
  readonly credentialCount: pulumi.Output<number>;
  /** Server time (UTC, ISO 8601 without a zone). */
  readonly createdAt: pulumi.Output<string>;
  /** Server time (UTC); Skyvern also moves it when a credential is filed into the folder. */
  readonly modifiedAt: pulumi.Output<string>;
  /** The Skyvern organization the folder belongs to (`o_...`); a refresh or destroy with another organization's key fails instead of dropping it. */
  readonly organizationId: pulumi.Output<string>;
}

// A class and an interface of the same name merge: the class gets the output fields above.
// eslint-disable-next-line @typescript-eslint/no-empty-object-type, @typescript-eslint/no-unsafe-declaration-merging
export interface SkyvernCredentialFolder extends FolderOutputFields {}

// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export class SkyvernCredentialFolder extends pulumi.dynamic.Resource {

  constructor(name: string, args: SkyvernCredentialFolderArgs = {}, opts?: pulumi.CustomResourceOptions) {
    // Declared so the engine registers them as outputs; the provider fills them in.
    const outputsOnly = Object.fromEntries(FOLDER_OUTPUT_ONLY_KEYS.map((key) => [key, undefined]));
    super(
      providerForSerialization("pulumi-skyvern/folder-runtime"),
      name,
      { ...outputsOnly, ...args, title: args.title ?? name },
      opts,
      undefined,
      DYNAMIC_TYPE_NAMES.folder,
    );
  }
}
