/**
 * The native floor (bench/noop-plugin.ts, bundled as dist/bench/pulumi-resource-skyvern-noop) is a
 * fair floor only if the engine talks to it exactly as it talks to the real plugin. A tiny bench
 * stack goes through the bench's whole lifecycle (create, no-op preview and up, rotate, refresh,
 * destroy) once on the real plugin (dist/plugin/pulumi-resource-skyvern, the file the package
 * ships) and once on the floor, through the bench's own code (bench/lifecycle.ts), the plain CLI
 * and PULUMI_DEBUG_GRPC: every operation makes the same ResourceProvider calls on both, the floor
 * makes no request, stores `credential` as a secret and the same input and output properties as
 * the real plugin does, and keeps the password out of everything the CLI printed and stored. Both serve a `pulumi preview --tracing`
 * (the engine passes the tracing endpoint before its own address), and `pulumi package get-schema`
 * gets the same schema from both.
 */
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { createProjectDir, NOOP_PLUGIN, PROJECT_ROOT, type Kind } from "../../bench/consumer";
import { expectedRequests, Lifecycle, OPERATIONS, type Operation } from "../../bench/lifecycle";
import { CliProject } from "../support/cli-project";
import { PULUMI_ROOT, pulumiEnv } from "../support/engine";
import { ARTIFACTS_DIR } from "../support/paths";
import { useProxiedSkyvern } from "../support/proxied-skyvern";

const run = promisify(execFile);
const REAL_PLUGIN = path.join(PROJECT_ROOT, "dist", "plugin", "pulumi-resource-skyvern");
const N = 2;

interface LogEntry { method: string; progress?: string; errors?: string[] }

/**
 * The ResourceProvider calls a PULUMI_DEBUG_GRPC log records, as "Method" or "Method: error",
 * sorted (the engine runs steps concurrently, so their order varies). The log holds the requests'
 * plaintext (secrets included): it is read and deleted at once, never printed.
 */
function providerCalls(logFile: string): string[] {
  if (!existsSync(logFile)) return [];
  const entries = readFileSync(logFile, "utf8").split("\n").filter(Boolean).map((line) => JSON.parse(line) as LogEntry);
  rmSync(logFile);
  return entries
    .filter((entry) => entry.method.startsWith("/pulumirpc.ResourceProvider/") && entry.progress !== "request_started")
    .map((entry) => {
      const method = entry.method.slice("/pulumirpc.ResourceProvider/".length);
      // Only the gRPC status counts: messages name per-run things (addresses, ids).
      const status = entry.errors?.length ? `: ${/code = (\w+)/.exec(entry.errors.join(" "))?.[1] ?? "error"}` : "";
      return `${method}${status}`;
    })
    .sort();
}

