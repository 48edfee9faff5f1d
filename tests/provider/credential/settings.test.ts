/**
 * Every writable field of a credential is an input, and each change goes to the endpoint that
 * applies it in place with the fewest requests: settings alone one PATCH, new credential data one
 * update, a new folder one folder call, a change touching two of them two requests. The counting
 * proxy pins the exact requests; the credential id never changes.
 */
import assert from "node:assert/strict";
import type { CredentialResponse } from "../../../sdk";
import { canary, findCanaries } from "../../support/canary";
import { createTestStack, type TestStack } from "../../support/engine";
import { useProxiedSkyvern } from "../../support/proxied-skyvern";

type Args = Record<string, unknown>;

async function createFolder(title: string): Promise<string> {
  const response = await fetch(`${process.env.SKYVERN_BASE_URL}/v1/credential_folders`, {
    method: "POST", headers: { "x-api-key": process.env.SKYVERN_API_KEY!, "content-type": "application/json" }, body: JSON.stringify({ title }),
  });
  assert.equal(response.status, 200);
  return ((await response.json()) as { folder_id: string }).folder_id;
}

describe("SkyvernCredential settings: each change in place, with the fewest requests", () => {
  const skyvern = useProxiedSkyvern();
  let stack: TestStack;
  const secrets: string[] = [];
  const secret = (label: string) => { const value = canary(label); secrets.push(value); return value; };
  let app: Args = {};
  let folders: string[] = [];
  let id = "";

  const program = async () => {
    const { SkyvernCredential } = require("pulumi-skyvern") as typeof import("../../../index");
    return { id: new SkyvernCredential("app", app as never).credentialId };
  };

  const requests = () => skyvern.proxy.requests.map((r) => `${r.method} ${r.path.split("?")[0].replace(id, "{id}")}`);
  const server = (): Promise<CredentialResponse> => skyvern.direct.credentials.get(id);
  async function outputs(): Promise<Args> {
    const [resource] = await stack.credentialResources();
    return resource.outputs;
  }
  async function upAndRecord(): Promise<string[]> {
    skyvern.proxy.reset();
    await stack.up();
    assert.equal((await stack.credentialResources())[0].id, id, "credentialId never changes");
    return requests();
  }

  before(async () => {
    folders = [await createFolder(`settings-a-${Date.now()}`), await createFolder(`settings-b-${Date.now()}`)];
    stack = await createTestStack({ projectName: "settings", program, config: { "skyvern:baseUrl": skyvern.proxy.url } });
  });

  afterEach(async function () {
    if (this.currentTest?.state !== "passed") return;
    const texts = { ...stack.all(), cliExport: await stack.exportedState(), stateFile: stack.stateFile() };
    assert.deepEqual(findCanaries([...secrets, process.env.SKYVERN_API_KEY!], texts), []);
  });

  it("creates with every setting: one create, one PATCH for what create does not take, one folder call", async () => {
    app = {
      name: `app-${Date.now()}`, credentialType: "password", credential: { username: "bot@example.com", password: secret("pw") },
      userContext: "Click 'Sign in with SSO' first.", testedUrl: "https://login.example.com/", saveBrowserSessionIntent: true,
      autoProfileDisabled: true, pinSavedSessionIp: true, folderId: folders[0],
    };
    skyvern.proxy.reset();
    await stack.up();
    id = (await stack.credentialResources())[0].id;
    assert.deepEqual(requests(), ["POST /v1/credentials", "PATCH /v1/credentials/{id}", "PUT /v1/credentials/{id}/folder"]);
    const seen = await server();
    assert.deepEqual(
      [seen.userContext, seen.testedUrl, seen.saveBrowserSessionIntent, seen.autoProfileDisabled, seen.pinSavedSessionIp, seen.proxyLocation, seen.folderId],
      [app.userContext, app.testedUrl, true, true, true, "RESIDENTIAL_ISP", folders[0]],
    );
    const outs = await outputs();
    assert.equal(outs.folderId, folders[0]);
    assert.equal(outs.hasTotp, false);
    assert.equal(outs.autoProfileDisabled, true);
    assert.equal(outs.pinSavedSessionIp, true);
    assert.equal(outs.runSequentially, false);
    assert.match(String(outs.secretWrittenAt), /^\d{4}-\d\d-\d\dT/);
    skyvern.proxy.reset();
    assert.deepEqual((await stack.preview()).changeSummary, { same: 2 }, "a server-chosen proxy session is not a change");
  });

  it("a change of settings only (name, user context, tested URL, a flag) is one PATCH and leaves secretWrittenAt alone", async () => {
    const writtenBefore = (await outputs()).secretWrittenAt;
    app = { ...app, name: `app-renamed-${Date.now()}`, userContext: "Use the 'Work account' button.", testedUrl: "https://example.com/signin", autoProfileDisabled: false };
    assert.deepEqual(await upAndRecord(), ["PATCH /v1/credentials/{id}"]);
    const seen = await server();
    assert.deepEqual([seen.name, seen.userContext, seen.testedUrl, seen.autoProfileDisabled], [app.name, app.userContext, app.testedUrl, false]);
    assert.equal((await outputs()).secretWrittenAt, writtenBefore);
  });

  it("a new password is one update, and moves secretWrittenAt", async () => {
    const writtenBefore = String((await outputs()).secretWrittenAt);
    app = { ...app, credential: { ...(app.credential as Args), password: secret("pw2") } };
    assert.deepEqual(await upAndRecord(), ["POST /v1/credentials/{id}/update"]);
    assert.ok(String((await outputs()).secretWrittenAt) > writtenBefore);
  });

  it("a new folder is one folder call", async () => {
    app = { ...app, folderId: folders[1] };
    assert.deepEqual(await upAndRecord(), ["PUT /v1/credentials/{id}/folder"]);
    assert.equal((await server()).folderId, folders[1]);
  });

  it("a new password with a new user context is two requests: PATCH, then update", async () => {
    app = { ...app, userContext: "Accept the cookie banner first.", credential: { ...(app.credential as Args), password: secret("pw3") } };
    assert.deepEqual(await upAndRecord(), ["PATCH /v1/credentials/{id}", "POST /v1/credentials/{id}/update"]);
    assert.equal((await server()).userContext, app.userContext);
  });

  it("proxySessionRotationTrigger: one PATCH gives a new proxy session id, the location kept", async () => {
    const before = await server();
    assert.ok(before.proxySessionId, "the pinned credential has a session id");
    app = { ...app, proxySessionRotationTrigger: "2026-11" };
    assert.deepEqual(await upAndRecord(), ["PATCH /v1/credentials/{id}"]);
    const after = await server();
    assert.notEqual(after.proxySessionId, before.proxySessionId);
    assert.equal(after.proxyLocation, "RESIDENTIAL_ISP");
    assert.equal((await outputs()).proxySessionId, after.proxySessionId);
  });

  it("runSequentially on open-source Skyvern fails with the server's reason and the field; nothing changes", async () => {
    const before = await server();
    app = { ...app, runSequentially: true, userContext: "Never applied." };
    skyvern.proxy.reset();
    await assert.rejects(stack.up(), (error: Error) => {
      assert.match(error.message, /setting userContext, runSequentially of credential cred_\d+: PATCH \/v1\/credentials\/cred_\d+ failed with HTTP 400: Sequential credential execution is not supported by this deployment/);
      return true;
    });
    assert.deepEqual(requests(), ["PATCH /v1/credentials/{id}"]);
    const after = await server();
    assert.deepEqual([after.runSequentially, after.userContext], [false, before.userContext]);
    assert.deepEqual([(await outputs()).runSequentially, (await outputs()).userContext], [false, before.userContext], "state holds what the server has");
  });

  it("a folder that does not exist fails with the server's reason; state records the PATCH that did apply", async () => {
    app = { ...app, runSequentially: false, userContext: "Applied before the folder failed.", folderId: "cfld_1" };
    skyvern.proxy.reset();
    await assert.rejects(stack.up(), (error: Error) => {
      assert.match(error.message, /moving credential cred_\d+ to folder cfld_1 \(folderId\): PUT \/v1\/credentials\/cred_\d+\/folder failed with HTTP 400: Credential folder cfld_1 not found/);
      return true;
    });
    assert.deepEqual(requests(), ["PATCH /v1/credentials/{id}", "PUT /v1/credentials/{id}/folder"]);
    const seen = await server();
    const outs = await outputs();
    assert.deepEqual([outs.userContext, outs.folderId], [seen.userContext, seen.folderId], "state holds what the server has");
    assert.equal(seen.userContext, "Applied before the folder failed.");

    app = { ...app, folderId: folders[0] };
    await upAndRecord();
    skyvern.proxy.reset();
    assert.deepEqual((await stack.preview()).changeSummary, { same: 2 });
    assert.equal((await server()).folderId, folders[0]);
  });

  it("destroys with one request", async () => {
    skyvern.proxy.reset();
    await stack.destroy();
    assert.deepEqual(requests(), ["POST /v1/credentials/{id}/delete"]);
  });
});

