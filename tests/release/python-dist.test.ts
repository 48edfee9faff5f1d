/**
 * The Python distribution (`npm run build:python-dist`, which the release workflow publishes to PyPI):
 * an sdist and a wheel of `pulumi-skyvern` at package.json's version, `twine check --strict` clean
 * (the script runs it and fails otherwise), the wheel holding only the `pulumi_skyvern` package and
 * its metadata, with the pulumi-plugin.json the Python host reads to tell the engine which plugin to
 * download and from where. tests/registries/quickstarts.test.ts installs it by name from a local index.
 */
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { PLUGIN_DOWNLOAD_URL } from "../../provider/native/tokens";
import { ARTIFACTS_DIR, PROJECT_ROOT } from "../support/paths";

const VERSION: string = JSON.parse(readFileSync(path.join(PROJECT_ROOT, "package.json"), "utf8")).version;

/** The files of a zip (a wheel) and the text of the ones asked for, read with Python's zipfile. */
function wheelContents(wheel: string, read: string[]): { names: string[]; texts: Record<string, string> } {
  const script = "import json, sys, zipfile\nz = zipfile.ZipFile(sys.argv[1])\nprint(json.dumps({'names': z.namelist(), 'texts': {n: z.read(n).decode() for n in sys.argv[2:]}}))";
  return JSON.parse(execFileSync("python3", ["-c", script, wheel, ...read], { encoding: "utf8" }));
}

describe("release: Python distribution (npm run build:python-dist)", () => {
  let out: string;
  before(() => {
    out = mkdtempSync(path.join(ARTIFACTS_DIR, "python-dist-"));
    execFileSync("npm", ["run", "--silent", "build:python-dist", "--", out], { cwd: PROJECT_ROOT, stdio: ["ignore", "ignore", "pipe"] });
  });

  it("builds an sdist and a wheel at package.json's version", () => {
    assert.deepEqual(readdirSync(out).sort(), [`pulumi_skyvern-${VERSION}-py3-none-any.whl`, `pulumi_skyvern-${VERSION}.tar.gz`]);
  });

  it("the wheel holds only pulumi_skyvern and its metadata, with the plugin's version and download URL", () => {
    const distInfo = `pulumi_skyvern-${VERSION}.dist-info`;
    const { names, texts } = wheelContents(path.join(out, `pulumi_skyvern-${VERSION}-py3-none-any.whl`), ["pulumi_skyvern/pulumi-plugin.json", `${distInfo}/METADATA`]);
    assert.deepEqual(names.filter((name) => !name.startsWith("pulumi_skyvern/") && !name.startsWith(`${distInfo}/`)), []);
    for (const file of ["__init__.py", "credential.py", "credential_folder.py", "provider.py", "py.typed"]) assert.ok(names.includes(`pulumi_skyvern/${file}`), file);
    assert.deepEqual(JSON.parse(texts["pulumi_skyvern/pulumi-plugin.json"]), { resource: true, name: "skyvern", version: VERSION, server: PLUGIN_DOWNLOAD_URL });
    const metadata = texts[`${distInfo}/METADATA`];
    assert.match(metadata, /^Name: pulumi_skyvern$/m);
    assert.match(metadata, new RegExp(`^Version: ${VERSION.replace(/\./g, "\\.")}$`, "m"));
    assert.match(metadata, /^Requires-Dist: pulumi<4\.0\.0,>=3\.0\.0$/m);
    assert.match(metadata, /^Description-Content-Type: text\/markdown$/m);
  });
});
