/**
 * The native plugin's gRPC service called directly, as the engine calls it: where a request
 * carried a secret, the answer marks the same property secret (Check's inputs, Read's inputs and
 * outputs, a partial state), the API key always leaves CheckConfig as a secret, and a failure that
 * is not an Error (a `null` rejection) becomes a gRPC error instead of stopping the plugin. The
 * runtime is replaced by stubs where a call would need a server; the end-to-end behaviour is in
 * secret-inputs.test.ts.
 */
import assert from "node:assert/strict";
import * as grpc from "@grpc/grpc-js";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import * as proto from "@pulumi/pulumi/proto/provider_pb";
import { Status } from "@pulumi/pulumi/proto/status_pb";
import { RESOURCE_KINDS, type ResourceKind } from "../../provider/native/kinds";
import { SkyvernProviderService } from "../../provider/native/server";
import { TOKENS } from "../../provider/native/tokens";

type Props = Record<string, unknown>;

const SIGNATURE_KEY = "4dabf18193072939515e22adb298388d";
const SECRET_SIGNATURE = "1b47061264138c4ac30d75fd1eb44270";
const secret = (value: unknown) => ({ [SIGNATURE_KEY]: SECRET_SIGNATURE, value });
const CREDENTIAL_URN = `urn:pulumi:dev::project::${TOKENS.credential}::login`;

/** The top-level properties of a Struct the service answered with that carry a secret marker. */
function secretKeysOf(struct: Struct | undefined): string[] {
  const props = (struct?.toJavaScript() ?? {}) as Props;
  return Object.keys(props).filter((key) => (props[key] as Props | null)?.[SIGNATURE_KEY] === SECRET_SIGNATURE).sort();
}

/**
 * Calls one unary handler of the service; resolves with its error or its response. A handler that
 * never answers (it threw while reporting a failure) fails after a few seconds, as the engine
 * would wait on it.
 */
function call<Req, Res>(handler: grpc.handleUnaryCall<Req, Res>, request: Req): Promise<{ error: Partial<grpc.StatusObject> | null; response?: Res }> {
  return new Promise((resolve, reject) => {
    const silent = setTimeout(() => reject(new Error("the handler gave no answer within 3 s")), 3000);
    handler({ request } as grpc.ServerUnaryCall<Req, Res>, (error, response) => {
      clearTimeout(silent);
      resolve({ error: error as Partial<grpc.StatusObject> | null, response: response ?? undefined });
    });
  });
}

/** Runs `work` with the credential kind's runtime methods replaced, restoring them afterwards. */
async function withRuntime<T>(stubs: Partial<ResourceKind["runtime"]>, work: () => Promise<T>): Promise<T> {
  const kind = RESOURCE_KINDS[TOKENS.credential];
  const original = kind.runtime;
  kind.runtime = { ...original, ...stubs };
  try {
    return await work();
  } finally {
    kind.runtime = original;
  }
}

const passwordInputs = {
  name: "login",
  credentialType: "password",
  credential: secret({ username: "bot@example.com", password: "not-a-real-password-1" }),
};