describe("adopting a credential that has a userContext Skyvern cannot clear", () => {
  const skyvern = useProxiedSkyvern();
  let stack: TestStack;
  let declared: Args = {};
  let adoptedId = "";

  before(async () => {
    const name = `adopt-ctx-${Date.now()}`;
    const existing = await skyvern.direct.credentials.create({ name, credentialType: "password", credential: { username: "ui@example.com", password: canary("ui") } });
    adoptedId = existing.credentialId;
    await skyvern.direct.credentials.patch(adoptedId, { userContext: "Written in the UI." });
    declared = { name, adoptCredentialId: adoptedId, credentialType: "password", credential: { username: "ui@example.com", password: canary("adopted") } };
    stack = await createTestStack({
      projectName: "adopt-context", config: { "skyvern:baseUrl": skyvern.proxy.url },
      program: async () => {
        const { SkyvernCredential } = require("pulumi-skyvern") as typeof import("../../../index");
        new SkyvernCredential("adopted", declared as never);
      },
    });
  });

  it("fails the adoption naming userContext instead of replacing the credential later; state keeps the adopted id", async () => {
    await assert.rejects(stack.up(), (error: Error) => {
      assert.match(error.message, new RegExp(`adopting credential ${adoptedId}: it has a userContext .* Skyvern cannot clear: declare userContext`));
      return true;
    });
    const [resource] = await stack.credentialResources();
    assert.equal(resource.id, adoptedId);
    assert.equal(resource.outputs.userContext, "Written in the UI.");
    assert.equal((await skyvern.direct.credentials.get(adoptedId)).credentialId, adoptedId);
  });

  it("once declared, the next up keeps the id and the preview after it is clean", async () => {
    declared = { ...declared, userContext: "Written in the UI." };
    await stack.up();
    assert.equal((await stack.credentialResources())[0].id, adoptedId);
    skyvern.proxy.reset();
    assert.deepEqual((await stack.preview()).changeSummary, { same: 2 });
    await stack.destroy();
  });
});

