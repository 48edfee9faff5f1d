/**
 * The toolchain the README's commands rely on: the built Pulumi CLI and plugins, the cache that
 * makes a second run skip the build, and scripts/skyvern-local's lifecycle and errors.
 */
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdtempSync, statSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { PULUMI_ROOT } from "./support/engine";
import { ARTIFACTS_DIR, PROJECT_ROOT } from "./support/paths";

const run = promisify(execFile);

/** Signal 0 probes a process: ESRCH means no such process; any other failure is a real error. */
function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ESRCH") return false;
    throw error;
  }
}
const script = (name: string) => path.join(PROJECT_ROOT, "scripts", name);

describe("toolchain", () => {
  it("scripts/env.sh puts Pulumi v3.259.0 and its plugins on PATH with a local backend and no update checks", async () => {
    const { stdout } = await run("bash", ["-c", `source ${script("env.sh")} && pulumi version && command -v pulumi-resource-pulumi-nodejs pulumi-language-nodejs && echo "$PULUMI_BACKEND_URL $PULUMI_SKIP_UPDATE_CHECK $PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION"`]);
    const [version, resourcePlugin, languagePlugin, settings] = stdout.trim().split("\n");
    assert.equal(version, "v3.259.0");
    assert.equal(path.dirname(resourcePlugin), path.join(PULUMI_ROOT, "bin"));
    assert.equal(path.dirname(languagePlugin), path.join(PULUMI_ROOT, "bin"));
    assert.match(settings, /^file:\/\/\S+\/\.pulumi-state true true$/);
  });

  it("skips the Pulumi build when the cached binary is there", async () => {
    const binary = path.join(PULUMI_ROOT, "bin", "pulumi");
    const before = statSync(binary).mtimeMs;
    const { stderr } = await run("bash", [script("build-pulumi.sh")]);
    assert.match(stderr, /already built .* \(skipping\)/);
    assert.equal(statSync(binary).mtimeMs, before);
  });

  describe("scripts/skyvern-local", () => {
    const home = mkdtempSync(path.join(ARTIFACTS_DIR, "skyvern-lifecycle-"));
    const env = { ...process.env, SKYVERN_LOCAL_HOME: home };
    const local = (...args: string[]) => run(script("skyvern-local"), args, { env }).then(
      (r) => ({ code: 0, out: `${r.stdout}${r.stderr}` }),
      (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, out: `${e.stdout}${e.stderr}` }),
    );

    it("refuses a busy port, saying which", async () => {
      const busy = new URL(process.env.SKYVERN_BASE_URL!).port;
      const result = await run(script("skyvern-local"), ["start"], { env: { ...env, SKYVERN_PORT: busy } }).catch((e) => e);
      assert.notEqual(result.code ?? 0, 0);
      assert.match(`${result.stderr}`, new RegExp(`port ${busy} on 127.0.0.1 is already in use`));
    });

    it("starts, reports, prints its env, and stops leaving no process behind", async () => {
      assert.equal((await local("start")).code, 0);
      const env1 = (await local("env")).out;
      const url = /export SKYVERN_BASE_URL=(\S+)/.exec(env1)?.[1];
      const key = /export SKYVERN_API_KEY=(\S+)/.exec(env1)?.[1];
      assert.ok(url && key);
      const response = await fetch(`${url}/v1/credentials?page_size=1`, { headers: { "x-api-key": key } });
      assert.equal(response.status, 200, "the generated API key works");
      const status = await local("status");
      assert.equal(status.code, 0);
      const pid = /\(pid (\d+)/.exec(status.out)?.[1];
      assert.ok(pid, `status names the server's pid:\n${status.out}`);
      assert.equal(isRunning(Number(pid)), true, "the server process runs before stop");
      assert.equal((await local("stop")).code, 0);
      assert.equal(isRunning(Number(pid)), false, `the server process ${pid} is gone`);
      assert.equal((await local("status")).code, 3);
      assert.match((await local("env")).out, /not running/);
    });
  });
});
