/**
 * Secrets by reference through the dynamic SkyvernCredential, with the plain CLI against the real
 * server behind the counting proxy: one credential of each type, every secret field given as
 * `{ fromEnv }` or `{ fromFile }`, through create, no-op, API key rotation, rotation of a value in
 * the environment, a TOTP seed changed in Skyvern (refresh reports it), failures at preview, the
 * switch to values and back (0 writes), removal of a field and destroy. After every step the CLI
 * output (-v=8 for the writes), every file of the backend, what the run wrote under PULUMI_HOME and
 * `pulumi stack export --show-secrets` are scanned for the canaries. Positive control: the same
 * stack switched to values holds them in `--show-secrets`.
 */
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { codeMatchesSeed } from "../../../provider/credential/totp-oracle";
import {
  assertNoCanaries, backendFilesWithoutConfigCopies, canary, canaryCardNumber, canaryCvv, canarySeed, decryptedState, filesWrittenSince, findCanaries,
} from "../../support/canary";
import { CliProject } from "../../support/cli-project";
import { useProxiedSkyvern } from "../../support/proxied-skyvern";
import { createApiKey } from "../../support/second-organization";

const PROGRAM = `const fs = require("fs");
const { SkyvernCredential } = require("pulumi-skyvern");
// REFS_MODE=values passes the same secrets as values: the positive control of the scans.
const byValue = process.env.REFS_MODE === "values";
const env = (name) => (byValue ? process.env[name] : { fromEnv: name });
const file = (at) => (byValue ? fs.readFileSync(at, "utf8").replace(/\\n$/, "") : { fromFile: at });
const run = process.env.REFS_RUN;
const totp = process.env.REFS_DROP_TOTP ? {} : { totp: env("REFS_TOTP"), totpType: "authenticator" };
const password = process.env.REFS_BOTH_FORMS ? { fromEnv: "REFS_PASSWORD", fromFile: process.env.REFS_SECRET_FILE } : env("REFS_PASSWORD");
new SkyvernCredential("bot", { name: "refs-bot-" + run, credentialType: "password", credential: { username: "bot@example.com", password, ...totp } });
new SkyvernCredential("card", {
  name: "refs-card-" + run,
  credentialType: "credit_card",
  credential: {
    cardNumber: env("REFS_CARD_NUMBER"), cardCvv: file(process.env.REFS_CVV_FILE), cardExpMonth: env("REFS_EXP_MONTH"), cardExpYear: env("REFS_EXP_YEAR"),
    cardBrand: "visa", cardHolderName: env("REFS_HOLDER"),
  },
});
new SkyvernCredential("key", { name: "refs-key-" + run, credentialType: "secret", credential: { secretValue: file(process.env.REFS_SECRET_FILE), secretLabel: "api" } });
`;

const WRITES = /^(POST|PATCH|PUT|DELETE) /;

