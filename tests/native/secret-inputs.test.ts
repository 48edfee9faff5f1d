/**
 * Whatever a program passes as a secret to the native provider stays a secret: in the state
 * (inputs and outputs), in `pulumi stack export`, in every line the CLI prints, through create,
 * a change of every value, `preview --diff`, refresh (with a change made in Skyvern meanwhile)
 * and a create that fails half-way (the partial state the engine records). Every optional input
 * of a credential and of a folder is passed secret: the free-text ones as canaries, the others
 * (booleans, enums, ids) checked by their secret marker in state. The API key is stored as a
 * secret even when given in plaintext, to the default provider (`pulumi config set` without
 * --secret) and to an explicit one. The packed package in a fresh TypeScript project, the plugin
 * from `npx pulumi-skyvern install-plugin`, the plain CLI, the run's real Skyvern; every scan has
 * `pulumi stack export --show-secrets` as its positive control. The engine also marks an output
 * secret when the same-named stored input is (pulumi v3.259 step_executor), so the inputs Check
 * returns carry most of this; the plugin's own marking of a partial state is pinned by
 * service-secrets.test.ts.
 */
import assert from "node:assert/strict";
import { assertNoCanaries, backendFilesWithoutConfigCopies, canary, filesUnder } from "../support/canary";
import { DEFAULT_PROVIDER_NAME } from "../support/default-provider";
import { createNativeProject, initStack, type StateResource } from "../support/native-project";
import { unlessNotFound, useProxiedSkyvern } from "../support/proxied-skyvern";
import type { UserProject } from "../support/user-project";

const SIGNATURE_KEY = "4dabf18193072939515e22adb298388d";
const SECRET_SIGNATURE = "1b47061264138c4ac30d75fd1eb44270";

/**
 * Every optional input passed secret. Free text comes from secret stack config (canaries); the
 * rest through `pulumi.secret`. `browserProfileId` needs a browser profile on the server, which a
 * test cannot make through the API: it is the one optional input not covered here.
 */
const PROGRAM = `import * as pulumi from "@pulumi/pulumi";
import { Credential, CredentialFolder, Provider } from "pulumi-skyvern";

const cfg = new pulumi.Config();
const team = new CredentialFolder("team", { title: cfg.requireSecret("folderTitle"), description: cfg.requireSecret("folderDescription") });

new Credential("login", {
  name: cfg.requireSecret("name"),
  credentialType: "password",
  credential: { username: "bot@example.com", password: cfg.requireSecret("password") },
  vaultType: pulumi.secret("skyvern" as const),
  proxyLocation: pulumi.secret("RESIDENTIAL_ISP" as const),
  proxySessionId: cfg.requireSecret("proxySessionId"),
  pinSavedSessionIp: pulumi.secret(true),
  autoProfileDisabled: pulumi.secret(true),
  saveBrowserSessionIntent: pulumi.secret(true),
  runSequentially: pulumi.secret(false),
  testedUrl: cfg.requireSecret("testedUrl"),
  userContext: cfg.requireSecret("userContext"),
  folderId: pulumi.secret(team.folderId),
  rotationTrigger: cfg.requireSecret("rotationTrigger"),
});

new Credential("key", {
  credentialType: "secret",
  credential: { secretValue: cfg.requireSecret("secretValue") },
  adoptCredentialId: cfg.requireSecret("adoptId"),
  proxySessionRotationTrigger: cfg.requireSecret("proxyRotation"),
});

if (cfg.getBoolean("broken")) {
  // Created, its user context set, then filed into a folder that does not exist: a partial state.
  new Credential("broken", {
    credentialType: "secret",
    credential: { secretValue: cfg.requireSecret("brokenValue") },
    userContext: cfg.requireSecret("brokenContext"),
    folderId: "cfld_0000000000000000",
  });
  // Refused at create (the folder by the test's proxy): each error names the resource, never the secret name or title.
  new CredentialFolder("refused", { title: cfg.requireSecret("refusedTitle") });
  new Credential("unknown-profile", {
    name: cfg.requireSecret("failingName"),
    credentialType: "secret",
    credential: { secretValue: cfg.requireSecret("brokenValue") },
    browserProfileId: "bp_123",
  });
}

if (cfg.getBoolean("explicitProvider")) {
  // An explicit provider given the key as a plain string, as a program reading it from anywhere might.
  const explicit = new Provider("explicit", { apiKey: process.env.EXPLICIT_SKYVERN_API_KEY, baseUrl: process.env.EXPLICIT_SKYVERN_BASE_URL });
  new Credential("via-explicit", { credentialType: "secret", credential: { secretValue: cfg.requireSecret("explicitValue") } }, { provider: explicit });
}
`;

