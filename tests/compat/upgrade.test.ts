/**
 * Upgrades keep working: a stack created by release 0.1.0 or 0.2.0 (each packed from its commit)
 * is refreshed, updated and destroyed by this release, installed over it in the same user project,
 * with no replace, no spurious diff and no error. Both stored `require("pulumi-skyvern/provider-runtime")`
 * in every credential's `__provider` (0.2.0 `require("pulumi-skyvern/folder-runtime")` in a folder's),
 * so those entry points are a public contract this test keeps, whatever file they map to now.
 */
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { FolderNotFoundError, NotFoundError } from "../../sdk";
import { canary, canarySeed, filesUnder, findCanaries } from "../support/canary";
import { CACHE } from "../support/engine";
import { ARTIFACTS_DIR, PROJECT_ROOT } from "../support/paths";
import { useProxiedSkyvern } from "../support/proxied-skyvern";
import { nodeBinFor, packedTarball, UserProject } from "../support/user-project";

const run = promisify(execFile);

interface Release {
  version: string;
  /** The commit it was packed from. */
  commit: string;
  /** Whether it has SkyvernCredentialFolder (0.2.0 on): the stack then holds a folder too. */
  folders: boolean;
}

/** Release 0.1.0 as published. */
const RELEASE_0_1_0: Release = { version: "0.1.0", commit: "25c0227", folders: false };
/** Release 0.2.0: the last commit before provider/ was reorganized by resource (issue 20). */
const RELEASE_0_2_0: Release = { version: "0.2.0", commit: "5c45109", folders: true };

/** `npm pack` of an earlier release, built once from its commit and kept in the cache. */
async function releaseTarball({ version, commit }: Release): Promise<string> {
  const cached = path.join(CACHE, "releases", `pulumi-skyvern-${version}.tgz`);
  if (existsSync(cached)) return cached;
  const checkout = mkdtempSync(path.join(ARTIFACTS_DIR, `release-${version}-`));
  await run("bash", ["-euo", "pipefail", "-c", `git -C "${PROJECT_ROOT}" archive "${commit}" | tar -x -C "${checkout}"`]);
  await run("npm", ["ci", "--no-audit", "--no-fund", "--loglevel=error"], { cwd: checkout, maxBuffer: 64 << 20 });
  await run("npx", ["tsc", "-p", "tsconfig.json"], { cwd: checkout });
  const tarball = await packedTarball(checkout);
  mkdirSync(path.dirname(cached), { recursive: true });
  renameSync(tarball, `${cached}.tmp`);
  renameSync(`${cached}.tmp`, cached);
  return cached;
}

/** A random card number that passes Luhn, so it reaches the wire (a canary the server accepts). */
function luhnValidCardNumber(): string {
  const body = `4${Array.from({ length: 14 }, () => Math.floor(Math.random() * 10)).join("")}`;
  const sum = [...body].reverse().reduce((total, char, index) => {
    let digit = Number(char);
    if (index % 2 === 0) digit = digit * 2 > 9 ? digit * 2 - 9 : digit * 2;
    return total + digit;
  }, 0);
  return `${body}${(10 - (sum % 10)) % 10}`;
}

const PROGRAM = `const pulumi = require("@pulumi/pulumi");
const { SkyvernCredential } = require("pulumi-skyvern");
const config = new pulumi.Config();
const login = new SkyvernCredential("login", { credentialType: "password", credential: {
  username: "upgrade@example.com", password: config.requireSecret("password"), totp: config.requireSecret("seed"), totpType: "authenticator" } });
const card = new SkyvernCredential("card", { credentialType: "credit_card", credential: {
  cardNumber: config.requireSecret("cardNumber"), cardCvv: config.requireSecret("cardCvv"), cardExpMonth: "07", cardExpYear: "2031",
  cardBrand: "visa", cardHolderName: "Upgrade Tester" } });
const key = new SkyvernCredential("key", { credentialType: "secret", credential: { secretValue: config.requireSecret("apiKey"), secretLabel: config.require("label") } });
module.exports = { ids: { login: login.credentialId, card: card.credentialId, key: key.credentialId } };
`;

/** 0.2.0 on: a folder too, so its stored `require("pulumi-skyvern/folder-runtime")` is exercised. */
const FOLDER_PROGRAM = `const { SkyvernCredentialFolder } = require("pulumi-skyvern");
const team = new SkyvernCredentialFolder("team", { title: "Upgrade team", description: "made before the upgrade" });
module.exports.folderId = team.folderId;
`;

