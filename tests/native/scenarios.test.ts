/**
 * The native provider (plugin `pulumi-resource-skyvern`) through the same engine-level scenarios
 * the dynamic resource passes, built as a user builds it: the packed package installed into a fresh
 * TypeScript project outside the repository, the plugin installed with the documented
 * `npx pulumi-skyvern install-plugin` into a PULUMI_HOME private to this test, and the plain CLI.
 * Skyvern is the run's real server behind a counting proxy, so each step pins its exact requests.
 * Secrets reach the program as secret stack config; after every step the CLI output, the state
 * backend, `pulumi stack export`, the project and the private PULUMI_HOME are scanned for them,
 * with `pulumi stack export --show-secrets` as the positive control.
 */
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { existsSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { assertNoCanaries, canary, canaryCardNumber, canaryCvv, canarySeed, filesUnder, filesWrittenSince } from "../support/canary";
import { PULUMI_ROOT } from "../support/engine";
import { waitForNoProcessesMarkedWith } from "../support/processes";
import { useProxiedSkyvern } from "../support/proxied-skyvern";
import { nodeBinFor, packedTarball, UserProject } from "../support/user-project";

type Props = Record<string, unknown>;
interface StateResource { urn: string; id: string; type: string; custom?: boolean; inputs?: Props; outputs?: Props }
interface PreviewStep { op: string; urn: string; diffReasons?: string[]; replaceReasons?: string[]; detailedDiff?: Record<string, { kind: string; inputDiff: boolean }> | null }
interface PreviewJson { steps: PreviewStep[]; changeSummary: Record<string, number> }

const execFileAsync = promisify(execFile);
const CREDENTIAL = "skyvern:index:Credential";
const FOLDER = "skyvern:index:CredentialFolder";
const SECRET_SIGNATURE = { key: "4dabf18193072939515e22adb298388d", value: "1b47061264138c4ac30d75fd1eb44270" };

/** The user's program: a folder, and one credential of each type, the password one filed in the folder. */
const PROGRAM = `import * as pulumi from "@pulumi/pulumi";
import { Credential, CredentialFolder } from "pulumi-skyvern";

const cfg = new pulumi.Config();
const team = new CredentialFolder("team", { title: cfg.require("folderTitle") });
const bot = new Credential("gh-bot", {
  name: cfg.require("botName"),
  credentialType: "password",
  folderId: team.folderId,
  credential: { username: "bot@example.com", password: cfg.requireSecret("botPassword"), totp: cfg.requireSecret("botTotp"), totpType: "authenticator" },
});
const card = new Credential("corp-card", {
  credentialType: "credit_card",
  credential: {
    cardNumber: cfg.requireSecret("cardNumber"), cardCvv: cfg.requireSecret("cardCvv"), cardExpMonth: "07", cardExpYear: "2031",
    cardBrand: "visa", cardHolderName: cfg.requireSecret("cardHolder"),
  },
});
const stripe = new Credential("api-key", {
  credentialType: "secret",
  vaultType: cfg.get("apiKeyVault") as "custom" | undefined,
  credential: { secretValue: cfg.requireSecret("stripeKey"), secretLabel: "stripe" },
});

export const folderId = team.folderId;
export const botId = bot.credentialId;
export const cardId = card.credentialId;
export const apiKeyId = stripe.credentialId;
`;

const TSCONFIG = {
  compilerOptions: {
    strict: true, outDir: "bin", target: "es2020", module: "nodenext", moduleResolution: "nodenext", sourceMap: true,
    experimentalDecorators: true, pretty: true, noFallthroughCasesInSwitch: true, noImplicitReturns: true, forceConsistentCasingInFileNames: true,
  },
  files: ["index.ts"],
};

/** A request straight to the server, as the Skyvern UI would make it. */
async function raw(method: string, urlPath: string, body?: unknown): Promise<{ status: number; json: Props }> {
  const response = await fetch(`${process.env.SKYVERN_BASE_URL}${urlPath}`, {
    method, headers: { "x-api-key": process.env.SKYVERN_API_KEY!, "content-type": "application/json" }, body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, json: text ? JSON.parse(text) : {} };
}

const sent = (requests: { method: string; path: string }[]) => requests.map((r) => `${r.method} ${r.path}`);
const nameOf = (urn: string) => urn.split("::").pop()!;

/** Every file under a directory except node_modules. */
function projectFiles(dir: string): Record<string, string> {
  return Object.fromEntries(readdirSync(dir).filter((entry) => entry !== "node_modules").flatMap((entry) => {
    const full = path.join(dir, entry);
    return statSync(full).isDirectory() ? Object.entries(filesUnder(full)) : [[full, readFileSync(full, "latin1")]];
  }));
}

describe("native provider: the dynamic resource's engine scenarios from a TypeScript program, packed package and installed plugin", () => {
  const skyvern = useProxiedSkyvern();
  const stamp = Date.now();
  let project: UserProject;
  let pulumiHome: string;

  /** The secrets the program holds now, by config key; every canary ever used stays in `canaries`. */
  const live: Record<string, string> = {};
  const canaries: string[] = [];
  const setSecret = async (key: string, value: string) => {
    live[key] = value;
    canaries.push(value);
    await project.ok("config", "set", "--secret", key, value);
  };

  async function exported(): Promise<StateResource[]> {
    return JSON.parse(await project.ok("stack", "export")).deployment.resources ?? [];
  }

  /** Resource name to id, for the credentials and folders in state. */
  async function ids(): Promise<Record<string, string>> {
    return Object.fromEntries((await exported()).filter((r) => r.type === CREDENTIAL || r.type === FOLDER).map((r) => [nameOf(r.urn), r.id]));
  }

  async function previewJson(): Promise<PreviewJson> {
    return JSON.parse(await project.shell("pulumi preview --json --non-interactive"));
  }

  const stepOf = (preview: PreviewJson, name: string) => {
    const step = preview.steps.find((s) => nameOf(s.urn) === name);
    assert.ok(step, `the preview has a step for ${name}`);
    return step;
  };

  /** What the stack's program exports, read with the CLI. */
  async function stackOutputs(): Promise<Record<string, string>> {
    return JSON.parse(await project.ok("stack", "output", "--json"));
  }

  /**
   * The positive control: the decrypted state while it holds credentials, the last such state once
   * destroy emptied it, and before the first `up` the decrypted stack config (where the program's
   * secrets are then). Read apart from the transcript: both print the secrets by design.
   */
  let control = { text: "", canaries: [] as string[] };

  async function assertNoSecretsAnywhere(extra: Record<string, string> = {}): Promise<void> {
    const texts = {
      transcript: project.transcript.join("\n"),
      cliExport: await project.ok("stack", "export"),
      ...filesUnder(project.backendDir),
      ...projectFiles(project.dir),
      // Under PULUMI_HOME only what the run wrote after the plugin went in: the plugin's own bytes
      // can hold a 4-digit CVV canary by chance (it is checked byte for byte against the package).
      ...filesWrittenSince(pulumiHome, pluginInstalledAt),
      ...extra,
    };
    const decrypted = await project.decryptedState();
    if ((JSON.parse(decrypted).deployment?.resources ?? []).some((r: StateResource) => r.type === CREDENTIAL)) {
      control = { text: decrypted, canaries: [...Object.values(live), process.env.SKYVERN_API_KEY!] };
    } else if (control.canaries.length === 0) {
      const { stdout } = await execFileAsync(path.join(PULUMI_ROOT, "bin", "pulumi"), ["config", "--show-secrets", "--json"], { cwd: project.dir, env: project.env });
      control = { text: stdout, canaries: [...Object.values(live), process.env.SKYVERN_API_KEY!] };
    }
    assertNoCanaries([...canaries, process.env.SKYVERN_API_KEY!], texts, control);
  }

  /** Set until the setup finished, then by any failed test: the project stays on disk for a look. */
  let failed = true;
  /** When npm finished installing: files under node_modules changed after it are the runs' doing. */
  let installedAt = 0;
  /** When install-plugin finished: later files under PULUMI_HOME are the run's own. */
  let pluginInstalledAt = 0;

  before(async () => {
    project = UserProject.createEmpty("native-scenarios", nodeBinFor("current"), { parentPrefix: "ntests-" });
    // A PULUMI_HOME of this test's own: nothing installed there before install-plugin, and the
    // install cannot touch the shared one. The language host stand-ins are found on PATH, next to
    // the pulumi binary, not in PULUMI_HOME.
    pulumiHome = path.join(path.dirname(project.dir), "pulumi-home");
    project.env.PULUMI_HOME = pulumiHome;
    project.env.PULUMI_CONFIG_PASSPHRASE = `native-scenarios-${stamp}`;

    project.write("Pulumi.yaml", "name: native-scenarios\nruntime: nodejs\n");
    project.write("tsconfig.json", JSON.stringify(TSCONFIG, null, 2));
    project.write("index.ts", PROGRAM);
    await project.shell("npm init -y >/dev/null && npm pkg set main=index.ts");
    await project.npm("install", await packedTarball(), "@pulumi/pulumi");
    await project.npm("install", "--save-dev", "typescript@^5", "@types/node@^20");
    installedAt = Date.now();
    await project.shell("npx tsc --noEmit -p tsconfig.json");

    await project.ok("stack", "init", "dev");
    await project.ok("config", "set", "skyvern:baseUrl", skyvern.proxy.url);
    await project.ok("config", "set", "--secret", "skyvern:apiKey", process.env.SKYVERN_API_KEY!);
    await project.ok("config", "set", "folderTitle", `team-${stamp}`);
    await project.ok("config", "set", "botName", `gh-bot-${stamp}`);
    const cardNumber = canaryCardNumber();
    await setSecret("botPassword", canary("nativepw"));
    await setSecret("botTotp", canarySeed());
    await setSecret("cardNumber", cardNumber);
    await setSecret("cardCvv", canaryCvv(cardNumber.slice(-4)));
    await setSecret("cardHolder", canary("nativeholder"));
    await setSecret("stripeKey", canary("nativesv"));
    failed = false;
  });

  afterEach(async function () {
    if (this.currentTest?.state === "passed") await assertNoSecretsAnywhere();
    else failed = true;
  });

  after(() => {
    // Kept when anything failed, for a look at the project, its state and its plugin logs.
    if (project && !failed) rmSync(path.dirname(project.dir), { recursive: true, force: true });
  });

  it("finds no skyvern plugin until `npx pulumi-skyvern install-plugin` puts the packaged one into PULUMI_HOME", async () => {
    assert.equal(existsSync(path.join(pulumiHome, "plugins")), false, "the private PULUMI_HOME starts without plugins");
    const before = await project.run("preview");
    assert.notEqual(before.code, 0);
    assert.match(before.output, /no resource plugin 'pulumi-resource-skyvern' found in the workspace at version v0\.2\.0/);
    assert.equal(skyvern.proxy.requests.length, 0);

    await project.shell("npx pulumi-skyvern install-plugin");
    pluginInstalledAt = Date.now();
    const installed = path.join(pulumiHome, "plugins", "resource-skyvern-v0.2.0", "pulumi-resource-skyvern");
    assert.deepEqual(readdirSync(path.join(pulumiHome, "plugins")).sort(), ["resource-skyvern-v0.2.0", "resource-skyvern-v0.2.0.lock"]);
    const packaged = path.join(project.dir, "node_modules", "pulumi-skyvern", "dist", "plugin", "pulumi-resource-skyvern");
    assert.ok(readFileSync(installed).equals(readFileSync(packaged)), "the installed plugin is the one in the packed package");
    assert.match(await project.ok("plugin", "ls"), /skyvern\s+resource\s+0\.2\.0/);
  });

  it("creates a password credential with TOTP filed in a folder, a credit card and a secret: one POST each, one folder PUT", async () => {
    skyvern.proxy.reset();
    const up = await project.ok("up", "--yes");
    assert.match(up, /\+ 5 created/);
    const created = await ids();
    assert.deepEqual(Object.keys(created).sort(), ["api-key", "corp-card", "gh-bot", "team"]);
    const requests = sent(skyvern.proxy.requests);
    assert.deepEqual([...requests].sort(), [
      "POST /v1/credential_folders", "POST /v1/credentials", "POST /v1/credentials", "POST /v1/credentials", `PUT /v1/credentials/${created["gh-bot"]}/folder`,
    ].sort());
    assert.ok(requests.indexOf("POST /v1/credential_folders") < requests.indexOf(`PUT /v1/credentials/${created["gh-bot"]}/folder`), "the folder exists before the credential is filed in it");
    console.log(`      create: ${requests.join(", ")}`);

    assert.deepEqual(await stackOutputs(), { folderId: created.team, botId: created["gh-bot"], cardId: created["corp-card"], apiKeyId: created["api-key"] });
    const bot = await skyvern.direct.credentials.get(created["gh-bot"]);
    assert.deepEqual([bot.name, bot.credentialType, bot.folderId], [`gh-bot-${stamp}`, "password", created.team]);
    assert.deepEqual(bot.credential, { username: "bot@example.com", totpType: "authenticator", totpIdentifier: null, hasTotp: true });
    const card = await skyvern.direct.credentials.get(created["corp-card"]);
    assert.deepEqual([card.name, card.credentialType], ["corp-card", "credit_card"], "name defaults to the resource name");
    assert.deepEqual(card.credential, { lastFour: live.cardNumber.slice(-4), brand: "visa" });
    const secret = await skyvern.direct.credentials.get(created["api-key"]);
    assert.deepEqual([secret.credentialType, secret.vaultType], ["secret", "skyvern"]);
    assert.equal((await skyvern.direct.folders.get(created.team)).title, `team-${stamp}`);
  });

  it("stores no __provider; `credential` is an encrypted secret in inputs and outputs (bytes per credential printed)", async () => {
    const stateFile = filesUnder(project.backendDir);
    const checkpoint = Object.entries(stateFile).find(([file]) => file.endsWith(path.join("stacks", "native-scenarios", "dev.json")));
    assert.ok(checkpoint, "the backend holds the stack's checkpoint");
    const cliExport = await project.ok("stack", "export");
    for (const text of [checkpoint[1], cliExport]) assert.equal(text.includes("__provider"), false, "no __provider anywhere in state");

    const resources: StateResource[] = JSON.parse(checkpoint[1]).checkpoint.latest.resources;
    const credentials = resources.filter((r) => r.type === CREDENTIAL);
    assert.equal(credentials.length, 3);
    for (const resource of credentials) {
      for (const side of ["inputs", "outputs"] as const) {
        const value = resource[side]?.credential as Props | undefined;
        assert.equal(value?.[SECRET_SIGNATURE.key], SECRET_SIGNATURE.value, `${nameOf(resource.urn)} ${side}.credential is a secret`);
        assert.match(String(value?.ciphertext), /^v1:/, `${nameOf(resource.urn)} ${side}.credential is encrypted`);
      }
    }
    const provider = resources.find((r) => r.type === "pulumi:providers:skyvern");
    assert.equal((provider?.inputs?.apiKey as Props | undefined)?.[SECRET_SIGNATURE.key], SECRET_SIGNATURE.value, "the provider's apiKey is a secret");

    const sizes = (JSON.parse(cliExport).deployment.resources as StateResource[]).filter((r) => r.type === CREDENTIAL).map((r) => [nameOf(r.urn), Buffer.byteLength(JSON.stringify(r))] as const);
    for (const [name, bytes] of sizes) assert.ok(bytes < 8_000, `${name} takes ${bytes} bytes of exported state`);
    const mean = Math.round(sizes.reduce((sum, [, bytes]) => sum + bytes, 0) / sizes.length);
    console.log(`      native: bytes per credential in \`pulumi stack export\` (compact JSON): ${sizes.map(([name, bytes]) => `${name} ${bytes}`).join(", ")}; mean ${mean}`);
  });

  it("previews and ups with no changes without calling the API", async () => {
    skyvern.proxy.reset();
    await project.ok("preview", "--expect-no-changes");
    await project.ok("up", "--yes", "--expect-no-changes");
    assert.deepEqual(sent(skyvern.proxy.requests), []);
  });

  it("rotates the password in place: the preview names `credential` (update, no replace), up sends one update, same id", async () => {
    const before = await ids();
    await setSecret("botPassword", canary("nativepwrotated"));
    skyvern.proxy.reset();
    const preview = await previewJson();
    const step = stepOf(preview, "gh-bot");
    assert.equal(step.op, "update");
    assert.deepEqual(step.detailedDiff, { credential: { kind: "update", inputDiff: false } });
    assert.deepEqual(step.diffReasons, ["credential"]);
    assert.equal(step.replaceReasons, undefined);
    assert.deepEqual(preview.changeSummary, { update: 1, same: 4 });
    assert.deepEqual(sent(skyvern.proxy.requests), [], "preview calls no API");

    await project.ok("up", "--yes");
    assert.deepEqual(sent(skyvern.proxy.requests), [`POST /v1/credentials/${before["gh-bot"]}/update`]);
    assert.deepEqual(await ids(), before);
    console.log(`      rotate: ${sent(skyvern.proxy.requests).join(", ")}`);
  });

  it("renames in place: the preview names `name`, up sends one PATCH, same id", async () => {
    const before = await ids();
    const renamed = `gh-bot-renamed-${stamp}`;
    await project.ok("config", "set", "botName", renamed);
    skyvern.proxy.reset();
    const step = stepOf(await previewJson(), "gh-bot");
    assert.equal(step.op, "update");
    assert.deepEqual(step.detailedDiff, { name: { kind: "update", inputDiff: false } });
    assert.deepEqual(step.diffReasons, ["name"]);
    assert.equal(step.replaceReasons, undefined);
    assert.deepEqual(sent(skyvern.proxy.requests), []);

    await project.ok("up", "--yes");
    assert.deepEqual(sent(skyvern.proxy.requests), [`PATCH /v1/credentials/${before["gh-bot"]}`]);
    assert.equal((await skyvern.direct.credentials.get(before["gh-bot"])).name, renamed);
    assert.deepEqual(await ids(), before);
    console.log(`      rename: ${sent(skyvern.proxy.requests).join(", ")}`);
  });

  it("plans a vault change as a replacement with vaultType the replace reason, without a request", async () => {
    await project.ok("config", "set", "apiKeyVault", "custom");
    skyvern.proxy.reset();
    const preview = await previewJson();
    const step = stepOf(preview, "api-key");
    assert.equal(step.op, "replace");
    assert.deepEqual(step.replaceReasons, ["vaultType"]);
    assert.deepEqual(step.detailedDiff, { vaultType: { kind: "update-replace", inputDiff: false } });
    assert.deepEqual(preview.changeSummary, { replace: 1, same: 4 });
    assert.deepEqual(sent(skyvern.proxy.requests), []);

    // The local server has no custom vault (the dynamic lifecycle test shows up failing there); back to the instance default.
    await project.ok("config", "rm", "apiKeyVault");
    await project.ok("preview", "--expect-no-changes");
    assert.deepEqual(sent(skyvern.proxy.requests), []);
  });

  it("shows an out-of-band rename on refresh, and the next up puts it back, secret included, with one update", async () => {
    const before = await ids();
    assert.equal((await raw("PATCH", `/v1/credentials/${before["corp-card"]}`, { name: "renamed-in-the-ui" })).status, 200);
    skyvern.proxy.reset();
    const refresh = await project.ok("refresh", "--yes", "--skip-preview");
    assert.match(refresh, /~ 1 updated/);
    const reads = [
      `GET /v1/credential_folders/${before.team}`, `GET /v1/credentials/${before["api-key"]}`, `GET /v1/credentials/${before["corp-card"]}`,
      `GET /v1/credentials/${before["gh-bot"]}`, `GET /v1/credentials/${before["gh-bot"]}/totp-code`,
    ].sort();
    assert.deepEqual(sent(skyvern.proxy.requests).sort(), reads, "one read per resource, and the TOTP code to check the seed");
    console.log(`      refresh: ${sent(skyvern.proxy.requests).join(", ")}`);
    const card = (await exported()).find((r) => nameOf(r.urn) === "corp-card");
    assert.equal(card?.outputs?.name, "renamed-in-the-ui");

    skyvern.proxy.reset();
    const step = stepOf(await previewJson(), "corp-card");
    assert.equal(step.op, "update");
    // A rename may have come through Skyvern's update endpoint, which rewrites the secret with whatever
    // the editor sent: refresh forgets the recorded secret, and the one update writes both back.
    assert.deepEqual([...(step.diffReasons ?? [])].sort(), ["credential", "name"]);
    await project.ok("up", "--yes");
    assert.deepEqual(sent(skyvern.proxy.requests), [`POST /v1/credentials/${before["corp-card"]}/update`]);
    assert.equal((await skyvern.direct.credentials.get(before["corp-card"])).name, "corp-card");
    assert.deepEqual(await ids(), before);
  });

  it("drops an out-of-band deleted credential on refresh, and the next up recreates it with one POST (new id)", async () => {
    const before = await ids();
    assert.equal((await raw("POST", `/v1/credentials/${before["api-key"]}/delete`)).status, 204);
    skyvern.proxy.reset();
    await project.ok("refresh", "--yes", "--skip-preview");
    assert.deepEqual(sent(skyvern.proxy.requests).sort(), [
      `GET /v1/credential_folders/${before.team}`, `GET /v1/credentials/${before["api-key"]}`, `GET /v1/credentials/${before["corp-card"]}`,
      `GET /v1/credentials/${before["gh-bot"]}`, `GET /v1/credentials/${before["gh-bot"]}/totp-code`,
      // the 404 drops the credential once the server proved it knows the key (one check per process)
      "GET /api/v1/organizations/me",
    ].sort());
    assert.equal(skyvern.proxy.requests.find((r) => r.path === `/v1/credentials/${before["api-key"]}`)?.outcome, "forwarded 404");
    assert.equal((await ids())["api-key"], undefined, "refresh dropped it from state");

    skyvern.proxy.reset();
    await project.ok("up", "--yes");
    assert.deepEqual(sent(skyvern.proxy.requests), ["POST /v1/credentials"]);
    const after = await ids();
    assert.notEqual(after["api-key"], before["api-key"]);
    assert.deepEqual({ ...after, "api-key": undefined }, { ...before, "api-key": undefined }, "the others keep their ids");
    assert.equal((await stackOutputs()).apiKeyId, after["api-key"]);
    const recreated = await skyvern.direct.credentials.get(after["api-key"]);
    assert.deepEqual([recreated.credentialType, recreated.credential], ["secret", { secretLabel: "stripe" }]);
  });

  it("destroys everything with one delete per resource; the server then answers 404 for each; no plugin process is left", async () => {
    const before = await ids();
    skyvern.proxy.reset();
    await project.ok("destroy", "--yes");
    const requests = sent(skyvern.proxy.requests);
    assert.deepEqual([...requests].sort(), [
      `DELETE /v1/credential_folders/${before.team}`,
      ...["api-key", "corp-card", "gh-bot"].map((name) => `POST /v1/credentials/${before[name]}/delete`),
    ].sort());
    assert.ok(requests.indexOf(`POST /v1/credentials/${before["gh-bot"]}/delete`) < requests.indexOf(`DELETE /v1/credential_folders/${before.team}`), "the filed credential goes before its folder");
    console.log(`      destroy: ${requests.join(", ")}`);
    for (const name of ["api-key", "corp-card", "gh-bot"]) assert.equal((await raw("GET", `/v1/credentials/${before[name]}`)).status, 404, `${name} is gone`);
    assert.equal((await raw("GET", `/v1/credential_folders/${before.team}`)).status, 404, "the folder is gone");
    assert.deepEqual(await ids(), {});
    assert.deepEqual(await waitForNoProcessesMarkedWith(project.runMarker, 15_000), []);
    // Once, at the end: files the runs wrote under node_modules (none may hold a secret). Only those:
    // the packages' own files can hold a 3-4 digit CVV canary by chance (axios's CHANGELOG did once).
    await assertNoSecretsAnywhere(filesWrittenSince(path.join(project.dir, "node_modules"), installedAt));
  });
});
