/**
 * A floor is fair only if the engine talks to it exactly as it talks to what it stands beside, and
 * it stores a state of the same shape. Two floors are checked here.
 * - The native floor (bench/noop-plugin.ts, bundled as dist/bench/pulumi-resource-skyvern-noop)
 *   against the real plugin (dist/plugin/pulumi-resource-skyvern, the file the package ships).
 * - The same-shape dynamic floor (bench/noop-package's ShapedNoopCredential, packed with the
 *   shape.json the bench writes) against SkyvernCredential, both installed from their tarballs.
 * Each pair goes through the bench's whole lifecycle (create, no-op preview and up, rotate,
 * refresh, destroy) with N credentials, through the bench's own code (bench/lifecycle.ts), the
 * plain CLI and PULUMI_DEBUG_GRPC: every operation makes the same ResourceProvider calls on both,
 * the floor makes no request, stores `credential` as a secret and the same input and output
 * properties, and keeps the password out of everything the CLI printed and stored (the
 * lifecycle's own scan). The native floor also serves a `pulumi preview --tracing` (the engine
 * passes the tracing endpoint before its own address), and `pulumi package get-schema` gets the
 * same schema from both plugins.
 */
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { createProjectDir, NOOP_PLUGIN, packTarballs, PROJECT_ROOT, type StackOptions } from "../../bench/consumer";
import { expectedRequests, Lifecycle, OPERATIONS, type Operation } from "../../bench/lifecycle";
import { CliProject } from "../support/cli-project";
import { PULUMI_ROOT, pulumiEnv } from "../support/engine";
import { ARTIFACTS_DIR } from "../support/paths";
import type { FaultProxy } from "../support/fault-proxy";
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

interface LifecycleSeen {
  calls: Record<Operation, string[]>;
  requests: Record<Operation, number>;
  /** `pulumi stack export` after create and after rotate. */
  states: string[];
}

/** One bench stack of `kind` through the whole lifecycle, with the provider calls of each operation. */
async function lifecycleSeen(options: Omit<StackOptions, "backendUrl" | "stack" | "n" | "skyvernUrl" | "env">, proxy: FaultProxy): Promise<LifecycleSeen> {
  const grpcLog = path.join(mkdtempSync(path.join(ARTIFACTS_DIR, "grpc-")), "grpc.log");
  const lifecycle = await Lifecycle.init({
    ...options, backendUrl: `file://${mkdtempSync(path.join(ARTIFACTS_DIR, "backend-"))}`, stack: `shape-${options.kind}`, n: N,
    skyvernUrl: proxy.url, env: { PULUMI_DEBUG_GRPC: grpcLog },
  }, proxy);
  const calls = {} as Record<Operation, string[]>;
  for (const op of OPERATIONS) {
    providerCalls(grpcLog); // what `config set` and earlier steps logged
    await lifecycle.step(op);
    calls[op] = providerCalls(grpcLog);
  }
  // Also scans the CLI's output and the exported states for the passwords.
  const result = lifecycle.result();
  return { calls, requests: Object.fromEntries(OPERATIONS.map((op) => [op, result.ops[op].requests])) as Record<Operation, number>, states: lifecycle.states };
}

/**
 * The floor beside the real provider: the same calls for every operation, the expected requests
 * against none, and the same stored properties with `credential` encrypted on both sides.
 */
function assertSameShape(real: LifecycleSeen, floor: LifecycleSeen, isCredential: (type: string) => boolean): void {
  for (const op of OPERATIONS) {
    assert.ok(real.calls[op].some((call) => /^(Check|Read|Delete)$/.test(call)), `${op}: the real provider's log shows no resource call: ${real.calls[op].join(", ")}`);
    assert.deepEqual(floor.calls[op], real.calls[op], `${op}: the engine called the floor otherwise than the real provider`);
    assert.equal(real.requests[op], expectedRequests(op, N), `${op}: requests of the real provider`);
    assert.equal(floor.requests[op], 0, `${op}: the floor made requests`);
  }
  const propertyNames = (state: string, label: string) => {
    const credentials = JSON.parse(state).deployment.resources.filter((r: { type: string }) => isCredential(r.type));
    assert.equal(credentials.length, N, label);
    for (const credential of credentials) {
      for (const side of ["inputs", "outputs"]) assert.ok(typeof credential[side].credential?.ciphertext === "string", `${label}: ${side}.credential is not stored as a secret`);
    }
    return [...new Set(credentials.flatMap((credential: { inputs: object; outputs: object }) =>
      [...Object.keys(credential.inputs).map((key) => `inputs.${key}`), ...Object.keys(credential.outputs).map((key) => `outputs.${key}`)]))].sort() as string[];
  };
  assert.equal(floor.states.length, 2, "exports after create and rotate");
  floor.states.forEach((state, i) => {
    const after = ["create", "rotate"][i];
    assert.deepEqual(propertyNames(state, `floor after ${after}`), propertyNames(real.states[i], `real provider after ${after}`), `after ${after}, the floor stores other properties than the real provider`);
  });
}

