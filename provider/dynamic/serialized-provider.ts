/**
 * The provider objects the engine serializes into every resource's `__provider` (stored twice per
 * resource: inputs and outputs) and runs in its provider process. They must hold nothing: no
 * client, no config, no captured code beyond a `require` of one of this package's runtime entry
 * points, so a stack created with an older release keeps working (refresh and destroy run the
 * `__provider` stored at the last update) as long as that entry point exists.
 *
 * provider/dynamic/ is what only the dynamic protocol uses: the resource classes users construct
 * (credential.ts: SkyvernCredential, folder.ts: SkyvernCredentialFolder) and this module, the
 * provider they hand the engine. The runtimes they load live in provider/credential and
 * provider/folder, shared with the native plugin (provider/native).
 */
import path from "node:path";
import type * as dynamic from "@pulumi/pulumi/dynamic";

/**
 * A runtime module: one function per engine call, the module itself a complete dynamic provider.
 * These names are public contracts, stored in users' state; never rename or remove one.
 */
export type RuntimeEntryPoint = "pulumi-skyvern/provider-runtime" | "pulumi-skyvern/folder-runtime";

type Runtime = Required<dynamic.ResourceProvider>;

/**
 * One loader per entry point with the name written out: the serializer stores only the loader a
 * shell uses, so a resource's `__provider` names its own runtime, readably, and nothing else.
 */
const LOADERS: Record<RuntimeEntryPoint, () => Runtime> = {
  "pulumi-skyvern/provider-runtime": () => require("pulumi-skyvern/provider-runtime"),
  "pulumi-skyvern/folder-runtime": () => require("pulumi-skyvern/folder-runtime"),
};

/**
 * Each method loads the runtime by package name at call time (about 2 KB serialized). Used when
 * the package is linked rather than installed (npm link, workspaces, this repository's self-link).
 */
function requiringShell(load: () => Runtime): dynamic.ResourceProvider {
  return {
    configure: (req) => load().configure(req),
    check: (olds, news) => load().check(olds, news),
    diff: (id, olds, news) => load().diff(id, olds, news),
    create: (inputs) => load().create(inputs),
    read: (id, props) => load().read(id, props),
    update: (id, olds, news) => load().update(id, olds, news),
    delete: (id, props) => load().delete(id, props),
  };
}

/**
 * Installed under node_modules, the runtime module itself is the provider: the serializer records a
 * module found under node_modules as a single `require("<entry point>")` (about 270 bytes).
 * Anywhere else it would copy the module's whole code into state, so the shell is used.
 */
export function providerForSerialization(entryPoint: RuntimeEntryPoint = "pulumi-skyvern/provider-runtime"): dynamic.ResourceProvider {
  const runtimeFile = require.resolve(entryPoint);
  return runtimeFile.split(path.sep).includes("node_modules") ? (require(entryPoint) as Runtime) : requiringShell(LOADERS[entryPoint]);
}
