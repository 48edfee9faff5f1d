/**
 * The native provider from a Python program: a copy of examples/python, driven with the plain CLI
 * as the READMEs say (plugin installed by `npx --yes --package <tarball> pulumi-skyvern
 * install-plugin`, run outside the repository, into a PULUMI_HOME of the test's own, the generated
 * pulumi_skyvern pip-installed into the project's venv, secrets set with `pulumi config set
 * --secret`), against the real local Skyvern behind a counting proxy. The copy adds `metadata` to
 * two credentials, keys in both cases, to see them reach the vault as written. Each step pins the
 * exact requests it made, each resource's in the order sent; after each, every CLI line, the state
 * files, `stack export`, and what the run wrote under PULUMI_HOME and the project directory are
 * scanned for the canary secrets, with the decrypted state (`stack export --show-secrets`) as the
 * positive control.
 */
import assert from "node:assert/strict";
import { cpSync, mkdirSync, mkdtempSync } from "node:fs";
import path from "node:path";
import { Secret, TOTP } from "otpauth";
import { canary } from "../support/canary";
import { CliProject } from "../support/cli-project";
import { existingVaultItemNamed } from "../support/local-vault";
import { ARTIFACTS_DIR, PROJECT_ROOT } from "../support/paths";
import { installedPlugin, installPluginFromTarball, packagedPlugin } from "../support/plugin-install";
import { LUHN_RULE, luhnFailing, NativeScenario } from "../support/native-scenario";
import { useProxiedSkyvern } from "../support/proxied-skyvern";
import { installPulumiSkyvern, makeFastVenv } from "../support/python-project";

const EXAMPLE = path.join(PROJECT_ROOT, "examples", "python");

interface PreviewStep { op: string; urn: string; detailedDiff?: Record<string, unknown>; replaceReasons?: string[]; diffReasons?: string[] }

/**
 * `metadata` added to the example's two credential forms: keys in snake_case and camelCase, which
 * must reach the vault exactly as written while the credential's own keys (`totp_type`) are renamed.
 */
const BOT_METADATA = { team_id: "growth", costCenter: "cc-42" };
const CARD_METADATA = { cost_center: "cc-7", teamId: "payments" };

