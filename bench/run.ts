/**
 * npm run bench: SkyvernCredential as users install it (packed tarball, fresh project, plain CLI)
 * through the real engine against the real local Skyvern, beside the engine's floor (a no-op
 * dynamic resource installed the same way) and the same-shape floor (a no-op dynamic resource
 * declaring and storing what ours does), the native provider's Credential from the same tarball
 * (plugin installed with `npx pulumi-skyvern install-plugin`) beside its own floor (the same program
 * served by the no-op plugin bench/noop-plugin.ts), the linked package, and a plain sdk
 * script doing the same HTTP work; on the file backend and on PostgreSQL. Writes bench/results.json and
 * bench/results.md and prints the tables.
 *
 * Environment (scripts/bench.sh sets the first three):
 *   SKYVERN_BASE_URL, SKYVERN_API_KEY   the Skyvern server
 *   BENCH_POSTGRES_URL                  a postgres:// backend; without it no PostgreSQL rows
 *   BENCH_SIZES                         file-backend sizes, default "10,100,500"
 *   BENCH_POSTGRES_SIZES                PostgreSQL sizes, default "100,500,1000"
 *   BENCH_ROWS                          which stacks run, default "ours,floor,floor-shaped,native,native-floor,reference,linked"
 *                                       (reference and linked on the file backend only); e.g. "native,native-floor"
 *   BENCH_LINKED                        "0" leaves out the linked-package rows
 *   BENCH_NATIVE                        "0" leaves out the native provider's rows and its floor's
 *   BENCH_REFERENCES                    "0" leaves out the secret-references rows (file backend)
 *   BENCH_CONCURRENCY                   the provider's skyvern:maxConcurrency and the direct script's, default 8
 *   BENCH_NOTE                          appended to the header (e.g. what else ran on the machine)
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { FaultProxy } from "../tests/support/fault-proxy";
import { createProjectDir, installNativePlugin, NOOP_PLUGIN, packTarballs, PROJECT_ROOT, WORK, type Form } from "./consumer";
import { directRun } from "./direct";
import { Lifecycle, OPERATIONS } from "./lifecycle";
import { markdown, type Backend, type BenchResults, type EngineRow } from "./report";

const sizesFrom = (value: string) => value.split(",").filter(Boolean).map(Number);
const SIZES = sizesFrom(process.env.BENCH_SIZES ?? "10,100,500");
const POSTGRES_SIZES = sizesFrom(process.env.BENCH_POSTGRES_SIZES ?? "100,500,1000");
const POSTGRES_URL = process.env.BENCH_POSTGRES_URL;
const LINKED = process.env.BENCH_LINKED !== "0";
const NATIVE = process.env.BENCH_NATIVE !== "0";
const REFERENCES = process.env.BENCH_REFERENCES !== "0";

/** Each row name of BENCH_ROWS and the stack it runs. */
const ROWS: Record<string, Pick<EngineRow, "form" | "kind">> = {
  ours: { form: "installed", kind: "skyvern" },
  floor: { form: "installed", kind: "floor" },
  "floor-shaped": { form: "installed", kind: "floor-shaped" },
  native: { form: "installed", kind: "native" },
  "native-floor": { form: "installed", kind: "native-floor" },
  reference: { form: "installed", kind: "reference" },
  linked: { form: "linked", kind: "skyvern" },
};
const ROW_NAMES = (process.env.BENCH_ROWS ?? Object.keys(ROWS).join(",")).split(",").filter(Boolean);
const unknownRows = ROW_NAMES.filter((name) => !(name in ROWS));
if (unknownRows.length) throw new Error(`BENCH_ROWS: unknown ${unknownRows.join(", ")}; choose among ${Object.keys(ROWS).join(", ")}`);

/** The stacks run at one backend and size, in BENCH_ROWS order. */
function rowsFor(backend: Backend): Pick<EngineRow, "form" | "kind">[] {
  return ROW_NAMES.filter((name) => {
    if (name === "linked") return LINKED && backend === "file";
    if (name.startsWith("native")) return NATIVE;
    if (name === "reference") return REFERENCES && backend === "file";
    return true;
  }).map((name) => ROWS[name]);
}
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 8);

async function main(): Promise<void> {
  mkdirSync(WORK, { recursive: true });
  const load = os.loadavg()[0].toFixed(2);
  const tarballs = await packTarballs();
  const dirs: Record<Form, string> = {
    installed: await createProjectDir("installed", tarballs),
    linked: await createProjectDir("linked", tarballs),
  };
  const home = await installNativePlugin(dirs.installed);
  if (NATIVE && ROW_NAMES.includes("native-floor") && !existsSync(NOOP_PLUGIN)) throw new Error(`no ${NOOP_PLUGIN}: run npm run build`);
  const pulumiSdkVersion = JSON.parse(readFileSync(path.join(dirs.installed, "node_modules", "@pulumi", "pulumi", "package.json"), "utf8")).version;
  const proxy = await FaultProxy.start(process.env.SKYVERN_BASE_URL!);
  const results: BenchResults = {
    measuredAt: new Date().toISOString(),
    note: `${os.cpus().length} cores, load average ${load} when the run began. ${process.env.BENCH_NOTE ?? ""}`.trim(),
    concurrency: CONCURRENCY, pulumiSdkVersion, rows: [], direct: {},
  };
  const plan: { backend: Backend; n: number }[] = [
    ...SIZES.map((n) => ({ backend: "file" as const, n })),
    ...(POSTGRES_URL ? POSTGRES_SIZES.map((n) => ({ backend: "postgres" as const, n })) : []),
  ];
  try {
    for (const { backend, n } of plan) {
      const runs = rowsFor(backend);
      const lifecycles: Lifecycle[] = [];
      for (const { form, kind } of runs) {
        const backendUrl = backend === "file" ? `file://${mkdtempSync(path.join(WORK, "backend-"))}` : POSTGRES_URL!;
        lifecycles.push(await Lifecycle.init({ dir: dirs[form], backendUrl, stack: `${form}-${kind}-${n}`, kind, n, skyvernUrl: proxy.url, home }, proxy));
      }
      // Operation by operation across the stacks, first one first then last one first, so that
      // load from other work drifting during the run weighs on ours and the floor alike.
      for (const [index, op] of OPERATIONS.entries()) {
        const order = index % 2 ? [...runs.keys()].reverse() : [...runs.keys()];
        for (const i of order) {
          console.error(`[bench] ${backend} backend, N=${n}: ${op}, ${runs[i].kind} (${runs[i].form})`);
          await lifecycles[i].step(op);
        }
      }
      runs.forEach((run, i) => results.rows.push({ backend, n, ...run, result: lifecycles[i].result() }));
      if (backend === "file" && runs.some((r) => r.kind === "skyvern")) {
        console.error(`[bench] N=${n}: direct sdk script`);
        results.direct[n] = await directRun(n, proxy, CONCURRENCY);
      }
    }
  } finally {
    await proxy.stop();
  }
  const teamFile = path.join(PROJECT_ROOT, "bench", "results-team.json");
  const table = markdown(results, existsSync(teamFile) ? JSON.parse(readFileSync(teamFile, "utf8")) : undefined);
  writeFileSync(path.join(PROJECT_ROOT, "bench", "results.json"), `${JSON.stringify(results, null, 2)}\n`);
  writeFileSync(path.join(PROJECT_ROOT, "bench", "results.md"), table);
  console.log(table);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
