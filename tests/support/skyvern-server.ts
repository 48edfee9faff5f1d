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

/** Set when this run started the server, so teardown stops only what it started. */
let startedHome: string | undefined;

export function mochaGlobalSetup(): void {
  // PULUMI_SKYVERN_TEST_REUSE_SERVER=1 with SKYVERN_* set: use a running server (quicker iterations).
  if (process.env.SKYVERN_BASE_URL && process.env.SKYVERN_API_KEY && process.env.PULUMI_SKYVERN_TEST_REUSE_SERVER === "1") return;
  startedHome = mkdtempSync(path.join(ARTIFACTS_DIR, "skyvern-"));
  process.env.SKYVERN_LOCAL_HOME = startedHome;
  execFileSync(script, ["start"], { stdio: ["ignore", "inherit", "inherit"] });
  const env = execFileSync(script, ["env"], { encoding: "utf8" });
  for (const match of env.matchAll(/^export (\w+)=(.*)$/gm)) process.env[match[1]] = match[2].replace(/^'(.*)'$/, "$1");
}

export function mochaGlobalTeardown(): void {
  if (startedHome) execFileSync(script, ["stop"], { env: { ...process.env, SKYVERN_LOCAL_HOME: startedHome }, stdio: ["ignore", "inherit", "inherit"] });
}