describe("secrets by reference (dynamic provider): nothing of them in state, a change still found", function () {
  this.timeout(15 * 60_000);
  const skyvern = useProxiedSkyvern();
  const run = `${Date.now()}`;
  const startedAt = Date.now();
  let project: CliProject;
  const canaries: string[] = [];
  const scanned: Record<string, string> = {};
  const fresh = (value: string) => { canaries.push(value); return value; };
  /** The values the program declares now (the positive control must find each of them). */
  const currentCanaries = () => [
    project.env.REFS_PASSWORD!, project.env.REFS_TOTP!, project.env.REFS_CARD_NUMBER!, project.env.REFS_HOLDER!,
    readFileSync(project.env.REFS_SECRET_FILE!, "utf8").trim(), readFileSync(project.env.REFS_CVV_FILE!, "utf8").trim(),
  ];
  const sent = () => skyvern.proxy.requests.map((r) => `${r.method} ${r.path.split("?")[0]}`);
  const ids: Record<string, string> = {};
  /** `--show-secrets` of the same stack with values instead of references: where the scan must find them. */
  let valuesState = "";

  /** What a step printed, every backend file, what the run wrote under PULUMI_HOME and the decrypted state: kept for the final scan. */
  async function keep(step: string, printed: string): Promise<string> {
    scanned[`${step}: CLI output`] = printed;
    for (const [file, text] of Object.entries(backendFilesWithoutConfigCopies(project.env.PULUMI_BACKEND_URL!.replace("file://", "")))) scanned[`${step}: ${file}`] = text;
    for (const [file, text] of Object.entries(filesWrittenSince(project.env.PULUMI_HOME!, startedAt))) scanned[`${step}: ${file}`] = text;
    const state = await decryptedState(project);
    scanned[`${step}: stack export --show-secrets`] = state;
    return state;
  }

  async function outputs(): Promise<Record<string, Record<string, unknown>>> {
    const exported = JSON.parse(await project.ok("stack", "export")) as { deployment: { resources?: { urn: string; id?: string; outputs?: Record<string, unknown> }[] } };
    return Object.fromEntries((exported.deployment.resources ?? []).filter((r) => r.id && r.urn.includes("SkyvernCredential")).map((r) => [r.urn.split("::").pop()!, { ...r.outputs, id: r.id }]));
  }

  before(async () => {
    project = CliProject.create("secret-refs", "name: secret-refs\nruntime: nodejs\nmain: index.js\n", {
      "package.json": JSON.stringify({ name: "secret-refs", private: true }),
      "index.js": PROGRAM,
    });
    const cardNumber = fresh(canaryCardNumber());
    const secretFile = path.join(project.dir, "secret-value");
    const cvvFile = path.join(project.dir, "cvv");
    // As `echo value > file` writes them: one trailing newline, which the provider drops.
    writeFileSync(secretFile, `${fresh(canary("refsecret"))}\n`);
    writeFileSync(cvvFile, `${fresh(canaryCvv(cardNumber.slice(-4)))}\n`);
    Object.assign(project.env, {
      REFS_RUN: run, REFS_PASSWORD: fresh(canary("refpassword")), REFS_TOTP: fresh(canarySeed()), REFS_CARD_NUMBER: cardNumber,
      REFS_EXP_MONTH: "07", REFS_EXP_YEAR: "2031", REFS_HOLDER: fresh(canary("refholder")), REFS_SECRET_FILE: secretFile, REFS_CVV_FILE: cvvFile,
    });
    await project.ok("stack", "init", "test");
    await project.ok("config", "set", "skyvern:baseUrl", skyvern.proxy.url);
    await project.ok("config", "set", "--secret", "skyvern:apiKey", process.env.SKYVERN_API_KEY!);
  });

  after(async () => {
    if (project && Object.keys(ids).length > 0 && !("destroy: CLI output" in scanned)) await project.run("destroy", "--yes");
  });

  it("creates every type by reference (-v=8): one create per credential, fingerprints but no values in state", async () => {
    const up = await project.ok("up", "--yes", "-v=8", "--logtostderr");
    assert.match(up, /4 created/, "the stack and three credentials");
    assert.deepEqual(sent().filter((line) => WRITES.test(line)), ["POST /v1/credentials", "POST /v1/credentials", "POST /v1/credentials"]);
    await keep("create", up);
    Object.assign(ids, Object.fromEntries(Object.entries(await outputs()).map(([name, outs]) => [name, String(outs.id)])));
    const card = await skyvern.direct.credentials.get(ids.card);
    assert.equal(card.credentialType === "credit_card" && card.credential.lastFour, project.env.REFS_CARD_NUMBER!.slice(-4), "the card number reached Skyvern");
    const { code } = await skyvern.direct.credentials.totpCode(ids.bot);
    assert.equal(codeMatchesSeed(project.env.REFS_TOTP!, code), true, "the seed from the environment reached Skyvern");
    const decrypted = await decryptedState(project);
    assert.deepEqual(findCanaries(currentCanaries(), { "stack export --show-secrets": decrypted }), [], "no value given by reference in the decrypted state");
    const state = JSON.parse(decrypted) as { deployment: { resources: { urn: string; outputs?: Record<string, unknown> }[] } };
    const bot = state.deployment.resources.find((r) => r.urn.endsWith("::bot"))!;
    const fingerprints = JSON.parse(String((bot.outputs!.secretFingerprints as { plaintext: string }).plaintext)) as { salt: string; fields: Record<string, string> };
    assert.deepEqual(Object.keys(fingerprints.fields).sort(), ["password", "totp"]);
    assert.match(fingerprints.fields.password, /^[0-9a-f]{64}$/);
    assert.equal(Buffer.from(fingerprints.salt, "base64").length, 32);
    assert.ok((bot.outputs!.secretFingerprints as Record<string, unknown>).ciphertext === undefined, "decrypted view");
  });

  it("previews nothing when nothing changed: 0 requests", async () => {
    skyvern.proxy.reset();
    const printed = await project.ok("preview", "--expect-no-changes");
    assert.deepEqual(sent(), []);
    await keep("no-op", printed);
  });

  it("sees no change after the Skyvern API key is rotated (the fingerprint key does not come from it)", async () => {
    const rotated = createApiKey(JSON.parse(Buffer.from(process.env.SKYVERN_API_KEY!.split(".")[1], "base64url").toString()).sub as string);
    assert.notEqual(rotated.apiKey, process.env.SKYVERN_API_KEY);
    await project.ok("config", "set", "--secret", "skyvern:apiKey", rotated.apiKey);
    skyvern.proxy.reset();
    await project.ok("preview", "--expect-no-changes");
    assert.deepEqual(sent(), []);
  });

  it("refuses at preview, naming field and variable or path, with 0 requests: an unset variable, a missing file, both forms", async () => {
    const cases: Array<[Record<string, string | undefined>, RegExp]> = [
      [{ REFS_PASSWORD: undefined }, /credential\.password[^\n]*environment variable REFS_PASSWORD is not set/],
      [{ REFS_CVV_FILE: path.join(project.dir, "no-such-file") }, /credential\.cardCvv[^\n]*file \S*no-such-file does not exist/],
      [{ REFS_BOTH_FORMS: "1" }, /credential\.password[^\n]*give either fromEnv or fromFile, not both/],
    ];
    const saved = { ...project.env };
    try {
      for (const [change, message] of cases) {
        for (const [name, value] of Object.entries(change)) if (value === undefined) delete project.env[name]; else project.env[name] = value;
        skyvern.proxy.reset();
        const preview = await project.run("preview");
        assert.notEqual(preview.code, 0, preview.output);
        assert.match(preview.output, message);
        assert.deepEqual(sent(), [], "no request");
        scanned[`failure ${Object.keys(change).join()}: CLI output`] = preview.output;
        Object.assign(project.env, saved);
        for (const name of Object.keys(change)) if (saved[name] === undefined) delete project.env[name];
      }
    } finally {
      Object.assign(project.env, saved);
    }
  });

  it("rotates a value in the environment: one update, same id (-v=8)", async () => {
    project.env.REFS_PASSWORD = fresh(canary("refpasswordrotated"));
    skyvern.proxy.reset();
    const preview = await project.ok("preview", "--diff");
    assert.match(preview, /~ 1 to update/);
    assert.deepEqual(sent(), [], "preview makes no request");
    const up = await project.ok("up", "--yes", "-v=8", "--logtostderr");
    assert.deepEqual(sent().filter((line) => WRITES.test(line)), [`POST /v1/credentials/${ids.bot}/update`]);
    assert.equal((await outputs()).bot.id, ids.bot);
    await keep("rotation", `${preview}\n${up}`);
  });

  it("reports a TOTP seed changed in Skyvern at refresh, and the next up writes the declared one back", async () => {
    await skyvern.direct.credentials.update(ids.bot, {
      name: `refs-bot-${run}`, credentialType: "password",
      credential: { username: "bot@example.com", password: project.env.REFS_PASSWORD!, totp: fresh(canarySeed()), totpType: "authenticator" },
    });
    const refresh = await project.ok("refresh", "--yes");
    assert.equal((await outputs()).bot.totpDrift, true, "refresh found the seed changed");
    skyvern.proxy.reset();
    const up = await project.ok("up", "--yes");
    assert.deepEqual(sent().filter((line) => WRITES.test(line)), [`POST /v1/credentials/${ids.bot}/update`]);
    const { code } = await skyvern.direct.credentials.totpCode(ids.bot);
    assert.equal(codeMatchesSeed(project.env.REFS_TOTP!, code), true, "the declared seed is back");
    await keep("totp drift", `${refresh}\n${up}`);
  });

  it("switches to values and back with the same values: 0 writes, and the values leave state again (positive control)", async () => {
    project.env.REFS_MODE = "values";
    skyvern.proxy.reset();
    const toValues = await project.ok("up", "--yes");
    assert.match(toValues, /3 updated/);
    assert.deepEqual(sent().filter((line) => WRITES.test(line)), [], "no write");
    valuesState = await decryptedState(project);
    delete project.env.REFS_MODE;
    skyvern.proxy.reset();
    const toReferences = await project.ok("up", "--yes");
    assert.match(toReferences, /3 updated/);
    assert.deepEqual(sent().filter((line) => WRITES.test(line)), [], "no write");
    await keep("back to references", `${toValues}\n${toReferences}`);
    // Before the destroy, so that a failure leaves the stack to the after hook.
    assertNoCanaries(canaries, scanned, { text: valuesState, canaries: currentCanaries() });
  });

  it("removes a field given by reference (the TOTP seed): one update", async () => {
    project.env.REFS_DROP_TOTP = "1";
    skyvern.proxy.reset();
    const up = await project.ok("up", "--yes");
    assert.deepEqual(sent().filter((line) => WRITES.test(line)), [`POST /v1/credentials/${ids.bot}/update`]);
    const bot = await skyvern.direct.credentials.get(ids.bot);
    assert.equal(bot.credentialType === "password" && bot.credential.hasTotp, false);
    assert.deepEqual(Object.keys(JSON.parse(String(((JSON.parse(await decryptedState(project)) as { deployment: { resources: { urn: string; outputs?: Record<string, { plaintext?: string }> }[] } })
      .deployment.resources.find((r) => r.urn.endsWith("::bot"))!.outputs!.secretFingerprints!.plaintext))).fields), ["password"]);
    await keep("removal", up);
  });

  it("destroys, and nothing of the secrets is anywhere it looked", async () => {
    const destroyed = await project.ok("destroy", "--yes");
    assert.match(destroyed, /4 deleted/);
    scanned["destroy: CLI output"] = destroyed;
    for (const [file, text] of Object.entries(backendFilesWithoutConfigCopies(project.env.PULUMI_BACKEND_URL!.replace("file://", "")))) scanned[`destroy: ${file}`] = text;
    assertNoCanaries(canaries, { ...scanned, "every command's output": project.transcript.join("\n") }, { text: valuesState, canaries: currentCanaries() });
  });
});
