/**
 * The Python language host stand-in runs Python programs through the plain CLI as the real host
 * does: on the project's virtualenv (or, with none, on the SDK venv of
 * scripts/install-python-pulumi.sh); stack config, secret config and its secret keys reach the
 * program; log messages, exceptions and exit codes reach the CLI; `pulumi install` makes the
 * virtualenv from requirements.txt; and when the engine dies, nothing it started lingers.
 */
import assert from "node:assert/strict";
import { execFileSync, spawn } from "node:child_process";
import { existsSync, writeFileSync } from "node:fs";
import path from "node:path";
import { CliProject } from "../support/cli-project";
import { CACHE, PULUMI_ROOT } from "../support/engine";
import { processesMarkedWith, waitForNoProcessesMarkedWith } from "../support/processes";

const SDK_VERSION = path.basename(PULUMI_ROOT).replace(/^pulumi-v/, "");
const SDK_VENV = path.join(CACHE, `python-pulumi-${SDK_VERSION}`, "venv");
const SDK_PYTHON = path.join(SDK_VENV, "bin", "python");

function sdkSitePackages(): string {
  return execFileSync(SDK_PYTHON, ["-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"], { encoding: "utf8" }).trim();
}

/**
 * A Python project as `pulumi new python` lays it out, with `virtualenv: venv`. Unless `install`
 * is asked for, its venv is made in a second: an interpreter of its own that sees the SDK venv's
 * packages through a .pth file, instead of a pip install from PyPI per test.
 */
function pythonProject(name: string, program: string, options: { virtualenv?: boolean; install?: boolean; marker?: string } = {}): CliProject {
  const { virtualenv = true, install = false, marker } = options;
  const runtime = virtualenv ? "runtime:\n  name: python\n  options:\n    virtualenv: venv\n" : "runtime: python\n";
  const files = { "__main__.py": program, "requirements.txt": `pulumi==${SDK_VERSION}\n` };
  const project = CliProject.create(name, `name: ${name}\n${runtime}`, files, undefined, marker ? { PULUMI_SKYVERN_RUN_MARKER: marker } : {});
  if (virtualenv && !install) {
    const venv = path.join(project.dir, "venv");
    execFileSync(SDK_PYTHON, ["-m", "venv", "--without-pip", venv]);
    const sitePackages = execFileSync(path.join(venv, "bin", "python"), ["-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"], { encoding: "utf8" }).trim();
    writeFileSync(path.join(sitePackages, "pulumi-sdk.pth"), `${sdkSitePackages()}\n`);
  }
  return project;
}

