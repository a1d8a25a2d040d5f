// PDF → structured text with page boundaries, via unpdf (pdf.js built for servers). It owns the
// layout reconstruction: text items → lines (by baseline) → paragraphs (by spacing, indent and
// sentence ends), larger type → "#" headings, hyphenation undone, CJK lines joined without
// spaces, and running headers/footers (lines repeated at the top or bottom of most pages, page
// numbers included) dropped. unpdf is imported lazily: the CLI only pays for it on a PDF.
import path from "node:path";
import { UserError, oneLine } from "../../errors.js";
import { isPageNumberLine } from "../clean.js";
import { isPlaceholderTitle } from "../metadata.js";

export interface PdfText {
  /** Paragraphs separated by blank lines, headings as "#" lines. */
  text: string;
  /** Offset in `text` where each page starts (index 0 is page 1). */
  pageStarts: number[];
  pageCount: number;
  title?: string;
  /** "metadata" when the title is the file's Title field, "heading" when it is the first heading. */
  titleSource?: "metadata" | "heading";
}

/** One line of text on a page, rebuilt from pdf.js text items. */
interface Line {
  text: string;
  x: number;
  /** Baseline, in PDF units from the bottom of the page. */
  y: number;
  right: number;
  /** Font size of most of the line's characters. */
  size: number;
}

/** What the layout needs of a pdf.js text item. */
export interface PdfTextItem {
  str: string;
  /** [a, b, c, d, x, y]: scale/rotation, then the position of the baseline start. */
  transform: number[];
  width: number;
}

type PDFDocumentProxy = Awaited<ReturnType<typeof import("unpdf")["getDocumentProxy"]>>;

