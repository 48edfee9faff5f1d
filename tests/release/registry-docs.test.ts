/**
 * The Pulumi Registry pages (docs/_index.md, docs/installation-configuration.md) and the schema's
 * package metadata, checked against schema.json (generated from the zod schemas): the front matter
 * the registry reads, one configuration row per provider setting with the schema's description and
 * secrecy, the per-language package names the schema declares, the plugin's version and download URL,
 * and examples that use only resources and properties the schema has.
 */
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { PLUGIN_DOWNLOAD_URL, REPOSITORY } from "../../provider/native/tokens";
import { PROJECT_ROOT } from "../support/paths";
import { readmeBlock } from "../support/readme";

interface PropertySpec { description?: string; secret?: boolean }
interface Schema {
  name: string; displayName: string; version: string; publisher: string; repository: string; homepage: string; logoUrl: string;
  keywords: string[]; pluginDownloadURL: string;
  config: { variables: Record<string, PropertySpec> };
  resources: Record<string, { inputProperties: Record<string, PropertySpec> }>;
  language: { nodejs: { packageName: string }; python: { packageName: string } };
}

const schema = JSON.parse(readFileSync(path.join(PROJECT_ROOT, "schema.json"), "utf8")) as Schema;
const page = (name: string) => readFileSync(path.join(PROJECT_ROOT, "docs", name), "utf8");

function frontMatter(text: string): Record<string, string> {
  const match = /^---\n([\s\S]*?)\n---\n/.exec(text);
  assert.ok(match, "the page starts with front matter");
  return Object.fromEntries(match[1].split("\n").filter((line) => !line.startsWith("#")).map((line) => {
    const [key, ...value] = line.split(": ");
    return [key, value.join(": ")];
  }));
}

/** The fenced blocks of a page in one language. */
function blocks(text: string, language: string): string[] {
  return [...text.matchAll(new RegExp(`\`\`\`${language}\\n([\\s\\S]*?)\\n\`\`\``, "g"))].map((match) => match[1]);
}

