/**
 * Inline programs run one after another in this one process (the Automation API's language server),
 * and @pulumi/pulumi 3.248 never closes a run's engine and monitor gRPC clients (disconnectSync
 * closes only the process-wide ones, which inline runs do not use). grpc-js shares connections
 * across clients by address: once a finished run's late call has failed its connection, a later
 * run whose CLI listens on the same port is handed that failed connection. Its root resource then
 * fails with `14 UNAVAILABLE: No connection established. Last error: null`, which the language
 * server treats as the engine shutting down: the program is skipped and the run "succeeds" having
 * registered only the stack (a preview that plans deleting every resource), or the late error
 * lands in the next run's error set.
 *
 * Giving every client a connection pool of its own (grpc-js's `grpc.use_local_subchannel_pool`)
 * ends the sharing. The SDK reads `runtime.grpcClientOptions` whenever it creates a client.
 */
import * as pulumi from "@pulumi/pulumi";

export function isolateInlineRunConnections(): void {
  const options = (pulumi.runtime as unknown as { grpcClientOptions?: Record<string, unknown> }).grpcClientOptions;
  if (!options) throw new Error("@pulumi/pulumi no longer exposes runtime.grpcClientOptions: revisit tests/support/inline-runs.ts");
  options["grpc.use_local_subchannel_pool"] = 1;
}

isolateInlineRunConnections();
