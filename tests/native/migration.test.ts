/**
 * Moving a stack from the dynamic `SkyvernCredential` to the native `Credential`, as
 * docs/migrating-to-native.md tells a user: change the class and add one alias naming the dynamic
 * resource's type. The engine then moves each credential to the skyvern provider in place: the
 * native Diff compares the stored outputs (the stored secret included) with the program and finds
 * nothing to write. Same ids, no request at all for the move; afterwards the native provider does
 * everything the dynamic one did.
 */
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { NotFoundError } from "../../sdk";
import { assertNoCanaries, canary, canaryCardNumber, canaryCvv, canarySeed, filesUnder } from "../support/canary";
import { createNativeProject, decryptedResources, initStack, previewJson, requestLines, Timings } from "../support/native-project";
import { useProxiedSkyvern } from "../support/proxied-skyvern";
import { DEFAULT_PROVIDER_NAME } from "../support/default-provider";
import type { UserProject } from "../support/user-project";

const DYNAMIC_TYPE = "pulumi-nodejs:dynamic:SkyvernCredential";
const NATIVE_TYPE = "skyvern:index:Credential";

/** The stack's program: the three credentials, declared with the given class and options. */
function program(className: "SkyvernCredential" | "Credential", options = ""): string {
  const opts = options ? `, ${options}` : "";
  return `import * as pulumi from "@pulumi/pulumi";
import { ${className} } from "pulumi-skyvern";

const config = new pulumi.Config();
const login = new ${className}("login", {
  credentialType: "password",
  credential: { username: "migrate@example.com", password: config.requireSecret("password"), totp: config.requireSecret("seed"), totpType: "authenticator" },
}${opts});
const card = new ${className}("card", {
  credentialType: "credit_card",
  credential: { cardNumber: config.requireSecret("cardNumber"), cardCvv: config.requireSecret("cardCvv"), cardExpMonth: "07", cardExpYear: "2031", cardBrand: "visa", cardHolderName: "Migration Tester" },
}${opts});
const key = new ${className}("key", {
  credentialType: "secret",
  credential: { secretValue: config.requireSecret("apiKey"), secretLabel: "stripe" },
}${opts});

export const ids = { login: login.credentialId, card: card.credentialId, key: key.credentialId };
`;
}

