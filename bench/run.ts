/**
 * npm run bench: SkyvernCredential through the real engine against the real local Skyvern, beside
 * the engine's floor (a no-op dynamic resource) and a plain sdk script doing the same HTTP work.
 * Writes bench/results.json and bench/results.md and prints the table.
 *
 * Environment: BENCH_SIZES (default "10,100,500"), SKYVERN_BASE_URL / SKYVERN_API_KEY (set by
 * scripts/bench.sh), BENCH_CONCURRENCY (default 8, the provider's default too).
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { LocalWorkspace, PulumiCommand, type Stack } from "@pulumi/pulumi/automation";
import { SkyvernClient } from "../sdk";
import { FaultProxy } from "../tests/support/fault-proxy";
import { PULUMI_ROOT, pulumiEnv } from "../tests/support/engine";
import { NoopCredential } from "./noop-provider";

const PROJECT_ROOT = path.resolve(__dirname, "..", "..");
const WORK = path.join(PROJECT_ROOT, ".test-artifacts", "bench");
const SIZES = (process.env.BENCH_SIZES ?? "10,100,500").split(",").map(Number);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 8);
const OPERATIONS = ["up (create)", "preview (no change)", "up (no change)", "up (rotate all)", "refresh", "destroy"] as const;
type Operation = (typeof OPERATIONS)[number];

interface Measurement {
  seconds: number;
  requests: number;
  peakProviderRssMb?: number;
}

interface SizeResult {
  n: number;
  skyvern: Record<Operation, Measurement>;
  floor: Record<Operation, Measurement>;
  direct: Record<string, Measurement>;
  stateBytesPerCredential: number;
  floorStateBytesPerResource: number;
  providerBytes: number;
}

/** Peak RSS of the dynamic-provider host processes, sampled from /proc while an operation runs. */
class ProviderMemoryProbe {
  private peakKb = 0;
  private timer?: NodeJS.Timeout;

  start(): void {
    this.peakKb = 0;
    this.timer = setInterval(() => this.sample(), 100);
  }

  stop(): number | undefined {
    clearInterval(this.timer);
    this.sample();
    return this.peakKb ? Math.round(this.peakKb / 1024) : undefined;
  }

  private sample(): void {
    for (const pid of readdirSync("/proc").filter((entry) => /^\d+$/.test(entry))) {
      try {
        if (!readFileSync(`/proc/${pid}/cmdline`, "utf8").includes("dynamic-provider")) continue;
        const hwm = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
        if (hwm) this.peakKb = Math.max(this.peakKb, Number(hwm[1]));
      } catch {
        // The process ended between listing and reading.
      }
    }
  }
}

async function measure(proxy: FaultProxy, run: () => Promise<unknown>, probe?: ProviderMemoryProbe): Promise<Measurement> {
  proxy.reset();
  probe?.start();
  const started = process.hrtime.bigint();
  await run();
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const peak = probe?.stop();
  return { seconds: round(seconds), requests: proxy.requests.length, ...(peak ? { peakProviderRssMb: peak } : {}) };
}

async function engineStack(kind: "skyvern" | "floor", n: number, baseUrl: string, password: () => string): Promise<{ stack: Stack; backend: string }> {
  const backend = mkdtempSync(path.join(WORK, `${kind}-${n}-`));
  const workDir = mkdtempSync(path.join(WORK, `${kind}-${n}-project-`));
  const program = async () => {
    const { SkyvernCredential } = require("pulumi-skyvern") as typeof import("../index");
    for (let i = 0; i < n; i++) {
      const args = { name: `bench-${i}`, credentialType: "password" as const, credential: { username: `user-${i}@example.com`, password: password() } };
      if (kind === "skyvern") new SkyvernCredential(`cred-${i}`, args);
      else new NoopCredential(`cred-${i}`, args);
    }
  };
  const env = pulumiEnv(`file://${backend}`);
  const stack = await LocalWorkspace.createOrSelectStack(
    { stackName: "bench", projectName: "bench", program },
    { workDir, envVars: env, pulumiCommand: await PulumiCommand.get({ root: PULUMI_ROOT }), projectSettings: { name: "bench", runtime: "nodejs" } },
  );
  await stack.setAllConfig({
    "skyvern:baseUrl": { value: baseUrl },
    "skyvern:apiKey": { value: process.env.SKYVERN_API_KEY!, secret: true },
    "skyvern:maxConcurrency": { value: String(CONCURRENCY) },
  });
  return { stack, backend };
}

async function engineRun(kind: "skyvern" | "floor", n: number, proxy: FaultProxy): Promise<{ ops: Record<Operation, Measurement>; stateBytes: number; providerBytes: number }> {
  let generation = 0;
  const { stack, backend } = await engineStack(kind, n, proxy.url, () => `bench-password-${generation}`);
  const probe = new ProviderMemoryProbe();
  const ops = {} as Record<Operation, Measurement>;
  ops["up (create)"] = await measure(proxy, () => stack.up(), probe);
  const stateFile = path.join(backend, ".pulumi", "stacks", "bench", "bench.json");
  const stateBytes = statSync(stateFile).size;
  const resources = JSON.parse(readFileSync(stateFile, "utf8")).checkpoint.latest.resources;
  const providerBytes = resources.find((r: { inputs?: { __provider?: string } }) => r.inputs?.__provider)?.inputs.__provider.length ?? 0;
  ops["preview (no change)"] = await measure(proxy, () => stack.preview(), probe);
  ops["up (no change)"] = await measure(proxy, () => stack.up(), probe);
  generation++;
  ops["up (rotate all)"] = await measure(proxy, () => stack.up(), probe);
  ops.refresh = await measure(proxy, () => stack.refresh(), probe);
  ops.destroy = await measure(proxy, () => stack.destroy(), probe);
  return { ops, stateBytes, providerBytes };
}

