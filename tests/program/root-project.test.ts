/**
 * The root project (credentials declared in stack config) through the plain CLI, as a GitOps
 * pipeline runs it: config edits, preview, up, a rotation by config change, a secret switched to a
 * reference named in the stack file, destroy.
 */
import assert from "node:assert/strict";
import path from "node:path";
import { NotFoundError, SkyvernClient } from "../../sdk";
import { assertNoCanaries, canary, canarySeed, decryptedState, filesUnder, findCanaries, type CanaryControl } from "../support/canary";
import { CliProject } from "../support/cli-project";
import { PROJECT_ROOT } from "../support/paths";

const ROOT_PROGRAM = path.join(PROJECT_ROOT, "dist", "program", "index.js");

describe("root project: credentials from stack config, through the plain CLI", () => {
  let project: CliProject;
  let direct: SkyvernClient;
  const secrets: string[] = [];
  /** Where the live canaries are in plaintext; each test sets it, the scan after it checks it. */
  let control: CanaryControl = { text: "", canaries: [] };
  /** The secrets the stack holds now, by config path. */
  const live: Record<string, string> = {};
  /** Positive control: the decrypted state holds every live secret. */
  const liveControl = async (): Promise<CanaryControl> => ({ text: await decryptedState(project), canaries: Object.values(live) });

  before(async () => {
    direct = new SkyvernClient();
    project = CliProject.create("skyvern-credentials", `name: skyvern-credentials\nruntime: nodejs\nmain: ${ROOT_PROGRAM}\n`);
    await project.ok("stack", "init", "ci");
    await project.ok("config", "set", "skyvern:baseUrl", process.env.SKYVERN_BASE_URL!);
    await project.ok("config", "set", "--secret", "skyvern:apiKey", process.env.SKYVERN_API_KEY!);
  });
  after(() => direct.close());

  afterEach(async function () {
    if (this.currentTest?.state !== "passed") return;
    const stateDir = project.env.PULUMI_BACKEND_URL!.replace("file://", "");
    const texts = { transcript: project.transcript.join("\n"), stackConfig: project.read("Pulumi.ci.yaml"), ...filesUnder(stateDir) };
    assertNoCanaries([...secrets, process.env.SKYVERN_API_KEY!], texts, control);
  });

  it("fails at preview on a malformed entry, naming the stack, the entry and the field", async () => {
    await project.ok("config", "set", "--path", "credentials.github-bot.type", "pasword");
    await project.ok("config", "set", "--path", "credentials.github-bot.username", "bot@example.com");
    const leaked = canary("plain");
    secrets.push(leaked);
    await project.ok("config", "set", "--plaintext", "--path", "credentials.github-bot.password", leaked);
    // Positive control: while the mistake stands, the stack file does hold it, and the scan sees it.
    control = { text: project.read("Pulumi.ci.yaml"), canaries: [leaked] };
    const preview = await project.run("preview");
    assert.notEqual(preview.code, 0);
    assert.match(preview.output, /stack "ci": config skyvern-credentials:credentials\.github-bot\.type: Invalid option/);
    assert.match(preview.output, /credentials\.github-bot\.password is a secret: remove it here and run `pulumi config set --secret --path 'credentialSecrets\.github-bot\.password'/);
    assert.deepEqual(findCanaries([leaked], { preview: preview.output }), [], "the refusal does not echo the plaintext value");
    await project.ok("config", "rm", "--path", "credentials.github-bot.password");
    // Once removed, the value is nowhere: the scan after this test covers the preview's output too.
  });

  it("creates the declared credentials and exports their ids", async () => {
    await project.ok("config", "set", "--path", "credentials.github-bot.type", "password");
    await project.ok("config", "set", "--path", "credentials.github-bot.totpType", "authenticator");
    await project.ok("config", "set", "--path", "credentials.stripe.type", "secret");
    await project.ok("config", "set", "--path", "credentials.stripe.secretLabel", "Stripe key");
    for (const [field, value] of [["github-bot.password", canary("pw")], ["github-bot.totp", canarySeed()], ["stripe.secretValue", canary("sv")]]) {
      secrets.push(value);
      live[field] = value;
      await project.ok("config", "set", "--secret", "--path", `credentialSecrets.${field}`, value);
    }
    await project.ok("up", "--yes", "--diff");
    control = await liveControl();
    const ids = JSON.parse(await project.ok("stack", "output", "credentialIds", "--json"));
    assert.deepEqual(Object.keys(ids).sort(), ["github-bot", "stripe"]);
    const bot = await direct.credentials.get(ids["github-bot"]);
    assert.deepEqual(bot.credential, { username: "bot@example.com", totpType: "authenticator", totpIdentifier: null, hasTotp: true });
    assert.deepEqual((await direct.credentials.get(ids.stripe)).credential, { secretLabel: "Stripe key" });
  });

  it("rotates a password by a config change: in place, same id", async () => {
    const before = JSON.parse(await project.ok("stack", "output", "credentialIds", "--json"));
    const rotated = canary("rotated");
    secrets.push(rotated);
    await project.ok("config", "set", "--secret", "--path", "credentialSecrets.github-bot.password", rotated);
    const preview = await project.ok("preview", "--diff");
    assert.match(preview, /~ 1 to update/);
    const up = await project.ok("up", "--yes");
    assert.match(up, /~ 1 updated/);
    live["github-bot.password"] = rotated;
    control = await liveControl();
    assert.deepEqual(JSON.parse(await project.ok("stack", "output", "credentialIds", "--json")), before);
  });

  it("takes a secret by reference named in Pulumi.<stack>.yaml: refused while also a value, then 0 writes and the value leaves state", async () => {
    const rotated = live["github-bot.password"];
    project.env.ROOT_BOT_PASSWORD = rotated;
    // The CLI takes a key path with "password" in it for a secret: a reference is not one, hence --plaintext.
    await project.ok("config", "set", "--plaintext", "--path", "credentials.github-bot.password.fromEnv", "ROOT_BOT_PASSWORD");
    const both = await project.run("preview");
    assert.notEqual(both.code, 0);
    assert.match(both.output, /stack "ci": credential github-bot field password is both a reference \(skyvern-credentials:credentials\.github-bot\.password\) and a value/);
    assert.deepEqual(findCanaries([rotated], { preview: both.output }), [], "the refusal does not echo the value");

    await project.ok("config", "rm", "--path", "credentialSecrets.github-bot.password");
    const up = await project.ok("up", "--yes");
    assert.match(up, /~ 1 updated/);
    delete live["github-bot.password"];
    control = await liveControl();
    assert.deepEqual(findCanaries([rotated], { "stack export --show-secrets": control.text }), [], "the password given by reference is not in the decrypted state");
    await project.ok("preview", "--expect-no-changes");
  });

  it("destroys everything it created", async () => {
    const ids: Record<string, string> = JSON.parse(await project.ok("stack", "output", "credentialIds", "--json"));
    control = await liveControl(); // before destroy empties the state
    await project.ok("destroy", "--yes");
    for (const id of Object.values(ids)) await assert.rejects(direct.credentials.get(id), NotFoundError);
  });
});
