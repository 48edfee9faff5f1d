/**
 * The release archives the engine downloads (`npm run build:plugin-archives`): one per platform
 * Pulumi's CLI runs on, named as the engine asks for them, each with the plugin at the archive root,
 * executable, byte for byte the bundled plugin; a `.cmd` launcher for Windows; a checksums file that
 * matches; and the same bytes on a rebuild. tests/registries/quickstarts.test.ts shows the engine
 * downloading and running the linux-amd64 one.
 */
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { ARTIFACTS_DIR, PROJECT_ROOT } from "../support/paths";

const VERSION: string = JSON.parse(readFileSync(path.join(PROJECT_ROOT, "package.json"), "utf8")).version;
const PLUGIN = "pulumi-resource-skyvern";
const PLATFORMS = ["linux-amd64", "linux-arm64", "darwin-amd64", "darwin-arm64", "windows-amd64"];

function build(): string {
  const out = path.join(mkdtempSync(path.join(ARTIFACTS_DIR, "plugin-archives-")), "archives");
  execFileSync(process.execPath, [path.join(PROJECT_ROOT, "scripts", "build-plugin-archives.mjs"), out], { stdio: ["ignore", "ignore", "pipe"] });
  return out;
}

/** `tar -tv` of an archive: "mode owner name" per entry (GNU tar's listing). */
function entries(archive: string): { mode: string; owner: string; name: string }[] {
  return execFileSync("tar", ["-tvzf", archive], { encoding: "utf8" }).trim().split("\n").map((line) => {
    const [mode, owner, , , , name] = line.split(/\s+/);
    return { mode, owner, name };
  });
}

describe("release: plugin archives (npm run build:plugin-archives)", () => {
  let out: string;
  before(() => { out = build(); });

  it("names one archive per platform as the engine asks for it, plus the checksums file", () => {
    assert.deepEqual(readdirSync(out).sort(), [
      ...PLATFORMS.map((platform) => `${PLUGIN}-v${VERSION}-${platform}.tar.gz`),
      `${PLUGIN}-v${VERSION}-checksums.txt`,
    ].sort());
  });

  it("holds the plugin at the root, executable, byte for byte the bundled plugin; Windows adds a .cmd launcher", () => {
    const bundled = readFileSync(path.join(PROJECT_ROOT, "dist", "plugin", PLUGIN));
    for (const platform of PLATFORMS) {
      const archive = path.join(out, `${PLUGIN}-v${VERSION}-${platform}.tar.gz`);
      const listed = entries(archive);
      const windows = platform.startsWith("windows");
      assert.deepEqual(listed.map((entry) => entry.name).sort(), ["LICENSE", PLUGIN, ...(windows ? [`${PLUGIN}.cmd`] : [])].sort(), platform);
      for (const entry of listed) {
        assert.equal(entry.mode, entry.name === "LICENSE" ? "-rw-r--r--" : "-rwxr-xr-x", `${platform}: ${entry.name}`);
        assert.equal(entry.owner, "0/0", `${platform}: ${entry.name} owned by root, not by whoever built it`);
      }
      assert.ok(execFileSync("tar", ["-xOzf", archive, PLUGIN], { maxBuffer: 64 << 20 }).equals(bundled), `${platform}: the bundled plugin`);
      if (windows) {
        const launcher = execFileSync("tar", ["-xOzf", archive, `${PLUGIN}.cmd`], { encoding: "utf8" });
        assert.equal(launcher, `@echo off\r\nnode "%~dp0${PLUGIN}" %*\r\n`, "runs the plugin beside it with node, passing every argument");
      }
    }
  });

  it("lists each archive's SHA-256 in the checksums file (sha256sum format)", () => {
    const lines = readFileSync(path.join(out, `${PLUGIN}-v${VERSION}-checksums.txt`), "utf8").trim().split("\n");
    const listed = Object.fromEntries(lines.map((line) => { const [sum, name] = line.split("  "); return [name, sum]; }));
    const actual = Object.fromEntries(readdirSync(out).filter((file) => file.endsWith(".tar.gz")).map((file) => [file, createHash("sha256").update(readFileSync(path.join(out, file))).digest("hex")]));
    assert.deepEqual(listed, actual);
  });

  it("is reproducible: a second build gives the same bytes", () => {
    const again = build();
    for (const file of readdirSync(out)) assert.ok(readFileSync(path.join(again, file)).equals(readFileSync(path.join(out, file))), file);
  });
});
