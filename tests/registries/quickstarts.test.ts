/**
 * The README's TypeScript, Python and YAML quickstarts, run as written against local registries, as a
 * user with nothing but the published packages would: `pulumi-skyvern` published with `npm publish`
 * to Verdaccio and with `twine upload` to pypiserver (tests/support/registries.ts), installed BY NAME
 * with only npm_config_registry / PIP_INDEX_URL set, empty npm and pip caches, from directories
 * outside this repository. No `install-plugin`: each project has an empty PULUMI_HOME, automatic
 * plugin acquisition on, and Pulumi's own PULUMI_PLUGIN_DOWNLOAD_URL_OVERRIDES sends the engine's
 * download of the schema's pluginDownloadURL to a local server holding `npm run build:plugin-archives`'s
 * archives. Each first `pulumi up` must fetch exactly the linux-amd64 archive once, install it
 * byte for byte, and create the credentials with exactly the expected requests at the counting proxy.
 */
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { assertNoCanaries, canary, canarySeed, filesUnder } from "../support/canary";
import { NODE_22 } from "../support/node-versions";
import { ARTIFACTS_DIR, PROJECT_ROOT } from "../support/paths";
import { PluginServer } from "../support/plugin-server";
import { useProxiedSkyvern } from "../support/proxied-skyvern";
import { readmeBlock, substitute } from "../support/readme";
import { LocalNpmRegistry, LocalPyPI } from "../support/registries";
import { nodeBinFor, UserProject } from "../support/user-project";

const VERSION: string = JSON.parse(readFileSync(path.join(PROJECT_ROOT, "package.json"), "utf8")).version;
const PLUGIN = "pulumi-resource-skyvern";
const LINUX_AMD64 = `${PLUGIN}-v${VERSION}-linux-amd64.tar.gz`;

/** The files of the environment a user has: none of `npm test`'s own npm_* settings. */
function withoutNpmTestSettings(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(env).filter(([name]) => !/^npm_/i.test(name)));
}

/** The `pulumi stack init` and `pulumi config` lines of the TypeScript quickstart, which the Python and YAML ones reuse. */
function stackLines(): string {
  return readmeBlock("quickstart-shell").split("\n").filter((line) => line.startsWith("pulumi ")).join("\n");
}

