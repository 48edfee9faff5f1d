/**
 * The provider sends nothing anywhere but the configured base URL, and nothing at all when the
 * configuration or an id is unusable: through `pulumi up` of the README quickstart (a redirect to
 * another host is reported, not followed), at preview (plain http:// to a non-loopback host,
 * dynamic resource and native plugin, from stack config and from SKYVERN_BASE_URL), and for ids
 * from inputs and from state (`..` in an id never reaches a request path).
 */
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { CredentialInputError, FolderInputError, getSkyvernCredential, getSkyvernCredentialFolder } from "../../index";
import { assertNoCanaries, canary, canarySeed } from "../support/canary";
import { createTestStack } from "../support/engine";
import { createNativeProject, EMPTY_PROGRAM } from "../support/native-project";
import { useProxiedSkyvern } from "../support/proxied-skyvern";
import { readmeBlock, substitute } from "../support/readme";
import { RecordingServer, redirectingTo } from "../support/recording-server";
import { nodeBinFor, packedTarball, UserProject } from "../support/user-project";

/**
 * A plain-http base URL on a host that is not loopback. Under `.invalid` (RFC 2606), so it can never
 * resolve: no test traffic can leave this machine even with the check broken, and a request that
 * was tried anyway would fail with a connection error instead of the refusal the tests expect.
 */
const NON_LOOPBACK = { url: "http://skyvern-elsewhere.invalid:8000", hostPort: "skyvern-elsewhere.invalid:8000" };

const escaped = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

describe("provider: nothing is sent anywhere but the configured base URL", () => {
  let other: RecordingServer | undefined;
  let front: RecordingServer | undefined;
  afterEach(async () => {
    await other?.stop();
    await front?.stop();
    other = front = undefined;
  });

  it("`pulumi up` of the README quickstart against a base URL answering 307 to another host: that host gets no request, the run fails naming status and host", async () => {
    other = await RecordingServer.start("127.0.0.2");
    const frontBody = canary("frontbody");
    front = await RecordingServer.start("127.0.0.1", redirectingTo(() => other!.url, 307, frontBody));
    const project = UserProject.createEmpty("skyvern-credentials", nodeBinFor("current"), { create: false });
    const secrets = { GITHUB_PASSWORD: canary("qspw"), GITHUB_TOTP_SEED: canarySeed(), SKYVERN_API_KEY: process.env.SKYVERN_API_KEY! };
    const quickstart = substitute(readmeBlock("quickstart-shell"), [
      ["npm install pulumi-skyvern @pulumi/pulumi\n", `npm install ${await packedTarball()} @pulumi/pulumi --no-audit --no-fund --loglevel=error\n`],
      ["https://api.skyvern.com", front.url],
    ]);
    await project.shell(quickstart, { cwd: path.dirname(project.dir), env: secrets });
    writeFileSync(path.join(project.dir, "index.ts"), readmeBlock("quickstart-index.ts"));

    const result = await project.run("up", "--yes");
    assert.notEqual(result.code, 0, result.output);
    assert.match(result.output, new RegExp(`creating the credential: POST /v1/credentials failed with HTTP 307: a redirect to ${escaped(other.hostPort)}, not followed`));
    assert.deepEqual(other.requests.map((r) => `${r.method} ${r.path}`), [], "the other host received no request");
    assert.deepEqual(front.requests.map((r) => `${r.method} ${r.path}`), ["POST /v1/credentials"], "one request, to the configured base URL, not retried");
    assert.equal(front.requests[0].headers["x-api-key"], secrets.SKYVERN_API_KEY, "positive control: the key went to the configured base URL");
    assertNoCanaries([secrets.GITHUB_PASSWORD, secrets.GITHUB_TOTP_SEED, secrets.SKYVERN_API_KEY, frontBody], { transcript: project.transcript.join("\n") },
      { text: front.received(), canaries: [secrets.GITHUB_PASSWORD, secrets.GITHUB_TOTP_SEED] });
  });

  it("dynamic resource: a plain http:// base URL to a non-loopback host fails at preview naming skyvern:baseUrl, with 0 requests", async () => {
    const other = NON_LOOPBACK;
    const stack = await createTestStack({
      projectName: "plain-http",
      config: { "skyvern:baseUrl": other.url },
      program: async () => {
        const { SkyvernCredential, SkyvernCredentialFolder } = require("pulumi-skyvern") as typeof import("../../index");
        new SkyvernCredentialFolder("team", { title: "team" });
        new SkyvernCredential("c", { credentialType: "secret", credential: { secretValue: "not-sent" } });
      },
    });
    await assert.rejects(stack.preview(), (error: Error) => {
      assert.match(error.message, new RegExp(`skyvern:baseUrl must use https:// for ${escaped(other.hostPort)}: plain http:// is accepted only for a loopback host`));
      return true;
    });
  });
});