describe("bench: the native floor plugin", function () {
  this.timeout(240_000);
  const skyvern = useProxiedSkyvern();

  it("gets the same ResourceProvider calls as the real plugin through a stack's whole lifecycle, with no request", async () => {
    const dir = await createProjectDir("linked", []);
    const calls = {} as Record<Kind, Record<Operation, string[]>>;
    const requests = {} as Record<Kind, Record<Operation, number>>;
    const states = {} as Record<Kind, string>;
    for (const [kind, plugin] of [["native", REAL_PLUGIN], ["native-floor", NOOP_PLUGIN]] as const) {
      const grpcLog = path.join(mkdtempSync(path.join(ARTIFACTS_DIR, "grpc-")), "grpc.log");
      const lifecycle = await Lifecycle.init({
        dir, backendUrl: `file://${mkdtempSync(path.join(ARTIFACTS_DIR, "backend-"))}`, stack: `shape-${kind}`, kind, n: N,
        skyvernUrl: skyvern.proxy.url, home: { pulumiHome: mkdtempSync(path.join(ARTIFACTS_DIR, "pulumi-home-")), nativePlugin: plugin },
        env: { PULUMI_DEBUG_GRPC: grpcLog },
      }, skyvern.proxy);
      calls[kind] = {} as Record<Operation, string[]>;
      for (const op of OPERATIONS) {
        providerCalls(grpcLog); // what `config set` and earlier steps logged
        await lifecycle.step(op);
        calls[kind][op] = providerCalls(grpcLog);
      }
      states[kind] = lifecycle.states.at(-1)!;
      // Also scans the CLI's output and the exported states for the passwords.
      const result = lifecycle.result();
      requests[kind] = Object.fromEntries(OPERATIONS.map((op) => [op, result.ops[op].requests])) as Record<Operation, number>;
    }

    for (const op of OPERATIONS) {
      assert.ok(calls.native[op].some((call) => /^(Check|Read|Delete)$/.test(call)), `${op}: the real plugin's log shows no resource call: ${calls.native[op].join(", ")}`);
      assert.deepEqual(calls["native-floor"][op], calls.native[op], `${op}: the engine called the floor otherwise than the real plugin`);
      assert.equal(requests.native[op], expectedRequests(op, N), `${op}: requests of the real plugin`);
      assert.equal(requests["native-floor"][op], 0, `${op}: the floor made requests`);
    }
    // Each credential's `credential` input and output is stored encrypted by both plugins, and the
    // floor stores the same properties as the real plugin (so the engine handles states of one size).
    const propertyNames = {} as Record<Kind, string[]>;
    for (const kind of ["native", "native-floor"] as const) {
      const credentials = JSON.parse(states[kind]).deployment.resources.filter((r: { type: string }) => r.type === "skyvern:index:Credential");
      assert.equal(credentials.length, N, kind);
      for (const credential of credentials) {
        for (const side of ["inputs", "outputs"]) assert.ok(typeof credential[side].credential?.ciphertext === "string", `${kind}: ${side}.credential is not stored as a secret`);
      }
      propertyNames[kind] = [...new Set(credentials.flatMap((credential: { inputs: object; outputs: object }) =>
        [...Object.keys(credential.inputs).map((key) => `inputs.${key}`), ...Object.keys(credential.outputs).map((key) => `outputs.${key}`)]))].sort() as string[];
    }
    assert.deepEqual(propertyNames["native-floor"], propertyNames.native, "the floor stores other properties than the real plugin");
  });

  // The engine passes `--tracing <endpoint>` before its own address (bench:profile traces previews):
  // a plugin that took the endpoint for the engine's address quit at its first health check, 2 s in.
  it("serve a `pulumi preview --tracing` that outlasts the plugin's health checks, as the real plugin does", async () => {
    const program = `const pulumi = require("@pulumi/pulumi");
const { Credential } = require("pulumi-skyvern");
const credential = (name) => new Credential(name, { credentialType: "secret", credential: { secretValue: pulumi.secret("x") } });
credential("first");
// Registered after the plugin's first health checks of the engine (every 2 s).
setTimeout(() => credential("second"), 5000);
`;
    // This checkout's language host stand-in, not the shared cache's copy (another checkout may have rewritten it).
    const pluginsYaml = `name: tracing\nruntime: nodejs\nmain: index.js\nplugins:\n  languages:\n    - name: nodejs\n      path: ${path.join(PROJECT_ROOT, "scripts", "pulumi-hosts")}\n  providers:\n    - name: skyvern\n      path: ${path.join(PROJECT_ROOT, "bench", "bin")}\n`;
    for (const plugin of [REAL_PLUGIN, NOOP_PLUGIN]) {
      const project = CliProject.create("tracing", pluginsYaml, { "index.js": program }, undefined, { BENCH_NATIVE_PLUGIN: plugin, PULUMI_HOME: mkdtempSync(path.join(ARTIFACTS_DIR, "pulumi-home-")) });
      await project.ok("stack", "init", "tracing");
      await project.ok("config", "set", "skyvern:baseUrl", skyvern.proxy.url);
      await project.ok("config", "set", "--secret", "skyvern:apiKey", process.env.SKYVERN_API_KEY!);
      const trace = path.join(project.dir, "trace.appdash");
      const output = await project.ok("preview", "--tracing", `file:${trace}`);
      // The stack and the two credentials.
      assert.match(output, /\+ 3 to create/, path.basename(plugin));
      assert.ok(statSync(trace).size > 0, `${path.basename(plugin)}: no trace written`);
    }
  });

  it("gives `pulumi package get-schema` the real plugin's schema", async () => {
    const env = { ...process.env, ...pulumiEnv(`file://${mkdtempSync(path.join(ARTIFACTS_DIR, "backend-"))}`) };
    const schemaOf = async (plugin: string) =>
      JSON.parse((await run(path.join(PULUMI_ROOT, "bin", "pulumi"), ["package", "get-schema", plugin], { env, cwd: ARTIFACTS_DIR, maxBuffer: 64 << 20 })).stdout);
    const real = await schemaOf(REAL_PLUGIN);
    assert.ok(real.resources?.["skyvern:index:Credential"], "the real plugin's schema has no Credential");
    assert.deepEqual(await schemaOf(NOOP_PLUGIN), real);
  });
});