/**
 * The properties that are Outputs on a resource object of `exportName` from `moduleName`, built in
 * a program under Pulumi's mocks (a child process resolving the packages from the project `dir`):
 * what the program declares, so what the SDK creates an Output for at every construction.
 */
async function declaredOutputs(dir: string, moduleName: string, exportName: string): Promise<string[]> {
  const script = path.join(mkdtempSync(path.join(ARTIFACTS_DIR, "declared-")), "declared.js");
  writeFileSync(script, `const [dir, moduleName, exportName] = process.argv.slice(2);
const req = (m) => require(require.resolve(m, { paths: [dir] }));
const pulumi = req("@pulumi/pulumi");
pulumi.runtime.setMocks({ newResource: (a) => ({ id: a.name + "_id", state: a.inputs }), call: () => ({}) }, "declared", "s", true);
const resource = new (req(moduleName)[exportName])("x", { name: "x", credentialType: "password", credential: { username: "u", password: "p" } });
console.log(JSON.stringify(Object.keys(resource).filter((key) => pulumi.Output.isInstance(resource[key])).sort()));
`);
  const { stdout } = await run(process.execPath, [script, dir, moduleName, exportName]);
  return JSON.parse(stdout.split("\n")[0]);
}

describe("bench: the floors", function () {
  this.timeout(300_000);
  const skyvern = useProxiedSkyvern();

  it("the native floor gets the same ResourceProvider calls as the real plugin through a stack's whole lifecycle, stores the same properties, with no request", async () => {
    const dir = await createProjectDir("linked", []);
    const home = (plugin: string) => ({ pulumiHome: mkdtempSync(path.join(ARTIFACTS_DIR, "pulumi-home-")), nativePlugin: plugin });
    const real = await lifecycleSeen({ dir, kind: "native", home: home(REAL_PLUGIN) }, skyvern.proxy);
    const floor = await lifecycleSeen({ dir, kind: "native-floor", home: home(NOOP_PLUGIN) }, skyvern.proxy);
    assertSameShape(real, floor, (type) => type === "skyvern:index:Credential");
  });

  it("the same-shape dynamic floor gets the same calls as SkyvernCredential, both installed from tarballs, stores the same properties, with no request", async () => {
    const dir = await createProjectDir("installed", await packTarballs());
    const ours = await declaredOutputs(dir, "pulumi-skyvern", "SkyvernCredential");
    assert.ok(ours.includes("credentialId") && ours.includes("secretWrittenAt"), `SkyvernCredential's outputs: ${ours.join(", ")}`);
    assert.deepEqual(await declaredOutputs(dir, "bench-noop-provider", "ShapedNoopCredential"), ours, "the floor declares other outputs than SkyvernCredential");
    const real = await lifecycleSeen({ dir, kind: "skyvern" }, skyvern.proxy);
    const floor = await lifecycleSeen({ dir, kind: "floor-shaped" }, skyvern.proxy);
    assertSameShape(real, floor, (type) => type.startsWith("pulumi-nodejs:dynamic:"));
  });

  // The engine passes `--tracing <endpoint>` before its own address (bench:profile traces previews):
  // a plugin that took the endpoint for the engine's address quit at its first health check, 2 s in.
  it("the native floor serves a `pulumi preview --tracing` that outlasts the plugin's health checks, as the real plugin does", async () => {
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

  it("the native floor gives `pulumi package get-schema` the real plugin's schema", async () => {
    const env = { ...process.env, ...pulumiEnv(`file://${mkdtempSync(path.join(ARTIFACTS_DIR, "backend-"))}`) };
    const schemaOf = async (plugin: string) =>
      JSON.parse((await run(path.join(PULUMI_ROOT, "bin", "pulumi"), ["package", "get-schema", plugin], { env, cwd: ARTIFACTS_DIR, maxBuffer: 64 << 20 })).stdout);
    const real = await schemaOf(REAL_PLUGIN);
    assert.ok(real.resources?.["skyvern:index:Credential"], "the real plugin's schema has no Credential");
    assert.deepEqual(await schemaOf(NOOP_PLUGIN), real);
  });
});
