/**
 * A create that stored its credential after an ambiguous failure, while a look-alike appeared
 * meanwhile (`LookAlikeCredentialsError`: the look-alike is left untouched, since nothing proves it
 * is a copy and not someone else's), still created this resource's credential: the failure carries
 * its id and outputs, without the secret, so the engine records it (the same partial-state path both
 * providers take, tests/provider/nothing-lost.test.ts) and the next `up` does not create another.
 * The runtime runs against the real server; the proxy scripts what the real server cannot do: a 502
 * after storing the first attempt and a lookup that misses it.
 */
import assert from "node:assert/strict";
import type { ConfigureRequest } from "@pulumi/pulumi/dynamic";
import * as runtime from "../../../provider/credential/runtime";
import type { CredentialResponse } from "../../../sdk";
import { canary, findCanaries } from "../../support/canary";
import { useProxiedSkyvern } from "../../support/proxied-skyvern";

describe("a create that left a look-alike keeps the id of the credential it created", () => {
  const skyvern = useProxiedSkyvern();

  it("fails carrying the kept credential's id and outputs, never its secret, and deletes nothing", async () => {
    await runtime.configure({ config: { get: (key: string) => (key === "skyvern:baseUrl" ? skyvern.proxy.url : undefined) } } as unknown as ConfigureRequest);
    const name = `duplicate-${Date.now()}`;
    const secretValue = canary("dupsecret");
    let creates = 0;
    let lists = 0;
    skyvern.proxy.rule = ({ method, path }) => {
      const route = path.split("?")[0];
      if (method === "POST" && route === "/v1/credentials" && creates++ === 0) return { kind: "status", status: 502, afterServer: true };
      if (method === "GET" && route === "/v1/credentials" && lists++ === 0) return { kind: "respond", status: 200, body: [] };
      return undefined;
    };

    const failure = await runtime.create({ name, credentialType: "secret", credential: { secretValue } }).then(
      () => assert.fail("the create should fail: a look-alike is left"),
      (error: unknown) => error as Error & { id?: string; properties?: Record<string, unknown>; reasons?: string[] },
    );
    skyvern.proxy.rule = () => undefined;
    assert.deepEqual(skyvern.proxy.requests.filter((r) => r.path.endsWith("/delete")).map((r) => r.path), [], "nothing was deleted");

    const stored: CredentialResponse[] = [];
    for await (const credential of skyvern.direct.credentials.list({ search: name })) if (credential.name === name) stored.push(credential);
    assert.equal(stored.length, 2, "the first attempt's copy and the resent create's credential");
    const [kept, copy] = stored; // newest first: the resend's credential, then the late copy
    assert.equal(failure.id, kept.credentialId, failure.message);
    assert.match(failure.message, new RegExp(`creating a credential stored ${kept.credentialId}.*${copy.credentialId} with the same name and visible fields appeared meanwhile`));
    assert.equal(failure.properties?.credentialId, kept.credentialId);
    assert.equal(failure.properties?.name, name);
    assert.equal(failure.properties?.credential, undefined, "the secret is left out of partial state");
    assert.deepEqual(findCanaries([secretValue], { message: failure.message, properties: JSON.stringify(failure.properties), reasons: JSON.stringify(failure.reasons) }), []);
    for (const credential of stored) await skyvern.direct.credentials.delete(credential.credentialId);
  });
});
