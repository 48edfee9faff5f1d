/**
 * The tree shows the resources (issue 20): `provider/` has a folder per resource and per protocol,
 * so no folder in it holds three or more files named with the same prefix (a prefix that repeats is
 * a folder that is missing), and the same concept has the same file name in each resource's folder.
 * Reads the file names only.
 */
import assert from "node:assert/strict";
import { readdirSync } from "node:fs";
import path from "node:path";
import { PROJECT_ROOT } from "./support/paths";

const providerDir = path.join(PROJECT_ROOT, "provider");

/** Every folder under provider/, itself included, with the TypeScript files directly in it. */
function foldersWithFiles(dir: string): { dir: string; files: string[] }[] {
  const entries = readdirSync(dir, { withFileTypes: true });
  const files = entries.filter((e) => e.isFile() && e.name.endsWith(".ts")).map((e) => e.name);
  return [{ dir, files }, ...entries.filter((e) => e.isDirectory()).flatMap((e) => foldersWithFiles(path.join(dir, e.name)))];
}

/** `folder-inputs.ts` -> `folder`; names without a dash have no prefix. */
const prefixOf = (file: string) => (file.includes("-") ? file.split("-")[0] : undefined);

describe("layout: provider/ is organized by resource and protocol", () => {
  it("no folder in provider/ holds three or more files named with the same prefix", () => {
    const crowded: string[] = [];
    for (const { dir, files } of foldersWithFiles(providerDir)) {
      const counts = new Map<string, string[]>();
      for (const file of files) {
        const prefix = prefixOf(file);
        if (prefix) counts.set(prefix, [...(counts.get(prefix) ?? []), file]);
      }
      for (const [prefix, named] of counts) if (named.length >= 3) crowded.push(`${path.relative(PROJECT_ROOT, dir)}: "${prefix}-" in ${named.join(", ")}`);
    }
    assert.ok(foldersWithFiles(providerDir).length > 1, "provider/ has subfolders to check");
    assert.deepEqual(crowded, [], "a prefix that repeats is a folder that is missing");
  });

  it("a resource's twin concepts carry the same file names in credential/ and folder/", () => {
    const names = (resource: string) => new Set(readdirSync(path.join(providerDir, resource)));
    const credential = names("credential");
    const folder = names("folder");
    for (const concept of ["inputs.ts", "outputs.ts", "runtime.ts"]) {
      assert.ok(credential.has(concept) && folder.has(concept), `${concept} in both provider/credential/ and provider/folder/`);
    }
  });
});
