/**
 * The recovery plan's rule, against the real server: a pending create is matched only by a
 * credential (same name, type and visible fields) or folder (same title and description) that no
 * resource manages and whose id says it was created after the interrupted update started. What
 * is older is left out and named; what is managed is never taken.
 */
import assert from "node:assert/strict";
import { planRecovery, type PendingCreate } from "../../provider/recovery/recover";
import { SkyvernClient } from "../../sdk";
import { ID_CLOCK_TOLERANCE_MS, skyvernIdCreatedAtMs } from "../../sdk/ids";

describe("reliability: what pulumi-skyvern-recover counts as an interrupted create", () => {
  let client: SkyvernClient;
  before(() => { client = new SkyvernClient(); });
  const created: { credentials: string[]; folders: string[] } = { credentials: [], folders: [] };
  after(async () => {
    for (const id of created.credentials) await client.credentials.delete(id);
    for (const id of created.folders) await client.folders.delete(id);
    client.close();
  });

  async function serverHolds(run: string) {
    const credential = await client.credentials.create({ name: `plan-${run}`, credentialType: "secret", credential: { secretValue: "kept", secretLabel: "label" } });
    const folder = await client.folders.create({ title: `plan-folder-${run}`, description: "team" });
    created.credentials.push(credential.credentialId);
    created.folders.push(folder.folderId);
    return { credentialId: credential.credentialId, folderId: folder.folderId };
  }

  const pendingFor = (run: string, folderDescription = "team"): PendingCreate[] => [
    { urn: `urn:pulumi:test::p::skyvern:index:Credential::c-${run}`, kind: "credential", inputs: { name: `plan-${run}`, credentialType: "secret", credential: { secretValue: "declared", secretLabel: "label" } } },
    { urn: `urn:pulumi:test::p::skyvern:index:CredentialFolder::f-${run}`, kind: "folder", inputs: { title: `plan-folder-${run}`, description: folderDescription } },
  ];

  it("imports a credential and a folder created after the update started, with their creation times", async () => {
    const run = `new-${Date.now()}`;
    const startedAt = Date.now();
    const { credentialId, folderId } = await serverHolds(run);
    const [credential, folder] = pendingFor(run);
    const plan = await planRecovery(client, pendingFor(run), new Set(), startedAt);
    assert.deepEqual(plan.imports, {
      [credential.urn]: { id: credentialId, createdAtMs: skyvernIdCreatedAtMs(credentialId) },
      [folder.urn]: { id: folderId, createdAtMs: skyvernIdCreatedAtMs(folderId) },
    });
    assert.deepEqual(plan.clears, []);
  });

  it("clears, and names, a look-alike created before the update started", async () => {
    const run = `old-${Date.now()}`;
    const { credentialId, folderId } = await serverHolds(run);
    // The update started well after these were made (more than the clock tolerance later).
    const startedAt = Math.max(skyvernIdCreatedAtMs(credentialId)!, skyvernIdCreatedAtMs(folderId)!) + ID_CLOCK_TOLERANCE_MS + 2_000;
    const [credential, folder] = pendingFor(run);
    const plan = await planRecovery(client, pendingFor(run), new Set(), startedAt);
    assert.deepEqual(plan.imports, {});
    assert.deepEqual(plan.clears, [credential.urn, folder.urn]);
    assert.deepEqual(Object.fromEntries(Object.entries(plan.tooOld).map(([urn, old]) => [urn, old.map((c) => c.id)])), { [credential.urn]: [credentialId], [folder.urn]: [folderId] });
  });

  it("never takes what a resource of the stack already manages, nor a folder whose description differs", async () => {
    const run = `managed-${Date.now()}`;
    const startedAt = Date.now();
    const { credentialId } = await serverHolds(run);
    const [credential, folder] = pendingFor(run, "another team");
    const plan = await planRecovery(client, [credential, folder], new Set([credentialId]), startedAt);
    assert.deepEqual(plan.imports, {});
    assert.deepEqual(plan.clears, [credential.urn, folder.urn]);
  });
});
