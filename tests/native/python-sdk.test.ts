/**
 * The Python SDK (python/) is what Pulumi's own Python code generator makes of schema.json, byte for
 * byte, so a schema change cannot leave it stale; and it installs with pip against the pulumi wheel
 * of the CLI's version, then sends the engine what the native provider expects: the schema's type
 * tokens, camelCase property names, and `credential` as a secret. The evidence of the second part
 * comes from tests/native/python-sdk-check.py, run against Pulumi's mock resource monitor.
 */
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { CACHE } from "../support/engine";
import { ARTIFACTS_DIR, PROJECT_ROOT } from "../support/paths";

const run = promisify(execFile);
const PYTHON_SDK = path.join(PROJECT_ROOT, "python");
const PULUMI_WHEEL_VERSION = (process.env.PULUMI_VERSION ?? "v3.259.0").replace(/^v/, "");
/** Reused across runs: creating it and installing the pulumi wheel is the slow part. */
const VENV = path.join(CACHE, `python-sdk-test-venv-${PULUMI_WHEEL_VERSION}`);
const VENV_PYTHON = path.join(VENV, "bin", "python");

interface PropertySpec { [key: string]: unknown }
interface ResourceSpec { inputProperties: Record<string, PropertySpec>; requiredInputs?: string[] }
const SCHEMA: { version: string; types: Record<string, PropertySpec>; resources: Record<string, ResourceSpec> } =
  JSON.parse(readFileSync(path.join(PROJECT_ROOT, "schema.json"), "utf8"));

/** How the Python generator names a property: `cardNumber` -> `card_number`. */
const snakeCase = (name: string) => name.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);
/** `skyvern:index:PasswordCredential` -> `PasswordCredential`. */
const typeName = (token: string) => token.split(":")[2];

/** The files of a folder, by path relative to it. */
function filesUnder(folder: string, relative = ""): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  for (const entry of readdirSync(path.join(folder, relative), { withFileTypes: true })) {
    const name = path.posix.join(relative, entry.name);
    if (entry.isDirectory()) for (const [file, data] of filesUnder(folder, name)) files.set(file, data);
    else files.set(name, readFileSync(path.join(folder, name)));
  }
  return files;
}

/** python/ as git sees it: tracked and new files, without what its .gitignore leaves out (build output). */
async function committedSdk(): Promise<Map<string, Buffer>> {
  const { stdout } = await run("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard", "--", "."], { cwd: PYTHON_SDK });
  const files = new Map<string, Buffer>();
  for (const file of stdout.split("\0").filter(Boolean)) {
    if (existsSync(path.join(PYTHON_SDK, file))) files.set(file, readFileSync(path.join(PYTHON_SDK, file)));
  }
  return files;
}

async function generateSdk(outDir: string): Promise<void> {
  await run("bash", [path.join(PROJECT_ROOT, "scripts", "gen-sdk.sh"), "python", outDir], {
    cwd: PROJECT_ROOT, env: { ...process.env, PULUMI_SKYVERN_CACHE: CACHE }, maxBuffer: 16 << 20,
  });
}

async function pip(...args: string[]) {
  return run(VENV_PYTHON, ["-m", "pip", "--disable-pip-version-check", "--no-input", ...args], { maxBuffer: 16 << 20 });
}

/**
 * The cached virtualenv, created on first use under a temporary name and renamed into place, so a
 * killed run leaves no half-made venv (we only ever run `python -m pip`, which does not mind the move).
 */
async function ensureVenv(): Promise<void> {
  if (existsSync(VENV_PYTHON)) return;
  mkdirSync(CACHE, { recursive: true });
  const building = mkdtempSync(`${VENV}.tmp-`);
  await run("python3", ["-m", "venv", building]);
  try {
    renameSync(building, VENV);
  } catch (error) {
    rmSync(building, { recursive: true, force: true });
    if (!existsSync(VENV_PYTHON)) throw error;
  }
}

/**
 * Installs the SDK fresh into the venv, without touching its dependencies when they are already
 * there; a new venv (or a new dependency) gets them from PyPI, with pulumi pinned to the CLI's version.
 */
async function installSdk(sdkDir: string): Promise<void> {
  await ensureVenv();
  await pip("install", "--quiet", "--no-deps", "--force-reinstall", sdkDir);
  const satisfied = await pip("check").then(() => true, () => false);
  if (!satisfied) await pip("install", "--quiet", `pulumi==${PULUMI_WHEEL_VERSION}`, sdkDir);
  await pip("check");
}

