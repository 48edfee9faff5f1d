/**
 * The provider object the engine serializes into every resource's `__provider` (stored twice per
 * resource: inputs and outputs) and runs in its provider process. It must hold nothing: no client,
 * no config, no captured code beyond a `require` of this package's runtime, so a stack created with
 * an older release keeps working (refresh and destroy run the `__provider` stored at the last
 * update) as long as the `pulumi-skyvern/provider-runtime` entry point exists.
 */
import path from "node:path";
import type * as dynamic from "@pulumi/pulumi/dynamic";

const RUNTIME = "pulumi-skyvern/provider-runtime";

/**
 * Each method loads the runtime by package name at call time (about 2.1 KB serialized). Used when
 * the package is linked rather than installed (npm link, workspaces, this repository's self-link).
 */
const requiringShell: dynamic.ResourceProvider = {
  configure: (req) => require("pulumi-skyvern/provider-runtime").configure(req),
  check: (olds, news) => require("pulumi-skyvern/provider-runtime").check(olds, news),
  diff: (id, olds, news) => require("pulumi-skyvern/provider-runtime").diff(id, olds, news),
  create: (inputs) => require("pulumi-skyvern/provider-runtime").create(inputs),
  read: (id, props) => require("pulumi-skyvern/provider-runtime").read(id, props),
  update: (id, olds, news) => require("pulumi-skyvern/provider-runtime").update(id, olds, news),
  delete: (id) => require("pulumi-skyvern/provider-runtime").delete(id),
};

/**
 * Installed under node_modules, the runtime module itself is the provider: the serializer records a
 * module found under node_modules as a single `require("pulumi-skyvern/provider-runtime")` (about
 * 100 bytes). Anywhere else it would copy the module's whole code into state, so the shell is used.
 */
export function providerForSerialization(): dynamic.ResourceProvider {
  const runtimeFile = require.resolve(RUNTIME);
  return runtimeFile.split(path.sep).includes("node_modules") ? (require(RUNTIME) as dynamic.ResourceProvider) : requiringShell;
}
