/**
 * The native provider's gRPC service (pulumirpc.ResourceProvider), a thin translation between the
 * engine's protocol and the runtime modules the dynamic resource also runs. What the dynamic
 * protocol cannot carry is added here: per-property diffs with replace reasons, secrets marked on
 * the way out, id-only reads for `pulumi import`, and previews that make no request.
 *
 * Secrets: the plugin tells the engine it accepts them, so the engine no longer copies secretness
 * from inputs to outputs itself. Each call therefore notes where the request carried a secret,
 * hands the runtime plain values, and marks the same properties secret in whatever it returns
 * (inputs, outputs, a partial state), besides the properties this package always keeps secret.
 *
 * provider/native/ is what only the native protocol uses: this service, main.ts and plugin.ts (the
 * plugin process), kinds.ts (one row per resource type over the shared runtimes), properties.ts,
 * schema.ts and write-schema.ts (schema.json), tokens.ts, resources.ts (the TypeScript classes),
 * cli.ts and import-file.ts (`npx pulumi-skyvern`), engine-watch.ts.
 */
import { isDeepStrictEqual } from "node:util";
import * as grpc from "@grpc/grpc-js";
import { Any } from "google-protobuf/google/protobuf/any_pb";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import type { Struct } from "google-protobuf/google/protobuf/struct_pb";
import * as plugin from "@pulumi/pulumi/proto/plugin_pb";
import * as proto from "@pulumi/pulumi/proto/provider_pb";
import { Status } from "@pulumi/pulumi/proto/status_pb";
import type { ConfigureRequest } from "@pulumi/pulumi/dynamic";
import { baseUrlConfigFailure, configureFromStack } from "../shared/config";
import { UNKNOWN } from "../shared/check-inputs";
import { SECRET_CREDENTIAL_FIELDS } from "../../sdk/schemas";
import type { PropertyChange } from "../credential/diff";
import { RESOURCE_KINDS, type ResourceKind } from "./kinds";
import { fromStruct, plainPropsOf, secretPathsOf, toStruct, unwrapSecrets } from "./properties";
import { packageSchema, PROVIDER_CONFIG } from "./schema";
import { PACKAGE_NAME, PACKAGE_VERSION } from "./tokens";

type Props = Record<string, unknown>;
type Handler<Req, Res> = grpc.handleUnaryCall<Req, Res>;

const { DiffChanges } = proto.DiffResponse;
const KIND = {
  add: [proto.PropertyDiff.Kind.ADD, proto.PropertyDiff.Kind.ADD_REPLACE],
  update: [proto.PropertyDiff.Kind.UPDATE, proto.PropertyDiff.Kind.UPDATE_REPLACE],
  delete: [proto.PropertyDiff.Kind.DELETE, proto.PropertyDiff.Kind.DELETE_REPLACE],
} as const;

/** Answers a unary call from an async function; a thrown error becomes the gRPC error the engine reports. */
function unary<Req, Res>(work: (request: Req) => Promise<Res>): Handler<Req, Res> {
  return (call, callback) => {
    work(call.request).then((response) => callback(null, response), (error: unknown) => callback(grpcError(error)));
  };
}

/**
 * A failure the engine shows as "<urn> <verb> error: <message>". When the runtime reports state
 * that a partly applied change left (id, properties), it travels as ErrorResourceInitFailed, which
 * the engine records, as it does for the dynamic provider.
 */
function grpcError(error: unknown): Partial<grpc.StatusObject> {
  // Anything may be thrown, null included: reading a field of it must not crash the plugin.
  const failure = (error !== null && typeof error === "object" ? error : {}) as Partial<PartialState>;
  const message = error instanceof Error ? error.message : `unexpected failure: ${String(error)}`;
  const metadata = new grpc.Metadata();
  if (failure.id) {
    const detail = new proto.ErrorResourceInitFailed();
    detail.setId(failure.id);
    detail.setProperties(toStruct(failure.properties ?? {}, failure.secretProperties ?? []));
    detail.setReasonsList(failure.reasons ?? [message]);
    const status = new Status();
    status.setCode(grpc.status.UNKNOWN);
    status.setMessage(message);
    const packed = new Any();
    packed.pack(detail.serializeBinary(), "pulumirpc.ErrorResourceInitFailed");
    status.addDetails(packed);
    metadata.add("grpc-status-details-bin", Buffer.from(status.serializeBinary()));
  }
  return { code: grpc.status.UNKNOWN, details: message, metadata };
}

