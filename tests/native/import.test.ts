/**
 * `pulumi import` with the native plugin, as a user does it: the packed package in a fresh
 * TypeScript project, the plugin installed by `npx pulumi-skyvern install-plugin` into a PULUMI_HOME
 * of its own, Skyvern behind the counting proxy. Credentials are made through the API past the proxy
 * (as the Skyvern UI would), so the proxy sees only what Pulumi and the CLI send. Importing reads and
 * never writes; the program adopted afterwards writes the secret Skyvern never returns exactly once,
 * and the vault (and Skyvern's TOTP code) show it stored. The canary scans run once Pulumi holds the
 * secrets (the programs declare them after the import), so `stack export --show-secrets` can serve
 * as their positive control; what the import wrote earlier is scanned then too.
 */
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { CreateCredentialRequest } from "../../sdk";
import { Secret, TOTP } from "otpauth";
import { assertNoCanaries, canary, canaryCardNumber, canaryCvv, canarySeed, filesUnder } from "../support/canary";
import { existingVaultItemNamed } from "../support/local-vault";
import { createNativeProject, decryptedResources, EMPTY_PROGRAM, initStack, previewJson, requestLines, Timings } from "../support/native-project";
import { useProxiedSkyvern } from "../support/proxied-skyvern";
import { CREDENTIAL_PAGE_SIZE, POLICY as COALESCING } from "../../provider/shared/coalesced-reads";
import { FOLDER_LIST_MAX_PAGE_SIZE } from "../../sdk/folder-schemas";
import type { UserProject } from "../support/user-project";

const CREDENTIAL = "skyvern:index:Credential";
const FOLDER = "skyvern:index:CredentialFolder";

/** The most requests one pass of coalesced reads of n resources makes: the reads before a burst shows, then the pages. */
function coalescedReadBound(n: number, pageSize: number): number {
  return Math.min(n, COALESCING.burstReads - 1) + Math.ceil(n / pageSize);
}

/** The program the README shows after an import: the same credential, its secrets from stack config. */
const ADOPTED_PROGRAM = `import * as pulumi from "@pulumi/pulumi";
import { Credential } from "pulumi-skyvern";

const config = new pulumi.Config();
const github = new Credential("github-bot", {
  name: "GitHub bot",
  credentialType: "password",
  credential: {
    username: "bot@example.com",
    password: config.requireSecret("githubPassword"),
    totp: config.requireSecret("githubTotp"),
    totpType: "authenticator",
  },
  testedUrl: "https://github.com/login",
}, { protect: true });

export const githubCredentialId = github.credentialId;
`;

/**
 * A program declaring every credential of the bulk import: what each is from plain stack config,
 * its credential data from a secret config object, so Pulumi holds every secret the import left out.
 */
const BULK_PROGRAM = `import * as pulumi from "@pulumi/pulumi";
import { Credential, type CredentialArgs } from "pulumi-skyvern";

const config = new pulumi.Config();
const declared = config.requireObject<Record<string, { name: string; credentialType: string; folderId?: string }>>("credentials");
const data = config.requireSecretObject<Record<string, Record<string, string>>>("credentialData");
for (const [resource, args] of Object.entries(declared)) {
  new Credential(resource, { ...args, credential: data.apply((all) => all[resource]) } as unknown as CredentialArgs, { protect: true });
}
`;

