/**
 * Secret references without a server: how check judges a value that came from a reference, how the
 * plan compares fingerprints, and what the fingerprint is bound to. The end-to-end behaviour (real
 * CLI, real Skyvern, scans) is in secret-references.test.ts.
 */
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { fingerprintOf, fingerprintsFor } from "../../../provider/credential/fingerprints";
import { toCredentialRequest } from "../../../provider/credential/inputs";
import { planCredentialChanges } from "../../../provider/credential/plan";
import { check } from "../../../provider/credential/runtime";
import { UNKNOWN } from "../../../provider/shared/check-inputs";
import { canary, canaryCardNumber } from "../../support/canary";
import { ARTIFACTS_DIR } from "../../support/paths";

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
});
