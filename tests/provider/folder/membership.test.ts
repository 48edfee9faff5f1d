/**
 * A credential filed in a folder declared in the same program, through the real engine: created
 * in it, moved between folders with one folder call, and when someone deletes the folder in the
 * Skyvern UI (which moves its credentials out), `pulumi refresh` shows both changes and the next
 * `pulumi up` recreates the folder and puts the credential back in it, keeping the credential's id.
 */
import assert from "node:assert/strict";
import { createTestStack, type TestStack } from "../../support/engine";
import { useProxiedSkyvern } from "../../support/proxied-skyvern";

type Outputs = { credentialId: string; credentialFolderId: string; folderIds: Record<string, string> };

describe("a credential in a declared folder", () => {
  const skyvern = useProxiedSkyvern();
  let stack: TestStack;
  let folderOfCredential = "finance";
  const stamp = Date.now();

  const program = async () => {
    const { SkyvernCredential, SkyvernCredentialFolder } = require("pulumi-skyvern") as typeof import("../../../index");
    const folders = {
      finance: new SkyvernCredentialFolder("finance", { title: `finance-${stamp}` }),
      ops: new SkyvernCredentialFolder("ops", { title: `ops-${stamp}` }),
    };
    const credential = new SkyvernCredential("filed", {
      credentialType: "secret", credential: { secretValue: `filed-${stamp}` }, folderId: folders[folderOfCredential as keyof typeof folders].folderId,
    });
    return { credentialId: credential.credentialId, credentialFolderId: credential.folderId, folderIds: { finance: folders.finance.folderId, ops: folders.ops.folderId } };
  };
  const outputs = async (): Promise<Outputs> => Object.fromEntries(Object.entries(await stack.stack.outputs()).map(([key, output]) => [key, output.value])) as Outputs;

  before(async () => {
    stack = await createTestStack({ projectName: "folder-membership", program, config: { "skyvern:baseUrl": skyvern.proxy.url } });
  });

  it("is created in the folder", async () => {
    await stack.up();
    const { credentialId, credentialFolderId, folderIds } = await outputs();
    assert.equal(credentialFolderId, folderIds.finance);
    assert.equal((await skyvern.direct.credentials.get(credentialId)).folderId, folderIds.finance);
  });

  it("moves to another folder with one folder call, keeping its id", async () => {
    const before = await outputs();
    folderOfCredential = "ops";
    skyvern.proxy.reset();
    await stack.up();
    assert.deepEqual(skyvern.proxy.requests.map((r) => `${r.method} ${r.path}`), [`PUT /v1/credentials/${before.credentialId}/folder`]);
    const after = await outputs();
    assert.equal(after.credentialId, before.credentialId);
    assert.equal((await skyvern.direct.credentials.get(after.credentialId)).folderId, after.folderIds.ops);
  });

  it("goes back into its folder after the folder is deleted in the UI: refresh, then up", async () => {
    const before = await outputs();
    await skyvern.direct.folders.delete(before.folderIds.ops);
    assert.equal((await skyvern.direct.credentials.get(before.credentialId)).folderId ?? null, null, "deleting a folder moves its credentials out");

    const refresh = await stack.refresh();
    assert.equal(refresh.summary.resourceChanges?.delete, 1, "refresh drops the deleted folder");
    assert.equal(refresh.summary.resourceChanges?.update, 1, "and records the credential outside any folder");

    skyvern.proxy.reset();
    await stack.up();
    const after = await outputs();
    assert.notEqual(after.folderIds.ops, before.folderIds.ops, "the folder is recreated, with a new id");
    assert.equal(after.credentialId, before.credentialId, "the credential keeps its id");
    assert.equal(after.credentialFolderId, after.folderIds.ops);
    assert.equal((await skyvern.direct.credentials.get(after.credentialId)).folderId, after.folderIds.ops, "Skyvern has it in the recreated folder");
    assert.deepEqual(skyvern.proxy.requests.map((r) => `${r.method} ${r.path.replace(/cfld_\d+|cred_\d+/, "<id>")}`).sort(), ["POST /v1/credential_folders", "PUT /v1/credentials/<id>/folder"]);

    skyvern.proxy.reset();
    const preview = await stack.preview();
    assert.equal(preview.changeSummary.update ?? 0, 0, "nothing left to change");
    assert.equal(skyvern.proxy.requests.length, 0);
  });

  it("destroys the credential and both folders, one request each", async () => {
    const { credentialId, folderIds } = await outputs();
    skyvern.proxy.reset();
    await stack.destroy();
    assert.deepEqual(skyvern.proxy.requests.map((r) => `${r.method} ${r.path}`).sort(), [
      `DELETE /v1/credential_folders/${folderIds.finance}`, `DELETE /v1/credential_folders/${folderIds.ops}`, `POST /v1/credentials/${credentialId}/delete`,
    ].sort());
  });
});
