import assert from "node:assert/strict";
import { AuthenticationError, CredentialInputError, NotFoundError, SkyvernClient, SkyvernConfigurationError, ValidationError } from "../../sdk";
import { Transport } from "../../sdk/http";
import { DEFAULT_BACKOFF } from "../../sdk/retry-policy";
import { canary, canarySeed } from "../support/canary";

describe("sdk client against the real Skyvern server", () => {
  let client: SkyvernClient;
  before(() => { client = new SkyvernClient(); });
  after(() => client.close());

  it("round-trips every credential type; responses carry no secret", async () => {
    const secrets = [canary("pw"), canary("cvv"), canary("sv")];
    const seed = canarySeed();
    const password = await client.credentials.create({ name: `rt-pw-${Date.now()}`, credentialType: "password", credential: { username: "bot@example.com", password: secrets[0], totp: seed, totpType: "authenticator" } });
    const card = await client.credentials.create({
      name: `rt-card-${Date.now()}`, credentialType: "credit_card", proxyLocation: { country: "US", subdivision: "CA" },
      credential: { cardNumber: "4242424242424242", cardCvv: "987", cardExpMonth: "7", cardExpYear: "2031", cardBrand: "visa", cardHolderName: secrets[1], billingAddress: { line1: "1 Main St", postalCode: "94105" }, metadata: { costCenter: "42" } },
    });
    const secret = await client.credentials.create({ name: `rt-secret-${Date.now()}`, credentialType: "secret", credential: { secretValue: secrets[2], secretLabel: "api key" } });

    assert.deepEqual(password.credential, { username: "bot@example.com", totpType: "authenticator", totpIdentifier: null, hasTotp: true });
    assert.deepEqual(card.credential, { lastFour: "4242", brand: "visa" });
    assert.deepEqual(card.proxyLocation && typeof card.proxyLocation === "object" && [card.proxyLocation.country, card.proxyLocation.subdivision], ["US", "CA"]);
    assert.deepEqual(secret.credential, { secretLabel: "api key" });
    for (const created of [password, card, secret]) {
      const fetched = await client.credentials.get(created.credentialId);
      assert.deepEqual(fetched, created);
      const text = JSON.stringify(fetched);
      for (const value of [...secrets, seed]) assert.ok(!text.includes(value));
      await client.credentials.delete(created.credentialId);
    }
  });

  it("updates in place, keeping the id, including a change of type", async () => {
    const created = await client.credentials.create({ name: `upd-${Date.now()}`, credentialType: "password", credential: { username: "a", password: canary("pw") } });
    const updated = await client.credentials.update(created.credentialId, { name: "renamed", credentialType: "secret", credential: { secretValue: canary("sv") } });
    assert.equal(updated.credentialId, created.credentialId);
    assert.equal(updated.credentialType, "secret");
    assert.equal(updated.name, "renamed");
    await client.credentials.delete(created.credentialId);
  });

  it("lists across several pages, newest first, until a short page", async () => {
    const tag = `page-${Date.now()}`;
    const ids: string[] = [];
    for (let i = 0; i < 7; i++) ids.push((await client.credentials.create({ name: `${tag}-${i}`, credentialType: "secret", credential: { secretValue: canary("s") } })).credentialId);
    const seen: string[] = [];
    for await (const credential of client.credentials.list({ search: tag, pageSize: 3 })) seen.push(credential.credentialId);
    assert.deepEqual(seen, [...ids].reverse(), "all 7 across pages of 3, newest first");
    for (const id of ids) await client.credentials.delete(id);
  });

  it("reports a missing id and a deleted id as NotFoundError", async () => {
    await assert.rejects(client.credentials.get("cred_1"), NotFoundError);
    const created = await client.credentials.create({ name: `del-${Date.now()}`, credentialType: "secret", credential: { secretValue: canary("s") } });
    await client.credentials.delete(created.credentialId);
    await assert.rejects(client.credentials.get(created.credentialId), (error: NotFoundError) => error instanceof NotFoundError && error.status === 404 && /pulumi refresh/.test(error.message));
    await assert.rejects(client.credentials.delete(created.credentialId), NotFoundError);
  });

  it("reports a bad API key as AuthenticationError that says what to check", async () => {
    const bad = new SkyvernClient({ apiKey: "not-a-key" });
    await assert.rejects(bad.credentials.get("cred_1"), (error: AuthenticationError) =>
      error instanceof AuthenticationError && error.status === 403 && /skyvern:apiKey/.test(error.message) && !error.message.includes("not-a-key"));
    bad.close();
  });

  it("maps a 422 from the real server to ValidationError with the server's field paths", async () => {
    // The client validates first, so go one layer down to make the server itself refuse.
    const transport = new Transport({ baseUrl: process.env.SKYVERN_BASE_URL!, apiKey: process.env.SKYVERN_API_KEY!, timeoutMs: 10_000, maxConcurrency: 2, userAgent: "test", backoff: DEFAULT_BACKOFF });
    await assert.rejects(transport.send({ method: "POST", path: "/v1/credentials", kind: "create", body: { name: "no-type" } }), (error: ValidationError) => {
      assert.ok(error instanceof ValidationError);
      assert.deepEqual(error.fieldErrors.map((f) => f.path).sort(), ["credential", "credentialType"]);
      return true;
    });
    transport.close();
  });

  it("refuses invalid input before sending anything, naming the fields", async () => {
    await assert.rejects(client.credentials.create({ name: "x", credentialType: "credit_card", credential: { cardNumber: "1234", cardCvv: "1", cardExpMonth: "0", cardExpYear: "1", cardBrand: "v", cardHolderName: "h" } }), (error: CredentialInputError) =>
      error instanceof CredentialInputError && ["credential.cardNumber", "credential.cardCvv", "credential.cardExpMonth", "credential.cardExpYear"].every((p) => error.fieldErrors.some((f) => f.path === p)));
  });

  it("requires an API key before any request", () => {
    const saved = process.env.SKYVERN_API_KEY;
    delete process.env.SKYVERN_API_KEY;
    try {
      assert.throws(() => new SkyvernClient({ baseUrl: "http://127.0.0.1:9" }), (error: Error) => error instanceof SkyvernConfigurationError && /SKYVERN_API_KEY/.test(error.message));
    } finally {
      process.env.SKYVERN_API_KEY = saved;
    }
  });
});
