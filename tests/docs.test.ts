/**
 * The documentation holds together: README.md stays a landing page a newcomer reads in minutes and
 * points at every page under docs/, and no relative link in README.md or docs/*.md is dead (the file
 * exists, and so does the heading an `#anchor` names). Reads files only: no server, no Pulumi.
 */
import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { headingAnchors, isExternal, linkTargets } from "./support/markdown-links";
import { PROJECT_ROOT } from "./support/paths";

/** A landing page, not the reference: past this, text belongs on a page under docs/. */
const README_MAX_LINES = 200;

const readme = path.join(PROJECT_ROOT, "README.md");
const docsDir = path.join(PROJECT_ROOT, "docs");
const docPages = readdirSync(docsDir).filter((name) => name.endsWith(".md")).map((name) => path.join(docsDir, name));
const pages = [readme, ...docPages];
const relative = (file: string) => path.relative(PROJECT_ROOT, file);

/** Where a relative link from `page` leads: the file, and the anchor if it names one. */
function resolve(page: string, target: string): { file: string; anchor?: string } {
  const [filePart, anchor] = target.split("#", 2);
  const file = filePart === "" ? page : path.resolve(path.dirname(page), decodeURIComponent(filePart));
  return { file, anchor: anchor === undefined || anchor === "" ? undefined : decodeURIComponent(anchor) };
}

describe("docs: README.md is a landing page and every relative link resolves", () => {
  it("finds the pages it checks (README.md and at least one page under docs/)", () => {
    assert.ok(existsSync(readme), "README.md is missing");
    assert.ok(docPages.length > 0, "no docs/*.md page found");
  });

  it(`README.md has fewer than ${README_MAX_LINES} lines`, () => {
    const lines = readFileSync(readme, "utf8").trimEnd().split("\n").length;
    assert.ok(lines < README_MAX_LINES, `README.md has ${lines} lines; move reference text to a page under docs/ and link it`);
  });

  it("README.md links to every page under docs/", () => {
    const linked = new Set(linkTargets(readme).filter((target) => !isExternal(target)).map((target) => resolve(readme, target).file));
    const unlinked = docPages.filter((page) => !linked.has(page)).map(relative);
    assert.deepEqual(unlinked, [], `README.md does not link to: ${unlinked.join(", ")}`);
  });

  it("every relative link in README.md and docs/*.md names a file that exists, and a heading that exists there", () => {
    const dead: string[] = [];
    let checked = 0;
    for (const page of pages) {
      for (const target of linkTargets(page).filter((link) => !isExternal(link))) {
        checked++;
        const { file, anchor } = resolve(page, target);
        if (!existsSync(file)) dead.push(`${relative(page)}: ${target} (no file ${relative(file)})`);
        else if (anchor !== undefined && file.endsWith(".md") && !headingAnchors(file).has(anchor)) {
          dead.push(`${relative(page)}: ${target} (no heading #${anchor} in ${relative(file)})`);
        }
      }
    }
    // The positive control: the pages do link to each other, so an empty `dead` list means something.
    assert.ok(checked >= docPages.length, `only ${checked} relative links found`);
    assert.deepEqual(dead, [], `dead links:\n${dead.join("\n")}`);
  });
});
