/**
 * The toolchain the README's commands rely on: the built Pulumi CLI and plugins, the cache that
 * makes a second run skip the build, scripts/skyvern-local's lifecycle, errors and handling of its
 * API key, and the CI hygiene (mocha refuses .only and pending tests; CI lints).
 */
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
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

    it("refuses a SKYVERN_PORT that is not a port number, before any of it reaches Python", async () => {
      const marker = path.join(home, "injected");
      // The second value is Python that writes `marker` if pasted into `python -c` (it was, before).
      for (const bogus of ["1;import os", `1)) and open(${JSON.stringify(marker)}, 'w').write('ran') and ((0`, "0", "65536", "80 ", "-1", "0x50"]) {
        const result = await run(script("skyvern-local"), ["start"], { env: { ...env, SKYVERN_PORT: bogus } }).catch((e) => e);
        assert.equal(result.code, 1, `SKYVERN_PORT=${JSON.stringify(bogus)} is refused`);
        assert.match(`${result.stderr}`, /SKYVERN_PORT must be a port number from 1 to 65535, not /);
      }
      assert.equal(existsSync(marker), false, "the Python in SKYVERN_PORT never ran");
      assert.equal(existsSync(path.join(home, "instance.env")), false, "nothing was started");
    });

    /**
     * Shims on PATH: `curl` records its command line and runs the real curl; `chmod` records and fails.
     * Started with umask 000, a file the script created any other way than private would be
     * world-readable, and a chmod after the write would stop the script.
     */
    it("writes instance.env private from creation and never puts the API key on a command line", async () => {
      const shims = mkdtempSync(path.join(ARTIFACTS_DIR, "skyvern-shims-"));
      const curlLog = path.join(shims, "curl-argv.log");
      const chmodLog = path.join(shims, "chmod-argv.log");
      const realCurl = (await run("bash", ["-c", "command -v curl"])).stdout.trim();
      writeFileSync(path.join(shims, "curl"), `#!/usr/bin/env bash\n{ printf '%q ' "$@"; echo; } >>${JSON.stringify(curlLog)}\nexec ${JSON.stringify(realCurl)} "$@"\n`, { mode: 0o755 });
      writeFileSync(path.join(shims, "chmod"), `#!/usr/bin/env bash\necho "$*" >>${JSON.stringify(chmodLog)}\necho "chmod $* refused by the test: the file must be private when created" >&2\nexit 1\n`, { mode: 0o755 });
      const shimmedHome = mkdtempSync(path.join(ARTIFACTS_DIR, "skyvern-private-"));
      const shimmedEnv = { ...process.env, SKYVERN_LOCAL_HOME: shimmedHome, PATH: `${shims}:${process.env.PATH}` };
      const instanceFile = path.join(shimmedHome, "instance.env");
      try {
        const started = await run("bash", ["-c", 'umask 000 && exec "$0" start', script("skyvern-local")], { env: shimmedEnv }).catch((e) => e);
        assert.equal(started.code ?? 0, 0, `${started.stderr}`);
        assert.equal((statSync(instanceFile).mode & 0o777).toString(8), "600");
        assert.equal(existsSync(chmodLog), false, `no chmod ran: ${existsSync(chmodLog) ? readFileSync(chmodLog, "utf8") : ""}`);
        assert.deepEqual(readdirSync(shimmedHome).filter((name) => name.startsWith(".instance.env")), [], "no temporary instance file is left");
        const key = /^SKYVERN_API_KEY=(\S+)$/m.exec(readFileSync(instanceFile, "utf8"))?.[1];
        assert.ok(key && key.length > 40, "instance.env holds the API key");
        const argv = readFileSync(curlLog, "utf8");
        // Positive control: the key check (which needs the key, and passed since start succeeded) went through the shim.
        assert.match(argv, /\/v1\/credentials\\\?page_size=1/);
        assert.ok(!argv.includes(key), `a curl command line held the API key:\n${argv.split("\n").filter((l) => l.includes(key)).join("\n").replaceAll(key, "<the key>")}`);
      } finally {
        await run(script("skyvern-local"), ["stop"], { env: shimmedEnv });
      }
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

  /** mocha with the project's .mocharc.json minus its global setup (which would start a Skyvern) on one spec. */
  async function mochaOn(spec: string): Promise<{ code: number; out: string }> {
    const dir = mkdtempSync(path.join(ARTIFACTS_DIR, "mocharc-"));
    const { require: _setup, ...config } = JSON.parse(readFileSync(path.join(PROJECT_ROOT, ".mocharc.json"), "utf8"));
    writeFileSync(path.join(dir, "mocharc.json"), JSON.stringify(config));
    writeFileSync(path.join(dir, "spec.js"), spec);
    const mocha = path.join(PROJECT_ROOT, "node_modules", "mocha", "bin", "mocha.js");
    return run(process.execPath, [mocha, "--config", path.join(dir, "mocharc.json"), path.join(dir, "spec.js")]).then(
      (r) => ({ code: 0, out: `${r.stdout}${r.stderr}` }),
      (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, out: `${e.stdout}${e.stderr}` }),
    );
  }

  describe("CI hygiene", () => {
    it("mocha's config runs an ordinary spec (control)", async () => {
      const result = await mochaOn(`it("passes", () => {});\n`);
      assert.equal(result.code, 0, result.out);
      assert.match(result.out, /1 passing/);
    });

    it("mocha's config fails a run that holds an .only", async () => {
      const result = await mochaOn(`it.only("focused", () => {});\nit("other", () => {});\n`);
      assert.notEqual(result.code, 0, result.out);
      assert.match(result.out, /`\.only` forbidden/);
    });

    it("mocha's config fails a run that holds a skipped or pending test", async () => {
      for (const spec of [`it("runs", () => {});\nit.skip("skipped", () => {});\n`, `it("runs", () => {});\nit("pending");\n`, `it("skips itself", function () { this.skip(); });\n`]) {
        const result = await mochaOn(spec);
        assert.notEqual(result.code, 0, `${spec}\n${result.out}`);
        assert.match(result.out, /Pending test forbidden/, spec);
      }
    });

    it(".ci/run lints before it runs npm test", () => {
      const commands = readFileSync(path.join(PROJECT_ROOT, ".ci", "run"), "utf8").split("\n").map((line) => line.trim());
      const lint = commands.indexOf("npm run lint");
      assert.ok(lint >= 0, ".ci/run runs npm run lint");
      assert.ok(lint < commands.indexOf("npm test"), "before npm test");
    });
  });
});
