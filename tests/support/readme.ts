/** Code blocks of README.md that tests run as written, found by the `<!-- tested: NAME ... -->` line above each. */
import { readFileSync } from "node:fs";
import path from "node:path";
import { PROJECT_ROOT } from "./paths";

export function readmeBlock(name: string): string {
  const readme = readFileSync(path.join(PROJECT_ROOT, "README.md"), "utf8");
  const match = new RegExp(`<!-- tested: ${name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\\b[^\\n]*-->\\n\`\`\`\\w*\\n([\\s\\S]*?)\\n\`\`\``).exec(readme);
  if (!match) throw new Error(`README.md has no code block marked "tested: ${name}"`);
  return match[1];
}

/** Replaces each `from` (which must occur) by `to`, so a changed README fails loudly instead of silently running something else. */
export function substitute(text: string, replacements: ReadonlyArray<readonly [string, string]>): string {
  return replacements.reduce((result, [from, to]) => {
    if (!result.includes(from)) throw new Error(`expected "${from}" in the README block`);
    return result.split(from).join(to);
  }, text);
}