describe("a browserProfileId Skyvern does not know", () => {
  const skyvern = useProxiedSkyvern();

  it("fails the create with the server's reason, naming the resource but never its secret name; nothing is created", async () => {
    // The names are secret: a failing create's message must not quote them (the engine names the resource).
    const keptName = canary("keptname");
    const failingName = canary("failingname");
    const keptValue = canary("keptsv");
    let withFailing = false;
    const stack = await createTestStack({
      projectName: "bad-profile", config: { "skyvern:baseUrl": skyvern.proxy.url },
      program: async () => {
        const pulumi = require("@pulumi/pulumi") as typeof import("@pulumi/pulumi");
        const { SkyvernCredential } = require("pulumi-skyvern") as typeof import("../../../index");
        new SkyvernCredential("kept", { name: pulumi.secret(keptName), credentialType: "secret", credential: { secretValue: keptValue } });
        if (withFailing) new SkyvernCredential("profiled", { name: pulumi.secret(failingName), credentialType: "secret", credential: { secretValue: canary("sv") }, browserProfileId: "bp_123" });
      },
    });
    await stack.up();
    withFailing = true;
    skyvern.proxy.reset();
    await assert.rejects(stack.up(), (error: Error) => {
      assert.match(error.message, /\[urn=urn:pulumi:test::bad-profile::pulumi-nodejs:dynamic:SkyvernCredential::profiled\]/, "the engine names the resource");
      assert.match(error.message, /creating the credential: POST \/v1\/credentials failed with HTTP 400: Browser profile not found, browser_profile_id=bp_123/);
      return true;
    });
    assert.deepEqual(skyvern.proxy.requests.map((r) => `${r.method} ${r.path}`), ["POST /v1/credentials"], "the refused create is the one request");
    assert.deepEqual((await stack.credentialResources()).map((r) => r.urn.split("::").pop()), ["kept"]);
    const found = [];
    for await (const c of skyvern.direct.credentials.list({ search: failingName })) found.push(c.credentialId);
    assert.deepEqual(found, []);

    const texts = { ...stack.all(), cliExport: await stack.exportedState(), stateFile: stack.stateFile() };
    assert.deepEqual(findCanaries([keptName, failingName], texts), [], "neither secret name in the CLI's output or the state");
    assert.equal(findCanaries([keptName], { revealed: await stack.cli("stack", "export", "--show-secrets") }).length, 1, "control: the scan finds the kept name where Pulumi holds it");
    await stack.destroy();
  });
});

