/**
 * One version everywhere: scripts/release-version.mjs (which the release workflow runs before it
 * publishes anything) finds package.json's version in every source it lists on this checkout, and
 * fails naming the source when a copy has one source changed, or when the release tag differs.
 * Sources are listed once, in the script (VERSION_SOURCES); this test changes each of them in turn.
 */
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import { ARTIFACTS_DIR, PROJECT_ROOT } from "../support/paths";

const SCRIPT = path.join(PROJECT_ROOT, "scripts", "release-version.mjs");
const VERSION: string = JSON.parse(readFileSync(path.join(PROJECT_ROOT, "package.json"), "utf8")).version;
const OTHER = "9.8.7";

interface Result { expected: string; found: { name: string; version?: string; error?: string }[]; disagreements: { name: string }[] }

function check(root: string, ...args: string[]): { status: number | null; result: Result; stderr: string } {
  const run = spawnSync(process.execPath, [SCRIPT, "--root", root, "--json", ...args], { encoding: "utf8" });
  return { status: run.status, result: JSON.parse(run.stdout) as Result, stderr: run.stderr };
}

/** A copy of the files that carry the version, with the plugin archives built into its dist/. */
function releaseCopy(): string {
  const root = mkdtempSync(path.join(ARTIFACTS_DIR, "release-version-"));
  for (const file of ["package.json", "schema.json", "CHANGELOG.md", "README.md", "python", "docs"]) cpSync(path.join(PROJECT_ROOT, file), path.join(root, file), { recursive: true });
  mkdirSync(path.join(root, "dist"));
  execFileSync(process.execPath, [path.join(PROJECT_ROOT, "scripts", "build-plugin-archives.mjs"), path.join(root, "dist", "plugin-archives")], { stdio: ["ignore", "ignore", "pipe"] });
  return root;
}

/** How to give one source another version, by the name the script gives it. */
const CHANGE: Record<string, (root: string) => void> = {
  "package.json": (root) => edit(root, "package.json", `"version": "${VERSION}"`, `"version": "${OTHER}"`),
  "schema.json": (root) => edit(root, "schema.json", `"version": "${VERSION}"`, `"version": "${OTHER}"`),
  "python/pyproject.toml": (root) => edit(root, "python/pyproject.toml", `version = "${VERSION}"`, `version = "${OTHER}"`),
  "python/pulumi_skyvern/pulumi-plugin.json": (root) => edit(root, "python/pulumi_skyvern/pulumi-plugin.json", `"version": "${VERSION}"`, `"version": "${OTHER}"`),
  "CHANGELOG.md": (root) => edit(root, "CHANGELOG.md", "## Unreleased\n", `## Unreleased\n\n## ${OTHER}\n`),
  "README.md (YAML quickstart)": (root) => edit(root, "README.md", `version: ${VERSION}\n`, `version: ${OTHER}\n`),
  "docs/_index.md (YAML example)": (root) => edit(root, "docs/_index.md", `version: ${VERSION}\n`, `version: ${OTHER}\n`),
  "docs/installation-configuration.md (plugin install)": (root) => edit(root, "docs/installation-configuration.md", `skyvern v${VERSION} `, `skyvern v${OTHER} `),
  "dist/plugin-archives (npm run build:plugin-archives)": (root) => {
    const dir = path.join(root, "dist", "plugin-archives");
    renameSync(path.join(dir, `pulumi-resource-skyvern-v${VERSION}-darwin-arm64.tar.gz`), path.join(dir, `pulumi-resource-skyvern-v${OTHER}-darwin-arm64.tar.gz`));
  },
};

function edit(root: string, file: string, from: string, to: string): void {
  const text = readFileSync(path.join(root, file), "utf8");
  assert.ok(text.includes(from), `${file} holds ${JSON.stringify(from)}`);
  writeFileSync(path.join(root, file), text.replace(from, to));
}

describe("release: one version everywhere (scripts/release-version.mjs)", () => {
  let pristine: string;
  before(() => { pristine = releaseCopy(); });

  it(`finds ${VERSION} in every source, and agrees with the tag v${VERSION}`, () => {
    const { status, result, stderr } = check(pristine, "--tag", `v${VERSION}`);
    assert.deepEqual(result.found.filter((source) => source.version !== VERSION), [], stderr);
    assert.equal(status, 0, stderr);
    assert.deepEqual(result.found.map((source) => source.name).sort(), Object.keys(CHANGE).sort(), "every source the script lists is changed by a case below, and no more");
  });

  it("fails naming the source when one source says another version (each source in turn)", () => {
    for (const [name, change] of Object.entries(CHANGE)) {
      const root = mkdtempSync(path.join(ARTIFACTS_DIR, "release-version-changed-"));
      cpSync(pristine, root, { recursive: true });
      change(root);
      const { status, result, stderr } = check(root);
      assert.equal(status, 1, `${name} changed: ${stderr}`);
      // package.json is the reference: changing it makes every other source disagree.
      const expected = name === "package.json" ? Object.keys(CHANGE).filter((other) => other !== name) : [name];
      assert.deepEqual(result.disagreements.map((source) => source.name).sort(), expected.sort(), `${name} changed`);
      assert.match(stderr, new RegExp(`release-version: ${(name === "package.json" ? expected[0] : name).replace(/[.*+?^${}()|[\]\\]/g, "\\$&")} says `));
    }
  });

  it("fails when the release tag is not the version", () => {
    const { status, result, stderr } = check(pristine, "--tag", `refs/tags/v${OTHER}`);
    assert.equal(status, 1);
    assert.equal(result.expected, OTHER);
    assert.equal(result.disagreements.length, Object.keys(CHANGE).length, stderr);
  });
});
