/**
 * A user's own Pulumi project, as a user would make one: a fresh directory outside this repository
 * (so nothing resolves through the repo's node_modules), this package installed from the tarball
 * `npm pack` makes, the chosen `@pulumi/pulumi` and the chosen Node.js first on PATH for npm, the
 * CLI and every plugin the engine starts.
 */
import { execFile, execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, realpathSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { CliProject } from "./cli-project";
import { PULUMI_ROOT } from "./engine";
import { ARTIFACTS_DIR, PROJECT_ROOT } from "./paths";

const run = promisify(execFile);

const tarballs = new Map<string, Promise<string>>();

/** `npm pack` of a checkout (this one by default), once per run: the file users install. */
export function packedTarball(checkout = PROJECT_ROOT): Promise<string> {
  let packed = tarballs.get(checkout);
  if (!packed) {
    packed = (async () => {
      const destination = mkdtempSync(path.join(ARTIFACTS_DIR, "pack-"));
      const { stdout } = await run("npm", ["pack", "--pack-destination", destination, "--silent"], { cwd: checkout });
      return path.join(destination, stdout.trim().split("\n").pop()!);
    })();
    tarballs.set(checkout, packed);
  }
  return packed;
}

/** The folder holding `node` for a Node.js version: this process's own, or one from the cache. */
export function nodeBinFor(version: "current" | string): string {
  if (version === "current") return path.dirname(process.execPath);
  return execFileSync("bash", [path.join(PROJECT_ROOT, "scripts", "install-node.sh"), version], { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] }).trim();
}

export class UserProject extends CliProject {
  /** Marks every process this project's commands start, so a test can find any left running. */
  readonly runMarker = `user-project-${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2)}`;

  /**
   * A project directory `name` outside the repository, with its own file backend; `nodeBin` first on
   * PATH. With `create: false` only its parent exists, for instructions that start with `mkdir`.
   * `parentPrefix` names the parent folder (see the matrix test for why a name can matter).
   */
  static createEmpty(name: string, nodeBin: string, { create = true, parentPrefix = "user-project-" } = {}): UserProject {
    const parent = realpathSync(mkdtempSync(path.join(tmpdir(), `${parentPrefix}${name}-`)));
    const dir = path.join(parent, name);
    if (create) mkdirSync(dir);
    const backend = path.join(parent, "state");
    mkdirSync(backend);
    const project = new UserProject(dir, `file://${backend}`);
    project.env.PATH = `${nodeBin}:${path.join(PULUMI_ROOT, "bin")}:${process.env.PATH}`;
    project.env.PULUMI_SKYVERN_RUN_MARKER = project.runMarker;
    // The environment of the repo's own test run must not leak into the user's project.
    delete project.env.NODE_OPTIONS;
    delete project.env.TS_NODE_PROJECT;
    return project;
  }

  /** Runs a shell script (in the project directory unless `cwd` says otherwise) with the project's environment; output kept. */
  async shell(script: string, { cwd = this.dir, env = {} }: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<string> {
    try {
      const { stdout, stderr } = await run("bash", ["-euo", "pipefail", "-c", script], { cwd, env: { ...this.env, ...env }, maxBuffer: 64 << 20 });
      this.transcript.push(stdout, stderr);
      return stdout;
    } catch (error) {
      const failure = error as { code?: number; stdout?: string; stderr?: string };
      this.transcript.push(failure.stdout ?? "", failure.stderr ?? "");
      throw new Error(`${script.split("\n")[0]}${script.includes("\n") ? " ..." : ""} exited ${failure.code}:\n${failure.stdout ?? ""}${failure.stderr ?? ""}`);
    }
  }

  /** The decrypted state (`stack export --show-secrets`), kept out of the transcript: the positive control of a canary scan. */
  async decryptedState(): Promise<string> {
    const { stdout } = await run(path.join(PULUMI_ROOT, "bin", "pulumi"), ["stack", "export", "--show-secrets"], { cwd: this.dir, env: this.env, maxBuffer: 64 << 20 });
    return stdout;
  }

  /** Every file of the project's state backend, for secret scans. */
  get backendDir(): string {
    return this.env.PULUMI_BACKEND_URL!.replace("file://", "");
  }

  /** `npm <args>` with the project's Node.js first on PATH. */
  npm(...args: string[]): Promise<string> {
    return this.shell(`npm ${args.map((arg) => `'${arg}'`).join(" ")} --no-audit --no-fund --loglevel=error`);
  }

  /** Every installed copy of @pulumi/pulumi under node_modules (the user's tree must hold exactly one). */
  pulumiSdkCopies(): string[] {
    const copies: string[] = [];
    const visit = (modules: string) => {
      let scopes: string[];
      try { scopes = readdirSync(modules); } catch { return; }
      for (const entry of scopes) {
        if (entry.startsWith(".")) continue;
        const packages = entry.startsWith("@") ? readdirSync(path.join(modules, entry)).map((name) => path.join(entry, name)) : [entry];
        for (const pkg of packages) {
          if (pkg === path.join("@pulumi", "pulumi")) copies.push(path.join(modules, pkg));
          visit(path.join(modules, pkg, "node_modules"));
        }
      }
    };
    visit(path.join(this.dir, "node_modules"));
    return copies;
  }
}
