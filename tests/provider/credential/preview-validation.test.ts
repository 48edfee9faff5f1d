/**
 * Bad input fails at preview, naming the field, before any request reaches Skyvern; values not
 * known until apply time are not judged.
 */
import assert from "node:assert/strict";
import { canary, findCanaries } from "../../support/canary";
import { createTestStack, type TestStack } from "../../support/engine";
import { useProxiedSkyvern } from "../../support/proxied-skyvern";

const card = { cardNumber: "4242424242424242", cardCvv: "123", cardExpMonth: "12", cardExpYear: "2031", cardBrand: "visa", cardHolderName: "J Doe" };

describe("SkyvernCredential input validation at preview", () => {
  const skyvern = useProxiedSkyvern();
  let stack: TestStack;
  const leaked = canary("bad");
  let declared: Record<string, unknown> = {};

  before(async () => {
    stack = await createTestStack({
      projectName: "validation",
      config: { "skyvern:baseUrl": skyvern.proxy.url },
      program: async () => {
        const { SkyvernCredential } = require("pulumi-skyvern") as typeof import("../../../index");
        new SkyvernCredential("bad-input", declared as never);
      },
    });
  });

  const badInputs: [string, Record<string, unknown>, RegExp][] = [
    ["card number failing Luhn", { credentialType: "credit_card", credential: { ...card, cardNumber: "4242424242424241" } }, /credential\.cardNumber.*Luhn/],
    ["card number with letters", { credentialType: "credit_card", credential: { ...card, cardNumber: `4242${leaked}` } }, /credential\.cardNumber.*12 to 19 digits/],
    ["CVV of two digits", { credentialType: "credit_card", credential: { ...card, cardCvv: "12" } }, /credential\.cardCvv.*3 or 4 digits/],
    ["expiry month 13", { credentialType: "credit_card", credential: { ...card, cardExpMonth: "13" } }, /credential\.cardExpMonth.*1 to 12/],
    ["two-digit expiry year", { credentialType: "credit_card", credential: { ...card, cardExpYear: "31" } }, /credential\.cardExpYear.*four-digit/],
    ["authenticator seed too short", { credentialType: "password", credential: { username: "u", password: leaked, totp: "JBSWY3DPEHPK3PXP", totpType: "authenticator" } }, /credential\.totp.*112 bits/],
    ["payload not matching credentialType", { credentialType: "password", credential: { secretValue: leaked } }, /credential\.username/],
    ["empty password", { credentialType: "password", credential: { username: "u", password: "" } }, /credential\.password.*must not be empty/],
    ["unknown vault", { credentialType: "secret", credential: { secretValue: leaked }, vaultType: "vaultx" }, /vaultType/],
    ["three-letter country", { credentialType: "secret", credential: { secretValue: leaked }, proxyLocation: { country: "USA" } }, /proxyLocation/],
    ["malformed adoptCredentialId", { credentialType: "secret", credential: { secretValue: leaked }, adoptCredentialId: "12345" }, /adoptCredentialId.*cred_/],
    ["userContext over 1000 characters", { credentialType: "secret", credential: { secretValue: leaked }, userContext: "x".repeat(1001) }, /userContext.*at most 1000 characters/],
    ["blank userContext", { credentialType: "secret", credential: { secretValue: leaked }, userContext: "   " }, /userContext.*must not be blank/],
    ["folderId not a folder id", { credentialType: "secret", credential: { secretValue: leaked }, folderId: "Finance" }, /folderId.*cfld_/],
    ["browserProfileId not a profile id", { credentialType: "secret", credential: { secretValue: leaked }, browserProfileId: "cred_123" }, /browserProfileId.*bp_/],
    ["pinSavedSessionIp with another proxy pool", { credentialType: "secret", credential: { secretValue: leaked }, pinSavedSessionIp: true, proxyLocation: "RESIDENTIAL" }, /proxyLocation.*RESIDENTIAL_ISP.*pinSavedSessionIp/],
    ["proxySessionId with a geo target", { credentialType: "secret", credential: { secretValue: leaked }, proxySessionId: "abcdef0123", proxyLocation: { country: "US" } }, /proxyLocation.*RESIDENTIAL_ISP.*proxySessionId/],
    ["runSequentially not a boolean", { credentialType: "secret", credential: { secretValue: leaked }, runSequentially: "yes" }, /runSequentially/],
  ];

  for (const [label, inputs, expected] of badInputs) {
    it(`rejects ${label} at preview, naming the field, with no request to Skyvern`, async () => {
      declared = inputs;
      skyvern.proxy.reset();
      await assert.rejects(stack.preview(), (error: Error) => {
        assert.match(error.message, expected);
        return true;
      });
      assert.equal(skyvern.proxy.requests.length, 0);
      assert.deepEqual(findCanaries([leaked], stack.all()), []);
    });
  }

  it("accepts inputs that are unknown until another credential exists", async () => {
    const unknownStack = await createTestStack({
      projectName: "unknowns",
      config: { "skyvern:baseUrl": skyvern.proxy.url },
      program: async () => {
        const { SkyvernCredential } = require("pulumi-skyvern") as typeof import("../../../index");
        const first = new SkyvernCredential("first", { credentialType: "secret", credential: { secretValue: canary("a") } });
        new SkyvernCredential("second", { name: first.credentialId, credentialType: "secret", credential: { secretValue: canary("b"), secretLabel: first.credentialId } });
      },
    });
    skyvern.proxy.reset();
    const preview = await unknownStack.preview();
    assert.equal(preview.changeSummary.create, 3);
    assert.equal(skyvern.proxy.requests.length, 0);
  });
});
