/**
 * `pulumi-resource-skyvern`: the engine starts this plugin with its own address as the first
 * argument, reads the port printed on stdout, and talks gRPC to it for the life of the run.
 */
import * as grpc from "@grpc/grpc-js";
import { ResourceProviderService } from "@pulumi/pulumi/proto/provider_grpc_pb";
import { engineAddressOf, exitWhenEngineGone } from "./engine-watch";
import { SkyvernProviderService } from "./server";

export async function serve(args: readonly string[]): Promise<number> {
  const engineAddress = engineAddressOf(args);
  const server = new grpc.Server({ "grpc.max_receive_message_length": 400 * 1024 * 1024 });
  server.addService(ResourceProviderService, new SkyvernProviderService() as unknown as grpc.UntypedServiceImplementation);
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (error, bound) => (error ? reject(error) : resolve(bound))));
  if (engineAddress) exitWhenEngineGone(engineAddress);
  return port;
}

