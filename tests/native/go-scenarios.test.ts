/**
 * The native provider from a Go program: a copy of examples/go, driven with the plain CLI as the
 * README says for Go (plugin installed by `npx --yes --package <tarball> pulumi-skyvern
 * install-plugin`, run outside the repository, into a PULUMI_HOME of the test's own; the Go SDK
 * taken by name with `go get` from a module proxy serving this checkout's sdk/go as its release
 * would; the program built by the Go language host stand-in; secrets set with `pulumi config set
 * --secret`), against the real local Skyvern behind a counting proxy. Each step pins
 * the exact requests it made, each resource's in the order sent; after each, every CLI line, the
 * state files, `stack export`, and what the run wrote under PULUMI_HOME and the project directory
 * are scanned for the canary secrets, with the decrypted state (`stack export --show-secrets`) as
 * the positive control.
 */
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync } from "node:fs";
import path from "node:path";
import { Secret, TOTP } from "otpauth";
import { canary } from "../support/canary";
import { CliProject } from "../support/cli-project";
import { copyGoExample, go, GO_ENV, GO_SDK, GO_SDK_MODULE } from "../support/go-project";
import { getGoSdkByName, GO_SDK_VERSION, localGoProxy } from "../support/go-proxy";
import { ARTIFACTS_DIR } from "../support/paths";
import { installedPlugin, installPluginFromTarball, packagedPlugin } from "../support/plugin-install";
import { LUHN_RULE, luhnFailing, NativeScenario } from "../support/native-scenario";
import { useProxiedSkyvern } from "../support/proxied-skyvern";

describe("the native provider from a Go program (examples/go) through the plain CLI", function () {
  // Every preview and up builds the Go program first.
  this.timeout(10 * 60_000);
  const skyvern = useProxiedSkyvern();
  const run = new NativeScenario(skyvern);
  const { config, ids, recordIds, requests, withNames, requestsByResource, state, idsInState, onServer, folderOnServer, setSecret } = run;
  let project: CliProject;
  let pulumiHome: string;

  async function changeSummary(): Promise<Record<string, number>> {
    return JSON.parse(await project.ok("preview", "--json")).changeSummary;
  }

  before(async () => {
    const parent = mkdtempSync(path.join(ARTIFACTS_DIR, "go-scenarios-"));
    const dir = await copyGoExample("skyvern-go", parent);
    const goProxy = await localGoProxy();
    await getGoSdkByName(dir, goProxy);
    const sdk = JSON.parse(await go(dir, "list", "-m", "-json", GO_SDK_MODULE)) as { Version: string; Dir: string; Replace?: unknown };
    assert.equal(sdk.Version, GO_SDK_VERSION);
    assert.ok(!sdk.Replace && sdk.Dir.startsWith(GO_ENV.GOMODCACHE) && sdk.Dir !== GO_SDK, `the SDK comes from the module proxy, not the checkout: ${sdk.Dir}`);
    mkdirSync(path.join(parent, "state"));
    pulumiHome = path.join(parent, "pulumi-home");
    project = new CliProject(dir, `file://${path.join(parent, "state")}`, { PULUMI_HOME: pulumiHome, ...GO_ENV, ...goProxy });
    Object.assign(run, { project, pulumiHome });
    // Only stack config may tell the provider where Skyvern is: the proxy, not the server behind it.
    delete project.env.SKYVERN_BASE_URL;
    delete project.env.SKYVERN_API_KEY;

    // As the README says for Go: the plugin from the packed package, from outside any checkout.
    await installPluginFromTarball(pulumiHome, project.env);
    assert.ok(installedPlugin(pulumiHome).equals(await packagedPlugin()), "the test's own PULUMI_HOME holds the packed package's plugin");
    run.setUpDone();

    await run.initDevStack();
  });

  afterEach(async function () {
    if (this.currentTest?.state === "passed") await run.scanAfterStep();
  });

  it("up creates the folder, then each credential and files it there; the password arrives with its TOTP seed working", async () => {
    skyvern.proxy.reset();
    const up = await project.ok("up", "--yes");
    assert.match(up, /5 created/, "the stack, the folder and three credentials");
    recordIds(await idsInState());
    assert.deepEqual(Object.keys(ids).sort(), ["company-card", "github-bot", "stripe-key", "team"]);
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
    assert.deepEqual({ ...bot?.credential }, { ...bot?.credential, username: "bot@example.com", totpType: "authenticator" });
    assert.equal(bot?.folderId, ids.team);
    const { code } = await skyvern.direct.credentials.totpCode(ids["github-bot"]);
    assert.notEqual(new TOTP({ secret: Secret.fromBase32(config.githubTotpSeed) }).validate({ token: code, window: 1 }), null, "Skyvern's TOTP code is the one the declared seed gives");
    const card = await onServer(ids["company-card"]);
    assert.deepEqual([card?.credentialType, card?.name, card?.folderId], ["credit_card", "company-card", ids.team]);
    assert.deepEqual({ ...card?.credential }, { ...card?.credential, lastFour: config.cardNumber.slice(-4), brand: "visa" });
    const stripe = await onServer(ids["stripe-key"]);
    assert.deepEqual([stripe?.credentialType, stripe?.name], ["secret", "stripe-api-key"]);
    assert.equal((await folderOnServer(ids.team))?.title, "Team logins");

    for (const resource of (await state()).filter((r) => r.type === "skyvern:index:Credential")) {
      assert.ok((resource.inputs?.credential as { ciphertext?: string }).ciphertext, `${resource.urn}: the credential input is encrypted`);
      assert.ok((resource.outputs?.credential as { ciphertext?: string }).ciphertext, `${resource.urn}: the credential output is encrypted`);
    }
  });

  it("preview and `up --expect-no-changes` make no request", async () => {
    skyvern.proxy.reset();
    assert.deepEqual(await changeSummary(), { same: 5 });
    await project.ok("up", "--yes", "--expect-no-changes");
    assert.deepEqual(requests(), []);
  });

  it("a card number failing Luhn fails preview naming credential.cardNumber and the Luhn rule, before any request", async () => {
    const valid = config.cardNumber;
    await setSecret("cardNumber", luhnFailing());
    skyvern.proxy.reset();
    const preview = await project.run("preview");
    assert.notEqual(preview.code, 0, `preview must fail:\n${preview.output}`);
    const failure = preview.output.split("\n").find((line) => line.includes("credential.cardNumber"));
    assert.ok(failure?.includes(LUHN_RULE), `one line names credential.cardNumber and the rule "${LUHN_RULE}":\n${preview.output}`);
    assert.deepEqual(requests(), []);
    await setSecret("cardNumber", valid);
  });

  it("rotating the password with `pulumi config set --secret` is one update of the same credential", async () => {
    await setSecret("githubPassword", canary("pw-rotated"));
    skyvern.proxy.reset();
    await project.ok("up", "--yes");
    assert.deepEqual(requests().map(withNames), ["POST /v1/credentials/{github-bot}/update"]);
    assert.deepEqual(await idsInState(), ids);
    const { code } = await skyvern.direct.credentials.totpCode(ids["github-bot"]);
    assert.notEqual(new TOTP({ secret: Secret.fromBase32(config.githubTotpSeed) }).validate({ token: code, window: 1 }), null, "the rewrite kept the seed");
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
