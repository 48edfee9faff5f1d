/**
 * What a Markdown page links to and which anchors it offers, read with markdown-it (so links inside
 * code blocks are not links) and github-slugger (so anchors are the ones GitHub renders).
 */
import { readFileSync } from "node:fs";
import MarkdownIt from "markdown-it";
import GithubSlugger from "github-slugger";

const markdown = new MarkdownIt({ html: true });

type Token = MarkdownIt.Token;

function tokensOf(file: string): Token[] {
  return markdown.parse(readFileSync(file, "utf8"), {});
}

/** Every link target written in the page (`[text](target)`, reference links included), in order. */
export function linkTargets(file: string): string[] {
  return tokensOf(file)
    .flatMap((token) => token.children ?? [])
    .filter((child) => child.type === "link_open")
    .map((child) => String(child.attrGet("href") ?? ""));
}

/** The anchors GitHub gives the page's headings: the heading's text, slugged, numbered when repeated. */
export function headingAnchors(file: string): Set<string> {
  const slugger = new GithubSlugger();
  const tokens = tokensOf(file);
  const anchors = new Set<string>();
  tokens.forEach((token, index) => {
    if (token.type !== "heading_open") return;
    // GitHub slugs the rendered text: `code` keeps its content, emphasis and link markup are dropped.
    const text = (tokens[index + 1].children ?? [])
      .filter((child) => child.type === "text" || child.type === "code_inline")
      .map((child) => child.content)
      .join("");
    anchors.add(slugger.slug(text));
  });
  return anchors;
}

/** True for a target that leaves the repository (https:, mailto:, //host) and so is not checked here. */
export function isExternal(target: string): boolean {
  return /^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith("//");
}
