/**
 * The native floor: a `pulumi-resource-skyvern` that answers the same gRPC service as the real
 * plugin (provider/native/server.ts: GetPluginInfo, GetSchema, CheckConfig, DiffConfig, Configure,
 * Check, Diff, Create, Read, Update, Delete, Cancel) for `skyvern:index:Credential` and
 * `CredentialFolder`, and does nothing: no request, no runtime, no zod. What a bench stack costs
 * with it is what the engine, the program and the gRPC protocol cost alone, so the native
 * provider's rows are compared with a floor of their own shape (the dynamic floor in
 * bench/noop-package pays the dynamic-provider host and `__provider` instead).
 *
 * It keeps what the engine's side of each call depends on, at the least cost: property Structs are
 * passed back as they arrived (secret markers included), `credential` is stored as a secret as the
 * real plugin does (same encrypted state), the name defaults to the resource's name, a diff
 * compares the new inputs with the old outputs property by property, and a preview's create leaves
 * the id unknown. A credential's outputs carry the properties the real plugin adds to its inputs
 * for the bench's password logins (`credentialId`, `username`, the switches Skyvern reports, ...),
 * with values of the same kind and length: the engine then stores, encrypts, sends and diffs
 * states of the real plugin's size, so what the floor leaves out is the plugin's own work alone
 * (until 2026-11-30 it stored only the inputs, about 500 bytes less per credential);
 * tests/bench/floors.test.ts checks the property names against the real plugin's. Bundled by
 * scripts/bundle-plugin.mjs into dist/bench/pulumi-resource-skyvern-noop (one file, as the real
 * plugin is, so start-up costs the same kind of load). Bench and tests only.
 */
import { randomUUID } from "node:crypto";
import * as grpc from "@grpc/grpc-js";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import { Struct, Value } from "google-protobuf/google/protobuf/struct_pb";
import * as plugin from "@pulumi/pulumi/proto/plugin_pb";
import * as proto from "@pulumi/pulumi/proto/provider_pb";
import { ResourceProviderService } from "@pulumi/pulumi/proto/provider_grpc_pb";
import { engineAddressOf, exitWhenEngineGone } from "../provider/native/engine-watch";
import { PACKAGE_VERSION, TOKENS } from "../provider/native/tokens";
import { CREDENTIAL_FILLED, CREDENTIAL_ID_LENGTH } from "./credential-shape";

/** The engine's secret marker (sdk/go/common/resource/properties.go). */
const SIGNATURE_KEY = "4dabf18193072939515e22adb298388d";
const SECRET_SIGNATURE = "1b47061264138c4ac30d75fd1eb44270";

/** The engine's placeholder for a value known only after the update (a preview's create). */
const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";


/** Per resource type: the input named after the resource by default, and the property always kept secret. */
const KINDS: Record<string, { nameProperty: string; secret?: string; filled?: (props: Struct, olds: Struct | undefined) => Record<string, Value> }> = {
  [TOKENS.credential]: { nameProperty: "name", secret: "credential", filled: credentialFilled },
  [TOKENS.folder]: { nameProperty: "title" },
};

/** The login's declared username, inside `credential` (a secret marker around it or not). */
function usernameIn(props: Struct): Value | undefined {
  let credential = props.getFieldsMap().get("credential")?.getStructValue();
  if (credential?.getFieldsMap().get(SIGNATURE_KEY)) credential = credential.getFieldsMap().get("value")?.getStructValue();
  return credential?.getFieldsMap().get("username");
}

/** The real plugin's added outputs: a new id at create, the stored one (and organization) at an update. */
function credentialFilled(props: Struct, olds: Struct | undefined): Record<string, Value> {
  const filled: Record<string, Value> = Object.fromEntries(Object.entries(CREDENTIAL_FILLED).map(([key, value]) => [key, Value.fromJavaScript(value)]));
  filled.credentialId = olds?.getFieldsMap().get("credentialId") ?? Value.fromJavaScript(`cred_${randomUUID().replace(/\D/g, "").padEnd(CREDENTIAL_ID_LENGTH, "0").slice(0, CREDENTIAL_ID_LENGTH - 5)}`);
  filled.secretWrittenAt = Value.fromJavaScript(new Date().toISOString());
  const username = usernameIn(props);
  if (username) filled.username = username;
  return filled;
}

/**
 * The properties as the real plugin returns them: the inputs (secret kept secret) and what it adds.
 * A preview knows only the stored id: the rest is what the server reports after the write.
 */
function withOutputs(urn: string, props: Struct | undefined, olds?: Struct, preview = false): Struct {
  const struct = withSecret(urn, props);
  const filled = kindOf(urn).filled?.(struct, olds) ?? {};
  for (const [key, value] of Object.entries(filled)) {
    const known = !preview || (key === "credentialId" && olds?.getFieldsMap().has(key));
    if (!struct.getFieldsMap().has(key)) struct.getFieldsMap().set(key, known ? value : Value.fromJavaScript(UNKNOWN));
  }
  return struct;
}

function kindOf(urn: string) {
  const type = urn.split("::")[2]?.split("$").pop() ?? "";
  const kind = KINDS[type];
  if (!kind) throw new Error(`the no-op plugin serves ${Object.keys(KINDS).join(", ")}, not ${type}`);
  return kind;
}

const isSecretMarked = (value: Value | undefined) => value?.getStructValue()?.getFieldsMap().get(SIGNATURE_KEY)?.getStringValue() === SECRET_SIGNATURE;

