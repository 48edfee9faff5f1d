/**
 * The gitops flow on Pulumi's PostgreSQL state backend, on a real PostgreSQL server
 * (scripts/postgres-local): two pipelines updating two stacks at once, and a second `up` on a
 * stack that is mid-update refused by the backend's lock. The root project is the program.
 */
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import path from "node:path";
import { canary } from "../support/canary";
import { CliProject } from "../support/cli-project";
import { ARTIFACTS_DIR, PROJECT_ROOT } from "../support/paths";
import { useProxiedSkyvern } from "../support/proxied-skyvern";

const postgres = path.join(PROJECT_ROOT, "scripts", "postgres-local");
const ROOT_PROGRAM = path.join(PROJECT_ROOT, "dist", "program", "index.js");

describe("gitops on the PostgreSQL state backend", () => {
  const skyvern = useProxiedSkyvern();
  const pgEnv = { ...process.env, PG_LOCAL_HOME: mkdtempSync(path.join(ARTIFACTS_DIR, "pg-")) };
  let backendUrl = "";
  const pipelines: Record<string, CliProject> = {};

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
        await project.ok("config", "set", "--secret", "--path", `credentialSecrets.svc-${i}.secretValue`, canary(`${stack}${i}`));
      }
      pipelines[stack] = project;
    }
  });

  after(() => {
    execFileSync(postgres, ["stop"], { env: pgEnv, stdio: "ignore" });
  });

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
  });

  it("destroys both stacks from the team backend", async () => {
    const ids = [...Object.values(await idsOf("dev")), ...Object.values(await idsOf("prod"))];
    await Promise.all(Object.entries(pipelines).map(([stack, project]) => project.ok("destroy", "--yes", "--stack", stack)));
    for (const id of ids) await assert.rejects(skyvern.direct.credentials.get(id));
  });
});
