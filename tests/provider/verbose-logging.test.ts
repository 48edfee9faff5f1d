/**
 * What the README's security model says about verbose logs: up to `-v=8` the engine's logs hold no
 * secret of ours; at `-v=9` the engine logs every RPC property in plaintext, secrets and the API key
 * included (engine behaviour, not ours), which is why such logs must never be pasted anywhere.
 */
import assert from "node:assert/strict";
import { canary, findCanaries } from "../support/canary";
import { CliProject } from "../support/cli-project";

describe("verbose engine logs", () => {
  it("hold no secret up to -v=8 and every secret at -v=9", async () => {
    const secret = canary("verbose");
    const project = CliProject.create("verbose", "name: verbose\nruntime: nodejs\nmain: index.js\n", {
      "package.json": JSON.stringify({ name: "verbose", private: true }),
      "index.js": `const pulumi = require("@pulumi/pulumi");
const { SkyvernCredential } = require("pulumi-skyvern");
new SkyvernCredential("logged", { credentialType: "secret", credential: { secretValue: new pulumi.Config().requireSecret("value") } });
`,
    });
    await project.ok("stack", "init", "test");
    await project.ok("config", "set", "skyvern:baseUrl", process.env.SKYVERN_BASE_URL!);
    await project.ok("config", "set", "--secret", "skyvern:apiKey", process.env.SKYVERN_API_KEY!);
    await project.ok("config", "set", "--secret", "value", secret);
    const secrets = [secret, process.env.SKYVERN_API_KEY!];

    const atLevel8 = await project.ok("preview", "-v=8", "--logtostderr");
    assert.match(atLevel8, /RegisterResource|Unmarshaling|GRPC/i, "-v=8 does log the engine's RPCs");
    assert.deepEqual(findCanaries(secrets, { "-v=8": atLevel8 }), []);

    const atLevel9 = await project.ok("preview", "-v=9", "--logtostderr");
    assert.equal(findCanaries(secrets, { "-v=9": atLevel9 }).length, 2, "-v=9 prints the secret input and the API key");
  });
});
