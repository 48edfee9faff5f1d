/**
 * examples/yaml through Pulumi YAML's language host (built from the Go module proxy) and the
 * native provider plugin installed with the README's command for projects without node_modules
 * (`npx --yes --package <tarball> pulumi-skyvern install-plugin`, run outside the repository): a
 * folder and two credentials declared in Pulumi.yaml alone. Exact requests at a counting proxy;
 * canaries scanned in every CLI line, the state files and what the run wrote under PULUMI_HOME.
 */
import assert from "node:assert/strict";
import { mkdtempSync } from "node:fs";
import path from "node:path";
import { NotFoundError } from "../../sdk";
import { assertNoCanaries, canary, decryptedState, filesUnder, filesWrittenSince } from "../support/canary";
import { exampleProject } from "../support/example-project";
import { ARTIFACTS_DIR } from "../support/paths";
import { installedPlugin, installPluginFromTarball, packagedPlugin } from "../support/plugin-install";
import { useProxiedSkyvern } from "../support/proxied-skyvern";

describe("examples/yaml (native provider, Pulumi YAML)", () => {
  const skyvern = useProxiedSkyvern();
  const requests = () => skyvern.proxy.requests.map((request) => `${request.method} ${request.path}`);

  it("creates the folder and both credentials, rotates the password in place, destroys", async () => {
    const project = exampleProject("yaml");
    // A plugin store of the test's own, filled by the command the README gives users.
    const pulumiHome = mkdtempSync(path.join(ARTIFACTS_DIR, "pulumi-home-"));
    project.env.PULUMI_HOME = pulumiHome;
    await installPluginFromTarball(pulumiHome, project.env);
    assert.ok(installedPlugin(pulumiHome).equals(await packagedPlugin()), "the test's own PULUMI_HOME holds the packed package's plugin");
    const installedAt = Date.now();
    const secrets = { githubPassword: canary("yaml-gh"), stripeKey: canary("yaml-sk") };
    await project.ok("stack", "init", "test");
    await project.ok("config", "set", "skyvern:baseUrl", skyvern.proxy.url);
    await project.ok("config", "set", "--secret", "skyvern:apiKey", process.env.SKYVERN_API_KEY!);
    for (const [key, value] of Object.entries(secrets)) await project.ok("config", "set", "--secret", key, value);

    skyvern.proxy.reset();
    await project.ok("up", "--yes");
    const ids = JSON.parse(await project.ok("stack", "output", "--json"));
    assert.deepEqual(requests().sort(), [
      "POST /v1/credential_folders", "POST /v1/credentials", "POST /v1/credentials",
      `PUT /v1/credentials/${ids.githubBotId}/folder`, `PUT /v1/credentials/${ids.stripeKeyId}/folder`,
    ].sort());
    const bot = await skyvern.direct.credentials.get(ids.githubBotId);
    assert.equal(bot.folderId, ids.folderId);
    assert.equal(bot.testedUrl, "https://github.com/login");
    assert.equal((await skyvern.direct.folders.get(ids.folderId)).title, "Team logins");

    skyvern.proxy.reset();
    await project.ok("preview", "--expect-no-changes");
    assert.deepEqual(requests(), [], "a no-op preview makes no request");

    const rotated = canary("yaml-gh-rotated");
    await project.ok("config", "set", "--secret", "githubPassword", rotated);
    const preview = JSON.parse(await project.ok("preview", "--json"));
    const step = preview.steps.find((candidate: { urn: string }) => candidate.urn.endsWith("::github-bot"));
    assert.equal(step.op, "update");
    assert.deepEqual(Object.keys(step.detailedDiff), ["credential"], "the preview names the property");
    skyvern.proxy.reset();
    await project.ok("up", "--yes");
    assert.deepEqual(requests(), [`POST /v1/credentials/${ids.githubBotId}/update`]);
    assert.equal(JSON.parse(await project.ok("stack", "output", "--json")).githubBotId, ids.githubBotId, "same id");

    const state = await decryptedState(project);
    const canaries = [...Object.values(secrets), rotated];
    skyvern.proxy.reset();
    await project.ok("destroy", "--yes");
    assert.equal(requests().length, 3);
    for (const id of [ids.githubBotId, ids.stripeKeyId]) await assert.rejects(skyvern.direct.credentials.get(id), NotFoundError);
    // Under PULUMI_HOME only what the run wrote: the plugin's own bytes are not the run's.
    const pulumiHomeWritten = filesWrittenSince(pulumiHome, installedAt);
    assert.ok(Object.keys(pulumiHomeWritten).some((file) => file.includes(`${path.sep}workspaces${path.sep}`)), "the scan sees what the run wrote under PULUMI_HOME (the stack's workspace file)");
    assertNoCanaries(canaries, {
      transcript: project.transcript.join("\n"),
      ...filesUnder(project.env.PULUMI_BACKEND_URL!.replace("file://", "")),
      ...pulumiHomeWritten,
    }, { text: state, canaries: [secrets.stripeKey, rotated] });
  });
});
