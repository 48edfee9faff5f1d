// Packs the bundled plugin (dist/plugin/pulumi-resource-skyvern, from scripts/bundle-plugin.mjs) into
// the release archives the Pulumi engine downloads from the schema's pluginDownloadURL:
//   dist/plugin-archives/pulumi-resource-skyvern-v<version>-<os>-<arch>.tar.gz
// for every platform in PLATFORMS, each with the plugin at the archive's root (and LICENSE), plus
// pulumi-resource-skyvern-v<version>-checksums.txt in `sha256sum` format for the release page.
// The plugin is one Node.js script (it needs `node` >= 20 on PATH, as the npm package does), so every
// archive holds the same bytes; Windows has no shebangs, so its archive adds a `.cmd` launcher, which
// the engine looks for there (it tries `.exe`, then `.cmd`). Archives are reproducible: entries sorted,
// owner root, mtime SOURCE_DATE_EPOCH (0 by default), gzip without a timestamp.
//   node scripts/build-plugin-archives.mjs [OUT_DIR]
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { gzipSync } from "node:zlib";

export const PLUGIN = "pulumi-resource-skyvern";
/** The platforms Pulumi's CLI is released for, as the engine names them in the archive it asks for. */
export const PLATFORMS = [["linux", "amd64"], ["linux", "arm64"], ["darwin", "amd64"], ["darwin", "arm64"], ["windows", "amd64"]];
// CRLF: cmd.exe reads batch files line by line and some versions misparse LF-only ones.
const WINDOWS_LAUNCHER = `@echo off\r\nnode "%~dp0${PLUGIN}" %*\r\n`;

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
const outDir = path.resolve(process.argv[2] ?? path.join(root, "dist", "plugin-archives"));
const { version } = JSON.parse(readFileSync(path.join(root, "package.json"), "utf8"));
const plugin = path.join(root, "dist", "plugin", PLUGIN);
const mtime = process.env.SOURCE_DATE_EPOCH ?? "0";

rmSync(outDir, { recursive: true, force: true });
mkdirSync(outDir, { recursive: true });
const checksums = [];
for (const [os, arch] of PLATFORMS) {
  const stage = mkdtempSync(path.join(tmpdir(), "plugin-archive-"));
  try {
    copyFileSync(plugin, path.join(stage, PLUGIN));
    chmodSync(path.join(stage, PLUGIN), 0o755);
    copyFileSync(path.join(root, "LICENSE"), path.join(stage, "LICENSE"));
    chmodSync(path.join(stage, "LICENSE"), 0o644);
    const entries = [PLUGIN, "LICENSE"];
    if (os === "windows") {
      writeFileSync(path.join(stage, `${PLUGIN}.cmd`), WINDOWS_LAUNCHER, { mode: 0o755 });
      entries.push(`${PLUGIN}.cmd`);
    }
    const tar = execFileSync("tar", ["-c", "-f", "-", "--sort=name", "--owner=0", "--group=0", "--numeric-owner", `--mtime=@${mtime}`, "-C", stage, ...entries.sort()], { maxBuffer: 256 << 20 });
    const name = `${PLUGIN}-v${version}-${os}-${arch}.tar.gz`;
    const archive = gzipSync(tar, { level: 9 });
    writeFileSync(path.join(outDir, name), archive);
    checksums.push(`${createHash("sha256").update(archive).digest("hex")}  ${name}`);
  } finally {
    rmSync(stage, { recursive: true, force: true });
  }
}
writeFileSync(path.join(outDir, `${PLUGIN}-v${version}-checksums.txt`), `${checksums.join("\n")}\n`);
process.stderr.write(`wrote ${PLATFORMS.length} archives and their checksums to ${path.relative(root, outDir) || outDir}\n`);
