/**
 * The Node.js language host stand-in behaves as the real one, through the plain CLI: a TypeScript
 * program with no `main` runs through the SDK's ts-node; `pulumi.log` messages, unhandled errors,
 * compile errors and exit codes reach the CLI; and when the engine dies, the plugins it started
 * (language host, dynamic-provider host) die with it instead of lingering as orphans.
 */
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import path from "node:path";
import { CliProject } from "../support/cli-project";
import { PULUMI_ROOT } from "../support/engine";
import { processesMarkedWith, waitForNoProcessesMarkedWith } from "../support/processes";

/** A TypeScript project as `pulumi new typescript` lays it out: no `main` in Pulumi.yaml, `index.ts` in package.json. */
function typescriptProject(name: string, program: string, marker?: string): CliProject {
  const files = { "package.json": JSON.stringify({ name, private: true, main: "index.ts" }), "index.ts": program };
  return CliProject.create(name, `name: ${name}\nruntime: nodejs\n`, files, undefined, marker ? { PULUMI_SKYVERN_RUN_MARKER: marker } : {});
}

async function initStack(project: CliProject): Promise<void> {
  await project.ok("stack", "init", "test");
  await project.ok("config", "set", "skyvern:baseUrl", process.env.SKYVERN_BASE_URL!);
  await project.ok("config", "set", "--secret", "skyvern:apiKey", process.env.SKYVERN_API_KEY!);
}

describe("the Node.js language host stand-in", () => {
  it("runs a TypeScript program with no main; its log messages and outputs reach the CLI", async () => {
    const project = typescriptProject("ts-no-main", `import * as pulumi from "@pulumi/pulumi";
pulumi.log.warn("a warning from the program");
pulumi.log.info("an info message from the program");
const config = new pulumi.Config();
export const greeting: string = \`hello \${config.require("who")}\`;
`);
    await initStack(project);
    await project.ok("config", "set", "who", "typescript");
    const output = await project.ok("up", "--yes");
    assert.match(output, /warning: a warning from the program/);
    assert.match(output, /an info message from the program/);
    assert.equal(JSON.parse(await project.ok("stack", "output", "greeting", "--json")), "hello typescript");
  });

  it("reports an unhandled error, a type error and a non-zero exit as failures with their messages", async () => {
    const cases = [
      { program: `throw new Error("the program gave up");\n`, expected: /Running program .* failed with an unhandled exception:[\s\S]*Error: the program gave up/ },
      { program: `const count: number = "three";\nexport const n = count;\n`, expected: /Unable to compile TypeScript[\s\S]*TS2322: Type 'string' is not assignable to type 'number'/ },
      { program: `process.exit(3);\n`, expected: /Program exited with non-zero exit code: 3/ },
    ];
    for (const { program, expected } of cases) {
      const project = typescriptProject("failing", program);
      await initStack(project);
      const result = await project.run("preview");
      assert.notEqual(result.code, 0, `preview of ${JSON.stringify(program)} must fail`);
      assert.match(result.output, expected);
    }
  });

  it("leaves no plugin process behind when the engine is killed", async () => {
    const marker = `engine-killed-${process.pid}-${Date.now()}`;
    const project = typescriptProject("engine-killed", `import { SkyvernCredential } from "pulumi-skyvern";
new SkyvernCredential("waiting", { credentialType: "secret", credential: { secretValue: "not-a-real-secret" } });
// Keep the program (and so the engine's plugins) running until the test kills the engine.
export const never = new Promise((resolve) => setTimeout(resolve, 600_000));
`, marker);
    await initStack(project);
    const preview = spawn(path.join(PULUMI_ROOT, "bin", "pulumi"), ["preview", "--non-interactive"], { cwd: project.dir, env: project.env, detached: true, stdio: "ignore" });
    const exited = new Promise((resolve) => preview.on("exit", resolve));

    const giveUpAt = Date.now() + 120_000;
    const running = () => processesMarkedWith(marker).map((p) => p.command);
    while (!(running().some((c) => c.includes("pulumi-language-nodejs")) && running().some((c) => c.includes("pulumi-resource-pulumi-nodejs")))) {
      assert.ok(Date.now() < giveUpAt, `the language host and the dynamic-provider host did not both start: ${running().join("; ")}`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    process.kill(-preview.pid!, "SIGKILL"); // the CLI's own process group; plugins run in groups of their own
    await exited;

    const left = await waitForNoProcessesMarkedWith(marker, 30_000);
    assert.deepEqual(left, [], "every process of the killed run has exited");
  });
});
