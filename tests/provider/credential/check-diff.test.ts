import assert from "node:assert/strict";
import { check, diff } from "../../../provider/credential/runtime";
import { UNKNOWN } from "../../../provider/shared/check-inputs";
import { hasChanges, planCredentialChanges } from "../../../provider/credential/plan";
import { canary, canarySeed } from "../../support/canary";

const password = { name: "gh", credentialType: "password", credential: { username: "bot", password: "pw-1" } };
/** Old outputs as the provider stores them: inputs overlaid with the server's view. */
const storedPassword = { ...password, credentialId: "cred_1", vaultType: "skyvern", username: "bot", totpType: "none" };

describe("provider check", () => {
  const failuresOf = async (news: Record<string, unknown>) => (await check({}, news)).failures ?? [];

  it("accepts valid inputs of every type", async () => {
    assert.deepEqual(await failuresOf(password), []);
    assert.deepEqual(await failuresOf({ name: "s", credentialType: "secret", credential: { secretValue: "v" }, vaultType: "skyvern", rotationTrigger: 3 }), []);
  });

  it("names the property of each bad input, without echoing its value", async () => {
    const secret = canary("bad");
    const failures = await failuresOf({ name: "c", credentialType: "credit_card", adoptCredentialId: "nope",
      credential: { cardNumber: `${secret}1`, cardCvv: secret, cardExpMonth: "13", cardExpYear: "30", cardBrand: "visa", cardHolderName: "h" } });
    const properties = failures.map((f) => f.property).sort();
    assert.deepEqual(properties, ["adoptCredentialId", "credential.cardCvv", "credential.cardExpMonth", "credential.cardExpYear", "credential.cardNumber"]);
    assert.ok(!JSON.stringify(failures).includes(secret));
  });

  it("never names the whole secret credential as the failing property (the engine would print its value)", async () => {
    const failures = await failuresOf({ name: "m", credentialType: "password", credential: { secretValue: "s" } });
    assert.ok(!failures.some((f) => f.property === "credential"), JSON.stringify(failures));
    assert.ok(failures.some((f) => f.property === "credential.secretValue" && /not a field of a password credential/.test(f.reason)));
    const notAnObject = await failuresOf({ name: "m", credentialType: "secret", credential: "plain string" });
    assert.deepEqual(notAnObject.map((f) => f.property), [""]);
    assert.match(notAnObject[0].reason, /^credential: /);
  });

  it("does not judge values that are unknown during preview", async () => {
    assert.deepEqual(await failuresOf({ name: UNKNOWN, credentialType: "credit_card",
      credential: { cardNumber: UNKNOWN, cardCvv: UNKNOWN, cardExpMonth: "12", cardExpYear: "2030", cardBrand: "visa", cardHolderName: "h" } }), []);
    assert.deepEqual(await failuresOf({ name: "x", credentialType: UNKNOWN, credential: { secretValue: "v" } }), []);
    assert.deepEqual(await failuresOf({ name: "x", credentialType: "password", credential: UNKNOWN }), []);
    // Known parts are still checked.
    assert.deepEqual((await failuresOf({ name: "x", credentialType: "password", credential: { username: UNKNOWN, password: "" } })).map((f) => f.property), ["credential.password"]);
  });
});

