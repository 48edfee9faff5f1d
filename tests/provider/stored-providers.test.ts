/**
 * Refresh and destroy run the `__provider` stored at a resource's last create or update, so what
 * release 0.1.0 stored must keep working with this package. Here a credential's state is rewritten
 * to hold 0.1.0's linked-package shell, serialized exactly as the engine did then, and refresh and
 * destroy run through it. (Installed, 0.1.0 stored `require("pulumi-skyvern/provider-runtime")`,
 * the same text this release stores: tests/provider/installed-package.test.ts.)
 */
import assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import type * as dynamic from "@pulumi/pulumi/dynamic";
import { canary } from "../support/canary";
import { createTestStack } from "../support/engine";
import { useProxiedSkyvern } from "../support/proxied-skyvern";

/** Verbatim from provider/serialized-provider.ts of release 0.1.0 (commit 25c0227). */
const shellOf010: dynamic.ResourceProvider = {
  configure: (req) => require("pulumi-skyvern/provider-runtime").configure(req),
  check: (olds, news) => require("pulumi-skyvern/provider-runtime").check(olds, news),
  diff: (id, olds, news) => require("pulumi-skyvern/provider-runtime").diff(id, olds, news),
  create: (inputs) => require("pulumi-skyvern/provider-runtime").create(inputs),
  read: (id, props) => require("pulumi-skyvern/provider-runtime").read(id, props),
  update: (id, olds, news) => require("pulumi-skyvern/provider-runtime").update(id, olds, news),
  delete: (id) => require("pulumi-skyvern/provider-runtime").delete(id),
};

describe("state written by release 0.1.0", () => {
  const skyvern = useProxiedSkyvern();

  it("refreshes and destroys a credential through 0.1.0's stored linked-package __provider", async () => {
    const name = `from-0.1.0-${Date.now()}`;
    const stack = await createTestStack({
      projectName: "stored-010", config: { "skyvern:baseUrl": skyvern.proxy.url },
      program: async () => {
        const { SkyvernCredential } = require("pulumi-skyvern") as typeof import("../../index");
        return { id: new SkyvernCredential("old", { name, credentialType: "secret", credential: { secretValue: canary("old") } }).credentialId };
      },
    });
    const up = await stack.up();
    const id = String(up.outputs.id.value);

    // The engine serializes a dynamic provider as `serializeFunction(() => provider, { allowSecrets: true })`.
    const oldText = (await pulumi.runtime.serializeFunction(() => shellOf010, { allowSecrets: true })).text;
    assert.match(oldText, /require\("pulumi-skyvern\/provider-runtime"\)\.delete\(id\)/);
    const state = await stack.stack.exportStack();
    const credential = state.deployment.resources.find((r: { type: string }) => r.type.endsWith(":SkyvernCredential"));
    assert.notEqual(credential.inputs.__provider, oldText, "this release stores a different shell");
    credential.inputs.__provider = oldText;
    credential.outputs.__provider = oldText;
    await stack.stack.importStack(state);
    assert.equal(JSON.parse(stack.stateFile()).checkpoint.latest.resources.find((r: { type: string }) => r.type.endsWith(":SkyvernCredential")).outputs.__provider, oldText);

    await skyvern.direct.credentials.update(id, { name: `${name}-renamed-in-the-ui`, credentialType: "secret", credential: { secretValue: canary("ui") } });
    skyvern.proxy.reset();
    await stack.refresh();
    assert.deepEqual(skyvern.proxy.requests.map((r) => `${r.method} ${r.path}`), [`GET /v1/credentials/${id}`]);
    const refreshed = (await stack.credentialResources())[0];
    assert.equal(refreshed.outputs.name, `${name}-renamed-in-the-ui`, "the old shell's read reached the server");
    assert.equal(refreshed.outputs.__provider, oldText, "refresh ran the stored provider and kept it");

    skyvern.proxy.reset();
    await stack.destroy();
    assert.deepEqual(skyvern.proxy.requests.map((r) => `${r.method} ${r.path}`), [`POST /v1/credentials/${id}/delete`]);
    await assert.rejects(skyvern.direct.credentials.get(id), (error: Error) => /HTTP 404/.test(error.message));
  });
});
