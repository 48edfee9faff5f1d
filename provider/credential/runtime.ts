/**
 * The provider implementation, loaded by the serialized provider in the engine's provider process
 * (`require("pulumi-skyvern/provider-runtime")`). One function per engine call. Each change takes
 * the fewest requests (plan.ts): one per endpoint involved. Nothing here logs or throws a secret.
 *
 * provider/credential/ is a credential's model and runtime, shared by both protocols (the dynamic
 * SkyvernCredential and the native skyvern:index:Credential): inputs.ts validates what a program
 * declares, plan.ts works out the requests a change needs, diff.ts says update or replace,
 * outputs.ts what state records, totp-oracle.ts finds a changed TOTP seed, secret-references.ts
 * resolves `{ fromEnv }`/`{ fromFile }` fields, fingerprints.ts and data-changes.ts keep and compare
 * what state holds of them; this module makes the calls. provider/folder/ uses the same file names for the concepts a folder has.
 */
import type * as dynamic from "@pulumi/pulumi/dynamic";
import { BadRequestError, LookAlikeCredentialsError, SkyvernError } from "../../sdk/errors";
import type { CredentialResponse } from "../../sdk/schemas";
import { configureFromStack, skyvernClient } from "../shared/config";
import { diffCredential } from "./diff";
import { toCreateRequest, toUpdateRequest, validateInputs } from "./inputs";
import { changedElsewhere, importedSettingsOf, inputsRecordedByRefresh, outputsOf, reportedFieldsOf, reportedValue, serverView, type CredentialOutputs } from "./outputs";
import { confirmGone, keyOrganizationId, organizationFor } from "../shared/organization-guard";
import { planCredentialChanges, planSettingsAfterWrite, type CredentialPlan } from "./plan";
import { unlessGone, withContext, withPrefix } from "../shared/operation-errors";
import { authenticatorSeedOf, codeMatchesSeed } from "./totp-oracle";
import { credentialReads } from "../shared/coalesced-reads";
import { fingerprintsFor, storedFingerprints, type SecretFingerprints } from "./fingerprints";
import { referencedFields, resolveCredential, withResolvedCredential } from "./secret-references";

/** Inputs as the engine passes them: checked by `check`, possibly holding unknowns during preview. */
type Props = Record<string, unknown>;

/** What the outputs of an operation are made of besides the server's response. */
interface Recording {
  inputs: Props;
  /** When Pulumi last wrote the secret data (kept as is until this operation writes it). */
  secretWrittenAt: unknown;
  /** The organization of the API key, which the credential belongs to once a request for it succeeded. */
  organizationId: string;
  /** Fingerprints of the fields declared by reference, as they are once this operation succeeds. */
  secretFingerprints?: SecretFingerprints;
}

/** Called once per provider process with the stack's configuration. */
export async function configure(request: dynamic.ConfigureRequest): Promise<void> {
  configureFromStack(request);
}

/** Validates inputs at preview, before any API call. Unknown preview values are not judged. */
export async function check(_olds: Props, news: Props): Promise<dynamic.CheckResult<Props>> {
  return { inputs: news, failures: validateInputs(news) };
}

/** Compares old outputs with new inputs; no API call. */
export async function diff(_id: string, olds: CredentialOutputs, news: Props): Promise<dynamic.DiffResult> {
  const { changes, replaces } = diffCredential(olds, news);
  return { changes, replaces, deleteBeforeReplace: false };
}

/**
 * One create (or, with `adoptCredentialId`, one update of that credential), then one PATCH for the
 * settings create does not take (user context, the PATCH-only booleans) and one folder call, each
 * only when declared.
 */
export async function create(inputs: Props): Promise<dynamic.CreateResult<CredentialOutputs>> {
  const adoptId = inputs.adoptCredentialId as string | undefined;
  // Resolved before any request: a reference that cannot be resolved fails with nothing sent.
  const resolved = withResolvedCredential(inputs);
  const organizationId = await keyOrganizationId();
  const written = adoptId
    ? expectSameId(adoptId, await withContext(`adopting credential ${adoptId}`, () => skyvernClient().credentials.update(adoptId, toUpdateRequest(resolved))))
    : await createKeepingId(inputs, resolved, organizationId);
  const secretFingerprints = fingerprintsFor(written.credentialId, referencedFields(inputs.credential), resolved.credential as Props);
  const recording: Recording = { inputs, secretWrittenAt: new Date().toISOString(), organizationId, secretFingerprints };
  const plan = planSettingsAfterWrite(serverView(written), inputs);
  if (plan.replaces.includes("userContext")) {
    // Only an adopted credential can hold one already: say so now rather than replace it (a new id) next run.
    await withPartialState(written.credentialId, recording, written, `adopting credential ${written.credentialId}`, async () => {
      throw new SkyvernError("it has a userContext (login instructions) in Skyvern, which Skyvern cannot clear: declare userContext (its current text is in the userContext output), or the next `up` replaces the credential");
    });
  }
  const response = await applyPlan(written.credentialId, plan, recording, written);
  return { id: response.credentialId, outs: outputsOf(inputs, response, recording.secretWrittenAt, organizationId, secretFingerprints) };
}

