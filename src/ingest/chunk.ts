// The chunker: cleaned text → passages sized for the embedding model, each with its heading
// path and exact offsets into the cleaned text. It recognises Markdown/HTML headings and the
// outline headings of Chinese documents (一、 （一） 1. （1） 第X章/节, and I. II.), keeps a
// numbered line that is really a sentence or list item as body text (it must look like a heading
// and count on from its siblings), nests numbering styles as each document does, splits only at
// sentence ends (never inside a number) and carries one short sentence of overlap between neighbours.
import { chineseNumeral } from "../text/numerals.js";
import { splitSentences, type Span } from "../text/sentences.js";

export interface Chunk {
  headingPath: string[];
  text: string;
  start: number;
  end: number;
}

export interface ChunkOptions {
  /** Preferred chunk size in units (a Han character is 1, an English word about 1.3). */
  target: number;
  /** Hard maximum; longer sentences are split at commas, then at safe positions. */
  max: number;
  /** Longest sentence carried over as overlap. */
  overlap: number;
}

export const DEFAULT_CHUNK_OPTIONS: ChunkOptions = { target: 350, max: 500, overlap: 90 };

const HAN = /\p{Script=Han}/gu;
const WORD = /[\p{L}\p{N}]+/gu;

/** Size of a text in model-ish units: Han characters plus ~1.3 per other word. */
export function textSize(text: string): number {
  const han = text.match(HAN)?.length ?? 0;
  const words = text.replace(HAN, " ").match(WORD)?.length ?? 0;
  return han + Math.round(words * 1.3);
}

export interface Heading {
  /** The default rank of its kind (smaller is outer); the outline's real nesting is decided in order of appearance. */
  rank: number;
  label: string;
  /** The kind of heading: "md2" for "## …", or the numbering style ("cn" for 一、, "cn-paren" for （一）, …). */
  style: string;
  /** The heading's number (三、 → 3), for checking that siblings count up. */
  number?: number;
  /** True when the heading is a line of its own; false when it opens a paragraph ("（一）学校建设。今年…"). */
  standalone: boolean;
}

const CN_NUM = "一二三四五六七八九十百零〇两";
const ROMAN: Readonly<Record<string, number>> = { I: 1, V: 5, X: 10 };

function romanNumeral(text: string): number | undefined {
  let total = 0;
  for (let i = 0; i < text.length; i++) {
    const value = ROMAN[text[i]!]!;
    const next = ROMAN[text[i + 1] ?? ""] ?? 0;
    total += value < next ? -value : value;
  }
  return total > 0 && total <= 30 ? total : undefined;
}

interface HeadingRule {
  style: string;
  pattern: RegExp;
  rank: number;
  /** Chapters and sections are always outer to enumerations; other styles nest as a document uses them. */
  structural?: boolean;
  number: (marker: string) => number | undefined;
}

const numberIn = (marker: string): number | undefined => chineseNumeral(marker.replace(/[^\d一二三四五六七八九十百零〇两]/g, ""));

const HEADING_RULES: HeadingRule[] = [
  { style: "chapter", pattern: new RegExp(`^第\\s*[${CN_NUM}\\d]+\\s*[章篇部卷]`), rank: 2, structural: true, number: numberIn },
  { style: "section", pattern: new RegExp(`^第\\s*[${CN_NUM}\\d]+\\s*[节節]`), rank: 3, structural: true, number: numberIn },
  { style: "roman", pattern: /^[IVX]{1,5}\.\s+(?=\S)/, rank: 3, number: (m) => romanNumeral(m.replace(/[.\s]/g, "")) },
  { style: "cn", pattern: new RegExp(`^[${CN_NUM}]+[、．.]`), rank: 4, number: numberIn },
  { style: "cn-paren", pattern: new RegExp(`^[（(][${CN_NUM}]+[）)]`), rank: 5, number: numberIn },
  { style: "num", pattern: /^\d{1,2}[.．、](?!\d)\s*/, rank: 6, number: numberIn },
  { style: "num-paren", pattern: /^[（(]\d{1,2}[）)]/, rank: 7, number: numberIn },
];