describe("provider plan: which endpoint each change goes to", () => {
  const planOf = (olds: Record<string, unknown>, news: Record<string, unknown>) => planCredentialChanges(olds, news);

  it("sends settings alone as one PATCH with only the changed fields", () => {
    const plan = planOf(storedPassword, { ...password, name: "renamed", userContext: "SSO first", autoProfileDisabled: true });
    assert.deepEqual(plan, { rewrite: false, rewrittenFields: [], restated: [], patch: { name: "renamed", userContext: "SSO first", autoProfileDisabled: true }, replaces: [], unknowns: [] });
  });

  it("clears a removed tested URL with an empty string and a removed flag with false", () => {
    const plan = planOf({ ...storedPassword, testedUrl: "https://x.example", saveBrowserSessionIntent: true }, password);
    assert.deepEqual(plan.patch, { testedUrl: "", saveBrowserSessionIntent: false });
  });

  it("replaces when a user context is removed (Skyvern cannot clear it)", () => {
    assert.deepEqual(planOf({ ...storedPassword, userContext: "SSO first" }, password).replaces, ["userContext"]);
  });

  it("moves folders with the folder call, and out of a folder with null", () => {
    assert.deepEqual(planOf(storedPassword, { ...password, folderId: "cfld_1" }).folder, { folderId: "cfld_1" });
    assert.deepEqual(planOf({ ...storedPassword, folderId: "cfld_1" }, password).folder, { folderId: null });
  });

  it("expects the pinned pool Skyvern picks for an IP pin without a location, and clears it with the pin", () => {
    assert.equal(hasChanges(planOf({ ...storedPassword, pinSavedSessionIp: true, proxyLocation: "RESIDENTIAL_ISP", proxySessionId: "abc" }, { ...password, pinSavedSessionIp: true })), false);
    assert.deepEqual(planOf({ ...storedPassword, pinSavedSessionIp: true, proxyLocation: "RESIDENTIAL_ISP", proxySessionId: "abc" }, password).patch, { pinSavedSessionIp: false, proxyLocation: null });
  });

  it("rewrites the credential data when Skyvern reports a TOTP seed none is declared for, or TOTP drift", () => {
    assert.equal(planOf({ ...storedPassword, hasTotp: true }, password).rewrite, true);
    assert.equal(planOf({ ...storedPassword, hasTotp: false }, password).rewrite, false);
    assert.equal(planOf({ ...storedPassword, totpDrift: true }, password).rewrite, true);
  });

  it("reads a state written by 0.1.0 (no new outputs) as unchanged", () => {
    const stored010 = { ...password, credentialId: "cred_1", vaultType: "skyvern", username: "bot", totpType: "none", saveBrowserSessionIntent: false };
    assert.equal(hasChanges(planOf(stored010, password)), false);
  });
});

describe("provider diff", () => {
  const diffOf = (olds: Record<string, unknown>, news: Record<string, unknown>) => diff("cred_1", olds, news);

  it("reports no change for unchanged inputs", async () => {
    assert.deepEqual(await diffOf(storedPassword, password), { changes: false, replaces: [], deleteBeforeReplace: false });
  });

  it("updates in place for secret, name, type, TOTP, proxy and rotation changes", async () => {
    const seed = canarySeed();
    const changes = [
      { ...password, credential: { ...password.credential, password: "pw-2" } },
      { ...password, name: "renamed" },
      { name: "gh", credentialType: "secret", credential: { secretValue: "v" } },
      { ...password, credential: { ...password.credential, totp: seed, totpType: "authenticator" } },
      { ...password, proxyLocation: "RESIDENTIAL" },
      { ...password, proxySessionId: "sticky" },
      { ...password, rotationTrigger: "2026-12" },
    ];
    for (const news of changes) assert.deepEqual(await diffOf(storedPassword, news), { changes: true, replaces: [], deleteBeforeReplace: false }, JSON.stringify(news));
  });

  it("replaces on a vault change, but not when the vault is left to the server's default", async () => {
    assert.deepEqual((await diffOf(storedPassword, { ...password, vaultType: "custom" })).replaces, ["vaultType"]);
    assert.equal((await diffOf(storedPassword, { ...password, vaultType: "skyvern" })).changes, false);
  });

  it("sees drift the server reported after a refresh", async () => {
    assert.equal((await diffOf({ ...storedPassword, name: "changed-in-ui" }, password)).changes, true);
    assert.equal((await diffOf({ ...storedPassword, username: "someone-else" }, password)).changes, true);
    const card = { name: "c", credentialType: "credit_card", credential: { cardNumber: "4111111111111111", cardCvv: "1", cardExpMonth: "1", cardExpYear: "2030", cardBrand: "visa", cardHolderName: "h" } };
    assert.equal((await diffOf({ ...card, lastFour: "1111", brand: "visa" }, card)).changes, false);
    assert.equal((await diffOf({ ...card, lastFour: "9999", brand: "visa" }, card)).changes, true);
  });

  it("compares a geo target with what the server echoes back", async () => {
    const news = { ...password, proxyLocation: { country: "US", subdivision: "CA" } };
    assert.equal((await diffOf({ ...storedPassword, proxyLocation: { country: "US", subdivision: "CA", city: null, isISP: false } }, news)).changes, false);
    assert.equal((await diffOf({ ...storedPassword, proxyLocation: { country: "US", subdivision: "NY", city: null } }, news)).changes, true);
  });
});
