/**
 * Nothing lost, through the paths a team walks, for both providers at once: one user project (the
 * packed package, the plugin installed as the README says, the plain CLI) declares a dynamic
 * `SkyvernCredential` and `SkyvernCredentialFolder` beside a native `Credential` and
 * `CredentialFolder`, against the run's real Skyvern behind a counting proxy.
 *
 * - A key of another organization (a second organization on the same server, as a dev and a prod
 *   organization are), from SKYVERN_API_KEY as examples/gitops passes it and from stack config:
 *   refresh and destroy fail naming both organizations and where the key came from, and change
 *   nothing; a stack recorded before organizations were learns them on refresh.
 * - An edit through Skyvern's update endpoint (a new name and another password): the next `up`
 *   writes the declared password back in its one request.
 * - A create that succeeded before a later request of it failed keeps its id in state.
 */
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import path from "node:path";
import type { CredentialResponse } from "../../sdk";
import { canary, assertNoCanaries } from "../support/canary";
import { vaultItemNamed } from "../support/local-vault";
import { createNativeProject, decryptedResources, type StateResource } from "../support/native-project";
import { useProxiedSkyvern } from "../support/proxied-skyvern";
import { createOrganization, type Organization } from "../support/second-organization";
import type { UserProject } from "../support/user-project";

/** Two credentials and two folders per stack, one of each per provider; `folderId` config files both credentials there instead. */
const PROGRAM = `import * as pulumi from "@pulumi/pulumi";
import { Credential, CredentialFolder, SkyvernCredential, SkyvernCredentialFolder } from "pulumi-skyvern";

const cfg = new pulumi.Config();
const stamp = cfg.require("stamp");
const password = cfg.requireSecret("password");
const folderId = cfg.get("folderId");
const login = (name: string) => ({ name: name + "-" + stamp, credentialType: "password" as const, credential: { username: "bot@example.com", password } });

new SkyvernCredential("dynamic-login", { ...login("dynamic"), folderId: folderId ?? new SkyvernCredentialFolder("dynamic-folder", { title: "dynamic-" + stamp }).folderId });
new Credential("native-login", { ...login("native"), folderId: folderId ?? new CredentialFolder("native-folder", { title: "native-" + stamp }).folderId });
`;

const CREDENTIALS = ["dynamic-login", "native-login"];
const nameOf = (urn: string) => urn.split("::").pop()!;

