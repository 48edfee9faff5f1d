/**
 * The native provider's `pulumi up` killed with SIGKILL midway, with folders and credentials in
 * flight, then the documented recovery: `npx pulumi-skyvern-recover --stack <stack> --dry-run`,
 * the same without `--dry-run`, and `pulumi up`. The proxy stages the kill (StagedCreates): some
 * creates of each type complete before it, some land on the server after it, the rest never land. The dry run's plan must be exactly what the
 * server says: each pending create that landed imported with its id, each one that did not cleared.
 */
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync, writeFileSync } from "node:fs";
import path from "node:path";
import { skyvernIdCreatedAtMs } from "../../sdk/ids";
import { filesUnder } from "../support/canary";
import { PULUMI_ROOT } from "../support/engine";
import { createNativeProject, initStack } from "../support/native-project";
import { waitForNoProcessesMarkedWith } from "../support/processes";
import { waitFor } from "../support/wait";
import { useProxiedSkyvern } from "../support/proxied-skyvern";
import { printedPlan, runRecoverTool, StagedCreates } from "../support/recover-tool";

const CREDENTIALS = 24;
const FOLDERS = 4;
/** Per type: creates recorded in state before the kill, and creates that land on the server after it. */
const STAGES = {
  credentials: { path: /^\/v1\/credentials$/, recorded: 6, landing: 3 },
  folders: { path: /^\/v1\/credential_folders$/, recorded: 1, landing: 1 },
};

interface ExportedResource { urn: string; type: string; id?: string; inputs: Record<string, unknown> }
interface Exported { deployment: { resources?: ExportedResource[]; pending_operations?: { type: string; resource: ExportedResource }[] } }

