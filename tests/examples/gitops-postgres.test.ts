/**
 * The gitops flow on Pulumi's PostgreSQL state backend, on a real PostgreSQL server
 * (scripts/postgres-local): two pipelines updating two stacks at once, and a second `up` on a
 * stack that is mid-update refused by the backend's lock. The root project is the program.
 */
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import path from "node:path";
import { NotFoundError } from "../../sdk";
import { assertNoCanaries, canary, decryptedState } from "../support/canary";
import { CliProject } from "../support/cli-project";
import { ARTIFACTS_DIR, PROJECT_ROOT } from "../support/paths";
import { useProxiedSkyvern } from "../support/proxied-skyvern";

const postgres = path.join(PROJECT_ROOT, "scripts", "postgres-local");
const ROOT_PROGRAM = path.join(PROJECT_ROOT, "dist", "program", "index.js");

/**
 * Every row of the backend's state table, as the files Pulumi stored. Measured with v3.259.0: the
 * table is (key text, data json, updated_at), and `data` is {"data": "<base64 of the file>"}, so
 * a plaintext secret would not show in the raw rows: each file is decoded before the scan.
 */
function postgresStateRows(backendUrl: string): Record<string, string> {
  const url = new URL(backendUrl);
  const table = url.searchParams.get("table") ?? "pulumi_state";
  url.search = "";
  const lines = execFileSync("psql", [url.toString(), "-At", "-c", `SELECT row_to_json(t)::text FROM ${table} t`], { encoding: "utf8", maxBuffer: 256 << 20 });
  const rows: Record<string, string> = {};
  for (const line of lines.split("\n").filter(Boolean)) {
    const row = JSON.parse(line) as { key: string; data: { data?: string } };
    rows[`postgres ${row.key}`] = typeof row.data?.data === "string" ? Buffer.from(row.data.data, "base64").toString("latin1") : line;
    rows[`postgres ${row.key} (raw row)`] = line;
  }
  return rows;
}

