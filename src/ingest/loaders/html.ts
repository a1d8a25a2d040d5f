// HTML → structured text: drops page chrome (scripts, styles, navigation, headers, footers,
// sidebars, link lists), keeps headings h1–h6 as Markdown "#" lines so the chunker sees the
// structure, and reads the title from <title> or the first <h1>. For pages fetched from the web,
// webPageToText first lets Mozilla's Readability find the article, keeping htmlToText as fallback.
// Hostile pages are tamed before parsing: nesting past 512 levels is flattened, pages with more
// than 500,000 elements are refused, and the DOM is walked without recursion.
import { Readability } from "@mozilla/readability";
import { parseHTML } from "linkedom";
import { UserError } from "../../errors.js";

export interface HtmlText {
  text: string;
  title?: string;
}

const DROP_TAGS = "script, style, noscript, template, nav, header, footer, aside, form, iframe, svg, canvas, button, select, input, textarea, menu";
const CHROME_HINT =
  /(^|[\s_-])(nav|navbar|menu|breadcrumbs?|crumbs?|footer|sidebar|side-bar|share|social|related|recommend|advert|ads?|banner|comment|copyright|pager|pagination|toolbar|topbar|login|search)([\s_-]|$)/i;
const BLOCK_TAGS = new Set([
  "P",
  "DIV",
  "SECTION",
  "ARTICLE",
  "MAIN",
  "LI",
  "UL",
  "OL",
  "DL",
  "DT",
  "DD",
  "TABLE",
  "TR",
  "TBODY",
  "THEAD",
  "BLOCKQUOTE",
  "PRE",
  "FIGURE",
  "FIGCAPTION",
  "BR",
  "HR",
  "CENTER",
  "ADDRESS",
  "BODY",
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

/** Appends the text of a subtree; an explicit stack, since hostile pages nest deeper than the call stack. */
function collect(root: Node, out: string[]): void {
  // A string on the stack is text to emit once the children before it are done.
  const stack: (Node | string)[] = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (typeof node === "string") {
      out.push(node);
      continue;
    }
    if (node.nodeType === 3) {
      out.push((node.textContent ?? "").replace(/\s+/g, " "));
      continue;
    }
    if (node.nodeType !== 1) continue;
    const tag = node.nodeName.toUpperCase();
    const heading = /^H([1-6])$/.exec(tag);
    if (heading) {
      const text = (node.textContent ?? "").replace(/\s+/g, " ").trim();
      if (text) out.push(`\n\n${"#".repeat(Number(heading[1]))} ${text}\n\n`);
      continue;
    }
    const block = BLOCK_TAGS.has(tag);
    if (block) out.push("\n\n");
    if (tag === "TD" || tag === "TH") out.push(" ");
    if (block) stack.push("\n\n");
    const children = node.childNodes;
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]!);
  }
}

// Hostile pages. htmlparser2 (under linkedom) keeps its open-tag stack with unshift/indexOf, so
// parsing is quadratic in nesting depth (100k nested <div>s: minutes), and every element costs
// about a kilobyte (3M elements: 2.5 GB). Tags nested deeper than MAX_DEPTH are dropped (their
// text stays; Chromium's parser stops nesting at 512 too), and pages with more elements than
// MAX_ELEMENTS are refused.
const MAX_DEPTH = 512;
const MAX_ELEMENTS = 500_000;
const TAG = /<(\/?)([a-zA-Z][a-zA-Z0-9-]*)[^>]*>/g;
// Void elements, and elements the parser closes itself when a sibling opens: neither deepens a page.
const FLAT_TAGS = new Set([
  "area",
  "base",
  "br",
  "col",
  "embed",
  "hr",
  "img",
  "input",
  "link",
  "meta",
  "param",
  "source",
  "track",
  "wbr",
  "p",
  "li",
  "dt",
  "dd",
  "option",
  "optgroup",
  "tr",
  "td",
  "th",
  "thead",
  "tbody",
  "tfoot",
  "rb",
  "rt",
  "rp",
]);

function deepens(name: string, tag: string): boolean {
  return !FLAT_TAGS.has(name.toLowerCase()) && !tag.endsWith("/>");
}

/** The page with tags nested deeper than MAX_DEPTH removed; throws UserError past MAX_ELEMENTS. */
export function limitNesting(html: string): string {
  let elements = 0;
  let depth = 0;
  let deepest = 0;
  for (const match of html.matchAll(TAG)) {
    if (match[1]) {
      if (deepens(match[2]!, "")) depth = Math.max(0, depth - 1);
      continue;
    }
    elements++;
    if (deepens(match[2]!, match[0])) deepest = Math.max(deepest, ++depth);
  }
  if (elements > MAX_ELEMENTS) {
    throw new UserError(
      `the page has ${elements.toLocaleString("en")} HTML elements, over the ${MAX_ELEMENTS.toLocaleString("en")} this loader reads; save it as text and ingest that`,
    );
  }
  if (deepest <= MAX_DEPTH) return html;
  depth = 0;
  return html.replace(TAG, (tag: string, close: string, name: string) => {
    if (!deepens(name, close ? "" : tag)) return tag;
    if (close) {
      const dropped = depth > MAX_DEPTH;
      depth = Math.max(0, depth - 1);
      return dropped ? " " : tag;
    }
    depth++;
    return depth > MAX_DEPTH ? " " : tag;
  });
}

/** Extracts the readable text and title of an HTML document. */
export function htmlToText(html: string): HtmlText {
  const safe = limitNesting(html);
  const { document } = parseHTML(safe.includes("<html") ? safe : `<!doctype html><html><body>${safe}</body></html>`);
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

function contentChars(text: string): number {
  return text.replace(/^#{1,6}\s+/gm, "").replace(/\s+/g, "").length;
}

/**
 * Extracts the main content of a web page: Readability's article (headings kept), or the whole
 * page through htmlToText when Readability finds nothing or clearly too little of the text.
 */
export function webPageToText(html: string): HtmlText {
  const page = htmlToText(html);
  let article: ReturnType<Readability["parse"]> = null;
  try {
    const safe = limitNesting(html);
    const { document } = parseHTML(safe.includes("<html") ? safe : `<!doctype html><html><body>${safe}</body></html>`);
    article = new Readability(document as unknown as Document, { charThreshold: 200 }).parse();
  } catch {
    // Readability gives up on odd markup: the page text is still there.
  }
  const content = article?.content ? htmlToText(`<!doctype html><html><body>${article.content}</body></html>`).text : "";
  const size = contentChars(content);
  if (size < 80 || size < contentChars(page.text) * 0.2) return page;
  // Readability removes the headline it took as the title; put it back as the top heading.
  const title = page.title ?? article?.title?.trim() ?? undefined;
  const text = title && !content.includes(title) ? `# ${title}\n\n${content}` : content;
  return { text, title };
}
