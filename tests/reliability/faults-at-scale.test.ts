/**
 * A stack of many credentials through the real engine while a proxy in front of the real server
 * misbehaves. Whatever happens, the server must end up holding exactly the credentials in state:
 * none lost, none duplicated.
 */
import assert from "node:assert/strict";
import { createTestStack, type TestStack } from "../support/engine";
import type { Fault, SeenRequest } from "../support/fault-proxy";
import { useProxiedSkyvern } from "../support/proxied-skyvern";

const COUNT = Number(process.env.RELIABILITY_COUNT ?? 100);

/** A request the proxy answered with a fault, or reset or delayed after forwarding. */
const isFaulted = (request: SeenRequest) => !request.outcome.startsWith("forwarded") || request.outcome.includes("after");

describe(`reliability: ${COUNT} credentials under faults`, () => {
  const skyvern = useProxiedSkyvern();

  /** A stack of `count` secret credentials named `<prefix>-<i>`; `generation` changes every secret. */
  async function manyCredentials(prefix: string, count: number, config: Record<string, string> = {}) {
    const settings = { generation: 0 };
    const stack = await createTestStack({
      projectName: prefix,
      config: { "skyvern:baseUrl": skyvern.proxy.url, ...config },
      program: async () => {
        const { SkyvernCredential } = require("pulumi-skyvern") as typeof import("../../index");
        for (let i = 0; i < count; i++) {
          new SkyvernCredential(`c${i}`, { name: `${prefix}-${i}`, credentialType: "secret", credential: { secretValue: `value-${i}-${settings.generation}`, secretLabel: `gen ${settings.generation}` } });
        }
      },
    });
    return { stack, settings };
  }

  /** Every credential on the server whose name starts with the prefix. */
  async function onServer(prefix: string) {
    const found = [];
    for await (const credential of skyvern.direct.credentials.list({ search: `${prefix}-` })) if (credential.name.startsWith(`${prefix}-`)) found.push(credential);
    return found;
  }

  /** Server and state agree: same ids, one credential per name, the label of this generation. */
  async function assertServerMatchesState(stack: TestStack, prefix: string, count: number, generation: number) {
    const inState = await stack.credentialResources();
    const server = await onServer(prefix);
    assert.equal(inState.length, count, "every credential is in state");
    assert.equal(server.length, count, `the server holds exactly ${count}, found ${server.length}`);
    assert.deepEqual(new Set(server.map((c) => c.credentialId)), new Set(inState.map((r) => r.id)));
    for (const credential of server) assert.deepEqual(credential.credential, { secretLabel: `gen ${generation}` }, credential.name);
  }

  /**
   * What the client did beyond one request per credential while faults were injected, from the
   * proxy's log: the faulted requests, and the extra requests they cost (retries, lookups of
   * ambiguous creates, adoptions).
   */
  function trafficReport(phase: string, count: number): string {
    const requests = skyvern.proxy.requests;
    const faulted = requests.filter(isFaulted).length;
    assert.ok(faulted >= count * 0.2, `${phase}: faults were injected (${faulted} of ${requests.length} requests)`);
    const lookups = requests.filter((r) => r.method === "GET").length;
    return `${phase}: ${requests.length} requests for ${count} credentials, ${faulted} faulted, ${requests.length - count} extra (${lookups} of them lookups)`;
  }

  it(`creates and rotates ${COUNT} credentials while 30% of requests fail`, async () => {
    const prefix = `faults-${Date.now()}`;
    const { stack, settings } = await manyCredentials(prefix, COUNT);
    const faults: Fault[] = [
      { kind: "status", status: 429, retryAfterSeconds: 1 },
      { kind: "status", status: 503 },
      { kind: "reset-before" },
      { kind: "reset-after" },
      { kind: "delay", ms: 2_000 },
    ];
    let seed = 7;
    const random = () => { seed = (seed * 1103515245 + 12345) % 2 ** 31; return seed / 2 ** 31; }; // repeatable
    skyvern.proxy.rule = () => (random() < 0.3 ? faults[Math.floor(random() * faults.length)] : undefined);

    // The client's retries and reconciliation must absorb every fault: each `up` completes on the first try.
    skyvern.proxy.reset();
    await stack.up();
    const createReport = trafficReport("create", COUNT);
    skyvern.proxy.rule = () => undefined;
    await assertServerMatchesState(stack, prefix, COUNT, 0);

    skyvern.proxy.rule = () => (random() < 0.3 ? faults[Math.floor(random() * faults.length)] : undefined);
    settings.generation = 1;
    skyvern.proxy.reset();
    await stack.up();
    const rotateReport = trafficReport("rotate", COUNT);
    skyvern.proxy.rule = () => undefined;
    await assertServerMatchesState(stack, prefix, COUNT, 1);
    console.log(`      ${createReport}\n      ${rotateReport}`);

    await stack.destroy();
    assert.deepEqual(await onServer(prefix), []);
  });

  it("holds skyvern:maxConcurrency: never more requests in flight than configured", async () => {
    const prefix = `cap-${Date.now()}`;
    const { stack } = await manyCredentials(prefix, 24, { "skyvern:maxConcurrency": "3" });
    skyvern.proxy.rule = () => ({ kind: "delay", ms: 300 });
    skyvern.proxy.reset();
    await stack.up();
    assert.equal(skyvern.proxy.requests.length, 24);
    assert.equal(skyvern.proxy.maxInFlight, 3, `at most 3 in flight, and the cap was reached (saw ${skyvern.proxy.maxInFlight})`);
    skyvern.proxy.rule = () => undefined;
    await stack.destroy();
  });

  it("stops clearly when the API key is revoked mid-run, keeps state true, and converges with a good key", async () => {
    const prefix = `revoked-${Date.now()}`;
    const { stack } = await manyCredentials(prefix, 30);
    let allowed = 10;
    skyvern.proxy.rule = () => (allowed-- > 0 ? undefined : { kind: "status", status: 403 });
    await assert.rejects(stack.up(), (error: Error) => {
      assert.match(error.message, /HTTP 403/);
      assert.match(error.message, /Check the API key/);
      return true;
    });
    const partial = await stack.credentialResources();
    const serverAfterFailure = await onServer(prefix);
    assert.ok(partial.length >= 1 && partial.length < 30, `some but not all were created (${partial.length})`);
    assert.deepEqual(new Set(serverAfterFailure.map((c) => c.credentialId)), new Set(partial.map((r) => r.id)), "state records exactly what the server has");

    skyvern.proxy.rule = () => undefined;
    await stack.up();
    await assertServerMatchesState(stack, prefix, 30, 0);
    await stack.destroy();
  });
});
