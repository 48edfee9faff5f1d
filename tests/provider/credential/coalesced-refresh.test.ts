/**
 * Coalesced reads (provider/shared/coalesced-reads.ts) give exactly what one GET per resource gives.
 * A differential test: 100 credentials of every type and 8 folders, seeded random out-of-band edits
 * through the raw API, then the same state (backend and project copied twice) refreshed once with
 * coalescing (list pages of 50) and once with `skyvern:coalesceReads false`: identical resources,
 * field for field, and the request counts each way. Then a delete of another credential between
 * two list pages (the server pages by offset, so a live credential slips past both pages): refresh
 * still confirms it with its own GET and keeps it. A refresh whose listing keeps failing, or that
 * is interrupted (Ctrl-C) while a page is held, drops nothing that exists.
 */
import assert from "node:assert/strict";
import { cpSync, mkdtempSync } from "node:fs";
import path from "node:path";
import { LocalWorkspace, type PulumiFn } from "@pulumi/pulumi/automation";
import type { CreateCredentialRequest, SkyvernClient } from "../../../sdk";
import { assertNoCanaries, canary, canaryCardNumber, canarySeed, decryptedState, findCanaries } from "../../support/canary";
import { countedProgram, createTestStack, pulumiCommand, pulumiEnv, TestStack } from "../../support/engine";
import { ARTIFACTS_DIR } from "../../support/paths";
import { useProxiedSkyvern } from "../../support/proxied-skyvern";
import { waitFor } from "../../support/wait";

type Args = Record<string, unknown>;

const COUNT = 100;
const FOLDERS = 8;
const PAGE_SIZE = 50;

/** mulberry32: a seeded generator, so a failing run's edits can be replayed (the seed is printed). */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A copy of the stack's backend and project: the same state, refreshed independently. */
async function copyOf(original: TestStack, program: PulumiFn): Promise<TestStack> {
  const backendDir = mkdtempSync(path.join(ARTIFACTS_DIR, "backend-copy-"));
  cpSync(original.backendDir, backendDir, { recursive: true });
  const workDir = mkdtempSync(path.join(ARTIFACTS_DIR, `${path.basename(original.workDir).split("--")[0]}--`));
  cpSync(original.workDir, workDir, { recursive: true });
  const env = pulumiEnv(`file://${backendDir}`);
  const counted = countedProgram(program);
  const stack = await LocalWorkspace.selectStack(
    { stackName: original.stack.name, projectName: path.basename(original.workDir).split("--")[0], program: counted.program },
    { workDir, pulumiCommand: await pulumiCommand(), envVars: env },
  );
  return new TestStack(stack, workDir, backendDir, env, counted.programRuns);
}

/**
 * The reads (`id@time`) that went alone but confirmed nothing missing: at most the five a run asks
 * for before it shows a burst (fewer than six reads never list), all before the first list page.
 */
function readsBeforeTheListing(kind: string, alone: string[], confirming: Set<string>, listsAt: number[]): string[] {
  const firstList = Math.min(...listsAt);
  const warmUp = alone.filter((entry) => !confirming.has(entry.split("@")[0]));
  assert.ok(warmUp.length <= 5 && warmUp.every((entry) => Number(entry.split("@")[1]) < firstList),
    `${kind}: only the missing, and at most five reads before the listing began, are read alone (first list at ${firstList}; others read alone: ${warmUp.join(", ")})`);
  return warmUp;
}

interface StateResource { urn: string; type: string; id?: string; inputs?: Args; outputs?: Args; created?: string; modified?: string }

/** The paths (never the values: they hold secrets) at which two states differ; the engine's timestamps aside. */
function differences(left: StateResource[], right: StateResource[]): string[] {
  const found: string[] = [];
  const byUrn = (resources: StateResource[]) => new Map(resources.map(({ created: _c, modified: _m, ...rest }) => [rest.urn, rest]));
  const [a, b] = [byUrn(left), byUrn(right)];
  for (const urn of new Set([...a.keys(), ...b.keys()])) compare(a.get(urn), b.get(urn), urn.split("::").pop()!, found);
  return found;
}

