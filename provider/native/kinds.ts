/**
 * The resource types the native provider serves, each backed by the same runtime module the
 * dynamic resource runs (one implementation of every engine call for both), plus what only the
 * native protocol needs: which outputs are secret, which input defaults to the resource's name,
 * and the per-property changes a preview shows.
 */
import type * as dynamic from "@pulumi/pulumi/dynamic";
import * as credentialRuntime from "../runtime";
import * as folderRuntime from "../folder-runtime";
import { changeOf, credentialPropertyChanges, type PropertyChange } from "../diff";
import { changedFolderInputs, FOLDER_OUTPUT_ONLY_KEYS } from "../folder-outputs";
import { OUTPUT_PROPERTIES } from "../outputs";
import { INPUT_KEYS } from "../inputs";
import { TOKENS } from "./tokens";

type Props = Record<string, unknown>;

export interface ResourceKind {
  runtime: Required<dynamic.ResourceProvider>;
  /** Properties stored only as secrets, in inputs and outputs, however the program passed them. */
  secretProperties: readonly string[];
  /** The input that defaults to the resource's name, as the dynamic resource classes do. */
  nameProperty: string;
  /** Outputs the server fills in: unknown in a preview of a create. */
  outputOnly: readonly string[];
  propertyChanges(olds: Props, news: Props): Record<string, PropertyChange>;
}

export const RESOURCE_KINDS: Record<string, ResourceKind> = {
  [TOKENS.credential]: {
    runtime: credentialRuntime,
    secretProperties: ["credential"],
    nameProperty: "name",
    outputOnly: OUTPUT_PROPERTIES.filter((key) => !INPUT_KEYS.includes(key) && key !== "totpDrift"),
    propertyChanges: credentialPropertyChanges,
  },
  [TOKENS.folder]: {
    runtime: folderRuntime,
    secretProperties: [],
    nameProperty: "title",
    outputOnly: FOLDER_OUTPUT_ONLY_KEYS,
    propertyChanges: (olds, news) => Object.fromEntries(changedFolderInputs(olds, news).map((key) => [key, changeOf(olds[key], news[key])])),
  },
};
