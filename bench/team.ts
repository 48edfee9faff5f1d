/**
 * npm run bench:team: a team's pipelines on one PostgreSQL state backend. Three stacks of
 * BENCH_TEAM_N (default 200) credentials each, from the packed package installed in a fresh project:
 *
 * 1. create: pipeline A runs `up` on team-1 while pipeline B runs `up` on team-2 then team-3; while
 *    A holds team-1's lock, pipeline C runs `up` on team-1 too, is refused with the lock message,
 *    waits for the lock to free and retries (then nothing is left to change).
 * 2. rotate: every password changes; the three stacks' `up` run at the same time.
 * 3. destroy: the three stacks' `destroy` at the same time.
 *
 * After each phase the server's credentials and the three states must agree exactly (same ids and
 * names, nothing extra, nothing missing) with no pending operation. Writes bench/results-team.json
 * and the team section of bench/results.md.
 *
 * Environment: SKYVERN_BASE_URL, SKYVERN_API_KEY, BENCH_POSTGRES_URL (scripts/bench-team.sh sets
 * them), BENCH_TEAM_N, BENCH_CONCURRENCY (default 8).
 */
import { execFile } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { SkyvernClient } from "../sdk";
import { canary, findCanaries } from "../tests/support/canary";
import { FaultProxy } from "../tests/support/fault-proxy";
import { BenchStack, createProjectDir, packTarballs, PROJECT_ROOT, WORK } from "./consumer";
import { round } from "./lifecycle";
import { markdown, type BenchResults, type TeamResults } from "./report";

const run = promisify(execFile);
const N = Number(process.env.BENCH_TEAM_N ?? 200);
const STACKS = ["team-1", "team-2", "team-3"];
const POSTGRES_URL = process.env.BENCH_POSTGRES_URL!;
const LOCK_MESSAGE = /the stack is currently locked by 1 lock\(s\)/;

const seconds = (started: bigint) => round(Number(process.hrtime.bigint() - started) / 1e9);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Whether the backend holds a lock on the stack: the PostgreSQL backend keeps locks as rows. */
async function lockHeld(stack: string): Promise<boolean> {
  const url = new URL(POSTGRES_URL);
  const table = url.searchParams.get("table") ?? "pulumi_state";
  url.search = "";
  const { stdout } = await run("psql", [url.toString(), "-tAc", `select count(*) from ${table} where key like '%.pulumi/locks/%/${stack}/%'`]);
  return Number(stdout.trim()) > 0;
}

async function timed(work: () => Promise<unknown>): Promise<number> {
  const started = process.hrtime.bigint();
  await work();
  return seconds(started);
}

/** Pipeline C: `up` on a stack another pipeline is updating; refused, it retries once the lock frees. */
async function upWhenUnlocked(stack: BenchStack): Promise<{ refusedAfterSeconds: number; retrySeconds: number; waitedSeconds: number }> {
  const started = process.hrtime.bigint();
  const first = await stack.cli.run("up", "--yes", "--skip-preview", "--stack", stack.options.stack);
  if (first.code === 0 || !LOCK_MESSAGE.test(first.output)) throw new Error(`expected the locked stack to refuse the second up, got exit ${first.code}:\n${first.output}`);
  const refusedAfterSeconds = seconds(started);
  const waitStarted = process.hrtime.bigint();
  while (await lockHeld(stack.options.stack)) await sleep(1_000);
  const waitedSeconds = seconds(waitStarted);
  const retryStarted = process.hrtime.bigint();
  const output = await stack.command("up", "--yes", "--skip-preview");
  // The stack resource itself counts among the unchanged.
  if (!new RegExp(`\\b${N + 1} unchanged`).test(output)) throw new Error(`the retried up should find nothing to change:\n${output}`);
  return { refusedAfterSeconds, retrySeconds: seconds(retryStarted), waitedSeconds };
}

/** The server's credentials and the three states agree exactly; no pending operations. */
async function assertAgreement(stacks: BenchStack[], server: SkyvernClient, perStack: number, states: string[]): Promise<void> {
  const onServer = new Map<string, string>();
  for await (const credential of server.credentials.list({ pageSize: 100 })) onServer.set(credential.credentialId, credential.name);
  const inState = new Map<string, string>();
  for (const stack of stacks) {
    const exported = await stack.exportedState();
    states.push(exported);
    const deployment = JSON.parse(exported).deployment;
    if (deployment.pending_operations?.length) throw new Error(`${stack.options.stack} has ${deployment.pending_operations.length} pending operations`);
    const resources = (deployment.resources ?? []).filter((r: { type: string }) => r.type.endsWith(":SkyvernCredential"));
    if (resources.length !== perStack) throw new Error(`${stack.options.stack} holds ${resources.length} credentials, expected ${perStack}`);
    for (const r of resources) inState.set(r.id, r.outputs.name);
  }
  const missing = [...inState].filter(([id, name]) => onServer.get(id) !== name);
  const extra = [...onServer.keys()].filter((id) => !inState.has(id));
  if (missing.length || extra.length) {
    throw new Error(`server and states disagree: ${missing.length} in state but not on the server (or renamed), ${extra.length} on the server but in no state`);
  }
}

