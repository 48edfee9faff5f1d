/**
 * Stacks written by release 0.1.0 keep working: their outputs lack everything this release added
 * (hasTotp, autoProfileDisabled, pinSavedSessionIp, runSequentially, createdBy, secretWrittenAt).
 * Such a state, made by stripping those outputs from a fresh one, previews and ups with no change
 * and no request, and refreshes without a replace or a diff afterwards.
 */
import assert from "node:assert/strict";
import { canary, canarySeed } from "../support/canary";
import { createTestStack, type TestStack } from "../support/engine";
import { useProxiedSkyvern } from "../support/proxied-skyvern";

const ADDED_OUTPUTS = ["hasTotp", "autoProfileDisabled", "pinSavedSessionIp", "runSequentially", "createdBy", "secretWrittenAt"];

describe("a stack written by 0.1.0", () => {
  const skyvern = useProxiedSkyvern();
  let stack: TestStack;
  const run = Date.now();
  const password = canary("pw");
  const secretValue = canary("sv");

  const program = async () => {
    const { SkyvernCredential } = require("pulumi-skyvern") as typeof import("../../index");
    new SkyvernCredential("bot", { name: `old-bot-${run}`, credentialType: "password", credential: { username: "bot@example.com", password, totp: seed, totpType: "authenticator" } });
    new SkyvernCredential("card", { name: `old-card-${run}`, credentialType: "credit_card", proxyLocation: { country: "US", subdivision: "CA" },
      credential: { cardNumber: "4242424242424242", cardCvv: "123", cardExpMonth: "07", cardExpYear: "2031", cardBrand: "visa", cardHolderName: "J Doe", billingAddress: { line1: "1 Main St" } } });
    new SkyvernCredential("key", { name: `old-key-${run}`, credentialType: "secret", credential: { secretValue, secretLabel: "label" } });
  };
  const seed = canarySeed();

  before(async () => {
    stack = await createTestStack({ projectName: "old-state", program, config: { "skyvern:baseUrl": skyvern.proxy.url } });
    await stack.up();
    const deployment = await stack.stack.exportStack();
    let stripped = 0;
    for (const resource of deployment.deployment.resources ?? []) {
      if (!String(resource.type).endsWith(":SkyvernCredential")) continue;
      for (const key of ADDED_OUTPUTS) if (key in resource.outputs) { delete resource.outputs[key]; stripped++; }
    }
    assert.ok(stripped >= 3 * 4, `stripped ${stripped} outputs added after 0.1.0`);
    await stack.stack.importStack(deployment);
  });

  it("previews and ups with no change and no request", async () => {
    skyvern.proxy.reset();
    assert.deepEqual((await stack.preview()).changeSummary, { same: 4 });
    assert.deepEqual((await stack.up()).summary.resourceChanges, { same: 4 });
    assert.equal(skyvern.proxy.requests.length, 0);
  });

  it("refreshes with no replace, then previews clean", async () => {
    const refresh = await stack.refresh();
    assert.equal(refresh.summary.resourceChanges?.replace, undefined);
    const [bot] = (await stack.credentialResources()).filter((r) => r.urn.endsWith("::bot"));
    assert.equal(bot.outputs.hasTotp, true, "refresh records the new outputs");
    skyvern.proxy.reset();
    assert.deepEqual((await stack.preview()).changeSummary, { same: 4 });
    assert.equal(skyvern.proxy.requests.length, 0);
  });

  it("destroys", async () => {
    await stack.destroy();
    assert.equal(skyvern.proxy.count("POST", /\/delete$/), 3);
  });
});