/** The same HTTP work without Pulumi: what a user's own script at the same concurrency costs. */
async function directRun(n: number, proxy: FaultProxy): Promise<Record<string, Measurement>> {
  const client = new SkyvernClient({ baseUrl: proxy.url, maxConcurrency: CONCURRENCY });
  const request = (i: number, password: string) => ({ name: `direct-${i}`, credentialType: "password" as const, credential: { username: `user-${i}@example.com`, password } });
  let ids: string[] = [];
  const ops: Record<string, Measurement> = {};
  ops.create = await measure(proxy, async () => { ids = (await Promise.all(Array.from({ length: n }, (_, i) => client.credentials.create(request(i, "p0"))))).map((c) => c.credentialId); });
  ops.update = await measure(proxy, () => Promise.all(ids.map((id, i) => client.credentials.update(id, request(i, "p1")))));
  ops.get = await measure(proxy, () => Promise.all(ids.map((id) => client.credentials.get(id))));
  ops.delete = await measure(proxy, () => Promise.all(ids.map((id) => client.credentials.delete(id))));
  client.close();
  return ops;
}

const round = (value: number, digits = 2) => Math.round(value * 10 ** digits) / 10 ** digits;

/** Which direct-script step does the HTTP work of an engine operation. */
const DIRECT_EQUIVALENT: Partial<Record<Operation, string>> = { "up (create)": "create", "up (rotate all)": "update", refresh: "get", destroy: "delete" };

function markdown(results: SizeResult[]): string {
  const lines = [
    "# Benchmark: SkyvernCredential vs the engine's floor and a direct script",
    "",
    `Measured ${new Date().toISOString()} on this machine (${process.env.BENCH_MACHINE ?? "2 cores"}), Pulumi v3.259.0, @pulumi/pulumi 3.248.0, Skyvern 1.0.56 (SQLite, local vault), concurrency ${CONCURRENCY}.`,
    "Floor: a no-op dynamic resource of the same shape. Direct: the same HTTP calls through sdk/ with no Pulumi. Requests counted at a proxy in front of Skyvern.",
    "",
    "| N | operation | seconds | floor s | direct s | ratio to floor | ratio to floor + direct | requests | provider peak RSS MB |",
    "|---:|---|---:|---:|---:|---:|---:|---:|---:|",
  ];
  for (const r of results) {
    for (const op of OPERATIONS) {
      const m = r.skyvern[op];
      const floor = r.floor[op].seconds;
      const directStep = DIRECT_EQUIVALENT[op];
      const direct = directStep ? r.direct[directStep].seconds : 0;
      lines.push(`| ${r.n} | ${op} | ${m.seconds} | ${floor} | ${directStep ? direct : "-"} | ${round(m.seconds / floor)} | ${round(m.seconds / (floor + direct))} | ${m.requests} | ${m.peakProviderRssMb ?? "-"} |`);
    }
  }
  lines.push("", "| N | state bytes per credential | floor state bytes per resource | overhead per credential | `__provider` bytes |", "|---:|---:|---:|---:|---:|");
  for (const r of results) {
    lines.push(`| ${r.n} | ${r.stateBytesPerCredential} | ${r.floorStateBytesPerResource} | ${r.stateBytesPerCredential - r.floorStateBytesPerResource} | ${r.providerBytes} |`);
  }
  if (results.length > 1) {
    const byN = Object.fromEntries(results.map((r) => [r.n, r]));
    if (byN[100] && byN[500]) {
      lines.push("", "Scaling, time(500) / time(100):", "");
      for (const op of OPERATIONS) lines.push(`- ${op}: ${round(byN[500].skyvern[op].seconds / byN[100].skyvern[op].seconds)}`);
    }
  }
  return `${lines.join("\n")}\n`;
}

async function main(): Promise<void> {
  mkdirSync(WORK, { recursive: true });
  const proxy = await FaultProxy.start(process.env.SKYVERN_BASE_URL!);
  const results: SizeResult[] = [];
  try {
    for (const n of SIZES) {
      console.error(`[bench] N=${n}: SkyvernCredential through the engine`);
      const skyvern = await engineRun("skyvern", n, proxy);
      console.error(`[bench] N=${n}: the floor (no-op dynamic resource)`);
      const floor = await engineRun("floor", n, proxy);
      console.error(`[bench] N=${n}: direct sdk script`);
      const direct = await directRun(n, proxy);
      results.push({
        n, skyvern: skyvern.ops, floor: floor.ops, direct,
        stateBytesPerCredential: Math.round(skyvern.stateBytes / n),
        floorStateBytesPerResource: Math.round(floor.stateBytes / n),
        providerBytes: skyvern.providerBytes,
      });
    }
  } finally {
    await proxy.stop();
  }
  const table = markdown(results);
  writeFileSync(path.join(PROJECT_ROOT, "bench", "results.json"), `${JSON.stringify(results, null, 2)}\n`);
  writeFileSync(path.join(PROJECT_ROOT, "bench", "results.md"), table);
  console.log(table);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