describe("gitops on the PostgreSQL state backend", () => {
  const skyvern = useProxiedSkyvern();
  const pgEnv = { ...process.env, PG_LOCAL_HOME: mkdtempSync(path.join(ARTIFACTS_DIR, "pg-")) };
  let backendUrl = "";
  const pipelines: Record<string, CliProject> = {};
  const secrets: string[] = [];

  before(async () => {
    execFileSync(postgres, ["start"], { env: pgEnv, stdio: ["ignore", "ignore", "inherit"] });
    backendUrl = execFileSync(postgres, ["url"], { env: pgEnv, encoding: "utf8" }).trim();
    // Two checkouts of the same repository, as two CI jobs would have, sharing the team backend.
    for (const stack of ["dev", "prod"]) {
      const project = CliProject.create("skyvern-credentials", `name: skyvern-credentials\nruntime: nodejs\nmain: ${ROOT_PROGRAM}\n`, {}, backendUrl);
      await project.ok("stack", "init", stack);
      await project.ok("config", "set", "skyvern:baseUrl", skyvern.proxy.url);
      await project.ok("config", "set", "--secret", "skyvern:apiKey", process.env.SKYVERN_API_KEY!);
      for (let i = 0; i < 3; i++) {
        await project.ok("config", "set", "--path", `credentials.svc-${i}.type`, "secret");
        await project.ok("config", "set", "--path", `credentials.svc-${i}.displayName`, `${stack} service ${i}`);
        const value = canary(`${stack}${i}`);
        secrets.push(value);
        await project.ok("config", "set", "--secret", "--path", `credentialSecrets.svc-${i}.secretValue`, value);
      }
      pipelines[stack] = project;
    }
  });

  after(() => {
    execFileSync(postgres, ["stop"], { env: pgEnv, stdio: "ignore" });
  });

  /**
   * Scans the state rows in PostgreSQL and every pipeline's CLI output. Positive control: the
   * stacks' decrypted states hold the canaries, and the rows scanned hold the stacks' credential ids.
   */
  async function assertNoSecretsInBackendOrOutput(): Promise<void> {
    const rows = postgresStateRows(backendUrl);
    const decrypted = (await Promise.all(Object.entries(pipelines).map(([stack, project]) => decryptedState(project, stack)))).join("\n");
    const rowText = Object.values(rows).join("\n");
    for (const stack of Object.keys(pipelines)) for (const id of Object.values(await idsOf(stack))) assert.ok(rowText.includes(id), `the state rows scanned hold ${stack}'s credential ${id}`);
    const transcripts = Object.fromEntries(Object.entries(pipelines).map(([stack, project]) => [`${stack} output`, project.transcript.join("\n")]));
    assertNoCanaries([...secrets, process.env.SKYVERN_API_KEY!], { ...rows, ...transcripts }, { text: decrypted, canaries: secrets });
  }

  async function idsOf(stack: string): Promise<Record<string, string>> {
    return JSON.parse(await pipelines[stack].ok("stack", "output", "credentialIds", "--json", "--stack", stack));
  }

  it("updates two stacks concurrently; each stack's state matches the server", async () => {
    await Promise.all(Object.entries(pipelines).map(([stack, project]) => project.ok("up", "--yes", "--stack", stack)));
    for (const stack of ["dev", "prod"]) {
      const ids = await idsOf(stack);
      assert.equal(Object.keys(ids).length, 3);
      for (const [entry, id] of Object.entries(ids)) assert.equal((await skyvern.direct.credentials.get(id)).name, `${stack} service ${entry.slice(-1)}`);
    }
    await assertNoSecretsInBackendOrOutput();
  });

  it("refuses a second up on a stack that is being updated, then both stacks stay intact", async () => {
    const before = { dev: await idsOf("dev"), prod: await idsOf("prod") };
    const dev = pipelines.dev;
    await dev.ok("config", "set", "--path", "credentials.svc-0.displayName", "dev service 0 (renamed)");
    // Slow Skyvern down so the first update is still running when the second one starts.
    skyvern.proxy.rule = () => ({ kind: "delay", ms: 4_000 });
    const first = dev.run("up", "--yes", "--stack", "dev");
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    const second = await dev.run("up", "--yes", "--stack", "dev");
    assert.notEqual(second.code, 0);
    assert.match(second.output, /the stack is currently locked by 1 lock\(s\)/);
    assert.match(second.output, /created by \S+@\S+ \(pid \d+\)/, "says who holds the lock");
    const firstResult = await first;
    skyvern.proxy.rule = () => undefined;
    assert.equal(firstResult.code, 0, firstResult.output);
    assert.deepEqual(await idsOf("dev"), before.dev);
    assert.deepEqual(await idsOf("prod"), before.prod);
    assert.equal((await skyvern.direct.credentials.get(before.dev["svc-0"])).name, "dev service 0 (renamed)");
    assert.match(await dev.ok("preview", "--stack", "dev"), /4 unchanged/);
    await assertNoSecretsInBackendOrOutput();
  });

  it("destroys both stacks from the team backend", async () => {
    const ids = [...Object.values(await idsOf("dev")), ...Object.values(await idsOf("prod"))];
    // Positive control, taken before destroy empties the states.
    const decrypted = (await Promise.all(Object.entries(pipelines).map(([stack, project]) => decryptedState(project, stack)))).join("\n");
    await Promise.all(Object.entries(pipelines).map(([stack, project]) => project.ok("destroy", "--yes", "--stack", stack)));
    for (const id of ids) await assert.rejects(skyvern.direct.credentials.get(id), NotFoundError);
    const rows = postgresStateRows(backendUrl);
    assert.ok(Object.values(rows).join("\n").includes("skyvern-credentials"), "the rows scanned are the project's state");
    const transcripts = Object.fromEntries(Object.entries(pipelines).map(([stack, project]) => [`${stack} output`, project.transcript.join("\n")]));
    assertNoCanaries([...secrets, process.env.SKYVERN_API_KEY!], { ...rows, ...transcripts }, { text: decrypted, canaries: secrets });
  });
});
