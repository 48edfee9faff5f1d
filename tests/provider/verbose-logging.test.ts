/**
 * What the README's security model says about verbose logs: up to `-v=8` the engine's logs hold no
 * secret of ours, through a whole `up` (create, then a rotation) of the dynamic resource and of
 * the native plugin; at `-v=9` the engine logs every RPC property in plaintext, secrets and the API
 * key included (engine behaviour, not ours), which is why such logs must never be pasted anywhere.
 * The secrets come from secret stack config and, for a user context, from `pulumi.secret` of an
 * environment variable (a value the engine cannot know is secret until the program says so): the
 * Node.js SDK's own debug line of each registered resource shows that one in plaintext from -v=3,
 * which this test pins so the README's warning stays true.
 * Every line the CLI printed and every file written under the run's own TMPDIR (where the engine
 * would put log files) is scanned; `pulumi stack export --show-secrets` is the positive control.
 */
import assert from "node:assert/strict";
import { mkdtempSync } from "node:fs";
import path from "node:path";
import { assertNoCanaries, canary, decryptedState, filesUnder, findCanaries } from "../support/canary";
import { CliProject } from "../support/cli-project";
import { createNativeProject, initStack } from "../support/native-project";
import { ARTIFACTS_DIR } from "../support/paths";

/**
 * The Node.js SDK's own debug line for each resource (`RegisterResource RPC finished: ... resp:`,
 * from @pulumi/pulumi's resource.ts, shown from -v=3) prints the resource's outputs; the engine's
 * log filter masks there only the secrets it knows from stack config.
 */
const SDK_REGISTER_LINE = /RegisterResource RPC finished/;

/**
 * Runs `up` at -v=8 twice (create, then a rotation of every secret) and scans what each printed and
 * wrote: no line holds the API key or a secret from stack config, and no line but the SDK's own
 * register line holds the secret the program made with `pulumi.secret` (which that line shows).
 */
async function upVerboselyTwice(project: CliProject, decryptedState: () => Promise<string>): Promise<void> {
  const tmp = mkdtempSync(path.join(ARTIFACTS_DIR, "verbose-tmp-"));
  project.env.TMPDIR = tmp;
  const configSecrets: string[] = [process.env.SKYVERN_API_KEY!];
  const programSecrets: string[] = [];
  const printed: Record<string, string> = {};
  const sdkLines: Record<string, string> = {};
  for (const step of ["create", "rotation"]) {
    const value = canary(`verbose${step}`);
    const context = canary(`verbosecontext${step}`);
    configSecrets.push(value);
    programSecrets.push(context);
    await project.ok("config", "set", "--secret", "value", value);
    project.env.VERBOSE_USER_CONTEXT = context;
    const up = await project.ok("up", "--yes", "-v=8", "--logtostderr");
    assert.match(up, /RegisterResource|Unmarshaling|GRPC/i, "-v=8 does log the engine's RPCs");
    assert.match(up, step === "create" ? /created/ : /updated/);
    const lines = up.split("\n");
    printed[`up -v=8 (${step})`] = lines.filter((line) => !SDK_REGISTER_LINE.test(line)).join("\n");
    sdkLines[`up -v=8 (${step}), the SDK's register lines`] = lines.filter((line) => SDK_REGISTER_LINE.test(line)).join("\n");
    const control = { text: await decryptedState(), canaries: [value, context, process.env.SKYVERN_API_KEY!] };
    assertNoCanaries([...configSecrets, ...programSecrets], { ...printed, ...filesUnder(tmp) }, control);
    assertNoCanaries(configSecrets, sdkLines, control);
    assert.deepEqual(findCanaries([context], sdkLines).length, 1, "the SDK's register line shows the program-made secret (Pulumi behaviour the README warns about)");
  }
}

describe("verbose engine logs", () => {
  it("hold no secret through `up` (create and rotation) of the dynamic resource at -v=8", async () => {
    const project = CliProject.create("verbose", "name: verbose\nruntime: nodejs\nmain: index.js\n", {
      "package.json": JSON.stringify({ name: "verbose", private: true }),
      "index.js": `const pulumi = require("@pulumi/pulumi");
const { SkyvernCredential } = require("pulumi-skyvern");
new SkyvernCredential("logged", {
  credentialType: "secret",
  credential: { secretValue: new pulumi.Config().requireSecret("value") },
  userContext: pulumi.secret(process.env.VERBOSE_USER_CONTEXT),
});
`,
    });
    await project.ok("stack", "init", "test");
    await project.ok("config", "set", "skyvern:baseUrl", process.env.SKYVERN_BASE_URL!);
    await project.ok("config", "set", "--secret", "skyvern:apiKey", process.env.SKYVERN_API_KEY!);
    await upVerboselyTwice(project, () => decryptedState(project));
    await project.ok("destroy", "--yes");
  });

  it("hold no secret through `up` (create and rotation) of the native plugin at -v=8", async () => {
    const { project } = await createNativeProject("verbose-native");
    project.write("index.ts", `import * as pulumi from "@pulumi/pulumi";
import { Credential } from "pulumi-skyvern";
new Credential("logged", {
  credentialType: "secret",
  credential: { secretValue: new pulumi.Config().requireSecret("value") },
  userContext: pulumi.secret(process.env.VERBOSE_USER_CONTEXT!),
});
`);
    await initStack(project, "test", process.env.SKYVERN_BASE_URL!);
    await upVerboselyTwice(project, () => project.decryptedState());
    await project.ok("destroy", "--yes");
  });

  it("hold every secret at -v=9 (the engine logs RPC properties in plaintext)", async () => {
    const secret = canary("verbose");
    const project = CliProject.create("verbose9", "name: verbose9\nruntime: nodejs\nmain: index.js\n", {
      "package.json": JSON.stringify({ name: "verbose9", private: true }),
      "index.js": `const pulumi = require("@pulumi/pulumi");
const { SkyvernCredential } = require("pulumi-skyvern");
new SkyvernCredential("logged", { credentialType: "secret", credential: { secretValue: new pulumi.Config().requireSecret("value") } });
`,
    });
    await project.ok("stack", "init", "test");
    await project.ok("config", "set", "skyvern:baseUrl", process.env.SKYVERN_BASE_URL!);
    await project.ok("config", "set", "--secret", "skyvern:apiKey", process.env.SKYVERN_API_KEY!);
    await project.ok("config", "set", "--secret", "value", secret);
    const atLevel9 = await project.ok("preview", "-v=9", "--logtostderr");
    assert.equal(findCanaries([secret, process.env.SKYVERN_API_KEY!], { "-v=9": atLevel9 }).length, 2, "-v=9 prints the secret input and the API key");
  });
});