function compare(a: unknown, b: unknown, where: string, found: string[]): void {
  if (a !== null && b !== null && typeof a === "object" && typeof b === "object" && Array.isArray(a) === Array.isArray(b)) {
    for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) compare((a as Args)[key], (b as Args)[key], `${where}.${key}`, found);
  } else if (a !== b) {
    found.push(where);
  }
}

describe("coalesced refresh: the results of one GET per credential, in a handful of requests", () => {
  const skyvern = useProxiedSkyvern();
  const seed = Number(process.env.COALESCE_TEST_SEED ?? Date.now() % 100_000);
  const random = seededRandom(seed);
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)];
  const run = Date.now();
  const secrets: string[] = [];
  const secret = (label: string) => { const value = canary(label); secrets.push(value); return value; };
  const declared: Args[] = [];
  let original: TestStack;
  let program: PulumiFn;

  before(async () => {
    console.log(`      seed ${seed} (COALESCE_TEST_SEED=${seed} replays these edits)`);
    for (let i = 0; i < COUNT; i++) {
      const kind = i % 3;
      const settings: Args = i % 7 === 0 ? { userContext: `Sign in with SSO (${i}).` } : {};
      if (kind === 0) {
        const totp = i % 6 === 0 ? { totp: canarySeed(), totpType: "authenticator" } : i % 4 === 0 ? { totpType: "email", totpIdentifier: `codes${i}@example.com` } : {};
        if ("totp" in totp) secrets.push(totp.totp as string);
        declared.push({ credentialType: "password", credential: { username: `bot${i}@example.com`, password: secret("pw"), ...totp }, ...settings });
      } else if (kind === 1) {
        declared.push({ credentialType: "credit_card", credential: { cardNumber: canaryCardNumber(), cardCvv: "123", cardExpMonth: "07", cardExpYear: "2031", cardBrand: "visa", cardHolderName: secret("holder") }, ...settings });
      } else {
        declared.push({ credentialType: "secret", credential: { secretValue: secret("sv"), secretLabel: `label ${i}` }, ...settings });
      }
    }
    program = async () => {
      const { SkyvernCredential, SkyvernCredentialFolder } = require("pulumi-skyvern") as typeof import("../../../index");
      const folders = Array.from({ length: FOLDERS }, (_, f) => new SkyvernCredentialFolder(`folder${f}`, { title: `coalesce-${run}-${f}` }));
      declared.forEach((args, i) => new SkyvernCredential(`c${i}`, {
        name: `coalesce-${run}-${i}`, ...args, ...(i % 5 === 0 ? { folderId: folders[(i / 5) % FOLDERS].folderId } : {}),
      } as never));
    };
    original = await createTestStack({ projectName: "coalesce", program, config: { "skyvern:baseUrl": skyvern.proxy.url } });
    await original.up();
  });

  afterEach(async function () {
    if (this.currentTest?.state !== "passed") return;
    const texts = { ...original.all(), cliExport: await original.exportedState() };
    assert.deepEqual(findCanaries([...secrets, process.env.SKYVERN_API_KEY!], texts), []);
  });

  it("refreshes 100 credentials after random out-of-band edits to the same state with and without coalescing; requests: list pages vs one GET each", async () => {
    const direct: SkyvernClient = skyvern.direct;
    const resources = await original.credentialResources();
    const idOf = (i: number) => resources.find((r) => r.urn.endsWith(`::c${i}`))!.id;
    const deployment = await original.stack.exportStack();
    const folderIds = (deployment.deployment.resources as StateResource[]).filter((r) => r.type.endsWith(":SkyvernCredentialFolder")).map((r) => r.id!);
    const requestFor = (i: number, credentialChanges: Args): CreateCredentialRequest =>
      ({ name: `coalesce-${run}-${i}`, credentialType: declared[i].credentialType, credential: { ...(declared[i].credential as Args), ...credentialChanges } }) as unknown as CreateCredentialRequest;

    const deleted = new Set<number>();
    const edits: Record<string, number> = {};
    for (let i = 0; i < COUNT; i++) {
      if (random() < 0.5) continue;
      const id = idOf(i);
      const edit = pick(["rename", "folder", "totp", "delete", "userContext"] as const);
      edits[edit] = (edits[edit] ?? 0) + 1;
      if (edit === "rename") await direct.credentials.patch(id, { name: `renamed-${run}-${i}` });
      if (edit === "folder") await direct.credentials.setFolder(id, random() < 0.3 ? null : pick(folderIds));
      if (edit === "userContext") await direct.credentials.patch(id, { userContext: `Edited in UI (${i}).` });
      if (edit === "delete") {
        await direct.credentials.delete(id);
        deleted.add(i);
      }
      if (edit === "totp") {
        const credential = declared[i].credential as Args;
        if (declared[i].credentialType !== "password") await direct.credentials.update(id, requestFor(i, {}));
        else if (credential.totp) await direct.credentials.update(id, requestFor(i, { totp: undefined, totpType: undefined }));
        else await direct.credentials.update(id, requestFor(i, { totp: canarySeed(), totpType: "authenticator" }));
      }
    }
    await direct.folders.update(folderIds[1], { title: `renamed-folder-${run}` });
    await direct.folders.delete(folderIds[2]);
    console.log(`      edits: ${JSON.stringify(edits)}, a folder renamed and one deleted`);

    const coalesced = await copyOf(original, program);
    (coalesced.stack.workspace as LocalWorkspace).envVars.SKYVERN_COALESCE_PAGE_SIZE = String(PAGE_SIZE);
    const alone = await copyOf(original, program);
    // A refresh configures providers from their inputs in state: a stack setting changed now would
    // apply only after the next `up` (the last test does that); the variable applies at once.
    (alone.stack.workspace as LocalWorkspace).envVars.SKYVERN_COALESCE_READS = "false";

    const refreshCounting = async (stack: TestStack) => {
      skyvern.proxy.reset();
      await stack.refresh();
      const requests = skyvern.proxy.requests.map((r) => `${r.method} ${r.path.split("?")[0]}`);
      const count = (pattern: RegExp) => requests.filter((r) => pattern.test(r)).length;
      return {
        credentialLists: count(/^GET \/v1\/credentials$/), credentialGets: count(/^GET \/v1\/credentials\/cred_\d+$/),
        folderLists: count(/^GET \/v1\/credential_folders$/), folderGets: count(/^GET \/v1\/credential_folders\/cfld_\d+$/),
        totpChecks: count(/\/totp-code$/), other: requests.filter((r) => !/^GET \/v1\/(credentials|credential_folders)(\/(cred|cfld)_\d+(\/totp-code)?)?$/.test(r)),
        total: requests.length,
        alone: skyvern.proxy.requests.filter((r) => /^\/v1\/credentials\/cred_\d+$/.test(r.path)).map((r) => `${r.path.split("/").pop()!}@${r.at}`),
        listsAt: skyvern.proxy.requests.filter((r) => r.path.startsWith("/v1/credentials?")).map((r) => r.at),
        foldersAlone: skyvern.proxy.requests.filter((r) => /^\/v1\/credential_folders\/cfld_\d+$/.test(r.path)).map((r) => `${r.path.split("/").pop()!}@${r.at}`),
        folderListsAt: skyvern.proxy.requests.filter((r) => r.path.startsWith("/v1/credential_folders?")).map((r) => r.at),
      };
    };
    const withCoalescing = await refreshCounting(coalesced);
    const withoutCoalescing = await refreshCounting(alone);
    const summary = ({ alone: _a, listsAt: _l, foldersAlone: _f, folderListsAt: _fl, ...rest }: typeof withCoalescing) => JSON.stringify(rest);
    console.log(`      refresh of ${COUNT} credentials and ${FOLDERS} folders: coalesced ${summary(withCoalescing)}; alone ${summary(withoutCoalescing)}`);

    const stateOf = async (stack: TestStack) => (await stack.stack.exportStack()).deployment.resources as StateResource[];
    const [left, right] = [await stateOf(coalesced), await stateOf(alone)];
    assert.equal(left.filter((r) => r.type.endsWith(":SkyvernCredential")).length, COUNT - deleted.size, "deleted credentials left state, the others stayed");
    assert.deepEqual(differences(left, right), [], "both refreshes record the same state, field for field");

    const live = COUNT - deleted.size;
    assert.equal(withoutCoalescing.credentialGets, COUNT, "without coalescing: one GET per credential");
    assert.equal(withoutCoalescing.credentialLists, 0);
    assert.equal(withCoalescing.credentialLists, Math.ceil(live / PAGE_SIZE), `with coalescing: ceil(${live} / ${PAGE_SIZE}) list pages (the stack's credentials are the newest)`);
    // Read alone: each credential missing from the list (its confirmation), and the few the run
    // asked for before it showed a burst (fewer than six reads never list), all before the listing.
    const warmUp = readsBeforeTheListing("credentials", withCoalescing.alone, new Set([...deleted].map(idOf)), withCoalescing.listsAt);
    assert.equal(withCoalescing.credentialGets, deleted.size + warmUp.length, "a GET to confirm each credential missing from the list");
    assert.equal(withoutCoalescing.folderGets, FOLDERS);
    // Folders are read the same way, with their own count: the deleted one's confirmation, and at
    // most five asked before the engine's folder reads showed a burst (a loaded machine spreads them).
    assert.ok(withCoalescing.folderLists >= 1);
    const deletedFolderId = folderIds[2];
    readsBeforeTheListing("folders", withCoalescing.foldersAlone, new Set([deletedFolderId]), withCoalescing.folderListsAt);
    assert.equal(withCoalescing.foldersAlone.filter((entry) => entry.split("@")[0] === deletedFolderId).length, 1, "folders: one GET confirms the deleted one");
    assert.equal(withCoalescing.totpChecks, withoutCoalescing.totpChecks, "the same TOTP checks either way");
    assert.deepEqual(withCoalescing.other, withoutCoalescing.other, "the same other requests (the organization check before dropping)");
    const texts = { coalesced: coalesced.all().transcript, alone: alone.all().transcript, coalescedExport: await coalesced.exportedState(), aloneExport: await alone.exportedState() };
    assert.deepEqual(findCanaries([...secrets, process.env.SKYVERN_API_KEY!], texts), []);
  });

  it("never drops a live credential that a delete elsewhere moved past a page boundary while refresh listed", async () => {
    // 20 of the stack's credentials and one newer bystander, pages of 12: page 1 is the bystander and
    // the 11 newest. Deleting the bystander while page 2 is asked for shifts the 12th newest onto
    // page 1, after it was fetched: that credential is on neither page.
    const small = await createTestStack({
      projectName: "coalesce-shift", config: { "skyvern:baseUrl": skyvern.proxy.url },
      program: async () => {
        const { SkyvernCredential } = require("pulumi-skyvern") as typeof import("../../../index");
        for (let i = 0; i < 20; i++) new SkyvernCredential(`s${i}`, { name: `shift-${run}-${i}`, credentialType: "secret", credential: { secretValue: secret("shift") } });
      },
    });
    (small.stack.workspace as LocalWorkspace).envVars.SKYVERN_COALESCE_PAGE_SIZE = "12";
    await small.up();
    const bystander = await skyvern.direct.credentials.create({ name: `bystander-${run}`, credentialType: "secret", credential: { secretValue: secret("bystander") } });
    const stackIds = (await small.credentialResources()).map((r) => r.id).sort();
    let deletedBetweenPages = false;
    skyvern.proxy.rule = ({ method, path }) => {
      if (method !== "GET" || !path.startsWith("/v1/credentials?") || !/[?&]page=2(&|$)/.test(path)) return undefined;
      return { kind: "hold", until: skyvern.direct.credentials.delete(bystander.credentialId).then(() => { deletedBetweenPages = true; }) };
    };
    await small.refresh();
    skyvern.proxy.rule = () => undefined;
    assert.equal(deletedBetweenPages, true, "the bystander was deleted between the two list pages");
    assert.deepEqual((await small.credentialResources()).map((r) => r.id).sort(), stackIds, "every live credential is still in state");
    const confirmations = skyvern.proxy.requests.filter((r) => /^\/v1\/credentials\/cred_\d+$/.test(r.path)).map((r) => `${r.path.split("/").pop()} ${r.outcome}`);
    assert.equal(confirmations.length, 1, `the credential that slipped past the pages was read alone: ${confirmations.join(", ")}`);
    assert.match(confirmations[0], /forwarded 200$/);

    // The stack setting switches coalescing off once an `up` has stored it in the provider's inputs.
    await small.stack.setConfig("skyvern:coalesceReads", { value: "false" });
    await small.up();
    skyvern.proxy.reset();
    await small.refresh();
    assert.equal(skyvern.proxy.count("GET", /^\/v1\/credentials$/), 0, "skyvern:coalesceReads false: no listing");
    assert.equal(skyvern.proxy.count("GET", /^\/v1\/credentials\/cred_\d+$/), 20, "one GET per credential");
    await small.destroy();
  });

  it("in an organization far larger than the stack: 5 credentials read alone, 8 list two pages at most, then read alone", async () => {
    // The proxy answers every list page with 1,000 other credentials, newer than the stack's: an
    // organization of thousands. The stack never pays for listing it all.
    const one = (await (await fetch(`${process.env.SKYVERN_BASE_URL}/v1/credentials?page=1&page_size=1`, { headers: { "x-api-key": process.env.SKYVERN_API_KEY! } })).json()) as Args[];
    const newerSeconds = BigInt(Math.floor(Date.now() / 1000) - 1_655_683_200 + 60);
    const otherCredentials = Array.from({ length: 1000 }, (_, i) => ({ ...one[0], credential_id: `cred_${(newerSeconds << 32n) + BigInt(i)}`, name: `someone-else-${i}` }));
    const settings = { count: 5 };
    const stack = await createTestStack({
      projectName: "coalesce-large-org", config: { "skyvern:baseUrl": skyvern.proxy.url },
      program: async () => {
        const { SkyvernCredential } = require("pulumi-skyvern") as typeof import("../../../index");
        for (let i = 0; i < settings.count; i++) new SkyvernCredential(`l${i}`, { name: `large-org-${run}-${i}`, credentialType: "secret", credential: { secretValue: secret("large") } });
      },
    });
    const refreshCounts = async () => {
      skyvern.proxy.reset();
      skyvern.proxy.rule = ({ method, path }) => (method === "GET" && path.startsWith("/v1/credentials?") ? { kind: "respond", status: 200, body: otherCredentials } : undefined);
      await stack.refresh();
      skyvern.proxy.rule = () => undefined;
      return { lists: skyvern.proxy.count("GET", /^\/v1\/credentials$/), gets: skyvern.proxy.count("GET", /^\/v1\/credentials\/cred_\d+$/), total: skyvern.proxy.requests.length };
    };
    await stack.up();
    const five = await refreshCounts();
    settings.count = 8;
    await stack.up();
    const eight = await refreshCounts();
    console.log(`      refresh in an organization of thousands: 5 credentials ${JSON.stringify(five)}, 8 credentials ${JSON.stringify(eight)}`);
    assert.deepEqual(five, { lists: 0, gets: 5, total: 5 }, "a stack of five: its five GETs, as without coalescing");
    assert.deepEqual(eight, { lists: 2, gets: 8, total: 10 }, "a stack of eight: two list pages that answered nothing, then its eight GETs");
    assert.equal((await stack.credentialResources()).length, 8, "nothing dropped");
    await stack.destroy();
  });

  it("a refresh cut off mid-listing, by a listing that keeps failing or by Ctrl-C, drops only the credential that is gone", async () => {
    const values = Array.from({ length: 12 }, () => secret("cut"));
    const small = await createTestStack({
      projectName: "coalesce-cut", config: { "skyvern:baseUrl": skyvern.proxy.url },
      program: async () => {
        const { SkyvernCredential } = require("pulumi-skyvern") as typeof import("../../../index");
        // Half of them logins, whose browser settings Skyvern reports when a program leaves them out.
        values.forEach((value, i) => new SkyvernCredential(`k${i}`, i % 2
          ? { name: `cut-${run}-${i}`, credentialType: "password", credential: { username: `cut${i}@example.com`, password: value } }
          : { name: `cut-${run}-${i}`, credentialType: "secret", credential: { secretValue: value } }));
      },
    });
    // Pages of 5: the stack's 12 credentials span three pages.
    (small.stack.workspace as LocalWorkspace).envVars.SKYVERN_COALESCE_PAGE_SIZE = "5";
    await small.up();
    const ids = (await small.credentialResources()).map((r) => r.id).sort();
    const inState = async () => (await small.credentialResources()).map((r) => r.id).sort();
    const inputsById = async () => Object.fromEntries((await small.credentialResources()).map((r) => [r.id, r.inputs]));
    const declared = await inputsById();
    const isList = (path: string) => path.startsWith("/v1/credentials?");

    // Every list page's connection is reset: after the transport's retries the listing is given up
    // and each credential is read alone; only the one deleted out of band, confirmed by its 404, leaves.
    const [firstGone, secondGone] = [ids[4], ids[9]];
    await skyvern.direct.credentials.delete(firstGone);
    skyvern.proxy.reset();
    skyvern.proxy.rule = ({ method, path }) => (method === "GET" && isList(path) ? { kind: "reset-before" } : undefined);
    await small.refresh();
    skyvern.proxy.rule = () => undefined;
    const lists = skyvern.proxy.requests.filter((r) => isList(r.path));
    assert.ok(lists.length > 0 && lists.every((r) => r.outcome === "reset-before"), `the listing was tried and cut: ${lists.map((r) => r.outcome).join(", ")}`);
    const readAlone = new Set(skyvern.proxy.requests.filter((r) => /^\/v1\/credentials\/cred_\d+$/.test(r.path)).map((r) => r.path.split("/").pop()!));
    assert.deepEqual([...readAlone].sort(), ids, "each credential was read alone");
    assert.deepEqual(await inState(), ids.filter((id) => id !== firstGone), "only the deleted credential left state");
    // No setting Skyvern reports for one the program left out (switches off, the built-in vault) is
    // recorded as an input: otherwise every later \`up\` rewrites the checkpoint after each resource.
    const { [firstGone]: _gone, ...kept } = declared;
    const changedInputs: string[] = [];
    compare(await inputsById(), kept, "inputs", changedInputs);
    assert.deepEqual(changedInputs, [], "the others' inputs are as the program declared them (the paths that differ; values hold secrets)");

    // Ctrl-C while the second list page is held: the engine cancels (SIGINT, as the Automation API
    // aborts) with reads still waiting on the listing; whatever they answer, nothing live is dropped.
    await skyvern.direct.credentials.delete(secondGone);
    let release!: () => void;
    const released = new Promise<void>((resolve) => { release = resolve; });
    skyvern.proxy.reset();
    skyvern.proxy.rule = ({ method, path }) => (method === "GET" && isList(path) && /[?&]page=2(&|$)/.test(path) ? { kind: "hold", until: released } : undefined);
    const controller = new AbortController();
    const refreshing = small.stack.refresh({ signal: controller.signal, onOutput: (text) => small.transcript.push(text), onError: (text) => small.transcript.push(text), color: "never" })
      .then(() => undefined, (error: unknown) => error);
    await waitFor(() => skyvern.proxy.requests.some((r) => isList(r.path) && r.outcome === "pending"), 120_000, () => "the second list page to be held");
    controller.abort();
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    release();
    const interrupted = await refreshing;
    skyvern.proxy.rule = () => undefined;
    assert.ok(interrupted instanceof Error, "the interrupted refresh reports failure");
    assert.match(interrupted.message, /cancel/i, "it was cancelled by the interrupt");
    const afterInterrupt = await inState();
    assert.deepEqual(ids.filter((id) => id !== firstGone && id !== secondGone).filter((id) => !afterInterrupt.includes(id)), [], "every live credential is still in state");

    // The next refresh finishes the job: the second deleted credential leaves, nothing else.
    await small.refresh();
    assert.deepEqual(await inState(), ids.filter((id) => id !== firstGone && id !== secondGone));
    // The positive control: the values of the credentials still in state, found in the decrypted export.
    const keptValues = (await small.credentialResources()).map((r) => values[Number(String(r.outputs.name).split("-").pop())]);
    assertNoCanaries(values, { transcript: small.all().transcript, export: await small.exportedState(), stateFile: small.stateFile() },
      { text: await decryptedState({ dir: small.workDir, env: { ...process.env, ...small.env } }, small.stack.name), canaries: keptValues });
    await small.destroy();
  });

  it("destroys what it created; the credentials deleted out of band count as gone", async () => {
    await original.destroy();
    let left = 0;
    // Renamed ones included: every name this suite gave holds the run's timestamp.
    for await (const credential of skyvern.direct.credentials.list({ search: String(run), pageSize: 200 })) if (credential.name.includes(`-${run}-`)) left++;
    assert.equal(left, 0);
  });
});
