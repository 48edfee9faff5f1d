/**
 * The Go language host stand-in (scripts/pulumi-language-go/) runs Go programs through the plain
 * CLI as the real host does: it builds the program with `go build`, then runs it with the engine's
 * environment, so stack config, secret config and its secret keys, the project, stack, organization
 * and dry run reach `pulumi.Run`; log messages reach the CLI; a returned error is reported once
 * (exit code 32, "already reported"), any other exit code is named, a compile error is shown with
 * the compiler's message; the plugin a required module declares in its pulumi-plugin.json is the
 * one the engine is told about; and when the engine dies, nothing it started lingers.
 */
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { CliProject } from "../support/cli-project";
import { PULUMI_ROOT } from "../support/engine";
import { copyGoExample, GO_ENV, GO_SDK, GO_SDK_MODULE } from "../support/go-project";
import { ARTIFACTS_DIR } from "../support/paths";
import { processesMarkedWith, waitForNoProcessesMarkedWith } from "../support/processes";

/**
 * A Go project named `name` running `body` inside pulumi.Run: examples/go's go.mod and go.sum (so
 * it builds from the warm caches), its own main.go and Pulumi.yaml, on a backend of its own.
 */
async function goProject(name: string, body: string, options: { imports?: string[]; beforeRun?: string; marker?: string } = {}): Promise<CliProject> {
  const parent = mkdtempSync(path.join(ARTIFACTS_DIR, `${name}-`));
  const dir = await copyGoExample(name, parent);
  const imports = ["github.com/pulumi/pulumi/sdk/v3/go/pulumi", ...(options.imports ?? [])].map((i) => `\t"${i}"`).join("\n");
  writeFileSync(path.join(dir, "main.go"), `package main\n\nimport (\n${imports}\n)\n\nfunc main() {\n${options.beforeRun ?? ""}\tpulumi.Run(func(ctx *pulumi.Context) error {\n${body}\n\t})\n}\n`);
  writeFileSync(path.join(dir, "Pulumi.yaml"), `name: ${name}\nruntime: go\n`);
  return new CliProject(dir, `file://${mkdtempSync(path.join(parent, "backend-"))}`, { ...GO_ENV, ...(options.marker ? { PULUMI_SKYVERN_RUN_MARKER: options.marker } : {}) });
}

