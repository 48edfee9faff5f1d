/**
 * The native provider from a Python program keeps what arrives secret a secret: a copy of
 * examples/python whose GitHub login gets its user context and tested URL, and whose folder gets
 * its description, from secret stack config; the API key set without --secret for the default
 * provider and given as a plain string to an explicit `pulumi_skyvern.Provider`. Plugin installed
 * with the documented `npx --yes --package <tarball> pulumi-skyvern install-plugin` from outside
 * the repository, the generated SDK pip-installed, the plain CLI, the run's real Skyvern. After
 * create, a change and a refresh, the state files, `stack export` and every CLI line are scanned,
 * with `stack export --show-secrets` as the positive control.
 */
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { assertNoCanaries, backendFilesWithoutConfigCopies, canary, canaryCardNumber, canaryCvv, canarySeed, decryptedState } from "../support/canary";
import { CliProject } from "../support/cli-project";
import { ARTIFACTS_DIR, PROJECT_ROOT } from "../support/paths";
import { useProxiedSkyvern } from "../support/proxied-skyvern";
import { installPulumiSkyvern, makeFastVenv } from "../support/python-project";
import { packedTarball } from "../support/user-project";
import { DEFAULT_PROVIDER_NAME } from "../support/default-provider";

const run = promisify(execFile);
const SIGNATURE_KEY = "4dabf18193072939515e22adb298388d";
const SECRET_SIGNATURE = "1b47061264138c4ac30d75fd1eb44270";
const isSecret = (value: unknown) => (value as Record<string, unknown> | null)?.[SIGNATURE_KEY] === SECRET_SIGNATURE;

interface StateResource { urn: string; type: string; id?: string; inputs: Record<string, unknown>; outputs: Record<string, unknown> }

/** Each edit of examples/python: the text replaced, and what replaces it. */
const EDITS: Array<[string, string]> = [
  ['    tested_url="https://github.com/login",\n', '    tested_url=config.require_secret("testedUrl"),\n    user_context=config.require_secret("userContext"),\n'],
  ['    description="Managed by Pulumi; change through a pull request.",\n', '    description=config.require_secret("folderDescription"),\n'],
  ["import pulumi\n", "import os\n\nimport pulumi\n"],
];

const EXPLICIT_PROVIDER = `
# An explicit provider given the key as a plain string.
explicit = skyvern.Provider("explicit", api_key=os.environ["EXPLICIT_SKYVERN_API_KEY"], base_url=os.environ["EXPLICIT_SKYVERN_BASE_URL"])
skyvern.Credential(
    "via-explicit",
    credential_type="secret",
    credential=skyvern.SecretCredentialArgs(secret_value=config.require_secret("explicitValue")),
    opts=pulumi.ResourceOptions(provider=explicit),
)
`;

