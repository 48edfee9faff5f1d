// Shared by the Node.js plugin stand-ins in this folder (installed next to the pulumi binary).
"use strict";
const path = require("path");
const { parseArgs } = require("util");

/**
 * Resolves a module through the project's own @pulumi/pulumi, as the real host does: its gRPC and
 * protobuf code must be the copies the program's SDK uses, wherever npm placed them.
 */
function sdkRequire(projectDir, id) {
  let sdkPackage;
  try {
    sdkPackage = require.resolve("@pulumi/pulumi/package.json", { paths: [projectDir] });
  } catch {
    console.error("It looks like the Pulumi SDK has not been installed. Have you run npm install or yarn install?");
    process.exit(1);
  }
  return require(require.resolve(id, { paths: [path.dirname(sdkPackage)] }));
}

/**
 * The engine's address among a plugin's arguments. The engine passes its flags first
 * (`--logtostderr`, `-v=9`, and with `pulumi --tracing` the two arguments `--tracing <endpoint>`,
 * pkg/resource/plugin/plugin.go buildPluginArguments), then the address: the first plain argument
 * once `--tracing` has taken its value.
 */
function engineAddressOf(args) {
  return parseArgs({ args, options: { tracing: { type: "string" } }, strict: false, allowPositionals: true }).positionals[0];
}

/**
 * Exits (after `onEngineGone`) once the engine stops answering, as the Go plugins do through
 * rpcutil.Healthcheck: any error but UNIMPLEMENTED means the engine is gone. The Go plugins check
 * every 5 minutes; these check every 2 seconds, so a killed `pulumi up` leaves nothing behind.
 */
function exitWhenEngineGone(grpc, engineAddress, onEngineGone = () => undefined) {
  if (!engineAddress) return;
  const client = new grpc.Client(engineAddress, grpc.credentials.createInsecure());
  const check = () => client.makeUnaryRequest(
    "/grpc.health.v1.Health/Check", () => Buffer.alloc(0), (bytes) => bytes, {},
    { deadline: Date.now() + 10_000 },
    (error) => {
      if (error && error.code !== grpc.status.UNIMPLEMENTED) {
        Promise.resolve(onEngineGone()).finally(() => process.exit(1));
        return;
      }
      setTimeout(check, 2_000).unref();
    },
  );
  setTimeout(check, 2_000).unref();
}

module.exports = { sdkRequire, engineAddressOf, exitWhenEngineGone };
