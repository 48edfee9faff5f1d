/**
 * examples/gitops/workflow.yml as GitHub Actions users check a workflow: zizmor (security audits, at
 * the auditor persona, which reports every audit at every confidence) and actionlint (syntax,
 * expressions, job and step keys) find nothing in it. Each linter also runs on a copy with one known
 * defect, so a linter that silently checks nothing cannot pass the test. The properties the README
 * promises that no linter knows about (prod previews behind their own environment, forks skipped,
 * no install scripts) are checked in the file itself.
 */
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { ARTIFACTS_DIR, PROJECT_ROOT } from "../support/paths";
import { actionlintErrors, zizmorFindings } from "../support/workflow-linters";

const WORKFLOW = path.join(PROJECT_ROOT, "examples", "gitops", "workflow.yml");

/** A copy of the workflow with one text replaced, for the linters' positive controls. */
function brokenCopy(from: string, to: string): string {
  const text = readFileSync(WORKFLOW, "utf8");
  assert.ok(text.includes(from), `the workflow contains ${JSON.stringify(from)}`);
  const file = path.join(mkdtempSync(path.join(ARTIFACTS_DIR, "gitops-workflow-")), "workflow.yml");
  writeFileSync(file, text.split(from).join(to));
  return file;
}

/** The lines of one job: from its `  <name>:` line to the next job (jobs are indented two spaces). */
function jobBlock(name: string): string {
  const text = readFileSync(WORKFLOW, "utf8");
  const match = new RegExp(`^  ${name}:\\n((?:(?:    .*)?\\n)+)`, "m").exec(text);
  assert.ok(match, `the workflow has a job named ${name}`);
  return match[1];
}

describe("examples/gitops/workflow.yml", () => {
  it("zizmor 1.32.0 at --persona=auditor reports no finding", () => {
    assert.deepEqual(zizmorFindings(WORKFLOW), []);
  });

  it("zizmor reports a known defect in a copy (positive control: an action pinned to a tag)", () => {
    const checkout = /uses: (actions\/checkout@[0-9a-f]{40}) # v\S+/.exec(readFileSync(WORKFLOW, "utf8"));
    assert.ok(checkout, "the workflow pins actions/checkout to a commit");
    const findings = zizmorFindings(brokenCopy(checkout[0], "uses: actions/checkout@v4"));
    assert.ok(findings.length > 0 && findings.every((f) => f.startsWith("unpinned-uses (High) ")), findings.join("\n"));
  });

  it("actionlint v1.7.12 reports no error", () => {
    assert.deepEqual(actionlintErrors(WORKFLOW), []);
  });

  it("actionlint reports a known defect in a copy (positive control: an undefined matrix key)", () => {
    const errors = actionlintErrors(brokenCopy(`pulumi up --yes --stack "$STACK"`, "pulumi up --yes --stack ${{ matrix.stak }}"));
    assert.equal(errors.length, 1, errors.join("\n"));
    assert.match(errors[0], /property "stak" is not defined/);
  });

  it("pins every action to a full commit hash and names the tag beside it", () => {
    const uses = readFileSync(WORKFLOW, "utf8").split("\n").filter((line) => /^\s*-?\s*uses:/.test(line));
    assert.ok(uses.length >= 3, uses.join("\n"));
    for (const line of uses) assert.match(line, /uses: [\w-]+\/[\w-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+/);
  });

  it("previews run only for this repository's branches, each stack in its own environment", () => {
    const preview = jobBlock("preview");
    assert.match(preview, /^ {4}if: github\.event_name == 'pull_request' && github\.event\.pull_request\.head\.repo\.full_name == github\.repository$/m);
    assert.match(preview, /^ {4}environment: \$\{\{ matrix\.stack \}\}-preview$/m, "dev-preview and prod-preview (the one with required reviewers)");
    assert.match(preview, /^ {6}- run: pulumi preview --diff --stack "\$STACK" --non-interactive$/m);
  });

  it("updates run only on main, each stack in its own environment", () => {
    const up = jobBlock("up");
    assert.match(up, /^ {4}if: github\.event_name == 'push' && github\.ref == 'refs\/heads\/main'$/m);
    assert.match(up, /^ {4}environment: \$\{\{ matrix\.stack \}\}$/m);
    assert.match(up, /^ {6}- run: pulumi up --yes --stack "\$STACK" --non-interactive$/m);
  });

  // zizmor's secrets-outside-env looks at jobs only: a workflow-level `env:` reading a secret passes it (seen with 1.32.0).
  it("reads secrets only inside the jobs bound to an environment, so dev's and prod's stay apart", () => {
    const secretsIn = (text: string) => text.match(/\$\{\{\s*secrets\./g)?.length ?? 0;
    const jobs = ["preview", "up"].map(jobBlock);
    for (const job of jobs) assert.match(job, /^ {4}environment: /m);
    assert.equal(secretsIn(readFileSync(WORKFLOW, "utf8")), jobs.map(secretsIn).reduce((a, b) => a + b), "every secret is read inside preview or up");
    assert.ok(jobs.every((job) => secretsIn(job) === 3), "each job reads its environment's three secrets");
  });

  it("never runs install scripts, never triggers on pull_request_target, and lets no job write", () => {
    const text = readFileSync(WORKFLOW, "utf8");
    const installs = text.split("\n").filter((line) => /\bnpm (ci|install|i)\b/.test(line));
    assert.equal(installs.length, 2, installs.join("\n"));
    for (const line of installs) assert.match(line, /npm ci --ignore-scripts/);
    assert.doesNotMatch(text, /pull_request_target|workflow_run/);
    assert.match(text, /^permissions: \{\}$/m);
    for (const job of ["preview", "up"]) assert.match(jobBlock(job), /^ {4}permissions:\n {6}contents: read\n {4}\S/m, `${job} may only read the repository`);
  });
});