/** What the runtime attaches to an error when a change was partly applied; the adapter adds which properties are secret. */
interface PartialState {
  id: string;
  properties: Props;
  reasons: string[];
  secretProperties: readonly string[];
}

/** Runs the runtime's work; a partial state it reports leaves with these properties marked secret. */
async function markingPartialState<T>(secretProperties: readonly string[], work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error !== null && typeof error === "object" && "id" in error) Object.assign(error, { secretProperties });
    throw error;
  }
}

/** Dotted paths of the secrets the engine sent in these properties. */
const secretPathsIn = (...structs: Array<Struct | undefined>) =>
  structs.flatMap((struct) => secretPathsOf(fromStruct(struct)));

/**
 * A check failure names a property, and the engine prints that property's value beside it without
 * redacting secrets (pulumi v3.259 issueCheckFailures). A failure about a property that arrived
 * secret is reported with no property, its name moved into the message.
 */
function checkFailureOf({ property, reason }: { property: string; reason: string }, secretPaths: readonly string[]): proto.CheckFailure {
  const failure = new proto.CheckFailure();
  const top = property.split(".")[0];
  const secret = secretPaths.some((secretPath) => secretPath.split(".")[0] === top);
  failure.setProperty(secret ? "" : property);
  failure.setReason(secret ? `${property}: ${reason}` : reason);
  return failure;
}

function kindOf(urn: string): ResourceKind {
  const type = urn.split("::")[2]?.split("$").pop() ?? "";
  const kind = RESOURCE_KINDS[type];
  if (!kind) throw new Error(`unknown resource type ${type}: this provider (${PACKAGE_NAME} ${PACKAGE_VERSION}) serves ${Object.keys(RESOURCE_KINDS).join(", ")}`);
  return kind;
}

const nameOf = (urn: string) => urn.split("::").pop() ?? "";

/** Provider settings as the runtime's configure expects them (stack config shape, env fallback in config.ts). */
function configureRequestOf(settings: Props): ConfigureRequest {
  const text = (value: unknown) => (value === undefined || value === null || value === "" ? undefined : String(value));
  return { config: { get: (key: string) => text(settings[key.replace(`${PACKAGE_NAME}:`, "")]) } } as unknown as ConfigureRequest;
}

/** Explicit provider arguments win; the `skyvern:*` stack config arrives as variables for the default provider. */
function providerSettingsOf(request: proto.ConfigureRequest): Props {
  const fromArgs = plainPropsOf(request.getArgs());
  const variables = Object.fromEntries(
    [...request.getVariablesMap().entries()].map(([key, value]) => [key.replace(`${PACKAGE_NAME}:config:`, ""), value]),
  );
  return Object.fromEntries(Object.keys(PROVIDER_CONFIG).map((key) => [key, fromArgs[key] ?? variables[key]]));
}

/** A failure about a secret credential field that is absent: Skyvern never returns one. */
function isUnreturnedSecret(property: string, inputs: Props): boolean {
  const [top, field, ...deeper] = property.split(".");
  const credential = inputs.credential as Props | undefined;
  return top === "credential" && deeper.length === 0 && SECRET_CREDENTIAL_FIELDS.includes(field) && credential?.[field] === undefined;
}

function configFailures(settings: Props): proto.CheckFailure[] {
  const failures: proto.CheckFailure[] = [];
  const fail = (property: string, reason: string) => {
    const failure = new proto.CheckFailure();
    failure.setProperty(property);
    failure.setReason(reason);
    failures.push(failure);
  };
  const concurrency = settings.maxConcurrency;
  const concurrencyKnown = concurrency !== undefined && concurrency !== null && concurrency !== UNKNOWN;
  if (concurrencyKnown && !(Number.isInteger(Number(concurrency)) && Number(concurrency) > 0)) fail("maxConcurrency", "must be a whole number above 0");
  const coalesce = settings.coalesceReads;
  if (coalesce !== undefined && coalesce !== null && coalesce !== UNKNOWN && !["true", "false", "1", "0"].includes(String(coalesce).trim().toLowerCase())) fail("coalesceReads", "must be true or false");
  // A base URL from SKYVERN_BASE_URL is not among these settings: Configure refuses it (config.ts).
  const baseUrlFailure = settings.baseUrl === UNKNOWN ? undefined : baseUrlConfigFailure(settings.baseUrl);
  if (baseUrlFailure) fail("baseUrl", baseUrlFailure);
  return failures;
}

