/**
 * A Go module proxy on disk (`GOPROXY=file://...`) serving this checkout's Go SDK as a release would
 * publish it: module github.com/skyvern-pulumi/pulumi-skyvern/sdk/go at v<package.json version>, made
 * of the files git tracks under sdk/go, in the GOPROXY protocol's layout (`@v/list`, `.info`, `.mod`,
 * `.zip` with every path under `<module>@<version>/`). Every other module falls through to the next
 * proxies, as with the real one. A Go program then gets the SDK by name with `go get`, no `replace`.
 */
import { execFile } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { GO_ENV, GO_SDK, GO_SDK_MODULE, goWith } from "./go-project";
import { ARTIFACTS_DIR, PROJECT_ROOT } from "./paths";

const run = promisify(execFile);

/** The Go SDK's module version: the package's, as its release tag `sdk/go/v<version>` names it. */
export const GO_SDK_VERSION = `v${(JSON.parse(readFileSync(path.join(PROJECT_ROOT, "package.json"), "utf8")) as { version: string }).version}`;

/** Writes a zip of `files` (relative paths under `root`) with each entry under `prefix`, by Python's zipfile. */
async function zip(target: string, root: string, prefix: string, files: string[]): Promise<void> {
  const script = "import json, sys, zipfile\nargs = json.load(sys.stdin)\nwith zipfile.ZipFile(args['target'], 'w', zipfile.ZIP_DEFLATED) as z:\n"
    + "    for f in args['files']:\n        z.write(args['root'] + '/' + f, args['prefix'] + f)\n";
  const child = execFile("python3", ["-c", script]);
  child.stdin!.end(JSON.stringify({ target, root, prefix, files }));
  await new Promise<void>((resolve, reject) => child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`zipping ${target} exited ${code}`)))));
}

/** Makes the module's files writable again: Go stores downloaded modules read-only. */
function makeWritable(dir: string): void {
  chmodSync(dir, 0o755);
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const child = path.join(dir, entry.name);
    if (entry.isDirectory()) makeWritable(child);
    else chmodSync(child, statSync(child).mode | 0o200);
  }
}

/**
 * The proxy directory, and the environment that puts it before the real proxy. The module cache's
 * copy of this module is removed first: Go never re-downloads a version it has, and sdk/go changes
 * between runs under the same version.
 */
export async function localGoProxy(): Promise<Record<string, string>> {
  const root = mkdtempSync(path.join(ARTIFACTS_DIR, "go-proxy-"));
  const versions = path.join(root, GO_SDK_MODULE, "@v");
  mkdirSync(versions, { recursive: true });
  const { stdout } = await run("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard", "--", "."], { cwd: GO_SDK });
  const files = stdout.split("\0").filter((file) => file && existsSync(path.join(GO_SDK, file)));
  writeFileSync(path.join(versions, "list"), `${GO_SDK_VERSION}\n`);
  writeFileSync(path.join(versions, `${GO_SDK_VERSION}.info`), JSON.stringify({ Version: GO_SDK_VERSION, Time: new Date().toISOString() }));
  writeFileSync(path.join(versions, `${GO_SDK_VERSION}.mod`), readFileSync(path.join(GO_SDK, "go.mod")));
  await zip(path.join(versions, `${GO_SDK_VERSION}.zip`), GO_SDK, `${GO_SDK_MODULE}@${GO_SDK_VERSION}/`, files);

  for (const cached of [path.join(GO_ENV.GOMODCACHE, GO_SDK_MODULE.split("/").slice(0, 2).join("/")), path.join(GO_ENV.GOMODCACHE, "cache", "download", GO_SDK_MODULE.split("/").slice(0, 2).join("/"))]) {
    if (existsSync(cached)) {
      makeWritable(cached);
      rmSync(cached, { recursive: true, force: true });
    }
  }
  // Not in the public checksum database: unpublished. Go records the hash in go.sum on first download.
  return { GOPROXY: `file://${root},https://proxy.golang.org`, GONOSUMDB: GO_SDK_MODULE.split("/").slice(0, 2).join("/") };
}

/**
 * Makes the Go project in `dir` take the SDK by name from the proxy, as a user's does: its `replace`
 * dropped, then `go get <module>@<version>` (which writes go.mod and go.sum).
 */
export async function getGoSdkByName(dir: string, proxyEnv: Record<string, string>): Promise<string> {
  await goWith(proxyEnv, dir, "mod", "edit", `-dropreplace=${GO_SDK_MODULE}`);
  return goWith(proxyEnv, dir, "get", `${GO_SDK_MODULE}@${GO_SDK_VERSION}`);
}
