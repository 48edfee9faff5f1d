/**
 * The native provider from a Python program: a copy of examples/python, driven with the plain CLI
 * as its README says (plugin installed by `npx pulumi-skyvern install-plugin` into a PULUMI_HOME of
 * the test's own, the generated pulumi_skyvern pip-installed into the project's venv, secrets set
 * with `pulumi config set --secret`), against the real local Skyvern behind a counting proxy. Each
 * step pins the exact requests it made; after each, every CLI line, the state files, `stack export`,
 * PULUMI_HOME and the project directory are scanned for the canary secrets, with the decrypted
 * state (`stack export --show-secrets`) as the positive control.
 */
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { Secret, TOTP } from "otpauth";
import { type CredentialResponse, type FolderResponse } from "../../sdk";
import { assertNoCanaries, canary, canaryCardNumber, canaryCvv, canarySeed, decryptedState, filesUnder } from "../support/canary";
import { CliProject } from "../support/cli-project";
import { ARTIFACTS_DIR, PROJECT_ROOT } from "../support/paths";
import { unlessNotFound, useProxiedSkyvern } from "../support/proxied-skyvern";
import { installPulumiSkyvern, makeFastVenv } from "../support/python-project";

const run = promisify(execFile);
const EXAMPLE = path.join(PROJECT_ROOT, "examples", "python");

interface StateResource { urn: string; type: string; id?: string; inputs?: Record<string, unknown>; outputs?: Record<string, unknown> }
interface PreviewStep { op: string; urn: string; detailedDiff?: Record<string, unknown>; replaceReasons?: string[]; diffReasons?: string[] }

/** A card number failing the Luhn check: a valid one with its check digit moved by one. */
function luhnFailing(): string {
  const valid = canaryCardNumber();
  return `${valid.slice(0, -1)}${(Number(valid.slice(-1)) + 1) % 10}`;
}

