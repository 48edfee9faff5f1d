/**
 * Secrets by reference through the native provider, from Python (the generated SDK, pip-installed)
 * and from Pulumi YAML, with the plugin installed by the documented command from outside the
 * repository and the plain CLI against the run's real Skyvern behind the counting proxy: create by
 * reference, a no-op preview and up (0 requests), a rotation by changing what the reference points
 * at (`credential.password` named in the preview's detailed diff, one update, same id), then the same
 * program with values instead of references (0 writes) as the scan's positive control. Every CLI
 * line, every backend file and what the run wrote under PULUMI_HOME are scanned after each step.
 */
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { assertNoCanaries, backendFilesWithoutConfigCopies, canary, decryptedState, filesWrittenSince } from "../support/canary";
import { CliProject } from "../support/cli-project";
import { ARTIFACTS_DIR } from "../support/paths";
import { useProxiedSkyvern } from "../support/proxied-skyvern";
import { installPulumiSkyvern, makeFastVenv } from "../support/python-project";
import { packedTarball } from "../support/user-project";

const run = promisify(execFile);
const WRITES = /^(POST|PATCH|PUT|DELETE) /;

const PYTHON_PROGRAM = `import os

import pulumi
import pulumi_skyvern as skyvern

# REFS_MODE=values passes the same secrets as values: the positive control of the scans.
by_value = os.environ.get("REFS_MODE") == "values"
run = os.environ["REFS_RUN"]


def env(name):
    return os.environ[name] if by_value else skyvern.SecretReferenceArgs(from_env=name)


def file(at):
    if by_value:
        with open(at) as handle:
            return handle.read().rstrip("\\n")
    # A plain dict, snake_case, as Python users also write it.
    return {"from_file": at}


skyvern.Credential(
    "bot",
    name=f"py-refs-bot-{run}",
    credential_type="password",
    credential=skyvern.PasswordCredentialArgs(username="bot@example.com", password=env("REFS_PASSWORD")),
)
skyvern.Credential(
    "key",
    name=f"py-refs-key-{run}",
    credential_type="secret",
    credential={"secret_value": file(os.environ["REFS_SECRET_FILE"]), "secret_label": "api"},
)
`;

/** The YAML program; `byValue` swaps each reference for the value itself (`fn::readFile`), for the positive control. */
function yamlProgram(runId: string, passwordFile: string, byValue: boolean): string {
  const password = byValue ? `\n          fn::readFile: ${passwordFile}` : `\n          fromFile: ${passwordFile}`;
  return `name: yaml-refs
runtime: yaml
resources:
  bot:
    type: skyvern:index:Credential
    properties:
      name: yaml-refs-bot-${runId}
      credentialType: password
      credential:
        username: bot@example.com
        password:${password}
`;
}