export class SkyvernProviderService {
  /**
   * Whether the engine understands secret markers. Configure says so; every engine of the last
   * years does, and a Check that came first must not hand back a secret unmarked.
   */
  private acceptsSecrets = true;

  /** The properties to mark secret in what goes back, given where secrets arrived. */
  private secretsOut(kind: ResourceKind, secretPaths: readonly string[], props: Props): string[] {
    return this.acceptsSecrets ? [...new Set([...kind.secretProperties, ...kind.secretOutputsOf(secretPaths, props)])] : [];
  }

  /** Properties for the engine, with what arrived secret (and what is always secret) marked. */
  private outputs(kind: ResourceKind, props: Props, secretPaths: readonly string[], context: Props = props) {
    return toStruct(props, this.secretsOut(kind, secretPaths, context));
  }

  readonly getPluginInfo = unary<Empty, plugin.PluginInfo>(async () => {
    const info = new plugin.PluginInfo();
    info.setVersion(PACKAGE_VERSION);
    return info;
  });

  readonly getSchema = unary<proto.GetSchemaRequest, proto.GetSchemaResponse>(async () => {
    const response = new proto.GetSchemaResponse();
    response.setSchema(JSON.stringify(packageSchema()));
    return response;
  });

  /**
   * The API key is stored as a secret however it was given (`pulumi config set` without --secret,
   * a plain string to an explicit provider): the engine keeps what CheckConfig returns as the
   * provider's inputs in state.
   */
  readonly checkConfig = unary<proto.CheckRequest, proto.CheckResponse>(async (request) => {
    const response = new proto.CheckResponse();
    const news = fromStruct(request.getNews());
    response.setInputs(toStruct(news, Object.keys(PROVIDER_CONFIG).filter((key) => PROVIDER_CONFIG[key].secret)));
    response.setFailuresList(configFailures(plainPropsOf(request.getNews())));
    return response;
  });

  /** A changed key or URL changes no resource: never a replace. */
  readonly diffConfig = unary<proto.DiffRequest, proto.DiffResponse>(async (request) => {
    const olds = plainPropsOf(request.getOlds());
    const news = plainPropsOf(request.getNews());
    const changed = Object.keys(PROVIDER_CONFIG).filter((key) => String(olds[key] ?? "") !== String(news[key] ?? ""));
    const response = new proto.DiffResponse();
    response.setChanges(changed.length > 0 ? DiffChanges.DIFF_SOME : DiffChanges.DIFF_NONE);
    response.setDiffsList(changed);
    return response;
  });

  readonly configure = unary<proto.ConfigureRequest, proto.ConfigureResponse>(async (request) => {
    this.acceptsSecrets = request.getAcceptsecrets();
    configureFromStack(configureRequestOf(providerSettingsOf(request)));
    const response = new proto.ConfigureResponse();
    response.setAcceptsecrets(true);
    response.setSupportspreview(true);
    return response;
  });

  readonly check = unary<proto.CheckRequest, proto.CheckResponse>(async (request) => {
    const kind = kindOf(request.getUrn());
    const olds = plainPropsOf(request.getOlds());
    const news = kind.normalize(plainPropsOf(request.getNews()));
    const secretPaths = secretPathsIn(request.getNews());
    news[kind.nameProperty] ??= nameOf(request.getUrn());
    const { inputs, failures = [] } = await kind.runtime.check(olds, news);
    // `pulumi import` checks what Read returned against itself: the secrets Skyvern never returns are
    // missing there by nature (the program declares them), which is no failure of the import.
    const importing = Object.keys(olds).length > 0 && isDeepStrictEqual(olds, news);
    const response = new proto.CheckResponse();
    // The engine stores these as the resource's inputs: each one that arrived secret stays secret.
    response.setInputs(this.outputs(kind, inputs ?? news, secretPaths));
    response.setFailuresList(failures.filter((failure) => !(importing && isUnreturnedSecret(failure.property, news))).map((failure) => checkFailureOf(failure, secretPaths)));
    return response;
  });

