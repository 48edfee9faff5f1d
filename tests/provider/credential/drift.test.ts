/**
 * Drift on everything Skyvern shows. Each row is one credential and one field changed outside
 * Pulumi through the raw API (as the Skyvern UI would); `pulumi refresh` shows the server's value,
 * and the next `up` puts the declared one back with the fewest requests, which the counting proxy
 * pins per credential. The TOTP seed, which Skyvern never returns, is compared through the code
 * Skyvern generates from it.
 */
import assert from "node:assert/strict";
import type { CreateCredentialRequest, CredentialResponse, SkyvernClient } from "../../../sdk";
import { codeMatchesSeed } from "../../../provider/credential/totp-oracle";
import { canary, canarySeed, findCanaries } from "../../support/canary";
import { createTestStack, type TestStack } from "../../support/engine";
import { useProxiedSkyvern } from "../../support/proxied-skyvern";

type Args = Record<string, unknown>;

interface Row {
  field: string;
  declared: Args;
  /** The out-of-band change, through the raw API. */
  change: (direct: SkyvernClient, id: string, declared: Args) => Promise<unknown>;
  /** The field as outputs or the server report it. */
  view: (fields: Args) => unknown;
  /** What refresh must show, and what the server holds again after up. */
  changedTo: unknown;
  declaredValue: unknown;
  request: "update" | "patch" | "folder";
}

const flat = (response: CredentialResponse): Args => ({ ...response, ...response.credential });

