// The chunker: cleaned text → passages sized for the embedding model, each with its heading
// path and exact offsets into the cleaned text. It recognises Markdown/HTML headings and the
// outline headings of Chinese documents (一、 （一） 1. （1） 第X章/节), splits only at sentence
// ends (never inside a number) and carries one short sentence of overlap between neighbours.
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
  /** Smaller ranks are outer levels. */
  rank: number;
  label: string;
}

const CN_NUM = "一二三四五六七八九十百零〇两";
const HEADING_RULES: { pattern: RegExp; rank: number }[] = [
  { pattern: new RegExp(`^第[${CN_NUM}\\d]+[章篇部卷]`), rank: 2 },
  { pattern: new RegExp(`^第[${CN_NUM}\\d]+[节節]`), rank: 3 },
  { pattern: new RegExp(`^[${CN_NUM}]+[、．.]`), rank: 4 },
  { pattern: new RegExp(`^[（(][${CN_NUM}]+[）)]`), rank: 5 },
  { pattern: /^\d{1,2}[.．、](?!\d)\s*/, rank: 6 },
  { pattern: /^[（(]\d{1,2}[）)]/, rank: 7 },
];

/** Recognises a heading at the start of a paragraph and returns its rank and label. */
export function detectHeading(paragraph: string): Heading | undefined {
  const md = /^(#{1,6})\s+(.+)$/.exec(paragraph);
  if (md) return { rank: md[1]!.length, label: md[2]!.trim() };
  for (const rule of HEADING_RULES) {
    const marker = rule.pattern.exec(paragraph);
    if (!marker) continue;
    // The heading is the first clause after the marker: up to the first full stop (or the line).
    const rest = paragraph.slice(marker[0].length);
    const stopInRest = rest.search(/[。！？；:：!?;]|\.\s/);
    const stop = stopInRest >= 0 ? marker[0].length + stopInRest : -1;
    const label = (stop >= 0 ? paragraph.slice(0, stop) : paragraph).trim();
    const limit = rule.rank >= 6 ? 40 : 60;
    if (label.length < 2 || label.length > limit) return undefined;
    return { rank: rule.rank, label };
  }
  return undefined;
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
  const stack: Heading[] = [];
  for (const match of cleaned.matchAll(/[^\n]+/g)) {
    const paragraph = match[0];
    const start = match.index;
    const heading = detectHeading(paragraph.trim());
    if (heading) {
      while (stack.length > 0 && stack[stack.length - 1]!.rank >= heading.rank) stack.pop();
      stack.push(heading);
      // A Markdown heading is only a heading; an outline heading usually opens its paragraph.
      if (/^#{1,6}\s/.test(paragraph) || heading.label.length >= paragraph.trim().length - 1) continue;
    }
    const path = stack.map((h) => h.label);
    for (const sentence of splitSentences(paragraph, start)) {
      for (const piece of splitLongSentence(sentence, options.max)) units.push({ span: piece, path });
    }
  }

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