describe("the native provider from a Python program (examples/python) through the plain CLI", () => {
  const skyvern = useProxiedSkyvern();
  let project: CliProject;
  let pulumiHome: string;
  const secrets: string[] = [];
  const track = (value: string) => { secrets.push(value); return value; };
  /** The secret config values the program reads, as currently set. */
  const config: Record<string, string> = {};
  /** The decrypted state of the last step that had resources: the positive control once destroy emptied it. */
  let control = { text: "", canaries: [] as string[] };
  let ids: Record<string, string> = {};

  const requests = () => skyvern.proxy.requests.map((r) => `${r.method} ${r.path}`);
  /** Request lines, sorted, with ids written as the resource names that hold them, so expectations read plainly. */
  const named = (lines: string[]) => lines.map((line) => Object.entries(ids).reduce((text, [name, id]) => text.split(id).join(`{${name}}`), line)).sort();

  async function state(): Promise<StateResource[]> {
    return (JSON.parse(await project.ok("stack", "export")).deployment.resources ?? []) as StateResource[];
  }

  /** Resource name -> id of the skyvern resources in state. */
  async function idsInState(): Promise<Record<string, string>> {
    return Object.fromEntries((await state()).filter((r) => r.type.startsWith("skyvern:index:")).map((r) => [r.urn.split("::").pop()!, r.id!]));
  }

  async function outputsOf(name: string): Promise<Record<string, unknown>> {
    const resource = (await state()).find((r) => r.urn.endsWith(`::${name}`));
    assert.ok(resource, `${name} is in state`);
    return resource.outputs ?? {};
  }

  const onServer = (id: string): Promise<CredentialResponse | undefined> => unlessNotFound(() => skyvern.direct.credentials.get(id));
  const folderOnServer = (id: string): Promise<FolderResponse | undefined> => unlessNotFound(() => skyvern.direct.folders.get(id));

  async function setSecret(key: string, value: string): Promise<void> {
    config[key] = track(value);
    await project.ok("config", "set", "--secret", key, value);
  }

  /** Edits the program as a user would; the text replaced must be there exactly once. */
  function editProgram(from: string, to: string): void {
    const program = project.read("__main__.py");
    assert.equal(program.split(from).length, 2, `__main__.py holds ${JSON.stringify(from)} once`);
    project.write("__main__.py", program.replace(from, to));
  }

  async function previewJson(): Promise<{ steps: PreviewStep[]; changeSummary: Record<string, number> }> {
    return JSON.parse(await project.ok("preview", "--json"));
  }

  before(async () => {
    const parent = mkdtempSync(path.join(ARTIFACTS_DIR, "python-scenarios-"));
    const dir = path.join(parent, "skyvern-python");
    cpSync(EXAMPLE, dir, { recursive: true, filter: (source) => !/(^|\/)(venv|__pycache__)$/.test(source) && !/Pulumi\.[\w-]+\.yaml$/.test(source) });
    mkdirSync(path.join(parent, "state"));
    pulumiHome = path.join(parent, "pulumi-home");
    project = new CliProject(dir, `file://${path.join(parent, "state")}`, { PULUMI_HOME: pulumiHome });
    // Only stack config may tell the provider where Skyvern is: the proxy, not the server behind it.
    delete project.env.SKYVERN_BASE_URL;
    delete project.env.SKYVERN_API_KEY;

    // As the README says: the plugin from this checkout, then the venv with pulumi_skyvern in it.
    await run("npx", ["pulumi-skyvern", "install-plugin"], { cwd: PROJECT_ROOT, env: project.env });
    assert.ok(existsSync(path.join(pulumiHome, "plugins", "resource-skyvern-v0.2.0")), "the plugin is in the test's own PULUMI_HOME");
    await installPulumiSkyvern(makeFastVenv(dir));

    await project.ok("stack", "init", "dev");
    await project.ok("config", "set", "skyvern:baseUrl", skyvern.proxy.url);
    await project.ok("config", "set", "--secret", "skyvern:apiKey", process.env.SKYVERN_API_KEY!);
    await setSecret("githubPassword", canary("pw"));
    await setSecret("githubTotpSeed", canarySeed());
    await setSecret("cardNumber", canaryCardNumber());
    await setSecret("cardCvv", canaryCvv(config.cardNumber.slice(-4)));
    await setSecret("stripeKey", canary("sk"));
  });

  afterEach(async function () {
    if (this.currentTest?.state !== "passed") return;
    const backend = project.env.PULUMI_BACKEND_URL!.replace("file://", "");
    const texts = { cliExport: await project.ok("stack", "export"), ...filesUnder(backend), ...filesUnder(project.dir), ...filesUnder(pulumiHome), transcript: project.transcript.join("\n") };
    if (Object.keys(await idsInState()).length > 0) {
      // The values the program holds now, all in the decrypted state: what the scan must be able to find.
      control = { text: await decryptedState(project), canaries: Object.values(config) };
    }
    assertNoCanaries([...secrets, process.env.SKYVERN_API_KEY!], texts, control);
  });

  it("up creates the folder, then each credential and files it there; the plain-dict password arrives with its TOTP seed working", async () => {
    skyvern.proxy.reset();
    const up = await project.ok("up", "--yes");
    assert.match(up, /5 created/, "the stack, the folder and three credentials");
    ids = await idsInState();
    assert.deepEqual(Object.keys(ids).sort(), ["company-card", "github-bot", "stripe-key", "team"]);
    // Skyvern's create takes no folder: each credential is created, then put in the folder.
    assert.deepEqual(named(requests()), [
      "POST /v1/credential_folders", "POST /v1/credentials", "POST /v1/credentials", "POST /v1/credentials",
      "PUT /v1/credentials/{company-card}/folder", "PUT /v1/credentials/{github-bot}/folder", "PUT /v1/credentials/{stripe-key}/folder",
    ]);

    const outputs = JSON.parse(await project.ok("stack", "output", "--json"));
    assert.deepEqual(outputs, { folderId: ids.team, githubBotId: ids["github-bot"], companyCardId: ids["company-card"], stripeKeyId: ids["stripe-key"], companyCardLastFour: config.cardNumber.slice(-4) });

    const bot = await onServer(ids["github-bot"]);
    assert.equal(bot?.credentialType, "password");
    assert.deepEqual({ ...bot?.credential }, { ...bot?.credential, username: "bot@example.com", totpType: "authenticator" }, "the snake_case `totp_type` of the dict reached Skyvern");
    assert.equal(bot?.folderId, ids.team);
    const { code } = await skyvern.direct.credentials.totpCode(ids["github-bot"]);
    const fromSeed = new TOTP({ secret: Secret.fromBase32(config.githubTotpSeed) });
    assert.notEqual(fromSeed.validate({ token: code, window: 1 }), null, "Skyvern's TOTP code is the one the declared seed gives");

    const card = await onServer(ids["company-card"]);
    assert.equal(card?.credentialType, "credit_card");
    assert.deepEqual({ ...card?.credential }, { ...card?.credential, lastFour: config.cardNumber.slice(-4), brand: "visa" });
    assert.equal((await onServer(ids["stripe-key"]))?.name, "stripe-api-key");
    assert.equal((await folderOnServer(ids.team))?.title, "Team logins");

    const stored = (await state()).filter((r) => r.type === "skyvern:index:Credential");
    for (const resource of stored) {
      assert.ok((resource.inputs?.credential as { ciphertext?: string }).ciphertext, `${resource.urn}: the credential input is encrypted`);
      assert.ok((resource.outputs?.credential as { ciphertext?: string }).ciphertext, `${resource.urn}: the credential output is encrypted`);
    }
    assert.equal((await outputsOf("github-bot")).totpType, "authenticator");
  });

  it("preview and `up --expect-no-changes` make no request", async () => {
    skyvern.proxy.reset();
    assert.deepEqual((await previewJson()).changeSummary, { same: 5 });
    await project.ok("up", "--yes", "--expect-no-changes");
    assert.deepEqual(requests(), []);
  });

  it("a card number failing Luhn fails preview naming credential.cardNumber, before any request", async () => {
    const valid = config.cardNumber;
    await setSecret("cardNumber", luhnFailing());
    skyvern.proxy.reset();
    const preview = await project.run("preview");
    assert.notEqual(preview.code, 0, `preview must fail:\n${preview.output}`);
    assert.match(preview.output, /company-card/);
    assert.match(preview.output, /credential\.cardNumber/);
    assert.deepEqual(requests(), []);
    await setSecret("cardNumber", valid);
    assert.deepEqual((await previewJson()).changeSummary, { same: 5 });
    assert.deepEqual(requests(), []);
  });

  it("rotating the password with `pulumi config set --secret` is one update of the same credential", async () => {
    await setSecret("githubPassword", canary("pw-rotated"));
    skyvern.proxy.reset();
    await project.ok("up", "--yes");
    assert.deepEqual(named(requests()), ["POST /v1/credentials/{github-bot}/update"]);
    assert.deepEqual(await idsInState(), ids);
    const bot = await onServer(ids["github-bot"]);
    assert.deepEqual({ ...bot?.credential }, { ...bot?.credential, totpType: "authenticator" }, "the rewrite kept the dict's TOTP type");
    const { code } = await skyvern.direct.credentials.totpCode(ids["github-bot"]);
    assert.notEqual(new TOTP({ secret: Secret.fromBase32(config.githubTotpSeed) }).validate({ token: code, window: 1 }), null, "and its seed");
  });

  it("a rename shows `name` in the preview's detailed diff, and up is one PATCH of the same credential", async () => {
    editProgram('name="stripe-api-key",', 'name="stripe-api-key-2026",');
    skyvern.proxy.reset();
    const steps = (await previewJson()).steps.filter((step) => step.op !== "same");
    assert.deepEqual(steps.map((step) => [step.op, step.urn.split("::").pop()]), [["update", "stripe-key"]]);
    assert.deepEqual(Object.keys(steps[0].detailedDiff ?? {}), ["name"]);
    await project.ok("up", "--yes");
    assert.deepEqual(named(requests()), ["PATCH /v1/credentials/{stripe-key}"]);
    assert.deepEqual(await idsInState(), ids);
    assert.equal((await onServer(ids["stripe-key"]))?.name, "stripe-api-key-2026");
  });

  it("a vault change previews as a replacement for vaultType, with no request", async () => {
    editProgram('credential_type="secret",', 'credential_type="secret",\n    vault_type="custom",');
    skyvern.proxy.reset();
    const steps = (await previewJson()).steps.filter((step) => step.op !== "same");
    assert.deepEqual(steps.map((step) => [step.op, step.urn.split("::").pop(), step.replaceReasons]), [["replace", "stripe-key", ["vaultType"]]]);
    assert.deepEqual(requests(), []);
    editProgram('credential_type="secret",\n    vault_type="custom",', 'credential_type="secret",');
    assert.deepEqual((await previewJson()).changeSummary, { same: 5 });
  });

  it("an out-of-band rename shows on refresh, and the next up puts the name back with one request", async () => {
    await skyvern.direct.credentials.patch(ids["company-card"], { name: "renamed-in-the-ui" });
    skyvern.proxy.reset();
    // --skip-preview: the CLI's own refresh preview would read everything a first time.
    await project.ok("refresh", "--yes", "--skip-preview");
    const refreshRequests = named(requests());
    assert.equal((await outputsOf("company-card")).name, "renamed-in-the-ui");
    skyvern.proxy.reset();
    await project.ok("up", "--yes");
    assert.deepEqual(named(requests()), ["PATCH /v1/credentials/{company-card}"]);
    assert.equal((await onServer(ids["company-card"]))?.name, "company-card");
    assert.deepEqual(await idsInState(), ids);
    assert.deepEqual(refreshRequests, [
      "GET /v1/credential_folders/{team}", "GET /v1/credentials/{company-card}", "GET /v1/credentials/{github-bot}",
      "GET /v1/credentials/{github-bot}/totp-code", "GET /v1/credentials/{stripe-key}",
    ], "refresh reads each resource once, and the authenticator's code once");
  });

  it("an out-of-band delete is dropped by refresh, and the next up recreates it (new id) in its folder", async () => {
    const deleted = ids["stripe-key"];
    await skyvern.direct.credentials.delete(deleted);
    await project.ok("refresh", "--yes", "--skip-preview");
    assert.equal((await idsInState())["stripe-key"], undefined, "refresh dropped it from state");
    skyvern.proxy.reset();
    await project.ok("up", "--yes");
    ids = await idsInState();
    const recreated = ids["stripe-key"];
    assert.ok(recreated && recreated !== deleted, "a new credential");
    assert.deepEqual(named(requests()), ["POST /v1/credentials", "PUT /v1/credentials/{stripe-key}/folder"]);
    const server = await onServer(recreated);
    assert.deepEqual([server?.credentialType, server?.name, server?.folderId], ["secret", "stripe-api-key-2026", ids.team]);
  });

  it("destroy deletes each resource with one request, after which the server answers 404", async () => {
    skyvern.proxy.reset();
    await project.ok("destroy", "--yes");
    assert.deepEqual(named(requests()), [
      "DELETE /v1/credential_folders/{team}", "POST /v1/credentials/{company-card}/delete",
      "POST /v1/credentials/{github-bot}/delete", "POST /v1/credentials/{stripe-key}/delete",
    ]);
    for (const name of ["company-card", "github-bot", "stripe-key"]) assert.equal(await onServer(ids[name]), undefined, `${name} is gone`);
    assert.equal(await folderOnServer(ids.team), undefined, "the folder is gone");
    assert.deepEqual(await idsInState(), {});
  });
});
