/**
 * The test harness runs inline programs one after another in this process (tests/support/engine.ts).
 * A finished run's gRPC clients are never closed by @pulumi/pulumi, and grpc-js shares connections
 * by address, so a run whose CLI got the port of an earlier one could be handed a failed connection
 * and skip its program while reporting success (tests/support/inline-runs.ts). This drives the
 * Automation API's own language server against a scripted engine and monitor, reusing the engine's
 * port on purpose, with and without the harness's fix.
 */
import assert from "node:assert/strict";
import * as grpc from "@grpc/grpc-js";
import * as pulumi from "@pulumi/pulumi";
import { isolateInlineRunConnections } from "./support/inline-runs";

// The SDK's generated protobuf modules and its language server have no typings: required untyped.
const { LanguageServer } = require("@pulumi/pulumi/automation/server");
const resourceGrpc = require("@pulumi/pulumi/proto/resource_grpc_pb");
const resourceProto = require("@pulumi/pulumi/proto/resource_pb");
const engineGrpc = require("@pulumi/pulumi/proto/engine_grpc_pb");
const engineProto = require("@pulumi/pulumi/proto/engine_pb");
const languageProto = require("@pulumi/pulumi/proto/language_pb");
const { Struct } = require("google-protobuf/google/protobuf/struct_pb");
const { Empty } = require("google-protobuf/google/protobuf/empty_pb");

type Callback = (error: Error | null, response?: unknown) => void;
type Call = { request: { getType(): string; getName(): string } };

const bind = (server: grpc.Server, port: number) =>
  new Promise<number>((resolve, reject) => server.bindAsync(`127.0.0.1:${port}`, grpc.ServerCredentials.createInsecure(), (error, bound) => (error ? reject(error) : resolve(bound))));

/** What the Pulumi CLI serves a program: a resource monitor and an engine, recording registrations. */
async function scriptedCli(enginePort = 0) {
  const registered: string[] = [];
  const monitor = new grpc.Server();
  monitor.addService(resourceGrpc.ResourceMonitorService, {
    supportsFeature: (_call: unknown, callback: Callback) => { const response = new resourceProto.SupportsFeatureResponse(); response.setHassupport(true); callback(null, response); },
    registerResource: (call: Call, callback: Callback) => {
      registered.push(`${call.request.getType()}::${call.request.getName()}`);
      const response = new resourceProto.RegisterResourceResponse();
      response.setUrn(`urn:pulumi:s::p::${call.request.getType()}::${call.request.getName()}`);
      response.setObject(Struct.fromJavaScript({}));
      callback(null, response);
    },
    registerResourceOutputs: (_call: unknown, callback: Callback) => callback(null, new Empty()),
    signalAndWaitForShutdown: (_call: unknown, callback: Callback) => callback(null, new Empty()),
  });
  const engine = new grpc.Server();
  engine.addService(engineGrpc.EngineService, {
    log: (_call: unknown, callback: Callback) => callback(null, new Empty()),
    setRootResource: (_call: unknown, callback: Callback) => callback(null, new engineProto.SetRootResourceResponse()),
  });
  const ports = { monitor: await bind(monitor, 0), engine: await bind(engine, enginePort) };
  return { registered, ports, stop: () => { monitor.forceShutdown(); engine.forceShutdown(); } };
}

/** One inline run (what LocalWorkspace does for `pulumi preview`); `late` leaves a log call for after it ended. */
function run(cli: Awaited<ReturnType<typeof scriptedCli>>, late: boolean): Promise<string> {
  const request = new languageProto.RunRequest();
  request.setProject("p");
  request.setStack("s");
  request.setDryrun(true);
  request.setParallel(16);
  request.setArgsList([`127.0.0.1:${cli.ports.engine}`]);
  request.setMonitorAddress(`127.0.0.1:${cli.ports.monitor}`);
  const program = async () => {
    new pulumi.ComponentResource("test:index:Folder", "team");
    new pulumi.ComponentResource("test:index:Folder", "plain");
    if (late) setTimeout(() => void pulumi.log.debug("after the run"), 100);
  };
  const server = new LanguageServer(program) as unknown as { run(call: unknown, callback: (error: Error | null, response?: { getError(): string }) => void): void };
  return new Promise((resolve) => server.run({ request }, (error, response) => resolve(error ? `error: ${error.message}` : response!.getError())));
}

/** A run that leaves a late call, its CLI gone, then a second run whose engine listens on the first one's port. */
async function secondRunOnAReusedPort(): Promise<string[]> {
  const first = await scriptedCli();
  assert.equal(await run(first, true), "");
  assert.equal(first.registered.length, 3, "control: the first run registers the stack and both resources");
  first.stop();
  await new Promise((resolve) => setTimeout(resolve, 300)); // the late call fails against the stopped engine
  const second = await scriptedCli(first.ports.engine);
  try {
    assert.equal(await run(second, false), "");
    return second.registered;
  } finally {
    second.stop();
  }
}

describe("inline programs run one after another in one process (the test harness)", () => {
  const options = (pulumi.runtime as unknown as { grpcClientOptions: Record<string, unknown> }).grpcClientOptions;
  const rejections: unknown[] = [];
  const onRejection = (reason: unknown) => { rejections.push(reason); };
  before(() => { process.on("unhandledRejection", onRejection); });
  after(() => { process.off("unhandledRejection", onRejection); isolateInlineRunConnections(); });

  it("control: with connections shared by address, a run on a reused port skips its program yet reports success", async () => {
    delete options["grpc.use_local_subchannel_pool"];
    try {
      assert.deepEqual(await secondRunOnAReusedPort(), ["pulumi:pulumi:Stack::p-s"]);
    } finally {
      isolateInlineRunConnections();
    }
  });

  it("with the harness's own connection pools, that run registers everything and no late error reaches anything", async () => {
    rejections.length = 0;
    assert.equal(options["grpc.use_local_subchannel_pool"], 1, "set by tests/support/inline-runs.ts");
    assert.deepEqual(await secondRunOnAReusedPort(), ["pulumi:pulumi:Stack::p-s", "test:index:Folder::team", "test:index:Folder::plain"]);
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.deepEqual(rejections.map(String), []);
  });
});