describe("pulumi import with the native plugin: packed package, fresh TypeScript project, plain CLI", () => {
  const skyvern = useProxiedSkyvern();
  let project: UserProject;
  const timings = new Timings();
  /** Every secret sent to Skyvern in this suite: none may show up in anything Pulumi printed or stored. */
  const canaries: string[] = [];
  const track = <T extends string>(value: T): T => { canaries.push(value); return value; };

  before(async () => {
    ({ project } = await timings.time("npm install + install-plugin", () => createNativeProject("skyvern-import")));
  });

  after(() => console.log(`      durations: ${timings}`));

  describe("every credential of an organization, from `pulumi-skyvern import-file`", () => {
    /** What the UI made: 20 credentials of the three types, two sharing a name, three in folders. */
    const made: Array<{ id: string; name: string; type: string; credential: CreateCredentialRequest["credential"] }> = [];
    const bulkCanaries: string[] = [];
    const trackBulk = <T extends string>(value: T): T => { bulkCanaries.push(value); return track(value); };
    const folders: Array<{ id: string; title: string }> = [];
    /** What the import wrote, kept for the scan that runs once Pulumi holds the secrets. */
    let importArtefacts: Record<string, string> = {};

    before(async () => {
      const requests: CreateCredentialRequest[] = [];
      for (let i = 0; i < 8; i++) {
        // Skyvern names need not be unique, and a name can look like a numbered copy of another.
        requests.push({ name: i < 2 ? "Shared login" : i === 2 ? "Shared login 2" : `Login ${i}`, credentialType: "password", credential: {
          username: `user${i}@example.com`, password: trackBulk(canary(`bulkpw${i}`)), ...(i % 2 === 0 ? { totp: trackBulk(canarySeed()), totpType: "authenticator" } : {}) } });
      }
      for (let i = 0; i < 6; i++) {
        const cardNumber = trackBulk(canaryCardNumber());
        requests.push({ name: `Card ${i}`, credentialType: "credit_card", credential: {
          cardNumber, cardCvv: trackBulk(canaryCvv(cardNumber.slice(-4))), cardExpMonth: "07", cardExpYear: "2031", cardBrand: "visa", cardHolderName: `Holder ${i}` } });
      }
      for (let i = 0; i < 6; i++) {
        requests.push({ name: `API key ${i}`, credentialType: "secret", credential: { secretValue: trackBulk(canary(`bulksv${i}`)), secretLabel: `service-${i}` } });
      }
      for (const request of requests) {
        const response = await skyvern.direct.credentials.create(request);
        made.push({ id: response.credentialId, name: request.name, type: request.credentialType, credential: request.credential });
      }
      for (const title of ["Team A", "Team B"]) {
        const folder = await skyvern.direct.folders.create({ title, description: `made in the UI for ${title}` });
        folders.push({ id: folder.folderId, title });
      }
      await skyvern.direct.credentials.setFolder(made[0].id, folders[0].id);
      await skyvern.direct.credentials.setFolder(made[8].id, folders[0].id);
      await skyvern.direct.credentials.setFolder(made[14].id, folders[1].id);
    });

    /** Everything the server lists now: the 20, plus whatever an earlier suite of the same run left there. */
    async function serverCredentialIds(): Promise<string[]> {
      const ids: string[] = [];
      for await (const credential of skyvern.direct.credentials.list()) ids.push(credential.credentialId);
      return ids;
    }

    async function importFile(file: string, ...flags: string[]): Promise<Array<{ type: string; name: string; id: string; version: string }>> {
      await project.shell(`npx pulumi-skyvern import-file ${flags.join(" ")} --out ${file}`, { env: { SKYVERN_BASE_URL: skyvern.proxy.url } });
      return JSON.parse(readFileSync(path.join(project.dir, file), "utf8")).resources;
    }

    it("imports 20 credentials with one list and reads only, named after their Skyvern names", async () => {
      const onServer = await serverCredentialIds();
      for (const { id } of made) assert.ok(onServer.includes(id));
      writeFileSync(path.join(project.dir, "index.ts"), EMPTY_PROGRAM);
      await initStack(project, "bulk", skyvern.proxy.url);

      skyvern.proxy.reset();
      const entries = await timings.time("import-file (list)", () => importFile("import.json"));
      assert.deepEqual(requestLines(skyvern.proxy.requests), ["GET /v1/credentials?page=1&page_size=100"]);
      assert.deepEqual(entries.map((entry) => entry.id).sort(), [...onServer].sort(), "one entry per credential on the server");
      for (const entry of entries) assert.deepEqual([entry.type, entry.version], [CREDENTIAL, "0.2.0"]);
      const nameOf = (id: string) => entries.find((entry) => entry.id === id)?.name;
      assert.equal(new Set(entries.map((entry) => entry.name)).size, entries.length, `resource names are unique: ${entries.map((entry) => entry.name).join(", ")}`);
      for (const { id } of made.slice(0, 3)) assert.match(nameOf(id) ?? "", /^shared-login(-\d+)*$/, "a repeated name is numbered");
      assert.equal(nameOf(made[3].id), "login-3");
      assert.equal(nameOf(made[8].id), "card-0");
      assert.equal(nameOf(made[14].id), "api-key-0");

      skyvern.proxy.reset();
      const output = await timings.time(`pulumi import --file (${entries.length} credentials)`, () =>
        project.ok("import", "--file", "import.json", "--yes", "--generate-code=false"));
      assert.match(output, new RegExp(`= ${entries.length} imported`));
      console.log(`      imported ${entries.length} credentials (${made.length} made by this test) with ${skyvern.proxy.requests.length} requests`);
      // The preview and the import each read every credential; coalesced, a pass's reads share the
      // listing's pages (a few may go alone before the burst shows). Nothing is written.
      const lines = requestLines(skyvern.proxy.requests);
      assert.ok(lines.every((line) => /^GET \/v1\/credentials(\/cred_\w+|\?page=\d+&page_size=\d+)$/.test(line)), `reads only: ${lines.join(", ")}`);
      assert.ok(lines.length <= 2 * coalescedReadBound(entries.length, CREDENTIAL_PAGE_SIZE), `${lines.length} requests for ${entries.length} credentials read twice`);

      const state = (await decryptedResources(project)).filter((r) => r.type === CREDENTIAL);
      assert.deepEqual(state.map((r) => r.id).sort(), [...onServer].sort());
      for (const { id, name, type } of made) {
        const resource = state.find((r) => r.id === id)!;
        assert.deepEqual([resource.inputs.name, resource.inputs.credentialType], [name, type]);
      }
      assert.equal(state.find((r) => r.id === made[0].id)!.inputs.folderId, folders[0].id, "folder membership is an input too");

      // Scanned once the program below gave Pulumi the secrets: until then a scan proves nothing.
      importArtefacts = { "import.json": project.read("import.json"), ...Object.fromEntries(Object.entries(filesUnder(project.backendDir)).map(([file, text]) => [`${file} (after the import)`, text])) };
    });

    it("with --folders imports the folders too, with reads only", async () => {
      const onServer = await serverCredentialIds();
      const serverFolders: string[] = [];
      for await (const folder of skyvern.direct.folders.list()) serverFolders.push(folder.folderId);
      await initStack(project, "folders", skyvern.proxy.url);

      skyvern.proxy.reset();
      const entries = await importFile("import-folders.json", "--folders");
      assert.deepEqual(requestLines(skyvern.proxy.requests), ["GET /v1/credentials?page=1&page_size=100", "GET /v1/credential_folders?page=1&page_size=100"]);
      assert.deepEqual(entries.filter((entry) => entry.type === FOLDER).map((entry) => entry.id).sort(), [...serverFolders].sort());
      for (const { id, title } of folders) assert.equal(entries.find((entry) => entry.id === id)?.name, title.toLowerCase().replace(" ", "-"));
      assert.equal(entries.filter((entry) => entry.type === CREDENTIAL).length, onServer.length);

      skyvern.proxy.reset();
      await timings.time(`pulumi import --file (${serverFolders.length} folders + ${onServer.length} credentials)`, () =>
        project.ok("import", "--file", "import-folders.json", "--yes", "--generate-code=false"));
      assert.ok(skyvern.proxy.requests.every((r) => r.method === "GET"), `reads only: ${requestLines(skyvern.proxy.requests).filter((line) => !line.startsWith("GET"))}`);
      const folderPageSize = Math.min(CREDENTIAL_PAGE_SIZE, FOLDER_LIST_MAX_PAGE_SIZE);
      assert.ok(skyvern.proxy.requests.length <= 2 * (coalescedReadBound(onServer.length, CREDENTIAL_PAGE_SIZE) + coalescedReadBound(serverFolders.length, folderPageSize)),
        `${skyvern.proxy.requests.length} requests for ${onServer.length} credentials and ${serverFolders.length} folders read twice`);

      const state = await decryptedResources(project);
      for (const { id, title } of folders) {
        const folder = state.find((r) => r.type === FOLDER && r.id === id);
        assert.deepEqual([folder?.inputs.title, folder?.inputs.description], [title, `made in the UI for ${title}`]);
      }
      assert.equal(state.filter((r) => r.type === CREDENTIAL).length, onServer.length);
    });

    it("a program then declares the 20 with their secrets: one update each, then clean; no secret in state, export, output or the import's files (control: stack export --show-secrets)", async () => {
      await project.ok("stack", "select", "bulk");
      const state = (await decryptedResources(project)).filter((r) => r.type === CREDENTIAL);
      const resourceOf = (id: string) => state.find((r) => r.id === id)!.urn.split("::").pop()!;
      // Credentials an earlier suite of the run left on the server were imported too; this program does not own them: forgotten, not deleted.
      for (const resource of state.filter((r) => !made.some(({ id }) => id === r.id))) await project.ok("state", "delete", resource.urn, "--force", "--yes");
      const declared = Object.fromEntries(made.map(({ id, name, type }) => {
        const folderId = state.find((r) => r.id === id)!.inputs.folderId;
        return [resourceOf(id), { name, credentialType: type, ...(folderId ? { folderId } : {}) }];
      }));
      writeFileSync(path.join(project.dir, "index.ts"), BULK_PROGRAM);
      await project.ok("config", "set", "credentials", JSON.stringify(declared));
      await project.ok("config", "set", "--secret", "credentialData", JSON.stringify(Object.fromEntries(made.map(({ id, credential }) => [resourceOf(id), credential]))));

      skyvern.proxy.reset();
      await timings.time(`up (writes the secrets of ${made.length} imported credentials)`, () => project.ok("up", "--yes"));
      assert.deepEqual(requestLines(skyvern.proxy.requests).sort(), made.map(({ id }) => `POST /v1/credentials/${id}/update`).sort(), "one update per credential, nothing else");
      skyvern.proxy.reset();
      await project.ok("preview", "--expect-no-changes");
      assert.deepEqual(skyvern.proxy.requests, [], "the next preview is clean and sends no request");

      assertNoCanaries([...canaries, process.env.SKYVERN_API_KEY!], {
        ...importArtefacts, transcript: project.transcript.join("\n"), cliExport: await project.shell("pulumi stack export"), ...filesUnder(project.backendDir),
      }, { text: await project.decryptedState(), canaries: bulkCanaries });
    });
  });

  describe("one credential made in the Skyvern UI", () => {
    const password = track(canary("uipw"));
    const seed = track(canarySeed());
    /** What the program declares: new values, so the vault and the TOTP code can show the `up` wrote them. */
    const declaredPassword = track(canary("adoptpw"));
    const declaredSeed = track(canarySeed());
    let credentialId: string;
    /** `pulumi stack export` right after the import, scanned once Pulumi holds secrets to find. */
    let exportedAtImport = "";

    before(async () => {
      writeFileSync(path.join(project.dir, "index.ts"), EMPTY_PROGRAM);
      await initStack(project, "dev", skyvern.proxy.url);
    });

    it("imports it with reads only; state holds the server's non-secret fields and no secret", async () => {
      const made = await skyvern.direct.credentials.create({
        name: "GitHub bot", credentialType: "password", testedUrl: "https://github.com/login",
        credential: { username: "bot@example.com", password, totp: seed, totpType: "authenticator" },
      });
      credentialId = made.credentialId;

      skyvern.proxy.reset();
      const output = await timings.time("pulumi import (1 credential)", () =>
        project.ok("import", CREDENTIAL, "github-bot", credentialId, "--yes", "--generate-code=false"));
      assert.match(output, /= 1 imported/);
      // The import's preview reads it, then the import reads it again: nothing else, nothing written.
      assert.deepEqual(requestLines(skyvern.proxy.requests), [`GET /v1/credentials/${credentialId}`, `GET /v1/credentials/${credentialId}`]);

      const imported = (await decryptedResources(project)).find((r) => r.type === CREDENTIAL);
      assert.ok(imported, "the credential is in state");
      assert.equal(imported.id, credentialId);
      assert.equal(imported.protect, true, "imported resources are protected, as Pulumi does for every import");
      assert.deepEqual(imported.inputs, {
        name: "GitHub bot", credentialType: "password", testedUrl: "https://github.com/login", vaultType: "skyvern",
        credential: { username: "bot@example.com", totpType: "authenticator" },
      });
      assert.equal(imported.outputs.credentialId, credentialId);
      assert.equal(imported.outputs.username, "bot@example.com");
      assert.equal(imported.outputs.hasTotp, true);

      exportedAtImport = await project.shell("pulumi stack export");
      const stored = JSON.parse(exportedAtImport).deployment.resources.find((r: { type: string }) => r.type === CREDENTIAL);
      assert.ok(stored.inputs.credential.ciphertext, "the credential input is encrypted in the export");
    });

    it("the README program then writes the declared secret Skyvern never returns once: one update naming `credential`, no replace; the vault and the TOTP code show it; then clean", async () => {
      writeFileSync(path.join(project.dir, "index.ts"), ADOPTED_PROGRAM);
      await project.ok("config", "set", "--secret", "githubPassword", declaredPassword);
      await project.ok("config", "set", "--secret", "githubTotp", declaredSeed);

      skyvern.proxy.reset();
      const preview = await timings.time("preview after import", () => previewJson(project));
      assert.deepEqual(skyvern.proxy.requests, [], "a preview sends no request");
      const changed = preview.steps.filter((step) => step.op !== "same");
      assert.deepEqual(changed.map((step) => [step.op, step.urn.split("::").pop()]), [["update", "github-bot"]], "exactly one update, no replace");
      assert.deepEqual(Object.keys(changed[0].detailedDiff ?? {}), ["credential"], "the detailed diff names the credential data only");
      assert.deepEqual(changed[0].replaceReasons ?? [], []);
      assert.deepEqual(preview.changeSummary, { same: 1, update: 1 });

      const shown = await project.ok("preview", "--diff");
      assert.match(shown, /~ skyvern:index:Credential: \(update\)/);
      assert.match(shown, /~ credential: \[secret\]|\+ credential: \[secret\]/);
      assert.doesNotMatch(shown, /replace/i);
      console.log(`      what \`pulumi preview --diff\` shows after the import:\n${shown.split("\n").map((line) => `        | ${line}`).join("\n")}`);

      skyvern.proxy.reset();
      await timings.time("up (writes the secret)", () => project.ok("up", "--yes"));
      assert.deepEqual(requestLines(skyvern.proxy.requests), [`POST /v1/credentials/${credentialId}/update`]);
      assert.equal(JSON.parse(await project.ok("stack", "output", "githubCredentialId", "--json")), credentialId, "same id");
      const onServer = await skyvern.direct.credentials.get(credentialId);
      assert.equal(onServer.testedUrl, "https://github.com/login");
      assert.deepEqual(onServer.credential, { username: "bot@example.com", totpType: "authenticator", totpIdentifier: null, hasTotp: true });
      // The API never shows the secret: the vault holds what the program declared (compared, never printed) ...
      const stored = existingVaultItemNamed("GitHub bot").credential;
      assert.ok(stored.password === declaredPassword, "the vault holds the declared password");
      assert.ok(stored.totp === declaredSeed, "the vault holds the declared TOTP seed");
      // ... and Skyvern's authenticator code comes from the declared seed, not the one made in the UI.
      const { code } = await skyvern.direct.credentials.totpCode(credentialId);
      assert.notEqual(new TOTP({ secret: Secret.fromBase32(declaredSeed) }).validate({ token: code, window: 1 }), null, "Skyvern's TOTP code is the declared seed's");
      assert.equal(new TOTP({ secret: Secret.fromBase32(seed) }).validate({ token: code, window: 1 }), null, "and not the replaced seed's");

      skyvern.proxy.reset();
      await project.ok("preview", "--expect-no-changes");
      assert.deepEqual(skyvern.proxy.requests, [], "the next preview is clean and sends no request");

      // The secrets are in the decrypted state now (written by the program), encrypted everywhere else,
      // including the export taken right after the import.
      assertNoCanaries([...canaries, process.env.SKYVERN_API_KEY!], {
        exportedAtImport, cliExport: await project.shell("pulumi stack export"), transcript: project.transcript.join("\n"), ...filesUnder(project.backendDir),
      }, { text: await project.decryptedState(), canaries: [declaredPassword, declaredSeed] });
    });
  });
});