describe("migrating a stack from SkyvernCredential (dynamic) to Credential (native plugin)", () => {
  const skyvern = useProxiedSkyvern();
  const timings = new Timings();
  let project: UserProject;
  let ids: Record<string, string>;
  const cardNumber = canaryCardNumber();
  const secrets = { password: canary("migratepw"), seed: canarySeed(), cardNumber, cardCvv: canaryCvv(cardNumber.slice(-4)), apiKey: canary("migratekey") };
  const rotated = canary("migraterotated");

  const writeProgram = (text: string) => writeFileSync(path.join(project.dir, "index.ts"), text);
  const stackIds = async () => JSON.parse(await project.ok("stack", "output", "ids", "--json")) as Record<string, string>;
  const credentialsInState = async () => (await decryptedResources(project)).filter((r) => r.type === NATIVE_TYPE || r.type === DYNAMIC_TYPE);

  before(async () => {
    ({ project } = await timings.time("npm install + install-plugin", () => createNativeProject("skyvern-migrate")));
    await initStack(project, "prod", skyvern.proxy.url);
    for (const [key, value] of Object.entries(secrets)) await project.ok("config", "set", "--secret", key, value);
    writeProgram(program("SkyvernCredential"));
    skyvern.proxy.reset();
    await timings.time("up (dynamic, 3 creates)", () => project.ok("up", "--yes"));
    assert.deepEqual(requestLines(skyvern.proxy.requests), ["POST /v1/credentials", "POST /v1/credentials", "POST /v1/credentials"]);
    ids = await stackIds();
    assert.deepEqual((await credentialsInState()).map((r) => r.type), [DYNAMIC_TYPE, DYNAMIC_TYPE, DYNAMIC_TYPE]);
  });

  after(() => console.log(`      durations: ${timings}`));

  it("moves the three credentials to the skyvern provider with one alias each: no replace, no request, same ids", async () => {
    writeProgram(program("Credential", `{ aliases: [{ type: "${DYNAMIC_TYPE}" }] }`));

    skyvern.proxy.reset();
    const preview = await timings.time("preview (move)", () => previewJson(project));
    assert.deepEqual(preview.steps.filter((step) => step.op !== "same").map((step) => `${step.op} ${step.urn}`), [], "every step is a same");
    assert.deepEqual(preview.changeSummary, { same: 4 });
    const up = await timings.time("up (move)", () => project.ok("up", "--yes"));
    assert.match(up, /4 unchanged/);
    assert.doesNotMatch(up, /replace|created|deleted|updated/i);
    assert.deepEqual(requestLines(skyvern.proxy.requests), [], "the move sends nothing to Skyvern");

    assert.deepEqual(await stackIds(), ids);
    const resources = await decryptedResources(project);
    const moved = resources.filter((r) => r.type === NATIVE_TYPE);
    assert.deepEqual(moved.map((r) => r.urn.split("::").pop()).sort(), ["card", "key", "login"]);
    for (const resource of moved) {
      assert.equal(resource.id, ids[resource.urn.split("::").pop()!]);
      assert.ok((resource.provider ?? "").includes(`::pulumi:providers:skyvern::${DEFAULT_PROVIDER_NAME}::`), resource.provider);
      assert.equal(resource.inputs.__provider, undefined, "the serialized dynamic provider is gone from the inputs");
    }
    assert.deepEqual(resources.filter((r) => r.type.includes("pulumi-nodejs")).map((r) => r.urn), [], "nothing of the dynamic provider is left");
  });

  it("is clean afterwards, with or without the alias: previews send nothing, refresh only reads", async () => {
    skyvern.proxy.reset();
    await project.ok("preview", "--expect-no-changes");
    writeProgram(program("Credential"));
    await timings.time("preview (alias removed)", () => project.ok("preview", "--expect-no-changes"));
    assert.deepEqual(requestLines(skyvern.proxy.requests), []);

    await timings.time("refresh", () => project.ok("refresh", "--yes", "--skip-preview"));
    assert.deepEqual(requestLines(skyvern.proxy.requests).sort(),
      [`GET /v1/credentials/${ids.card}`, `GET /v1/credentials/${ids.key}`, `GET /v1/credentials/${ids.login}`, `GET /v1/credentials/${ids.login}/totp-code`].sort(),
      "one read each and the authenticator check: the seed stored by the dynamic resource still matches Skyvern's");
    for (const resource of await credentialsInState()) assert.equal(resource.outputs.__provider, undefined, "refresh dropped the dynamic provider's leftover output");
    skyvern.proxy.reset();
    await project.ok("preview", "--expect-no-changes");
    assert.deepEqual(requestLines(skyvern.proxy.requests), []);
  });

  it("rotates a password afterwards with one update to the same id, then destroys with one delete each", async () => {
    await project.ok("config", "set", "--secret", "password", rotated);
    skyvern.proxy.reset();
    const preview = await previewJson(project);
    const changed = preview.steps.filter((step) => step.op !== "same");
    assert.deepEqual(changed.map((step) => [step.op, step.urn.split("::").pop(), Object.keys(step.detailedDiff ?? {})]), [["update", "login", ["credential"]]]);
    await timings.time("up (rotate)", () => project.ok("up", "--yes"));
    assert.deepEqual(requestLines(skyvern.proxy.requests), [`POST /v1/credentials/${ids.login}/update`]);
    assert.deepEqual(await stackIds(), ids);

    const decrypted = await project.decryptedState();
    const state = filesUnder(project.backendDir);
    skyvern.proxy.reset();
    await timings.time("destroy", () => project.ok("destroy", "--yes"));
    assert.deepEqual(requestLines(skyvern.proxy.requests).sort(), Object.values(ids).map((id) => `POST /v1/credentials/${id}/delete`).sort());
    for (const id of Object.values(ids)) await assert.rejects(skyvern.direct.credentials.get(id), NotFoundError);

    assertNoCanaries([...Object.values(secrets), rotated, process.env.SKYVERN_API_KEY!],
      { transcript: project.transcript.join("\n"), ...state, ...filesUnder(project.backendDir), "index.ts": project.read("index.ts") },
      { text: decrypted, canaries: [rotated, secrets.seed, secrets.cardNumber, secrets.cardCvv, secrets.apiKey] });
  });
});
