/**
 * The engine's address among the plugin's arguments, and an exit once the engine stops answering
 * its health check, so a killed `pulumi up` leaves no provider process behind. The Go providers check every 5 minutes through rpcutil.Healthcheck;
 * this checks every 2 seconds. Any answer but an error other than UNIMPLEMENTED means alive.
 */
import { parseArgs } from "node:util";
import * as grpc from "@grpc/grpc-js";

const CHECK_INTERVAL_MS = 2_000;

/**
 * The engine's address among the plugin's arguments. The engine passes its flags first
 * (`--logtostderr`, `-v=9`, and with `pulumi --tracing` the two arguments `--tracing <endpoint>`,
 * pkg/resource/plugin/plugin.go buildPluginArguments), then the address: the first plain argument
 * once `--tracing` has taken its value. (Taking the first plain argument watched the tracing
 * endpoint instead, and the plugin quit two seconds into any `pulumi --tracing` run.)
 */
export function engineAddressOf(args: readonly string[]): string | undefined {
  return parseArgs({ args: [...args], options: { tracing: { type: "string" } }, strict: false, allowPositionals: true }).positionals[0];
}

export function exitWhenEngineGone(engineAddress: string): void {
  const client = new grpc.Client(engineAddress, grpc.credentials.createInsecure());
  const check = () => client.makeUnaryRequest(
    "/grpc.health.v1.Health/Check", () => Buffer.alloc(0), (bytes: Buffer) => bytes, {},
    { deadline: Date.now() + 10_000 },
    (error) => {
      if (error && error.code !== grpc.status.UNIMPLEMENTED) process.exit(1);
      setTimeout(check, CHECK_INTERVAL_MS).unref();
    },
  );
  setTimeout(check, CHECK_INTERVAL_MS).unref();
}