describe("native provider from Python: secret inputs and the API key stay secret (examples/python, plain CLI)", () => {
  const skyvern = useProxiedSkyvern();
  let project: CliProject;
  const live: Record<string, string> = {};
  const canaries: string[] = [];

  async function setSecret(key: string, value: string): Promise<void> {
    live[key] = value;
    canaries.push(value);
    await project.ok("config", "set", "--secret", key, value);
  }

  async function resources(): Promise<StateResource[]> {
    return JSON.parse(await project.ok("stack", "export")).deployment.resources ?? [];
  }

  /** "<resource>.<side>.<property>" for each of these properties stored without a secret marker. */
  async function unmarked(expected: Record<string, readonly string[]>): Promise<string[]> {
    const stored = await resources();
    return Object.entries(expected).flatMap(([name, properties]) => {
      const found = stored.find((r) => r.urn.endsWith(`::${name}`));
      if (!found) return [`${name} missing from state`];
      // A provider's outputs may leave its settings out; a resource's outputs hold each of these.
      const provider = found.type.startsWith("pulumi:providers:");
      return (["inputs", "outputs"] as const).flatMap((side) => properties
        .filter((key) => !(provider && side === "outputs" && found.outputs[key] === undefined) && !isSecret(found[side][key]))
        .map((key) => `${name}.${side}.${key}`));
    });
  }

  const SECRET_PROPERTIES = { "github-bot": ["userContext", "testedUrl", "credential"], team: ["description"], [DEFAULT_PROVIDER_NAME]: ["apiKey"], explicit: ["apiKey"] };

  async function assertNothingInPlaintext(): Promise<void> {
    const backend = project.env.PULUMI_BACKEND_URL!.replace("file://", "");
    // The update history copies the stack config as set (the key without --secret, the user's choice): left out.
    const texts = { transcript: project.transcript.join("\n"), cliExport: await project.ok("stack", "export"), ...backendFilesWithoutConfigCopies(backend) };
    const control = { text: await decryptedState(project), canaries: [live.userContext, live.testedUrl, live.folderDescription, process.env.SKYVERN_API_KEY!] };
    assertNoCanaries([...canaries, process.env.SKYVERN_API_KEY!], texts, control);
  }

  before(async () => {
    const parent = mkdtempSync(path.join(ARTIFACTS_DIR, "python-secret-inputs-"));
    const dir = path.join(parent, "skyvern-python");
    cpSync(path.join(PROJECT_ROOT, "examples", "python"), dir, { recursive: true, filter: (source) => !/(^|\/)(venv|__pycache__)$/.test(source) && !/Pulumi\.[\w-]+\.yaml$/.test(source) });
    mkdirSync(path.join(parent, "state"));
    project = new CliProject(dir, `file://${path.join(parent, "state")}`, { PULUMI_HOME: path.join(parent, "pulumi-home") });
    delete project.env.SKYVERN_BASE_URL;
    delete project.env.SKYVERN_API_KEY;
    project.env.EXPLICIT_SKYVERN_API_KEY = process.env.SKYVERN_API_KEY;
    project.env.EXPLICIT_SKYVERN_BASE_URL = skyvern.proxy.url;

    let program = project.read("__main__.py");
    for (const [from, to] of EDITS) {
      assert.equal(program.split(from).length, 2, `examples/python/__main__.py holds ${JSON.stringify(from)} once`);
      program = program.replace(from, to);
    }
    project.write("__main__.py", `${program}${EXPLICIT_PROVIDER}`);

    // The documented install, from a directory outside the repository.
    await run("npx", ["--yes", "--package", await packedTarball(), "pulumi-skyvern", "install-plugin"], { cwd: parent, env: project.env });
    await installPulumiSkyvern(makeFastVenv(dir));

    await project.ok("stack", "init", "dev");
    await project.ok("config", "set", "skyvern:baseUrl", skyvern.proxy.url);
    // Without --secret, as a user might: the provider still stores it as a secret.
    await project.ok("config", "set", "skyvern:apiKey", process.env.SKYVERN_API_KEY!);
    await setSecret("githubPassword", canary("pypw"));
    await setSecret("githubTotpSeed", canarySeed());
    await setSecret("cardNumber", canaryCardNumber());
    await setSecret("cardCvv", canaryCvv(live.cardNumber.slice(-4)));
    await setSecret("stripeKey", canary("pysk"));
    await setSecret("explicitValue", canary("pyexplicit"));
    await setSecret("userContext", canary("pycontext"));
    await setSecret("testedUrl", `https://github.com/${canary("pyurl")}`);
    await setSecret("folderDescription", canary("pydescription"));
  });

  it("up stores user context, tested URL, folder description and both providers' API key as secrets; none in plaintext anywhere", async () => {
    assert.match(await project.ok("up", "--yes"), /7 created/);
    assert.deepEqual(await unmarked(SECRET_PROPERTIES), []);
    const bot = (await resources()).find((r) => r.urn.endsWith("::github-bot"))!;
    assert.equal((await skyvern.direct.credentials.get(bot.id!)).userContext, live.userContext, "the secret reached Skyvern");
    await assertNothingInPlaintext();
  });

  it("a changed user context: `preview --diff` hides both values, up applies it, refresh keeps every marker", async () => {
    await setSecret("userContext", canary("pycontext2"));
    assert.match(await project.ok("preview", "--diff"), /~ userContext\s*:\s*\[secret\] => \[secret\]/);
    await project.ok("up", "--yes");
    await project.ok("refresh", "--yes", "--skip-preview");
    assert.deepEqual(await unmarked(SECRET_PROPERTIES), []);
    await assertNothingInPlaintext();
  });

  after(async () => {
    if (project) await project.run("destroy", "--yes");
  });
});
