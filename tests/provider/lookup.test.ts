import assert from "node:assert/strict";
import { getSkyvernCredential, SkyvernClient, SkyvernError } from "../../index";
import { canary } from "../support/canary";

describe("getSkyvernCredential (read-only lookup)", () => {
  let direct: SkyvernClient;
  before(() => { direct = new SkyvernClient(); });
  after(() => direct.close());

  it("finds a credential by id and by a unique name", async () => {
    const name = `lookup-${Date.now()}`;
    const created = await direct.credentials.create({ name, credentialType: "secret", credential: { secretValue: canary("s"), secretLabel: "l" } });
    assert.equal((await getSkyvernCredential({ credentialId: created.credentialId })).name, name);
    assert.equal((await getSkyvernCredential({ name })).credentialId, created.credentialId);
    await direct.credentials.delete(created.credentialId);
  });

  it("refuses an ambiguous or unknown name, listing the candidates", async () => {
    const name = `lookup-dup-${Date.now()}`;
    const ids: string[] = [];
    for (let i = 0; i < 2; i++) ids.push((await direct.credentials.create({ name, credentialType: "secret", credential: { secretValue: canary("s") } })).credentialId);
    await assert.rejects(getSkyvernCredential({ name }), (error: Error) =>
      error instanceof SkyvernError && /2 credentials have this name/.test(error.message) && ids.every((id) => error.message.includes(id)));
    await assert.rejects(getSkyvernCredential({ name: `${name}-absent` }), /0 credentials have this name/);
    for (const id of ids) await direct.credentials.delete(id);
  });
});
