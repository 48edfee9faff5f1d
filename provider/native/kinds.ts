/**
 * The resource types the native provider serves, each backed by the same runtime module the
 * dynamic resource runs (one implementation of every engine call for both), plus what only the
 * native protocol needs: which outputs are secret, which input defaults to the resource's name,
 * and the per-property changes a preview shows.
 */
import type * as dynamic from "@pulumi/pulumi/dynamic";
import camelcaseKeys from "camelcase-keys";
import * as credentialRuntime from "../credential/runtime";
import * as folderRuntime from "../folder/runtime";
import { changeOf, credentialPropertyChanges, type PropertyChange } from "../credential/diff";
import { changedFolderInputs, FOLDER_OUTPUT_ONLY_KEYS } from "../folder/outputs";
import { OUTPUT_PROPERTIES, reportedFieldsOf } from "../credential/outputs";
import { INPUT_KEYS } from "../credential/inputs";
import { TOKENS } from "./tokens";

type Props = Record<string, unknown>;

export interface ResourceKind {
  /** The shared runtime; its read also takes the stored inputs, which the engine sends the native provider. */
  runtime: Required<dynamic.ResourceProvider> & { read(id: string, props?: Props, storedInputs?: Props): Promise<dynamic.ReadResult> };
  /** Properties stored only as secrets, in inputs and outputs, however the program passed them. */
  secretProperties: readonly string[];
  /**
   * The properties to mark secret on the way out, given where secrets arrived (dotted paths) and the
   * plain properties: the top-level property of each path, and any output the server reports from
   * a secret field under another name (a secret `credential.secretLabel` is also the `secretLabel`
   * output), so whatever arrived secret leaves secret.
   */
  secretOutputsOf(secretPaths: readonly string[], props: Props): string[];
  /** The input that defaults to the resource's name, as the dynamic resource classes do. */
  nameProperty: string;
  /** Outputs the server fills in: unknown in a preview of a create. */
  outputOnly: readonly string[];
  /** Inputs as the runtime expects them, from what any language's SDK sent. */
  normalize(inputs: Props): Props;
  propertyChanges(olds: Props, news: Props): Record<string, PropertyChange>;
}

/**
 * Python SDKs rename the keys of a typed argument object, but not of a plain dict passed where the
 * schema allows several types (`credential` is one of three): `{"totp_type": ...}` arrives as
 * written. The credential's field names are camelCase, so snake_case ones are renamed here; the
 * keys of `metadata` are the user's own and stay as they are.
 */
function camelCaseCredential(inputs: Props): Props {
  const credential = inputs.credential;
  if (credential === null || typeof credential !== "object" || Array.isArray(credential)) return inputs;
  return { ...inputs, credential: camelcaseKeys(credential as Props, { deep: true, stopPaths: ["metadata"] }) };
}

const topLevelOf = (secretPath: string) => secretPath.split(".")[0];

/** As `camelCaseCredential` renames a field, so a secret `credential.totp_identifier` finds its output. */
const camelCased = (field: string) => field.replace(/_([a-z0-9])/g, (_match, letter: string) => letter.toUpperCase());

function credentialSecretOutputsOf(secretPaths: readonly string[], props: Props): string[] {
  return secretPaths.flatMap((secretPath) => {
    const [top, field] = secretPath.split(".");
    if (top !== "credential" || field === undefined) return [top];
    const reported = reportedFieldsOf(props.credentialType).filter(([, input]) => input === camelCased(field)).map(([output]) => output);
    return [top, ...reported];
  });
}

export const RESOURCE_KINDS: Record<string, ResourceKind> = {
  [TOKENS.credential]: {
    runtime: credentialRuntime,
    secretProperties: ["credential", "secretFingerprints"],
    secretOutputsOf: credentialSecretOutputsOf,
    nameProperty: "name",
    outputOnly: OUTPUT_PROPERTIES.filter((key) => !INPUT_KEYS.includes(key) && key !== "totpDrift"),
    normalize: camelCaseCredential,
    propertyChanges: credentialPropertyChanges,
  },
  [TOKENS.folder]: {
    runtime: folderRuntime,
    secretProperties: [],
    secretOutputsOf: (secretPaths) => secretPaths.map(topLevelOf),
    nameProperty: "title",
    outputOnly: FOLDER_OUTPUT_ONLY_KEYS,
    normalize: (inputs) => inputs,
    propertyChanges: (olds, news) => Object.fromEntries(changedFolderInputs(olds, news).map((key) => [key, changeOf(olds[key], news[key])])),
  },
};