  readonly diff = unary<proto.DiffRequest, proto.DiffResponse>(async (request) => {
    const kind = kindOf(request.getUrn());
    const olds = plainPropsOf(request.getOlds());
    const news = plainPropsOf(request.getNews());
    const result = await kind.runtime.diff(request.getId(), olds, news);
    const changes = kind.propertyChanges(olds, news);
    const response = new proto.DiffResponse();
    response.setChanges(result.changes ? DiffChanges.DIFF_SOME : DiffChanges.DIFF_NONE);
    response.setReplacesList(result.replaces ?? []);
    response.setDiffsList(Object.keys(changes));
    response.setDeletebeforereplace(result.deleteBeforeReplace ?? false);
    response.setHasdetaileddiff(true);
    const detailed = response.getDetaileddiffMap();
    for (const [property, change] of Object.entries(changes)) detailed.set(property, propertyDiffOf(change));
    return response;
  });

  readonly create = unary<proto.CreateRequest, proto.CreateResponse>(async (request) => {
    const kind = kindOf(request.getUrn());
    const inputs = plainPropsOf(request.getProperties());
    const secretPaths = secretPathsIn(request.getProperties());
    const response = new proto.CreateResponse();
    if (request.getPreview()) {
      response.setProperties(this.outputs(kind, { ...inputs, ...Object.fromEntries(kind.outputOnly.map((key) => [key, UNKNOWN])) }, secretPaths, inputs));
      return response;
    }
    const { id, outs } = await markingPartialState(this.secretsOut(kind, secretPaths, inputs), () => kind.runtime.create(inputs));
    response.setId(id);
    response.setProperties(this.outputs(kind, outs ?? {}, secretPaths, inputs));
    return response;
  });

  /**
   * An id alone (no properties) is `pulumi import`: the runtime returns the server's view as inputs.
   * A refresh keeps every secret of the stored inputs and outputs secret in both.
   */
  readonly read = unary<proto.ReadRequest, proto.ReadResponse>(async (request) => {
    const kind = kindOf(request.getUrn());
    // Each Struct converted once (a refresh makes a Read per resource): plain values and where secrets were.
    const [stored, storedInputs] = [fromStruct(request.getProperties()), fromStruct(request.getInputs())];
    const props = unwrapSecrets(stored) as Props;
    const secretPaths = [...secretPathsOf(stored), ...secretPathsOf(storedInputs)];
    const result = await kind.runtime.read(request.getId(), props, unwrapSecrets(storedInputs) as Props);
    const response = new proto.ReadResponse();
    if (!result.id) return response;
    response.setId(result.id);
    response.setProperties(this.outputs(kind, result.props ?? {}, secretPaths, props));
    response.setInputs(this.outputs(kind, (result as { inputs?: Props }).inputs ?? {}, secretPaths, props));
    return response;
  });

  readonly update = unary<proto.UpdateRequest, proto.UpdateResponse>(async (request) => {
    const kind = kindOf(request.getUrn());
    const olds = plainPropsOf(request.getOlds());
    const news = plainPropsOf(request.getNews());
    // The new inputs decide; an old output the new inputs do not set keeps its secrecy.
    const secretPaths = [
      ...secretPathsIn(request.getNews()),
      ...secretPathsIn(request.getOlds()).filter((secretPath) => news[secretPath.split(".")[0]] === undefined),
    ];
    const response = new proto.UpdateResponse();
    if (request.getPreview()) {
      const changed = Object.keys(kind.propertyChanges(olds, news));
      // What the server will report for a changed input is known only after the write.
      const serverSide = kind.outputOnly.filter((key) => changed.length > 0 && key !== "credentialId" && key !== "folderId");
      response.setProperties(this.outputs(kind, { ...olds, ...news, ...Object.fromEntries(serverSide.map((key) => [key, UNKNOWN])) }, secretPaths, news));
      return response;
    }
    const { outs } = await markingPartialState(this.secretsOut(kind, secretPaths, news), () => kind.runtime.update(request.getId(), olds, news));
    response.setProperties(this.outputs(kind, outs ?? {}, secretPaths, news));
    return response;
  });

  readonly delete = unary<proto.DeleteRequest, Empty>(async (request) => {
    const kind = kindOf(request.getUrn());
    await kind.runtime.delete(request.getId(), plainPropsOf(request.getProperties()));
    return new Empty();
  });

  /** Requests in flight finish or time out on their own; nothing to stop. */
  readonly cancel = unary<Empty, Empty>(async () => new Empty());
}

function propertyDiffOf(change: PropertyChange): proto.PropertyDiff {
  const diff = new proto.PropertyDiff();
  diff.setKind(KIND[change.kind][change.replace ? 1 : 0]);
  // Compared with what the server last reported (the old outputs), so drift found by refresh shows.
  diff.setInputdiff(false);
  return diff;
}