describe("installed by name from local npm and PyPI registries, plugin downloaded by the engine (README quickstarts)", () => {
  const skyvern = useProxiedSkyvern();
  const requests = () => skyvern.proxy.requests.map((request) => `${request.method} ${request.path}`);
  let npmRegistry: LocalNpmRegistry;
  let pypi: LocalPyPI;
  let plugins: PluginServer;
  let archives: string;

  before(async () => {
    const work = mkdtempSync(path.join(ARTIFACTS_DIR, "release-"));
    archives = path.join(work, "plugin-archives");
    const pythonDist = path.join(work, "python");
    // The release workflow's own build steps (.github/workflows/release.yml).
    execFileSync("npm", ["run", "--silent", "build:plugin-archives", "--", archives], { cwd: PROJECT_ROOT, stdio: ["ignore", "ignore", "inherit"] });
    execFileSync("npm", ["run", "--silent", "build:python-dist", "--", pythonDist], { cwd: PROJECT_ROOT, stdio: ["ignore", "ignore", "pipe"] });
    [npmRegistry, pypi, plugins] = await Promise.all([LocalNpmRegistry.start(), LocalPyPI.start(), PluginServer.start(archives)]);
    // `npm publish` of the checkout, as the workflow runs it (there with --provenance, which needs CI's OIDC token).
    execFileSync("npm", ["publish", "--registry", npmRegistry.url, "--userconfig", npmRegistry.userconfig, "--loglevel=error"], {
      cwd: PROJECT_ROOT, env: withoutNpmTestSettings(process.env), stdio: ["ignore", "ignore", "pipe"],
    });
    pypi.upload(readdirSync(pythonDist).map((file) => path.join(pythonDist, file)));
  });

  after(async () => {
    await Promise.all([npmRegistry?.stop(), pypi?.stop(), plugins?.stop()]);
  });

  beforeEach(() => plugins.reset());

  /** A user's empty directory, with an empty PULUMI_HOME and empty package caches; only the registries' addresses set. */
  function userProject(name: string, nodeBin: string): { project: UserProject; pulumiHome: string } {
    const project = UserProject.createEmpty(name, nodeBin, { create: false });
    const home = path.dirname(project.dir);
    const pulumiHome = path.join(home, "pulumi-home");
    for (const dir of ["pulumi-home", "npm-cache", "pip-cache"]) mkdirSync(path.join(home, dir));
    const env = withoutNpmTestSettings(project.env);
    for (const name of Object.keys(project.env)) delete project.env[name];
    Object.assign(project.env, env, {
      npm_config_registry: npmRegistry.url,
      PIP_INDEX_URL: pypi.indexUrl,
      npm_config_cache: path.join(home, "npm-cache"),
      PIP_CACHE_DIR: path.join(home, "pip-cache"),
      PULUMI_HOME: pulumiHome,
      PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "false",
      PULUMI_PLUGIN_DOWNLOAD_URL_OVERRIDES: plugins.overrides,
    });
    return { project, pulumiHome };
  }

  /** The engine fetched the linux-amd64 archive once, whole, and installed its plugin byte for byte, executable. */
  function assertPluginDownloaded(pulumiHome: string): void {
    assert.deepEqual(plugins.requests(), [`GET /${LINUX_AMD64}`], "one download: this platform's archive");
    const archive = path.join(archives, LINUX_AMD64);
    assert.equal(plugins.sent.get(`/${LINUX_AMD64}`), statSync(archive).size, "the whole archive was sent");
    const installed = path.join(pulumiHome, "plugins", `resource-skyvern-v${VERSION}`, PLUGIN);
    const packed = execFileSync("tar", ["-xOzf", archive, PLUGIN], { maxBuffer: 64 << 20 });
    assert.ok(readFileSync(installed).equals(packed), `${installed} is the archive's plugin, byte for byte`);
    assert.equal(statSync(installed).mode & 0o777, 0o755);
  }

  /** Creates, then destroys; exact requests; the password canary nowhere in plaintext but the decrypted state. */
  async function upAndDestroy(project: UserProject, pulumiHome: string, password: string, withFolder: boolean): Promise<void> {
    assert.equal(existsSync(path.join(pulumiHome, "plugins")), false, "PULUMI_HOME holds no plugin before the first `pulumi up`");
    skyvern.proxy.reset();
    await project.ok("up", "--yes");
    assertPluginDownloaded(pulumiHome);
    const outputs = JSON.parse(await project.ok("stack", "output", "--json")) as Record<string, string>;
    const credentialId = Object.values(outputs)[0];
    assert.match(credentialId, /^cred_/);
    assert.deepEqual(requests().sort(), (withFolder
      ? ["POST /v1/credential_folders", "POST /v1/credentials", `PUT /v1/credentials/${credentialId}/folder`]
      : ["POST /v1/credentials"]).sort());
    assert.equal((await skyvern.direct.credentials.get(credentialId)).credentialType, "password");

    const decrypted = await project.decryptedState();
    skyvern.proxy.reset();
    await project.ok("destroy", "--yes");
    assert.equal(requests().length, withFolder ? 2 : 1, `destroy: ${requests().join(", ")}`);
    assertNoCanaries([password], { transcript: project.transcript.join("\n"), ...filesUnder(project.backendDir) }, { text: decrypted, canaries: [password] });
  }

  const secretsFor = (label: string) => ({ GITHUB_PASSWORD: canary(label), GITHUB_TOTP_SEED: canarySeed(), SKYVERN_API_KEY: process.env.SKYVERN_API_KEY! });

  it("TypeScript (native classes): `npm install pulumi-skyvern @pulumi/pulumi` from the registry, first `pulumi up` fetches the plugin", async () => {
    // The newest @pulumi/pulumi, which `npm install` picks, needs Node 22 (tests/compat/matrix.test.ts).
    const { project, pulumiHome } = userProject("skyvern-credentials", nodeBinFor(NODE_22));
    const secrets = secretsFor("regts");
    await project.shell(substitute(readmeBlock("quickstart-shell"), [["https://api.skyvern.com", skyvern.proxy.url]]), { cwd: path.dirname(project.dir), env: secrets });
    writeFileSync(path.join(project.dir, "index.ts"), readmeBlock("quickstart-native-index.ts"));
    assert.equal(JSON.parse(readFileSync(path.join(project.dir, "node_modules", "pulumi-skyvern", "package.json"), "utf8")).version, VERSION);
    // The lockfile may omit `resolved` (omit-lockfile-registry-resolved); npm's cache index names each download's URL.
    const tarball = `${npmRegistry.url}pulumi-skyvern/-/pulumi-skyvern-${VERSION}.tgz`;
    const cacheIndex = Object.values(filesUnder(path.join(path.dirname(project.dir), "npm-cache", "_cacache", "index-v5"))).join("\n");
    assert.ok(cacheIndex.includes(tarball), `npm downloaded ${tarball}`);
    await upAndDestroy(project, pulumiHome, secrets.GITHUB_PASSWORD, true);
  });

  it("Python: `pip install pulumi-skyvern` from the index (pulumi etc. through it from PyPI), first `pulumi up` fetches the plugin", async () => {
    const { project, pulumiHome } = userProject("skyvern-python", nodeBinFor("current"));
    const secrets = secretsFor("regpy");
    const script = `${readmeBlock("quickstart-python-shell")}\n${substitute(stackLines(), [["https://api.skyvern.com", skyvern.proxy.url]])}`;
    await project.shell(script, { cwd: path.dirname(project.dir), env: secrets });
    writeFileSync(path.join(project.dir, "__main__.py"), readmeBlock("quickstart-python-main"));
    const distInfo = path.join(project.dir, "venv", "lib", readdirSync(path.join(project.dir, "venv", "lib"))[0], "site-packages", `pulumi_skyvern-${VERSION}.dist-info`);
    assert.ok(existsSync(distInfo), `pulumi_skyvern ${VERSION} is installed in the project's venv`);
    assert.equal(existsSync(path.join(distInfo, "direct_url.json")), false, "installed from an index, not from a path or URL");
    await upAndDestroy(project, pulumiHome, secrets.GITHUB_PASSWORD, true);
  });

  it("YAML: a Pulumi.yaml alone, first `pulumi up` fetches the plugin its `version` and `pluginDownloadURL` name", async () => {
    const { project, pulumiHome } = userProject("skyvern-yaml", nodeBinFor("current"));
    mkdirSync(project.dir);
    const secrets = secretsFor("regyaml");
    writeFileSync(path.join(project.dir, "Pulumi.yaml"), readmeBlock("quickstart-yaml"));
    await project.shell(substitute(stackLines(), [["https://api.skyvern.com", skyvern.proxy.url]]), { env: secrets });
    await upAndDestroy(project, pulumiHome, secrets.GITHUB_PASSWORD, false);
  });
});
