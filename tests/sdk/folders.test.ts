/**
 * The sdk's folders API against the real Skyvern server, through a counting proxy so that
 * client-side validation can be shown to send nothing. Raw requests (fetch) stand in for the
 * Skyvern UI and for the credential-side folder call this suite does not own.
 */
import assert from "node:assert/strict";
import { FolderInputError, FolderNotFoundError, NotFoundError, SkyvernClient, type FolderResponse } from "../../sdk";
import { canary } from "../support/canary";
import { useProxiedSkyvern } from "../support/proxied-skyvern";

/** A request straight to the server, as the UI would make it. */
async function raw(method: string, path: string, body?: unknown): Promise<{ status: number; json: unknown }> {
  const response = await fetch(`${process.env.SKYVERN_BASE_URL}${path}`, {
    method, headers: { "x-api-key": process.env.SKYVERN_API_KEY!, "content-type": "application/json" }, body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, json: text ? JSON.parse(text) : undefined };
}

describe("sdk folders against the real Skyvern server", () => {
  const skyvern = useProxiedSkyvern();
  let client: SkyvernClient;
  const made: string[] = [];
  const create = async (title: string, description?: string): Promise<FolderResponse> => {
    const folder = await client.folders.create({ title, description });
    made.push(folder.folderId);
    return folder;
  };

  before(() => { client = new SkyvernClient({ baseUrl: skyvern.proxy.url }); });
  after(async () => {
    for (const id of made) await skyvern.direct.folders.delete(id).catch((error) => assert.ok(error instanceof FolderNotFoundError, String(error)));
    client.close();
  });

  it("creates with one POST answered 200 (not 201); get returns the same folder", async () => {
    const title = `sdk-folder-${Date.now()}`;
    skyvern.proxy.reset();
    const created = await create(title, "team logins");
    assert.deepEqual(skyvern.proxy.requests.map((r) => `${r.method} ${r.path} ${r.outcome}`), ["POST /v1/credential_folders forwarded 200"]);
    assert.match(created.folderId, /^cfld_\d+$/);
    assert.equal(created.title, title);
    assert.equal(created.description, "team logins");
    assert.equal(created.credentialCount, 0);
    assert.match(created.createdAt, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d/);
    assert.deepEqual(await client.folders.get(created.folderId), created);
  });

  it("updates in place: an omitted field keeps its value, an empty description clears it", async () => {
    const created = await create(`upd-${Date.now()}`, "before");
    const retitled = await client.folders.update(created.folderId, { title: `${created.title}-renamed` });
    assert.equal(retitled.folderId, created.folderId);
    assert.equal(retitled.description, "before", "description omitted: kept");
    const cleared = await client.folders.update(created.folderId, { description: "" });
    assert.equal(cleared.title, `${created.title}-renamed`, "title omitted: kept");
    assert.equal((await client.folders.get(created.folderId)).description, "", "the server stores a cleared description as \"\"");
    const noDescription = await create(`nodesc-${Date.now()}`);
    assert.equal(noDescription.description, null, "a never-set description comes back as null");
  });

  it("counts live credentials filed in the folder; deleting the folder moves them out without deleting them", async () => {
    const folder = await create(`count-${Date.now()}`);
    const credential = await skyvern.direct.credentials.create({ name: `in-folder-${Date.now()}`, credentialType: "secret", credential: { secretValue: canary("s") } });
    const filed = await raw("PUT", `/v1/credentials/${credential.credentialId}/folder`, { folder_id: folder.folderId });
    assert.equal(filed.status, 200);
    assert.equal((await client.folders.get(folder.folderId)).credentialCount, 1);

    skyvern.proxy.reset();
    await client.folders.delete(folder.folderId);
    assert.deepEqual(skyvern.proxy.requests.map((r) => `${r.method} ${r.outcome}`), ["DELETE forwarded 200"]);
    const after = await skyvern.direct.credentials.get(credential.credentialId);
    assert.equal(after.folderId ?? null, null, "the credential survives, out of the folder");
    await skyvern.direct.credentials.delete(credential.credentialId);
  });

  it("reports a missing or deleted folder as FolderNotFoundError (a NotFoundError) that says folder", async () => {
    const folder = await create(`gone-${Date.now()}`);
    await client.folders.delete(folder.folderId);
    for (const call of [() => client.folders.get(folder.folderId), () => client.folders.delete(folder.folderId), () => client.folders.update(folder.folderId, { title: "x" })]) {
      await assert.rejects(call(), (error: FolderNotFoundError) => {
        assert.ok(error instanceof FolderNotFoundError && error instanceof NotFoundError);
        assert.equal(error.status, 404);
        assert.match(error.message, new RegExp(`${folder.folderId} failed with HTTP 404: Credential folder ${folder.folderId} not found\\. The folder does not exist`));
        return true;
      });
    }
    await assert.rejects(client.folders.get("cfld_1"), FolderNotFoundError);
  });

  it("lists every match across pages, most recently modified first, searching titles and descriptions", async () => {
    const tag = `page-${Date.now()}`;
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await create(`${tag}-${i}`)).folderId);
    const byDescription = await create("unrelated title", `described ${tag}`);
    skyvern.proxy.reset();
    const seen: string[] = [];
    for await (const folder of client.folders.list({ search: tag, pageSize: 2 })) seen.push(folder.folderId);
    assert.deepEqual(seen, [byDescription.folderId, ...[...ids].reverse()]);
    assert.equal(skyvern.proxy.count("GET", /^\/v1\/credential_folders$/), 4, "pages of 2, 2, 2, then an empty one ends it");
  });

  it("refuses bad input before sending anything, naming the field", async () => {
    skyvern.proxy.reset();
    const refusals: [() => Promise<unknown>, string, RegExp][] = [
      [() => client.folders.create({ title: "" }), "title", /must not be empty/],
      [() => client.folders.create({ title: "x".repeat(256) }), "title", /at most 255 characters/],
      [() => client.folders.create({ title: "t", description: 7 as never }), "description", /expected string/],
      [() => client.folders.create({ title: "t", colour: "red" } as never), "", /colour/],
      [() => client.folders.update("cfld_1", {}), "", /at least one of title or description/],
      [() => client.folders.update("cfld_1", { title: "" }), "title", /must not be empty/],
      [() => client.folders.get(""), "folderId", /must be a Skyvern id such as cfld_/],
      [async () => { for await (const _ of client.folders.list({ pageSize: 501 })) break; }, "pageSize", /1 to 500/],
    ];
    for (const [call, path, message] of refusals) {
      await assert.rejects(call(), (error: FolderInputError) => {
        assert.ok(error instanceof FolderInputError, String(error));
        assert.ok(error.fieldErrors.some((f) => f.path === path && message.test(f.message)), JSON.stringify(error.fieldErrors));
        return true;
      });
    }
    assert.equal(skyvern.proxy.requests.length, 0, "nothing was sent");
  });

  it("accepts 255 characters outside the BMP (510 UTF-16 units), as the server counts characters", async () => {
    const title = "\u{1F4C1}".repeat(255);
    assert.equal(title.length, 510);
    const created = await create(title);
    assert.equal(created.title, title);
    const server = await raw("POST", "/v1/credential_folders", { title: title + "\u{1F4C1}" });
    assert.equal(server.status, 422, "and the server refuses 256 characters, as the client does");
  });
});
