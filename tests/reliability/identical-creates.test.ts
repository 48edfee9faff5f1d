/**
 * Two resources of one program declare credentials that look the same to the API (same name, type
 * and username) with different secrets, and their creates fail ambiguously: the first create's
 * response is lost after the server stored it, the second's request is lost before. The lookup
 * that settles each ambiguous create must never take the other's credential for its own: the
 * server ends with exactly two, each resource has its own id and its own secret, nothing deleted.
 */
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { codeMatchesSeed } from "../../provider/credential/totp-oracle";
import { assertNoCanaries, canary, canarySeed, decryptedState } from "../support/canary";
import { CliProject } from "../support/cli-project";
import { createNativeProject } from "../support/native-project";
import { vaultItemsNamed, type VaultItem } from "../support/local-vault";
import { PROJECT_ROOT } from "../support/paths";
import { useProxiedSkyvern } from "../support/proxied-skyvern";

const run = promisify(execFile);

/** Polls until `read` gives what `done` accepts; fails with what it waited for once `timeoutMs` has passed. */
async function waitFor<T>(read: () => T, done: (value: T) => boolean, timeoutMs: number, what: string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`gave up after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describe("reliability: identical declarations whose creates fail ambiguously", () => {
  const skyvern = useProxiedSkyvern();

  /** The twins' secrets and program; the names are shared, the secrets are each one's own. */
  function twinsFor() {
    return ["a", "b"].map((label) => ({ resource: `twin-${label}`, password: canary(`twin${label}`), seed: canarySeed() }));
  }

  /**
   * `pulumi up` with the first create's response lost after the server stored it and the second's
   * request lost before it, then every check of the scenario. `stateType` is the resources' type.
   */
  async function upAndCheck(project: CliProject, name: string, twins: ReturnType<typeof twinsFor>, stateType: string): Promise<void> {
    await project.ok("stack", "init", "test");
    await project.ok("config", "set", "skyvern:baseUrl", skyvern.proxy.url);
    await project.ok("config", "set", "--secret", "skyvern:apiKey", process.env.SKYVERN_API_KEY!);
    let creates = 0;
    skyvern.proxy.rule = (request) => {
      if (request.method !== "POST" || request.path !== "/v1/credentials") return undefined;
      creates++;
      if (creates === 1) return { kind: "reset-after" };
      if (creates === 2) return { kind: "reset-before" };
      return undefined;
    };
    await project.ok("up", "--yes");
    skyvern.proxy.rule = () => undefined;

    const state = JSON.parse(await project.ok("stack", "export"));
    const ids: Record<string, string> = Object.fromEntries(
      state.deployment.resources.filter((r: { type: string }) => r.type === stateType).map((r: { urn: string; id: string }) => [r.urn.split("::").pop(), r.id]),
    );
    assert.deepEqual(Object.keys(ids).sort(), ["twin-a", "twin-b"]);
    assert.notEqual(ids["twin-a"], ids["twin-b"], "each resource has its own credential");
    const onServer: string[] = [];
    for await (const credential of skyvern.direct.credentials.list({ search: name })) if (credential.name === name) onServer.push(credential.credentialId);
    assert.deepEqual(new Set(onServer), new Set(Object.values(ids)), "the server holds exactly the two credentials in state");
    assert.equal(onServer.length, 2);

    // Each id holds its own resource's seed: Skyvern's code for it is that seed's.
    for (const twin of twins) {
      const { code } = await skyvern.direct.credentials.totpCode(ids[twin.resource]);
      assert.equal(codeMatchesSeed(twin.seed, code), true, `${twin.resource}'s credential generates codes from ${twin.resource}'s seed`);
    }
    // And the vault holds each declaration's password with its seed, once each (booleans only: never print a canary).
    const items = await waitFor(() => vaultItemsNamed(name), (found) => found.length === 2, 15_000, "the vault to hold two items (a replaced one is deleted in the background)");
    const holds = (item: VaultItem, twin: (typeof twins)[number]) => item.credential.password === twin.password && item.credential.totp === twin.seed;
    assert.deepEqual(twins.map((twin) => items.filter((item) => holds(item, twin)).length), [1, 1], "each declaration's password and seed are stored together, once");

    assert.deepEqual(skyvern.proxy.requests.filter((r) => r.method === "POST" && r.path === "/v1/credentials").map((r) => r.outcome), [
      "reset-after (server said 201)", "reset-before", "forwarded 201",
    ], "one create stored with its answer lost, one never stored and sent again");
    assert.equal(skyvern.proxy.count("POST", /\/update$/), 1, "the stored one was adopted by its own resource (rewritten with the secret it already had)");
    assert.deepEqual(skyvern.proxy.requests.filter((r) => r.path.endsWith("/delete") || r.method === "DELETE").map((r) => r.path), [], "nothing was deleted");

    const secrets = twins.flatMap((t) => [t.password, t.seed]);
    assertNoCanaries(secrets, { cli: project.transcript.join("\n") }, { text: await decryptedState(project), canaries: secrets });
    await project.ok("destroy", "--yes");
  }

  const DECLARATIONS = (name: string, twins: ReturnType<typeof twinsFor>) => `for (const twin of ${JSON.stringify(twins)}) {
  new CREDENTIAL(twin.resource, {
    name: ${JSON.stringify(name)}, credentialType: "password",
    credential: { username: "same-user", password: twin.password, totp: twin.seed, totpType: "authenticator" },
  });
}
`;

  it("dynamic: two declarations with the same name and username, first create's response lost, second's request lost: two credentials, each its own id and secret, nothing deleted", async () => {
    const name = `twin-${Date.now()}`;
    const twins = twinsFor();
    const program = `const { SkyvernCredential: CREDENTIAL } = require("pulumi-skyvern");\n${DECLARATIONS(name, twins)}`;
    const project = CliProject.create("twins", "name: twins\nruntime: nodejs\nmain: index.js\n", { "index.js": program, "package.json": JSON.stringify({ name: "twins", private: true }) });
    await run("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline", "--silent", PROJECT_ROOT], { cwd: project.dir });
    await upAndCheck(project, name, twins, "pulumi-nodejs:dynamic:SkyvernCredential");
  });

  it("native: the same, through the pulumi-resource-skyvern plugin", async () => {
    const name = `twin-native-${Date.now()}`;
    const twins = twinsFor();
    const { project } = await createNativeProject("twinsnative");
    writeFileSync(path.join(project.dir, "index.ts"), `import { Credential as CREDENTIAL } from "pulumi-skyvern";\n${DECLARATIONS(name, twins)}`);
    await upAndCheck(project, name, twins, "skyvern:index:Credential");
  });
});