describe("nothing lost: organizations, edits made elsewhere, partial creates (dynamic and native)", () => {
  const skyvern = useProxiedSkyvern();
  const run = Date.now();
  const password = canary("declaredpw");
  const editedPassword = canary("editedpw");
  let project: UserProject;
  let home: Organization;
  let other: Organization;

  /** The stack's resources (providers and the stack left out), by resource name. */
  async function resources(): Promise<Record<string, StateResource>> {
    const all = await decryptedResources(project);
    return Object.fromEntries(all.filter((r) => !r.type.startsWith("pulumi:")).map((r) => [nameOf(r.urn), r]));
  }

  async function withKey<T>(apiKey: string, action: () => Promise<T>): Promise<T> {
    const saved = project.env.SKYVERN_API_KEY;
    project.env.SKYVERN_API_KEY = apiKey;
    try {
      return await action();
    } finally {
      project.env.SKYVERN_API_KEY = saved;
    }
  }

  async function initStack(stack: string, config: Record<string, string>): Promise<void> {
    await project.ok("stack", "init", stack);
    // The key comes from SKYVERN_API_KEY beside a base URL in stack config, as CI pipelines pass it.
    await project.ok("config", "set", "skyvern:baseUrl", skyvern.proxy.url);
    await project.ok("config", "set", "--secret", "password", password);
    for (const [key, value] of Object.entries(config)) await project.ok("config", "set", key, value);
  }

  before(async function () {
    this.timeout(20 * 60_000);
    ({ project } = await createNativeProject("nothing-lost"));
    writeFileSync(path.join(project.dir, "index.ts"), PROGRAM);
    home = { organizationId: (await skyvern.direct.organizations.me()).organizationId, apiKey: process.env.SKYVERN_API_KEY! };
    other = createOrganization(`other-team-${run}`);
    assert.notEqual(other.organizationId, home.organizationId);
  });

  after(async () => {
    if (!project) return;
    for (const stack of ["prod", "partial"]) {
      const selected = await project.run("stack", "select", stack);
      if (selected.code === 0) await project.run("destroy", "--yes");
    }
  });

  describe("a key for another organization never empties a stack", () => {
    let recorded: Record<string, StateResource> = {};

    before(async () => {
      await initStack("prod", { stamp: `prod-${run}` });
      await project.ok("up", "--yes");
      // Filing a credential moves its folder's count and time: record the settled view.
      await project.ok("refresh", "--yes");
      recorded = await resources();
    });

    /** The state holds every resource with its id and outputs, and the server still has them all. */
    async function assertNothingChanged(): Promise<void> {
      const now = await resources();
      assert.deepEqual(Object.keys(now).sort(), Object.keys(recorded).sort());
      for (const [name, resource] of Object.entries(recorded)) assert.deepEqual(now[name].outputs, resource.outputs, `${name} unchanged in state`);
      for (const name of CREDENTIALS) assert.equal((await skyvern.direct.credentials.get(recorded[name].id!)).name, recorded[name].outputs.name);
      for (const name of ["dynamic-folder", "native-folder"]) assert.equal((await skyvern.direct.folders.get(recorded[name].id!)).folderId, recorded[name].id);
    }

    it("records the organization of each credential and folder", () => {
      assert.deepEqual(Object.keys(recorded).sort(), ["dynamic-folder", "dynamic-login", "native-folder", "native-login"]);
      for (const [name, resource] of Object.entries(recorded)) assert.equal(resource.outputs.organizationId, home.organizationId, name);
    });

    it("refresh with another organization's key from SKYVERN_API_KEY fails naming both organizations and the key's source, and sends nothing", async () => {
      skyvern.proxy.reset();
      const refresh = await withKey(other.apiKey, () => project.run("refresh", "--yes"));
      assert.notEqual(refresh.code, 0, refresh.output);
      assert.match(refresh.output, new RegExp(`belongs to Skyvern organization ${home.organizationId} \\(recorded in state\\), but the API key from the environment variable SKYVERN_API_KEY is for organization ${other.organizationId}`));
      assert.doesNotMatch(refresh.output, /\d+ deleted/);
      assert.deepEqual(skyvern.proxy.requests, [], "no request at all");
      await assertNothingChanged();
    });

    it("destroy with that key deletes nothing", async () => {
      skyvern.proxy.reset();
      const destroy = await withKey(other.apiKey, () => project.run("destroy", "--yes"));
      assert.notEqual(destroy.code, 0, destroy.output);
      assert.match(destroy.output, new RegExp(`organization ${home.organizationId} .*SKYVERN_API_KEY is for organization ${other.organizationId}`));
      assert.deepEqual(skyvern.proxy.requests, [], "no request at all");
      await assertNothingChanged();
    });

    it("the key in stack config `skyvern:apiKey` fails the same way after one up, naming it", async () => {
      await project.ok("config", "set", "--secret", "skyvern:apiKey", other.apiKey);
      try {
        skyvern.proxy.reset();
        // Refresh and destroy configure providers from state: an up (which changes no resource) stores the new key there.
        await project.ok("up", "--yes");
        for (const command of ["refresh", "destroy"]) {
          const result = await project.run(command, "--yes");
          assert.notEqual(result.code, 0, result.output);
          assert.match(result.output, new RegExp(`organization ${home.organizationId} \\(recorded in state\\), but the API key from \`skyvern:apiKey\` \\(stack config, or the apiKey argument of an explicit provider\\) is for organization ${other.organizationId}`), command);
        }
        assert.deepEqual(skyvern.proxy.requests, [], "no request at all");
      } finally {
        await project.ok("config", "rm", "skyvern:apiKey");
        await project.ok("up", "--yes");
      }
      await assertNothingChanged();
    });

    it("an up with the right key afterwards creates nothing", async () => {
      skyvern.proxy.reset();
      await project.ok("up", "--yes");
      assert.equal(skyvern.proxy.count("POST", /^\/v1\/credentials$/), 0);
      assert.equal(skyvern.proxy.count("POST", /^\/v1\/credential_folders$/), 0);
      await assertNothingChanged();
    });

    it("a stack recorded before organizations were learns them on its next refresh", async () => {
      const exported = JSON.parse(await project.shell("pulumi stack export")) as { deployment: { resources: StateResource[] } };
      for (const resource of exported.deployment.resources) delete resource.outputs?.organizationId;
      const file = path.join(path.dirname(project.dir), "old-state.json");
      writeFileSync(file, JSON.stringify(exported));
      await project.ok("stack", "import", "--file", file);
      assert.deepEqual(Object.values(await resources()).map((r) => r.outputs.organizationId), [undefined, undefined, undefined, undefined]);

      await project.ok("refresh", "--yes");
      for (const [name, resource] of Object.entries(await resources())) assert.equal(resource.outputs.organizationId, home.organizationId, name);
      // Learned, it guards again.
      const refresh = await withKey(other.apiKey, () => project.run("refresh", "--yes"));
      assert.notEqual(refresh.code, 0, refresh.output);
      assert.equal(Object.keys(await resources()).length, 4);
    });
  });

  describe("an edit made elsewhere is an edit of the secret too", () => {
    it("after a rename and another password through Skyvern's update endpoint, refresh + up writes the declared password back in one request", async () => {
      await project.ok("stack", "select", "prod");
      const before = await resources();
      for (const name of CREDENTIALS) {
        await skyvern.direct.credentials.update(before[name].id!, {
          name: `edited-in-ui-${name}-${run}`, credentialType: "password", credential: { username: "bot@example.com", password: editedPassword },
        });
        // Positive control of the vault check below: it sees the password the editor typed.
        assert.equal(vaultItemNamed(`edited-in-ui-${name}-${run}`)?.credential.password, editedPassword);
      }
      await project.ok("refresh", "--yes");
      skyvern.proxy.reset();
      await project.ok("up", "--yes");
      for (const name of CREDENTIALS) {
        const id = before[name].id!;
        const seen = skyvern.proxy.requests.filter((r) => r.path.startsWith(`/v1/credentials/${id}`)).map((r) => `${r.method} ${r.path.replace(id, "{id}")}`);
        assert.deepEqual(seen, ["POST /v1/credentials/{id}/update"], name);
        const declaredName = String(before[name].outputs.name);
        assert.equal((await skyvern.direct.credentials.get(id)).name, declaredName);
        assert.equal(vaultItemNamed(declaredName)?.credential.password, password, `${name}: the vault holds the declared password`);
      }
      assert.equal(skyvern.proxy.requests.length, 2, "one request per credential, nothing else");
      const decrypted = await project.decryptedState();
      assertNoCanaries([password, editedPassword], { transcript: project.transcript.join("\n"), export: await project.shell("pulumi stack export") }, { canaries: [password], text: decrypted });
    });
  });

  describe("partial creates", () => {
    const missingFolder = "cfld_999999999999999999";

    it("a create followed by a failing folder call keeps the new id in state, one credential on the server per resource", async () => {
      await initStack("partial", { stamp: `partial-${run}`, folderId: missingFolder });
      skyvern.proxy.reset();
      // Both creates run to their failure (otherwise the engine starts no new step after the first).
      const up = await project.run("up", "--yes", "--continue-on-error");
      assert.notEqual(up.code, 0, up.output);
      assert.match(up.output, new RegExp(`moving credential cred_\\d+ to folder ${missingFolder} \\(folderId\\)`));
      assert.equal(skyvern.proxy.count("POST", /^\/v1\/credentials$/), 2);
      const recorded = await resources();
      assert.deepEqual(Object.keys(recorded).sort(), CREDENTIALS);
      for (const name of CREDENTIALS) {
        assert.match(String(recorded[name].id), /^cred_\d+$/, `${name} is in state`);
        assert.equal(recorded[name].outputs.credential, undefined, `${name}: the secret is left out, so the next up writes it`);
        assert.deepEqual(await onServerNamed(`${name.split("-")[0]}-partial-${run}`), [recorded[name].id]);
      }
    });

    it("a second up after fixing the folder creates nothing", async () => {
      const recorded = await resources();
      const folder = await skyvern.direct.folders.create({ title: `partial-${run}` });
      await project.ok("config", "set", "folderId", folder.folderId);
      skyvern.proxy.reset();
      await project.ok("up", "--yes");
      assert.equal(skyvern.proxy.count("POST", /^\/v1\/credentials$/), 0);
      for (const name of CREDENTIALS) {
        const onServer = await onServerNamed(`${name.split("-")[0]}-partial-${run}`);
        assert.deepEqual(onServer, [recorded[name].id], `${name}: still exactly one`);
        assert.equal((await skyvern.direct.credentials.get(recorded[name].id!)).folderId, folder.folderId);
      }
    });

    async function onServerNamed(name: string): Promise<string[]> {
      const found: CredentialResponse[] = [];
      for await (const credential of skyvern.direct.credentials.list({ search: name })) if (credential.name === name) found.push(credential);
      return found.map((c) => c.credentialId);
    }
  });
});