describe("reliability: recovery from a killed pulumi up of the native provider", () => {
  const skyvern = useProxiedSkyvern();

  it(`plans exactly what the server holds after SIGKILL during ${CREDENTIALS} credential and ${FOLDERS} folder creates, then converges with every declaration once`, async () => {
    const prefix = `knat-${Date.now()}`;
    const { project } = await createNativeProject("killednative");
    await initStack(project, "test", skyvern.proxy.url);
    // Every create in flight at once, in the engine (`--parallel`, below) and in the client: with
    // either at its default of 8, held credential creates could take every slot before a folder
    // create starts (the engine does not always start them in program order), and no folder would
    // reach its stages.
    await project.ok("config", "set", "skyvern:maxConcurrency", String(CREDENTIALS + FOLDERS));
    writeFileSync(path.join(project.dir, "index.ts"), `import { Credential, CredentialFolder } from "pulumi-skyvern";
for (let i = 0; i < ${FOLDERS}; i++) new CredentialFolder("f" + i, { title: "${prefix}-folder-" + i });
for (let i = 0; i < ${CREDENTIALS}; i++) new Credential("c" + i, { name: "${prefix}-" + i, credentialType: "secret", credential: { secretValue: "v" + i } });
`);
    const locksDir = path.join(project.backendDir, ".pulumi", "locks");
    const locks = () => (existsSync(locksDir) ? Object.keys(filesUnder(locksDir)).filter((file) => file.endsWith(".json")) : []);

    // The first creates of each type complete; the next ones wait at the proxy and land after the
    // kill; every later one waits and is dropped unsent, so it never lands.
    const staged = new StagedCreates(STAGES);
    skyvern.proxy.rule = staged.rule;
    const up = spawn(path.join(PULUMI_ROOT, "bin", "pulumi"), ["up", "--yes", "--non-interactive", "--parallel", String(CREDENTIALS + FOLDERS)], { cwd: project.dir, env: project.env, detached: true, stdio: "ignore" });
    const exited = new Promise((resolve) => up.on("exit", resolve));
    await waitFor(() => staged.readyToKill(2_000), 300_000, () => `creates held at every stage, then 2 s without a new one (saw ${JSON.stringify(staged.seen)})`);
    process.kill(-up.pid!, "SIGKILL"); // the CLI's process group; the engine starts its plugins in groups of their own
    await exited;
    assert.deepEqual(await waitForNoProcessesMarkedWith(project.runMarker, 30_000), [], "no process of the killed run is left");
    staged.afterKill();
    await waitFor(() => skyvern.proxy.requests.every((r) => r.outcome !== "pending"), 30_000, () => "the held creates to land or be dropped");
    skyvern.proxy.rule = () => undefined;

    const killedState = await project.ok("stack", "export");
    const exported = JSON.parse(killedState) as Exported;
    const pending = (exported.deployment.pending_operations ?? []).filter((op) => op.type === "creating").map((op) => op.resource);
    const recorded = (exported.deployment.resources ?? []).filter((r) => r.type.startsWith("skyvern:index:"));
    assert.ok(pending.some((r) => r.type === "skyvern:index:Credential") && pending.some((r) => r.type === "skyvern:index:CredentialFolder"), "the kill left creates of both types pending");
    assert.equal(locks().length, 1, "the killed run left its lock");

    // What the server holds, by name (credentials) and title (folders): the truth the plan must match.
    const serverIds = new Map<string, string[]>();
    const add = (key: string, id: string) => serverIds.set(key, [...(serverIds.get(key) ?? []), id]);
    for await (const credential of skyvern.direct.credentials.list({ search: prefix })) add(credential.name, credential.credentialId);
    for await (const folder of skyvern.direct.folders.list({ search: prefix })) add(folder.title, folder.folderId);
    assert.ok([...serverIds.values()].every((ids) => ids.length === 1), "each create reached the server at most once");
    const recordedIds = new Set(recorded.map((r) => r.id));
    const keyOf = (r: ExportedResource) => String(r.type === "skyvern:index:Credential" ? r.inputs.name : r.inputs.title);
    const expectedImports = Object.fromEntries(pending.filter((r) => serverIds.has(keyOf(r))).map((r) => [r.urn, serverIds.get(keyOf(r))![0]]));
    const expectedClears = pending.filter((r) => !serverIds.has(keyOf(r))).map((r) => r.urn).sort();
    assert.ok(Object.keys(expectedImports).length > 0, "some pending creates landed after the kill");
    assert.ok(expectedClears.length > 0, "some pending creates never landed");
    assert.ok(Object.values(expectedImports).every((id) => !recordedIds.has(id)), "what landed after the kill is not in state");

    // The dry run's plan is exactly that, with each id's creation time, and changes nothing.
    const dryRun = await runRecoverTool(project, "--stack", "test", "--dry-run");
    assert.equal(dryRun.code, 0, `${dryRun.stdout}${dryRun.stderr}`);
    assert.match(dryRun.stdout, /dry run: nothing was changed/);
    const plan = printedPlan(dryRun.stdout);
    assert.equal(plan.startSource, "the interrupted run's lock");
    assert.deepEqual(Object.fromEntries(Object.entries(plan.imports).map(([urn, found]) => [urn, found.id])), expectedImports, "imported: each pending create that landed, with its server id");
    assert.deepEqual(plan.clears.sort(), expectedClears, "cleared: each pending create that never landed");
    assert.deepEqual(plan.tooOld, [], "no look-alike older than the update");
    for (const found of Object.values(plan.imports)) {
      assert.equal(found.createdAtMs, skyvernIdCreatedAtMs(found.id), "the printed creation time is the id's");
      assert.ok(found.createdAtMs >= Math.floor(plan.startedAtMs / 1000) * 1000, "created after the update started");
    }
    assert.equal(await project.ok("stack", "export"), killedState, "a dry run leaves state as it was");
    assert.equal(locks().length, 1, "a dry run leaves the lock");

    const applied = await runRecoverTool(project, "--stack", "test");
    assert.equal(applied.code, 0, `${applied.stdout}${applied.stderr}`);
    assert.deepEqual(locks(), [], "the dead run's lock is gone");
    const recovered = JSON.parse(await project.ok("stack", "export")) as Exported;
    assert.deepEqual(recovered.deployment.pending_operations ?? [], [], "no pending operation is left");
    const recoveredIds = Object.fromEntries((recovered.deployment.resources ?? []).map((r) => [r.urn, r.id]));
    for (const [urn, id] of Object.entries(expectedImports)) assert.equal(recoveredIds[urn], id, `${urn} is recorded with the id that landed`);
    for (const urn of expectedClears) assert.equal(recoveredIds[urn], undefined, `${urn}, never created, is dropped from state`);

    await project.ok("refresh", "--yes");
    await project.ok("up", "--yes");
    const final = (JSON.parse(await project.ok("stack", "export")) as Exported).deployment;
    const finalResources = (final.resources ?? []).filter((r) => r.type.startsWith("skyvern:index:"));
    const credentialsOnServer = [];
    for await (const credential of skyvern.direct.credentials.list({ search: `${prefix}-` })) credentialsOnServer.push(credential);
    const foldersOnServer = [];
    for await (const folder of skyvern.direct.folders.list({ search: `${prefix}-folder-` })) foldersOnServer.push(folder);
    assert.equal(credentialsOnServer.length, CREDENTIALS, `no duplicates or orphans: the server holds ${credentialsOnServer.length} credentials`);
    assert.equal(new Set(credentialsOnServer.map((c) => c.name)).size, CREDENTIALS, "every declared credential exactly once");
    assert.equal(foldersOnServer.length, FOLDERS, `the server holds ${foldersOnServer.length} folders`);
    assert.equal(new Set(foldersOnServer.map((f) => f.title)).size, FOLDERS, "every declared folder exactly once");
    assert.deepEqual(new Set(finalResources.map((r) => r.id)), new Set([...credentialsOnServer.map((c) => c.credentialId), ...foldersOnServer.map((f) => f.folderId)]), "state and server agree");
    assert.deepEqual(final.pending_operations ?? [], []);

    await project.ok("destroy", "--yes");
    console.log(`      recovery imported ${Object.keys(expectedImports).length} and cleared ${expectedClears.length} of ${pending.length} pending creates (${recorded.length} recorded before the kill)`);
  });
});