for (const release of [RELEASE_0_1_0, RELEASE_0_2_0]) describe(`upgrading from release ${release.version}`, () => {
  const skyvern = useProxiedSkyvern();
  const folders = release.folders ? 1 : 0;

  it(`refreshes, updates and destroys a ${release.version} stack with no replace, no spurious diff and no error`, async () => {
    const project = UserProject.createEmpty("upgrade", nodeBinFor("current"));
    writeFileSync(path.join(project.dir, "Pulumi.yaml"), "name: upgrade\nruntime: nodejs\n");
    writeFileSync(path.join(project.dir, "package.json"), JSON.stringify({ name: "upgrade", private: true, main: "index.js" }));
    writeFileSync(path.join(project.dir, "index.js"), release.folders ? PROGRAM + FOLDER_PROGRAM : PROGRAM);
    await project.npm("install", await releaseTarball(release));

    const secrets = { password: canary("upgradepw"), seed: canarySeed(), cardNumber: luhnValidCardNumber(), cardCvv: String(100 + Math.floor(Math.random() * 900)), apiKey: canary("upgradekey") };
    await project.ok("stack", "init", "prod");
    await project.ok("config", "set", "skyvern:baseUrl", skyvern.proxy.url);
    await project.ok("config", "set", "--secret", "skyvern:apiKey", process.env.SKYVERN_API_KEY!);
    await project.ok("config", "set", "label", "before the upgrade");
    for (const [key, value] of Object.entries(secrets)) await project.ok("config", "set", "--secret", key, value);
    await project.ok("up", "--yes");
    const ids: Record<string, string> = JSON.parse(await project.ok("stack", "output", "ids", "--json"));
    const storedByRelease = JSON.parse(await project.ok("stack", "export")).deployment.resources;
    const storedCredentials = storedByRelease.filter((r: { type: string }) => r.type.endsWith(":SkyvernCredential"));
    assert.equal(storedCredentials.length, 3);
    for (const resource of storedCredentials) {
      assert.match(resource.inputs.__provider, /require\("pulumi-skyvern\/provider-runtime"\)/, `${release.version} stores the runtime by its public entry point`);
    }
    const storedFolders = storedByRelease.filter((r: { type: string }) => r.type.endsWith(":SkyvernCredentialFolder"));
    assert.equal(storedFolders.length, folders);
    for (const resource of storedFolders) {
      assert.match(resource.inputs.__provider, /require\("pulumi-skyvern\/folder-runtime"\)/, `${release.version} stores the folder runtime by its public entry point`);
    }
    const folderId: string | undefined = release.folders ? JSON.parse(await project.ok("stack", "output", "folderId", "--json")) : undefined;

    await project.npm("install", await packedTarball());
    assert.equal(project.pulumiSdkCopies().length, 1, "still one @pulumi/pulumi after the upgrade");

    skyvern.proxy.reset();
    await project.ok("preview", "--expect-no-changes");
    assert.equal(skyvern.proxy.requests.length, 0);
    await project.ok("refresh", "--yes", "--skip-preview");
    assert.equal(skyvern.proxy.count("GET", /^\/v1\/credentials\/cred_\w+$/), 3, "refresh reads each credential once");
    assert.equal(skyvern.proxy.count("GET", /\/totp-code$/), 1, "and checks the one authenticator seed");
    assert.equal(skyvern.proxy.count("GET", /^\/v1\/credential_folders\/cfld_\w+$/), folders, "and reads each folder once");
    assert.equal(skyvern.proxy.requests.length, 4 + folders, "refresh writes nothing");
    skyvern.proxy.reset();
    await project.ok("preview", "--expect-no-changes");
    assert.equal(skyvern.proxy.requests.length, 0, "no spurious diff after refresh");

    await project.ok("config", "set", "label", "after the upgrade");
    skyvern.proxy.reset();
    const update = await project.ok("up", "--yes", "--diff");
    assert.doesNotMatch(update, /replace/i);
    assert.equal(skyvern.proxy.requests.length, 1, `one request for the label change: ${skyvern.proxy.requests.map((r) => `${r.method} ${r.path}`).join(", ")}`);
    assert.match(skyvern.proxy.requests[0].path, new RegExp(`^/v1/credentials/${ids.key}`));
    assert.deepEqual(JSON.parse(await project.ok("stack", "output", "ids", "--json")), ids, "every credential id is unchanged");
    assert.equal(((await skyvern.direct.credentials.get(ids.key)).credential as { secretLabel?: string }).secretLabel, "after the upgrade");

    const decrypted = await project.decryptedState();
    for (const value of Object.values(secrets)) assert.ok(decrypted.includes(value), "positive control: the decrypted state holds every canary");
    const state = filesUnder(project.backendDir);

    skyvern.proxy.reset();
    await project.ok("destroy", "--yes");
    assert.equal(skyvern.proxy.count("POST", /\/delete$/), 3);
    for (const id of Object.values(ids)) await assert.rejects(skyvern.direct.credentials.get(id), NotFoundError);
    if (folderId !== undefined) {
      assert.equal(skyvern.proxy.count("DELETE", new RegExp(`^/v1/credential_folders/${folderId}$`)), 1, "the folder is deleted through its stored runtime");
      await assert.rejects(skyvern.direct.folders.get(folderId), FolderNotFoundError);
    }
    assert.deepEqual(findCanaries([...Object.values(secrets), process.env.SKYVERN_API_KEY!], { transcript: project.transcript.join("\n"), ...state }), []);
  });
});