describe("drift: an out-of-band change is shown by refresh and put back by up", () => {
  const skyvern = useProxiedSkyvern();
  let stack: TestStack;
  const run = Date.now();
  const secrets: string[] = [];
  const secret = (label: string) => { const value = canary(label); secrets.push(value); return value; };
  const rows: Row[] = [];
  let ids: Record<string, string> = {};
  let folderId = "";
  let declaredSeed = "";

  const resourceName = (row: Row) => `drift-${row.field}`;
  const program = async () => {
    const { SkyvernCredential } = require("pulumi-skyvern") as typeof import("../../../index");
    for (const row of rows) new SkyvernCredential(resourceName(row), { name: `${resourceName(row)}-${run}`, ...row.declared } as never);
  };
  const request = (row: Row, declared: Args, changes: Args = {}, credentialChanges: Args = {}) =>
    ({ name: `${resourceName(row)}-${run}`, ...declared, ...changes, credential: { ...(declared.credential as Args), ...credentialChanges } }) as unknown as CreateCredentialRequest;

  async function outputsByName(): Promise<Record<string, Args>> {
    return Object.fromEntries((await stack.credentialResources()).map((r) => [r.urn.split("::").pop()!, r.outputs]));
  }

  before(async () => {
    const response = await fetch(`${process.env.SKYVERN_BASE_URL}/v1/credential_folders`, {
      method: "POST", headers: { "x-api-key": process.env.SKYVERN_API_KEY!, "content-type": "application/json" }, body: JSON.stringify({ title: `drift-${run}` }),
    });
    folderId = ((await response.json()) as { folder_id: string }).folder_id;
    declaredSeed = canarySeed();
    secrets.push(declaredSeed);

    const password = (extra: Args = {}, rest: Args = {}): Args => ({ credentialType: "password", credential: { username: "bot@example.com", password: secret("pw"), ...extra }, ...rest });
    const card = (): Args => ({ credentialType: "credit_card", credential: { cardNumber: "4242424242424242", cardCvv: "123", cardExpMonth: "07", cardExpYear: "2031", cardBrand: "visa", cardHolderName: secret("holder") } });
    const patchOf = (patch: Args) => (direct: SkyvernClient, id: string) => direct.credentials.patch(id, patch);
    const field = (name: string) => (fields: Args) => fields[name] ?? null;
    const add = (row: Omit<Row, "change"> & { change: (self: Row) => Row["change"] }) => rows.push({ ...row, change: row.change(row as unknown as Row) });

    // A rename may have come through the update endpoint with another secret: put back with the data, still one request.
    add({ field: "name", declared: password(), change: () => patchOf({ name: `renamed-in-ui-${run}` }), view: (f) => String(f.name).startsWith("renamed-in-ui"), changedTo: true, declaredValue: false, request: "update" });
    add({ field: "credentialType", declared: password(), request: "update", view: field("credentialType"), changedTo: "secret", declaredValue: "password",
      change: (self) => (direct, id) => direct.credentials.update(id, { name: `${resourceName(self)}-${run}`, credentialType: "secret", credential: { secretValue: secret("ui") } }) });
    add({ field: "username", declared: password(), request: "update", view: field("username"), changedTo: "someone@example.com", declaredValue: "bot@example.com",
      change: (self) => (direct, id) => direct.credentials.update(id, request(self, self.declared, {}, { username: "someone@example.com" })) });
    add({ field: "totpIdentifier", declared: password({ totpType: "email", totpIdentifier: "codes@example.com" }), request: "update",
      view: (f) => [f.totpType ?? null, f.totpIdentifier ?? null], changedTo: ["text", "+14155550123"], declaredValue: ["email", "codes@example.com"],
      change: (self) => (direct, id) => direct.credentials.update(id, request(self, self.declared, {}, { totpType: "text", totpIdentifier: "+14155550123" })) });
    add({ field: "hasTotp", declared: password(), request: "update", view: (f) => f.hasTotp ?? null, changedTo: true, declaredValue: false,
      change: (self) => (direct, id) => direct.credentials.update(id, request(self, self.declared, {}, { totp: canarySeed(), totpType: "authenticator" })) });
    add({ field: "brand", declared: card(), request: "update", view: field("brand"), changedTo: "mastercard", declaredValue: "visa",
      change: (self) => (direct, id) => direct.credentials.update(id, request(self, self.declared, {}, { cardBrand: "mastercard" })) });
    add({ field: "lastFour", declared: card(), request: "update", view: field("lastFour"), changedTo: "4444", declaredValue: "4242",
      change: (self) => (direct, id) => direct.credentials.update(id, request(self, self.declared, {}, { cardNumber: "5555555555554444" })) });
    add({ field: "secretLabel", declared: { credentialType: "secret", credential: { secretValue: secret("sv"), secretLabel: "Stripe key" } }, request: "update",
      view: field("secretLabel"), changedTo: "Edited in UI", declaredValue: "Stripe key",
      change: (self) => (direct, id) => direct.credentials.update(id, request(self, self.declared, {}, { secretLabel: "Edited in UI" })) });
    add({ field: "proxyLocation", declared: password(), request: "patch", view: field("proxyLocation"), changedTo: "RESIDENTIAL", declaredValue: null, change: () => patchOf({ proxyLocation: "RESIDENTIAL" }) });
    add({ field: "folderId", declared: password(), request: "folder", view: (f) => f.folderId === folderId, changedTo: true, declaredValue: false,
      change: () => (direct, id) => direct.credentials.setFolder(id, folderId) });
    add({ field: "userContext", declared: password({}, { userContext: "Use SSO." }), request: "patch", view: field("userContext"), changedTo: "Edited in UI.", declaredValue: "Use SSO.",
      change: () => patchOf({ userContext: "Edited in UI." }) });
    add({ field: "testedUrl", declared: password({}, { testedUrl: "https://login.example.com/" }), request: "patch", view: field("testedUrl"), changedTo: "https://other.example.com/", declaredValue: "https://login.example.com/",
      change: () => patchOf({ testedUrl: "https://other.example.com/" }) });
    for (const flag of ["saveBrowserSessionIntent", "autoProfileDisabled"]) {
      add({ field: flag, declared: password(), request: "patch", view: (f) => f[flag] === true, changedTo: true, declaredValue: false, change: () => patchOf({ [flag]: true }) });
    }
    add({ field: "pinSavedSessionIp", declared: password(), request: "patch", view: (f) => [f.pinSavedSessionIp === true, f.proxyLocation ?? null], changedTo: [true, "RESIDENTIAL_ISP"], declaredValue: [false, null],
      change: () => patchOf({ pinSavedSessionIp: true }) });
    add({ field: "totpSeed", declared: password({ totp: declaredSeed, totpType: "authenticator" }), request: "update", view: (f) => f.totpDrift === true, changedTo: true, declaredValue: false,
      change: (self) => (direct, id) => direct.credentials.update(id, request(self, self.declared, {}, { totp: canarySeed() })) });

    stack = await createTestStack({ projectName: "drift", program, config: { "skyvern:baseUrl": skyvern.proxy.url } });
    await stack.up();
    ids = Object.fromEntries((await stack.credentialResources()).map((r) => [r.urn.split("::").pop()!, r.id]));
  });

  afterEach(async function () {
    if (this.currentTest?.state !== "passed") return;
    const texts = { ...stack.all(), cliExport: await stack.exportedState(), stateFile: stack.stateFile() };
    assert.deepEqual(findCanaries([...secrets, process.env.SKYVERN_API_KEY!], texts), []);
  });

  it("a refresh with no out-of-band change finds no drift: one listing for all, one TOTP code for the authenticator credential", async () => {
    skyvern.proxy.reset();
    const refresh = await stack.refresh();
    assert.deepEqual(refresh.summary.resourceChanges, { same: rows.length + 1 });
    // A refresh of this many is a burst: the newest page of the list holds them all (coalesced-reads.ts);
    // only reads asked before the sixth go alone.
    assert.equal(skyvern.proxy.count("GET", /^\/v1\/credentials$/), 1, "one list page");
    assert.ok(skyvern.proxy.count("GET", /^\/v1\/credentials\/cred_\d+$/) <= 5, "at most five credentials read alone");
    assert.equal(skyvern.proxy.count("GET", /\/totp-code$/), 1);
    const outs = await outputsByName();
    for (const row of rows) assert.deepEqual(row.view(outs[resourceName(row)]), row.declaredValue, `${row.field} as declared`);
  });

  it("refresh shows each out-of-band change", async () => {
    for (const row of rows) await row.change(skyvern.direct, ids[resourceName(row)], row.declared);
    const refresh = await stack.refresh();
    assert.equal(refresh.summary.resourceChanges?.update, rows.length);
    const outs = await outputsByName();
    for (const row of rows) assert.deepEqual(row.view(outs[resourceName(row)]), row.changedTo, `${row.field} shows the server's value`);
  });

  it("the next up puts every field back, one request per credential to the endpoint that applies it", async () => {
    skyvern.proxy.reset();
    const up = await stack.up();
    assert.equal(up.summary.resourceChanges?.update, rows.length);
    const expected = { update: "POST /v1/credentials/{id}/update", patch: "PATCH /v1/credentials/{id}", folder: "PUT /v1/credentials/{id}/folder" };
    for (const row of rows) {
      const id = ids[resourceName(row)];
      const seen = skyvern.proxy.requests.filter((r) => r.path.startsWith(`/v1/credentials/${id}`)).map((r) => `${r.method} ${r.path.replace(id, "{id}")}`);
      assert.deepEqual(seen, [expected[row.request]], row.field);
      const server = flat(await skyvern.direct.credentials.get(id));
      if (row.field !== "totpSeed") assert.deepEqual(row.view(server), row.declaredValue, `${row.field} is back on the server`);
    }
    assert.equal(skyvern.proxy.requests.length, rows.length);
  });

  it("the declared TOTP seed is back: Skyvern's code is the declared seed's", async () => {
    const row = rows.find((r) => r.field === "totpSeed")!;
    const { code } = await skyvern.direct.credentials.totpCode(ids[resourceName(row)]);
    assert.equal(codeMatchesSeed(declaredSeed, code), true);
    assert.equal((await outputsByName())[resourceName(row)].totpDrift, undefined);
  });

  it("previews clean afterwards", async () => {
    skyvern.proxy.reset();
    assert.deepEqual((await stack.preview()).changeSummary, { same: rows.length + 1 });
    assert.equal(skyvern.proxy.requests.length, 0);
  });

  it("destroys", async () => {
    await stack.destroy();
    assert.equal(skyvern.proxy.count("POST", /\/delete$/), rows.length);
  });
});
