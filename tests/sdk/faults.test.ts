/**
 * Faults the real server cannot produce, injected by a proxy in front of it. The server behind
 * the proxy is real, so "exactly one credential per create" is checked on the server itself.
 */
import assert from "node:assert/strict";
import { ConnectionError, PossibleDuplicateError, ServerError, SkyvernClient, SkyvernError, type CreateCredentialRequest } from "../../sdk";
import { inspect } from "node:util";
import { canary, findCanaries } from "../support/canary";
import type { Fault } from "../support/fault-proxy";
import { useProxiedSkyvern } from "../support/proxied-skyvern";

const FAST_BACKOFF = { baseDelayMs: 50, maxDelayMs: 3_000, maxElapsedMs: 20_000 };

describe("sdk under injected faults", () => {
  const skyvern = useProxiedSkyvern();

  const clientViaProxy = (options = {}) => new SkyvernClient({ baseUrl: skyvern.proxy.url, backoff: FAST_BACKOFF, ...options });

  /** Faults the first `times` requests matching method and path, then lets requests through. */
  function faultFirst(times: number, method: string, path: RegExp, fault: Fault) {
    let left = times;
    skyvern.proxy.rule = (request) => (request.method === method && path.test(request.path.split("?")[0]) && left-- > 0 ? fault : undefined);
  }

  async function credentialsNamed(name: string): Promise<string[]> {
    const ids: string[] = [];
    for await (const credential of skyvern.direct.credentials.list({ search: name })) if (credential.name === name) ids.push(credential.credentialId);
    return ids;
  }

  const secretRequest = (name: string): CreateCredentialRequest => ({ name, credentialType: "secret", credential: { secretValue: canary("sv") } });

  it("waits out a 429's Retry-After, then succeeds", async () => {
    const client = clientViaProxy();
    const created = await client.credentials.create(secretRequest(`ra-${Date.now()}`));
    faultFirst(1, "GET", /^\/v1\/credentials\/cred_/, { kind: "status", status: 429, retryAfterSeconds: 2 });
    const started = Date.now();
    const fetched = await client.credentials.get(created.credentialId);
    const waited = Date.now() - started;
    assert.equal(fetched.credentialId, created.credentialId);
    assert.ok(waited >= 2_000, `retried after ${waited} ms, before the 2 s Retry-After`);
    assert.ok(waited < 5_000, `took ${waited} ms`);
    assert.deepEqual(skyvern.proxy.requests.filter((r) => r.method === "GET").map((r) => r.outcome), ["fault 429", "forwarded 200"]);
    client.close();
  });

  it("rides out a burst of 503s on update and delete", async () => {
    const client = clientViaProxy();
    const created = await client.credentials.create(secretRequest(`burst-${Date.now()}`));
    faultFirst(3, "POST", /\/update$/, { kind: "status", status: 503 });
    const updated = await client.credentials.update(created.credentialId, secretRequest("burst-renamed"));
    assert.equal(updated.name, "burst-renamed");
    faultFirst(2, "POST", /\/delete$/, { kind: "status", status: 503 });
    await client.credentials.delete(created.credentialId);
    assert.equal(skyvern.proxy.count("POST", /\/update$/), 4);
    assert.equal(skyvern.proxy.count("POST", /\/delete$/), 3);
    client.close();
  });

  it("gives up on a persistent 503 within its bounds, with a ServerError", async () => {
    const client = clientViaProxy({ maxRetries: 2 });
    faultFirst(100, "GET", /^\/v1\/credentials\/cred_/, { kind: "status", status: 503 });
    await assert.rejects(client.credentials.get("cred_123"), (error: ServerError) => error instanceof ServerError && error.status === 503);
    assert.equal(skyvern.proxy.count("GET"), 3, "first attempt plus two retries");
    client.close();
  });

  it("never retries other 4xx", async () => {
    const client = clientViaProxy();
    faultFirst(100, "GET", /^\/v1\/credentials\/cred_/, { kind: "status", status: 400 });
    await assert.rejects(client.credentials.get("cred_123"), SkyvernError);
    assert.equal(skyvern.proxy.count("GET"), 1);
    client.close();
  });

  for (const [label, fault] of [["429", { kind: "status", status: 429, retryAfterSeconds: 0 }], ["503", { kind: "status", status: 503 }]] as const) {
    it(`retries a create refused with ${label} and leaves exactly one credential`, async () => {
      const client = clientViaProxy();
      const name = `create-${label}-${Date.now()}`;
      faultFirst(2, "POST", /^\/v1\/credentials$/, fault);
      const created = await client.credentials.create(secretRequest(name));
      assert.deepEqual(await credentialsNamed(name), [created.credentialId]);
      assert.equal(skyvern.proxy.count("POST", /^\/v1\/credentials$/), 3);
      client.close();
    });
  }

  it("adopts the credential when the connection resets after the server stored it", async () => {
    const client = clientViaProxy();
    const name = `reset-after-${Date.now()}`;
    faultFirst(1, "POST", /^\/v1\/credentials$/, { kind: "reset-after" });
    const created = await client.credentials.create(secretRequest(name));
    assert.deepEqual(await credentialsNamed(name), [created.credentialId], "exactly one credential, and it is the one returned");
    assert.equal(skyvern.proxy.count("POST", /^\/v1\/credentials$/), 1, "the create was not sent again");
    assert.equal(skyvern.proxy.count("POST", /\/update$/), 1, "the adopted credential was rewritten with this call's secret");
    client.close();
  });

  it("sends a create again after a reset before the server saw it, leaving exactly one credential", async () => {
    const client = clientViaProxy();
    const name = `reset-before-${Date.now()}`;
    faultFirst(1, "POST", /^\/v1\/credentials$/, { kind: "reset-before" });
    const created = await client.credentials.create(secretRequest(name));
    assert.deepEqual(await credentialsNamed(name), [created.credentialId]);
    assert.deepEqual(skyvern.proxy.requests.filter((r) => r.method === "POST").map((r) => r.outcome), ["reset-before", "forwarded 201"]);
    client.close();
  });

  it("reports a possible duplicate, without the secret, when several matching credentials appeared", async () => {
    const client = clientViaProxy();
    const name = `dup-${Date.now()}`;
    const secret = canary("dup");
    // Someone else creates an identical-looking credential while our create fails ambiguously.
    skyvern.proxy.rule = (request) => {
      if (request.method !== "POST" || request.path !== "/v1/credentials" || request.index > 0) return undefined;
      void skyvern.direct.credentials.create({ name, credentialType: "secret", credential: { secretValue: canary("other") } });
      return { kind: "reset-after" };
    };
    await assert.rejects(client.credentials.create({ name, credentialType: "secret", credential: { secretValue: secret } }), (error: PossibleDuplicateError) => {
      assert.ok(error instanceof PossibleDuplicateError);
      assert.match(error.message, /search=/);
      assert.ok(!`${error.message}${error.stack}${JSON.stringify(error)}`.includes(secret));
      return true;
    });
    client.close();
  });

  it("survives 2 s of latency on every request", async () => {
    const client = clientViaProxy({ timeoutMs: 10_000 });
    skyvern.proxy.rule = () => ({ kind: "delay", ms: 2_000 });
    const name = `slow-${Date.now()}`;
    const created = await client.credentials.create(secretRequest(name));
    await client.credentials.delete(created.credentialId);
    assert.equal(skyvern.proxy.requests.length, 2);
    client.close();
  });

  it("adopts a create that timed out while the server was still storing it", async () => {
    const client = clientViaProxy({ timeoutMs: 1_000 });
    const name = `timeout-${Date.now()}`;
    faultFirst(1, "POST", /^\/v1\/credentials$/, { kind: "delay", ms: 1_500 });
    const created = await client.credentials.create(secretRequest(name));
    assert.deepEqual(await credentialsNamed(name), [created.credentialId]);
    assert.equal(skyvern.proxy.count("POST", /^\/v1\/credentials$/), 1, "not sent twice");
    client.close();
  });

  it("redacts secrets a server quotes back in its error, in message, stack and serialized form", async () => {
    const client = clientViaProxy();
    const password = canary("echoed");
    faultFirst(1, "POST", /^\/v1\/credentials$/, { kind: "status", status: 400, echoBody: true });
    await assert.rejects(client.credentials.create({ name: "echo", credentialType: "password", credential: { username: "u", password } }), (error: Error) => {
      assert.match(error.message, /HTTP 400: could not process .*\[redacted\]/);
      assert.deepEqual(findCanaries([password, process.env.SKYVERN_API_KEY!], { message: error.message, stack: String(error.stack), json: JSON.stringify(error), inspected: inspect(error, { depth: 5 }) }), []);
      return true;
    });
    client.close();
  });

  it("holds the concurrency cap: never more requests in flight than allowed", async () => {
    const client = clientViaProxy({ maxConcurrency: 3 });
    skyvern.proxy.rule = () => ({ kind: "delay", ms: 100 });
    await Promise.all(Array.from({ length: 12 }, () => client.credentials.get("cred_1").catch(() => undefined)));
    assert.equal(skyvern.proxy.requests.length, 12);
    assert.ok(skyvern.proxy.maxInFlight <= 3, `saw ${skyvern.proxy.maxInFlight} in flight`);
    assert.equal(skyvern.proxy.maxInFlight, 3, "the cap is reached, so the test can see it being held");
    client.close();
  });

  it("reports a refused connection as ConnectionError naming the base URL", async () => {
    const client = new SkyvernClient({ baseUrl: "http://127.0.0.1:9", backoff: { ...FAST_BACKOFF, maxRetries: 1 } });
    await assert.rejects(client.credentials.get("cred_1"), (error: ConnectionError) => error instanceof ConnectionError && error.code === "ECONNREFUSED" && /127\.0\.0\.1:9/.test(error.message));
    client.close();
  });
});
