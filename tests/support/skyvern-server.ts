/**
 * Mocha global fixture: one real Skyvern server (scripts/skyvern-local) per test run, in a data
 * directory of its own, stopped afterwards. Tests read its address and key from the environment,
 * as users' programs do.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import path from "node:path";
import { PROJECT_ROOT, ARTIFACTS_DIR } from "./paths";

const script = path.join(PROJECT_ROOT, "scripts", "skyvern-local");

export function mochaGlobalSetup(): void {
  if (process.env.SKYVERN_BASE_URL && process.env.SKYVERN_API_KEY && process.env.PULUMI_SKYVERN_TEST_REUSE_SERVER === "1") return;
  process.env.SKYVERN_LOCAL_HOME = mkdtempSync(path.join(ARTIFACTS_DIR, "skyvern-"));
  execFileSync(script, ["start"], { stdio: ["ignore", "inherit", "inherit"] });
  const env = execFileSync(script, ["env"], { encoding: "utf8" });
  for (const match of env.matchAll(/^export (\w+)=(.*)$/gm)) process.env[match[1]] = match[2].replace(/^'(.*)'$/, "$1");
}

export function mochaGlobalTeardown(): void {
  if (process.env.SKYVERN_LOCAL_HOME) execFileSync(script, ["stop"], { stdio: ["ignore", "inherit", "inherit"] });
}
