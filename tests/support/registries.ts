/**
 * Local package registries for the tests that install the package by name, as users do: Verdaccio
 * (npm; scripts/install-verdaccio.sh) and pypiserver (PyPI; scripts/install-python-packaging.sh), each
 * started on 127.0.0.1 at a free port with its storage in a fresh directory, and stopped by the test
 * that started it. Packages this project publishes are served from there only (the npm registry's
 * `pulumi-skyvern` is never proxied, so a public package of that name cannot stand in); every other
 * package comes from the real registry behind it: Verdaccio proxies npmjs, pypiserver redirects
 * pip to pypi.org for any project it does not hold.
 */
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { mkdtempSync, openSync, readFileSync, writeFileSync } from "node:fs";
import net from "node:net";
import path from "node:path";
import { ARTIFACTS_DIR, PROJECT_ROOT } from "./paths";

/** A port nobody listens on now (the registry binds it a moment later; 127.0.0.1 only). */
export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve, reject) => server.once("error", reject).listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

function installed(script: string): string {
  return execFileSync("bash", [path.join(PROJECT_ROOT, "scripts", script)], { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] }).trim();
}

/** A server process with its log file; `ready` polls `probeUrl` until it answers 200. */
class LocalServer {
  private exited?: number | null;

  protected constructor(readonly url: string, private readonly child: ChildProcess, readonly logFile: string) {
    child.once("exit", (code) => { this.exited = code; });
  }

  protected static launch(command: string, args: string[], dir: string, env: NodeJS.ProcessEnv = process.env): { child: ChildProcess; logFile: string } {
    const logFile = path.join(dir, "server.log");
    const log = openSync(logFile, "a");
    return { child: spawn(command, args, { cwd: dir, env, stdio: ["ignore", log, log] }), logFile };
  }

  log(): string {
    return readFileSync(this.logFile, "utf8");
  }

  protected async ready(probeUrl: string, deadlineMs = 60_000): Promise<void> {
    const giveUpAt = Date.now() + deadlineMs;
    for (;;) {
      if (this.exited !== undefined) throw new Error(`${probeUrl}: the server exited (${this.exited}) before answering:\n${this.log()}`);
      const status = await fetch(probeUrl).then((response) => response.status, () => 0);
      if (status === 200) return;
      if (Date.now() > giveUpAt) throw new Error(`${probeUrl} did not answer 200 within ${deadlineMs} ms (last: ${status}):\n${this.log()}`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }

  async stop(): Promise<void> {
    if (this.exited !== undefined) return;
    const exited = new Promise((resolve) => this.child.once("exit", resolve));
    this.child.kill("SIGTERM");
    await exited;
  }
}

/** Verdaccio, proxying https://registry.npmjs.org for everything but this package. */
export class LocalNpmRegistry extends LocalServer {
  /** An npm user config holding a publish token for this registry (`npm --userconfig <file> publish`). */
  userconfig = "";

  static async start(): Promise<LocalNpmRegistry> {
    const verdaccio = installed("install-verdaccio.sh");
    const dir = mkdtempSync(path.join(ARTIFACTS_DIR, "verdaccio-"));
    const port = await freePort();
    const packageRule = (proxy: boolean) => ({ access: "$all", publish: "$authenticated", ...(proxy ? { proxy: "npmjs" } : {}) });
    // Verdaccio reads YAML, and JSON is YAML.
    writeFileSync(path.join(dir, "config.yaml"), JSON.stringify({
      storage: path.join(dir, "storage"),
      auth: { htpasswd: { file: path.join(dir, "htpasswd") } },
      uplinks: { npmjs: { url: "https://registry.npmjs.org/", timeout: "60s" } },
      packages: { "pulumi-skyvern": packageRule(false), "@*/*": packageRule(true), "**": packageRule(true) },
      log: { type: "stdout", format: "pretty", level: "warn" },
    }));
    const { child, logFile } = LocalServer.launch(process.execPath, [verdaccio, "--config", path.join(dir, "config.yaml"), "--listen", `127.0.0.1:${port}`], dir);
    const registry = new LocalNpmRegistry(`http://127.0.0.1:${port}/`, child, logFile);
    try {
      await registry.ready(`${registry.url}-/ping`);
      registry.userconfig = await registry.addUser(dir);
    } catch (error) {
      await registry.stop();
      throw error;
    }
    return registry;
  }

  /** `npm adduser`'s request: a user in the registry's htpasswd, and its token in an npmrc. */
  private async addUser(dir: string): Promise<string> {
    const response = await fetch(`${this.url}-/user/org.couchdb.user:publisher`, {
      method: "PUT",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ name: "publisher", password: `pw-${process.pid}-${Date.now()}` }),
    });
    const { token } = (await response.json()) as { token?: string };
    if (response.status !== 201 || !token) throw new Error(`Verdaccio refused the publisher account (${response.status})`);
    const npmrc = path.join(dir, "publisher.npmrc");
    writeFileSync(npmrc, `//${new URL(this.url).host}/:_authToken=${token}\n`, { mode: 0o600 });
    return npmrc;
  }
}

/** pypiserver, redirecting every project it does not hold to pypi.org (its default fallback). */
export class LocalPyPI extends LocalServer {
  /** The index pip reads (`PIP_INDEX_URL`). */
  get indexUrl(): string {
    return `${this.url}simple/`;
  }

  static async start(): Promise<LocalPyPI> {
    const tools = installed("install-python-packaging.sh");
    const dir = mkdtempSync(path.join(ARTIFACTS_DIR, "pypiserver-"));
    const port = await freePort();
    // `-a . -P .`: no authentication for uploads or downloads (loopback only, a throwaway index).
    const { child, logFile } = LocalServer.launch(path.join(tools, "pypi-server"), ["run", "--host", "127.0.0.1", "--port", String(port), "-a", ".", "-P", ".", "--fallback-url", "https://pypi.org/simple/", dir], dir);
    const index = new LocalPyPI(`http://127.0.0.1:${port}/`, child, logFile);
    try {
      await index.ready(`${index.url}health`);
    } catch (error) {
      await index.stop();
      throw error;
    }
    return index;
  }

  /** `twine upload` of the given files, as the release workflow publishes (there: trusted publishing). */
  upload(files: string[]): string {
    const tools = installed("install-python-packaging.sh");
    return execFileSync(path.join(tools, "twine"), ["upload", "--non-interactive", "--disable-progress-bar", "--repository-url", this.url, "-u", "publisher", "-p", "unused", ...files], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  }
}
