/**
 * Removals remove. Skyvern's update keeps any payload field a request omits, and several settings
 * read null as "leave as is", so deleting a line from the program used to leave the value on the
 * server while Pulumi reported success. Here every optional field of every credential type is
 * declared on its own credential, then removed from the program; after one `up` the server (its
 * API, or its vault where the API shows nothing) no longer holds it, and the next preview is clean.
 */
import assert from "node:assert/strict";
import type { CredentialResponse } from "../../../sdk";
import { NotFoundError } from "../../../sdk";
import { canary, canarySeed, findCanaries } from "../../support/canary";
import { createTestStack, type TestStack } from "../../support/engine";
import { existingVaultItemNamed, type VaultItem } from "../../support/local-vault";
import { useProxiedSkyvern } from "../../support/proxied-skyvern";

type Args = Record<string, unknown>;

interface Row {
  field: string;
  /** The resource's arguments with the field declared. */
  with: Args;
  /** The same arguments with the field removed. */
  without: Args;
  /** What the server holds of the field: from its API response, or its vault item (which must exist). */
  observe: (server: CredentialResponse, vault: VaultItem) => unknown;
  held: unknown;
  cleared: unknown;
  /** Requests the removal takes, by kind. */
  requests: ("update" | "patch" | "folder" | "create" | "delete")[];
}

