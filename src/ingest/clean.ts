// The cleaner: turns loaded text (web scrapes included) into the text we store and cite.
// It works by general rules, never by strings of one document:
//  - pinyin notes glued after Han characters (當(dāng)前) are removed, real parentheticals kept;
//  - lines that are page chrome are dropped: keyword/SEO lists, breadcrumbs, "field | field"
//    metadata, URL lines, repeated title labels, garbage, script and style lines a text dump
//    kept, a collector's header (Fetched:, HTTP status:), page numbers of running headers and
//    footers ("Page 1 of 4", 第1页 共4页), the running footer and header of a paginated text (a
//    line that recurs with a rising page number, and the fixed line after it), and (outside the
//    main body only)
//    toolbars, site menus (runs of short fragments), footers and disclaimers;
//  - a teaser outside the body that repeats text found later is dropped (the later, full text is
//    kept); inside the body, text said twice (alike articles, table rows, FAQ answers) stays;
//  - white space and wide ASCII forms are normalised.
// A line that carries sentences of the main body is never dropped.
import { CHINESE_NUMERALS, CRAWL_LABELS, PAGE_BOILERPLATE, PAGE_NUMBER_WORDS, PINYIN_FINALS, PINYIN_INITIALS, PINYIN_TONE_VOWELS } from "../text/lexicon.js";
import { escapeRegExp, foldForSearch, normalizeForStore } from "../text/normalize.js";
import { isPageMarker } from "./pages.js";

export interface CleanResult {
  text: string;
  /** The title found in the text (the short line that the page repeats), if any. */
  title?: string;
  removed: { line: string; reason: string }[];
}

const PINYIN_NOTE = new RegExp(
  `(\\p{Script=Han})[(（]\\s*([a-zü${PINYIN_TONE_VOWELS}]+(?:[1-5])?(?:\\s+[a-zü${PINYIN_TONE_VOWELS}]+[1-5]?){0,3})\\s*[)）]`,
  "gu",
);
const SYLLABLE = new RegExp(`^(?:${PINYIN_INITIALS.join("|")})?(?:${PINYIN_FINALS.join("|")})$`);

function stripTones(syllable: string): string {
  return syllable
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .normalize("NFC")
    .replace(/[1-5]$/, "");
}

/** True when the text in brackets is a pinyin reading (tone marks or tone digits required). */
export function isPinyinNote(inner: string): boolean {
  const syllables = inner.trim().split(/\s+/);
  const toned = new RegExp(`[${PINYIN_TONE_VOWELS}]|[a-zü][1-5]$`);
  return syllables.every((s) => SYLLABLE.test(stripTones(s)) && toned.test(s));
}

// A reading whose character was lost in a bad conversion: "?qū)" or "\uFFFDqū)".
const ORPHAN_NOTE = new RegExp(`[?\uFFFD][(（]?([a-zü${PINYIN_TONE_VOWELS}]+[1-5]?)[)）]`, "gu");

/** Removes pinyin readings written in brackets right after Han characters. */
export function removePinyinNotes(text: string): string {
  return text
    .replace(PINYIN_NOTE, (whole, han: string, inner: string) => (isPinyinNote(inner) ? han : whole))
    .replace(ORPHAN_NOTE, (whole, inner: string) => (isPinyinNote(inner) ? "" : whole));
}

