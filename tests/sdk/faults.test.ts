/**
 * Faults the real server cannot produce, injected by a proxy in front of it. The server behind
 * the proxy is real, so "exactly one credential per create" is checked on the server itself.
 */
import assert from "node:assert/strict";
import {
  AuthenticationError, BadRequestError, ConflictError, ConnectionError, LookAlikeCredentialsError, NotFoundError, PossibleDuplicateError,
  RateLimitError, ServerError, SkyvernClient, TimeoutError, ValidationError, type CreateCredentialRequest,
} from "../../sdk";
import { inspect } from "node:util";
import type { AxiosError } from "axios";
import { DEFAULT_BACKOFF } from "../../sdk";
import { backoffDelayMs, mayStartRetry } from "../../sdk/retry-policy";
import { canary, findCanaries } from "../support/canary";
import type { Fault } from "../support/fault-proxy";
import { useProxiedSkyvern } from "../support/proxied-skyvern";

const FAST_BACKOFF = { baseDelayMs: 50, maxDelayMs: 3_000, maxElapsedMs: 20_000 };

/** Polls until `done` holds, failing with what it waited for once `timeoutMs` has passed. */
async function waitFor(done: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error(`gave up after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

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

  const NOT_RETRIED = [[400, BadRequestError], [401, AuthenticationError], [403, AuthenticationError], [404, NotFoundError], [422, ValidationError]] as const;
  const CALLS = [
    ["get", "GET", /^\/v1\/credentials\/cred_/, (client: SkyvernClient) => client.credentials.get("cred_123")],
    ["update", "POST", /\/update$/, (client: SkyvernClient) => client.credentials.update("cred_123", secretRequest("upd"))],
    ["create", "POST", /^\/v1\/credentials$/, (client: SkyvernClient) => client.credentials.create(secretRequest("new"))],
  ] as const;
  for (const [status, errorClass] of NOT_RETRIED) {
    for (const [operation, method, path, call] of CALLS) {
      it(`never retries ${status} on ${operation} (${method}): one request, ${errorClass.name}`, async () => {
        const client = clientViaProxy();
        faultFirst(100, method, path, { kind: "status", status });
        await assert.rejects(call(client), (error: Error) => {
          assert.equal(error.constructor, errorClass, `${error.name}: ${error.message}`);
          assert.equal((error as NotFoundError).status, status);
          return true;
        });
        assert.equal(skyvern.proxy.requests.length, 1, skyvern.proxy.requests.map((r) => `${r.method} ${r.path} ${r.outcome}`).join("\n"));
        client.close();
      });
    }
  }

  // The README's retry table: 500 is not retried on get, update or delete (the server failed in a
  // way a repeat would not fix); 502 and 504 (a gateway between us and it) are, on reads.
  const IDEMPOTENT_CALLS = [
    ["get", "GET", /^\/v1\/credentials\/cred_/, (client: SkyvernClient) => client.credentials.get("cred_123")],
    ["update", "POST", /\/update$/, (client: SkyvernClient) => client.credentials.update("cred_123", secretRequest("upd"))],
    ["delete", "POST", /\/delete$/, (client: SkyvernClient) => client.credentials.delete("cred_123")],
  ] as const;
  for (const [operation, method, path, call] of IDEMPOTENT_CALLS) {
    it(`never retries 500 on ${operation} (${method}): one request, ServerError`, async () => {
      const client = clientViaProxy();
      faultFirst(100, method, path, { kind: "status", status: 500 });
      await assert.rejects(call(client), (error: ServerError) => error.constructor === ServerError && error.status === 500);
      assert.deepEqual(skyvern.proxy.requests.map((r) => r.outcome), ["fault 500"]);
      client.close();
    });
  }

  for (const status of [502, 504]) {
    it(`retries ${status} on get until it succeeds`, async () => {
      const client = clientViaProxy();
      const created = await client.credentials.create(secretRequest(`get-${status}-${Date.now()}`));
      skyvern.proxy.reset();
      faultFirst(2, "GET", /^\/v1\/credentials\/cred_/, { kind: "status", status });
      assert.equal((await client.credentials.get(created.credentialId)).credentialId, created.credentialId);
      assert.deepEqual(skyvern.proxy.requests.map((r) => r.outcome), [`fault ${status}`, `fault ${status}`, "forwarded 200"]);
      await client.credentials.delete(created.credentialId);
      client.close();
    });

    it(`retries a persistent ${status} on get exactly 4 times (the default), then fails with ServerError`, async () => {
      const client = clientViaProxy(); // maxRetries not set: the default
      faultFirst(100, "GET", /^\/v1\/credentials\/cred_/, { kind: "status", status });
      await assert.rejects(client.credentials.get("cred_123"), (error: ServerError) => error.constructor === ServerError && error.status === status);
      assert.equal(skyvern.proxy.count("GET"), 1 + DEFAULT_BACKOFF.maxRetries, "the first attempt and the default retries");
      client.close();
    });
  }

  it("declares the README's backoff: 4 retries, 250 ms base, 20 s a wait, 60 s in total", () => {
    assert.deepEqual(DEFAULT_BACKOFF, { maxRetries: 4, baseDelayMs: 250, maxDelayMs: 20_000, maxElapsedMs: 60_000 });
  });

  it("starts no retry after the total cap: a Retry-After that would end past it stops the retries", async () => {
    // Each 503 asks for 400 ms; with a 1 s cap, attempts start at about 0, 400 and 800 ms, and a
    // fourth (at 1200 ms) would start past the cap although 7 retries are allowed.
    const client = clientViaProxy({ maxRetries: 8, backoff: { ...FAST_BACKOFF, maxElapsedMs: 1_000 } });
    faultFirst(100, "GET", /^\/v1\/credentials\/cred_/, { kind: "status", status: 503, retryAfterSeconds: 0.4 });
    const started = Date.now();
    await assert.rejects(client.credentials.get("cred_123"), (error: ServerError) => error.constructor === ServerError && error.status === 503);
    const elapsed = Date.now() - started;
    assert.equal(skyvern.proxy.count("GET"), 3, skyvern.proxy.requests.map((r) => `${r.at - started} ms ${r.outcome}`).join("\n"));
    const lastStart = skyvern.proxy.requests[2].at - started;
    assert.ok(lastStart >= 800 && lastStart < 1_000, `the last retry started ${lastStart} ms after the first attempt`);
    assert.ok(elapsed < 1_500, `gave up after ${elapsed} ms`);
    client.close();
  });

  it("cuts a backoff wait that would end past the total cap to the time left", () => {
    const settings = { maxRetries: 4, baseDelayMs: 10_000, maxDelayMs: 20_000, maxElapsedMs: 1_000 };
    const noRetryAfter = { response: { headers: {} } } as unknown as AxiosError;
    assert.equal(backoffDelayMs(1, noRetryAfter, settings, 600, () => 0.99), 400, "the wait is cut to the 400 ms left");
    assert.equal(backoffDelayMs(1, noRetryAfter, settings, 0, () => 0.05), 500, "a wait that fits is kept");
    const askedTwoSeconds = { response: { headers: { "retry-after": "2" } } } as unknown as AxiosError;
    assert.equal(mayStartRetry(0, askedTwoSeconds, settings), false, "a Retry-After longer than the time left ends the retries");
    assert.equal(mayStartRetry(0, askedTwoSeconds, { ...settings, maxElapsedMs: 60_000 }), true);
  });

  it("retries a 409 on update, then surfaces ConflictError once the retries are spent", async () => {
    const client = clientViaProxy({ maxRetries: 2 });
    const created = await client.credentials.create(secretRequest(`conflict-${Date.now()}`));
    faultFirst(1, "POST", /\/update$/, { kind: "status", status: 409 });
    assert.equal((await client.credentials.update(created.credentialId, secretRequest("conflict-renamed"))).name, "conflict-renamed");
    assert.equal(skyvern.proxy.count("POST", /\/update$/), 2, "one 409, then the retry went through");
    skyvern.proxy.reset();
    faultFirst(100, "POST", /\/update$/, { kind: "status", status: 409 });
    await assert.rejects(client.credentials.update(created.credentialId, secretRequest("never")), (error: ConflictError) =>
      error.constructor === ConflictError && error.status === 409 && /run the operation again/.test(error.message));
    assert.equal(skyvern.proxy.count("POST", /\/update$/), 3, "first attempt plus two retries");
    await client.credentials.delete(created.credentialId);
    client.close();
  });

  it("surfaces RateLimitError once the retries on 429 are spent", async () => {
    const client = clientViaProxy({ maxRetries: 2 });
    faultFirst(100, "GET", /^\/v1\/credentials\/cred_/, { kind: "status", status: 429, retryAfterSeconds: 0 });
    await assert.rejects(client.credentials.get("cred_123"), (error: RateLimitError) =>
      error.constructor === RateLimitError && error.status === 429 && error.retryAfterSeconds === 0 && /maxConcurrency/.test(error.message));
    assert.equal(skyvern.proxy.count("GET"), 3, "first attempt plus two retries");
    client.close();
  });

  it("gives up at once with RateLimitError when Retry-After is longer than the 20 s wait limit", async () => {
    const client = new SkyvernClient({ baseUrl: skyvern.proxy.url }); // the default backoff: 20 s per wait at most
    faultFirst(100, "GET", /^\/v1\/credentials\/cred_/, { kind: "status", status: 429, retryAfterSeconds: 21 });
    const started = Date.now();
    await assert.rejects(client.credentials.get("cred_123"), (error: RateLimitError) =>
      error.constructor === RateLimitError && error.retryAfterSeconds === 21 && /the server asked to wait 21 s/.test(error.message));
    assert.ok(Date.now() - started < 2_000, `gave up after ${Date.now() - started} ms`);
    assert.equal(skyvern.proxy.count("GET"), 1, "not retried, and not retried early");
    client.close();
  });

  it("surfaces TimeoutError, a kind of ConnectionError, once the retries on timeouts are spent", async () => {
    const client = clientViaProxy({ timeoutMs: 300, maxRetries: 1 });
    faultFirst(100, "GET", /^\/v1\/credentials\/cred_/, { kind: "delay", ms: 1_000 });
    await assert.rejects(client.credentials.get("cred_123"), (error: TimeoutError) => {
      assert.equal(error.constructor, TimeoutError);
      assert.ok(error instanceof ConnectionError);
      assert.equal(error.code, "ETIMEDOUT");
      assert.match(error.message, /no answer from Skyvern at http:\/\/127\.0\.0\.1:\d+ within 300 ms\. Raise timeoutMs/);
      assert.ok(error.cause instanceof Error, "the network failure is kept as cause");
      // The cause is the bare network error, not axios's, which holds the request headers (the API key).
      assert.deepEqual(findCanaries([process.env.SKYVERN_API_KEY!], { inspected: inspect(error, { depth: 8 }), json: JSON.stringify(error) }), []);
      return true;
    });
    assert.equal(skyvern.proxy.count("GET"), 2, "first attempt plus one retry");
    client.close();
  });

  for (const status of [500, 502, 504]) {
    it(`reconciles a create answered ${status} before the server saw it: sent again, exactly one credential`, async () => {
      const client = clientViaProxy();
      const name = `c${status}-before-${Date.now()}`;
      faultFirst(1, "POST", /^\/v1\/credentials$/, { kind: "status", status });
      const created = await client.credentials.create(secretRequest(name));
      assert.deepEqual(await credentialsNamed(name), [created.credentialId]);
      assert.deepEqual(skyvern.proxy.requests.filter((r) => r.method === "POST").map((r) => r.outcome), [`fault ${status}`, "forwarded 201"]);
      assert.equal(skyvern.proxy.count("GET", /^\/v1\/credentials$/), 2, "looked up before sending again, and for late copies after");
      await client.credentials.delete(created.credentialId);
      client.close();
    });

    it(`reconciles a create answered ${status} after the server stored it: adopted, not sent again, exactly one credential`, async () => {
      const client = clientViaProxy();
      const name = `c${status}-after-${Date.now()}`;
      faultFirst(1, "POST", /^\/v1\/credentials$/, { kind: "status", status, afterServer: true });
      const created = await client.credentials.create(secretRequest(name));
      assert.deepEqual(await credentialsNamed(name), [created.credentialId]);
      assert.deepEqual(skyvern.proxy.requests.filter((r) => r.method === "POST").map((r) => `${r.path} ${r.outcome}`), [
        `/v1/credentials fault ${status} (server said 201)`, `/v1/credentials/${created.credentialId}/update forwarded 200`,
      ]);
      await client.credentials.delete(created.credentialId);
      client.close();
    });
  }

  /**
   * The first create is held at the proxy past the client's timeout, so the lookup finds nothing
   * and the client sends again; the proxy releases the first one when the resend arrives and lets
   * the resend through only once the server holds that late copy.
   */
  function lateCopyAfterResend(name: string) {
    let release!: () => void;
    const resendSeen = new Promise<void>((resolve) => { release = resolve; });
    const lateCopyStored = resendSeen.then(() => waitFor(async () => (await credentialsNamed(name)).length === 1, 5_000, "the late copy to be stored"));
    let creates = 0;
    return (request: { method: string; path: string }): Fault | undefined => {
      if (request.method !== "POST" || request.path !== "/v1/credentials") return undefined;
      creates++;
      if (creates === 1) return { kind: "hold", until: resendSeen };
      release();
      return { kind: "hold", until: lateCopyStored };
    };
  }

  it("reports the look-alike of a timed-out create after the resend succeeded, deleting nothing", async () => {
    const client = clientViaProxy({ timeoutMs: 2_000 });
    const name = `late-${Date.now()}`;
    const secret = canary("late");
    skyvern.proxy.rule = lateCopyAfterResend(name);
    let kept = "";
    let lookAlikes: readonly string[] = [];
    await assert.rejects(client.credentials.create({ name, credentialType: "secret", credential: { secretValue: secret } }), (error: LookAlikeCredentialsError) => {
      assert.equal(error.constructor, LookAlikeCredentialsError);
      kept = error.credential.credentialId;
      lookAlikes = error.lookAlikeIds;
      assert.equal(lookAlikes.length, 1);
      assert.notEqual(lookAlikes[0], kept);
      assert.match(error.message, new RegExp(`stored ${kept} after an ambiguous failure, and ${lookAlikes[0]} with the same name and visible fields appeared meanwhile.*Nothing was deleted`));
      assert.deepEqual(findCanaries([secret], { message: error.message, inspected: inspect(error, { depth: 5 }) }), []);
      return true;
    });
    assert.deepEqual(skyvern.proxy.requests.filter((r) => r.path.endsWith("/delete")), [], "no delete was sent");
    assert.deepEqual(new Set(await credentialsNamed(name)), new Set([kept, ...lookAlikes]), "both are still there, as the error says");
    for (const id of [kept, ...lookAlikes]) await skyvern.direct.credentials.delete(id);
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

  it("reports a possible duplicate, naming both candidates and without the secret, when two matching credentials appeared", async () => {
    const client = clientViaProxy();
    const name = `dup-${Date.now()}`;
    const secret = canary("dup");
    // Someone else (another program: a plain HTTP request, not this process's client, whose creates
    // the lookup knows are not this call's) created an identical-looking credential just before our create fails ambiguously.
    const response = await fetch(`${process.env.SKYVERN_BASE_URL}/v1/credentials`, {
      method: "POST", headers: { "x-api-key": process.env.SKYVERN_API_KEY!, "content-type": "application/json" },
      body: JSON.stringify({ name, credential_type: "secret", credential: { secret_value: canary("other") } }),
    });
    assert.equal(response.status, 201);
    const other = { credentialId: ((await response.json()) as { credential_id: string }).credential_id };
    faultFirst(1, "POST", /^\/v1\/credentials$/, { kind: "reset-after" });
    await assert.rejects(client.credentials.create({ name, credentialType: "secret", credential: { secretValue: secret } }), (error: PossibleDuplicateError) => {
      assert.equal(error.constructor, PossibleDuplicateError);
      assert.equal(error.candidateIds.length, 2);
      assert.ok(error.candidateIds.includes(other.credentialId));
      assert.match(error.message, new RegExp(`^creating a credential failed ambiguously \\(POST /v1/credentials: could not reach Skyvern .*ECONNRESET.*\\) and 2 matching credentials were found afterwards \\(cred_\\d+, cred_\\d+\\)`));
      assert.doesNotMatch(error.message, /no matching credential was found/);
      assert.match(error.message, /GET \/v1\/credentials\?search=<name>/);
      assert.ok(error.cause instanceof ConnectionError);
      assert.deepEqual(findCanaries([secret], { message: error.message, stack: String(error.stack), json: JSON.stringify(error), inspected: inspect(error, { depth: 5 }) }), []);
      return true;
    });
    const onServer = await credentialsNamed(name);
    assert.equal(onServer.length, 2, "ours landed beside the other, and nothing was sent again");
    assert.equal(skyvern.proxy.count("POST", /^\/v1\/credentials$/), 1);
    for (const id of onServer) await skyvern.direct.credentials.delete(id);
    client.close();
  });

  it("reports a possible duplicate saying none was found when every send failed ambiguously", async () => {
    const client = clientViaProxy();
    const name = `none-${Date.now()}`;
    faultFirst(100, "POST", /^\/v1\/credentials$/, { kind: "status", status: 502 });
    await assert.rejects(client.credentials.create(secretRequest(name)), (error: PossibleDuplicateError) =>
      error.constructor === PossibleDuplicateError && error.candidateIds.length === 0 && /HTTP 502.*\) and no matching credential was found afterwards/.test(error.message));
    assert.equal(skyvern.proxy.count("POST", /^\/v1\/credentials$/), 5, "the first send and four resends, each after a lookup");
    assert.equal(skyvern.proxy.count("GET", /^\/v1\/credentials$/), 5, "a lookup after each ambiguous failure");
    assert.deepEqual(await credentialsNamed(name), []);
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