/** Inputs the program passes secret that are not canaries: their secret marker in state is the evidence. */
const FLAGGED = {
  team: ["title", "description"],
  login: ["name", "credential", "vaultType", "proxyLocation", "proxySessionId", "pinSavedSessionIp", "autoProfileDisabled", "saveBrowserSessionIntent", "runSequentially", "testedUrl", "userContext", "folderId", "rotationTrigger"],
  key: ["credential", "adoptCredentialId", "proxySessionRotationTrigger"],
} as const;

/** Free-text secrets by config key, as a new value for each: every value ever used is a canary. */
const CANARY_KEYS = ["folderTitle", "folderDescription", "name", "password", "proxySessionId", "testedUrl", "userContext", "rotationTrigger", "secretValue", "proxyRotation"];
const testedUrlOf = (label: string) => `https://login.example.com/${canary(label)}`;

const isSecret = (value: unknown) => (value as Record<string, unknown> | null)?.[SIGNATURE_KEY] === SECRET_SIGNATURE;

describe("native provider: every input that arrives secret stays secret (TypeScript, packed package, plain CLI)", () => {
  const skyvern = useProxiedSkyvern();
  let project: UserProject;
  let pulumiHome: string;
  /** The secret config values the program holds now; every one ever set stays in `canaries`. */
  const live: Record<string, string> = {};
  const canaries: string[] = [];
  let adoptedId = "";

  async function setSecret(key: string, value: string): Promise<void> {
    live[key] = value;
    canaries.push(value);
    await project.ok("config", "set", "--secret", key, value);
  }

  async function exported(): Promise<StateResource[]> {
    return JSON.parse(await project.ok("stack", "export")).deployment.resources ?? [];
  }

  async function resource(name: string): Promise<StateResource> {
    const found = (await exported()).find((r) => r.urn.endsWith(`::${name}`));
    assert.ok(found, `${name} is in state`);
    return found;
  }

  /** Which of these properties are not stored as a secret, in inputs and in outputs (present ones only). */
  async function unmarked(name: string, properties: readonly string[]): Promise<string[]> {
    const stored = await resource(name);
    return (["inputs", "outputs"] as const).flatMap((side) =>
      properties.filter((key) => stored[side][key] !== undefined && !isSecret(stored[side][key])).map((key) => `${side}.${key}`));
  }

  async function assertFlagsKept(): Promise<void> {
    for (const [name, properties] of Object.entries(FLAGGED)) {
      assert.deepEqual(await unmarked(name, properties), [], `${name}: every property passed secret is a secret in state`);
      const stored = await resource(name);
      assert.deepEqual(properties.filter((key) => stored.inputs[key] === undefined), [], `${name}: every property passed secret is among the stored inputs`);
    }
  }

  /** The scan: CLI lines, backend files, `stack export` and PULUMI_HOME, controlled by the decrypted state. */
  async function assertNoCanaryAnywhere(extra: Record<string, string> = {}): Promise<void> {
    const texts = { transcript: project.transcript.join("\n"), cliExport: await project.ok("stack", "export"), ...filesUnder(project.backendDir), ...filesUnder(pulumiHome), ...extra };
    const control = { text: await project.decryptedState(), canaries: CANARY_KEYS.map((key) => live[key]) };
    assertNoCanaries([...canaries, process.env.SKYVERN_API_KEY!], texts, control);
  }

  before(async () => {
    ({ project, pulumiHome } = await createNativeProject("skyvern-secret-inputs"));
    project.write("index.ts", PROGRAM);
    await initStack(project, "dev", skyvern.proxy.url);
    // Adopted by the "key" credential: its id reaches the program as a secret.
    adoptedId = (await skyvern.direct.credentials.create({ name: "to-adopt", credentialType: "secret", credential: { secretValue: canary("adoptedold") } })).credentialId;
    await project.ok("config", "set", "--secret", "adoptId", adoptedId);
    await setSecret("folderTitle", canary("title"));
    await setSecret("folderDescription", canary("description"));
    await setSecret("name", canary("name"));
    await setSecret("password", canary("password"));
    await setSecret("proxySessionId", canary("session"));
    await setSecret("testedUrl", testedUrlOf("url"));
    await setSecret("userContext", canary("context"));
    await setSecret("rotationTrigger", canary("rotation"));
    await setSecret("secretValue", canary("value"));
    await setSecret("proxyRotation", canary("proxyrotation"));
  });

  it("up: every property passed secret is a secret in the stored inputs and outputs, and no canary is in plaintext", async () => {
    const up = await project.ok("up", "--yes");
    assert.match(up, /4 created/);
    await assertFlagsKept();
    const login = await resource("login");
    const onServer = await skyvern.direct.credentials.get(login.id!);
    assert.deepEqual([onServer.name, onServer.userContext, onServer.testedUrl, onServer.proxySessionId], [live.name, live.userContext, live.testedUrl, live.proxySessionId], "the secrets reached Skyvern");
    assert.equal((await resource("key")).id, adoptedId, "the secret adoptCredentialId was adopted");
    await assertNoCanaryAnywhere();
  });

  it("a change of every secret value: `preview --diff` shows the changed properties as [secret], up applies them, nothing in plaintext", async () => {
    for (const key of CANARY_KEYS) await setSecret(key, key === "testedUrl" ? testedUrlOf("url2") : canary(`${key}2`));
    const preview = await project.ok("preview", "--diff");
    for (const property of ["userContext", "testedUrl", "proxySessionId", "rotationTrigger", "title", "description"]) {
      assert.match(preview, new RegExp(`~ ${property}\\s*:\\s*\\[secret\\] => \\[secret\\]`), `the preview shows ${property} changing, its values hidden`);
    }
    await project.ok("up", "--yes");
    const onServer = await skyvern.direct.credentials.get((await resource("login")).id!);
    assert.deepEqual([onServer.name, onServer.userContext, onServer.testedUrl], [live.name, live.userContext, live.testedUrl], "the new values reached Skyvern");
    assert.equal((await skyvern.direct.folders.get((await resource("team")).id!)).description, live.folderDescription);
    await assertFlagsKept();
    await assertNoCanaryAnywhere();
  });

  it("refresh keeps the secret markers; a user context changed in Skyvern is read back as a secret and put back by up", async () => {
    await project.ok("refresh", "--yes", "--skip-preview");
    await assertFlagsKept();

    const loginId = (await resource("login")).id!;
    const changedInSkyvern = canary("contextui");
    canaries.push(changedInSkyvern);
    await skyvern.direct.credentials.patch(loginId, { userContext: changedInSkyvern });
    const refresh = await project.ok("refresh", "--yes", "--skip-preview", "--diff");
    assert.match(refresh, /~ 1 updated/);
    await assertFlagsKept();
    const drifted = JSON.parse(await project.decryptedState()).deployment.resources.find((r: StateResource) => r.urn.endsWith("::login"));
    assert.equal(JSON.parse(drifted.outputs.userContext.plaintext), changedInSkyvern, "refresh recorded what Skyvern holds");

    const preview = await project.ok("preview", "--diff");
    assert.match(preview, /~ userContext\s*:\s*\[secret\] => \[secret\]/);
    await project.ok("up", "--yes");
    assert.equal((await skyvern.direct.credentials.get(loginId)).userContext, live.userContext);
    await assertFlagsKept();
    await assertNoCanaryAnywhere();
  });

  it("a create that fails half-way records its partial state with the secret user context still a secret; a refused create's secret name or title is in no message", async () => {
    await project.ok("config", "set", "broken", "true");
    await setSecret("brokenValue", canary("brokenvalue"));
    await setSecret("brokenContext", canary("brokencontext"));
    await setSecret("failingName", canary("failingname"));
    await setSecret("refusedTitle", canary("refusedtitle"));
    skyvern.proxy.rule = ({ method, path }) => (method === "POST" && path === "/v1/credential_folders" ? { kind: "status", status: 400 } : undefined);
    // --continue-on-error: the engine starts no new step after a failure, and each refusal must be met whichever fails first.
    const failed = await project.run("up", "--yes", "--continue-on-error").finally(() => { skyvern.proxy.rule = () => undefined; });
    assert.notEqual(failed.code, 0);
    assert.match(failed.output, /cfld_0000000000000000/, "the failure names the folder");
    assert.match(failed.output, /creating the credential: POST \/v1\/credentials failed with HTTP 400: Browser profile not found/, "the refused create says why");
    assert.match(failed.output, /creating the folder: POST \/v1\/credential_folders failed with HTTP 400/, "the refused folder says why");
    const broken = await resource("broken");
    assert.match(String(broken.id), /^cred_/, "the partly created credential is in state");
    assert.deepEqual(await unmarked("broken", ["userContext", "credential"]), []);
    assert.ok(isSecret(broken.outputs.userContext), "the partial state holds the user context, as a secret");
    await assertNoCanaryAnywhere();

    await project.ok("config", "rm", "broken");
    await project.ok("up", "--yes");
    assert.equal(await unlessNotFound(() => skyvern.direct.credentials.get(broken.id!)), undefined, "removing it from the program deleted it");
  });

  it("the API key is a secret in state when set without --secret, and when an explicit provider gets it as a plain string", async () => {
    const key = process.env.SKYVERN_API_KEY!;
    await project.ok("config", "set", "skyvern:apiKey", key);
    // Read from the file, not printed: the stack config holds the key in plaintext, as the user set it.
    assert.ok(project.read("Pulumi.dev.yaml").includes(`skyvern:apiKey: ${key}`), "the key is plaintext stack config");
    project.env.EXPLICIT_SKYVERN_API_KEY = key;
    project.env.EXPLICIT_SKYVERN_BASE_URL = skyvern.proxy.url;
    await project.ok("config", "set", "explicitProvider", "true");
    await setSecret("explicitValue", canary("explicit"));
    await project.ok("up", "--yes");

    const providers = (await exported()).filter((r) => r.type === "pulumi:providers:skyvern");
    assert.deepEqual(providers.map((p) => [p.urn.split("::").pop(), isSecret(p.inputs.apiKey), isSecret(p.outputs.apiKey ?? p.inputs.apiKey)]).sort(), [
      [DEFAULT_PROVIDER_NAME, true, true], ["explicit", true, true],
    ]);
    // The update history copies the stack config as set (the key in plaintext, the user's choice): left out here.
    const texts = { transcript: project.transcript.join("\n"), cliExport: await project.ok("stack", "export"), ...backendFilesWithoutConfigCopies(project.backendDir) };
    assertNoCanaries([...canaries, key], texts, { text: await project.decryptedState(), canaries: [key, live.explicitValue] });
  });

  after(async () => {
    if (project) await project.run("destroy", "--yes");
  });
});