const SENTENCE_END = /[。！？；!?;]|\.(\s|$)/;
const HAN = /\p{Script=Han}/gu;
const LATIN_WORD = /\p{L}[\p{L}\p{M}'’-]*/gu;
// Outline items and numbered articles (第十条, 第 3 條): each says its own thing, however alike.
const OUTLINE_START =
  /^(#{1,6}\s|[一二三四五六七八九十百]+[、.．]|[（(][一二三四五六七八九十百\d]+[）)]|\d{1,2}[.．、]\s*\D|第\s*[一二三四五六七八九十百零〇\d]+\s*[章节節篇部条條款])/;

/** Characters that carry content: Han characters and letters of words. */
function contentSize(line: string): number {
  const han = line.match(HAN)?.length ?? 0;
  const words = line.replace(HAN, " ").match(LATIN_WORD)?.length ?? 0;
  return han + words * 3;
}

function hasBoilerplate(line: string): boolean {
  const folded = foldForSearch(line);
  return PAGE_BOILERPLATE.some((marker) => folded.includes(marker));
}

// A page-number line of a running header or footer (folded): "Page 1 of 4", "page 3", "- 3 -",
// "3 / 12", 第1页, 第 1 页 共 4 页, 共4页 第1页. At a page's edge (where a PDF loader knows the line
// stands) a bare figure ("12", "-3-", "3 of 4", "3/4") numbers the page as well.
const PAGE_NUMBER_PATTERNS = (() => {
  const { page, total, chineseOrdinal, chineseTotal, chineseUnit } = PAGE_NUMBER_WORDS;
  const n = "\\d{1,4}";
  const cn = `(?:\\d{1,4}|[${CHINESE_NUMERALS}]{1,6})`;
  const pageWord = `(?:${page.map(escapeRegExp).join("|")})\\.?`;
  const of = `(?:${total.map(escapeRegExp).join("|")}|/)`;
  const english = `${pageWord}\\s*${n}(?:\\s*${of}\\s*${n})?`;
  const ordinal = `${chineseOrdinal}\\s*${cn}\\s*${chineseUnit}`;
  const count = `${chineseTotal}\\s*${cn}\\s*${chineseUnit}`;
  const chinese = `${ordinal}(?:\\s*[,，/]?\\s*${count})?|${count}\\s*[,，/]?\\s*${ordinal}`;
  // "3/12" without spaces may be a date: a bare page count sets its slash apart.
  const bare = `[-–—]\\s*${n}\\s*[-–—]|${n}\\s+/\\s+${n}`;
  const edge = `(?:${pageWord}\\s*)?[-–—]?\\s*${n}\\s*[-–—]?(?:\\s*${of}\\s*${n})?`;
  return { anywhere: new RegExp(`^(?:${english}|${chinese}|${bare})$`), edge: new RegExp(`^(?:${edge})$`) };
})();

/**
 * True when a line only numbers its page ("Page 1 of 4", "- 3 -", 第1页 共4页): page chrome, never
 * content or a title. `atPageEdge`: the line is known to be a page's first or last (a bare figure counts).
 */
export function isPageNumberLine(line: string, atPageEdge = false): boolean {
  const folded = foldForSearch(line).replace(/\s+/g, " ").trim();
  return PAGE_NUMBER_PATTERNS.anywhere.test(folded) || (atPageEdge && PAGE_NUMBER_PATTERNS.edge.test(folded));
}

function isUrlLine(line: string): boolean {
  const withoutUrls = line.replace(/(?:https?:\/\/|www\.)\S+/gi, "");
  return withoutUrls.length < line.length && contentSize(withoutUrls) <= 8;
}

/** A row of a Markdown or text table ("| a | b |", "Fee | 600 |"): cells, not chrome. */
function isTableRow(line: string): boolean {
  return /^\|.*\|$|^[^|]+\|\s*$|^\|/.test(line) || ((line.match(/\|/g)?.length ?? 0) >= 2 && /\d/.test(line));
}

/** Short items joined by commas or 、 with no sentence in them: SEO keywords, tag lists, slogans. */
function isKeywordList(line: string): boolean {
  if (SENTENCE_END.test(line) || OUTLINE_START.test(line) || line.length > 200 || isTableRow(line)) return false;
  const afterLabel = line.includes(":") || line.includes("：") ? line.split(/[:：]/).pop()! : line;
  const items = afterLabel
    .split(/[,，、;；|/]/)
    .map((s) => s.trim())
    .filter(Boolean);
  if (items.length < 3) return false;
  // Tags and SEO keywords are words; a list that carries figures (a document number, 1,612人) is a statement.
  return items.every((item) => contentSize(item) <= 12 && !/\d/.test(item));
}

/** "Home > Section > Page": several short segments joined by > › » or →. */
function isBreadcrumb(line: string): boolean {
  const parts = line.split(/\s*(?:>|›|»|→|＞)\s*/);
  if (parts.length < 3) return false;
  return parts.every((p) => contentSize(p) <= 40) && !/[。！？]/.test(line);
}

/** "Site: X | Time: Y | Mobile: Z": label-value fields separated by bars. */
function isFieldLine(line: string): boolean {
  if (/^\|/.test(line)) return false; // a table row whose cells happen to say "label: value"
  const parts = line.split(/\s*[|｜]\s*/).filter(Boolean);
  if (parts.length < 2) return false;
  const labelled = parts.filter((p) => /^[^:：]{1,12}[:：]/.test(p)).length;
  return labelled >= 2 && !/[。！？]/.test(line);
}

function isGarbage(line: string): boolean {
  if (contentSize(line) === 0 && !/\d{2,}/.test(line)) return true;
  // Leader dots and rules of a table row ("$85 ...... $0 ....... $6,205") are layout, not noise.
  const unled = line.replace(/\s*(?:\.{2,}|…+|_{3,}|-{3,}|·{3,})\s*/g, " ");
  const symbols = unled.replace(/[\p{L}\p{N}\s]/gu, "").length;
  return unled.length >= 4 && symbols / unled.length > 0.5;
}

function isSentenceLine(line: string): boolean {
  return SENTENCE_END.test(line);
}

// Marks of program text: braces, arrows, strict comparisons, jQuery and method calls, calls with a
// literal argument, statements closed by ";", comments. Prose has one of them at most (a list
// item ending in ";"), so two make a line of script or style sheet that a text dump kept.
const CODE_MARK = /[{}]|=>|[=!]==?|&&|\|\||\$[.(]|\w\(\s*\)|\w\(["'$]|["')\]]\);?$|[\w)]\.\w+\(|;\s*$|^\/\/|^\/\*|\*\/$|\b(?:var|const|function)\s/g;

/** True when a line is program text (JavaScript, CSS) rather than prose. */
function isCodeLine(line: string): boolean {
  return (line.match(CODE_MARK)?.length ?? 0) >= 2;
}

/**
 * Marks the lines of script and style sheets: code lines, and the short ASCII lines between them
 * ("else", "return false;", "type: \"POST\",") that only make sense as part of the code.
 * Fenced blocks (```) are the author's own examples and are left alone.
 */
function codeLines(lines: readonly string[]): boolean[] {
  const flags = lines.map((line) => isCodeLine(line));
  let fenced = false;
  lines.forEach((line, i) => {
    if (/^(?:```|~~~)/.test(line)) fenced = !fenced;
    if (fenced || /^(?:```|~~~)/.test(line)) flags[i] = false;
  });
  const mark = new RegExp(CODE_MARK.source);
  const codeLike = (line: string): boolean => /^[\x20-\x7e]+$/.test(line) && !/[.!?]\s+\p{Lu}/u.test(line) && (mark.test(line) || line.split(" ").length <= 2);
  // Grow each block of code over its code-like neighbours, in both directions, until it stops.
  for (let changed = true; changed; ) {
    changed = false;
    for (let i = 0; i < lines.length; i++) {
      if (flags[i] || !(flags[i - 1] || flags[i + 1])) continue;
      if (codeLike(lines[i]!)) flags[i] = changed = true;
    }
  }
  return flags;
}

/** A collector's header line: "Fetched (UTC): 2026-01-20T04:16:36Z", "HTTP status: 200". */
export function isCrawlHeader(line: string): boolean {
  const match = /^([^:：]{2,30})[:：]\s*(.{0,40})$/.exec(foldForSearch(line));
  if (!match) return false;
  const label = match[1]!.replace(/\(.*?\)/g, "").trim();
  return CRAWL_LABELS.includes(label);
}

// Separators between the items of a toolbar, breadcrumb or menu line.
const ITEM_SEPARATORS = /\s*[|｜•·»›>＞/]\s*|\s+/;

/**
 * A toolbar or menu line: four or more short items (at most four characters of content each)
 * and neither a sentence nor a figure, e.g. "下载 打印 全屏 收藏 【字号：加大 还原 减小】" or
 * "Print | Share | Email | Save".
 * Chinese writes no spaces inside a phrase, so spaces separate Han items; Latin items need a
 * separator mark, since a space only separates words of one title.
 */
function isToolbar(line: string): boolean {
  // A line with a figure is a statement or a date (民國 113 年 05 月 24 日), never a row of buttons.
  if (/[。！？!?]|\d/.test(line)) return false;
  const hanLine = (line.match(HAN)?.length ?? 0) >= (line.match(LATIN_WORD)?.length ?? 0);
  const items = line
    .replace(/[【】[\]()（）「」]/g, " ")
    .split(hanLine ? ITEM_SEPARATORS : /\s*[|｜•·»›>＞/]\s*/)
    .map((item) => item.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, ""))
    .filter(Boolean);
  return items.length >= 4 && items.every((item) => contentSize(item) <= (hanLine ? 4 : 6));
}

// A token is a Han character or a word: shingles of characters would make English lines "repeat"
// any long English text, since six letters in a row ("ationo", "ingthe") recur everywhere.
const TOKEN = /\p{Script=Han}|[\p{L}\p{N}]+/gu;

/** Overlapping runs of n tokens of a line (its shingles), for spotting text said twice. */
function shingles(text: string, n: number): string[] {
  const tokens = foldForSearch(text).match(TOKEN) ?? [];
  const out: string[] = [];
  for (let i = 0; i + n <= tokens.length; i++) out.push(tokens.slice(i, i + n).join(" "));
  return out;
}

/**
 * Marks lines whose text mostly reappears later (teasers, summaries that repeat the opening):
 * the later copy is the one kept. Only lines outside the body are dropped for it (see cleanText):
 * inside the body, laws, tables and FAQs say nearly the same thing twice on purpose.
 */
function repeatedEarlier(lines: readonly string[]): boolean[] {
  const n = 5;
  const later = new Map<string, number>(); // n-gram → count in lines after the current one
  const laterNumbers = new Set<string>();
  const grams = lines.map((line) => shingles(line, n));
  const flags = new Array<boolean>(lines.length).fill(false);
  for (let i = lines.length - 1; i >= 0; i--) {
    const own = grams[i]!;
    const numbers = lines[i]!.match(NUMBER) ?? [];
    if (own.length >= 8 && contentSize(lines[i]!) >= 20) {
      const covered = own.filter((g) => (later.get(g) ?? 0) > 0).length;
      // A teaser repeats its figures too: a line with a figure found nowhere later is its own
      // statement ("opened 12 parks" in a review, "add 20 parks" in the plan), however alike.
      flags[i] = covered / own.length >= 0.6 && numbers.every((number) => laterNumbers.has(number));
    }
    for (const g of own) later.set(g, (later.get(g) ?? 0) + 1);
    for (const number of numbers) laterNumbers.add(number);
  }
  return flags;
}

const NUMBER = /\d+(?:[.,]\d+)*/g;

// A running header or footer is short: a title, an author, a date and a page number.
const RUNNING_LINE_MAX = 80;

/**
 * Marks the running headers and footers of a paginated text (an RFC's "de Jong [Page 3]" and
 * "Internet-Draft remoteStorage December 2014", a PDF dump's "Annual Report 2019 12"): a short
 * line that recurs with a different number at three page breaks or more (its page number), and
 * the fixed line right after such a footer. Lines that only repeat (a table's header row,
 * "Note:") never change a number, so they stay.
 */
function runningLines(lines: readonly string[]): boolean[] {
  const masked = lines.map((line) => line.replace(/\d+/g, "#"));
  const occurrences = new Map<string, number[]>();
  const counts = new Map<string, number>();
  lines.forEach((line, i) => {
    counts.set(line, (counts.get(line) ?? 0) + 1);
    if (!mayRun(line) || !/\d/.test(line) || (line.match(/\d+/g)?.length ?? 0) > 2) return;
    occurrences.set(masked[i]!, [...(occurrences.get(masked[i]!) ?? []), i]);
  });
  const footer = lines.map(() => false);
  for (const at of occurrences.values())
    if (at.length >= 3 && isPageCount(at.map((i) => lines[i]!))) for (const i of at) footer[i] = !isSentenceLine(lines[i]!);
  return lines.map((line, i) => footer[i]! || (i > 0 && footer[i - 1]! && (counts.get(line) ?? 0) >= 3 && mayRun(line) && !isSentenceLine(line)));
}

/** True when lines alike but for their numbers count pages: one number rises from each to the next, the others stay. */
function isPageCount(lines: readonly string[]): boolean {
  const numbers = lines.map((line) => (line.match(/\d+/g) ?? []).map(Number));
  const width = numbers[0]!.length;
  const varying = Array.from({ length: width }, (_, k) => k).filter((k) => numbers.some((n) => n[k] !== numbers[0]![k]));
  if (varying.length !== 1) return false;
  const k = varying[0]!;
  return numbers.every((n, i) => i === 0 || n[k]! > numbers[i - 1]![k]!);
}

/** True when a line could run at a page's edge: some words beside its numbers, no heading, article number or URL. */
function mayRun(line: string): boolean {
  const words = contentSize(line.replace(/\d+/g, " "));
  return words >= 6 && words <= RUNNING_LINE_MAX && !OUTLINE_START.test(line) && !isUrlLine(line);
}

/**
 * The page title: a short non-sentence line near the top that the page repeats elsewhere. Only
 * lines before the first outline item count: past it, a repeated line is an item of the document
 * (an agenda's "financial statements for the year…"), not its name.
 */
function findTitle(lines: readonly string[], bodyStart: number, code: readonly boolean[]): { title?: string; index: number } {
  let best: { title: string; index: number; repeats: number } | undefined;
  const firstItem = lines.findIndex((line) => OUTLINE_START.test(line) && !/^#{1,6}\s/.test(line));
  const limit = Math.min(lines.length, Math.max(bodyStart + 1, 12), firstItem < 0 ? lines.length : firstItem);
  for (let i = 0; i < limit; i++) {
    const line = lines[i]!.replace(/^#{1,6}\s+/, "");
    if (line.length < 4 || line.length > 80 || isSentenceLine(line) || isKeywordList(line) || isBreadcrumb(line) || isFieldLine(line)) continue;
    if (code[i] || isToolbar(line) || isCrawlHeader(line) || isUrlLine(line) || !/\p{Script=Han}{2}|\p{L}{2,}\s+\p{L}{2,}/u.test(line)) continue;
    let repeats = 0;
    for (let j = 0; j < lines.length; j++) if (j !== i && lines[j]!.includes(line)) repeats++;
    if (!best || repeats > best.repeats) best = { title: line, index: i, repeats };
  }
  if (best && best.repeats > 0) return { title: best.title, index: best.index };
  const heading = lines.slice(0, limit).findIndex((l) => /^#\s+\S/.test(l));
  if (heading >= 0) return { title: lines[heading]!.replace(/^#\s+/, ""), index: -1 };
  return { index: -1 };
}

// A bulleted or numbered list item ("* 507 in case …", "- item", "2. The provider …").
const LIST_ITEM = /^(?:[-*+•]\s|\d{1,2}[.)]\s)/;
const BLOCK_START = /^(#{1,6}\s|[-*+•]\s|\d{1,2}[.)．、]|[（(][\d一二三四五六七八九十]+[）)]|[一二三四五六七八九十]+、|第[一二三四五六七八九十\d]+[章节節])/;

function isChromeLine(line: string): boolean {
  return hasBoilerplate(line) || isUrlLine(line) || isBreadcrumb(line) || isFieldLine(line);
}

/**
 * True when a line is page chrome wherever it stands: boilerplate, a URL, keywords, a breadcrumb,
 * metadata fields, code, a collector's header, a toolbar or a page number.
 */
export function isPageChrome(line: string): boolean {
  return isChromeLine(line) || isKeywordList(line) || isCodeLine(line) || isCrawlHeader(line) || isToolbar(line) || isPageNumberLine(line);
}

/** Joins lines that a file hard-wrapped inside one paragraph (English prose, or long Han lines). */
export function unwrapLines(text: string): string {
  const lines = text.split("\n");
  const width = wrapWidth(lines);
  const out: string[] = [];
  for (const line of lines) {
    const prev = out[out.length - 1];
    const current = line.trim();
    // A list item's text wraps too ("* 401 for all requests that don't have a bearer token with" /
    // "sufficient permissions,"); a heading's line never runs on.
    const opensBlock = prev !== undefined && BLOCK_START.test(prev.trim());
    const listItem = opensBlock && LIST_ITEM.test(prev.trim());
    // A chrome line ("关键词：…", a breadcrumb, a URL) is not the start of a wrapped paragraph:
    // glued to it, the paragraph would share its fate and be dropped with it.
    if (
      prev !== undefined &&
      prev.trim() !== "" &&
      current !== "" &&
      !BLOCK_START.test(current) &&
      (!opensBlock || listItem) &&
      !isChromeLine(prev.trim()) &&
      !isCodeLine(prev.trim()) &&
      !isCodeLine(current) &&
      !isPageNumberLine(prev.trim()) &&
      !isPageNumberLine(current)
    ) {
      const p = prev.trimEnd();
      if (/[\p{L},;)-]$/u.test(p) && !/\p{Script=Han}$/u.test(p) && /^[\p{Ll}(]/u.test(current) && p.length >= 30) {
        out[out.length - 1] = p.endsWith("-") && /\p{L}-$/u.test(p) ? p.slice(0, -1) + current : `${p} ${current}`;
        continue;
      }
      // A Han line runs on into the next one when it stops mid-sentence and the next starts with a
      // character, a quote or a bracket; or with a figure ("…只有" / "9 800個單位") when the line is
      // as full as the file's wrapped lines (a title or toolbar line before "2026年…" is not).
      const opens = /^[\p{Script=Han}“‘「『《〈（]/u.test(current) || (/^\d/.test(current) && Array.from(p).length >= 0.9 * width);
      if (!opensBlock && /[\p{Script=Han}，,、”’」』》）]$/u.test(p) && opens && Array.from(p).length >= 20) {
        out[out.length - 1] = p + current;
        continue;
      }
    }
    out.push(line);
  }
  return out.join("\n");
}

/** The width a file's Han lines were hard-wrapped at: the 90th percentile of their lengths (characters). */
function wrapWidth(lines: readonly string[]): number {
  const lengths = lines
    .map((line) => line.trim())
    .filter((line) => /\p{Script=Han}/u.test(line) && Array.from(line).length >= 20)
    .map((line) => Array.from(line).length)
    .sort((a, b) => a - b);
  return lengths[Math.floor(lengths.length * 0.9)] ?? Number.POSITIVE_INFINITY;
}

// A menu is a run of this many short fragments or more; a title block (立法會 / 議程 / date) is shorter.
const MENU_RUN = 5;

/**
 * What a line is to a menu: an item (a few characters of content, no sentence, no figure, not an
 * outline item or heading), neutral (a short line with a figure, such as a date beside its label:
 * neither part of the menu nor the end of it), or other.
 */
function menuRole(line: string): "item" | "neutral" | "other" {
  if (contentSize(line) > 12 || isSentenceLine(line) || OUTLINE_START.test(line) || /^#{1,6}\s/.test(line)) return "other";
  return /\d/.test(line) ? "neutral" : "item";
}

// A Chinese character or full-width mark, for letter spacing (spaces never separate Chinese words).
const CJK = "\\p{Script=Han}\\u3000-\\u303F\\uFF01-\\uFF0F\\uFF1A-\\uFF20";
const SPACED_PAIR = new RegExp(`[${CJK}] (?=[${CJK}])`, "gu");
const ADJACENT_PAIR = new RegExp(`[${CJK}](?=[${CJK}])`, "gu");

/**
 * Closes letter-spaced Chinese ("來 自 持 續 經 營 業 務" → "來自持續經營業務"): justified PDFs
 * put a space between every character, which splits every word for search and quoting. A line is
 * letter-spaced when most of its character pairs are spaced; in a document where most are, so is
 * a line of two or three characters ("股 息"). Spaces beside Latin letters and digits stay.
 */
export function closeLetterSpacing(lines: readonly string[]): string[] {
  const counts = lines.map((line) => ({ spaced: line.match(SPACED_PAIR)?.length ?? 0, adjacent: line.match(ADJACENT_PAIR)?.length ?? 0 }));
  const spaced = counts.reduce((n, c) => n + c.spaced, 0);
  const adjacent = counts.reduce((n, c) => n + c.adjacent, 0);
  const documentSpaced = spaced >= 20 && spaced > adjacent;
  return lines.map((line, i) => {
    const c = counts[i]!;
    const close = (c.spaced >= 2 && c.spaced > c.adjacent) || (documentSpaced && c.spaced >= 1 && c.spaced >= c.adjacent);
    return close ? line.replace(SPACED_PAIR, (pair) => pair.slice(0, -1)) : line;
  });
}

/** Cleans loaded text; `knownTitle` (from <title> or metadata) helps spot repeated title lines. */
export function cleanText(raw: string, knownTitle?: string): CleanResult {
  const normalised = unwrapLines(removePinyinNotes(normalizeForStore(raw)));
  const lines = closeLetterSpacing(normalised.split("\n").map((line) => line.replace(/[ ]{2,}/g, " ").trim())).filter((line) => line.length > 0);
  const removed: CleanResult["removed"] = [];
  const repeated = repeatedEarlier(lines);
  const code = codeLines(lines);
  const running = runningLines(lines);

  const isBodyLine = (i: number): boolean => {
    const line = lines[i]!;
    return (
      (!repeated[i] || OUTLINE_START.test(line)) && !code[i] && contentSize(line) >= 30 && isSentenceLine(line) && !hasBoilerplate(line) && !isUrlLine(line)
    );
  };
  let bodyStart = lines.findIndex((_, i) => isBodyLine(i));
  let bodyEnd = -1;
  for (let i = lines.length - 1; i >= 0; i--) {
    if (isBodyLine(i)) {
      bodyEnd = i;
      break;
    }
  }
  if (bodyStart < 0) {
    bodyStart = 0;
    bodyEnd = lines.length - 1;
  }

  const found = findTitle(lines, bodyStart, code);
  const title = knownTitle?.trim() || found.title;
  // A title of a few characters (国籍法) starts many lines of the body: too short to be a label.
  const labelTitle = title !== undefined && contentSize(title) >= 6 ? title : undefined;
  // Where the site footer begins: the first chrome line after the body.
  const footerStart = lines.findIndex(
    (line, i) =>
      i > bodyEnd &&
      (hasBoilerplate(line) ||
        isUrlLine(line) ||
        isKeywordList(line) ||
        isBreadcrumb(line) ||
        isFieldLine(line) ||
        (labelTitle !== undefined && line.startsWith(labelTitle) && line !== labelTitle)),
  );

  const reasonFor = (line: string, i: number): string | undefined => {
    const inBody = i >= bodyStart && i <= bodyEnd;
    // A heading line stays: it carries the outline (the title heading is rewritten to the title later).
    const heading = /^#{1,6}\s/.test(line);
    if (i === found.index && i < bodyStart && !heading) return "title";
    if (isGarbage(line)) return "garbage";
    // A running header or footer's page number, wherever the page break fell.
    if (isPageNumberLine(line)) return "page number";
    if (running[i] && !heading) return "running header";
    if (isUrlLine(line)) return "url";
    if (code[i]) return "code";
    if (i < bodyStart && isCrawlHeader(line)) return "metadata";
    if (repeated[i] && !inBody && !OUTLINE_START.test(line)) return "repeated";
    if (!heading && labelTitle && line !== labelTitle && line.startsWith(labelTitle) && contentSize(line.slice(labelTitle.length)) <= 12) return "title label";
    // A trail of menu words that ends in the page's own title ("Home Useful Information … <title>").
    if (
      !heading &&
      i < bodyStart &&
      labelTitle &&
      line !== labelTitle &&
      line.includes(labelTitle) &&
      !isSentenceLine(line) &&
      !/\d/.test(line.split(labelTitle).join(""))
    )
      return "breadcrumb";
    if (isBreadcrumb(line)) return "breadcrumb";
    if (isFieldLine(line)) return "metadata";
    if (isKeywordList(line)) return "keywords";
    if (!inBody) {
      if (isToolbar(line)) return "navigation";
      if (hasBoilerplate(line)) return "boilerplate";
      // Fragments are footer only once the footer has begun: a last heading or a list of short
      // items after the final full sentence is still the document's own text.
      if (footerStart >= 0 && i > footerStart && !isSentenceLine(line)) return "footer";
      if (labelTitle && i > bodyEnd && line.startsWith(labelTitle)) return "footer";
    }
    return undefined;
  };
  // Page markers (see pages.ts) carry page numbers through cleaning; they are not content.
  const reasons = lines.map((line, i) => (isPageMarker(line) ? undefined : reasonFor(line, i)));

  // A site menu before or after the body: a run of short fragments among the lines still kept
  // (the code and metadata between its items are gone already).
  let run: number[] = [];
  const closeRun = (): void => {
    if (run.length >= MENU_RUN) for (const i of run) reasons[i] = "navigation";
    run = [];
  };
  for (let i = 0; i < lines.length; i++) {
    if (i >= bodyStart && i <= bodyEnd) {
      closeRun();
      continue;
    }
    if (reasons[i] !== undefined || isPageMarker(lines[i]!)) continue;
    const role = menuRole(lines[i]!);
    if (role === "item") run.push(i);
    else if (role === "other") closeRun();
  }
  closeRun();
  // A menu after the body opens the footer as surely as a copyright line does.
  const menuFooter = reasons.findIndex((reason, i) => i > bodyEnd && reason === "navigation");
  for (let i = menuFooter + 1; menuFooter >= 0 && i < lines.length; i++) {
    if (reasons[i] === undefined && !isPageMarker(lines[i]!) && !isSentenceLine(lines[i]!)) reasons[i] = "footer";
  }

  const kept: string[] = [];
  lines.forEach((line, i) => {
    const reason = reasons[i];
    if (reason === undefined) kept.push(line);
    else removed.push({ line, reason });
  });
  return { text: kept.join("\n\n"), title, removed };
}
