/**
 * `pulumi up` killed with SIGKILL midway (a CI runner dying), then the documented recovery:
 * `npx pulumi-skyvern-recover --stack <stack>` and `pulumi up`. The server must end with exactly
 * the declared credentials: nothing duplicated by a second create, nothing orphaned.
 */
import assert from "node:assert/strict";
import { execFile, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { filesUnder } from "../support/canary";
import { CliProject } from "../support/cli-project";
import { PULUMI_ROOT } from "../support/engine";
import { PROJECT_ROOT } from "../support/paths";
import { waitForNoProcessesMarkedWith } from "../support/processes";
import { waitFor } from "../support/wait";
import { useProxiedSkyvern } from "../support/proxied-skyvern";
import { printedPlan, runRecoverTool as recover, StagedCreates } from "../support/recover-tool";

const COUNT = 100;
const run = promisify(execFile);

describe("reliability: recovery from a killed pulumi up", () => {
  const skyvern = useProxiedSkyvern();

  it(`converges after SIGKILL during the creation of ${COUNT} credentials, with no duplicates or orphans`, async () => {
    const prefix = `killed-${Date.now()}`;
    const program = `const { SkyvernCredential } = require("pulumi-skyvern");
for (let i = 0; i < ${COUNT}; i++) new SkyvernCredential("c" + i, { name: "${prefix}-" + i, credentialType: "secret", credential: { secretValue: "v" + i } });
`;
    // Every process the killed run starts inherits this marker, so the test can tell none is left.
    const marker = `sigkill-${process.pid}-${Date.now()}`;
    const project = CliProject.create("killed", "name: killed\nruntime: nodejs\nmain: index.js\n", { "index.js": program, "package.json": JSON.stringify({ name: "killed", private: true }) }, undefined, { PULUMI_SKYVERN_RUN_MARKER: marker });
    // The project depends on this package, so its bin is where `npx` looks, as in a user's project.
    await run("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline", "--silent", PROJECT_ROOT], { cwd: project.dir });
    await project.ok("stack", "init", "test");
    const backendDir = project.env.PULUMI_BACKEND_URL!.replace("file://", "");
    // The file backend's lock files (each with a `.attrs` sidecar, which is not a lock).
    const locksDir = path.join(backendDir, ".pulumi", "locks");
    const locks = () => (existsSync(locksDir) ? Object.keys(filesUnder(locksDir)).filter((file) => file.endsWith(".json")) : []);
    await project.ok("config", "set", "skyvern:baseUrl", skyvern.proxy.url);
    await project.ok("config", "set", "--secret", "skyvern:apiKey", process.env.SKYVERN_API_KEY!);

    // The first creates complete; the next ones wait at the proxy and land after the kill; every
    // later one waits and is dropped unsent, so it never lands.
    const staged = new StagedCreates({ credentials: { path: /^\/v1\/credentials$/, recorded: 30, landing: 4 } });
    skyvern.proxy.rule = staged.rule;
    skyvern.proxy.reset();
    const up = spawn(path.join(PULUMI_ROOT, "bin", "pulumi"), ["up", "--yes", "--non-interactive"], { cwd: project.dir, env: project.env, detached: true, stdio: "ignore" });
    const exited = new Promise((resolve) => up.on("exit", resolve));
    await waitFor(() => staged.readyToKill(2_000), 120_000, () => `creates held at every stage, then 2 s without a new one (saw ${JSON.stringify(staged.seen)})`);
    process.kill(-up.pid!, "SIGKILL"); // the CLI's process group; the engine starts its plugins in groups of their own
    await exited;
    // The language host, the program and the dynamic-provider host notice the engine is gone and exit.
    assert.deepEqual(await waitForNoProcessesMarkedWith(marker, 30_000), [], "no process of the killed run is left");
    staged.afterKill();
    await waitFor(() => skyvern.proxy.requests.every((r) => r.outcome !== "pending"), 30_000, () => "the held creates to land or be dropped");
    skyvern.proxy.rule = () => undefined;

    const killedState = await project.ok("stack", "export");
    assert.equal(locks().length, 1, "the killed run left its lock");
    const killed = JSON.parse(killedState).deployment;
    const pending: { urn: string; inputs: { name: string } }[] = (killed.pending_operations ?? []).filter((op: { type: string }) => op.type === "creating").map((op: { resource: unknown }) => op.resource);
    // What the server holds by name: a pending create landed exactly when its name is there.
    const serverIds = new Map<string, string>();
    for await (const credential of skyvern.direct.credentials.list({ search: `${prefix}-` })) serverIds.set(credential.name, credential.credentialId);
    const expectedImports = Object.fromEntries(pending.filter((r) => serverIds.has(r.inputs.name)).map((r) => [r.urn, serverIds.get(r.inputs.name)!]));
    const expectedClears = pending.filter((r) => !serverIds.has(r.inputs.name)).map((r) => r.urn).sort();
    assert.ok(Object.keys(expectedImports).length > 0, "some pending creates landed after the kill");
    assert.ok(expectedClears.length > 0, "some pending creates never landed");

    // --dry-run prints the plan and changes nothing: same state, lock still there.
    const dryRun = await recover(project, "--stack", "test", "--dry-run");
    assert.equal(dryRun.code, 0, dryRun.stderr);
    assert.match(dryRun.stdout, /dry run: nothing was changed/);
    const plan = printedPlan(dryRun.stdout);
    assert.deepEqual(Object.fromEntries(Object.entries(plan.imports).map(([urn, found]) => [urn, found.id])), expectedImports, "imported: each pending create that landed, with its id");
    assert.deepEqual(plan.clears.sort(), expectedClears, "cleared: each pending create that never landed");
    assert.equal(await project.ok("stack", "export"), killedState, "a dry run leaves state as it was");
    assert.equal(locks().length, 1, "a dry run leaves the lock");

    // Someone makes a look-alike of a landed create: several matches, so nothing changes and both are listed.
    const [urn, landedId] = Object.entries(expectedImports)[0];
    const landed = await skyvern.direct.credentials.get(landedId);
    const lookAlike = await skyvern.direct.credentials.create({ name: landed.name, credentialType: "secret", credential: { secretValue: "look-alike" } });
    const ambiguous = await recover(project, "--stack", "test");
    assert.equal(ambiguous.code, 2, `${ambiguous.stdout}${ambiguous.stderr}`);
    const listed = (id: string) => `${id} \\(created [^)]+\\)`;
    assert.match(ambiguous.stderr, new RegExp(`several candidates for ${urn.replace(/[$.*+?()[\]{}|\\^]/g, "\\$&")}: (${listed(landedId)}, ${listed(lookAlike.credentialId)}|${listed(lookAlike.credentialId)}, ${listed(landedId)})\n`));
    assert.match(ambiguous.stderr, /Nothing was changed\./);
    assert.equal(await project.ok("stack", "export"), killedState, "state is as the killed run left it");
    assert.equal(locks().length, 1, "the lock is still there: `pulumi cancel` did not run");
    await skyvern.direct.credentials.delete(lookAlike.credentialId);

    const { code, stdout, stderr } = await recover(project, "--stack", "test");
    assert.equal(code, 0, `${stdout}${stderr}`);
    const applied = printedPlan(stdout);
    assert.deepEqual(applied.imports, plan.imports, "the run imports what the dry run planned");
    assert.deepEqual(applied.clears.sort(), expectedClears, "and clears what it planned");
    assert.deepEqual(locks(), [], "the dead run's lock is gone");
    // The creates that never landed are dropped from state (no resource, no pending operation); those that landed are recorded.
    const recovered = JSON.parse(await project.ok("stack", "export")).deployment;
    assert.deepEqual(recovered.pending_operations ?? [], [], "no pending operation is left");
    const recoveredIds: Record<string, string> = Object.fromEntries(recovered.resources.map((r: { urn: string; id: string }) => [r.urn, r.id]));
    for (const dropped of expectedClears) assert.equal(recoveredIds[dropped], undefined, `${dropped}, never created, is dropped from state`);
    for (const [found, id] of Object.entries(expectedImports)) assert.equal(recoveredIds[found], id, `${found} is recorded with the id that landed`);
    const imported = Object.keys(expectedImports).length;
    const cleared = expectedClears.length;

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
