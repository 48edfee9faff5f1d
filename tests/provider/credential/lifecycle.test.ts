/**
 * SkyvernCredential through the real Pulumi engine against the real local Skyvern server. The
 * stack talks to Skyvern through a counting proxy, so each step also pins the API calls it made.
 * After every step the exported state, the state file and all CLI output are scanned for the
 * canary secrets.
 */
import assert from "node:assert/strict";
import { type CreateCredentialRequest, type CredentialResponse } from "../../../sdk";
import { assertNoCanaries, canary, canaryCardNumber, canaryCvv, canarySeed, filesUnder } from "../../support/canary";
import { createTestStack, type TestStack } from "../../support/engine";
import { unlessNotFound, useProxiedSkyvern } from "../../support/proxied-skyvern";

type Args = Record<string, unknown>;

describe("SkyvernCredential lifecycle through the real engine", () => {
  const skyvern = useProxiedSkyvern();
  let stack: TestStack;
  const secrets: string[] = [];
  /** What the inline program declares; steps edit it and run the engine again. */
  let declared: Record<string, Args> = {};

  /** Records a secret the scans look for. */
  const track = (value: string) => { secrets.push(value); return value; };
  const secret = (label: string) => track(canary(label));
  const seed = () => { const value = canarySeed(); secrets.push(value); return value; };

  const program = async () => {
    const { SkyvernCredential } = require("pulumi-skyvern") as typeof import("../../../index");
    const ids: Record<string, unknown> = {};
    for (const [name, args] of Object.entries(declared)) ids[name] = new SkyvernCredential(name, args as never).credentialId;
    return ids;
  };

  async function idsInState(): Promise<Record<string, string>> {
    const resources = await stack.credentialResources();
    return Object.fromEntries(resources.map((r) => [r.urn.split("::").pop()!, r.id]));
  }

  async function outputsOf(name: string): Promise<Record<string, unknown>> {
    const resource = (await stack.credentialResources()).find((r) => r.urn.endsWith(`::${name}`));
    assert.ok(resource, `${name} is in state`);
    return resource.outputs;
  }

  /** The credential on the server, or undefined when it answers 404; any other failure fails the test. */
  const onServer = (id: string): Promise<CredentialResponse | undefined> => unlessNotFound(() => skyvern.direct.credentials.get(id));

  /** The last decrypted state that held credentials: the positive control once destroy emptied it. */
  let control = { text: "", canaries: [] as string[] };

  async function assertNoSecretsAnywhere(): Promise<void> {
    const texts = { ...stack.all(), cliExport: await stack.exportedState(), ...filesUnder(stack.backendDir) };
    if ((await stack.credentialResources()).length > 0) {
      // Decrypted, the same state holds the live secrets (card number and CVV included), so the scan could find them.
      const live = Object.values(declared).flatMap((args) => Object.values(args.credential as Args)).filter((v): v is string => typeof v === "string" && secrets.includes(v));
      control = { text: JSON.stringify(await stack.stack.exportStack()), canaries: live };
    }
    assertNoCanaries([...secrets, process.env.SKYVERN_API_KEY!], texts, control);
  }

  before(async () => {
    stack = await createTestStack({ projectName: "lifecycle", program, config: { "skyvern:baseUrl": skyvern.proxy.url } });
    const cardNumber = track(canaryCardNumber());
    declared = {
      "gh-bot": { name: `gh-bot-${Date.now()}`, credentialType: "password", credential: { username: "bot@example.com", password: secret("pw"), totp: seed(), totpType: "authenticator" } },
      "corp-card": {
        credentialType: "credit_card", proxyLocation: { country: "US", subdivision: "CA" },
        credential: { cardNumber, cardCvv: track(canaryCvv(cardNumber.slice(-4))), cardExpMonth: "07", cardExpYear: "2031", cardBrand: "visa", cardHolderName: secret("holder"), billingAddress: { line1: "1 Main St", postalCode: "94105" } },
      },
      "api-key": { credentialType: "secret", credential: { secretValue: secret("sv"), secretLabel: "stripe" } },
    };
  });

  afterEach(async function () {
    if (this.currentTest?.state === "passed") await assertNoSecretsAnywhere();
  });

  it("creates one credential of each type with one request each; secrets are encrypted in state", async () => {
    skyvern.proxy.reset();
    const result = await stack.up();
    assert.equal(result.summary.resourceChanges?.create, 4);
    assert.equal(skyvern.proxy.requests.length, 3);
    assert.equal(skyvern.proxy.count("POST", /^\/v1\/credentials$/), 3);

    const card = await outputsOf("corp-card");
    assert.equal(card.lastFour, String((declared["corp-card"].credential as Args).cardNumber).slice(-4));
    assert.equal(card.brand, "visa");
    assert.equal(card.name, "corp-card", "name defaults to the resource name");
    const bot = await outputsOf("gh-bot");
    assert.equal(bot.username, "bot@example.com");
    assert.equal(bot.totpType, "authenticator");
    assert.equal(bot.vaultType, "skyvern");
    assert.equal((await outputsOf("api-key")).secretLabel, "stripe");
    for (const [name, id] of Object.entries(await idsInState())) {
      assert.equal(result.outputs[name].value, id);
      assert.equal((await onServer(id))?.credentialId, id);
    }
    const stateFile = JSON.parse(stack.stateFile());
    const stored = stateFile.checkpoint.latest.resources.find((r: { type: string }) => r.type.endsWith(":SkyvernCredential"));
    assert.ok(stored.outputs.credential.ciphertext, "the credential output is an encrypted secret");
    assert.ok(stored.inputs.credential.ciphertext, "the credential input is an encrypted secret");
  });

  it("keeps __provider small and free of secrets, config and clients", async () => {
    const stateFile = JSON.parse(stack.stateFile());
    for (const resource of stateFile.checkpoint.latest.resources.filter((r: { type: string }) => r.type.endsWith(":SkyvernCredential"))) {
      const provider: string = resource.inputs.__provider;
      assert.ok(provider.length < 2_500, `__provider is ${provider.length} bytes`);
      assert.ok(!provider.includes(skyvern.proxy.url) && !provider.includes(process.env.SKYVERN_BASE_URL!), "no base URL captured");
      assert.match(provider, /require\("pulumi-skyvern\/provider-runtime"\)/);
    }
  });

  it("previews and updates with no changes without calling the API", async () => {
    skyvern.proxy.reset();
    const preview = await stack.preview();
    assert.deepEqual(preview.changeSummary, { same: 4 });
    const up = await stack.up();
    assert.deepEqual(up.summary.resourceChanges, { same: 4 });
    assert.equal(skyvern.proxy.requests.length, 0);
  });

  it("rotates a password in place: same credentialId, one update request, still one credential", async () => {
    const before = await idsInState();
    (declared["gh-bot"].credential as Args).password = secret("pw-rotated");
    skyvern.proxy.reset();
    const up = await stack.up();
    assert.equal(up.summary.resourceChanges?.update, 1);
    assert.deepEqual(await idsInState(), before);
    assert.deepEqual(skyvern.proxy.requests.map((r) => `${r.method} ${r.path}`), [`POST /v1/credentials/${before["gh-bot"]}/update`]);
    const named = [];
    for await (const c of skyvern.direct.credentials.list({ search: String(declared["gh-bot"].name) })) named.push(c.credentialId);
    assert.deepEqual(named, [before["gh-bot"]]);
  });

  it("forces a rewrite with rotationTrigger when nothing else changed", async () => {
    const before = await idsInState();
    declared["api-key"].rotationTrigger = "2026-Q4";
    skyvern.proxy.reset();
    await stack.up();
    assert.deepEqual(skyvern.proxy.requests.map((r) => `${r.method} ${r.path}`), [`POST /v1/credentials/${before["api-key"]}/update`]);
    assert.deepEqual(await idsInState(), before);
  });

  it("renames in place", async () => {
    const before = await idsInState();
    declared["gh-bot"].name = `gh-bot-renamed-${Date.now()}`;
    skyvern.proxy.reset();
    await stack.up();
    assert.equal(skyvern.proxy.requests.length, 1);
    assert.equal((await onServer(before["gh-bot"]))?.name, declared["gh-bot"].name);
    assert.deepEqual(await idsInState(), before);
  });

  it("changes a password credential into a secret in place", async () => {
    const before = await idsInState();
    declared["gh-bot"] = { name: declared["gh-bot"].name, credentialType: "secret", credential: { secretValue: secret("sv-2") } };
    skyvern.proxy.reset();
    await stack.up();
    assert.equal(skyvern.proxy.requests.length, 1);
    assert.equal((await onServer(before["gh-bot"]))?.credentialType, "secret");
    assert.deepEqual(await idsInState(), before);
    assert.equal((await outputsOf("gh-bot")).username, undefined, "the password view is gone from the outputs");
  });

  it("plans a vault change as a replacement; a vault the server refuses fails clearly and loses nothing", async () => {
    const before = await idsInState();
    declared["api-key"].vaultType = "custom";
    skyvern.proxy.reset();
    const preview = await stack.preview();
    assert.equal(preview.changeSummary.replace, 1);
    assert.equal(skyvern.proxy.requests.length, 0, "preview calls no API");

    await assert.rejects(stack.up(), (error: Error) => {
      assert.match(error.message, /creating the credential: POST \/v1\/credentials failed with HTTP 400: Custom credential service not configured/);
      return true;
    });
    assert.deepEqual(await idsInState(), before, "state still holds the old credential");
    assert.ok(await onServer(before["api-key"]), "the old credential is still on the server");
    delete declared["api-key"].vaultType;
    skyvern.proxy.reset();
    assert.deepEqual((await stack.preview()).changeSummary, { same: 4 });
  });

  it("shows an out-of-band rename on refresh, and the next up puts it back, rewriting the declared data with one update", async () => {
    const ids = await idsInState();
    const card = declared["corp-card"];
    await skyvern.direct.credentials.update(ids["corp-card"], { name: "renamed-in-the-ui", credentialType: "credit_card", credential: card.credential } as CreateCredentialRequest);
    const refresh = await stack.refresh();
    assert.equal(refresh.summary.resourceChanges?.update, 1);
    assert.equal((await outputsOf("corp-card")).name, "renamed-in-the-ui");
    skyvern.proxy.reset();
    const preview = await stack.preview();
    assert.equal(preview.changeSummary.update, 1);
    await stack.up();
    assert.equal((await onServer(ids["corp-card"]))?.name, "corp-card");
    // The rename came through the update endpoint, which rewrites the secret with whatever the editor
    // sent: the one request that puts the name back writes the declared data too.
    assert.deepEqual(skyvern.proxy.requests.map((r) => `${r.method} ${r.path}`), [`POST /v1/credentials/${ids["corp-card"]}/update`]);
  });

  it("drops an out-of-band deleted credential on refresh, and the next up recreates it", async () => {
    const before = await idsInState();
    await skyvern.direct.credentials.delete(before["api-key"]);
    skyvern.proxy.reset();
    await stack.refresh();
    assert.equal(skyvern.proxy.count("GET", /^\/v1\/credentials\//), 3, "refresh reads each credential once");
    assert.equal(skyvern.proxy.count("GET", /^\/api\/v1\/organizations\/me$/), 1, "and checks once that the 404 came from the Skyvern that knows the key");
    assert.equal((await idsInState())["api-key"], undefined);
    skyvern.proxy.reset();
    await stack.up();
    const after = await idsInState();
    assert.notEqual(after["api-key"], before["api-key"]);
    assert.equal((await onServer(after["api-key"]))?.credentialType, "secret");
    assert.equal(skyvern.proxy.count("POST", /^\/v1\/credentials$/), 1);
  });

  it("adopts an existing credential without changing its id", async () => {
    const existing = await skyvern.direct.credentials.create({ name: "made-in-the-ui", credentialType: "password", credential: { username: "ui@example.com", password: secret("ui-pw") } });
    declared.adopted = { name: "made-in-the-ui", adoptCredentialId: existing.credentialId, credentialType: "password", credential: { username: "ui@example.com", password: secret("adopted-pw") } };
    skyvern.proxy.reset();
    await stack.up();
    assert.equal((await idsInState()).adopted, existing.credentialId);
    assert.deepEqual(skyvern.proxy.requests.map((r) => `${r.method} ${r.path}`), [`POST /v1/credentials/${existing.credentialId}/update`]);
  });

  it("changing the Skyvern URL in config rewrites nothing", async () => {
    await stack.stack.setConfig("skyvern:baseUrl", { value: process.env.SKYVERN_BASE_URL! });
    const preview = await stack.preview();
    assert.deepEqual(preview.changeSummary, { same: 5 });
    await stack.stack.setConfig("skyvern:baseUrl", { value: skyvern.proxy.url });
  });

  it("destroys everything, one request per credential, leaving nothing on the server", async () => {
    const ids = Object.values(await idsInState());
    skyvern.proxy.reset();
    await stack.destroy();
    assert.equal(skyvern.proxy.count("POST", /\/delete$/), ids.length);
    assert.equal(skyvern.proxy.requests.length, ids.length);
    for (const id of ids) assert.equal(await onServer(id), undefined, `${id} is gone`);
  });
});
