/**
 * `pulumi up` killed with SIGKILL midway (a CI runner dying), then the documented recovery:
 * `npx pulumi-skyvern-recover --stack <stack>` and `pulumi up`. The server must end with exactly
 * the declared credentials: nothing duplicated by a second create, nothing orphaned.
 */
import assert from "node:assert/strict";
import { execFile, spawn } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { CliProject } from "../support/cli-project";
import { PULUMI_ROOT } from "../support/engine";
import { PROJECT_ROOT } from "../support/paths";
import { useProxiedSkyvern } from "../support/proxied-skyvern";

const COUNT = 100;
const run = promisify(execFile);

describe("reliability: recovery from a killed pulumi up", () => {
  const skyvern = useProxiedSkyvern();

  it(`converges after SIGKILL during the creation of ${COUNT} credentials, with no duplicates or orphans`, async () => {
    const prefix = `killed-${Date.now()}`;
    const program = `const { SkyvernCredential } = require("pulumi-skyvern");
for (let i = 0; i < ${COUNT}; i++) new SkyvernCredential("c" + i, { name: "${prefix}-" + i, credentialType: "secret", credential: { secretValue: "v" + i } });
`;
    const project = CliProject.create("killed", "name: killed\nruntime: nodejs\nmain: index.js\n", { "index.js": program });
    await project.ok("stack", "init", "test");
    await project.ok("config", "set", "skyvern:baseUrl", skyvern.proxy.url);
    await project.ok("config", "set", "--secret", "skyvern:apiKey", process.env.SKYVERN_API_KEY!);

    // Slow creates down so several are in flight, and land on the server, after the kill.
    skyvern.proxy.rule = (request) => (request.method === "POST" ? { kind: "delay", ms: 500 } : undefined);
    skyvern.proxy.reset();
    const up = spawn(path.join(PULUMI_ROOT, "bin", "pulumi"), ["up", "--yes", "--non-interactive"], { cwd: project.dir, env: project.env, detached: true, stdio: "ignore" });
    const exited = new Promise((resolve) => up.on("exit", resolve));
    while (skyvern.proxy.count("POST", /^\/v1\/credentials$/) < 40) await new Promise((resolve) => setTimeout(resolve, 50));
    process.kill(-up.pid!, "SIGKILL"); // the CLI, its language host and the provider process
    await exited;
    await new Promise((resolve) => setTimeout(resolve, 2_000)); // let the in-flight creates land
    skyvern.proxy.rule = () => undefined;

    const { stdout } = await run("node", [path.join(PROJECT_ROOT, "dist", "provider", "recover-cli.js"), "--stack", "test"], { cwd: project.dir, env: project.env });
    const imported = (stdout.match(/found on the server/g) ?? []).length;
    const cleared = (stdout.match(/never created/g) ?? []).length;
    assert.ok(imported + cleared > 0, `the kill left pending creates to resolve:\n${stdout}`);
    assert.ok(imported > 0, `creates that landed after the kill were found and imported:\n${stdout}`);

    await project.ok("up", "--yes");
    const state = JSON.parse(await project.ok("stack", "export"));
    const inState = state.deployment.resources.filter((r: { type: string }) => r.type.endsWith(":SkyvernCredential"));
    const onServer = [];
    for await (const credential of skyvern.direct.credentials.list({ search: `${prefix}-` })) onServer.push(credential);
    assert.equal(inState.length, COUNT);
    assert.equal(onServer.length, COUNT, `no duplicates or orphans: the server holds ${onServer.length}`);
    assert.equal(new Set(onServer.map((c) => c.name)).size, COUNT, "one credential per name");
    assert.deepEqual(new Set(onServer.map((c) => c.credentialId)), new Set(inState.map((r: { id: string }) => r.id)));
    assert.equal((state.deployment.pending_operations ?? []).length, 0);

    await project.ok("destroy", "--yes");
    console.log(`      recovery imported ${imported} and cleared ${cleared} pending creates`);
  });
});
