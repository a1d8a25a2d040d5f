// HTML → structured text: drops page chrome (scripts, styles, navigation, headers, footers,
// sidebars, link lists, small forms), keeps headings h1–h6 as Markdown "#" lines so the chunker
// sees the structure, keeps the line breaks of <pre> text, and reads the title from <title> or
// the first <h1>. Chrome is small by nature: an element holding most of the page's text is never
// dropped as chrome, whatever its tag or class says (ASP.NET and many CMSs wrap the whole article in a <form>). For web pages,
// webPageToText first lets Mozilla's Readability find the article, and falls back, with a note
// saying so, to the page's largest text block when the article is much smaller than the page.
// Hostile pages are tamed before parsing: nesting past 512 levels is flattened, pages with more
// than 500,000 elements are refused, and the DOM is walked without recursion.
import { Readability } from "@mozilla/readability";
import { parseHTML } from "linkedom";
import { UserError } from "../../errors.js";
import { findDocumentDate } from "../metadata.js";

export interface HtmlText {
  text: string;
  title?: string;
  /** The publication date the page declares in its metadata (ISO yyyy-mm-dd), if any. */
  date?: string;
  /** Said in the ingest summary when extraction had to depart from the usual path. */
  note?: string;
}

// Never text: always dropped.
const DROP_ALWAYS = "script, style, noscript, template, iframe, svg, canvas, button, select, input, textarea";
// Chrome by their tag, unless they hold most of the page's text (see isMostOfPage).
const CHROME_TAGS = "nav, header, footer, aside, menu, form";
// A form with more text than this is a wrapper of content, not a search box or a login.
const SMALL_FORM_CHARS = 200;
const CHROME_HINT =
  /(^|[\s_-])(nav|navbar|menu|breadcrumbs?|crumbs?|footer|sidebar|side-bar|share|social|related|recommend|advert|ads?|banner|comment|copyright|pager|pagination|toolbar|topbar|login|search)([\s_-]|$)/i;
