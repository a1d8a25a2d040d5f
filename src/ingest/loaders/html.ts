// HTML → structured text: drops page chrome (scripts, styles, navigation, headers, footers,
// sidebars, link lists), keeps headings h1–h6 as Markdown "#" lines so the chunker sees the
// structure, and reads the title from <title> or the first <h1>.
import { parseHTML } from "linkedom";

export interface HtmlText {
  text: string;
  title?: string;
}

const DROP_TAGS = "script, style, noscript, template, nav, header, footer, aside, form, iframe, svg, canvas, button, select, input, textarea, menu";
const CHROME_HINT = /(^|[\s_-])(nav|navbar|menu|breadcrumbs?|crumbs?|footer|sidebar|side-bar|share|social|related|recommend|advert|ads?|banner|comment|copyright|pager|pagination|toolbar|topbar|login|search)([\s_-]|$)/i;
const BLOCK_TAGS = new Set([
  "P", "DIV", "SECTION", "ARTICLE", "MAIN", "LI", "UL", "OL", "DL", "DT", "DD", "TABLE", "TR", "TBODY", "THEAD",
  "BLOCKQUOTE", "PRE", "FIGURE", "FIGCAPTION", "BR", "HR", "CENTER", "ADDRESS", "BODY",
]);

interface Node {
  nodeType: number;
  nodeName: string;
  textContent: string | null;
  childNodes: ArrayLike<Node>;
}

interface ElementLike extends Node {
  getAttribute(name: string): string | null;
  querySelectorAll(selector: string): ArrayLike<ElementLike>;
  remove(): void;
  tagName: string;
}

function textLength(el: ElementLike): number {
  return (el.textContent ?? "").replace(/\s+/g, "").length;
}

/** A block that is mostly links (menus, "related articles", tag clouds) is chrome. */
function isLinkList(el: ElementLike): boolean {
  const total = textLength(el);
  if (total === 0) return false;
  let linked = 0;
  const anchors = el.querySelectorAll("a");
  for (let i = 0; i < anchors.length; i++) linked += textLength(anchors[i]!);
  return anchors.length >= 3 && linked / total > 0.6;
}

function removeChrome(root: ElementLike): void {
  const drop = root.querySelectorAll(DROP_TAGS);
  for (let i = drop.length - 1; i >= 0; i--) drop[i]!.remove();
  const all = root.querySelectorAll("*");
  for (let i = all.length - 1; i >= 0; i--) {
    const el = all[i]!;
    const hint = `${el.getAttribute("class") ?? ""} ${el.getAttribute("id") ?? ""} ${el.getAttribute("role") ?? ""}`;
    if (/^(H[1-6]|BODY|HTML|MAIN|ARTICLE)$/.test(el.tagName)) continue;
    if (CHROME_HINT.test(hint) || el.getAttribute("role") === "navigation" || el.getAttribute("aria-hidden") === "true") {
      el.remove();
      continue;
    }
    if (/^(UL|OL|DIV|P|TD|SECTION|DL)$/.test(el.tagName) && isLinkList(el)) el.remove();
  }
}

function collect(node: Node, out: string[]): void {
  if (node.nodeType === 3) {
    out.push((node.textContent ?? "").replace(/\s+/g, " "));
    return;
  }
  if (node.nodeType !== 1) return;
  const tag = node.nodeName.toUpperCase();
  const heading = /^H([1-6])$/.exec(tag);
  if (heading) {
    const text = (node.textContent ?? "").replace(/\s+/g, " ").trim();
    if (text) out.push(`\n\n${"#".repeat(Number(heading[1]))} ${text}\n\n`);
    return;
  }
  const block = BLOCK_TAGS.has(tag);
  if (block) out.push("\n\n");
  if (tag === "TD" || tag === "TH") out.push(" ");
  const children = node.childNodes;
  for (let i = 0; i < children.length; i++) collect(children[i]!, out);
  if (block) out.push("\n\n");
}

/** Extracts the readable text and title of an HTML document. */
export function htmlToText(html: string): HtmlText {
  const { document } = parseHTML(html.includes("<html") ? html : `<!doctype html><html><body>${html}</body></html>`);
  const rawTitle = document.querySelector("title")?.textContent?.replace(/\s+/g, " ").trim();
  const h1 = document.querySelector("h1")?.textContent?.replace(/\s+/g, " ").trim();
  const body = (document.body ?? document.documentElement) as unknown as ElementLike | null;
  if (!body) return { text: "", title: h1 || rawTitle || undefined };
  removeChrome(body);
  const parts: string[] = [];
  collect(body, parts);
  const text = parts
    .join("")
    .split("\n")
    .map((line) => line.trim())
    .join("\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
  return { text, title: pickTitle(rawTitle, h1) };
}

/** Prefers the page's h1; else the <title> without a trailing " - Site name". */
function pickTitle(title: string | undefined, h1: string | undefined): string | undefined {
  if (h1 && h1.length <= 120) return h1;
  if (!title) return h1;
  const parts = title.split(/\s+[-|–—_]\s+|\s*[|｜]\s*/).filter(Boolean);
  return parts.sort((a, b) => b.length - a.length)[0] ?? title;
}
