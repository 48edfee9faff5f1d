/**
 * SkyvernCredentialFolder through the real Pulumi engine against the real local Skyvern server,
 * behind a counting proxy so each step pins the API calls it made; raw requests play the Skyvern
 * UI. Then getSkyvernCredentialFolder, and a folder and a credential sharing one provider process.
 */
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { FolderNotFoundError, getSkyvernCredentialFolder, SkyvernError, type FolderResponse } from "../../../index";
import { organizationIdInKey } from "../../../sdk";
import { canary, filesUnder, findCanaries } from "../../support/canary";
import { CliProject } from "../../support/cli-project";
import { createTestStack, PULUMI_ROOT, type TestStack } from "../../support/engine";
import { useProxiedSkyvern } from "../../support/proxied-skyvern";
import { packedTarball } from "../../support/user-project";

type Args = Record<string, unknown>;
type StateResource = { urn: string; id: string; type: string; outputs: Args; inputs: Args };

/** A request straight to the server, as the Skyvern UI would make it. */
async function raw(method: string, path: string, body?: unknown): Promise<{ status: number; json: Args }> {
  const response = await fetch(`${process.env.SKYVERN_BASE_URL}${path}`, {
    method, headers: { "x-api-key": process.env.SKYVERN_API_KEY!, "content-type": "application/json" }, body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, json: text ? JSON.parse(text) : {} };
}

const sent = (requests: { method: string; path: string }[]) => requests.map((r) => `${r.method} ${r.path}`);

describe("SkyvernCredentialFolder lifecycle through the real engine", () => {
  const skyvern = useProxiedSkyvern();
  let stack: TestStack;
  let declared: Record<string, Args> = {};
  const stamp = Date.now();

  const program = async () => {
    const { SkyvernCredentialFolder } = require("pulumi-skyvern") as typeof import("../../../index");
    return Object.fromEntries(Object.entries(declared).map(([name, args]) => [name, new SkyvernCredentialFolder(name, args).folderId]));
  };

  async function folders(): Promise<Record<string, StateResource>> {
    const resources: StateResource[] = (await stack.stack.exportStack()).deployment.resources ?? [];
    return Object.fromEntries(resources.filter((r) => r.type.endsWith(":SkyvernCredentialFolder")).map((r) => [r.urn.split("::").pop()!, r]));
  }

  async function ids(): Promise<Record<string, string>> {
    return Object.fromEntries(Object.entries(await folders()).map(([name, r]) => [name, r.id]));
  }

  before(async () => {
    stack = await createTestStack({ projectName: "folders", program, config: { "skyvern:baseUrl": skyvern.proxy.url } });
    declared = {
      team: { title: `team-${stamp}`, description: "Logins of the team" },
      plain: {},
    };
  });

  after(() => {
    // Folders hold no secret; the one secret these runs handle is the API key.
    const texts = { ...stack.all(), stateFile: stack.stateFile() };
    assert.deepEqual(findCanaries([process.env.SKYVERN_API_KEY!], texts), []);
    assert.ok(findCanaries([`team-${stamp}`], texts).length > 0, "control: the scanned texts do hold what the runs did");
  });

  it("creates each folder with one request; outputs are what Skyvern reports", async () => {
    skyvern.proxy.reset();
    const up = await stack.up();
    assert.equal(up.summary.resourceChanges?.create, 3);
    assert.deepEqual(sent(skyvern.proxy.requests), ["POST /v1/credential_folders", "POST /v1/credential_folders"]);
    const { team, plain } = await folders();
    assert.match(team.id, /^cfld_\d+$/);
    assert.equal(up.outputs.team.value, team.id);
    assert.equal(team.outputs.folderId, team.id);
    assert.equal(team.outputs.title, `team-${stamp}`);
    assert.equal(team.outputs.description, "Logins of the team");
    assert.equal(team.outputs.credentialCount, 0);
    assert.match(String(team.outputs.createdAt), /^\d{4}-\d\d-\d\dT/);
    assert.match(String(team.outputs.modifiedAt), /^\d{4}-\d\d-\d\dT/);
    assert.equal(team.outputs.organizationId, organizationIdInKey(process.env.SKYVERN_API_KEY!), "recorded: a key of another organization then fails instead of dropping it");
    assert.equal(plain.outputs.title, "plain", "title defaults to the resource name");
    assert.equal("description" in plain.outputs, false, "no description: no output");
    assert.equal((await skyvern.direct.folders.get(team.id)).title, `team-${stamp}`);
  });

  it("stores a __provider that only requires pulumi-skyvern/folder-runtime", async () => {
    const state = JSON.parse(stack.stateFile());
    const stored = state.checkpoint.latest.resources.filter((r: { type: string }) => r.type.endsWith(":SkyvernCredentialFolder"));
    assert.equal(stored.length, 2);
    for (const resource of stored) {
      const provider: string = resource.inputs.__provider;
      assert.match(provider, /require\("pulumi-skyvern\/folder-runtime"\)/);
      assert.doesNotMatch(provider, /provider-runtime/);
      assert.ok(provider.length < 2_500, `__provider is ${provider.length} bytes`);
      console.log(`      linked: folder __provider ${provider.length} bytes`);
      assert.ok(!provider.includes(skyvern.proxy.url) && !provider.includes(process.env.SKYVERN_BASE_URL!), "no base URL captured");
    }
  });

  it("previews and ups with no changes without calling the API", async () => {
    skyvern.proxy.reset();
    assert.deepEqual((await stack.preview()).changeSummary, { same: 3 });
    assert.deepEqual((await stack.up()).summary.resourceChanges, { same: 3 });
    assert.equal(skyvern.proxy.requests.length, 0);
  });

  it("changes title and description in place: one request, same folderId", async () => {
    const before = await ids();
    declared.team = { title: `team-renamed-${stamp}`, description: "Renamed" };
    skyvern.proxy.reset();
    const up = await stack.up();
    assert.equal(up.summary.resourceChanges?.update, 1);
    assert.deepEqual(sent(skyvern.proxy.requests), [`PUT /v1/credential_folders/${before.team}`]);
    assert.deepEqual(await ids(), before);
    const server = await skyvern.direct.folders.get(before.team);
    assert.deepEqual([server.title, server.description], [`team-renamed-${stamp}`, "Renamed"]);
  });

  it("clears the description on the server when it is removed from the program", async () => {
    const before = await ids();
    declared.team = { title: `team-renamed-${stamp}` };
    skyvern.proxy.reset();
    await stack.up();
    assert.deepEqual(sent(skyvern.proxy.requests), [`PUT /v1/credential_folders/${before.team}`]);
    assert.equal((await raw("GET", `/v1/credential_folders/${before.team}`)).json.description, "");
    assert.equal("description" in (await folders()).team.outputs, false);
    assert.deepEqual((await stack.preview()).changeSummary, { same: 3 }, "and stays clean");
  });

  it("refreshes credentialCount with one GET per folder; a credential filed in the UI is not drift", async () => {
    const { team } = await ids();
    const credential = await skyvern.direct.credentials.create({ name: `filed-${stamp}`, credentialType: "secret", credential: { secretValue: canary("filed") } });
    assert.equal((await raw("PUT", `/v1/credentials/${credential.credentialId}/folder`, { folder_id: team })).status, 200);
    skyvern.proxy.reset();
    await stack.refresh();
    assert.deepEqual(sent(skyvern.proxy.requests).sort(), [`GET /v1/credential_folders/${(await ids()).plain}`, `GET /v1/credential_folders/${team}`].sort());
    assert.equal((await folders()).team.outputs.credentialCount, 1);
    skyvern.proxy.reset();
    assert.deepEqual((await stack.preview()).changeSummary, { same: 3 });
    assert.equal(skyvern.proxy.requests.length, 0);
    await skyvern.direct.credentials.delete(credential.credentialId);
  });

  it("shows an out-of-band title and description change on refresh; the next up puts it back with one request", async () => {
    const { team } = await ids();
    assert.equal((await raw("PUT", `/v1/credential_folders/${team}`, { title: "renamed-in-the-ui", description: "added in the UI" })).status, 200);
    const refresh = await stack.refresh();
    assert.equal(refresh.summary.resourceChanges?.update, 1);
    const drifted = (await folders()).team;
    assert.deepEqual([drifted.outputs.title, drifted.outputs.description], ["renamed-in-the-ui", "added in the UI"]);
    assert.equal(drifted.inputs.title, "renamed-in-the-ui", "refresh records the server's values as inputs");
    skyvern.proxy.reset();
    assert.equal((await stack.preview()).changeSummary.update, 1);
    await stack.up();
    assert.deepEqual(sent(skyvern.proxy.requests), [`PUT /v1/credential_folders/${team}`]);
    const server = await raw("GET", `/v1/credential_folders/${team}`);
    assert.deepEqual([server.json.title, server.json.description], [`team-renamed-${stamp}`, ""]);
  });

  it("drops a folder deleted in the UI on refresh; the next up recreates it with one request", async () => {
    const before = await ids();
    assert.equal((await raw("DELETE", `/v1/credential_folders/${before.team}`)).status, 200);
    skyvern.proxy.reset();
    await stack.refresh();
    assert.equal(skyvern.proxy.count("GET", /^\/v1\/credential_folders\//), 2, "one read per folder");
    assert.equal(skyvern.proxy.count("GET", /^\/api\/v1\/organizations\/me$/), 1, "and one check that the 404 came from the Skyvern that knows the key");
    assert.equal((await ids()).team, undefined);
    skyvern.proxy.reset();
    await stack.up();
    assert.deepEqual(sent(skyvern.proxy.requests), ["POST /v1/credential_folders"]);
    const after = await ids();
    assert.notEqual(after.team, before.team);
    assert.equal((await skyvern.direct.folders.get(after.team)).title, `team-renamed-${stamp}`);
  });

  for (const [label, title, message] of [["an empty title", "", /title.*must not be empty/], ["a title of 256 characters", "t".repeat(256), /title.*at most 255 characters/]] as const) {
    it(`rejects ${label} at preview, naming the field, with no request`, async () => {
      const kept = declared.team;
      declared.team = { title };
      skyvern.proxy.reset();
      await assert.rejects(stack.preview(), (error: Error) => {
        assert.match(error.message, message);
        return true;
      });
      assert.equal(skyvern.proxy.requests.length, 0);
      declared.team = kept;
    });
  }

  it("destroys with one request per folder; a folder already gone counts as deleted", async () => {
    const before = await ids();
    assert.equal((await raw("DELETE", `/v1/credential_folders/${before.plain}`)).status, 200);
    skyvern.proxy.reset();
    await stack.destroy();
    // The 404 counts as deleted once the server proved it knows the key (one check per process).
    assert.deepEqual(sent(skyvern.proxy.requests).sort(), [...Object.values(before).map((id) => `DELETE /v1/credential_folders/${id}`), "GET /api/v1/organizations/me"].sort());
    assert.deepEqual(skyvern.proxy.requests.map((r) => r.outcome).sort(), ["forwarded 200", "forwarded 200", "forwarded 404"]);
    assert.deepEqual(await ids(), {});
    assert.equal((await raw("GET", `/v1/credential_folders/${before.team}`)).status, 404);
  });
});

describe("SkyvernCredentialFolder inputs unknown at preview", () => {
  const skyvern = useProxiedSkyvern();

  it("previews a title and description known only once another folder exists, with no request", async () => {
    const stack = await createTestStack({
      projectName: "folder-unknowns", config: { "skyvern:baseUrl": skyvern.proxy.url },
      program: async () => {
        const { SkyvernCredentialFolder } = require("pulumi-skyvern") as typeof import("../../../index");
        const parent = new SkyvernCredentialFolder("parent", { title: "parent" });
        new SkyvernCredentialFolder("child", { title: parent.folderId.apply((id) => `child of ${id}`), description: parent.createdAt });
      },
    });
    skyvern.proxy.reset();
    const preview = await stack.preview();
    assert.equal(preview.changeSummary.create, 3, `${JSON.stringify(preview.changeSummary)}\n${preview.stdout}\n${preview.stderr}`);
    assert.equal(skyvern.proxy.requests.length, 0);
  });
});

describe("getSkyvernCredentialFolder (read-only lookup)", () => {
  const skyvern = useProxiedSkyvern();
  const made: string[] = [];
  const make = async (title: string, description?: string): Promise<FolderResponse> => {
    const folder = await skyvern.direct.folders.create({ title, description });
    made.push(folder.folderId);
    return folder;
  };
  after(async () => { for (const id of made) await skyvern.direct.folders.delete(id); });

  it("finds a folder by id, and by a title only one folder has exactly", async () => {
    const title = `lookup-${Date.now()}`;
    const wanted = await make(title, "the one");
    // Matched by the server's substring search on title and description, but not titled exactly so.
    await make(`${title}-longer`);
    await make("another title", `mentions ${title}`);
    assert.equal((await getSkyvernCredentialFolder({ folderId: wanted.folderId })).title, title);
    assert.equal((await getSkyvernCredentialFolder({ title })).folderId, wanted.folderId);
  });

  it("refuses a title several folders have, listing their ids, and a title none has", async () => {
    const title = `lookup-dup-${Date.now()}`;
    const dupes = [(await make(title)).folderId, (await make(title)).folderId];
    await assert.rejects(getSkyvernCredentialFolder({ title }), (error: Error) => {
      assert.ok(error instanceof SkyvernError);
      assert.match(error.message, new RegExp(`looking up folder "${title}": 2 folders have this title; use folderId instead`));
      assert.ok(dupes.every((id) => error.message.includes(id)), error.message);
      return true;
    });
    await assert.rejects(getSkyvernCredentialFolder({ title: `${title}-absent` }), /0 folders have this title; check the title and the Skyvern instance/);
    await assert.rejects(getSkyvernCredentialFolder({ folderId: "cfld_1" }), /Credential folder cfld_1 not found\. The folder does not exist/);
  });
});

describe("a folder and a credential in one stack", () => {
  const skyvern = useProxiedSkyvern();

  it("share one client: configuring the second runtime does not cut the first one's request in flight", async () => {
    // The credential's create is held 4 s at the proxy, and the folder's title is only known once
    // that create has arrived there: the provider process configures the folder runtime (on the
    // folder's first call) while the credential's request is in flight on the shared client.
    let createInFlight!: () => void;
    const title = new Promise<string>((resolve) => { createInFlight = () => resolve(`late-${Date.now()}`); });
    skyvern.proxy.rule = ({ method, path }) => {
      if (method !== "POST" || path !== "/v1/credentials") return undefined;
      setTimeout(createInFlight, 500);
      return { kind: "delay", ms: 4_000 };
    };
    const name = `beside-a-folder-${Date.now()}`;
    const stack = await createTestStack({
      projectName: "mixed", config: { "skyvern:baseUrl": skyvern.proxy.url },
      program: async () => {
        const { SkyvernCredential, SkyvernCredentialFolder } = require("pulumi-skyvern") as typeof import("../../../index");
        const credential = new SkyvernCredential("held", { name, credentialType: "secret", credential: { secretValue: canary("held") } });
        const folder = new SkyvernCredentialFolder("late", { title });
        return { credentialId: credential.credentialId, folderId: folder.folderId };
      },
    });
    skyvern.proxy.reset();
    const up = await stack.up();
    assert.deepEqual(sent(skyvern.proxy.requests).sort(), ["POST /v1/credential_folders", "POST /v1/credentials"]);
    assert.deepEqual(skyvern.proxy.requests.map((r) => r.outcome).sort(), ["forwarded 200", "forwarded 201 after 4000ms"]);
    const named = [];
    for await (const c of skyvern.direct.credentials.list({ search: name })) named.push(c.credentialId);
    assert.deepEqual(named, [up.outputs.credentialId.value]);
    skyvern.proxy.rule = () => undefined;
    await stack.destroy();
  });
});

describe("folders in the package as installed from a tarball", () => {
  const skyvern = useProxiedSkyvern();
  const run = promisify(execFile);

  it("stores a one-require __provider per runtime entry point and runs refresh and destroy through it", async () => {
    const tarball = await packedTarball();
    const secret = canary("installed-folder");
    const project = CliProject.create("installed-folders", "name: installed-folders\nruntime: nodejs\nmain: index.js\n", {
      "package.json": JSON.stringify({ name: "installed-folders-consumer", private: true }),
      "index.js": `const { SkyvernCredential, SkyvernCredentialFolder } = require("pulumi-skyvern");
const folder = new SkyvernCredentialFolder("ops", { title: "installed-${Date.now()}", description: "from a tarball" });
const credential = new SkyvernCredential("api", { credentialType: "secret", credential: { secretValue: process.env.TEST_SECRET } });
module.exports = { folderId: folder.folderId, credentialId: credential.credentialId };
`,
    }, undefined, { TEST_SECRET: secret });
    await run("npm", ["install", tarball, "--prefer-offline", "--no-audit", "--no-fund", "--silent"], { cwd: project.dir, maxBuffer: 64 << 20 });
    await project.ok("stack", "init", "test");
    await project.ok("config", "set", "skyvern:baseUrl", skyvern.proxy.url);
    await project.ok("config", "set", "--secret", "skyvern:apiKey", process.env.SKYVERN_API_KEY!);
    skyvern.proxy.reset();
    await project.ok("up", "--yes");
    assert.deepEqual(sent(skyvern.proxy.requests).sort(), ["POST /v1/credential_folders", "POST /v1/credentials"]);

    const state = JSON.parse(await project.ok("stack", "export"));
    const byType = (type: string) => state.deployment.resources.find((r: { type: string }) => r.type.endsWith(`:${type}`));
    const folder = byType("SkyvernCredentialFolder");
    const folderProvider: string = folder.inputs.__provider;
    const credentialProvider: string = byType("SkyvernCredential").inputs.__provider;
    assert.match(folderProvider, /require\("pulumi-skyvern\/folder-runtime"\)/);
    assert.match(credentialProvider, /require\("pulumi-skyvern\/provider-runtime"\)/);
    assert.ok(folderProvider.length < 300, `folder __provider is ${folderProvider.length} bytes`);
    console.log(`      installed: folder __provider ${folderProvider.length} bytes, credential __provider ${credentialProvider.length} bytes`);
    assert.equal(folder.outputs.description, "from a tarball");
    // Control for the scan below, read outside the transcript: decrypted, the state holds the secret.
    const decrypted = await run(path.join(PULUMI_ROOT, "bin", "pulumi"), ["stack", "export", "--show-secrets"], { cwd: project.dir, env: project.env, maxBuffer: 64 << 20 });
    assert.ok(decrypted.stdout.includes(secret), "control: the decrypted state holds the secret");

    skyvern.proxy.reset();
    await project.ok("refresh", "--yes", "--skip-preview");
    assert.deepEqual(sent(skyvern.proxy.requests).map((r) => r.replace(/_\d+$/, "_<id>")).sort(), ["GET /v1/credential_folders/cfld_<id>", "GET /v1/credentials/cred_<id>"]);
    skyvern.proxy.reset();
    await project.ok("destroy", "--yes");
    assert.equal(skyvern.proxy.count("DELETE", /^\/v1\/credential_folders\//), 1);
    await assert.rejects(skyvern.direct.folders.get(folder.id), FolderNotFoundError);

    const stateFiles = filesUnder(project.env.PULUMI_BACKEND_URL!.replace("file://", ""));
    const texts = { transcript: project.transcript.join("\n"), ...stateFiles };
    assert.deepEqual(findCanaries([secret, process.env.SKYVERN_API_KEY!], texts), []);
  });
});

describe("a folder create that fails, its title a secret", () => {
  const skyvern = useProxiedSkyvern();

  it("names the resource and the failure, never the title; the created folder's secret title is where Pulumi holds it (control)", async () => {
    const keptTitle = canary("keptfolder");
    const refusedTitle = canary("refusedfolder");
    let withRefused = false;
    const stack = await createTestStack({
      projectName: "folder-refused", config: { "skyvern:baseUrl": skyvern.proxy.url },
      program: async () => {
        const pulumi = require("@pulumi/pulumi") as typeof import("@pulumi/pulumi");
        const { SkyvernCredentialFolder } = require("pulumi-skyvern") as typeof import("../../../index");
        new SkyvernCredentialFolder("kept", { title: pulumi.secret(keptTitle) });
        if (withRefused) new SkyvernCredentialFolder("refused", { title: pulumi.secret(refusedTitle) });
      },
    });
    await stack.up();
    withRefused = true;
    // A refusal the real server gives no reason to make: the proxy answers the folder create itself.
    skyvern.proxy.rule = ({ method, path }) => (method === "POST" && path === "/v1/credential_folders" ? { kind: "status", status: 400 } : undefined);
    try {
      await assert.rejects(stack.up(), (error: Error) => {
        assert.match(error.message, /\[urn=urn:pulumi:test::folder-refused::pulumi-nodejs:dynamic:SkyvernCredentialFolder::refused\]/, "the engine names the resource");
        assert.match(error.message, /creating the folder: POST \/v1\/credential_folders failed with HTTP 400/);
        return true;
      });
    } finally {
      skyvern.proxy.rule = () => undefined;
    }
    const texts = { ...stack.all(), cliExport: await stack.exportedState(), stateFile: stack.stateFile() };
    assert.deepEqual(findCanaries([keptTitle, refusedTitle], texts), [], "neither secret title in the CLI's output or the state");
    assert.equal(findCanaries([keptTitle], { revealed: await stack.cli("stack", "export", "--show-secrets") }).length, 1, "control: the scan finds the kept title where Pulumi holds it");
    withRefused = false;
    await stack.destroy();
  });
});
