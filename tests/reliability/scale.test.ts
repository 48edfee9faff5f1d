/**
 * Scale: SCALE_COUNT (default 500) credentials through the real engine against the real server:
 * up, rotation and destroy each succeed with one request per credential, refresh with the list's
 * pages (coalesced reads), and the server is left empty.
 */
import assert from "node:assert/strict";
import { createTestStack } from "../support/engine";
import { useProxiedSkyvern } from "../support/proxied-skyvern";

const COUNT = Number(process.env.SCALE_COUNT ?? 500);

describe(`scale: ${COUNT} credentials`, () => {
  const skyvern = useProxiedSkyvern();

  it("creates, refreshes, rotates and destroys them all, one request per credential each (refresh: list pages)", async () => {
    const prefix = `scale-${Date.now()}`;
    const settings = { generation: 0 };
    const stack = await createTestStack({
      projectName: "scale",
      config: { "skyvern:baseUrl": skyvern.proxy.url },
      program: async () => {
        const { SkyvernCredential } = require("pulumi-skyvern") as typeof import("../../index");
        for (let i = 0; i < COUNT; i++) {
          new SkyvernCredential(`c${i}`, { name: `${prefix}-${i}`, credentialType: "password", credential: { username: `user${i}@example.com`, password: `pw-${i}-${settings.generation}` } });
        }
      },
    });
    const onServer = async () => {
      let found = 0;
      for await (const credential of skyvern.direct.credentials.list({ search: `${prefix}-` })) if (credential.name.startsWith(`${prefix}-`)) found++;
      return found;
    };
    const step = async (label: string, run: () => Promise<unknown>, method: string, path: RegExp) => {
      skyvern.proxy.reset();
      await run();
      assert.equal(skyvern.proxy.requests.length, COUNT, `${label}: one request per credential`);
      assert.equal(skyvern.proxy.count(method, path), COUNT, label);
    };

    await step("up", () => stack.up(), "POST", /^\/v1\/credentials$/);
    assert.equal(await onServer(), COUNT);
    // Coalesced reads: the list's pages (1,000 credentials each) instead of one GET per credential,
    // besides the few reads asked before the run showed a burst.
    skyvern.proxy.reset();
    const started = Date.now();
    await stack.refresh();
    const refresh = { seconds: (Date.now() - started) / 1000, lists: skyvern.proxy.count("GET", /^\/v1\/credentials$/), gets: skyvern.proxy.count("GET", /^\/v1\/credentials\/cred_\d+$/), total: skyvern.proxy.requests.length };
    console.log(`      refresh of ${COUNT}: ${JSON.stringify(refresh)}`);
    assert.equal(refresh.total, refresh.lists + refresh.gets, "refresh: reads only");
    assert.ok(refresh.lists <= Math.ceil(COUNT / 1000) + 1 && refresh.gets <= 5, `refresh: ${refresh.lists} list pages and ${refresh.gets} reads alone for ${COUNT}`);
    settings.generation = 1;
    await step("rotation", () => stack.up(), "POST", /\/update$/);
    assert.equal((await stack.credentialResources()).length, COUNT);
    await step("destroy", () => stack.destroy(), "POST", /\/delete$/);
    assert.equal(await onServer(), 0, "the server is left empty");
  });
});
