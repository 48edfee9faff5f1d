/**
 * Every example program through the plain CLI against the real local Skyvern (via a counting
 * proxy): preview, up, a change, destroy. Secrets are canaries, scanned for in all output and state.
 */
import assert from "node:assert/strict";
import { mkdtempSync } from "node:fs";
import path from "node:path";
import { NotFoundError, SkyvernClient, type CredentialResponse } from "../../sdk";
import { assertNoCanaries, canary, canaryCardNumber, canaryCvv, canarySeed, decryptedState, filesUnder, type CanaryControl } from "../support/canary";
import type { CliProject } from "../support/cli-project";
import { exampleProject } from "../support/example-project";
import { ARTIFACTS_DIR } from "../support/paths";
import { startLocalSkyvern, stopLocalSkyvern } from "../support/skyvern-server";
import { useProxiedSkyvern } from "../support/proxied-skyvern";

function passwordView(response: CredentialResponse) {
  assert.equal(response.credentialType, "password");
  return response.credential as { username: string; totpType?: string | null };
}

describe("examples", () => {
  const skyvern = useProxiedSkyvern();
  const secrets: string[] = [];
  const projects: CliProject[] = [];
  const track = (value: string) => { secrets.push(value); return value; };
  const secret = (label: string) => track(canary(label));
  /** This test's positive control: decrypted states captured before destroy, and the canaries they hold. */
  let control: CanaryControl = { text: "", canaries: [] };

  /** Adds a stack's decrypted state, which must hold `canaries`, to this test's positive control. */
  async function captureControl(project: CliProject, canaries: string[], stack?: string): Promise<void> {
    control = { text: `${control.text}\n${await decryptedState(project, stack)}`, canaries: [...control.canaries, ...canaries] };
  }

  afterEach(function () {
    const projectsOfTest = projects.splice(0);
    const controlOfTest = control;
    control = { text: "", canaries: [] };
    if (this.currentTest?.state !== "passed") return;
    const texts: Record<string, string> = {};
    for (const [index, project] of projectsOfTest.entries()) {
      texts[`transcript ${index}`] = project.transcript.join("\n");
      Object.assign(texts, filesUnder(project.env.PULUMI_BACKEND_URL!.replace("file://", "")));
    }
    assertNoCanaries([...secrets, process.env.SKYVERN_API_KEY!], texts, controlOfTest);
  });

  async function start(example: string, config: Record<string, string>, secretConfig: Record<string, string>, stack = "test"): Promise<CliProject> {
    const project = exampleProject(example);
    projects.push(project);
    await project.ok("stack", "init", stack);
    await project.ok("config", "set", "skyvern:baseUrl", skyvern.proxy.url);
    await project.ok("config", "set", "--secret", "skyvern:apiKey", process.env.SKYVERN_API_KEY!);
    for (const [key, value] of Object.entries(config)) await project.ok("config", "set", key, value);
    for (const [key, value] of Object.entries(secretConfig)) await project.ok("config", "set", "--secret", key, value);
    return project;
  }
  const outputs = async (project: CliProject) => JSON.parse(await project.ok("stack", "output", "--json"));

  /** Captures the positive control (the state must hold `live`), destroys, and checks the server answers 404 for each id. */
  async function destroyLeavesNothing(project: CliProject, ids: string[], live: string[]): Promise<void> {
    await captureControl(project, live);
    await project.ok("destroy", "--yes");
    for (const id of ids) await assert.rejects(skyvern.direct.credentials.get(id), NotFoundError, `${id} deleted`);
  }

  it("basic: creates a password credential with TOTP; a new username updates it in place", async () => {
    const live = { password: secret("pw"), totpSeed: track(canarySeed()) };
    const project = await start("basic", { username: "bot@example.com" }, live);
    assert.match(await project.ok("preview", "--diff"), /\+ 2 to create/);
    await project.ok("up", "--yes");
    const first = await outputs(project);
    assert.equal(first.username, "bot@example.com");
    assert.equal(passwordView(await skyvern.direct.credentials.get(first.credentialId)).totpType, "authenticator");
    await project.ok("config", "set", "username", "bot2@example.com");
    await project.ok("up", "--yes");
    const second = await outputs(project);
    assert.equal(second.credentialId, first.credentialId);
    assert.equal(second.username, "bot2@example.com");
    await destroyLeavesNothing(project, [first.credentialId], Object.values(live));
  });

  it("card-and-secret: a card and an API key; preview refuses a card failing Luhn", async () => {
    const cardNumber = track(canaryCardNumber());
    const card = { cardNumber, cardCvv: track(canaryCvv(cardNumber.slice(-4))), cardExpMonth: "07", cardExpYear: "2031", cardHolderName: secret("holder"), apiKeyValue: secret("key") };
    const project = await start("card-and-secret", {}, card);
    const mistyped = track(`${cardNumber.slice(0, -1)}${(Number(cardNumber.slice(-1)) + 1) % 10}`);
    await project.ok("config", "set", "--secret", "cardNumber", mistyped);
    skyvern.proxy.reset();
    const refused = await project.run("preview");
    assert.notEqual(refused.code, 0);
    assert.match(refused.output, /credential\.cardNumber.*Luhn/);
    assert.equal(skyvern.proxy.requests.length, 0);
    await project.ok("config", "set", "--secret", "cardNumber", card.cardNumber);
    await project.ok("up", "--yes");
    const first = await outputs(project);
    assert.equal(first.cardLastFour, cardNumber.slice(-4));
    assert.equal(first.apiKeyLabel, "Payments API key");
    await project.ok("config", "set", "apiKeyLabel", "Payments key (rotated)");
    await project.ok("up", "--yes");
    const second = await outputs(project);
    assert.equal(second.apiKeyCredentialId, first.apiKeyCredentialId);
    assert.equal(second.apiKeyLabel, "Payments key (rotated)");
    await destroyLeavesNothing(project, [first.cardCredentialId, first.apiKeyCredentialId], [cardNumber, card.cardCvv, card.cardHolderName, card.apiKeyValue]);
  });

  it("rotation: a new password and a rotation bump each make one update and keep the id", async () => {
    const project = await start("rotation", { username: "ops@vendor.example" }, { password: secret("pw1") });
    await project.ok("up", "--yes");
    const { credentialId } = await outputs(project);
    const rotated = secret("pw2");
    for (const change of [["--secret", "password", rotated], ["rotation", "2026-12-01"]]) {
      await project.ok("config", "set", ...change);
      skyvern.proxy.reset();
      await project.ok("up", "--yes");
      assert.deepEqual(skyvern.proxy.requests.map((r) => `${r.method} ${r.path}`), [`POST /v1/credentials/${credentialId}/update`]);
      assert.equal((await outputs(project)).credentialId, credentialId);
    }
    await destroyLeavesNothing(project, [credentialId], [rotated]);
  });

  it("adopt-existing: takes over a credential made outside Pulumi, keeping its id", async () => {
    const existing = await skyvern.direct.credentials.create({ name: "Shared mailbox", credentialType: "password", credential: { username: "old@example.com", password: secret("old") } });
    const adoptedPassword = secret("new");
    const project = await start("adopt-existing", { existingCredentialId: existing.credentialId, username: "shared@example.com" }, { password: adoptedPassword });
    skyvern.proxy.reset();
    await project.ok("up", "--yes");
    assert.equal(skyvern.proxy.count("POST", /^\/v1\/credentials$/), 0, "nothing new was created");
    const result = await outputs(project);
    assert.equal(result.credentialId, existing.credentialId);
    assert.equal(result.reportedName, "Shared mailbox");
    assert.equal(passwordView(await skyvern.direct.credentials.get(existing.credentialId)).username, "shared@example.com");
    await destroyLeavesNothing(project, [existing.credentialId], [adoptedPassword]);
  });

  it("folders: files a credential with login instructions in a folder; new instructions and a retitled folder update in place", async () => {
    const live = { password: secret("folderpw") };
    const project = await start("folders", { username: "ap@example.com" }, live);
    skyvern.proxy.reset();
    await project.ok("up", "--yes");
    const first = await outputs(project);
    assert.match(first.folderId, /^cfld_/);
    assert.equal(first.credentialFolderId, first.folderId, "the credential is in the folder");
    const onServer = await skyvern.direct.credentials.get(first.credentialId);
    assert.equal(onServer.folderId, first.folderId);
    assert.match(onServer.userContext ?? "", /^Accept the cookie banner first/);
    assert.equal((await skyvern.direct.folders.get(first.folderId)).title, "Finance vendors");

    await project.ok("config", "set", "loginInstructions", "Sign in with SSO disabled; use the username and password.");
    await project.ok("config", "set", "folderTitle", "Finance vendors (EU)");
    skyvern.proxy.reset();
    await project.ok("up", "--yes");
    assert.deepEqual(skyvern.proxy.requests.map((r) => `${r.method} ${r.path}`).sort(), [`PATCH /v1/credentials/${first.credentialId}`, `PUT /v1/credential_folders/${first.folderId}`]);
    const second = await outputs(project);
    assert.deepEqual([second.credentialId, second.folderId], [first.credentialId, first.folderId], "ids unchanged");
    assert.equal((await skyvern.direct.credentials.get(first.credentialId)).userContext, "Sign in with SSO disabled; use the username and password.");
    assert.equal((await skyvern.direct.folders.get(first.folderId)).title, "Finance vendors (EU)");
    await destroyLeavesNothing(project, [first.credentialId], Object.values(live));
  });

  describe("multi-env", () => {
    const prodHome = mkdtempSync(path.join(ARTIFACTS_DIR, "skyvern-prod-"));
    const prod = { url: "", key: "" };
    before(() => {
      const server = startLocalSkyvern(prodHome);
      prod.url = server.baseUrl;
      prod.key = server.apiKey;
    });
    after(() => stopLocalSkyvern(prodHome));

    it("one program, stacks on different Skyvern instances; a second project reads ids via StackReference", async () => {
      const project = exampleProject("multi-env");
      projects.push(project);
      const ids: Record<string, string> = {};
      const passwords: Record<string, string> = {};
      for (const [stack, url, key] of [["dev", skyvern.proxy.url, process.env.SKYVERN_API_KEY!], ["prod", prod.url, prod.key]]) {
        await project.ok("stack", "init", stack);
        await project.ok("config", "set", "skyvern:baseUrl", url, "--stack", stack);
        await project.ok("config", "set", "--secret", "skyvern:apiKey", key, "--stack", stack);
        passwords[stack] = secret(stack);
        await project.ok("config", "set", "--secret", "botPassword", passwords[stack], "--stack", stack);
        await project.ok("up", "--yes", "--stack", stack);
        ids[stack] = JSON.parse(await project.ok("stack", "output", "credentialIds", "--json", "--stack", stack)).ciBot;
      }
      secrets.push(prod.key);
      const prodClient = new SkyvernClient({ baseUrl: prod.url, apiKey: prod.key });
      assert.equal(passwordView(await prodClient.credentials.get(ids.prod)).username, "ci-bot@example.com", "prod's values from Pulumi.prod.yaml");
      assert.equal(passwordView(await skyvern.direct.credentials.get(ids.dev)).username, "ci-bot-dev@example.com");
      await assert.rejects(skyvern.direct.credentials.get(ids.prod), NotFoundError, "prod's credential is not on the dev instance");

      const consumer = exampleProject("multi-env/consumer", project.env.PULUMI_BACKEND_URL);
      projects.push(consumer);
      await consumer.ok("stack", "init", "prod");
      await consumer.ok("up", "--yes");
      assert.equal(JSON.parse(await consumer.ok("stack", "output", "ciBotCredentialId", "--json")), ids.prod);

      await consumer.ok("destroy", "--yes");
      for (const stack of ["dev", "prod"]) await captureControl(project, [passwords[stack]], stack);
      await project.ok("destroy", "--yes", "--stack", "dev");
      await project.ok("destroy", "--yes", "--stack", "prod");
      await assert.rejects(prodClient.credentials.get(ids.prod), NotFoundError);
      prodClient.close();
    });
  });
});
