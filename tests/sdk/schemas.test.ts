import assert from "node:assert/strict";
import { CredentialsApi } from "../../sdk/credentials";
import { CredentialInputError } from "../../sdk/errors";
import type { Transport, TransportRequest } from "../../sdk/http";
import {
  createCredentialRequestSchema, credentialSchemasByType, NON_SECRET_CREDENTIAL_FIELDS_BY_TYPE, REPORTED_CREDENTIAL_FIELDS, SECRET_CREDENTIAL_FIELDS,
} from "../../sdk/schemas";
import { fromWire, toWire } from "../../sdk/wire";
import { canary, canarySeed } from "../support/canary";

function problems(request: unknown): Record<string, string> {
  const result = createCredentialRequestSchema.safeParse(request);
  if (result.success) return {};
  return Object.fromEntries(result.error.issues.map((i) => [i.path.join("."), i.message]));
}

const card = { cardNumber: "4111 1111 1111 1111", cardCvv: "123", cardExpMonth: "12", cardExpYear: "2030", cardBrand: "visa", cardHolderName: "J Doe" };

describe("sdk schemas", () => {
  it("accepts each credential type in its valid form", () => {
    assert.deepEqual(problems({ name: "p", credentialType: "password", credential: { username: "u", password: "p", totp: canarySeed(), totpType: "authenticator" } }), {});
    assert.deepEqual(problems({ name: "c", credentialType: "credit_card", credential: card, proxyLocation: { country: "US", subdivision: "CA" } }), {});
    assert.deepEqual(problems({ name: "s", credentialType: "secret", credential: { secretValue: "x" }, proxyLocation: "RESIDENTIAL" }), {});
  });

  it("names the field of every card rule the server or vault would reject", () => {
    const found = problems({ name: "c", credentialType: "credit_card", credential: { ...card, cardNumber: "4111 1111 1111 1112", cardCvv: "12", cardExpMonth: "13", cardExpYear: "30" } });
    assert.match(found["credential.cardNumber"], /Luhn/);
    assert.match(found["credential.cardCvv"], /3 or 4 digits/);
    assert.match(found["credential.cardExpMonth"], /1 to 12/);
    assert.match(found["credential.cardExpYear"], /four-digit/);
    assert.match(problems({ name: "c", credentialType: "credit_card", credential: { ...card, cardNumber: "4111-abcd" } })["credential.cardNumber"], /12 to 19 digits/);
  });

  it("catches a credential payload that does not match credentialType", () => {
    const found = problems({ name: "m", credentialType: "password", credential: { secretValue: "x" } });
    assert.ok("credential.username" in found && "credential.password" in found, JSON.stringify(found));
  });

  it("requires a long enough base32 seed for authenticator TOTP and accepts otpauth URIs", () => {
    const base = { name: "t", credentialType: "password" };
    assert.match(problems({ ...base, credential: { username: "u", password: "p", totpType: "authenticator" } })["credential.totp"], /required/);
    assert.match(problems({ ...base, credential: { username: "u", password: "p", totp: "JBSWY3DPEHPK3PXP", totpType: "authenticator" } })["credential.totp"], /112 bits/);
    assert.match(problems({ ...base, credential: { username: "u", password: "p", totp: "not base32!", totpType: "authenticator" } })["credential.totp"], /base32/);
    assert.deepEqual(problems({ ...base, credential: { username: "u", password: "p", totp: `otpauth://totp/x?secret=${canarySeed()}`, totpType: "authenticator" } }), {});
  });

  it("rejects misspelled fields instead of dropping them", () => {
    const found = problems({ name: "p", credentialType: "password", credential: { username: "u", password: "p", totpIdentifer: "x" } });
    assert.ok(Object.keys(found).some((path) => path.startsWith("credential")), JSON.stringify(found));
  });

  it("never quotes a rejected value in its messages", () => {
    const secret = canary("bad");
    const result = createCredentialRequestSchema.safeParse({ name: "c", credentialType: "credit_card", credential: { ...card, cardNumber: secret, cardCvv: secret, cardExpMonth: secret, cardExpYear: secret } });
    assert.equal(result.success, false);
    assert.ok(!JSON.stringify(result.error!.issues).includes(secret));
    assert.ok(!result.error!.message.includes(secret));
  });

  it("translates to and from the snake_case wire format, leaving user-chosen keys alone", () => {
    const wire = toWire({ credentialType: "credit_card", credential: { cardExpMonth: "1", billingAddress: { postalCode: "94105" }, metadata: { myKey: "v" } } });
    assert.deepEqual(wire, { credential_type: "credit_card", credential: { card_exp_month: "1", billing_address: { postal_code: "94105" }, metadata: { myKey: "v" } } });
    assert.deepEqual(fromWire({ credential_id: "cred_1", credential: { last_four: "1111" }, proxy_location: { some_key: 1 } }),
      { credentialId: "cred_1", credential: { lastFour: "1111" }, proxyLocation: { some_key: 1 } });
  });

  it("derives the secret and non-secret field lists from the schemas' registry, covering every field once", () => {
    assert.deepEqual([...SECRET_CREDENTIAL_FIELDS].sort(), ["cardCvv", "cardExpMonth", "cardExpYear", "cardHolderName", "cardNumber", "password", "secretValue", "totp"]);
    for (const [type, schema] of Object.entries(credentialSchemasByType)) {
      const all = Object.keys(schema.shape).sort();
      const split = [...NON_SECRET_CREDENTIAL_FIELDS_BY_TYPE[type as keyof typeof credentialSchemasByType], ...all.filter((f) => SECRET_CREDENTIAL_FIELDS.includes(f))].sort();
      assert.deepEqual(split, all, type);
    }
    assert.deepEqual(REPORTED_CREDENTIAL_FIELDS.credit_card, [["brand", "cardBrand"]]);
  });
});

describe("sdk requests", () => {
  function recordingApi(): { api: CredentialsApi; sent: TransportRequest<unknown>[] } {
    const sent: TransportRequest<unknown>[] = [];
    const transport = { send: async (request: TransportRequest<unknown>) => { sent.push(request); return { credentialId: "cred_1" }; } };
    return { api: new CredentialsApi(transport as unknown as Transport), sent };
  }

  it("update sends every optional payload field left out as an explicit null, billing address sub-fields too", async () => {
    const { api, sent } = recordingApi();
    await api.update("cred_1", { name: "p", credentialType: "password", credential: { username: "u", password: "p" } });
    assert.deepEqual(sent[0].body, { name: "p", credentialType: "password", credential: { username: "u", password: "p", totp: null, totpIdentifier: null, metadata: null } });
    await api.update("cred_1", { name: "c", credentialType: "credit_card", credential: { ...card, billingAddress: { line1: "1 Main St" } } });
    const sentCard = (sent[1].body as { credential: Record<string, unknown> }).credential;
    assert.deepEqual(sentCard.billingAddress, { line1: "1 Main St", line2: null, city: null, state: null, stateCode: null, postalCode: null, country: null, countryCode: null });
    assert.deepEqual([sentCard.billingEmail, sentCard.billingPhone, sentCard.metadata], [null, null, null]);
  });

  it("refuses an empty PATCH and a malformed folder id before sending anything", async () => {
    const { api, sent } = recordingApi();
    assert.throws(() => api.patch("cred_1", {}), (error: Error) => error instanceof CredentialInputError && /at least one field/.test(error.message));
    assert.throws(() => api.setFolder("cred_1", "Finance"), (error: Error) => error instanceof CredentialInputError && /folderId: must be a Skyvern id such as cfld_/.test(error.message));
    assert.equal(sent.length, 0);
  });
});
