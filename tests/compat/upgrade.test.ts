/**
 * Upgrades keep working: a stack created by release 0.1.0 (packed from its commit) is refreshed,
 * updated and destroyed by this release, installed over it in the same user project, with no
 * replace, no spurious diff and no error. 0.1.0 stored `require("pulumi-skyvern/provider-runtime")`
 * in every resource's `__provider`, so that entry point is a public contract this test keeps.
 */
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { NotFoundError } from "../../sdk";
import { canary, canarySeed, filesUnder, findCanaries } from "../support/canary";
import { CACHE } from "../support/engine";
import { ARTIFACTS_DIR, PROJECT_ROOT } from "../support/paths";
import { useProxiedSkyvern } from "../support/proxied-skyvern";
import { nodeBinFor, packedTarball, UserProject } from "../support/user-project";

const run = promisify(execFile);

/** Release 0.1.0 as published: the commit it was packed from. */
const RELEASE_0_1_0 = { version: "0.1.0", commit: "25c0227" };

/** `npm pack` of an earlier release, built once from its commit and kept in the cache. */
async function releaseTarball({ version, commit }: typeof RELEASE_0_1_0): Promise<string> {
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

describe("upgrading from release 0.1.0", () => {
  const skyvern = useProxiedSkyvern();

  it("refreshes, updates and destroys a 0.1.0 stack with no replace, no spurious diff and no error", async () => {
    const project = UserProject.createEmpty("upgrade", nodeBinFor("current"));
    writeFileSync(path.join(project.dir, "Pulumi.yaml"), "name: upgrade\nruntime: nodejs\n");
    writeFileSync(path.join(project.dir, "package.json"), JSON.stringify({ name: "upgrade", private: true, main: "index.js" }));
    writeFileSync(path.join(project.dir, "index.js"), PROGRAM);
    await project.npm("install", await releaseTarball(RELEASE_0_1_0));

    const secrets = { password: canary("upgradepw"), seed: canarySeed(), cardNumber: luhnValidCardNumber(), cardCvv: String(100 + Math.floor(Math.random() * 900)), apiKey: canary("upgradekey") };
    await project.ok("stack", "init", "prod");
    await project.ok("config", "set", "skyvern:baseUrl", skyvern.proxy.url);
    await project.ok("config", "set", "--secret", "skyvern:apiKey", process.env.SKYVERN_API_KEY!);
    await project.ok("config", "set", "label", "before the upgrade");
    for (const [key, value] of Object.entries(secrets)) await project.ok("config", "set", "--secret", key, value);
    await project.ok("up", "--yes");
    const ids: Record<string, string> = JSON.parse(await project.ok("stack", "output", "ids", "--json"));
    const storedBy010 = JSON.parse(await project.ok("stack", "export")).deployment.resources.filter((r: { type: string }) => r.type.endsWith(":SkyvernCredential"));
    assert.equal(storedBy010.length, 3);
    for (const resource of storedBy010) assert.match(resource.inputs.__provider, /require\("pulumi-skyvern\/provider-runtime"\)/, "0.1.0 stores the runtime by its public entry point");

    await project.npm("install", await packedTarball());
    assert.equal(project.pulumiSdkCopies().length, 1, "still one @pulumi/pulumi after the upgrade");

    skyvern.proxy.reset();
    await project.ok("preview", "--expect-no-changes");
    assert.equal(skyvern.proxy.requests.length, 0);
    await project.ok("refresh", "--yes", "--skip-preview");
    assert.equal(skyvern.proxy.count("GET", /^\/v1\/credentials\/cred_\w+$/), 3, "refresh reads each credential once");
    assert.equal(skyvern.proxy.count("GET", /\/totp-code$/), 1, "and checks the one authenticator seed");
    assert.equal(skyvern.proxy.requests.length, 4, "refresh writes nothing");
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
    assert.deepEqual(findCanaries([...Object.values(secrets), process.env.SKYVERN_API_KEY!], { transcript: project.transcript.join("\n"), ...state }), []);
  });
});