describe("the native provider from a Python program (examples/python) through the plain CLI", () => {
  const skyvern = useProxiedSkyvern();
  const run = new NativeScenario(skyvern);
  const { config, ids, recordIds, requests, withNames, requestsByResource, state, idsInState, onServer, folderOnServer, setSecret } = run;
  let project: CliProject;
  let pulumiHome: string;

  async function outputsOf(name: string): Promise<Record<string, unknown>> {
    const resource = (await state()).find((r) => r.urn.endsWith(`::${name}`));
    assert.ok(resource, `${name} is in state`);
    return resource.outputs ?? {};
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
    Object.assign(run, { project, pulumiHome });
    // Only stack config may tell the provider where Skyvern is: the proxy, not the server behind it.
    delete project.env.SKYVERN_BASE_URL;
    delete project.env.SKYVERN_API_KEY;

    // As the README says for Python: the plugin from the packed package, from outside any checkout,
    // then the venv with pulumi_skyvern in it.
    await installPluginFromTarball(pulumiHome, project.env);
    assert.ok(installedPlugin(pulumiHome).equals(await packagedPlugin()), "the test's own PULUMI_HOME holds the packed package's plugin");
    await installPulumiSkyvern(makeFastVenv(dir));
    run.setUpDone();
    editProgram('"totp_type": "authenticator",\n', `"totp_type": "authenticator",\n        "metadata": ${JSON.stringify(BOT_METADATA)},\n`);
    editProgram('card_holder_name="Ada Lovelace",\n', `card_holder_name="Ada Lovelace",\n        metadata=${JSON.stringify(CARD_METADATA)},\n`);

    await run.initDevStack();
  });

  afterEach(async function () {
    if (this.currentTest?.state === "passed") await run.scanAfterStep();
  });

  it("up creates the folder, then each credential and files it there; the plain-dict password arrives with its TOTP seed working; metadata keys reach the vault as written", async () => {
    skyvern.proxy.reset();
    const up = await project.ok("up", "--yes");
    assert.match(up, /5 created/, "the stack, the folder and three credentials");
    recordIds(await idsInState());
    assert.deepEqual(Object.keys(ids).sort(), ["company-card", "github-bot", "stripe-key", "team"]);
    // Skyvern's create takes no folder: the folder first, then each credential created, then filed in it.
    assert.equal(requests()[0], "POST /v1/credential_folders", "the folder is created before anything is filed in it");
    assert.deepEqual(requestsByResource(), {
      team: ["POST /v1/credential_folders"],
      "github-bot": ["POST /v1/credentials", "PUT /v1/credentials/{github-bot}/folder"],
      "company-card": ["POST /v1/credentials", "PUT /v1/credentials/{company-card}/folder"],
      "stripe-key": ["POST /v1/credentials", "PUT /v1/credentials/{stripe-key}/folder"],
    });

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

    // Skyvern never returns metadata: its vault shows what arrived. The credential's own keys were
    // renamed (`totp_type` arrived as the field, not as an unknown key); metadata keys were not.
    const botItem = existingVaultItemNamed("github-bot");
    assert.equal(botItem.credential.totp_type, "authenticator");
    assert.deepEqual(botItem.credential.metadata, BOT_METADATA, "the password's metadata keys reach the vault as written");
    assert.deepEqual(existingVaultItemNamed("company-card").credential.metadata, CARD_METADATA, "the card's metadata keys reach the vault as written");
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

  it("a card number failing Luhn fails preview naming credential.cardNumber and the Luhn rule, before any request", async () => {
    const valid = config.cardNumber;
    await setSecret("cardNumber", luhnFailing());
    skyvern.proxy.reset();
    const preview = await project.run("preview");
    assert.notEqual(preview.code, 0, `preview must fail:\n${preview.output}`);
    assert.match(preview.output, /company-card/);
    const failure = preview.output.split("\n").find((line) => line.includes("credential.cardNumber"));
    assert.ok(failure?.includes(LUHN_RULE), `one line names credential.cardNumber and the rule "${LUHN_RULE}":\n${preview.output}`);
    assert.deepEqual(requests(), []);
    await setSecret("cardNumber", valid);
    assert.deepEqual((await previewJson()).changeSummary, { same: 5 });
    assert.deepEqual(requests(), []);
  });

  it("rotating the password with `pulumi config set --secret` is one update of the same credential", async () => {
    await setSecret("githubPassword", canary("pw-rotated"));
    skyvern.proxy.reset();
    await project.ok("up", "--yes");
    assert.deepEqual(requests().map(withNames), ["POST /v1/credentials/{github-bot}/update"]);
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
    assert.deepEqual(requests().map(withNames), ["PATCH /v1/credentials/{stripe-key}"]);
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

  it("an out-of-band rename shows on refresh, and the next up puts the name back and rewrites the declared data with one update", async () => {
    await skyvern.direct.credentials.patch(ids["company-card"], { name: "renamed-in-the-ui" });
    skyvern.proxy.reset();
    // --skip-preview: the CLI's own refresh preview would read everything a first time.
    await project.ok("refresh", "--yes", "--skip-preview");
    const refreshRequests = requestsByResource();
    assert.equal((await outputsOf("company-card")).name, "renamed-in-the-ui");
    skyvern.proxy.reset();
    await project.ok("up", "--yes");
    // An edit made elsewhere may have rewritten the secret too (Skyvern's update replaces it): one
    // update puts back the name and the declared data together.
    assert.deepEqual(requests().map(withNames), ["POST /v1/credentials/{company-card}/update"]);
    assert.equal((await onServer(ids["company-card"]))?.name, "company-card");
    assert.deepEqual(await idsInState(), ids);
    assert.deepEqual(refreshRequests, {
      team: ["GET /v1/credential_folders/{team}"], "company-card": ["GET /v1/credentials/{company-card}"],
      "github-bot": ["GET /v1/credentials/{github-bot}", "GET /v1/credentials/{github-bot}/totp-code"], "stripe-key": ["GET /v1/credentials/{stripe-key}"],
    }, "refresh reads each resource once, and then the authenticator's code once");
  });

  it("an out-of-band delete is dropped by refresh, and the next up recreates it (new id) in its folder", async () => {
    const deleted = ids["stripe-key"];
    await skyvern.direct.credentials.delete(deleted);
    await project.ok("refresh", "--yes", "--skip-preview");
    assert.equal((await idsInState())["stripe-key"], undefined, "refresh dropped it from state");
    skyvern.proxy.reset();
    await project.ok("up", "--yes");
    recordIds(await idsInState());
    const recreated = ids["stripe-key"];
    assert.ok(recreated && recreated !== deleted, "a new credential");
    assert.deepEqual(requests().map(withNames), ["POST /v1/credentials", "PUT /v1/credentials/{stripe-key}/folder"], "created, then filed");
    const server = await onServer(recreated);
    assert.deepEqual([server?.credentialType, server?.name, server?.folderId], ["secret", "stripe-api-key-2026", ids.team]);
  });

  it("destroy deletes each resource with one request, after which the server answers 404", async () => {
    skyvern.proxy.reset();
    await project.ok("destroy", "--yes");
    assert.deepEqual(requestsByResource(), {
      team: ["DELETE /v1/credential_folders/{team}"], "company-card": ["POST /v1/credentials/{company-card}/delete"],
      "github-bot": ["POST /v1/credentials/{github-bot}/delete"], "stripe-key": ["POST /v1/credentials/{stripe-key}/delete"],
    });
    assert.equal(withNames(requests().at(-1) ?? ""), "DELETE /v1/credential_folders/{team}", "the folder goes last, once nothing is filed in it");
    for (const name of ["company-card", "github-bot", "stripe-key"]) assert.equal(await onServer(ids[name]), undefined, `${name} is gone`);
    assert.equal(await folderOnServer(ids.team), undefined, "the folder is gone");
    assert.deepEqual(await idsInState(), {});
  });
});
