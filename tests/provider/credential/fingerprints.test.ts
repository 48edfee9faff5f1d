/**
 * Secret references below the CLI: how check judges a value that came from a reference, how the
 * plan compares fingerprints, what the fingerprint is bound to; and, with the runtime against the
 * real server, adoption, import followed by references, and a refresh that cannot read the seed.
 * The end-to-end behaviour (real CLI, scans, both providers) is in secret-references.test.ts and
 * tests/native/secret-references.test.ts.
 */
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { fingerprintOf, fingerprintsFor } from "../../../provider/credential/fingerprints";
import { toCredentialRequest } from "../../../provider/credential/inputs";
import { planCredentialChanges } from "../../../provider/credential/plan";
import type { ConfigureRequest } from "@pulumi/pulumi/dynamic";
import * as runtime from "../../../provider/credential/runtime";
import { check } from "../../../provider/credential/runtime";
import { UNKNOWN } from "../../../provider/shared/check-inputs";
import { canary, canaryCardNumber } from "../../support/canary";
import { ARTIFACTS_DIR } from "../../support/paths";
import { useProxiedSkyvern } from "../../support/proxied-skyvern";

const VARIABLE = "PULUMI_SKYVERN_TEST_REFERENCE";

describe("secret references: check, plan and fingerprints", () => {
  afterEach(() => { delete process.env[VARIABLE]; });

  it("applies every rule of the field to the value read, naming the field and never the value", async () => {
    const valid = canaryCardNumber();
    // The check digit is unique: any other last digit fails Luhn.
    process.env[VARIABLE] = `${valid.slice(0, -1)}${(Number(valid.slice(-1)) + 1) % 10}`;
    const card = { cardNumber: { fromEnv: VARIABLE }, cardCvv: "123", cardExpMonth: "07", cardExpYear: "2031", cardBrand: "visa", cardHolderName: "h" };
    const { failures = [] } = await check({}, { name: "c", credentialType: "credit_card", credential: card });
    assert.deepEqual(failures.map((f) => f.property), ["credential.cardNumber"]);
    assert.match(failures[0].reason, /Luhn/);
    assert.ok(!JSON.stringify(failures).includes(process.env[VARIABLE]));
  });

  it("reads a file, dropping one trailing newline, and builds the same request as the value would", () => {
    const value = canary("filevalue");
    const file = path.join(ARTIFACTS_DIR, `reference-${Date.now()}`);
    writeFileSync(file, `${value}\n`);
    const byReference = toCredentialRequest({ name: "s", credentialType: "secret", credential: { secretValue: { fromFile: file } } });
    assert.deepEqual(byReference, toCredentialRequest({ name: "s", credentialType: "secret", credential: { secretValue: value } }));
  });

  it("counts a reference still unknown in a preview as a change", () => {
    const olds = { name: "s", credentialType: "secret", credentialId: "cred_1", credential: { secretValue: { fromEnv: VARIABLE } }, secretFingerprints: fingerprintsFor("cred_1", ["secretValue"], { secretValue: "v" }) };
    const plan = planCredentialChanges(olds, { name: "s", credentialType: "secret", credential: { secretValue: { fromEnv: UNKNOWN } } });
    assert.equal(plan.rewrite, true);
  });

  it("compares through the stored salt: the same value matches, another one does not; the salt is kept across updates", () => {
    process.env[VARIABLE] = canary("value");
    const first = fingerprintsFor("cred_1", ["secretValue"], { secretValue: process.env[VARIABLE] })!;
    const olds = { name: "s", credentialType: "secret", credentialId: "cred_1", credential: { secretValue: { fromEnv: VARIABLE } }, secretFingerprints: first };
    const news = { name: "s", credentialType: "secret", credential: { secretValue: { fromEnv: VARIABLE } } };
    assert.deepEqual([planCredentialChanges(olds, news).rewrite, planCredentialChanges(olds, news).restated], [false, []]);
    process.env[VARIABLE] = canary("rotated");
    assert.deepEqual(planCredentialChanges(olds, news).rewrittenFields, ["secretValue"]);
    assert.equal(fingerprintsFor("cred_1", ["secretValue"], { secretValue: "x" }, first)!.salt, first.salt);
  });

  it("binds a fingerprint to its credential, its field and its random salt: equal secrets elsewhere look unrelated", () => {
    const { salt } = fingerprintsFor("cred_1", ["password"], { password: "same" })!;
    const base = fingerprintOf(salt, "cred_1", "password", "same");
    assert.match(base, /^[0-9a-f]{64}$/);
    assert.notEqual(fingerprintOf(salt, "cred_2", "password", "same"), base);
    assert.notEqual(fingerprintOf(salt, "cred_1", "secretValue", "same"), base);
    assert.notEqual(fingerprintsFor("cred_1", ["password"], { password: "same" })!.fields.password, base, "a new credential gets a new salt");
  });

  describe("with the runtime against the real server", () => {
    const skyvern = useProxiedSkyvern();
    const writes = () => skyvern.proxy.requests.filter((r) => r.method !== "GET").map((r) => `${r.method} ${r.path}`);
    before(async () => {
      await runtime.configure({ config: { get: (key: string) => (key === "skyvern:baseUrl" ? skyvern.proxy.url : undefined) } } as unknown as ConfigureRequest);
    });

    it("adopts an existing credential by reference: one update, same id, a fingerprint and no value in the outputs", async () => {
      const existing = await skyvern.direct.credentials.create({ name: `adopt-ref-${Date.now()}`, credentialType: "secret", credential: { secretValue: canary("before") } });
      process.env[VARIABLE] = canary("adopted");
      const inputs = { name: existing.name, credentialType: "secret", adoptCredentialId: existing.credentialId, credential: { secretValue: { fromEnv: VARIABLE } } };
      skyvern.proxy.reset();
      const { id, outs = {} } = await runtime.create(inputs);
      assert.equal(id, existing.credentialId);
      assert.deepEqual(writes(), [`POST /v1/credentials/${id}/update`]);
      assert.ok(!JSON.stringify(outs).includes(process.env[VARIABLE]), "no value in the outputs");
      assert.deepEqual(Object.keys((outs.secretFingerprints as { fields: object }).fields), ["secretValue"]);
      assert.equal((await runtime.diff(id, outs, inputs)).changes, false, "unchanged value: no change");
      await runtime.delete(id, outs);
    });

    it("after an import, declaring references writes them once (same id), then nothing changes", async () => {
      const existing = await skyvern.direct.credentials.create({ name: `import-ref-${Date.now()}`, credentialType: "secret", credential: { secretValue: canary("imported") } });
      const imported = await runtime.read(existing.credentialId);
      process.env[VARIABLE] = canary("declared");
      const news = { ...imported.inputs, credential: { secretValue: { fromEnv: VARIABLE } } };
      assert.equal((await runtime.diff(existing.credentialId, imported.props!, news)).changes, true, "the secret was never declared: written once");
      skyvern.proxy.reset();
      const { outs } = await runtime.update(existing.credentialId, imported.props!, news);
      assert.deepEqual(writes(), [`POST /v1/credentials/${existing.credentialId}/update`]);
      assert.equal((await runtime.diff(existing.credentialId, outs!, news)).changes, false);
      assert.ok(!JSON.stringify(outs).includes(process.env[VARIABLE]));
      await runtime.delete(existing.credentialId, outs);
    });

    it("a refresh that needs a TOTP seed given by an unset variable fails naming the field and the variable", async () => {
      const seed = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";
      process.env[VARIABLE] = seed;
      const inputs = { name: `refresh-ref-${Date.now()}`, credentialType: "password", credential: { username: "u", password: "p-1", totp: { fromEnv: VARIABLE }, totpType: "authenticator" } };
      const { id, outs = {} } = await runtime.create(inputs);
      assert.equal((await runtime.read(id, outs)).props?.totpDrift, undefined, "the seed from the environment matches Skyvern's code");
      delete process.env[VARIABLE];
      await assert.rejects(runtime.read(id, outs), (error: Error) => /credential\.totp: environment variable PULUMI_SKYVERN_TEST_REFERENCE is not set/.test(error.message) && !error.message.includes(seed));
      await runtime.delete(id, outs);
    });
  });
});
