/**
 * Python projects for tests, made fast: the project's `venv` is a real virtualenv (its own
 * interpreter, which the Python host runs the program on) that sees Pulumi's Python SDK through a
 * .pth file pointing at the cached SDK venv (scripts/install-python-pulumi.sh), instead of a pip
 * install from PyPI per test. This package's generated SDK (python/) is then pip-installed into it
 * for real, as a user does; pip finds `pulumi` and `semver` installed already (through the .pth
 * file) and fetches only the rest (parver), from pip's cache after the first run.
 */
import { execFile, execFileSync } from "node:child_process";
import { cpSync, mkdtempSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { CACHE, PULUMI_ROOT } from "./engine";
import { ARTIFACTS_DIR, PROJECT_ROOT } from "./paths";

const run = promisify(execFile);

export const PYTHON_SDK_VERSION = path.basename(PULUMI_ROOT).replace(/^pulumi-v/, "");
const SDK_VENV = path.join(CACHE, `python-pulumi-${PYTHON_SDK_VERSION}`, "venv");
export const SDK_PYTHON = path.join(SDK_VENV, "bin", "python");

function purelib(python: string): string {
  return execFileSync(python, ["-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"], { encoding: "utf8" }).trim();
}

/** `<dir>/venv`: an interpreter of its own that imports the cached `pulumi` SDK (and its grpcio). */
export function makeFastVenv(dir: string): string {
  const venv = path.join(dir, "venv");
  execFileSync(SDK_PYTHON, ["-m", "venv", "--without-pip", venv]);
  const python = path.join(venv, "bin", "python");
  execFileSync(python, ["-c", `open(${JSON.stringify(path.join(purelib(python), "pulumi-sdk.pth"))}, "w").write(${JSON.stringify(`${purelib(SDK_PYTHON)}\n`)})`]);
  return python;
}

/**
 * `pip install <checkout>/python` into the venv of `python`, with the SDK venv's pip (the fast venv
 * has none). Installed from a copy, so pip's in-tree build output never lands in python/.
 */
export async function installPulumiSkyvern(python: string): Promise<void> {
  const copy = path.join(mkdtempSync(path.join(ARTIFACTS_DIR, "python-sdk-copy-")), "python");
  cpSync(path.join(PROJECT_ROOT, "python"), copy, { recursive: true, filter: (source) => !/(^|\/)(build|__pycache__|[^/]+\.egg-info)$/.test(source) });
  await run(SDK_PYTHON, ["-m", "pip", "--python", python, "--disable-pip-version-check", "--no-input", "install", "--quiet", copy], { maxBuffer: 16 << 20 });
}
