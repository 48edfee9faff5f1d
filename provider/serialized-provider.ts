/**
 * The object the engine serializes into every resource's `__provider` and runs in its provider
 * process. It must stay tiny and hold nothing: no client, no config, no captured module. Each
 * method loads the implementation by package name at call time, so a stack created with an
 * older release keeps working (refresh and destroy run the `__provider` stored at the last
 * update) as long as this entry point exists.
 */
import type * as dynamic from "@pulumi/pulumi/dynamic";

export const serializedProvider: dynamic.ResourceProvider = {
  configure: (req) => require("pulumi-skyvern/provider-runtime").configure(req),
  check: (olds, news) => require("pulumi-skyvern/provider-runtime").check(olds, news),
  diff: (id, olds, news) => require("pulumi-skyvern/provider-runtime").diff(id, olds, news),
  create: (inputs) => require("pulumi-skyvern/provider-runtime").create(inputs),
  read: (id, props) => require("pulumi-skyvern/provider-runtime").read(id, props),
  update: (id, olds, news) => require("pulumi-skyvern/provider-runtime").update(id, olds, news),
  delete: (id) => require("pulumi-skyvern/provider-runtime").remove(id),
};