async function main(): Promise<void> {
  mkdirSync(WORK, { recursive: true });
  const load = os.loadavg()[0].toFixed(2);
  const dir = await createProjectDir("installed", await packTarballs());
  const proxy = await FaultProxy.start(process.env.SKYVERN_BASE_URL!);
  const server = new SkyvernClient();
  const passwords = [canary("teampw"), canary("teampw")];
  const states: string[] = [];
  const team: TeamResults = {
    measuredAt: new Date().toISOString(),
    note: `${os.cpus().length} cores, load average ${load} when the run began. ${process.env.BENCH_NOTE ?? ""}`.trim(),
    credentialsPerStack: N, phases: [],
  };
  try {
    // One after another: `stack init` writes the project's workspace settings.
    const stacks: BenchStack[] = [];
    for (const stack of STACKS) stacks.push(await BenchStack.init({ dir, backendUrl: POSTGRES_URL, stack, kind: "skyvern", n: N, skyvernUrl: proxy.url }));
    for (const stack of stacks) await stack.config("password", passwords[0], true);
    const [one, two, three] = stacks;
    const up = (stack: BenchStack) => stack.command("up", "--yes", "--skip-preview");

    console.error(`[bench:team] create: A up team-1, B up team-2 then team-3, C up team-1 (refused, then retried)`);
    proxy.reset();
    let started = process.hrtime.bigint();
    const pipelineA = timed(() => up(one));
    const pipelineB = timed(async () => { await up(two); await up(three); });
    const deadline = Date.now() + 120_000;
    while (!(await lockHeld("team-1"))) {
      if (Date.now() > deadline) throw new Error("pipeline A never took team-1's lock");
      await sleep(200);
    }
    const pipelineC = upWhenUnlocked(one);
    const [a, b, c] = await Promise.all([pipelineA, pipelineB, pipelineC]);
    team.phases.push({
      phase: "create", seconds: seconds(started), requests: proxy.requests.length,
      detail: `A (team-1) ${a} s; B (team-2 then team-3) ${b} s; C refused after ${c.refusedAfterSeconds} s with the lock message, waited ${c.waitedSeconds} s for the lock, retry ${c.retrySeconds} s (nothing to change)`,
    });
    await assertAgreement(stacks, server, N, states);

    console.error(`[bench:team] rotate all ${N * stacks.length}`);
    for (const stack of stacks) await stack.config("password", passwords[1], true);
    proxy.reset();
    started = process.hrtime.bigint();
    const rotations = await Promise.all(stacks.map((stack) => timed(() => up(stack))));
    team.phases.push({ phase: "rotate all", seconds: seconds(started), requests: proxy.requests.length, detail: rotations.map((s, i) => `${STACKS[i]} ${s} s`).join("; ") });
    await assertAgreement(stacks, server, N, states);

    console.error(`[bench:team] destroy`);
    proxy.reset();
    started = process.hrtime.bigint();
    const destroys = await Promise.all(stacks.map((stack) => timed(() => stack.command("destroy", "--yes", "--skip-preview"))));
    team.phases.push({ phase: "destroy", seconds: seconds(started), requests: proxy.requests.length, detail: destroys.map((s, i) => `${STACKS[i]} ${s} s`).join("; ") });
    await assertAgreement(stacks, server, 0, states);
    const leaks = findCanaries(passwords, { ...Object.fromEntries(states.map((text, i) => [`export ${i}`, text])), transcript: stacks.map((s) => s.cli.transcript.join("\n")).join("\n") });
    if (leaks.length) throw new Error(`plaintext password in ${leaks.join(", ")}`);
  } finally {
    server.close();
    await proxy.stop();
  }
  writeFileSync(path.join(PROJECT_ROOT, "bench", "results-team.json"), `${JSON.stringify(team, null, 2)}\n`);
  const benchFile = path.join(PROJECT_ROOT, "bench", "results.json");
  const bench: BenchResults | undefined = existsSync(benchFile) ? JSON.parse(readFileSync(benchFile, "utf8")) : undefined;
  const table = markdown(bench, team);
  writeFileSync(path.join(PROJECT_ROOT, "bench", "results.md"), table);
  console.log(table);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