// After an outline number, a numeral and a quantity make a range ("三、四十年前": thirty or
// forty years), not a heading numbered 三.
const NUMBER_RANGE = new RegExp(`^[${CN_NUM}]+[十百千万亿年个岁天月日次种多余位名]`);
/**
 * True when the text after an outline number, up to its stop, reads like a heading that opens its
 * paragraph: at most two short parallel phrases ("（一）坚持从严治党，提升党建工作水平。"), no
 * enumeration (、) and no long clause ("（二）厨余垃圾，是指家庭中产生的…" is an item of a list).
 */
function isRunInLabel(label: string): boolean {
  if (/[、；;]/.test(label)) return false;
  const phrases = label.split(/[，,]/);
  return phrases.length <= 2 && phrases.every((phrase) => Array.from(phrase.trim()).length <= 14);
}
// Sentence ends and the colon of "一、总体要求：…" close a heading that opens its paragraph.
const HEADING_STOP = /[。！？；:：!?;]|\.\s/;

/**
 * Recognises a heading at the start of a paragraph by its shape alone: a Markdown heading, or an
 * outline number followed by a short label that is not a sentence. A line of its own may be a
 * heading ("二、坚持稳中求进，推动高质量发展") unless it ends like a sentence or list item (。；);
 * a heading that opens a paragraph must be one or two short phrases ("（一）学校建设。今年…").
 */
