/**
 * The provider implementation, loaded by the serialized provider in the engine's provider process
 * (`require("pulumi-skyvern/provider-runtime")`). One function per engine call; each makes at most
 * one API request on the normal path. Nothing here logs or throws a secret value.
 */
import type * as dynamic from "@pulumi/pulumi/dynamic";
import { NotFoundError, SkyvernError } from "../sdk/errors";
import { configureFromStack, skyvernClient } from "./config";
import { diffCredential } from "./diff";
import { toCredentialRequest, validateInputs } from "./inputs";
import { outputsOf, REPORTED_CREDENTIAL_FIELDS, reportedValue, userInputsOf } from "./outputs";

type Props = Record<string, unknown>;

/** Called once per provider process with the stack's configuration. */
export async function configure(request: dynamic.ConfigureRequest): Promise<void> {
  configureFromStack(request);
}

/** Validates inputs at preview, before any API call. Unknown preview values are not judged. */
export async function check(_olds: Props, news: Props): Promise<dynamic.CheckResult> {
  return { inputs: news, failures: validateInputs(news) };
}

/** Compares old outputs with new inputs; no API call. */
export async function diff(_id: string, olds: Props, news: Props): Promise<dynamic.DiffResult> {
  const { changes, replaces } = diffCredential(olds, news);
  return { changes, replaces, deleteBeforeReplace: false };
}

/** One request: create, or with `adoptCredentialId` take over that credential through update. */
export async function create(inputs: Props): Promise<dynamic.CreateResult> {
  const request = toCredentialRequest(inputs);
  const adoptId = inputs.adoptCredentialId as string | undefined;
  const response = adoptId
    ? expectSameId(adoptId, await withContext(`adopting credential ${adoptId}`, () => skyvernClient().credentials.update(adoptId, request)))
    : await withContext(`creating credential "${request.name}"`, () => skyvernClient().credentials.create(request));
  return { id: response.credentialId, outs: outputsOf(inputs, response) };
}

/**
 * One request. A credential that no longer exists leaves state. Otherwise outputs and inputs take
 * the server's values for everything it shows; secrets stay as stored (Skyvern never returns them).
 */
export async function read(id: string, props: Props = {}): Promise<dynamic.ReadResult> {
  let response;
  try {
    response = await skyvernClient().credentials.get(id);
  } catch (error) {
    if (error instanceof NotFoundError) return {};
    throw withPrefix(`reading credential ${id}`, error);
  }
  const outs = outputsOf(props, response);
  return { id, props: outs, inputs: { ...userInputsOf(props), ...inputsSeenOnServer(props, outs) } };
}

/** One request to the update endpoint, which keeps the credential id workflows refer to. */
export async function update(id: string, _olds: Props, news: Props): Promise<dynamic.UpdateResult> {
  const request = toCredentialRequest(news);
  const response = await withContext(`updating credential ${id}`, () => skyvernClient().credentials.update(id, request));
  return { outs: outputsOf(news, expectSameId(id, response)) };
}

/** One request; a credential that is already gone counts as deleted. */
async function remove(id: string): Promise<void> {
  try {
    await skyvernClient().credentials.delete(id);
  } catch (error) {
    if (error instanceof NotFoundError) return;
    throw withPrefix(`deleting credential ${id}`, error);
  }
}

// `delete` is a reserved word, so the engine's delete call is exported under its name this way:
// the module itself is then a complete dynamic provider (see serialized-provider.ts).
export { remove as delete };

function expectSameId<T extends { credentialId: string }>(id: string, response: T): T {
  if (response.credentialId !== id) {
    throw new SkyvernError(`Skyvern answered the update of ${id} with a different credential (${response.credentialId}); state was not changed. Check the server version.`);
  }
  return response;
}

/** The inputs as the server now has them, so `refresh` records drift the next `up` puts back. */
function inputsSeenOnServer(props: Props, outs: Props): Props {
  const credential = { ...(props.credential as Props | undefined) };
  for (const [output, field] of REPORTED_CREDENTIAL_FIELDS[String(outs.credentialType)] ?? []) {
    const unsetOnBothSides = reportedValue(outs[output]) === null && credential[field] === undefined;
    if (!unsetOnBothSides) credential[field] = outs[output];
  }
  return { name: outs.name, credentialType: outs.credentialType, credential };
}

async function withContext<T>(action: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw withPrefix(action, error);
  }
}

/** Errors from the sdk carry no secrets; the engine shows this message as the resource's failure. */
function withPrefix(action: string, error: unknown): Error {
  const message = error instanceof Error ? error.message : String(error);
  const wrapped = new Error(`${action}: ${message}`);
  wrapped.stack = wrapped.message;
  return wrapped;
}