describe("secrets by reference through the native provider (Python, YAML)", function () {
  this.timeout(15 * 60_000);
  const skyvern = useProxiedSkyvern();
  const sent = () => skyvern.proxy.requests.map((r) => `${r.method} ${r.path.split("?")[0]}`);

  async function newProject(name: string, files: Record<string, string>, pulumiYaml: string): Promise<{ project: CliProject; since: number }> {
    const parent = mkdtempSync(path.join(ARTIFACTS_DIR, `${name}-`));
    const dir = path.join(parent, name);
    mkdirSync(dir);
    mkdirSync(path.join(parent, "state"));
    writeFileSync(path.join(dir, "Pulumi.yaml"), pulumiYaml);
    for (const [file, text] of Object.entries(files)) writeFileSync(path.join(dir, file), text);
    const project = new CliProject(dir, `file://${path.join(parent, "state")}`, { PULUMI_HOME: path.join(parent, "pulumi-home") });
    delete project.env.SKYVERN_BASE_URL;
    delete project.env.SKYVERN_API_KEY;
    // The documented install, from a directory outside the repository.
    await run("npx", ["--yes", "--package", await packedTarball(), "pulumi-skyvern", "install-plugin"], { cwd: parent, env: project.env });
    const since = Date.now();
    await project.ok("stack", "init", "test");
    await project.ok("config", "set", "skyvern:baseUrl", skyvern.proxy.url);
    await project.ok("config", "set", "--secret", "skyvern:apiKey", process.env.SKYVERN_API_KEY!);
    return { project, since };
  }

  function texts(project: CliProject, since: number): Record<string, string> {
    return {
      transcript: project.transcript.join("\n"),
      ...backendFilesWithoutConfigCopies(project.env.PULUMI_BACKEND_URL!.replace("file://", "")),
      ...filesWrittenSince(project.env.PULUMI_HOME!, since),
    };
  }

  const idOf = async (project: CliProject, name: string) => {
    const resources = JSON.parse(await project.ok("stack", "export")).deployment.resources as { urn: string; id?: string }[];
    return resources.find((r) => r.urn.endsWith(`::${name}`))?.id;
  };

  it("Python: create by reference (env and file, typed args and a plain dict), no-op, rotation, values as the control", async () => {
    const { project, since } = await newProject("py-refs", { "__main__.py": PYTHON_PROGRAM }, "name: py-refs\nruntime:\n  name: python\n  options:\n    virtualenv: venv\n");
    await installPulumiSkyvern(makeFastVenv(project.dir));
    const secretFile = path.join(project.dir, "..", "secret-value");
    const canaries = [canary("pyrefpw"), canary("pyrefsecret")];
    writeFileSync(secretFile, `${canaries[1]}\n`);
    Object.assign(project.env, { REFS_RUN: `${Date.now()}`, REFS_PASSWORD: canaries[0], REFS_SECRET_FILE: secretFile });
    try {
      skyvern.proxy.reset();
      assert.match(await project.ok("up", "--yes"), /3 created/);
      assert.deepEqual(sent().filter((line) => WRITES.test(line)), ["POST /v1/credentials", "POST /v1/credentials"]);
      const botId = await idOf(project, "bot");
      assert.ok(!(await decryptedState(project)).includes(canaries[0]), "the decrypted state holds no value given by reference");

      skyvern.proxy.reset();
      await project.ok("preview", "--expect-no-changes");
      await project.ok("up", "--yes", "--expect-no-changes");
      assert.deepEqual(sent(), [], "no-op: 0 requests");

      project.env.REFS_PASSWORD = canaries[canaries.push(canary("pyrefpwrotated")) - 1];
      const preview = JSON.parse(await project.ok("preview", "--json")) as { steps: { urn: string; op: string; detailedDiff?: Record<string, unknown> }[] };
      const step = preview.steps.find((candidate) => candidate.urn.endsWith("::bot"))!;
      assert.equal(step.op, "update");
      assert.deepEqual(Object.keys(step.detailedDiff ?? {}), ["credential.password"], "the preview names the field");
      skyvern.proxy.reset();
      await project.ok("up", "--yes");
      assert.deepEqual(sent().filter((line) => WRITES.test(line)), [`POST /v1/credentials/${botId}/update`]);
      assert.equal(await idOf(project, "bot"), botId, "same id");
      const scanned = texts(project, since);
      scanned["stack export --show-secrets (references)"] = await decryptedState(project);

      project.env.REFS_MODE = "values";
      skyvern.proxy.reset();
      await project.ok("up", "--yes");
      assert.deepEqual(sent().filter((line) => WRITES.test(line)), [], "references to values with the same values: 0 writes");
      assertNoCanaries(canaries, scanned, { text: await decryptedState(project), canaries: [project.env.REFS_PASSWORD, canaries[1]] });
    } finally {
      delete project.env.REFS_MODE;
      await project.run("destroy", "--yes");
    }
  });

  it("YAML: create by reference (file), no-op, rotation by a new file, values as the control", async () => {
    const runId = `${Date.now()}`;
    const passwordFile = path.join(ARTIFACTS_DIR, `yaml-refs-password-${runId}`);
    const canaries = [canary("yamlrefpw")];
    writeFileSync(passwordFile, canaries[0]);
    const { project, since } = await newProject("yaml-refs", {}, yamlProgram(runId, passwordFile, false));
    try {
      skyvern.proxy.reset();
      assert.match(await project.ok("up", "--yes"), /2 created/);
      assert.deepEqual(sent().filter((line) => WRITES.test(line)), ["POST /v1/credentials"]);
      const botId = await idOf(project, "bot");

      skyvern.proxy.reset();
      await project.ok("preview", "--expect-no-changes");
      assert.deepEqual(sent(), [], "no-op: 0 requests");

      writeFileSync(passwordFile, canaries[canaries.push(canary("yamlrefpwrotated")) - 1]);
      const preview = JSON.parse(await project.ok("preview", "--json")) as { steps: { urn: string; op: string; detailedDiff?: Record<string, unknown> }[] };
      const step = preview.steps.find((candidate) => candidate.urn.endsWith("::bot"))!;
      assert.deepEqual([step.op, Object.keys(step.detailedDiff ?? {})], ["update", ["credential.password"]]);
      const diff = await project.ok("preview", "--diff");
      assert.match(diff, /credential/);
      skyvern.proxy.reset();
      await project.ok("up", "--yes");
      assert.deepEqual(sent().filter((line) => WRITES.test(line)), [`POST /v1/credentials/${botId}/update`]);
      assert.equal(await idOf(project, "bot"), botId, "same id");
      const scanned = texts(project, since);
      scanned["stack export --show-secrets (references)"] = await decryptedState(project);

      project.write("Pulumi.yaml", yamlProgram(runId, passwordFile, true));
      skyvern.proxy.reset();
      await project.ok("up", "--yes");
      assert.deepEqual(sent().filter((line) => WRITES.test(line)), [], "reference to value with the same value: 0 writes");
      assertNoCanaries(canaries, scanned, { text: await decryptedState(project), canaries: [canaries[1]] });
    } finally {
      await project.run("destroy", "--yes");
    }
  });
});