/**
 * One create. When it stored the credential after an ambiguous failure but look-alikes appeared
 * meanwhile (`LookAlikeCredentialsError`: left untouched for a human to judge), the stored one is
 * still this resource's: the failure carries its id, so the engine records it and the next `up`
 * does not create another.
 */
async function createKeepingId(inputs: Props, resolved: Props, organizationId: string): Promise<CredentialResponse> {
  // Never the credential's name: a program may pass it secret, and the engine names the resource anyway.
  const action = "creating the credential";
  try {
    return await skyvernClient().credentials.create(toCreateRequest(resolved));
  } catch (error) {
    if (!(error instanceof LookAlikeCredentialsError)) throw withPrefix(action, error);
    const kept = error.credential;
    const recording: Recording = { inputs, secretWrittenAt: new Date().toISOString(), organizationId };
    return withPartialState(kept.credentialId, recording, kept, `credential ${kept.credentialId} is recorded in state`, () => Promise.reject(error));
  }
}

/**
 * One request (or a share of a coalesced listing when the run reads many: coalesced-reads.ts), plus
 * one for a password credential with a declared authenticator seed: Skyvern's
 * current code is compared with the declared seed's, which is how a seed changed in the Skyvern UI
 * shows as drift. A credential that no longer exists leaves state. Outputs and inputs take the
 * server's values for everything it shows; secrets stay as stored (Skyvern never returns them).
 */
export async function read(id: string, props: CredentialOutputs = {}, storedInputs?: Props): Promise<dynamic.ReadResult<CredentialOutputs>> {
  const organizationId = await organizationFor(`credential ${id}`, props.organizationId);
  const response = await unlessGone(`reading credential ${id}`, () => credentialReads.read(id), () => confirmGone(`credential ${id}`));
  if (!response) return {};
  const outs = outputsOf(props, response, props.secretWrittenAt, organizationId, storedFingerprints(props));
  if (changedElsewhere(props, outs)) {
    // Skyvern's update endpoint (its UI, its clients) rewrites the secret data with whatever the
    // editor sent, and no response shows it: state no longer knows what is stored, so the
    // declared secret is forgotten here and the next `up` writes it back with the same request.
    delete outs.credential;
    delete outs.secretWrittenAt;
    delete outs.secretFingerprints;
  }
  if (await totpDrifted(id, props, response)) outs.totpDrift = true;
  // Without stored properties this is `pulumi import`: the server's settings become the inputs.
  const declared = props.credentialType === undefined ? importedSettingsOf(outs) : inputsRecordedByRefresh(props, storedInputs);
  return { id, props: outs, inputs: { ...declared, ...inputsSeenOnServer(props, outs) } };
}

/**
 * In place, the credential id unchanged: one PATCH for changed settings, one folder call, one
 * update for changed credential data, each only when needed. Settings go first: a refused setting
 * (e.g. `runSequentially` on open-source Skyvern) then fails before anything changed.
 */
export async function update(id: string, olds: CredentialOutputs, news: Props): Promise<dynamic.UpdateResult<CredentialOutputs>> {
  const organizationId = await organizationFor(`credential ${id}`, olds.organizationId);
  const plan = planCredentialChanges(olds, news);
  const resolved = withResolvedCredential(news);
  const secretFingerprints = fingerprintsFor(id, referencedFields(news.credential), resolved.credential as Props, storedFingerprints(olds));
  const recording: Recording = { inputs: news, secretWrittenAt: olds.secretWrittenAt, organizationId, secretFingerprints };
  const response = await applyPlan(id, { ...plan, rewrite: false }, recording, undefined);
  if (!plan.rewrite) return { outs: outputsOf(news, response ?? (await currentState(id)), recording.secretWrittenAt, organizationId, secretFingerprints) };
  const secretWrittenAt = new Date().toISOString();
  const rewritten = await withPartialState(id, recording, response, `updating credential ${id}`, () => skyvernClient().credentials.update(id, toUpdateRequest(resolved)));
  return { outs: outputsOf(news, expectSameId(id, rewritten), secretWrittenAt, organizationId, secretFingerprints) };
}