/** Tags that end a line of text where they open or close (headings are handled apart). */
export const BLOCK_TAGS: ReadonlySet<string> = new Set([
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

/** Characters of an element's text that are not link text: what a reader reads there. */
function ownText(el: ElementLike): number {
  let linked = 0;
  const anchors = el.querySelectorAll("a");
  for (let i = 0; i < anchors.length; i++) linked += textLength(anchors[i]!);
  return textLength(el) - linked;
}

/**
 * Removes page chrome. Chrome is small: an element that holds half the page's reading text or
 * more stays, whatever its tag or class says, so a mislabelled wrapper never takes the body with it.
 */
function removeChrome(root: ElementLike): void {
  const drop = root.querySelectorAll(DROP_ALWAYS);
  for (let i = drop.length - 1; i >= 0; i--) drop[i]!.remove();
  // Hidden from readers (closed pop-ups, off-canvas menus), dialogs and declared navigation are
  // never the page's text; they go before the page's size is measured.
  const hidden = root.querySelectorAll('[aria-hidden="true"], [role="dialog"], [role="navigation"]');
  for (let i = hidden.length - 1; i >= 0; i--) if (hidden[i] !== root) hidden[i]!.remove();
  const total = ownText(root);
  const isMostOfPage = (el: ElementLike): boolean => total > 0 && ownText(el) >= total * 0.5;
  const tagged = root.querySelectorAll(CHROME_TAGS);
  for (let i = tagged.length - 1; i >= 0; i--) {
    const el = tagged[i]!;
    if (el.tagName === "FORM" ? ownText(el) <= SMALL_FORM_CHARS : !isMostOfPage(el)) el.remove();
  }
  const all = root.querySelectorAll("*");
  for (let i = all.length - 1; i >= 0; i--) {
    const el = all[i]!;
    const hint = `${el.getAttribute("class") ?? ""} ${el.getAttribute("id") ?? ""} ${el.getAttribute("role") ?? ""}`;
    if (/^(H[1-6]|BODY|HTML|MAIN|ARTICLE)$/.test(el.tagName)) continue;
    if (CHROME_HINT.test(hint)) {
      if (!isMostOfPage(el)) el.remove();
      continue;
    }
    if (/^(UL|OL|DIV|P|TD|SECTION|DL)$/.test(el.tagName) && isLinkList(el)) el.remove();
  }
}

const CONTAINERS = new Set(["DIV", "SECTION", "ARTICLE", "MAIN", "FORM", "TABLE", "TBODY", "TR", "TD", "CENTER", "BODY", "HEADER", "FOOTER", "ASIDE"]);

/**
 * The page's largest text block: from the body down, into the child that holds at least 80% of
 * its parent's reading text (text outside links), until no child does. That is the smallest
 * container of most of the text: the article, without the menus and footer around it.
 */
function largestTextBlock(root: ElementLike): ElementLike {
  let block = root;
  for (;;) {
    const own = ownText(block);
    let next: ElementLike | undefined;
    const children = block.childNodes;
    for (let i = 0; i < children.length; i++) {
      const child = children[i]!;
      // Only containers are candidates: a paragraph is part of a block, never the block itself.
      if (child.nodeType === 1 && CONTAINERS.has(child.nodeName.toUpperCase()) && own > 0 && ownText(child as ElementLike) >= own * 0.8) {
        next = child as ElementLike;
      }
    }
    if (!next) return block;
    block = next;
  }
}

// Marks the end of a <pre> on the stack of collect().
const LEAVE_PRE = Symbol("leave pre");

/** Appends the text of a subtree; an explicit stack, since hostile pages nest deeper than the call stack. */
function collect(root: Node, out: string[]): void {
  // A string on the stack is text to emit once the children before it are done.
  const stack: (Node | string | typeof LEAVE_PRE)[] = [root];
  // Inside <pre> a line break is the text's own (an RFC's list items, a table, code): kept, for
  // the cleaner to join only the lines that wrap prose.
  let pre = 0;
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node === LEAVE_PRE) {
      pre--;
      continue;
    }
    if (typeof node === "string") {
      out.push(node);
      continue;
    }
    if (node.nodeType === 3) {
      const text = node.textContent ?? "";
      out.push(pre > 0 ? text.replace(/\r\n?/g, "\n").replace(/[^\S\n]+/g, " ") : text.replace(/\s+/g, " "));
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
    if (tag === "PRE") {
      pre++;
      stack.push(LEAVE_PRE);
    }
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

function parsePage(html: string): ReturnType<typeof parseHTML>["document"] {
  const safe = limitNesting(html);
  return parseHTML(safe.includes("<html") ? safe : `<!doctype html><html><body>${safe}</body></html>`).document;
}

/** The structured text of a subtree: blocks on lines of their own, headings as "#" lines. */
function textOf(root: Node): string {
  const parts: string[] = [];
  collect(root, parts);
  return parts
    .join("")
    .split("\n")
    .map((line) => line.trim())
    .join("\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}

/** The page without its chrome, its title, and its largest text block. */
function readPage(html: string): { text: string; title?: string; block: string } {
  const document = parsePage(html);
  const rawTitle = document.querySelector("title")?.textContent?.replace(/\s+/g, " ").trim();
  const h1 = document.querySelector("h1")?.textContent?.replace(/\s+/g, " ").trim();
  const declared = declaredTitle(document as unknown as ElementLike);
  const body = (document.body ?? document.documentElement) as unknown as ElementLike | null;
  if (!body) return { text: "", title: declared ?? (h1 || rawTitle || undefined), block: "" };
  removeChrome(body);
  const text = textOf(body);
  const block = largestTextBlock(body);
  return { text, title: declared ?? pickTitle(rawTitle, h1), block: block === body ? text : textOf(block) };
}

/**
 * The title a page declares for its article in its metadata, if any: Chinese government sites
 * publish <meta name="ArticleTitle"> (their first <h1> is often the site's banner, 某某市人民政府),
 * others og:title, twitter:title, DC.title or citation_title. A declared title with a site name
 * after a separator loses it, as <title> does.
 */
function declaredTitle(document: ElementLike): string | undefined {
  const metas = Array.from(document.querySelectorAll("meta"));
  for (const key of DECLARED_TITLE_KEYS) {
    for (const meta of metas) {
      const name = (meta.getAttribute("name") ?? meta.getAttribute("property") ?? "").trim().toLowerCase();
      if (name !== key) continue;
      const content = (meta.getAttribute("content") ?? "").replace(/\s+/g, " ").trim();
      if (content.length >= 2 && content.length <= 200) return pickTitle(content, undefined);
    }
  }
  return undefined;
}

// Most specific first: the article's own title before the sharing card's.
const DECLARED_TITLE_KEYS = ["articletitle", "citation_title", "dc.title", "og:title", "twitter:title"] as const;

/** Extracts the readable text and title of an HTML document. */
export function htmlToText(html: string): HtmlText {
  const { text, title } = readPage(html);
  return { text, title };
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
 * Below this share of the page's reading text, what Readability kept is not the article. On pages
 * it reads right it keeps 60–100% of the text left once chrome is removed (a news page, a press
 * release with its related posts, an agenda converted from Word); when it goes wrong it keeps a
 * footer, a few percent. 40% sits well between, and errs towards keeping text: a page whose
 * article really is that small keeps some chrome, which costs less than losing a law's articles.
 */
const MAIN_CONTENT_MIN_SHARE = 0.4;

/**
 * Extracts the main content of a web page: Readability's article (headings kept) when it holds a
 * fair share of the page's text; else the page's largest text block, or the whole page, with a
 * note that says so.
 */
export function webPageToText(html: string): HtmlText {
  const page = readPage(html);
  let article: ReturnType<Readability["parse"]> = null;
  try {
    article = new Readability(parsePage(html) as unknown as Document, { charThreshold: 200 }).parse();
  } catch {
    // Readability gives up on odd markup: the page text is still there.
  }
  // The page's own metadata first; else a dateline of the whole page (Readability drops bylines).
  const date = isoDay(article?.publishedTime) ?? findDocumentDate(page.text);
  const content = article?.content ? htmlToText(`<!doctype html><html><body>${article.content}</body></html>`).text : "";
  const size = contentChars(content);
  const pageSize = contentChars(page.text);
  const title = page.title ?? article?.title?.trim() ?? undefined;
  const withTitle = (text: string): string => (title && !text.includes(title) ? `# ${title}\n\n${text}` : text);
  const tooSmall = size < MAIN_CONTENT_MIN_SHARE * pageSize;
  // Under 80 characters Readability's pick says little either way: a page that small is kept whole.
  if (tooSmall || size < 80) {
    const share = pageSize > 0 ? Math.round((size / pageSize) * 100) : 0;
    const blockSize = contentChars(page.block);
    // The block is the article when it holds a fair share of the page; else the whole page is safer.
    const useBlock = tooSmall && blockSize >= MAIN_CONTENT_MIN_SHARE * pageSize && blockSize < pageSize;
    const kept = useBlock ? "kept the page's largest text block" : "kept the page's full text";
    const note = article?.content && tooSmall ? `main content looked too small (${share}% of the page's text); ${kept}` : undefined;
    return { text: withTitle(useBlock ? page.block : page.text), ...(title ? { title } : {}), ...(date ? { date } : {}), ...(note ? { note } : {}) };
  }
  // Readability removes the headline it took as the title; put it back as the top heading.
  return { text: withTitle(content), ...(title ? { title } : {}), ...(date ? { date } : {}) };
}

/** The calendar day of an ISO timestamp ("2020-01-15T01:01:01+00:00" → "2020-01-15"), if it is one. */
function isoDay(value: string | null | undefined): string | undefined {
  const match = /^((?:19|20)\d{2})-(\d{2})-(\d{2})/.exec(value ?? "");
  return match ? `${match[1]}-${match[2]}-${match[3]}` : undefined;
}