describe("the Python language host stand-in", () => {
  it("runs a program on the project's virtualenv; config, secret config, outputs and log messages behave as with the real host", async () => {
    const sealed = `sealed-output-${process.pid}-${Date.now()}`;
    const token = `config-token-${process.pid}-${Date.now()}`;
    const project = pythonProject("py-outputs", `import sys
import pulumi

config = pulumi.Config()
pulumi.log.warn("a warning from the Python program")
pulumi.export("greeting", f"hello {config.require('who')}")
pulumi.export("token", config.require_secret("token"))
pulumi.export("tokenIsSecretConfig", pulumi.runtime.is_config_secret(f"{pulumi.get_project()}:token"))
pulumi.export("sealed", pulumi.Output.secret("${sealed}"))
pulumi.export("python", sys.executable)
`);
    await project.ok("stack", "init", "test");
    await project.ok("config", "set", "who", "python");
    await project.ok("config", "set", "--secret", "token", token);

    const up = await project.ok("up", "--yes");
    assert.match(up, /warning: a warning from the Python program/);
    for (const secret of [sealed, token]) assert.ok(!up.includes(secret), "a secret output is not printed by `pulumi up`");

    const outputs = JSON.parse(await project.ok("stack", "output", "--json", "--show-secrets"));
    assert.equal(outputs.greeting, "hello python");
    assert.equal(outputs.token, token, "secret config reaches the program");
    assert.equal(outputs.tokenIsSecretConfig, true, "the program knows which config keys are secret (PULUMI_CONFIG_SECRET_KEYS)");
    assert.equal(outputs.sealed, sealed);
    assert.equal(outputs.python, path.join(project.dir, "venv", "bin", "python"), "the program runs on the project's virtualenv");

    const exported = await project.ok("stack", "export");
    for (const secret of [sealed, token]) assert.ok(!exported.includes(secret), "secret outputs are encrypted in the exported state");
    assert.match(exported, /"ciphertext"/);
    const shown = await project.ok("stack", "export", "--show-secrets");
    for (const secret of [sealed, token]) assert.ok(shown.includes(secret), "the positive control: --show-secrets decrypts them");

    assert.match(await project.ok("refresh", "--yes"), /Resources:/);
    await project.ok("destroy", "--yes");
    assert.deepEqual(JSON.parse(await project.ok("stack", "output", "--json")), {});
  });

  it("runs a project with no virtualenv option on the SDK venv", async () => {
    const project = pythonProject("py-no-venv", `import sys
import pulumi
pulumi.export("prefix", sys.prefix)
`, { virtualenv: false });
    await project.ok("stack", "init", "test");
    await project.ok("up", "--yes");
    assert.equal(JSON.parse(await project.ok("stack", "output", "prefix", "--json")), SDK_VENV);
  });

  it("reports an unhandled exception with the program's traceback, and a non-zero exit with its code", async () => {
    const cases = [
      {
        program: `def give_up():\n    raise ValueError("the program gave up")\n\ngive_up()\n`,
        expected: /error: Program failed with an unhandled exception:\s+Traceback \(most recent call last\):\s+File ".*__main__\.py", line 4[\s\S]*ValueError: the program gave up/,
      },
      { program: `import sys\nsys.exit(3)\n`, expected: /program exited with non-zero exit code: 3/ },
    ];
    for (const { program, expected } of cases) {
      const project = pythonProject("py-failing", program);
      await project.ok("stack", "init", "test");
      const result = await project.run("preview");
      assert.notEqual(result.code, 0, `preview of ${JSON.stringify(program)} must fail`);
      assert.match(result.output, expected);
    }
  });

  it("`pulumi install` creates the virtualenv from requirements.txt, and the program then runs on it", async () => {
    const project = pythonProject("py-install", `import importlib.metadata
import pulumi
pulumi.export("sdk", importlib.metadata.version("pulumi"))
`, { install: true });
    const install = await project.ok("install");
    for (const step of ["Creating virtual environment...", "Installing dependencies in virtual environment...", "Finished installing dependencies"]) {
      assert.ok(install.includes(step), `pulumi install reports "${step}":\n${install}`);
    }
    assert.ok(existsSync(path.join(project.dir, "venv", "bin", "python")));
    await project.ok("stack", "init", "test");
    await project.ok("up", "--yes");
    assert.equal(JSON.parse(await project.ok("stack", "output", "sdk", "--json")), SDK_VERSION);
  });

  it("leaves no process behind when the engine is killed", async () => {
    const marker = `python-engine-killed-${process.pid}-${Date.now()}`;
    // The program blocks until the test kills the engine.
    const project = pythonProject("py-engine-killed", "import time\ntime.sleep(600)\n", { marker });
    await project.ok("stack", "init", "test");
    const preview = spawn(path.join(PULUMI_ROOT, "bin", "pulumi"), ["preview", "--non-interactive"], { cwd: project.dir, env: project.env, detached: true, stdio: "ignore" });
    const exited = new Promise((resolve) => preview.on("exit", resolve));

    const giveUpAt = Date.now() + 120_000;
    const running = () => processesMarkedWith(marker).map((p) => p.command);
    while (!(running().some((c) => c.includes("pulumi-language-python-host")) && running().some((c) => c.includes("pulumi-language-python-exec")))) {
      assert.ok(Date.now() < giveUpAt, `the language host and the program did not both start: ${running().join("; ")}`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    process.kill(-preview.pid!, "SIGKILL"); // the CLI's own process group; plugins run in groups of their own
    await exited;

    const left = await waitForNoProcessesMarkedWith(marker, 30_000);
    assert.deepEqual(left, [], "every process of the killed run has exited");
  });
});