describe("removing an optional field from the program removes it on the server", () => {
  const skyvern = useProxiedSkyvern();
  let stack: TestStack;
  const run = Date.now();
  const secrets: string[] = [];
  const secret = (label: string) => { const value = canary(label); secrets.push(value); return value; };
  const seed = () => { const value = canarySeed(); secrets.push(value); return value; };
  let declared: Record<string, Args> = {};
  let folderId = "";
  const rows: Row[] = [];

  const program = async () => {
    const { SkyvernCredential } = require("pulumi-skyvern") as typeof import("../../../index");
    for (const [name, args] of Object.entries(declared)) new SkyvernCredential(name, { name: `${name}-${run}`, ...args } as never);
  };

  const resourceName = (row: Row) => `rm-${row.field.replace(/\W/g, "-")}`;

  async function idsInState(): Promise<Record<string, string>> {
    return Object.fromEntries((await stack.credentialResources()).map((r) => [r.urn.split("::").pop()!, r.id]));
  }

  async function observed(row: Row, id: string): Promise<unknown> {
    const server = await skyvern.direct.credentials.get(id);
    // The item must exist: a missing one would read as "field removed" for every vault-observed row.
    return row.observe(server, existingVaultItemNamed(`${resourceName(row)}-${run}`));
  }

  before(async () => {
    // Folders are another developer's resource; this suite makes one with a raw API call.
    const response = await fetch(`${process.env.SKYVERN_BASE_URL}/v1/credential_folders`, {
      method: "POST", headers: { "x-api-key": process.env.SKYVERN_API_KEY!, "content-type": "application/json" }, body: JSON.stringify({ title: `removals-${run}` }),
    });
    assert.equal(response.status, 200);
    folderId = ((await response.json()) as { folder_id: string }).folder_id;

    const login = () => ({ username: "bot@example.com", password: secret("pw") });
    const card = () => ({ cardNumber: "4242424242424242", cardCvv: "123", cardExpMonth: "07", cardExpYear: "2031", cardBrand: "visa", cardHolderName: secret("holder") });
    const password = (extra: Args, rest: Args = {}) => ({ credentialType: "password", credential: { ...login(), ...extra }, ...rest });
    const vault = (field: string) => (_: CredentialResponse, item: VaultItem) => item.credential[field] ?? null;
    const setting = (field: keyof CredentialResponse) => (server: CredentialResponse) => server[field] ?? null;
    const plain = password({});
    const withSetting = (field: string, value: unknown): Args => ({ ...plain, [field]: value });

    rows.push(
      { field: "totp", with: password({ totp: seed(), totpType: "authenticator" }), without: plain, held: [true, "authenticator", true], cleared: [false, "none", false],
        observe: (server, item) => [(server.credential as { hasTotp?: boolean }).hasTotp, (server.credential as { totpType?: string }).totpType, Boolean(item.credential.totp)], requests: ["update"] },
      { field: "totpIdentifier", with: password({ totpType: "email", totpIdentifier: "codes@example.com" }), without: plain, held: ["email", "codes@example.com"], cleared: ["none", null],
        observe: (server) => [(server.credential as { totpType?: string }).totpType, (server.credential as { totpIdentifier?: string | null }).totpIdentifier ?? null], requests: ["update"] },
      { field: "password.metadata", with: password({ metadata: { team: "growth" } }), without: plain, held: { team: "growth" }, cleared: null, observe: vault("metadata"), requests: ["update"] },
    );
    const cardRows: [string, Args, unknown, string][] = [
      ["billingAddress", { billingAddress: { line1: "1 Market St", postalCode: "94105" } }, { line1: "1 Market St", postalCode: "94105" }, "billing_address"],
      ["billingEmail", { billingEmail: "billing@example.com" }, "billing@example.com", "billing_email"],
      ["billingPhone", { billingPhone: "+14155550123" }, "+14155550123", "billing_phone"],
      ["card.metadata", { metadata: { costCenter: "42" } }, { costCenter: "42" }, "metadata"],
    ];
    for (const [field, extra, held, wire] of cardRows) {
      const base = card();
      rows.push({
        field, with: { credentialType: "credit_card", credential: { ...base, ...extra } }, without: { credentialType: "credit_card", credential: base }, requests: ["update"], cleared: null,
        held: field === "billingAddress" ? { line1: "1 Market St", postal_code: "94105" } : held,
        observe: field === "billingAddress"
          ? (_, item) => { const address = item.credential.billing_address as Args | null; return address ? { line1: address.line1, postal_code: address.postal_code } : null; }
          : vault(wire),
      });
    }
    const address = card();
    rows.push(
      { field: "billingAddress.line2", requests: ["update"], held: ["1 Market St", "Suite 5"], cleared: ["1 Market St", null],
        with: { credentialType: "credit_card", credential: { ...address, billingAddress: { line1: "1 Market St", line2: "Suite 5" } } },
        without: { credentialType: "credit_card", credential: { ...address, billingAddress: { line1: "1 Market St" } } },
        observe: (_, item) => { const value = item.credential.billing_address as Args | null; return [value?.line1 ?? null, value?.line2 ?? null]; } },
      { field: "secretLabel", requests: ["update"], held: "Stripe key", cleared: null,
        with: { credentialType: "secret", credential: { secretValue: secret("sv"), secretLabel: "Stripe key" } }, without: { credentialType: "secret", credential: { secretValue: secrets.at(-1) } },
        observe: (server) => (server.credential as { secretLabel?: string | null }).secretLabel ?? null },
      { field: "proxyLocation", with: withSetting("proxyLocation", { country: "US", subdivision: "CA" }), without: plain, held: "US", cleared: null, requests: ["patch"],
        observe: (server) => (server.proxyLocation as { country?: string } | null)?.country ?? null },
      { field: "proxySessionId", with: withSetting("proxySessionId", "abcdef0123"), without: plain, held: ["RESIDENTIAL_ISP", "abcdef0123"], cleared: [null, null], requests: ["patch"],
        observe: (server) => [server.proxyLocation ?? null, server.proxySessionId ?? null] },
      { field: "testedUrl", with: withSetting("testedUrl", "https://login.example.com/"), without: plain, held: "https://login.example.com/", cleared: null, requests: ["patch"],
        observe: (server) => server.testedUrl || null },
      { field: "saveBrowserSessionIntent", with: withSetting("saveBrowserSessionIntent", true), without: plain, held: true, cleared: false, requests: ["patch"], observe: setting("saveBrowserSessionIntent") },
      { field: "autoProfileDisabled", with: withSetting("autoProfileDisabled", true), without: plain, held: true, cleared: false, requests: ["patch"], observe: setting("autoProfileDisabled") },
      { field: "pinSavedSessionIp", with: withSetting("pinSavedSessionIp", true), without: plain, held: [true, "RESIDENTIAL_ISP"], cleared: [false, null], requests: ["patch"],
        observe: (server) => [server.pinSavedSessionIp, server.proxyLocation ?? null] },
      { field: "folderId", with: withSetting("folderId", folderId), without: plain, held: folderId, cleared: null, requests: ["folder"], observe: setting("folderId") },
      // Skyvern cannot clear a user context (blank, empty and null all mean "leave as is"): replaced.
      { field: "userContext", with: withSetting("userContext", "Click 'Sign in with SSO' first."), without: plain, held: "Click 'Sign in with SSO' first.", cleared: null, requests: ["create", "delete"],
        observe: setting("userContext") },
    );
    declared = Object.fromEntries(rows.map((row) => [resourceName(row), row.with]));
    stack = await createTestStack({ projectName: "removals", program, config: { "skyvern:baseUrl": skyvern.proxy.url } });
  });

  it("creates one credential per optional field; the server holds each field (control)", async () => {
    const up = await stack.up();
    assert.equal(up.summary.resourceChanges?.create, rows.length + 1);
    const ids = await idsInState();
    for (const row of rows) assert.deepEqual(await observed(row, ids[resourceName(row)]), row.held, `${row.field} is held before the removal`);
  });

  it("removing each field takes one request to the endpoint that clears it (a new credential for userContext)", async () => {
    const before = await idsInState();
    declared = Object.fromEntries(rows.map((row) => [resourceName(row), row.without]));
    skyvern.proxy.reset();
    await stack.up();
    const after = await idsInState();
    for (const row of rows) {
      const id = before[resourceName(row)];
      const seen = skyvern.proxy.requests.filter((r) => r.path.split("?")[0].startsWith(`/v1/credentials/${id}`)).map((r) => `${r.method} ${r.path.replace(id, "{id}")}`);
      if (row.requests.includes("create")) {
        assert.notEqual(after[resourceName(row)], id, `${row.field}: replaced, new credentialId`);
        assert.deepEqual(seen, ["POST /v1/credentials/{id}/delete"], row.field);
        await assert.rejects(skyvern.direct.credentials.get(id), NotFoundError);
        continue;
      }
      assert.equal(after[resourceName(row)], id, `${row.field}: same credentialId`);
      const expected = { update: "POST /v1/credentials/{id}/update", patch: "PATCH /v1/credentials/{id}", folder: "PUT /v1/credentials/{id}/folder" };
      assert.deepEqual(seen, row.requests.map((kind) => expected[kind as keyof typeof expected]), row.field);
    }
    assert.equal(skyvern.proxy.count("POST", /^\/v1\/credentials$/), 1, "one create: the userContext replacement");
    assert.equal(skyvern.proxy.requests.length, rows.reduce((sum, row) => sum + row.requests.length, 0));
  });

  it("leaves nothing of any removed field on the server", async () => {
    const ids = await idsInState();
    const stillHeld: string[] = [];
    for (const row of rows) {
      const value = await observed(row, ids[resourceName(row)]);
      try {
        assert.deepEqual(value, row.cleared);
      } catch {
        stillHeld.push(`${row.field}: ${JSON.stringify(value)}`);
      }
    }
    assert.deepEqual(stillHeld, []);
  });

  it("previews clean afterwards, with no request", async () => {
    skyvern.proxy.reset();
    const preview = await stack.preview();
    assert.deepEqual(preview.changeSummary, { same: rows.length + 1 });
    assert.equal(skyvern.proxy.requests.length, 0);
  });

  it("kept every canary out of state and output (control: the decrypted state holds them)", async () => {
    const texts = { ...stack.all(), cliExport: await stack.exportedState(), stateFile: stack.stateFile() };
    assert.deepEqual(findCanaries([...secrets, process.env.SKYVERN_API_KEY!], texts), []);
    const decrypted = JSON.stringify(await stack.stack.exportStack());
    const live = Object.values(declared).flatMap((args) => Object.values(args.credential as Args)).filter((v): v is string => typeof v === "string" && secrets.includes(v));
    assert.ok(live.length > 0 && live.every((value) => decrypted.includes(value)), "decrypted state holds the canaries");
  });

  it("destroys the credentials, one delete each", async () => {
    skyvern.proxy.reset();
    await stack.destroy();
    assert.equal(skyvern.proxy.count("POST", /\/delete$/), rows.length);
    assert.equal(skyvern.proxy.requests.length, rows.length);
  });
});
