/**
 * What `npm pack` ships: only the runtime's compiled JavaScript and its type declarations, the
 * native provider's bundled plugin and schema, the README, LICENSE and CHANGELOG; no tests,
 * bench, examples, sources or source maps. And the public
 * contract the README promises: the entry points that stored state and users' code load by name.
 */
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { PROJECT_ROOT } from "../support/paths";

const run = promisify(execFile);

/** Every path the package may contain. */
const SHIPPED = [
  /^package\.json$/, /^README\.md$/, /^LICENSE$/, /^CHANGELOG\.md$/,
  // The reference pages the README links to, so its links resolve in an installed copy too.
  /^docs\/[\w-]+\.md$/,
  /^dist\/index\.(js|d\.ts)$/, /^dist\/(sdk|provider\/(credential|folder|dynamic|native|recovery|shared))\/[\w-]+\.(js|d\.ts)$/,
  // The native provider: its bundled plugin (`npx pulumi-skyvern install-plugin` installs it) and its schema.
  /^dist\/plugin\/pulumi-resource-skyvern$/, /^schema\.json$/,
];

/**
 * Entry points stored in users' state (`__provider`) or imported by their programs. The runtimes
 * moved to dist/provider/credential and dist/provider/folder after 0.2.0; their former file paths
 * stay exported, since state written under some project paths requires them by file path.
 */
const PUBLIC_ENTRY_POINTS = {
  ".": "./dist/index.js",
  "./sdk": "./dist/sdk/index.js",
  "./provider-runtime": "./dist/provider/credential/runtime.js",
  "./dist/provider/runtime.js": "./dist/provider/credential/runtime.js",
  "./dist/provider/credential/runtime.js": "./dist/provider/credential/runtime.js",
  "./folder-runtime": "./dist/provider/folder/runtime.js",
  "./dist/provider/folder-runtime.js": "./dist/provider/folder/runtime.js",
  "./dist/provider/folder/runtime.js": "./dist/provider/folder/runtime.js",
};

describe("the published package", () => {
  it("ships only runtime code, types, README and its docs pages, LICENSE and CHANGELOG", async () => {
    const { stdout } = await run("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], { cwd: PROJECT_ROOT, maxBuffer: 16 << 20 });
    const files: string[] = JSON.parse(stdout)[0].files.map((file: { path: string }) => file.path);
    const unexpected = files.filter((file) => !SHIPPED.some((pattern) => pattern.test(file)));
    assert.deepEqual(unexpected, [], "nothing but runtime code and docs");
    for (const required of ["README.md", "docs/security.md", "LICENSE", "CHANGELOG.md", "dist/index.js", "dist/index.d.ts", "dist/sdk/index.d.ts", "dist/provider/credential/runtime.js",
      "dist/plugin/pulumi-resource-skyvern", "dist/provider/native/cli.js", "schema.json"]) {
      assert.ok(files.includes(required), `${required} is shipped`);
    }
    assert.ok(!files.some((file) => /test|bench|example|\.map$|\.ts$(?<!\.d\.ts)/.test(file)), "no tests, bench, examples, sources or source maps");
  });

  it("keeps the public entry points, and the runtime still answers every engine call", () => {
    const manifest = JSON.parse(readFileSync(path.join(PROJECT_ROOT, "package.json"), "utf8"));
    for (const [entryPoint, target] of Object.entries(PUBLIC_ENTRY_POINTS)) assert.equal(manifest.exports[entryPoint], target, `exports["${entryPoint}"]`);
    // @pulumi/pulumi's serializer records a module under the LAST export that maps to its file, so
    // each public name must come after its file-path alias for new state to store the public name.
    const order = Object.keys(manifest.exports);
    for (const [alias, name] of [
      ["./dist/provider/runtime.js", "./provider-runtime"], ["./dist/provider/credential/runtime.js", "./provider-runtime"],
      ["./dist/provider/folder-runtime.js", "./folder-runtime"], ["./dist/provider/folder/runtime.js", "./folder-runtime"],
    ]) {
      assert.ok(order.indexOf(alias) < order.indexOf(name), `exports lists ${alias} before ${name}`);
    }
    for (const entryPoint of ["./provider-runtime", "./folder-runtime"] as const) {
      const runtime = require(path.join(PROJECT_ROOT, PUBLIC_ENTRY_POINTS[entryPoint]));
      for (const call of ["configure", "check", "diff", "create", "read", "update", "delete"]) assert.equal(typeof runtime[call], "function", `${entryPoint}: ${call}`);
    }
  });

  it("has a changelog entry for the version it declares", () => {
    const { version } = JSON.parse(readFileSync(path.join(PROJECT_ROOT, "package.json"), "utf8"));
    assert.match(readFileSync(path.join(PROJECT_ROOT, "CHANGELOG.md"), "utf8"), new RegExp(`^## ${version.replace(/\./g, "\\.")}\\b`, "m"));
  });
});