describe("the Python SDK (python/)", function () {
  // Also under `mocha --no-config`: a cold run builds the generator and fills the venv from PyPI.
  this.timeout(15 * 60_000);
  const scratch: string[] = [];
  const scratchDir = (prefix: string) => {
    const dir = mkdtempSync(path.join(ARTIFACTS_DIR, prefix));
    scratch.push(dir);
    return dir;
  };
  after(() => {
    for (const dir of scratch) rmSync(dir, { recursive: true, force: true });
  });

  it("is exactly what the generator makes of schema.json (regenerate with `npm run gen:python`)", async () => {
    const fresh = path.join(scratchDir("python-sdk-gen-"), "python");
    await generateSdk(fresh);
    const expected = filesUnder(fresh);
    const committed = await committedSdk();
    const missing = [...expected.keys()].filter((file) => !committed.has(file));
    const extra = [...committed.keys()].filter((file) => !expected.has(file));
    const stale = [...expected.keys()].filter((file) => committed.has(file) && !committed.get(file)!.equals(expected.get(file)!));
    assert.deepEqual({ missing, extra, stale }, { missing: [], extra: [], stale: [] }, "python/ differs from a fresh generation; run `npm run gen:python`");
    assert.match(expected.get("pulumi_skyvern/pulumi-plugin.json")!.toString(), new RegExp(`"version": "${SCHEMA.version}"`), "the plugin version is the schema's");
  });

  describe(`installed with pip next to the pulumi ${PULUMI_WHEEL_VERSION} wheel`, () => {
    /** What tests/native/python-sdk-check.py reports from inside the venv. */
    let facts: {
      pulumiVersion: string; packageVersion: string; exports: string[];
      credentialInitOverloads: string[][]; credentialArgsRequired: string[];
      registrations: { type: string; name: string; object: Record<string, unknown>; additionalSecretOutputs: string[] }[];
      outputs: Record<string, unknown>;
    };
    const registration = (name: string) => {
      const found = facts.registrations.find((request) => request.name === name);
      assert.ok(found, `a RegisterResource request for "${name}"`);
      return found;
    };

    before(async () => {
      // Installed from a copy, so pip's in-tree build output never lands in python/.
      const copy = path.join(scratchDir("python-sdk-install-"), "python");
      for (const [file, data] of await committedSdk()) {
        mkdirSync(path.dirname(path.join(copy, file)), { recursive: true });
        writeFileSync(path.join(copy, file), data);
      }
      await installSdk(copy);
      const { stdout } = await run(VENV_PYTHON, [path.join(PROJECT_ROOT, "tests", "native", "python-sdk-check.py")], { maxBuffer: 16 << 20 });
      facts = JSON.parse(stdout);
    });

    it("has the schema's version, next to the pulumi wheel of the CLI's version", () => {
      assert.equal(facts.pulumiVersion, PULUMI_WHEEL_VERSION);
      assert.equal(facts.packageVersion, SCHEMA.version);
    });

    it("exports the resources, the provider, and an Args class and ArgsDict per schema type", () => {
      const expected = [
        "Credential", "CredentialArgs", "CredentialFolder", "CredentialFolderArgs", "Provider", "ProviderArgs",
        ...Object.keys(SCHEMA.types).flatMap((token) => [`${typeName(token)}Args`, `${typeName(token)}ArgsDict`]),
      ];
      assert.deepEqual(expected.filter((name) => !facts.exports.includes(name)), [], "missing exports");
    });

    it("takes every schema input of Credential as a snake_case keyword, and requires the schema's required ones", () => {
      const { inputProperties, requiredInputs = [] } = SCHEMA.resources["skyvern:index:Credential"];
      const keywords = facts.credentialInitOverloads.find((parameters) => parameters.includes("credential_type"));
      assert.ok(keywords, "an overload Credential(resource_name, opts, *, credential_type=..., ...)");
      assert.deepEqual(keywords.filter((name) => !["resource_name", "opts", "__props__"].includes(name)).sort(), Object.keys(inputProperties).map(snakeCase).sort());
      for (const name of ["credential_type", "credential", "name", "vault_type", "folder_id"]) assert.ok(keywords.includes(name), name);
      assert.deepEqual(facts.credentialArgsRequired.sort(), requiredInputs.map(snakeCase).sort());
    });

    it("registers a Credential under skyvern:index:Credential with camelCase names and `credential` as a secret input and output", () => {
      const card = registration("card");
      assert.equal(card.type, "skyvern:index:Credential");
      // Secret outputs per the schema: the credential and the fingerprints of fields given by reference.
      assert.deepEqual(card.additionalSecretOutputs, ["credential", "secretFingerprints"]);
      assert.deepEqual(card.object, {
        credentialType: "credit_card",
        credential: {
          "<secret>": {
            cardNumber: "4242 4242 4242 4242", cardCvv: "123", cardExpMonth: "12", cardExpYear: "2030",
            cardBrand: "visa", cardHolderName: "Ada Lovelace", billingAddress: { postalCode: "94105", countryCode: "US" },
          },
        },
        name: "Company card",
        vaultType: "skyvern",
        folderId: "cfld_mock",
        proxyLocation: { country: "US", subdivision: "CA" },
      });
      assert.equal(facts.outputs.credentialId, "cred_mock", "credential_id reads the provider's credentialId");
      assert.equal(facts.outputs.credentialIsSecret, true);
    });

    it("registers a CredentialFolder under skyvern:index:CredentialFolder, whose folder_id feeds a Credential", () => {
      const folder = registration("cards");
      assert.equal(folder.type, "skyvern:index:CredentialFolder");
      assert.deepEqual(folder.object, { title: "Cards" });
      assert.equal(facts.outputs.folderId, "cfld_mock");
    });

    it("sends a plain-dict `credential` with its keys as written: the runtime cannot pick one of the oneOf types to translate snake_case", () => {
      // The generated SDK's behaviour for a oneOf of object types: a dict with the ArgsDict's
      // snake_case keys reaches the provider as `totp_type`, which is why the native provider's
      // Check renames them (provider/native/kinds.ts; exercised end to end by the Python scenarios).
      const login = registration("login");
      assert.equal(login.type, "skyvern:index:Credential");
      assert.deepEqual(login.object.credential, {
        "<secret>": { username: "ada", password: "correct horse", totp_type: "authenticator", totp: "JBSWY3DPEHPK3PXP", metadata: { team_id: "t1" } },
      });
    });
  });
});