/** The same Struct with the kind's secret property wrapped in a secret marker, as the real plugin stores it. */
function withSecret(urn: string, props: Struct | undefined): Struct {
  const struct = props ?? new Struct();
  const secret = kindOf(urn).secret;
  const value = secret === undefined ? undefined : struct.getFieldsMap().get(secret);
  if (secret !== undefined && value !== undefined && !isSecretMarked(value)) {
    const marker = new Struct();
    marker.getFieldsMap().set(SIGNATURE_KEY, Value.fromJavaScript(SECRET_SIGNATURE));
    marker.getFieldsMap().set("value", value);
    const wrapped = new Value();
    wrapped.setStructValue(marker);
    struct.getFieldsMap().set(secret, wrapped);
  }
  return struct;
}

/** Properties of `news` whose value differs from `olds` (their wire bytes, secret markers included). */
function changedKeys(olds: Struct | undefined, news: Struct | undefined): string[] {
  const before = olds?.getFieldsMap();
  const after = news?.getFieldsMap();
  const bytes = (value: Value | undefined) => (value ? Buffer.from(value.serializeBinary()).toString("base64") : "");
  return (after?.getEntryList() ?? []).map(([key]) => key).filter((key) => bytes(before?.get(key)) !== bytes(after?.get(key)));
}

function unary<Req, Res>(work: (request: Req) => Res | Promise<Res>): grpc.handleUnaryCall<Req, Res> {
  return (call, callback) => {
    Promise.resolve().then(() => work(call.request)).then((response) => callback(null, response), (error: unknown) =>
      callback({ code: grpc.status.UNKNOWN, details: error instanceof Error ? error.message : String(error) }));
  };
}

const noopService = {
  getPluginInfo: unary<Empty, plugin.PluginInfo>(() => {
    const info = new plugin.PluginInfo();
    info.setVersion(PACKAGE_VERSION);
    return info;
  }),
  // The real schema, loaded only when asked (the engine never asks during up, preview or refresh).
  getSchema: unary<proto.GetSchemaRequest, proto.GetSchemaResponse>(async () => {
    const { packageSchema } = await import("../provider/native/schema.js");
    const response = new proto.GetSchemaResponse();
    response.setSchema(JSON.stringify(packageSchema()));
    return response;
  }),
  checkConfig: unary<proto.CheckRequest, proto.CheckResponse>((request) => {
    const response = new proto.CheckResponse();
    response.setInputs(request.getNews());
    return response;
  }),
  diffConfig: unary<proto.DiffRequest, proto.DiffResponse>((request) => {
    const changed = changedKeys(request.getOlds(), request.getNews());
    const response = new proto.DiffResponse();
    response.setChanges(changed.length ? proto.DiffResponse.DiffChanges.DIFF_SOME : proto.DiffResponse.DiffChanges.DIFF_NONE);
    response.setDiffsList(changed);
    return response;
  }),
  configure: unary<proto.ConfigureRequest, proto.ConfigureResponse>(() => {
    const response = new proto.ConfigureResponse();
    response.setAcceptsecrets(true);
    response.setSupportspreview(true);
    return response;
  }),
  check: unary<proto.CheckRequest, proto.CheckResponse>((request) => {
    const urn = request.getUrn();
    const news = withSecret(urn, request.getNews());
    const { nameProperty } = kindOf(urn);
    const name = news.getFieldsMap().get(nameProperty);
    if (!name || name.hasNullValue()) news.getFieldsMap().set(nameProperty, Value.fromJavaScript(urn.split("::").pop() ?? ""));
    const response = new proto.CheckResponse();
    response.setInputs(news);
    return response;
  }),
  diff: unary<proto.DiffRequest, proto.DiffResponse>((request) => {
    const changed = changedKeys(request.getOlds(), request.getNews());
    const response = new proto.DiffResponse();
    response.setChanges(changed.length ? proto.DiffResponse.DiffChanges.DIFF_SOME : proto.DiffResponse.DiffChanges.DIFF_NONE);
    response.setDiffsList(changed);
    response.setHasdetaileddiff(true);
    for (const key of changed) {
      const detail = new proto.PropertyDiff();
      detail.setKind(proto.PropertyDiff.Kind.UPDATE);
      response.getDetaileddiffMap().set(key, detail);
    }
    return response;
  }),
  create: unary<proto.CreateRequest, proto.CreateResponse>((request) => {
    const response = new proto.CreateResponse();
    response.setProperties(withOutputs(request.getUrn(), request.getProperties(), undefined, request.getPreview()));
    if (!request.getPreview()) response.setId(`noop_${randomUUID()}`);
    return response;
  }),
  read: unary<proto.ReadRequest, proto.ReadResponse>((request) => {
    const response = new proto.ReadResponse();
    response.setId(request.getId());
    response.setProperties(request.getProperties());
    response.setInputs(request.getInputs());
    return response;
  }),
  update: unary<proto.UpdateRequest, proto.UpdateResponse>((request) => {
    const response = new proto.UpdateResponse();
    response.setProperties(withOutputs(request.getUrn(), request.getNews(), request.getOlds(), request.getPreview()));
    return response;
  }),
  delete: unary<proto.DeleteRequest, Empty>(() => new Empty()),
  cancel: unary<Empty, Empty>(() => new Empty()),
};

/** As provider/native/main.ts: serve on a free port, print it, leave once the engine is gone. */
async function main(args: readonly string[]): Promise<void> {
  const engineAddress = engineAddressOf(args);
  const server = new grpc.Server({ "grpc.max_receive_message_length": 400 * 1024 * 1024 });
  server.addService(ResourceProviderService, noopService as unknown as grpc.UntypedServiceImplementation);
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (error, bound) => (error ? reject(error) : resolve(bound))));
  if (engineAddress) exitWhenEngineGone(engineAddress);
  process.stdout.write(`${port}\n`);
}

main(process.argv.slice(2)).catch((error: unknown) => {
  process.stderr.write(`pulumi-resource-skyvern (no-op) failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
