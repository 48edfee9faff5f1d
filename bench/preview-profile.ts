/**
 * npm run bench:profile: where a no-op preview's time goes. For each kind (the dynamic
 * SkyvernCredential, its floor, the native Credential, its floor) a stack of PROFILE_N credentials
 * (default 200) is created from the packed package, then previewed with nothing to change: once
 * plainly (wall time), then once with the engine's gRPC log (PULUMI_DEBUG_GRPC: every call with
 * its duration), the engine's trace (`--tracing file:`) and a CPU profile of every Node process
 * the run starts (bench/cpu-profile-preload.ts: the program, the dynamic-provider host or the plugin).
 * Prints, per kind: wall time, gRPC calls by method (count, summed and longest duration), and per
 * Node process the sampled time by package and the heaviest functions. Writes the summary to
 * .test-artifacts/bench/profile-<time>/summary.json beside the raw profiles and traces; the gRPC
 * log holds the requests' plaintext (secrets too), so it is summarised and deleted.
 *
 * Environment: SKYVERN_BASE_URL, SKYVERN_API_KEY (scripts/bench-profile.sh sets them), PROFILE_N,
 * PROFILE_KINDS (default "skyvern,floor,native,native-floor"), PROFILE_COMMAND=refresh (profile `refresh --yes --skip-preview` instead of a preview), PROFILE_KEEP=1 (leave the stacks and
 * their credentials in place).
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { canary } from "../tests/support/canary";
import { FaultProxy } from "../tests/support/fault-proxy";
import { BenchStack, createProjectDir, installNativePlugin, packTarballs, WORK, type Kind } from "./consumer";
import { round } from "./lifecycle";

const N = Number(process.env.PROFILE_N ?? 200);
const KINDS = (process.env.PROFILE_KINDS ?? "skyvern,floor,native,native-floor").split(",").filter(Boolean) as Kind[];
/** What is profiled: a no-op preview (default), or a refresh (`refresh --yes --skip-preview`). */
const COMMAND = process.env.PROFILE_COMMAND === "refresh" ? ["refresh", "--yes", "--skip-preview"] : ["preview"];

interface GrpcEntry { method: string; progress?: string; duration?: number; errors?: string[] }
interface MethodSummary { method: string; calls: number; totalMs: number; maxMs: number }

/** The engine's gRPC log by method; durations are Go's nanoseconds. Concurrent calls overlap, so sums exceed the wall time. */
export function grpcSummary(logText: string): MethodSummary[] {
  const byMethod = new Map<string, MethodSummary>();
  for (const line of logText.split("\n").filter(Boolean)) {
    const entry = JSON.parse(line) as GrpcEntry;
    if (entry.progress === "request_started") continue;
    const summary = byMethod.get(entry.method) ?? { method: entry.method, calls: 0, totalMs: 0, maxMs: 0 };
    const ms = (entry.duration ?? 0) / 1e6;
    summary.calls += 1;
    summary.totalMs += ms;
    summary.maxMs = Math.max(summary.maxMs, ms);
    byMethod.set(entry.method, summary);
  }
  return [...byMethod.values()].map((s) => ({ ...s, totalMs: round(s.totalMs, 0), maxMs: round(s.maxMs, 1) })).sort((a, b) => b.totalMs - a.totalMs);
}

interface ProfileNode { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }
interface CpuProfile { nodes: ProfileNode[]; startTime: number; endTime: number; samples: number[]; timeDeltas: number[] }

export interface ProcessSummary {
  process: string;
  wallMs: number;
  /** Sampled time spent running JavaScript, GC or native code: all but idle. */
  busyMs: number;
  byPackage: { name: string; ms: number }[];
  topFunctions: { name: string; ms: number }[];
}

/** node_modules/<package> of a script URL, the bundled plugin's file name, or what else ran. */
function packageOf(url: string, functionName: string): string {
  if (!url) return functionName.startsWith("(") ? functionName : "(native code)";
  if (url.startsWith("node:")) return "(node internals)";
  const modules = [...url.matchAll(/node_modules\/((?:@[^/]+\/)?[^/]+)/g)].at(-1);
  if (modules) return modules[1];
  return path.basename(url);
}

/** Which process a profile comes from, from the scripts it ran. */
function processOf(profile: CpuProfile): string {
  const urls = profile.nodes.map((node) => node.callFrame.url);
  if (urls.some((url) => url.includes("pulumi-resource-skyvern-noop"))) return "native floor plugin";
  if (urls.some((url) => url.includes("pulumi-resource-skyvern"))) return "native plugin";
  if (urls.some((url) => url.includes("dynamic-provider"))) return "dynamic-provider host";
  if (urls.some((url) => /bench-installed--[^/]+\/index\.js$/.test(url))) return "program";
  return "other node process";
}

