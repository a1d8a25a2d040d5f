// Markdown → structured text: keeps "#" headings (the chunker reads them), drops front matter,
// images (keeping an alt text that is a caption), link targets, HTML comments and emphasis
// markers, decodes character references (&ldquo; → “), reads raw HTML as a browser shows it, and
// joins the soft-wrapped lines of a paragraph, so only readable prose is indexed. The HTML is
// handled here by tag rules rather than by the HTML loader's parser: Markdown and HTML alternate
// line by line, and a parser would collapse the Markdown's line breaks.
import { decodeEntities } from "../entities.js";
import { BLOCK_TAGS } from "./html.js";

export interface MarkdownText {
  text: string;
  title?: string;
}

/**
 * True when an image's alt text is a caption that says something ("消委會指，涉事門票分別價值
 * 2099元…", "The mayor opens the new bridge over the Rivert"): a news dump's photos carry facts
 * there. A label ("logo", "圖片", "chart-1.png") is dropped with the image.
 */
function isCaption(alt: string): boolean {
  const han = alt.match(/\p{Script=Han}/gu)?.length ?? 0;
  const words = alt.match(/\p{L}[\p{L}'’-]*/gu)?.length ?? 0;
  return han >= 12 || (han === 0 && words >= 6);
}

/** Converts Markdown to the plain structured text the cleaner and chunker expect. */
export function markdownToText(markdown: string): MarkdownText {
  let text = markdown.replace(/\r\n?/g, "\n");
  let title: string | undefined;
  const front = /^---\n([\s\S]*?)\n---\n/.exec(text);
  if (front) {
    title = /^title:\s*["']?(.+?)["']?\s*$/m.exec(front[1]!)?.[1];
    text = text.slice(front[0].length);
  }
  text = withoutHtml(text.replace(/<!--[\s\S]*?-->/g, ""))
    .replace(/!\[([^\]]*)\]\([^)]*\)/g, (_, alt: string) => (isCaption(alt) ? `\n\n${alt.trim()}\n\n` : ""))
    .replace(/\[([^\]]+)\]\([^)]*\)/g, "$1")
    .replace(/^[ \t]{0,3}(#{1,6})[ \t]+(.+?)[ \t]*#*[ \t]*$/gm, "$1 $2")
    .replace(/^(.+)\n=+[ \t]*$/gm, "# $1")
    .replace(/^(.+)\n-{2,}[ \t]*$/gm, "## $1")
    .replace(/(\*\*|__)(.+?)\1/g, "$2")
    .replace(/(^|[^*\w])[*_]([^*_\n]+)[*_](?=[^*\w]|$)/g, "$1$2")
    .replace(/^[ \t]*[-*+][ \t]+/gm, "- ")
    .replace(/^[ \t]*>[ \t]?/gm, "");
  text = decodeEntities(text);
  title = title === undefined ? undefined : decodeEntities(title);
  title ??= /^# (.+)$/m.exec(text)?.[1]?.trim();
  return { text: joinSoftBreaks(text), title };
}

// Inline HTML tags dropped with their text kept (a, b, span…); block tags (BLOCK_TAGS) end a line;
// cells of a table row stay on its line. Other <words> are Markdown autolinks or prose, left alone.
const INLINE_TAGS = new Set([
  "A",
  "ABBR",
  "B",
  "BIG",
  "CITE",
  "CODE",
  "DEL",
  "EM",
  "FONT",
  "I",
  "IMG",
  "INS",
  "KBD",
  "MARK",
  "S",
  "SMALL",
  "SPAN",
  "STRONG",
  "SUB",
  "SUP",
  "U",
]);
const PAGE_TAGS = new Set(["HTML", "HEAD", "META", "LINK", "TFOOT", "COLGROUP", "COL", "CAPTION", "NAV", "HEADER", "FOOTER", "ASIDE"]);
const TAG = /<\/?([a-zA-Z][a-zA-Z0-9]*)\b(?:[^<>"']|"[^"]*"|'[^']*')*\/?>/g;
const FENCE = /^(?:```|~~~)/;

/**
 * Raw HTML in Markdown (GitHub Pages and Jekyll sites write their tables of dates, centred
 * headings and <p> blocks so) read as a browser shows it: scripts and styles dropped, <h2> a "##"
 * line, block tags ending lines, a table row's cells on one line, inline tags gone. Code fences
 * are left as they are.
 */
export function withoutHtml(markdown: string): string {
  if (!/<\/?[a-zA-Z]/.test(markdown)) return markdown;
  const parts = markdown.split(/^((?:```|~~~)[^\n]*\n[\s\S]*?^(?:```|~~~)[ \t]*$)/m);
  return parts.map((part) => (FENCE.test(part) ? part : htmlToLines(part))).join("");
}

function htmlToLines(text: string): string {
  let touched = false;
  const out = text
    .replace(/<(script|style|noscript|template)\b[^>]*>[\s\S]*?<\/\1\s*>/gi, () => {
      touched = true;
      return "";
    })
    // A row's cells are one line, whatever the source's indentation put between them.
    .replace(/<tr\b[^>]*>[\s\S]*?<\/tr\s*>/gi, (row) => row.replace(/\s+/g, " "))
    .replace(/<h([1-6])\b[^>]*>([\s\S]*?)<\/h\1\s*>/gi, (_, level: string, inner: string) => {
      touched = true;
      const heading = inner.replace(TAG, " ").replace(/\s+/g, " ").trim();
      return heading ? `\n\n${"#".repeat(Number(level))} ${heading}\n\n` : "\n\n";
    })
    .replace(TAG, (tag: string, name: string) => {
      const upper = name.toUpperCase();
      if (BLOCK_TAGS.has(upper)) {
        touched = true;
        return "\n\n";
      }
      if (upper === "TD" || upper === "TH") return " ";
      return INLINE_TAGS.has(upper) || PAGE_TAGS.has(upper) ? "" : tag;
    });
  // The indentation of the HTML source is not Markdown's (four spaces would read as code).
  // (Runs of spaces inside a line are what the dropped tags and cells left.)
  return touched
    ? out
        .replace(/^[ \t]+/gm, "")
        .replace(/(\S)[ \t]{2,}(?=\S)/g, "$1 ")
        .replace(/\n{3,}/g, "\n\n")
    : out;
}

// Lines that start a block of their own: headings, list items, tables, fences, rules, and the
// outline and article numbers of Chinese documents (一、 （一） 第3条 第 3 條), which open an item
// even where a text dump has no blank line before them.
const BLOCK_START =
  /^(?:#{1,6}\s|- |\d{1,3}[.)]\s|\||```|~~~|(?:-{3,}|\*{3,}|_{3,})\s*$|[一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]{1,3}[）)]|第\s*[一二三四五六七八九十百零〇\d]+\s*[條条章節节款])/;
const WIDE = /[\p{Script=Han}\u3000-\u303f\uff00-\uffef]/u;

/** Columns a line takes on screen: a Han or full-width character is two, as on the screen it was wrapped for. */
function columns(line: string): number {
  let width = 0;
  for (const ch of line) width += WIDE.test(ch) ? 2 : 1;
  return width;
}

/**
 * The width a file was wrapped at: the 90th percentile of the lines that run on into another
 * line. A paragraph's lines fill it; a line that stops well short of it ends its paragraph.
 */
function wrapWidth(lines: readonly string[]): number {
  const widths: number[] = [];
  for (let i = 0; i + 1 < lines.length; i++) if (lines[i]!.trim() !== "" && lines[i + 1]!.trim() !== "") widths.push(columns(lines[i]!.trim()));
  if (widths.length === 0) return 0;
  widths.sort((a, b) => a - b);
  return widths[Math.floor((widths.length - 1) * 0.9)]!;
}

/**
 * Joins the lines of a paragraph: in Markdown a single line break is a soft wrap, a space, so
 * "the busiest branch was Harbour⏎Road" is one sentence, not two. Blank lines, block starts,
 * fenced code and hard breaks (two trailing spaces or a backslash) keep their line breaks, and so
 * does a line that ends well short of the file's wrap width: text dumps of web pages put every
 * menu item and every article on a line of its own, and joining them would glue a site menu to
 * the first article.
 */
export function joinSoftBreaks(text: string): string {
  const out: string[] = [];
  let inFence = false;
  const lines = text.split("\n");
  const width = wrapWidth(lines);
  // The physical line before this one: what was wrapped, not the paragraph joined so far.
  let above = "";
  for (const line of lines) {
    const trimmed = line.trim();
    if (/^(?:```|~~~)/.test(trimmed)) inFence = !inFence;
    const previous = out[out.length - 1];
    const joinable =
      !inFence &&
      previous !== undefined &&
      previous.trim() !== "" &&
      trimmed !== "" &&
      !/^(?:```|~~~)/.test(trimmed) &&
      !/^(?:```|~~~)/.test(previous.trim()) &&
      !BLOCK_START.test(trimmed) &&
      !/^#{1,6}\s/.test(previous) &&
      !/^\|/.test(previous.trim()) &&
      !/(?: {2}|\\)$/.test(previous) &&
      columns(above) >= width * 0.6 &&
      // A line of a dozen columns that does not end mid-clause is a label, menu item or
      // article number, whatever the file's statistics say: wrapped prose lines are longer.
      (columns(above) > 12 || /[，、,;；(（-]$/.test(above));
    above = trimmed;
    if (joinable) {
      const glue = /[\p{Script=Han}，。；：！？、）」』]$/u.test(previous) && /^\p{Script=Han}/u.test(trimmed) ? "" : " ";
      out[out.length - 1] = previous.trimEnd() + glue + trimmed;
    } else {
      out.push(line);
    }
  }
  return out.join("\n");
}