/** One request, after checking the key's organization; a credential that is already gone counts as deleted. */
async function remove(id: string, props: CredentialOutputs = {}): Promise<void> {
  await organizationFor(`credential ${id}`, props.organizationId);
  await unlessGone(`deleting credential ${id}`, () => skyvernClient().credentials.delete(id), () => confirmGone(`credential ${id}`));
}

// `delete` is a reserved word, so the engine's delete call is exported under its name this way:
// the module itself is then a complete dynamic provider (see serialized-provider.ts).
export { remove as delete };

/**
 * Sends the plan's PATCH and folder call. `last` is the latest response already in hand: once
 * something was written, a later failure reports the state Skyvern really has.
 */
async function applyPlan(id: string, plan: CredentialPlan, recording: Recording, last: CredentialResponse): Promise<CredentialResponse>;
async function applyPlan(id: string, plan: CredentialPlan, recording: Recording, last: undefined): Promise<CredentialResponse | undefined>;
async function applyPlan(id: string, plan: CredentialPlan, recording: Recording, last: CredentialResponse | undefined): Promise<CredentialResponse | undefined> {
  let response = last;
  const fields = Object.keys(plan.patch);
  if (fields.length > 0) {
    response = await withPartialState(id, recording, response, `setting ${fields.join(", ")} of credential ${id}`, () => skyvernClient().credentials.patch(id, plan.patch));
  }
  if (plan.folder) {
    const { folderId } = plan.folder;
    response = await withPartialState(id, recording, response, `${folderId ? `moving credential ${id} to folder ${folderId}` : `taking credential ${id} out of its folder`} (folderId)`,
      () => skyvernClient().credentials.setFolder(id, folderId));
  }
  return response;
}

async function currentState(id: string): Promise<CredentialResponse> {
  return withContext(`reading credential ${id}`, () => skyvernClient().credentials.get(id));
}

/**
 * Runs one request. If it fails after earlier requests of the same operation succeeded, the error
 * carries the state Skyvern now has (the engine records it), without the `credential` secret: the
 * engine could not mark it secret there, and leaving it out makes the next `up` rewrite it.
 */
async function withPartialState<T>(id: string, recording: Recording, applied: CredentialResponse | undefined, action: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    const failure = withPrefix(action, error);
    if (!applied) throw failure;
    const { inputs, secretWrittenAt, organizationId } = recording;
    // Fingerprints go with the credential: without it the next `up` rewrites every field anyway.
    const { credential: _secret, ...properties } = outputsOf(inputs, applied, secretWrittenAt, organizationId);
    throw Object.assign(failure, { id, properties: { ...properties, __provider: inputs.__provider }, reasons: [failure.message] });
  }
}

/** Whether Skyvern's current authenticator code fails to match the declared seed's (one step of skew allowed). */
async function totpDrifted(id: string, props: CredentialOutputs, response: CredentialResponse): Promise<boolean> {
  // Only the seed is resolved: a refresh needs no other secret.
  const seed = authenticatorSeedOf(resolveCredential(props.credential, ["totp"]));
  if (!seed || response.credentialType !== "password" || response.credential.totpType !== "authenticator") return false;
  try {
    const { code } = await skyvernClient().credentials.totpCode(id);
    return codeMatchesSeed(seed, code) === false;
  } catch (error) {
    // Skyvern cannot make a code from what it stores: it is not the declared seed.
    if (error instanceof BadRequestError) return true;
    throw withPrefix(`reading the authenticator code of credential ${id}`, error);
  }
}

function expectSameId<T extends { credentialId: string }>(id: string, response: T): T {
  if (response.credentialId !== id) {
    throw new SkyvernError(`Skyvern answered the update of ${id} with a different credential (${response.credentialId}); state was not changed. Check the server version.`);
  }
  return response;
}

/** The inputs as the server now has them, so `refresh` records drift the next `up` puts back. */
function inputsSeenOnServer(props: Props, outs: Props): Props {
  const credential = { ...(props.credential as Props | undefined) };
  for (const [output, field] of reportedFieldsOf(outs.credentialType)) {
    const unsetOnBothSides = reportedValue(outs[output]) === null && credential[field] === undefined;
    if (!unsetOnBothSides) credential[field] = outs[output];
  }
  return { name: outs.name, credentialType: outs.credentialType, credential };
}

// Compile-time check that this module, as a whole, is the dynamic provider the serialized provider
// says it is: a changed or missing export fails to compile here rather than at `pulumi up`.
const asProvider: Required<dynamic.ResourceProvider<Props, CredentialOutputs>> = { configure, check, diff, create, read, update, delete: remove };
void asProvider;