export function cpuSummary(profile: CpuProfile): ProcessSummary {
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const selfUs = new Map<number, number>();
  profile.samples.forEach((id, i) => selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const byPackage = new Map<string, number>();
  const byFunction = new Map<string, number>();
  let busy = 0;
  for (const [id, us] of selfUs) {
    const { functionName, url, lineNumber } = nodes.get(id)!.callFrame;
    if (functionName === "(idle)") continue;
    busy += us;
    const pkg = packageOf(url, functionName);
    byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + us);
    const name = `${functionName || "(anonymous)"} ${pkg}${url ? `:${lineNumber + 1}` : ""}`;
    byFunction.set(name, (byFunction.get(name) ?? 0) + us);
  }
  const top = (map: Map<string, number>, count: number) =>
    [...map.entries()].sort((a, b) => b[1] - a[1]).slice(0, count).map(([name, us]) => ({ name, ms: round(us / 1000, 0) }));
  return { process: processOf(profile), wallMs: round((profile.endTime - profile.startTime) / 1000, 0), busyMs: round(busy / 1000, 0), byPackage: top(byPackage, 8), topFunctions: top(byFunction, 12) };
}

interface KindProfile { kind: Kind; plainSeconds: number; profiledSeconds: number; grpc: MethodSummary[]; processes: ProcessSummary[]; trace: string }

async function profileKind(stack: BenchStack, out: string): Promise<KindProfile> {
  const kind = stack.options.kind;
  let started = process.hrtime.bigint();
  await stack.command(...COMMAND);
  const plainSeconds = round(Number(process.hrtime.bigint() - started) / 1e9);
  const dir = path.join(out, kind);
  mkdirSync(dir, { recursive: true });
  const grpcLog = path.join(dir, "grpc.log");
  const trace = path.join(dir, "trace.appdash");
  const profiles = path.join(dir, "cpuprofiles");
  mkdirSync(profiles);
  Object.assign(stack.cli.env, { PULUMI_DEBUG_GRPC: grpcLog, NODE_OPTIONS: `--require ${path.join(__dirname, "cpu-profile-preload.js")}`, BENCH_CPU_PROFILE_DIR: profiles });
  started = process.hrtime.bigint();
  try {
    await stack.command(...COMMAND, "--tracing", `file:${trace}`);
  } finally {
    delete stack.cli.env.PULUMI_DEBUG_GRPC;
    delete stack.cli.env.NODE_OPTIONS;
    delete stack.cli.env.BENCH_CPU_PROFILE_DIR;
  }
  const profiledSeconds = round(Number(process.hrtime.bigint() - started) / 1e9);
  const grpc = grpcSummary(readFileSync(grpcLog, "utf8"));
  rmSync(grpcLog);
  const processes = readdirSync(profiles).map((file) => cpuSummary(JSON.parse(readFileSync(path.join(profiles, file), "utf8"))));
  return { kind, plainSeconds, profiledSeconds, grpc, processes, trace };
}

function print(result: KindProfile): string {
  const lines = [
    `## ${result.kind}: N = ${N}, ${COMMAND[0]} ${result.plainSeconds} s (${result.profiledSeconds} s profiled)`, "",
    "| gRPC method | calls | summed ms | longest ms |", "|---|---:|---:|---:|",
    ...result.grpc.map((m) => `| ${m.method} | ${m.calls} | ${m.totalMs} | ${m.maxMs} |`), "",
  ];
  for (const p of result.processes) {
    lines.push(
      `${p.process}: ${p.wallMs} ms alive, ${p.busyMs} ms busy. By package: ${p.byPackage.map((b) => `${b.name} ${b.ms}`).join(", ")}.`, "",
      ...p.topFunctions.map((f) => `- ${f.ms} ms ${f.name}`), "",
    );
  }
  return lines.join("\n");
}

async function main(): Promise<void> {
  mkdirSync(WORK, { recursive: true });
  const out = mkdtempSync(path.join(WORK, "profile-"));
  const load = os.loadavg()[0].toFixed(2);
  const tarballs = await packTarballs();
  const dir = await createProjectDir("installed", tarballs);
  const home = await installNativePlugin(dir);
  const proxy = await FaultProxy.start(process.env.SKYVERN_BASE_URL!);
  const stacks: BenchStack[] = [];
  try {
    for (const kind of KINDS) {
      const stack = await BenchStack.init({ dir, backendUrl: `file://${mkdtempSync(path.join(WORK, "backend-"))}`, stack: `profile-${kind}-${N}`, kind, n: N, skyvernUrl: proxy.url, home });
      await stack.config("password", canary("profilepw"), true);
      console.error(`[profile] creating ${N} ${kind}`);
      await stack.command("up", "--yes", "--skip-preview");
      stacks.push(stack);
    }
    const results: KindProfile[] = [];
    for (const stack of stacks) {
      console.error(`[profile] ${COMMAND[0]}: ${stack.options.kind}`);
      // One kind failing to profile leaves the others' figures.
      await profileKind(stack, out).then((result) => results.push(result), (error: unknown) => console.error(error));
    }
    writeFileSync(path.join(out, "summary.json"), `${JSON.stringify({ n: N, load, results }, null, 2)}\n`);
    console.log(`Load average ${load} when the run began; raw profiles and traces in ${out}.\n`);
    console.log(results.map(print).join("\n"));
  } finally {
    if (process.env.PROFILE_KEEP !== "1") for (const stack of stacks) await stack.command("destroy", "--yes", "--skip-preview").catch((error: unknown) => console.error(error));
    await proxy.stop();
  }
}

if (require.main === module) {
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
