/**
 * Go projects for tests: a copy of examples/go (its go.mod and go.sum pin Pulumi's Go SDK and
 * point the skyvern module at this checkout's sdk/go), built with the project's own Go caches
 * (scripts/go-caches.sh: <cache>/go-mod, <cache>/go-build), which `npm run setup` warms, so a
 * test compiles only the program. The Go language host stand-in (scripts/pulumi-language-go/)
 * builds the program on every `pulumi preview`/`up` with the environment given here.
 */
import { execFile } from "node:child_process";
import { cpSync, mkdtempSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { CACHE } from "./engine";
import { ARTIFACTS_DIR, PROJECT_ROOT } from "./paths";

const run = promisify(execFile);

export const GO_EXAMPLE = path.join(PROJECT_ROOT, "examples", "go");
export const GO_SDK = path.join(PROJECT_ROOT, "sdk", "go");
/** The Go SDK's module path, as its go.mod declares it. */
export const GO_SDK_MODULE = "github.com/skyvern-pulumi/pulumi-skyvern/sdk/go";

/**
 * What `go` needs here: the project's caches, no workspace file from a parent directory, and only
 * the local toolchain (a go.mod asking for a newer one must fail, not download it).
 */
export const GO_ENV: Record<string, string> = {
  GOMODCACHE: path.join(CACHE, "go-mod"),
  GOCACHE: path.join(CACHE, "go-build"),
  GOWORK: "off",
  GOTOOLCHAIN: "local",
};

/** Runs `go <args>` in dir with GO_ENV; rejects with go's output when it fails. */
export function go(dir: string, ...args: string[]): Promise<string> {
  return goWith({}, dir, ...args);
}

/** `go` with GO_ENV and `env` on top (e.g. a GOPROXY). */
export async function goWith(env: Record<string, string>, dir: string, ...args: string[]): Promise<string> {
  try {
    const { stdout, stderr } = await run("go", args, { cwd: dir, env: { ...process.env, ...GO_ENV, ...env }, maxBuffer: 16 << 20 });
    return `${stdout}${stderr}`;
  } catch (error) {
    const failure = error as { stdout?: string; stderr?: string; message: string };
    throw new Error(`go ${args.join(" ")} in ${dir} failed: ${failure.message}\n${failure.stdout ?? ""}${failure.stderr ?? ""}`);
  }
}

/**
 * examples/go copied to `<parent>/<name>` (no stack files), its SDK replace pointed at this
 * checkout's sdk/go by absolute path, as a user outside the repository would write it.
 */
export async function copyGoExample(name: string, parent = mkdtempSync(path.join(ARTIFACTS_DIR, `${name}-`))): Promise<string> {
  const dir = path.join(parent, name);
  cpSync(GO_EXAMPLE, dir, { recursive: true, filter: (source) => !/Pulumi\.[\w-]+\.yaml$/.test(source) });
  await go(dir, "mod", "edit", "-replace", `${GO_SDK_MODULE}=${GO_SDK}`);
  return dir;
}
