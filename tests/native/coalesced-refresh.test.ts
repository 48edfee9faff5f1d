/**
 * Coalesced reads in the native plugin (one process serves every native resource of a run): a
 * refresh of 12 credentials and 6 folders takes a list page of each instead of 18 GETs, confirms a
 * credential deleted out of band with its own GET before dropping it, and `skyvern:coalesceReads
 * false` (stored by an `up`) makes every read its own GET again. The packed package in a fresh
 * project, plugin installed as documented, plain CLI, real server behind the counting proxy.
 */
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { canary } from "../support/canary";
import { createNativeProject, decryptedResources, initStack } from "../support/native-project";
import { useProxiedSkyvern } from "../support/proxied-skyvern";
import type { UserProject } from "../support/user-project";

const CREDENTIALS = 12;
const FOLDERS = 6;

const PROGRAM = `import * as pulumi from "@pulumi/pulumi";
import { Credential, CredentialFolder } from "pulumi-skyvern";

const cfg = new pulumi.Config();
const folders = Array.from({ length: ${FOLDERS} }, (_, f) => new CredentialFolder(\`folder\${f}\`, { title: \`\${cfg.require("stamp")}-\${f}\` }));
for (let i = 0; i < ${CREDENTIALS}; i++) {
  const name = \`\${cfg.require("stamp")}-\${i}\`;
  const folderId = folders[i % ${FOLDERS}].folderId;
  if (i < 2) {
    // Logins: Skyvern reports their browser settings (switches off, the built-in vault) when left
    // out; the first declares two of them at those values.
    new Credential(\`c\${i}\`, {
      name, folderId, credentialType: "password",
      credential: { username: \`bot\${i}@example.com\`, password: cfg.requireSecret("value") },
      ...(i === 0 ? { vaultType: "skyvern" as const, runSequentially: false } : {}),
    });
  } else {
    new Credential(\`c\${i}\`, { name, folderId, credentialType: "secret", credential: { secretValue: cfg.requireSecret("value"), secretLabel: \`label \${i}\` } });
  }
}
`;

describe("native provider: coalesced refresh", () => {
  const skyvern = useProxiedSkyvern();
  const stamp = `native-coalesce-${Date.now()}`;
  const value = canary("nativecoalesce");
  let project: UserProject;

  const counts = () => {
    const requests = skyvern.proxy.requests.map((r) => `${r.method} ${r.path.split("?")[0]}`);
    const count = (pattern: RegExp) => requests.filter((r) => pattern.test(r)).length;
    return {
      credentialLists: count(/^GET \/v1\/credentials$/), credentialGets: count(/^GET \/v1\/credentials\/cred_\d+$/),
      folderLists: count(/^GET \/v1\/credential_folders$/), folderGets: count(/^GET \/v1\/credential_folders\/cfld_\d+$/),
      total: requests.length,
    };
  };
  const credentialIds = async () => (await decryptedResources(project)).filter((r) => r.type === "skyvern:index:Credential").map((r) => r.id!);

  before(async function () {
    this.timeout(20 * 60_000);
    ({ project } = await createNativeProject("native-coalesce"));
    writeFileSync(path.join(project.dir, "index.ts"), PROGRAM);
    await initStack(project, "dev", skyvern.proxy.url);
    await project.ok("config", "set", "stamp", stamp);
    await project.ok("config", "set", "--secret", "value", value);
    await project.ok("up", "--yes");
  });

  after(async () => {
    if (project) await project.run("destroy", "--yes");
  });

  it("refreshes 12 credentials and 6 folders with one list page each; the one deleted out of band is confirmed by its own GET, then dropped", async () => {
    const before = await credentialIds();
    assert.equal(before.length, CREDENTIALS);
    await skyvern.direct.credentials.delete(before[3]);
    skyvern.proxy.reset();
    const output = await project.ok("refresh", "--yes", "--skip-preview");
    const seen = counts();
    console.log(`      refresh: ${JSON.stringify(seen)}`);
    // Reads asked before the sixth of a kind go alone (a listing could not pay below that), then one page answers the rest.
    assert.equal(seen.credentialLists, 1, "one list page of credentials");
    assert.ok(seen.credentialGets >= 1 && seen.credentialGets <= 6, "the deleted credential's confirmation, and at most five reads before the listing");
    assert.equal(skyvern.proxy.count("GET", new RegExp(`^\/v1\/credentials\/${before[3]}$`)), 1, "the deleted one confirmed by its own GET");
    assert.ok(seen.folderLists <= 1 && seen.folderLists + seen.folderGets >= 1 && seen.folderGets <= 5, "folders: one list page, or at most five alone");
    assert.deepEqual((await credentialIds()).sort(), before.filter((id) => id !== before[3]).sort(), "only the deleted one left state");
    assert.doesNotMatch(output, new RegExp(value));
  });

  it("a refresh records the program's inputs: no setting Skyvern reports for one left out, each declared one kept", async () => {
    // Otherwise every later \`up\` finds the inputs changed and the engine rewrites its checkpoint after each resource.
    const inputsByUrn = async (): Promise<Record<string, Record<string, unknown>>> =>
      Object.fromEntries((await decryptedResources(project)).filter((r) => r.type === "skyvern:index:Credential").map((r) => [r.urn, r.inputs as Record<string, unknown>]));
    await project.ok("up", "--yes");
    const declared = await inputsByUrn();
    const first = Object.entries(declared).find(([urn]) => urn.endsWith("::c0"))![1];
    assert.deepEqual([first.vaultType, first.runSequentially], ["skyvern", false], "the declared settings are among the inputs");
    await project.ok("refresh", "--yes", "--skip-preview");
    const after = await inputsByUrn();
    // Paths only: the values hold secrets.
    const changed = Object.keys({ ...declared, ...after }).flatMap((urn) => Object.keys({ ...declared[urn], ...after[urn] })
      .filter((key) => JSON.stringify(declared[urn]?.[key]) !== JSON.stringify(after[urn]?.[key])).map((key) => `${urn.split("::").pop()}.${key}`));
    assert.deepEqual(changed, [], "the same inputs after the refresh");
  });

  it("skyvern:coalesceReads false, once an up stored it, reads each resource alone", async () => {
    await project.ok("config", "set", "skyvern:coalesceReads", "false");
    await project.ok("up", "--yes");
    skyvern.proxy.reset();
    await project.ok("refresh", "--yes", "--skip-preview");
    const seen = counts();
    assert.deepEqual({ lists: seen.credentialLists + seen.folderLists, credentialGets: seen.credentialGets, folderGets: seen.folderGets },
      { lists: 0, credentialGets: CREDENTIALS, folderGets: FOLDERS });
  });

  it("refuses a coalesceReads that is not a boolean at preview, naming it", async () => {
    await project.ok("config", "set", "skyvern:coalesceReads", "sometimes");
    skyvern.proxy.reset();
    const preview = await project.run("preview");
    assert.notEqual(preview.code, 0);
    assert.match(preview.output, /coalesceReads.*must be true or false/);
    assert.equal(skyvern.proxy.requests.length, 0, "nothing sent");
    await project.ok("config", "set", "skyvern:coalesceReads", "true");
  });
});