export function detectHeading(paragraph: string): Heading | undefined {
  const md = /^(#{1,6})\s+(.+)$/.exec(paragraph);
  if (md) return { rank: md[1]!.length, label: md[2]!.trim(), style: `md${md[1]!.length}`, standalone: true };
  for (const rule of HEADING_RULES) {
    const marker = rule.pattern.exec(paragraph);
    if (!marker) continue;
    const rest = paragraph.slice(marker[0].length);
    if (!rule.structural && NUMBER_RANGE.test(rest.trimStart())) return undefined;
    const stopInRest = rest.search(HEADING_STOP);
    const limit = rule.rank >= 6 ? 40 : 60;
    const number = rule.number(marker[0]);
    let label: string;
    let standalone: boolean;
    if (stopInRest < 0) {
      label = paragraph.trim();
      standalone = true;
    } else {
      label = paragraph.slice(0, marker[0].length + stopInRest).trim();
      const after = rest.slice(stopInRest + 1).trim();
      // A label that introduces what follows ("1. 譚耀宗議員問：") is a heading of its own line.
      if (after.length === 0 && /[:：]/.test(rest[stopInRest]!)) return headingOf(rule, paragraph.trim().replace(/[:：]$/, ""), true, number, limit);
      // A line that is one sentence or list item ("（五）国家的其他规定。") is not a heading.
      if (after.length === 0 && !rule.structural) return undefined;
      // Nor is a paragraph that opens with a clause of a sentence, unless it is a chapter.
      if (!rule.structural && (!isRunInLabel(rest.slice(0, stopInRest)) || /[；;]/.test(rest[stopInRest]!))) return undefined;
      standalone = after.length === 0;
    }
    return headingOf(rule, label, standalone, number, limit);
  }
  return undefined;
}

function headingOf(rule: HeadingRule, label: string, standalone: boolean, number: number | undefined, limit: number): Heading | undefined {
  const marker = rule.pattern.exec(label)?.[0] ?? "";
  if (label.length - marker.trim().length < 1 || label.length > limit) return undefined;
  return { rank: rule.rank, label, style: rule.style, standalone, ...(number !== undefined ? { number } : {}) };
}

/**
 * Numbered lines that follow one another with nothing between them (1. 2. 3. of a list of
 * documents tabled) are the items of a list: a heading has text of its own before the next one.
 */
function listItems(headings: readonly (Heading | undefined)[]): boolean[] {
  const flags = headings.map(() => false);
  const numbered = (h: Heading | undefined): h is Heading & { number: number } =>
    h?.standalone === true && h.number !== undefined && !h.style.startsWith("md") && h.style !== "chapter" && h.style !== "section";
  for (let i = 0; i + 1 < headings.length; i++) {
    const [a, b] = [headings[i], headings[i + 1]];
    if (numbered(a) && numbered(b) && a.style === b.style && b.number === a.number + 1) flags[i] = flags[i + 1] = true;
  }
  return flags;
}

/** One open heading of the outline, with the last number each numbering style reached under it. */
interface OpenHeading {
  heading: Heading;
  lastChild: Map<string, number>;
}

/**
 * The outline as a document unfolds it: numbering styles nest in the order the document uses them
 * (an agenda may put 1. above （一）), Markdown levels by their level, chapters and sections above
 * any enumeration. A numbered candidate must count on from its siblings (三、 after 二、, or a new
 * list from 一), so a stray number inside the text does not become a section.
 */
class Outline {
  private readonly root = new Map<string, number>();
  private readonly stack: OpenHeading[] = [];

  /** The labels of the open headings, outermost first. */
  path(): string[] {
    return this.stack.map((open) => open.heading.label);
  }

  /** Where a heading would attach: how many open headings stay above it. */
  private depthFor(heading: Heading): number {
    if (heading.style.startsWith("md")) {
      let depth = this.stack.length;
      // A Markdown heading closes enumerations and Markdown headings of its level or deeper.
      while (depth > 0) {
        const top = this.stack[depth - 1]!.heading;
        if (top.style.startsWith("md") && top.rank < heading.rank) break;
        depth--;
      }
      return depth;
    }
    const same = this.stack.findIndex((open) => open.heading.style === heading.style);
    if (same >= 0) return same;
    let depth = this.stack.length;
    if (heading.style === "chapter" || heading.style === "section") {
      while (depth > 0) {
        const top = this.stack[depth - 1]!.heading;
        if (top.style.startsWith("md") || (heading.style === "section" && top.style === "chapter")) break;
        depth--;
      }
    }
    return depth;
  }

  /** Opens the heading if it fits the outline (its numbering counts on); false leaves it body text. */
  open(heading: Heading): boolean {
    const depth = this.depthFor(heading);
    const siblings = depth === 0 ? this.root : this.stack[depth - 1]!.lastChild;
    if (heading.number !== undefined && !heading.style.startsWith("md")) {
      const last = siblings.get(heading.style);
      const counts = heading.number === 1 || (last !== undefined ? heading.number === last + 1 : false);
      // A line of its own may skip a number (a page lost in conversion) but never count back.
      const plausible = heading.standalone && (last === undefined || heading.number > last);
      if (!counts && !plausible && !HEADING_RULES.find((rule) => rule.style === heading.style)?.structural) return false;
      siblings.set(heading.style, heading.number);
    }
    this.stack.length = depth;
    this.stack.push({ heading, lastChild: new Map() });
    return true;
  }
}

const HAN_CHAR = /\p{Script=Han}/u;
const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;
const DIGIT = /\p{N}/u;

/** True when cutting before index i would split a word or a number (92.8%, 1,234,567, 10:30). */
function cutsThrough(text: string, i: number): boolean {
  const before = text[i - 1] ?? "";
  const after = text[i] ?? "";
  if (/[\p{L}\p{N}.]/u.test(before) && LETTER_OR_DIGIT.test(after)) return !/\p{Script=Han}/u.test(before + after);
  if (DIGIT.test(before) && /[.,:%％]/.test(after)) return after === "%" || after === "％" || DIGIT.test(text[i + 1] ?? "");
  if (/[.,:]/.test(before) && DIGIT.test(after)) return DIGIT.test(text[i - 2] ?? "");
  return false;
}

/** Splits a sentence longer than max at commas, then at positions that are not inside a number or word. */
export function splitLongSentence(span: Span, max: number): Span[] {
  if (textSize(span.text) <= max) return [span];
  const pieces: Span[] = [];
  let start = 0;
  const text = span.text;
  while (start < text.length) {
    // The window grows one character at a time with its size kept as it goes: measuring every
    // candidate window anew made a long unpunctuated line (a CSV, a log) quadratic.
    let end = start;
    let han = 0;
    let words = 0;
    let inWord = false;
    let lastComma = -1;
    let lastSafe = -1;
    while (end < text.length) {
      const ch = String.fromCodePoint(text.codePointAt(end)!);
      const isHan = HAN_CHAR.test(ch);
      const isWordChar = !isHan && LETTER_OR_DIGIT.test(ch);
      const nextHan = han + (isHan ? 1 : 0);
      const nextWords = words + (isWordChar && !inWord ? 1 : 0);
      if (nextHan + Math.round(nextWords * 1.3) > max) break;
      // The comma of 1,234,567 and the colon of 10:30 are not clause breaks.
      if ("，,、：:".includes(ch) && !cutsThrough(text, end + 1)) lastComma = end + 1;
      if (end > start && !cutsThrough(text, end)) lastSafe = end;
      han = nextHan;
      words = nextWords;
      inWord = isWordChar;
      // A whole code point at a time: a cut never separates the halves of a surrogate pair.
      end += ch.length;
    }
    let cut = end >= text.length ? text.length : lastComma > start ? lastComma : lastSafe > start ? lastSafe : end;
    if (cut <= start) cut = Math.min(text.length, start + String.fromCodePoint(text.codePointAt(start)!).length);
    const piece = text.slice(start, cut);
    const lead = piece.length - piece.trimStart().length;
    const trimmed = piece.trim();
    if (trimmed) pieces.push({ text: trimmed, start: span.start + start + lead, end: span.start + start + lead + trimmed.length });
    start = cut;
  }
  return pieces;
}

interface Unit {
  span: Span;
  path: string[];
}

/** Splits cleaned text into chunks with heading paths and offsets (text === cleaned.slice(start, end)). */
export function chunkText(cleaned: string, options: ChunkOptions = DEFAULT_CHUNK_OPTIONS): Chunk[] {
  const units: Unit[] = [];
  const outline = new Outline();
  const paragraphs = [...cleaned.matchAll(/[^\n]+/g)].filter((match) => match[0].trim() !== "");
  const headings = paragraphs.map((match) => detectHeading(match[0].trim()));
  const inList = listItems(headings);
  paragraphs.forEach((match, i) => {
    const paragraph = match[0];
    const start = match.index;
    const heading = inList[i] ? undefined : headings[i];
    if (heading && outline.open(heading)) {
      // A Markdown heading is only a heading; an outline heading usually opens its paragraph.
      if (/^#{1,6}\s/.test(paragraph) || heading.label.length >= paragraph.trim().length - 1) return;
    }
    const path = outline.path();
    for (const sentence of splitSentences(paragraph, start)) {
      for (const piece of splitLongSentence(sentence, options.max)) units.push({ span: piece, path });
    }
  });

  const chunks: Chunk[] = [];
  let current: Unit[] = [];
  let size = 0;
  const flush = (): void => {
    if (current.length === 0) return;
    const first = current[0]!;
    const last = current[current.length - 1]!;
    chunks.push({ headingPath: first.path, start: first.span.start, end: last.span.end, text: cleaned.slice(first.span.start, last.span.end) });
  };
  for (const unit of units) {
    const unitSize = textSize(unit.span.text);
    const sameSection = current.length > 0 && current[0]!.path.join("\u0000") === unit.path.join("\u0000");
    if (current.length > 0 && (!sameSection || size + unitSize > options.target)) {
      flush();
      const tail = current[current.length - 1]!;
      const carry = sameSection && current.length > 1 && textSize(tail.span.text) <= options.overlap && textSize(tail.span.text) + unitSize <= options.max;
      current = carry ? [tail] : [];
      size = carry ? textSize(tail.span.text) : 0;
    }
    current.push(unit);
    size += unitSize;
  }
  flush();
  return chunks;
}
