/**
 * Real Skyvern servers for tests, through scripts/skyvern-local, each in a data directory of its
 * own. As a mocha global fixture it runs one server per test run, stopped afterwards; tests read
 * its address and key from the environment, as users' programs do.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import path from "node:path";
import { PROJECT_ROOT, ARTIFACTS_DIR } from "./paths";

const script = path.join(PROJECT_ROOT, "scripts", "skyvern-local");

export interface LocalSkyvern {
  baseUrl: string;
  apiKey: string;
}

/** Starts a server whose state lives under `home` and returns how to reach it. */
export function startLocalSkyvern(home: string): LocalSkyvern {
  const env = { ...process.env, SKYVERN_LOCAL_HOME: home };
  execFileSync(script, ["start"], { env, stdio: ["ignore", "ignore", "inherit"] });
  const exports = execFileSync(script, ["env"], { env, encoding: "utf8" });
  const value = (name: string) => new RegExp(`^export ${name}=(.*)$`, "m").exec(exports)?.[1].replace(/^'(.*)'$/, "$1");
  return { baseUrl: value("SKYVERN_BASE_URL")!, apiKey: value("SKYVERN_API_KEY")! };
}

export function stopLocalSkyvern(home: string): void {
  execFileSync(script, ["stop"], { env: { ...process.env, SKYVERN_LOCAL_HOME: home }, stdio: ["ignore", "ignore", "inherit"] });
}

/** Set when this run started the server, so teardown stops only what it started. */
let startedHome: string | undefined;

export function mochaGlobalSetup(): void {
  // PULUMI_SKYVERN_TEST_REUSE_SERVER=1 with SKYVERN_* set: use a running server (quicker iterations).
  if (process.env.SKYVERN_BASE_URL && process.env.SKYVERN_API_KEY && process.env.PULUMI_SKYVERN_TEST_REUSE_SERVER === "1") return;
  startedHome = mkdtempSync(path.join(ARTIFACTS_DIR, "skyvern-"));
  const server = startLocalSkyvern(startedHome);
  process.env.SKYVERN_BASE_URL = server.baseUrl;
  process.env.SKYVERN_API_KEY = server.apiKey;
  // Tests that inspect what the server stores (tests/support/local-vault.ts) find its data here.
  process.env.SKYVERN_LOCAL_HOME = startedHome;
}

export function mochaGlobalTeardown(): void {
  if (startedHome) stopLocalSkyvern(startedHome);
}
