/**
 * What users get: this package packed with `npm pack` and installed into a fresh project from the
 * tarball (npm's cache first, the registry for anything missing), driven through the plain CLI.
 * Installed under node_modules, each resource's `__provider` is a single require of the runtime
 * instead of the 2 KB linked-package shell.
 */
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { NotFoundError } from "../../sdk";
import { assertNoCanaries, canary, decryptedState, filesUnder } from "../support/canary";
import { CliProject } from "../support/cli-project";
import { useProxiedSkyvern } from "../support/proxied-skyvern";
import { packedTarball } from "../support/user-project";

const run = promisify(execFile);

describe("the package as installed from a tarball", () => {
  const skyvern = useProxiedSkyvern();

  it("runs the whole lifecycle with a __provider of one require()", async () => {
    const tarball = await packedTarball();

    const secret = canary("installed");
    const project = CliProject.create("installed", "name: installed\nruntime: nodejs\nmain: index.js\n", {
      "package.json": JSON.stringify({ name: "installed-consumer", private: true }),
      "index.js": `const { SkyvernCredential } = require("pulumi-skyvern");
const c = new SkyvernCredential("api", { credentialType: "secret", credential: { secretValue: process.env.TEST_SECRET, secretLabel: "installed" } });
module.exports = { credentialId: c.credentialId };
`,
    }, undefined, { TEST_SECRET: secret });
    await run("npm", ["install", tarball, "--prefer-offline", "--no-audit", "--no-fund", "--silent"], { cwd: project.dir, maxBuffer: 64 << 20 });

    await project.ok("stack", "init", "test");
    await project.ok("config", "set", "skyvern:baseUrl", skyvern.proxy.url);
    await project.ok("config", "set", "--secret", "skyvern:apiKey", process.env.SKYVERN_API_KEY!);
    await project.ok("up", "--yes");
    const state = JSON.parse(await project.ok("stack", "export"));
    const resource = state.deployment.resources.find((r: { type: string }) => r.type.endsWith(":SkyvernCredential"));
    const provider: string = resource.inputs.__provider;
    assert.match(provider, /require\("pulumi-skyvern\/provider-runtime"\)/);
    assert.ok(provider.length < 300, `__provider is ${provider.length} bytes`);
    assert.equal(resource.outputs.secretLabel, "installed");
    console.log(`      __provider ${provider.length} bytes; the credential's whole state entry ${JSON.stringify(resource).length} bytes`);

    // As the README says: a plain `refresh --yes` previews first, reading every credential twice;
    // --skip-preview reads once.
    skyvern.proxy.reset();
    await project.ok("refresh", "--yes");
    assert.deepEqual(skyvern.proxy.requests.map((r) => `${r.method} ${r.path}`), [`GET /v1/credentials/${resource.id}`, `GET /v1/credentials/${resource.id}`]);
    skyvern.proxy.reset();
    await project.ok("refresh", "--yes", "--skip-preview");
    assert.equal(skyvern.proxy.count("GET"), 1, "refresh through the stored __provider reads the credential");
    const control = { text: await decryptedState(project), canaries: [secret] };
    await project.ok("destroy", "--yes");
    await assert.rejects(skyvern.direct.credentials.get(resource.id), NotFoundError);

    const stateFiles = filesUnder(project.env.PULUMI_BACKEND_URL!.replace("file://", ""));
    assertNoCanaries([secret, process.env.SKYVERN_API_KEY!], { transcript: project.transcript.join("\n"), ...stateFiles }, control);
  });
});
