// One version everywhere: reads the version each released artifact carries and fails when any differs
// from package.json's (the one source of truth), or from the release tag when one is given.
//   node scripts/release-version.mjs [--tag vX.Y.Z] [--root DIR] [--json]
// The release workflow runs it after building, before publishing anything; tests/release/ runs it on
// this checkout and on copies with one source changed. To add a source (an SDK, a manifest), add one
// entry to VERSION_SOURCES: a name and how to read its version under `root`.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";

const text = (root, file) => readFileSync(path.join(root, file), "utf8");
const json = (root, file) => JSON.parse(text(root, file));
/** The first capture of `pattern` in `file`, or an error saying what was not found. */
function match(root, file, pattern) {
  const found = pattern.exec(text(root, file));
  if (!found) throw new Error(`${file}: no match for ${pattern}`);
  return found[1];
}

export const PLUGIN_ARCHIVES_DIR = path.join("dist", "plugin-archives");

/** Every place a version is written, by name. */
export const VERSION_SOURCES = [
  { name: "package.json", read: (root) => json(root, "package.json").version },
  { name: "schema.json", read: (root) => json(root, "schema.json").version },
  { name: "python/pyproject.toml", read: (root) => match(root, path.join("python", "pyproject.toml"), /^\s*version = "([^"]+)"/m) },
  { name: "python/pulumi_skyvern/pulumi-plugin.json", read: (root) => json(root, path.join("python", "pulumi_skyvern", "pulumi-plugin.json")).version },
  // The newest released section (the one below "## Unreleased").
  { name: "CHANGELOG.md", read: (root) => match(root, "CHANGELOG.md", /^## v?(\d+\.\d+\.\d+\S*)/m) },
  // YAML programs name the plugin version themselves (README's YAML quickstart).
  { name: "README.md (YAML quickstart)", read: (root) => match(root, "README.md", /^\s+version: (\S+)\n\s+pluginDownloadURL: /m) },
  { name: "docs/_index.md (YAML example)", read: (root) => match(root, path.join("docs", "_index.md"), /^\s+version: (\S+)\n\s+pluginDownloadURL: /m) },
  { name: "docs/installation-configuration.md (plugin install)", read: (root) => match(root, path.join("docs", "installation-configuration.md"), /pulumi plugin install resource skyvern v(\S+)/) },
  {
    name: `${PLUGIN_ARCHIVES_DIR} (npm run build:plugin-archives)`,
    read: (root) => {
      const dir = path.join(root, PLUGIN_ARCHIVES_DIR);
      if (!existsSync(dir)) throw new Error(`${PLUGIN_ARCHIVES_DIR} is missing: run npm run build:plugin-archives first`);
      const versions = [...new Set(readdirSync(dir).map((file) => /^pulumi-resource-skyvern-v(.+?)-(?:[a-z]+-[a-z0-9]+\.tar\.gz|checksums\.txt)$/.exec(file)?.[1] ?? `unexpected file ${file}`))];
      return versions.join(", ");
    },
  },
];

/** Each source's version (or the error reading it) and the disagreements with `expected` (package.json's unless given). */
export function checkVersions(root, expected) {
  const found = VERSION_SOURCES.map(({ name, read }) => {
    try {
      return { name, version: read(root) };
    } catch (error) {
      return { name, version: undefined, error: error.message };
    }
  });
  const want = expected ?? found[0].version;
  return { expected: want, found, disagreements: found.filter((source) => source.version !== want) };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({ options: { tag: { type: "string" }, root: { type: "string" }, json: { type: "boolean", default: false } } });
  const root = path.resolve(values.root ?? path.join(path.dirname(new URL(import.meta.url).pathname), ".."));
  const tagVersion = values.tag?.replace(/^refs\/tags\//, "").replace(/^v/, "");
  const result = checkVersions(root, tagVersion);
  if (values.json) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  for (const { name, version, error } of result.disagreements) {
    process.stderr.write(`release-version: ${name} says ${error ?? version}, expected ${result.expected}${tagVersion ? ` (the tag ${values.tag})` : " (package.json)"}\n`);
  }
  if (result.disagreements.length === 0) process.stderr.write(`release-version: ${result.expected} in all ${result.found.length} sources\n`);
  process.exit(result.disagreements.length === 0 ? 0 : 1);
}