describe("the Go language host stand-in", function () {
  this.timeout(10 * 60_000);

  it("builds and runs the program with the engine's environment: config, secret config and its keys, project, stack, dry run; log messages and secret outputs behave as with the real host", async () => {
    const sealed = `sealed-output-${process.pid}-${Date.now()}`;
    const token = `config-token-${process.pid}-${Date.now()}`;
    const project = await goProject("go-outputs", `\t\tcfg := config.New(ctx, "")
\t\tctx.Log.Warn("a warning from the Go program", nil)
\t\tfmt.Println("printed by the Go program")
\t\tctx.Export("greeting", pulumi.String("hello "+cfg.Require("who")))
\t\tctx.Export("token", cfg.RequireSecret("token"))
\t\tctx.Export("tokenIsSecretConfig", pulumi.Bool(ctx.IsConfigSecret(ctx.Project()+":token")))
\t\tctx.Export("secretKeys", pulumi.String(os.Getenv("PULUMI_CONFIG_SECRET_KEYS")))
\t\tctx.Export("sealed", pulumi.ToSecret(pulumi.String("${sealed}")))
\t\tctx.Export("where", pulumi.String(ctx.Organization()+"/"+ctx.Project()+"/"+ctx.Stack()))
\t\tctx.Export("dryRun", pulumi.Bool(ctx.DryRun()))
\t\treturn nil`, { imports: ["fmt", "os", "github.com/pulumi/pulumi/sdk/v3/go/pulumi/config"] });
    await project.ok("stack", "init", "test");
    await project.ok("config", "set", "who", "go");
    await project.ok("config", "set", "--secret", "token", token);

    const up = await project.ok("up", "--yes");
    assert.match(up, /warning: a warning from the Go program/);
    assert.match(up, /printed by the Go program/, "the program's standard output reaches the CLI");
    for (const secret of [sealed, token]) assert.ok(!up.includes(secret), "a secret output is not printed by `pulumi up`");

    const outputs = JSON.parse(await project.ok("stack", "output", "--json", "--show-secrets"));
    assert.deepEqual(outputs, {
      greeting: "hello go", token, tokenIsSecretConfig: true, secretKeys: '["go-outputs:token"]', sealed,
      where: "organization/go-outputs/test", dryRun: false,
    });
    const exported = await project.ok("stack", "export");
    for (const secret of [sealed, token]) assert.ok(!exported.includes(secret), "secret outputs are encrypted in the exported state");
    const shown = await project.ok("stack", "export", "--show-secrets");
    for (const secret of [sealed, token]) assert.ok(shown.includes(secret), "the positive control: --show-secrets decrypts them");

    assert.match(await project.ok("preview", "--json"), /"same": 1/, "a preview runs the program with dry run on and changes nothing");
    await project.ok("destroy", "--yes");
    assert.deepEqual(JSON.parse(await project.ok("stack", "output", "--json")), {});
  });

  it("reports a returned error once (exit code 32), another exit code by number, and a compile error with the compiler's message", async () => {
    const cases = [
      {
        name: "go-error", body: `\t\treturn errors.New("the program gave up")`, imports: ["errors"],
        // pulumi.Run logs the error to the engine, then exits 32: shown once, no exit code.
        expected: [/error: an unhandled error occurred: program failed:\s+1 error occurred:\s+\* the program gave up/], absent: /non-zero exit code/,
        once: "the program gave up",
      },
      {
        name: "go-exit", body: `\t\tos.Exit(3)\n\t\treturn nil`, imports: ["os"],
        expected: [/program exited with non-zero exit code: 3/], absent: /the program gave up/,
      },
      {
        name: "go-typo", body: `\t\treturn undefinedThing`,
        expected: [/error in compiling Go: unable to run `go build`: exit status 1/, /undefined: undefinedThing/], absent: /non-zero exit code/,
      },
    ];
    for (const { name, body, imports, expected, absent, once } of cases as { name: string; body: string; imports?: string[]; expected: RegExp[]; absent: RegExp; once?: string }[]) {
      const project = await goProject(name, body, { imports });
      await project.ok("stack", "init", "test");
      const result = await project.run("preview");
      assert.notEqual(result.code, 0, `preview of ${name} must fail:\n${result.output}`);
      for (const pattern of expected) assert.match(result.output, pattern, `${name}:\n${result.output}`);
      assert.doesNotMatch(result.output, absent, `${name}:\n${result.output}`);
      if (once) assert.equal(result.output.split(once).length, 2, `${name}: "${once}" is reported once:\n${result.output}`);
    }
  });

  it("tells the engine the plugin each required module declares (skyvern at the SDK's version), the program's dependencies and the Go toolchain (`pulumi about`)", async () => {
    const parent = mkdtempSync(path.join(ARTIFACTS_DIR, "go-about-"));
    const dir = await copyGoExample("skyvern-go", parent);
    // An empty PULUMI_HOME: the skyvern plugin listed can only come from the language host.
    const project = new CliProject(dir, `file://${mkdtempSync(path.join(parent, "backend-"))}`, { ...GO_ENV, PULUMI_HOME: mkdtempSync(path.join(parent, "home-")) });
    const about = JSON.parse(await project.ok("about", "--json")) as {
      plugins: { name: string; version: string; kind: string }[]; runtime: { language: string; executable: string; version: string };
      dependencies: { name: string; version: string }[];
    };
    const version = (JSON.parse(readFileSync(path.join(GO_SDK, "skyvern", "pulumi-plugin.json"), "utf8")) as { version: string }).version;
    assert.deepEqual(about.plugins.filter((p) => p.kind === "resource"), [{ name: "skyvern", version, kind: "resource" }]);
    assert.equal(about.runtime.language, "go");
    assert.match(about.runtime.version, /^go version go1\.\d+/);
    // A module replaced by a local directory has no version, as with the real host.
    assert.deepEqual(about.dependencies, [{ name: "github.com/pulumi/pulumi/sdk/v3", version: process.env.PULUMI_VERSION ?? "v3.259.0" }, { name: GO_SDK_MODULE, version: "" }]);
  });

  it("leaves no process behind when the engine is killed", async () => {
    const marker = `go-engine-killed-${process.pid}-${Date.now()}`;
    // The program blocks until the test kills the engine.
    const project = await goProject("go-engine-killed", "\t\treturn nil", { imports: ["time"], beforeRun: "\ttime.Sleep(10 * time.Minute)\n", marker });
    await project.ok("stack", "init", "test");
    const preview = spawn(path.join(PULUMI_ROOT, "bin", "pulumi"), ["preview", "--non-interactive"], { cwd: project.dir, env: project.env, detached: true, stdio: "ignore" });
    const exited = new Promise((resolve) => preview.on("exit", resolve));

    const giveUpAt = Date.now() + 180_000;
    const running = () => processesMarkedWith(marker).map((p) => p.command);
    // The program is the binary `go build` wrote to a temporary pulumi-go.* file.
    while (!(running().some((c) => c.includes("pulumi-language-go")) && running().some((c) => /\/pulumi-go\.\w+/.test(c)))) {
      assert.ok(Date.now() < giveUpAt, `the language host and the program did not both start: ${running().join("; ")}`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    process.kill(-preview.pid!, "SIGKILL"); // the CLI's own process group; plugins run in groups of their own
    await exited;

    const left = await waitForNoProcessesMarkedWith(marker, 30_000);
    assert.deepEqual(left, [], "every process of the killed run has exited");
  });
});
