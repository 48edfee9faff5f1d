/**
 * Pins the real Skyvern server's credentials API with raw HTTP: the behaviour the rest of the
 * project relies on. If a Skyvern release changes any of this, this file says so first.
 */
import assert from "node:assert/strict";
import { canary } from "./support/canary";

const baseUrl = () => process.env.SKYVERN_BASE_URL!;
const apiKey = () => process.env.SKYVERN_API_KEY!;

// Raw JSON on purpose: this file pins the wire format itself, before any schema interprets it.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type RawJson = any;

async function call(method: string, path: string, body?: unknown, key = apiKey()): Promise<{ status: number; json: RawJson; text: string }> {
  const response = await fetch(`${baseUrl()}${path}`, {
    method,
    headers: { "x-api-key": key, "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, text, json: text ? JSON.parse(text) : undefined };
}

describe("contract: the real Skyvern credentials API", () => {
  it("creates, reads, updates in place, lists and deletes a password credential", async () => {
    const [password, newPassword] = [canary("pw"), canary("pw2")];
    const name = `contract-${Date.now()}`;

    const created = await call("POST", "/v1/credentials", { name, credential_type: "password", credential: { username: "first@example.com", password } });
    assert.equal(created.status, 201);
    assert.match(created.json.credential_id, /^cred_\d+$/);
    assert.equal(created.json.credential.username, "first@example.com");
    assert.ok(!created.text.includes(password), "the response must not carry the password");
    const id = created.json.credential_id;

    const fetched = await call("GET", `/v1/credentials/${id}`);
    assert.equal(fetched.status, 200);
    assert.equal(fetched.json.name, name);
    assert.equal(fetched.json.vault_type, "skyvern");

    const updated = await call("POST", `/v1/credentials/${id}/update`, { name, credential_type: "password", credential: { username: "second@example.com", password: newPassword } });
    assert.equal(updated.status, 200);
    assert.equal(updated.json.credential_id, id, "update keeps the credential id");
    assert.equal(updated.json.credential.username, "second@example.com");

    const listed = await call("GET", `/v1/credentials?search=${encodeURIComponent(name)}&page_size=10`);
    assert.equal(listed.status, 200);
    assert.ok(Array.isArray(listed.json), "list is a bare array");
    assert.deepEqual(listed.json.map((c: { credential_id: string }) => c.credential_id), [id]);

    const deleted = await call("POST", `/v1/credentials/${id}/delete`);
    assert.equal(deleted.status, 204);
    assert.equal(deleted.text, "");

    const gone = await call("GET", `/v1/credentials/${id}`);
    assert.equal(gone.status, 404);
  });

  it("answers 403, not 401, to a bad API key", async () => {
    const response = await call("GET", "/v1/credentials", undefined, "not-a-valid-key");
    assert.equal(response.status, 403);
    assert.equal(typeof response.json.detail, "string");
  });

  it("does not delete on DELETE /v1/credentials/{id} (only POST .../delete does)", async () => {
    const created = await call("POST", "/v1/credentials", { name: `trap-${Date.now()}`, credential_type: "secret", credential: { secret_value: canary("s") } });
    const id = created.json.credential_id;
    await call("DELETE", `/v1/credentials/${id}`);
    assert.equal((await call("GET", `/v1/credentials/${id}`)).status, 200, "the credential survives DELETE");
    assert.equal((await call("POST", `/v1/credentials/${id}/delete`)).status, 204);
  });

  it("rejects a TOTP seed under 112 bits, including the spec's own example seed", async () => {
    const response = await call("POST", "/v1/credentials", {
      name: "short-seed", credential_type: "password", credential: { username: "u", password: canary("pw"), totp: "JBSWY3DPEHPK3PXP", totp_type: "authenticator" },
    });
    assert.equal(response.status, 400);
    assert.equal(response.json.detail.error_code, "invalid_authenticator_key");
  });
});