const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\u3000-\u303f\uff00-\uffef]/u;
const SENTENCE_END = /[.!?。！？:：;；"”’)）]$/;
const BULLET = /^([•▪◦●■\-–*]\s|\(?\d{1,2}[.)]\s|\(?[a-z][.)]\s|[（(][一二三四五六七八九十\d]+[）)]|[一二三四五六七八九十]+、)/;

/** pdf.js's packed character maps (Adobe's CMap resources, BSD-3; copied from pdfjs-dist 5.6.205, the pdf.js unpdf bundles). */
const CMAP_DIR = `${path.resolve(import.meta.dirname, "../../../data/pdf-cmaps")}${path.sep}`;

async function openPdf(bytes: Uint8Array): Promise<PDFDocumentProxy> {
  const head = Buffer.from(bytes.subarray(0, 1024)).toString("latin1");
  if (!head.includes("%PDF-")) throw new UserError("not a valid PDF (no %PDF header)");
  const { getDocumentProxy } = await import("unpdf");
  try {
    // pdf.js may take over (detach) the buffer it is given: hand it a copy, the caller still hashes the bytes.
    // The character maps let pdf.js read CJK fonts that carry no Unicode table of their own
    // (Hong Kong and Taiwan government PDFs set in MSung/MHei): without them every Chinese
    // character of such a file is lost.
    return await getDocumentProxy(new Uint8Array(bytes), { verbosity: 0, stopAtErrors: false, cMapUrl: CMAP_DIR, cMapPacked: true });
  } catch (error) {
    const name = error instanceof Error ? error.name : "";
    if (name === "PasswordException") throw new UserError("the PDF is encrypted (it needs a password to open)");
    throw new UserError(`not a valid PDF (${oneLine(error).replace(/\.$/, "")})`);
  }
}

function isCjk(ch: string | undefined): boolean {
  return ch !== undefined && CJK.test(ch);
}

/** Rebuilds lines from text items in content-stream order (usually reading order, columns included). */
function buildLines(items: readonly PdfTextItem[]): Line[] {
  const lines: Line[] = [];
  let current: (Line & { sizes: Map<number, number> }) | undefined;
  const finish = (): void => {
    if (!current) return;
    const text = current.text.replace(/\s+/g, " ").trim();
    if (text) {
      let size = current.size;
      let most = -1;
      for (const [s, n] of current.sizes) if (n > most) [size, most] = [s, n];
      lines.push({ text, x: current.x, y: current.y, right: current.right, size });
    }
    current = undefined;
  };
  for (const item of items) {
    const [a = 0, b = 0, c = 0, d = 0, x = 0, y = 0] = item.transform;
    const size = Math.round(Math.max(Math.hypot(c, d), Math.hypot(a, b)) * 10) / 10 || 1;
    if (!item.str) continue;
    if (current) {
      const sameLine = Math.abs(y - current.y) <= Math.min(size, current.size) * 0.5;
      // Going far back to the left on the same baseline is a new column or a new table row.
      const backwards = x < current.right - Math.max(size, current.size) * 2;
      if (!sameLine || backwards) finish();
    }
    if (!current) {
      current = { text: item.str, x, y, right: x + item.width, size, sizes: new Map([[size, item.str.length]]) };
      continue;
    }
    // Some writers give a space item a width of several characters: it must not push the line's
    // right edge past the text that follows on the same line (which would read as a new line).
    if (item.str.trim() === "") {
      if (!/\s$/.test(current.text)) current.text += " ";
      continue;
    }
    const gap = x - current.right;
    const prevChar = current.text.at(-1);
    const nextChar = item.str[0];
    const spaced = /\s/.test(prevChar ?? " ") || /\s/.test(nextChar ?? " ");
    // A visible gap is a word space, except between CJK characters (justified CJK text has gaps).
    if (!spaced && gap > Math.min(size, current.size) * 0.15 && !(isCjk(prevChar) && isCjk(nextChar))) current.text += " ";
    current.text += item.str;
    current.right = Math.max(current.right, x + item.width);
    current.sizes.set(size, (current.sizes.get(size) ?? 0) + item.str.length);
  }
  finish();
  return lines;
}

/** A line's identity for header/footer matching: numbers vary from page to page, the rest does not. */
function chromeKey(text: string): string {
  return text.toLowerCase().replace(/\d+/g, "#").replace(/\s+/g, " ").trim();
}

/**
 * True when lines that agree apart from their numbers are running chrome: the same text on every
 * page, or a number that moves in step with the page ("Page 3 of 7", "Report 2023 · 12").
 */
function numbersFollowPages(occurrences: readonly { page: number; text: string }[]): boolean {
  const numbers = occurrences.map((o) => (o.text.match(/\d+/g) ?? []).map(Number));
  if (numbers.every((list) => list.join() === numbers[0]!.join())) return true;
  const slots = Math.min(...numbers.map((list) => list.length));
  for (let k = 0; k < slots; k++) {
    const offsets = new Map<number, number>();
    numbers.forEach((list, i) => {
      const offset = list[k]! - occurrences[i]!.page;
      offsets.set(offset, (offsets.get(offset) ?? 0) + 1);
    });
    if (Math.max(...offsets.values()) >= occurrences.length * 0.6) return true;
  }
  return false;
}

/**
 * Marks running headers and footers: among the two top-most and two bottom-most lines of each
 * page, those whose text recurs in the same place on at least 60% of the pages — or of the odd
 * or the even pages, for books whose headers alternate — with numbers that stay put or follow
 * the page; and bare page numbers. A line in heading type that recurs so is kept once, on its
 * first page.
 */
function findChrome(pages: readonly Line[][], bodySize: number, boxes: readonly (PageBox | undefined)[]): Set<Line> {
  const drop = new Set<Line>();
  const edges = pages.map((lines, index) => {
    const byY = [...lines].sort((p, q) => q.y - p.y);
    // Only the margins hold running chrome: the top and bottom 15% of the page (or, when the page
    // size is unknown, 12% of the span of its text).
    const box = boxes[index];
    const [low, high] = box ? [box.bottom, box.top] : [byY.at(-1)?.y ?? 0, byY[0]?.y ?? 0];
    const band = (high - low) * (box ? 0.15 : 0.12);
    const top = byY.slice(0, 2).filter((l) => l.y >= high - band);
    const bottom = byY.slice(-2).filter((l) => !top.includes(l) && l.y <= low + band);
    return [
      ...top.map((line) => ({ line, page: index + 1, key: `top:${chromeKey(line.text)}` })),
      ...bottom.map((line) => ({ line, page: index + 1, key: `bottom:${chromeKey(line.text)}` })),
    ];
  });
  const n = pages.length;
  const needed = (pagesInGroup: number): number => Math.max(2, Math.ceil(pagesInGroup * 0.6));
  const groups: { members: (page: number) => boolean; size: number }[] = [{ members: () => true, size: n }];
  if (n >= 4) groups.push({ members: (page) => page % 2 === 1, size: Math.ceil(n / 2) }, { members: (page) => page % 2 === 0, size: Math.floor(n / 2) });
  for (const group of groups) {
    const byKey = new Map<string, { page: number; text: string; line: Line }[]>();
    for (const list of edges) {
      for (const edge of list) {
        if (!group.members(edge.page)) continue;
        const found = byKey.get(edge.key) ?? [];
        if (found.every((o) => o.page !== edge.page)) found.push({ page: edge.page, text: edge.line.text, line: edge.line });
        byKey.set(edge.key, found);
      }
    }
    for (const occurrences of byKey.values()) {
      if (occurrences.length < needed(group.size) || !numbersFollowPages(occurrences)) continue;
      // A heading repeated at the top of every page (a table's title, a manual's name) is said
      // once, where it first stands: the passages after it keep it as their heading.
      const first = occurrences.reduce((a, b) => (b.page < a.page ? b : a));
      const repeatedHeading = first.line.size >= bodySize * 1.15 && occurrences.every((o) => o.text === first.text);
      for (const o of occurrences) if (!(repeatedHeading && o === first)) drop.add(o.line);
    }
  }
  for (const list of edges) for (const { line } of list) if (isPageNumberLine(line.text, true)) drop.add(line);
  return drop;
}

function median(values: number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/** Joins two lines of one paragraph: undoes end-of-line hyphenation, no space between CJK. */
function joinLines(prev: string, next: string): string {
  if (/\p{Ll}-$/u.test(prev) && /^\p{Ll}/u.test(next)) return prev.slice(0, -1) + next;
  if (isCjk(prev.at(-1)) && isCjk(next[0])) return prev + next;
  return `${prev} ${next}`;
}

interface Block {
  heading?: number;
  text: string;
  /** True when the block's last line stops well short of the right margin: the paragraph ends there. */
  endsShort?: boolean;
}

/** Document-wide typography: the body font size, its line spacing, and heading levels by size. */
interface Typography {
  bodySize: number;
  lineGap: number;
  rightEdge: number;
  headingLevel: Map<number, number>;
}

function typography(pages: readonly Line[][]): Typography {
  const chars = new Map<number, number>();
  for (const lines of pages) for (const l of lines) chars.set(l.size, (chars.get(l.size) ?? 0) + l.text.length);
  let bodySize = 0;
  let most = -1;
  for (const [size, n] of chars) if (n > most) [bodySize, most] = [size, n];
  const gaps: number[] = [];
  const rights: number[] = [];
  for (const lines of pages) {
    for (let i = 1; i < lines.length; i++) {
      const [p, q] = [lines[i - 1]!, lines[i]!];
      if (p.size === bodySize && q.size === bodySize && p.y > q.y) gaps.push(p.y - q.y);
    }
    for (const l of lines) if (l.size === bodySize) rights.push(l.right);
  }
  const headingSizes = [...chars.keys()].filter((s) => s >= bodySize * 1.15).sort((a, b) => b - a);
  const headingLevel = new Map(headingSizes.map((s, i) => [s, Math.min(i + 1, 4)]));
  const sortedRights = rights.sort((a, b) => a - b);
  return {
    bodySize,
    lineGap: median(gaps) || bodySize * 1.2,
    rightEdge: sortedRights[Math.floor(sortedRights.length * 0.9)] ?? 0,
    headingLevel,
  };
}

/** Groups a page's lines into headings and paragraphs. */
function pageBlocks(lines: readonly Line[], type: Typography): Block[] {
  const blocks: Block[] = [];
  let prev: Line | undefined;
  for (const line of lines) {
    const level = type.headingLevel.get(line.size);
    // A document number in large type ("CB(3)634/2026(01)") is an identifier, not a heading.
    const isHeading = level !== undefined && line.text.length <= 150 && (line.text.match(/\p{L}/gu)?.length ?? 0) > (line.text.match(/\d/g)?.length ?? 0);
    const last = blocks[blocks.length - 1];
    if (isHeading) {
      // A heading wrapped over two lines of the same size is one heading; so is a run of full
      // lines in large type at a wider spacing (a preface set larger than the body), which the
      // check below then finds to be text.
      const gap = prev ? prev.y - line.y : 0;
      const fullLine = prev !== undefined && prev.right >= type.rightEdge - type.bodySize * 2 && !SENTENCE_END.test(prev.text);
      if (last?.heading === level && prev && prev.size === line.size && gap > 0 && (gap < line.size * 1.6 || (fullLine && gap < line.size * 2.6))) {
        last.text = joinLines(last.text, line.text);
      } else {
        blocks.push({ heading: level, text: line.text });
      }
      prev = line;
      continue;
    }
    // Large type that turned out to be text goes on as a paragraph in body type.
    if (last?.heading !== undefined && prev && isTextInLargeType(last.text)) delete last.heading;
    let continues = last !== undefined && last.heading === undefined && prev !== undefined;
    if (continues && prev) {
      const gap = prev.y - line.y;
      const endsSentence = SENTENCE_END.test(prev.text);
      if (gap > type.lineGap * 1.45 && gap > 0)
        continues = false; // a blank line's worth of space
      else if (gap < 0 && endsSentence)
        continues = false; // next column or page region, new paragraph
      else if (BULLET.test(line.text)) continues = false;
      else if (endsSentence && line.x > prev.x + type.bodySize * 0.8)
        continues = false; // first-line indent
      else if (endsSentence && prev.right < type.rightEdge - type.bodySize * 4)
        continues = false; // short last line
      else if (
        last?.text === prev.text &&
        BULLET.test(prev.text) &&
        !/^\p{Ll}/u.test(line.text) &&
        gap > type.lineGap * 0.5 &&
        prev.right < line.right - type.bodySize * 2
      )
        continues = false; // a numbered heading in body type ("（七）…") on a line shorter than the text below it
    }
    const endsShort = line.right < type.rightEdge - type.bodySize * 2;
    if (continues && last) {
      last.text = joinLines(last.text, line.text);
      last.endsShort = endsShort;
    } else blocks.push({ text: line.text, endsShort });
    prev = line;
  }
  // Large type is not always a heading: a brochure sets whole sentences and key figures in it
  // ("RIL is a Fortune 500 company …", "₹1,186 crore"), and they are text to quote.
  return blocks.map((block) => (block.heading !== undefined && isTextInLargeType(block.text) ? { text: block.text, endsShort: true } : block));
}

/**
 * A heading-sized block that is text: a sentence of some length, a passage longer than any
 * heading with a full stop inside, or a figure on its own.
 */
function isTextInLargeType(text: string): boolean {
  const words = text.match(/\p{L}+/gu)?.length ?? 0;
  const han = text.match(/\p{Script=Han}/gu)?.length ?? 0;
  const sentence = (/[.!?。！？]["”’)）]?$/u.test(text.trim()) && (words >= 8 || han >= 15)) || (/[。！？]|[.!?]\s/u.test(text) && (words >= 40 || han >= 60));
  // (\W would take Han characters for punctuation: "2025年部门收支预算总表" is a heading, not a figure.)
  const figure = /^[^\p{L}\p{N}]*\d[\d,.]*\d\s*\p{L}{0,8}[^\p{L}\p{N}]*$/u.test(text.trim()) && (text.match(/\d/g)?.length ?? 0) >= 3;
  return sentence || figure;
}

/** The document title from its metadata, unless it is empty or a tool's placeholder. */
function metadataTitle(info: Record<string, unknown>): string | undefined {
  const raw = typeof info.Title === "string" ? info.Title : "";
  const title = raw
    .replace(/^Microsoft (Word|PowerPoint) - /i, "")
    .replace(/\s+/g, " ")
    .trim();
  if (!title || isPlaceholderTitle(title) || /\.(docx?|pdf|pptx?|rtf|txt)$/i.test(title)) return undefined;
  return title;
}

/** The vertical extent of a page (PDF units, from its view box). */
export interface PageBox {
  bottom: number;
  top: number;
}

/** Structured text from the text items of each page (pure: the layout half of pdfToText). */
export function layoutPages(
  pageItems: readonly (readonly PdfTextItem[])[],
  boxes: readonly (PageBox | undefined)[] = [],
): { text: string; pageStarts: number[]; firstHeading?: string } {
  const pages = pageItems.map((items) => buildLines(items));
  const chrome = findChrome(pages, typography(pages).bodySize, boxes);
  const bodyPages = pages.map((lines) => lines.filter((l) => !chrome.has(l)));
  const type = typography(bodyPages);
  const pageBlockLists = bodyPages.map((lines) => pageBlocks(lines, type));

  const paragraphs: string[] = [];
  const pageStarts: number[] = [];
  let length = 0;
  const push = (text: string): void => {
    length += (paragraphs.length > 0 ? 2 : 0) + text.length;
    paragraphs.push(text);
  };
  let lastBlock: Block | undefined;
  for (const blocks of pageBlockLists) {
    let rest = blocks;
    const first = blocks[0];
    const lastParagraph = paragraphs[paragraphs.length - 1];
    // A paragraph that runs on over the page break stays one paragraph (on the page it starts on);
    // a numbered line that ends short at the foot of a page is a heading, not the start of one.
    if (
      first &&
      first.heading === undefined &&
      lastParagraph !== undefined &&
      // (In English a lower-case start says "continued" whatever the line lengths: columns make them unreliable.)
      !(lastBlock?.endsShort && BULLET.test(lastParagraph) && !/^\p{Ll}/u.test(first.text)) &&
      !lastParagraph.startsWith("#") &&
      !SENTENCE_END.test(lastParagraph) &&
      /^[\p{Ll}\p{Script=Han}]/u.test(first.text)
    ) {
      const joined = joinLines(lastParagraph, first.text);
      length += joined.length - lastParagraph.length;
      paragraphs[paragraphs.length - 1] = joined;
      rest = blocks.slice(1);
    }
    pageStarts.push(paragraphs.length === 0 ? 0 : length + 2);
    for (const block of rest) push(block.heading ? `${"#".repeat(block.heading)} ${block.text}` : block.text);
    lastBlock = blocks.at(-1) ?? lastBlock;
  }
  const firstHeading = pageBlockLists.flat().find((b) => b.heading !== undefined)?.text;
  return { text: paragraphs.join("\n\n"), pageStarts, ...(firstHeading ? { firstHeading } : {}) };
}

/** Extracts the text of a PDF page by page; throws UserError for encrypted or broken files. */
export async function pdfToText(bytes: Uint8Array): Promise<PdfText> {
  const pdf = await openPdf(bytes);
  try {
    const pageItems: PdfTextItem[][] = [];
    const boxes: (PageBox | undefined)[] = [];
    for (let n = 1; n <= pdf.numPages; n++) {
      try {
        const page = await pdf.getPage(n);
        const content = await page.getTextContent();
        pageItems.push(content.items.filter((item): item is typeof item & PdfTextItem => "str" in item && "transform" in item));
        const [, y0 = 0, , y1 = 0] = page.view;
        boxes.push({ bottom: Math.min(y0, y1), top: Math.max(y0, y1) });
        page.cleanup();
      } catch {
        // One damaged page must not cost the whole document: it is kept as an empty page.
        pageItems.push([]);
        boxes.push(undefined);
      }
    }
    if (pageItems.every((items) => items.every((item) => !item.str.trim()))) {
      throw new UserError("the PDF has no text layer (scanned pages need OCR, which is not supported)");
    }
    const layout = layoutPages(pageItems, boxes);
    let title: string | undefined;
    try {
      const meta = await pdf.getMetadata();
      title = metadataTitle(meta.info as Record<string, unknown>);
    } catch {
      // Broken metadata is no reason to refuse the text.
    }
    const source = title ? "metadata" : layout.firstHeading ? "heading" : undefined;
    return {
      text: layout.text,
      pageStarts: layout.pageStarts,
      pageCount: pdf.numPages,
      title: title ?? layout.firstHeading,
      ...(source ? { titleSource: source } : {}),
    };
  } finally {
    await pdf.destroy();
  }
}
