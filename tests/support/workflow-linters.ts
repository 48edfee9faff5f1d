/**
 * The GitHub Actions linters, as the tests run them on a workflow file: zizmor (security audits) and
 * actionlint (syntax, expressions, job and step keys), each at the version its install script pins
 * (scripts/install-zizmor.sh, scripts/install-actionlint.sh). Both return their findings one a line.
 */
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import path from "node:path";
import { PROJECT_ROOT } from "./paths";

/** The install scripts own each linter's version and cache path; when cached they only print the path. */
function linter(script: string): string {
  return execFileSync("bash", [path.join(PROJECT_ROOT, "scripts", script)], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] }).trim();
}

interface ZizmorFinding {
  ident: string;
  determinations: { severity: string; confidence: string };
  locations: { symbolic: { annotation: string }; concrete: { location: { start_point: { row: number } }; feature: string } }[];
}

/**
 * zizmor's findings as one line each ("<audit> (<severity>) line <n>: <code>: <why>"). --no-config and
 * --no-ignores: no configuration file or `# zizmor: ignore` comment can hide a finding. --offline: the
 * audits that would query GitHub are skipped (this machine reaches no GitHub).
 */
export function zizmorFindings(file: string): string[] {
  const result = spawnSync(linter("install-zizmor.sh"), ["--offline", "--no-config", "--no-ignores", "--persona=auditor", "--format=json", file], { encoding: "utf8" });
  let findings: ZizmorFinding[];
  try {
    findings = JSON.parse(result.stdout);
  } catch {
    throw new Error(`zizmor printed no JSON (exit ${result.status}):\n${result.stdout}\n${result.stderr}`);
  }
  // zizmor exits 0 with no findings and 10-14 (by highest severity) with findings; anything else is a failure to run.
  assert.ok(result.status === 0 || (findings.length > 0 && result.status! >= 10), `zizmor exited ${result.status}:\n${result.stderr}`);
  return findings.map((f) => {
    const primary = f.locations[0];
    return `${f.ident} (${f.determinations.severity}) line ${primary.concrete.location.start_point.row + 1}: ${primary.concrete.feature.trim().split("\n")[0]}: ${primary.symbolic.annotation}`;
  });
}

/**
 * actionlint's errors, one a line. Its shellcheck and pyflakes integrations are turned off so the result
 * is the same on every machine, whichever of them happens to be on PATH.
 */
export function actionlintErrors(file: string): string[] {
  const result = spawnSync(linter("install-actionlint.sh"), ["-no-color", "-oneline", "-shellcheck=", "-pyflakes=", file], { encoding: "utf8" });
  // actionlint exits 0 when clean, 1 when it found errors, 2 or 3 when it could not run.
  assert.ok(result.status === 0 || result.status === 1, `actionlint exited ${result.status}:\n${result.stdout}${result.stderr}`);
  const errors = result.stdout.split("\n").filter(Boolean);
  assert.equal(errors.length > 0, result.status === 1, `actionlint's exit code ${result.status} matches what it printed:\n${result.stdout}`);
  return errors;
}
