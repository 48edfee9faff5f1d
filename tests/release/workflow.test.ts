/**
 * .github/workflows/release.yml cannot run here (it publishes to npm, PyPI and GitHub), so it is
 * checked the way GitHub Actions users check a workflow, zizmor and actionlint finding nothing (each
 * with a positive control on a broken copy), plus what no linter knows: it runs only on version tags,
 * checks every version source against the tag before anything is published, publishes from
 * environments with the least permission each, and every script it calls exists (each is run by a
 * test: tests/release/*.test.ts and tests/registries/quickstarts.test.ts).
 */
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { ARTIFACTS_DIR, PROJECT_ROOT } from "../support/paths";
import { actionlintErrors, zizmorFindings } from "../support/workflow-linters";

const WORKFLOW = path.join(PROJECT_ROOT, ".github", "workflows", "release.yml");
const text = () => readFileSync(WORKFLOW, "utf8");

function brokenCopy(from: string, to: string): string {
  assert.ok(text().includes(from), `the workflow contains ${JSON.stringify(from)}`);
  const file = path.join(mkdtempSync(path.join(ARTIFACTS_DIR, "release-workflow-")), "release.yml");
  writeFileSync(file, text().split(from).join(to));
  return file;
}

/** The lines of one job, from its `  <name>:` line to the next job. */
function job(name: string): string {
  const match = new RegExp(`^  ${name}:\\n((?:(?:    .*)?\\n)+)`, "m").exec(text());
  assert.ok(match, `the workflow has a job named ${name}`);
  return match[1];
}

describe(".github/workflows/release.yml", () => {
  it("zizmor at --persona=auditor reports no finding, and finds a known defect in a copy (an unnamed job)", () => {
    assert.deepEqual(zizmorFindings(WORKFLOW), []);
    const findings = zizmorFindings(brokenCopy("    name: Publish to PyPI\n", ""));
    assert.ok(findings.length === 1 && findings[0].startsWith("anonymous-definition "), findings.join("\n"));
  });

  it("actionlint reports no error, and finds a known defect in a copy (an undefined job in needs)", () => {
    assert.deepEqual(actionlintErrors(WORKFLOW), []);
    const errors = actionlintErrors(brokenCopy("needs: [npm, pypi]", "needs: [npm, pypy]"));
    assert.equal(errors.length, 1, errors.join("\n"));
    assert.match(errors[0], /"pypy"/);
  });

  it("runs only for version tags, pins every action to a commit, and reads no secret but npm's token", () => {
    assert.match(text(), /^on:\n {2}push:\n {4}tags: \["v\[0-9\]\+\.\[0-9\]\+\.\[0-9\]\+"\]\n\n/m);
    for (const line of text().split("\n").filter((candidate) => /^\s*-?\s*uses:/.test(candidate))) assert.match(line, /uses: [\w-]+\/[\w-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+$/);
    assert.deepEqual(text().match(/\$\{\{\s*secrets\.\w+/g), ["${{ secrets.NPM_TOKEN"]);
    assert.match(text(), /^permissions: \{\}$/m);
  });

  it("builds once and checks every version source against the tag before publishing", () => {
    const build = job("build");
    const order = ["npm run build\n", "npm run build:plugin-archives\n", `node scripts/release-version.mjs --tag "$GITHUB_REF_NAME"\n`, "npm run build:python-dist\n", "upload-artifact"];
    const positions = order.map((step) => build.indexOf(step));
    assert.ok(positions.every((position) => position >= 0), `build runs ${order.join(", ")}`);
    assert.deepEqual([...positions].sort((a, b) => a - b), positions, "in this order");
    assert.match(build, /^ {4}permissions:\n {6}contents: read\n {4}steps:/m, "build may only read");
    for (const publisher of ["npm", "pypi"]) assert.match(job(publisher), /^ {4}needs: build$/m);
  });

  it("publishes npm with provenance and PyPI by trusted publishing, each from its own environment with id-token only there", () => {
    const npm = job("npm");
    assert.match(npm, /^ {4}environment: npm$/m);
    assert.match(npm, /npm publish dist\/npm\/pulumi-skyvern-\*\.tgz --provenance --access public/);
    assert.match(npm, /^ {6}id-token: write # npm provenance$/m);
    const pypi = job("pypi");
    assert.match(pypi, /^ {4}environment: pypi$/m);
    assert.match(pypi, /uses: pypa\/gh-action-pypi-publish@/);
    assert.doesNotMatch(pypi, /password:|user:/, "no token: trusted publishing");
    assert.match(pypi, /^ {4}permissions:\n {6}id-token: write # PyPI trusted publishing\n {4}steps:/m);
    assert.equal(text().match(/id-token: write/g)?.length, 2);
  });

  it("attaches the plugin archives and checksums to the release and tags the Go module, after both registries", () => {
    const release = job("github-release");
    assert.match(release, /^ {4}needs: \[npm, pypi\]$/m);
    assert.match(release, /gh release create "\$GITHUB_REF_NAME" --verify-tag .* dist\/plugin-archives\/\*$/m);
    assert.match(release, /refs\/tags\/sdk\/go\/\$GITHUB_REF_NAME/);
    assert.equal(text().match(/contents: write/g)?.length, 1, "only the release job writes");
  });

  it("calls only npm scripts and files that exist", () => {
    const scripts = JSON.parse(readFileSync(path.join(PROJECT_ROOT, "package.json"), "utf8")).scripts as Record<string, string>;
    const npmScripts = [...text().matchAll(/npm run ([\w:-]+)/g)].map((match) => match[1]);
    assert.deepEqual(npmScripts.filter((name) => !(name in scripts)), []);
    assert.ok(npmScripts.length >= 3);
    const files = [...text().matchAll(/(?:node|bash) (scripts\/[\w./-]+)/g)].map((match) => match[1]);
    assert.deepEqual(files.filter((file) => !existsSync(path.join(PROJECT_ROOT, file))), []);
    assert.ok(files.length >= 1);
  });
});
