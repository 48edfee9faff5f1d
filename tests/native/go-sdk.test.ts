/**
 * The Go SDK (sdk/go/) is what Pulumi's own Go code generator makes of schema.json, byte for byte
 * (go.sum included, from `go mod tidy`), so a schema change cannot leave it stale; and the Go
 * example (examples/go) vets against it, the SDK's packages vetted too, with Pulumi's Go SDK at the
 * CLI's version; a misspelt field fails to compile. What the compiled program sends the engine is the business of
 * tests/native/go-scenarios.test.ts, which runs it.
 */
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { CACHE } from "../support/engine";
import { copyGoExample, go, GO_EXAMPLE, GO_SDK, GO_SDK_MODULE } from "../support/go-project";
import { ARTIFACTS_DIR, PROJECT_ROOT } from "../support/paths";

const run = promisify(execFile);
const PULUMI_VERSION = process.env.PULUMI_VERSION ?? "v3.259.0";
const SCHEMA: { version: string; pluginDownloadURL: string; language: { go: { importBasePath: string } } } = JSON.parse(readFileSync(path.join(PROJECT_ROOT, "schema.json"), "utf8"));

/** The files of a folder, by path relative to it. */
function filesUnder(folder: string, relative = ""): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  for (const entry of readdirSync(path.join(folder, relative), { withFileTypes: true })) {
    const name = path.posix.join(relative, entry.name);
    if (entry.isDirectory()) for (const [file, data] of filesUnder(folder, name)) files.set(file, data);
    else files.set(name, readFileSync(path.join(folder, name)));
  }
  return files;
}

/** sdk/go as git sees it: tracked and new files, without ignored ones. */
async function committedSdk(): Promise<Map<string, Buffer>> {
  const { stdout } = await run("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard", "--", "."], { cwd: GO_SDK });
  const files = new Map<string, Buffer>();
  for (const file of stdout.split("\0").filter(Boolean)) {
    if (existsSync(path.join(GO_SDK, file))) files.set(file, readFileSync(path.join(GO_SDK, file)));
  }
  return files;
}

describe("the Go SDK (sdk/go/)", function () {
  // Also under `mocha --no-config`: a cold run builds the generator and fills the Go caches.
  this.timeout(15 * 60_000);
  const scratch: string[] = [];
  const scratchDir = (prefix: string) => {
    const dir = mkdtempSync(path.join(ARTIFACTS_DIR, prefix));
    scratch.push(dir);
    return dir;
  };
  after(() => {
    for (const dir of scratch) rmSync(dir, { recursive: true, force: true });
  });

  it("is exactly what the generator makes of schema.json (regenerate with `npm run gen:go`)", async () => {
    const fresh = path.join(scratchDir("go-sdk-gen-"), "go");
    await run("bash", [path.join(PROJECT_ROOT, "scripts", "gen-sdk.sh"), "go", fresh], {
      cwd: PROJECT_ROOT, env: { ...process.env, PULUMI_SKYVERN_CACHE: CACHE }, maxBuffer: 16 << 20,
    });
    const expected = filesUnder(fresh);
    const committed = await committedSdk();
    const missing = [...expected.keys()].filter((file) => !committed.has(file));
    const extra = [...committed.keys()].filter((file) => !expected.has(file));
    const stale = [...expected.keys()].filter((file) => committed.has(file) && !committed.get(file)!.equals(expected.get(file)!));
    assert.deepEqual({ missing, extra, stale }, { missing: [], extra: [], stale: [] }, "sdk/go differs from a fresh generation; run `npm run gen:go`");

    // The module is the parent of the import path the schema declares, and the plugin the SDK asks
    // the engine for is this package at the schema's version.
    assert.equal(SCHEMA.language.go.importBasePath, `${GO_SDK_MODULE}/skyvern`);
    assert.match(expected.get("go.mod")!.toString(), new RegExp(`^module ${GO_SDK_MODULE}\\n`));
    assert.deepEqual(JSON.parse(expected.get("skyvern/pulumi-plugin.json")!.toString()), { resource: true, name: "skyvern", version: SCHEMA.version, server: SCHEMA.pluginDownloadURL });
    assert.match(expected.get("go.mod")!.toString(), new RegExp(`\\tgithub\\.com/pulumi/pulumi/sdk/v3 ${PULUMI_VERSION}\\n`), "the SDK requires Pulumi's Go SDK of the CLI's version");
    assert.match(expected.get("skyvern/internal/pulumiUtilities.go")!.toString(), new RegExp(`semver\\.MustParse\\("${SCHEMA.version}"\\)`),
      "resources ask for the plugin version of the schema (respectSchemaVersion)");
  });

  it(`examples/go vets against it with github.com/pulumi/pulumi/sdk/v3 ${PULUMI_VERSION} (go-scenarios.test.ts builds and runs a copy)`, async () => {
    const inCheckout = await go(GO_EXAMPLE, "list", "-m", "-json", "github.com/pulumi/pulumi/sdk/v3", GO_SDK_MODULE);
    assert.match(inCheckout, new RegExp(`"Version": "${PULUMI_VERSION}"`), "the example builds on the CLI's Pulumi Go SDK");
    assert.match(inCheckout, new RegExp(`"Dir": "${GO_SDK}"`), "and on this checkout's sdk/go");
    // `go vet` type-checks and compiles every package it reads. The SDK's packages are vetted here,
    // with the example's dependency versions: vetting the SDK module alone would compile Pulumi's Go
    // SDK a second time, at the older version its go.mod names.
    await go(GO_EXAMPLE, "vet", ".", `${GO_SDK_MODULE}/skyvern/...`);
  });

  it("a program using a field the SDK does not have fails to compile, naming it (the build is a real check)", async () => {
    const copy = await copyGoExample("skyvern-go-typo", scratchDir("go-example-typo-"));
    const program = readFileSync(path.join(copy, "main.go"), "utf8");
    const typo = program.replace("CardHolderName: pulumi.String(\"Ada Lovelace\"),", "CardHolder: pulumi.String(\"Ada Lovelace\"),");
    assert.notEqual(typo, program);
    writeFileSync(path.join(copy, "main.go"), typo);
    await assert.rejects(go(copy, "vet", "."), /unknown field CardHolder in struct literal of type skyvern\.CreditCardCredentialArgs/);
  });
});