describe("provider: ids are checked where they enter", () => {
  const skyvern = useProxiedSkyvern();

  for (const [field, value] of [["adoptCredentialId", "cred_1/../../delete"], ["folderId", "cfld_../.."]] as const) {
    it(`rejects ${field} "${value}" at preview, naming the field, with no request`, async () => {
      const stack = await createTestStack({
        projectName: `bad-${field}`,
        config: { "skyvern:baseUrl": skyvern.proxy.url },
        program: async () => {
          const { SkyvernCredential } = require("pulumi-skyvern") as typeof import("../../index");
          new SkyvernCredential("c", { credentialType: "secret", credential: { secretValue: "x" }, [field]: value });
        },
      });
      await assert.rejects(stack.preview(), (error: Error) => {
        assert.match(error.message, new RegExp(`${field}.*must be a Skyvern id such as ${field === "folderId" ? "cfld_" : "cred_"}`));
        return true;
      });
      assert.equal(skyvern.proxy.requests.length, 0);
    });
  }

  it("lookups refuse a malformed id, naming the field, with no request", async () => {
    
    const saved = process.env.SKYVERN_BASE_URL;
    process.env.SKYVERN_BASE_URL = skyvern.proxy.url; // lookups read the environment; the proxy counts
    try {
      await assert.rejects(getSkyvernCredential({ credentialId: "cred_1/../../delete" }), (error: Error) =>
        error instanceof CredentialInputError && /credentialId: must be a Skyvern id such as cred_1234567890/.test(error.message));
      await assert.rejects(getSkyvernCredentialFolder({ folderId: "cfld_../.." }), (error: Error) =>
        error instanceof FolderInputError && /folderId: must be a Skyvern id such as cfld_1234567890/.test(error.message));
    } finally {
      process.env.SKYVERN_BASE_URL = saved;
    }
    assert.equal(skyvern.proxy.requests.length, 0);
  });

  it("an id in state with `..` fails refresh and destroy naming credentialId, sends nothing, and stays in state", async () => {
    const stack = await createTestStack({
      projectName: "state-id",
      config: { "skyvern:baseUrl": skyvern.proxy.url },
      program: async () => {
        const { SkyvernCredential } = require("pulumi-skyvern") as typeof import("../../index");
        new SkyvernCredential("c", { credentialType: "secret", credential: { secretValue: canary("stateid") } });
      },
    });
    await stack.up();
    const [created] = await stack.credentialResources();
    const tampered = "cred_1/../..";
    const deployment = await stack.stack.exportStack();
    for (const resource of deployment.deployment.resources) if (resource.id === created.id) resource.id = tampered;
    await stack.stack.importStack(deployment);
    skyvern.proxy.reset();
    for (const operation of [() => stack.refresh(), () => stack.destroy()]) {
      await assert.rejects(operation(), (error: Error) => {
        assert.match(error.message, /invalid credential input: credentialId: must be a Skyvern id such as cred_1234567890/);
        return true;
      });
    }
    assert.deepEqual(skyvern.proxy.requests.map((r) => `${r.method} ${r.path}`), [], "no request for a malformed id");
    assert.deepEqual((await stack.credentialResources()).map((r) => r.id), [tampered], "the resource is still in state");
    // Clean up: the real id back into state, then destroy.
    const restored = await stack.stack.exportStack();
    for (const resource of restored.deployment.resources) if (resource.id === tampered) resource.id = created.id;
    await stack.stack.importStack(restored);
    await stack.destroy();
    assert.deepEqual(await stack.credentialResources(), []);
  });
});

describe("native plugin: nothing is sent for an unusable base URL or id", () => {
  it("from stack config (CheckConfig, naming skyvern:baseUrl) and from SKYVERN_BASE_URL (Configure), with 0 requests; `pulumi import` of a malformed id sends nothing", async () => {
    const other = NON_LOOPBACK;
    const { project } = await createNativeProject("native-plain-http");
    writeFileSync(path.join(project.dir, "index.ts"), `import { Credential } from "pulumi-skyvern";
new Credential("c", { credentialType: "secret", credential: { secretValue: "not-sent" } });
`);
    await project.ok("stack", "init", "dev");
    await project.ok("config", "set", "--secret", "skyvern:apiKey", process.env.SKYVERN_API_KEY!);
    await project.ok("config", "set", "skyvern:baseUrl", other.url);
    const fromConfig = await project.run("preview");
    assert.notEqual(fromConfig.code, 0, fromConfig.output);
    // The engine's wording for a CheckConfig failure: the provider's settings are refused before it is configured.
    assert.match(fromConfig.output, new RegExp(`property baseUrl value \\{${escaped(other.url)}\\} has a problem: skyvern:baseUrl must use https:// for ${escaped(other.hostPort)}: plain http:// is accepted only for a loopback host`));

    await project.ok("config", "rm", "skyvern:baseUrl");
    project.env.SKYVERN_BASE_URL = other.url;
    const fromEnvironment = await project.run("preview");
    assert.notEqual(fromEnvironment.code, 0, fromEnvironment.output);
    assert.match(fromEnvironment.output, new RegExp(`skyvern:baseUrl \\(from SKYVERN_BASE_URL\\) must use https:// for ${escaped(other.hostPort)}`));

    // `pulumi import` of a malformed id: refused before the request path is built.
    const local = await RecordingServer.start("127.0.0.1");
    try {
      delete project.env.SKYVERN_BASE_URL;
      await project.ok("config", "set", "skyvern:baseUrl", local.url);
      writeFileSync(path.join(project.dir, "index.ts"), EMPTY_PROGRAM);
      const imported = await project.run("import", "skyvern:index:Credential", "imp", "cred_1/../../delete", "--yes", "--generate-code=false");
      assert.notEqual(imported.code, 0, imported.output);
      assert.match(imported.output, /invalid credential input: credentialId: must be a Skyvern id such as cred_1234567890/);
      assert.deepEqual(local.requests.map((r) => `${r.method} ${r.path}`), [], "no request for a malformed id");
    } finally {
      await local.stop();
    }
  });
});