/** `skyvern.Name(`-style class uses, as schema tokens. */
function classTokens(code: string): string[] {
  return [...new Set([...code.matchAll(/\bskyvern\.(\w+)\(/g)].map((match) => `${schema.name}:index:${match[1]}`))];
}

describe("release: Pulumi Registry pages and schema metadata", () => {
  it("the schema carries the registry's metadata, the owner taken from package.json's repository", () => {
    const pkg = JSON.parse(readFileSync(path.join(PROJECT_ROOT, "package.json"), "utf8"));
    assert.equal(pkg.repository.url, `git+${REPOSITORY.url}.git`);
    assert.equal(schema.displayName, "Skyvern");
    assert.equal(schema.publisher, REPOSITORY.owner);
    assert.equal(schema.repository, REPOSITORY.url);
    assert.equal(schema.homepage, REPOSITORY.url);
    assert.equal(schema.pluginDownloadURL, `github://api.github.com/${REPOSITORY.owner}/pulumi-skyvern`);
    assert.equal(schema.pluginDownloadURL, PLUGIN_DOWNLOAD_URL);
    assert.ok(schema.keywords.includes("pulumi") && schema.keywords.some((keyword) => keyword.startsWith("category/")), schema.keywords.join(", "));
    const logo = new RegExp(`^https://raw\\.githubusercontent\\.com/${REPOSITORY.owner}/pulumi-skyvern/main/(.+)$`).exec(schema.logoUrl);
    assert.ok(logo && existsSync(path.join(PROJECT_ROOT, logo[1])), `logoUrl ${schema.logoUrl} names a file of this repository`);
    assert.equal(schema.language.nodejs.packageName, pkg.name);
    assert.equal(schema.language.python.packageName, "pulumi_skyvern");
  });

  it("both pages have the registry's front matter", () => {
    assert.deepEqual(frontMatter(page("_index.md")), { title: schema.displayName, meta_desc: `Provides an overview of the ${schema.displayName} Provider for Pulumi.`, layout: "package" });
    assert.deepEqual(frontMatter(page("installation-configuration.md")), { title: `${schema.displayName} Installation & Configuration`, meta_desc: `Information on how to install the ${schema.displayName} provider.`, layout: "package" });
  });

  it("installation: one row per provider setting, with the schema's description and secrecy, and nothing else", () => {
    const rows = page("installation-configuration.md").split("\n").filter((line) => line.startsWith(`| \`${schema.name}:`));
    const documented = Object.fromEntries(rows.map((row) => {
      const [option, , secret, description] = row.split("|").slice(1, -1).map((cell) => cell.trim());
      return [option.replace(/`/g, "").replace(`${schema.name}:`, ""), { secret: secret === "yes", description }];
    }));
    const expected = Object.fromEntries(Object.entries(schema.config.variables).map(([name, spec]) => [name, { secret: spec.secret === true, description: spec.description }]));
    assert.deepEqual(documented, expected);
  });

  it("installation: the package names the schema declares, and the plugin at the schema's version and download URL", () => {
    const text = page("installation-configuration.md");
    assert.ok(text.includes(`npm install ${schema.language.nodejs.packageName}\``));
    const pipName = schema.language.python.packageName.replace(/_/g, "-");
    assert.ok(text.includes(`pip install ${pipName}\``) && text.includes(`imported as \`${schema.language.python.packageName}\``));
    assert.ok(text.includes(`pulumi plugin install resource ${schema.name} v${schema.version} --server ${schema.pluginDownloadURL}\n`));
    assert.ok(text.includes(`npx ${schema.language.nodejs.packageName} install-plugin`));
  });

  it("overview: examples in TypeScript, Python and YAML that use only the schema's resources and properties", () => {
    const text = page("_index.md");
    const [typescript] = blocks(text, "typescript");
    const [python] = blocks(text, "python");
    const [yaml] = blocks(text, "yaml");
    assert.ok(typescript && python && yaml, "one example per language");
    for (const code of [typescript, python]) {
      const tokens = classTokens(code);
      assert.ok(tokens.length >= 2);
      assert.deepEqual(tokens.filter((token) => !(token in schema.resources)), []);
    }
    assert.ok(typescript.includes(`from "${schema.language.nodejs.packageName}"`));
    assert.ok(python.includes(`import ${schema.language.python.packageName} as skyvern`));
    // YAML: each resource's type is a schema resource and each property one of its inputs.
    const resources = [...yaml.matchAll(/^ {4}type: (\w+):(\w+)\n {4}properties:\n((?: {6}.*\n)+)/gm)];
    assert.ok(resources.length >= 2, "the YAML example declares resources");
    for (const [, pkg, type, properties] of resources) {
      const token = `${pkg}:index:${type}`;
      assert.ok(token in schema.resources, token);
      const keys = [...properties.matchAll(/^ {6}(\w+):/gm)].map((match) => match[1]);
      assert.deepEqual(keys.filter((key) => !(key in schema.resources[token].inputProperties)), [], token);
    }
    assert.ok(yaml.includes(`      version: ${schema.version}\n      pluginDownloadURL: ${schema.pluginDownloadURL}\n`));
  });

  it("README's install list: each language's command is in the quickstart block tests/registries/quickstarts.test.ts runs", () => {
    const readme = readFileSync(path.join(PROJECT_ROOT, "README.md"), "utf8");
    const install = /^## Install\n([\s\S]*?)\n## /m.exec(readme)?.[1] ?? "";
    const commands = Object.fromEntries([...install.matchAll(/^- (\w+): `([^`]+)`/gm)].map((match) => [match[1], match[2]]));
    assert.equal(commands.TypeScript, `npm install ${schema.language.nodejs.packageName} @pulumi/pulumi`);
    assert.equal(commands.Python, `pip install ${schema.language.python.packageName.replace(/_/g, "-")}`);
    assert.ok(readmeBlock("quickstart-shell").split("\n").includes(commands.TypeScript));
    assert.ok(readmeBlock("quickstart-python-shell").split("\n").some((line) => line.endsWith(` venv/bin/${commands.Python}`)));
    assert.match(install, /^- YAML: nothing to install/m);
  });
});