describe("native provider service: secrets in, secrets out", () => {
  it("Check returns every input that arrived secret still marked secret, and `credential` always", async () => {
    const service = new SkyvernProviderService();
    const request = new proto.CheckRequest();
    request.setUrn(CREDENTIAL_URN);
    request.setNews(Struct.fromJavaScript({ ...passwordInputs, userContext: secret("press Sign in twice"), testedUrl: secret("https://example.com/login"), proxyLocation: { country: "US", city: secret("Boston") } }));
    const { error, response } = await call(service.check, request);
    assert.equal(error, null);
    assert.deepEqual(response!.getFailuresList().map((f) => f.getProperty()), []);
    assert.deepEqual(secretKeysOf(response!.getInputs()), ["credential", "proxyLocation", "testedUrl", "userContext"]);
  });

  it("Check names a failing secret property only inside the message: the engine would print its value beside the property", async () => {
    const service = new SkyvernProviderService();
    const request = new proto.CheckRequest();
    request.setUrn(CREDENTIAL_URN);
    request.setNews(Struct.fromJavaScript({ ...passwordInputs, userContext: secret("   "), testedUrl: "https://example.com/login" }));
    const { response } = await call(service.check, request);
    const failures = response!.getFailuresList().map((f) => [f.getProperty(), f.getReason()]);
    assert.deepEqual(failures, [["", "userContext: must not be blank (Skyvern ignores a blank user context)"]]);
  });

  it("Read keeps the secrets of the stored inputs and outputs secret in both, and marks an output reported from a secret credential field", async () => {
    const service = new SkyvernProviderService();
    const stored = { name: "api", credentialType: "secret", credential: { secretValue: secret("sv-not-real"), secretLabel: secret("label") }, userContext: secret("ctx") };
    const request = new proto.ReadRequest();
    request.setUrn(CREDENTIAL_URN);
    request.setId("cred_1");
    request.setProperties(Struct.fromJavaScript({ ...stored, credentialId: "cred_1", secretLabel: "label" }));
    request.setInputs(Struct.fromJavaScript({ ...stored, testedUrl: secret("https://example.com/login") }));
    const { error, response } = await withRuntime({
      read: async (id: string) => ({
        id,
        props: { credentialId: id, name: "api", credentialType: "secret", credential: { secretValue: "sv-not-real", secretLabel: "label" }, secretLabel: "label", userContext: "ctx", testedUrl: "https://example.com/login" },
        inputs: { name: "api", credentialType: "secret", credential: { secretValue: "sv-not-real", secretLabel: "label" }, userContext: "ctx", testedUrl: "https://example.com/login" },
      }),
    }, () => call(service.read, request));
    assert.equal(error, null);
    assert.deepEqual(secretKeysOf(response!.getProperties()), ["credential", "secretLabel", "testedUrl", "userContext"]);
    assert.deepEqual(secretKeysOf(response!.getInputs()), ["credential", "testedUrl", "userContext"]);
  });

  it("a partial state from a failed create leaves with the inputs that arrived secret marked secret", async () => {
    const service = new SkyvernProviderService();
    const request = new proto.CreateRequest();
    request.setUrn(CREDENTIAL_URN);
    request.setProperties(Struct.fromJavaScript({ ...passwordInputs, userContext: secret("ctx"), folderId: "cfld_1" }));
    const { error } = await withRuntime({
      create: async () => {
        throw Object.assign(new Error("moving credential cred_1 to folder cfld_1 (folderId): not found"), {
          id: "cred_1", properties: { credentialId: "cred_1", name: "login", userContext: "ctx" }, reasons: ["not found"],
        });
      },
    }, () => call(service.create, request));
    assert.equal(error?.details, "moving credential cred_1 to folder cfld_1 (folderId): not found");
    const [details] = error!.metadata!.get("grpc-status-details-bin") as Buffer[];
    const [packed] = Status.deserializeBinary(new Uint8Array(details)).getDetailsList();
    const partial = proto.ErrorResourceInitFailed.deserializeBinary(packed.getValue_asU8());
    assert.equal(partial.getId(), "cred_1");
    assert.deepEqual(secretKeysOf(partial.getProperties()), ["userContext"]);
  });

  it("CheckConfig returns the API key as a secret when it arrived in plaintext, and leaves the other settings plain", async () => {
    const service = new SkyvernProviderService();
    const request = new proto.CheckRequest();
    request.setUrn("urn:pulumi:dev::project::pulumi:providers:skyvern::default");
    request.setNews(Struct.fromJavaScript({ apiKey: "plain-key-not-real", baseUrl: "http://127.0.0.1:1", version: "0.2.0" }));
    const { error, response } = await call(service.checkConfig, request);
    assert.equal(error, null);
    assert.deepEqual(secretKeysOf(response!.getInputs()), ["apiKey"]);
    assert.deepEqual((response!.getInputs()!.toJavaScript() as Props).baseUrl, "http://127.0.0.1:1");
  });

  it("a null rejection becomes a gRPC error naming it, and the plugin answers the next call", async () => {
    const service = new SkyvernProviderService();
    const request = new proto.CheckRequest();
    request.setUrn(CREDENTIAL_URN);
    request.setNews(Struct.fromJavaScript(passwordInputs));
    const failed = await withRuntime({ check: () => Promise.reject(null) }, () => call(service.check, request));
    assert.equal(failed.error?.code, grpc.status.UNKNOWN);
    assert.equal(failed.error?.details, "unexpected failure: null");
    const next = await call(service.check, request);
    assert.equal(next.error, null);
    assert.deepEqual(secretKeysOf(next.response!.getInputs()), ["credential"]);
  });
});
