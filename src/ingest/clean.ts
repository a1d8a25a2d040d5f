// The cleaner: turns loaded text (web scrapes included) into the text we store and cite.
// It works by general rules, never by strings of one document:
//  - pinyin notes glued after Han characters (當(dāng)前) are removed, real parentheticals kept;
//  - lines that are page chrome are dropped: keyword/SEO lists, breadcrumbs, "field | field"
//    metadata, URL lines, repeated title labels, garbage, and (outside the main body only)
//    footers and disclaimers;
//  - a teaser that repeats text found later is dropped (the later, full text is kept);
//  - white space and wide ASCII forms are normalised.
// A line that carries sentences of the main body is never dropped.
import { normalizeForStore, foldForSearch } from "../text/normalize.js";
import { isPageMarker } from "./pages.js";

export interface CleanResult {
  text: string;
  /** The title found in the text (the short line that the page repeats), if any. */
  title?: string;
  removed: { line: string; reason: string }[];
}

const TONE_VOWELS = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ";
const PINYIN_NOTE = new RegExp(`(\\p{Script=Han})[(（]\\s*([a-zü${TONE_VOWELS}]+(?:[1-5])?(?:\\s+[a-zü${TONE_VOWELS}]+[1-5]?){0,3})\\s*[)）]`, "gu");
const SYLLABLE =
  /^(?:zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])?(?:iang|iong|uang|ang|eng|ing|ong|ian|iao|uai|uan|van|üan|ai|ei|ao|ou|an|en|in|un|ün|vn|ia|ie|iu|ua|uo|ui|üe|ue|ve|er|a|o|e|i|u|ü|v|ng|n|m)$/;

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
  const toned = new RegExp(`[${TONE_VOWELS}]|[a-zü][1-5]$`);
  return syllables.every((s) => SYLLABLE.test(stripTones(s)) && toned.test(s));
}

// A reading whose character was lost in a bad conversion: "?qū)" or "\uFFFDqū)".
const ORPHAN_NOTE = new RegExp(`[?\uFFFD][(（]?([a-zü${TONE_VOWELS}]+[1-5]?)[)）]`, "gu");

/** Removes pinyin readings written in brackets right after Han characters. */
export function removePinyinNotes(text: string): string {
  return text
    .replace(PINYIN_NOTE, (whole, han: string, inner: string) => (isPinyinNote(inner) ? han : whole))
    .replace(ORPHAN_NOTE, (whole, inner: string) => (isPinyinNote(inner) ? "" : whole));
}

const SENTENCE_END = /[。！？；!?;]|\.(\s|$)/;
const HAN = /\p{Script=Han}/gu;
const LATIN_WORD = /\p{L}[\p{L}\p{M}'’-]*/gu;
const OUTLINE_START =
  /^(#{1,6}\s|[一二三四五六七八九十百]+[、.．]|[（(][一二三四五六七八九十百\d]+[）)]|\d{1,2}[.．、]\s*\D|第[一二三四五六七八九十百\d]+[章节節篇部])/;

/** Characters that carry content: Han characters and letters of words. */
function contentSize(line: string): number {
  const han = line.match(HAN)?.length ?? 0;
  const words = line.replace(HAN, " ").match(LATIN_WORD)?.length ?? 0;
  return han + words * 3;
}

// General page-chrome vocabulary of Chinese and English sites (folded to simplified, lower case).
const BOILERPLATE = [
  "版权",
  "免责",
  "声明",
  "转载",
  "来源:",
  "来源：",
  "原文链接",
  "链接地址",
  "本文链接",
  "关键词",
  "关键字",
  "责任编辑",
  "上一篇",
  "下一篇",
  "相关阅读",
  "相关推荐",
  "相关文章",
  "推荐专题",
  "热门文章",
  "扫一扫",
  "二维码",
  "分享到",
  "联系我们",
  "网站地图",
  "备案",
  "icp",
  "copyright",
  "©",
  "all rights reserved",
  "disclaimer",
  "privacy policy",
  "terms of use",
  "share this",
  "related articles",
  "read more",
  "subscribe",
  "cookies",
  "整理提供",
  "网友提供",
  "网络整理",
];

function hasBoilerplate(line: string): boolean {
  const folded = foldForSearch(line);
  return BOILERPLATE.some((marker) => folded.includes(marker));
}

function isUrlLine(line: string): boolean {
  const withoutUrls = line.replace(/(?:https?:\/\/|www\.)\S+/gi, "");
  return withoutUrls.length < line.length && contentSize(withoutUrls) <= 8;
}

/** Short items joined by commas or 、 with no sentence in them: SEO keywords, tag lists, slogans. */
function isKeywordList(line: string): boolean {
  if (SENTENCE_END.test(line) || OUTLINE_START.test(line) || line.length > 200) return false;
  const afterLabel = line.includes(":") || line.includes("：") ? line.split(/[:：]/).pop()! : line;
  const items = afterLabel
    .split(/[,，、;；|/]/)
    .map((s) => s.trim())
    .filter(Boolean);
  if (items.length < 3) return false;
  return items.every((item) => contentSize(item) <= 12);
}

/** "Home > Section > Page": several short segments joined by > › » or →. */
function isBreadcrumb(line: string): boolean {
  const parts = line.split(/\s*(?:>|›|»|→|＞)\s*/);
  if (parts.length < 3) return false;
  return parts.every((p) => contentSize(p) <= 40) && !/[。！？]/.test(line);
}

/** "Site: X | Time: Y | Mobile: Z": label-value fields separated by bars. */
function isFieldLine(line: string): boolean {
  const parts = line.split(/\s*[|｜]\s*/).filter(Boolean);
  if (parts.length < 2) return false;
  const labelled = parts.filter((p) => /^[^:：]{1,12}[:：]/.test(p)).length;
  return labelled >= 2 && !/[。！？]/.test(line);
}

function isGarbage(line: string): boolean {
  if (contentSize(line) === 0 && !/\d{2,}/.test(line)) return true;
  const symbols = line.replace(/[\p{L}\p{N}\s]/gu, "").length;
  return line.length >= 4 && symbols / line.length > 0.5;
}

function isSentenceLine(line: string): boolean {
  return SENTENCE_END.test(line);
}

function ngrams(text: string, n: number): string[] {
  const chars = Array.from(text.replace(/[\s\p{P}]/gu, ""));
  const out: string[] = [];
  for (let i = 0; i + n <= chars.length; i++) out.push(chars.slice(i, i + n).join(""));
  return out;
}

/**
 * Marks lines whose text mostly reappears later (teasers, summaries that repeat the opening,
 * headers repeated on every page): the later copy is the one kept.
 */
function repeatedEarlier(lines: readonly string[]): boolean[] {
  const n = 6;
  const later = new Map<string, number>(); // n-gram → count in lines after the current one
  const laterNumbers = new Set<string>();
  const grams = lines.map((line) => ngrams(line, n));
  const flags = new Array<boolean>(lines.length).fill(false);
  for (let i = lines.length - 1; i >= 0; i--) {
    const own = grams[i]!;
    const numbers = lines[i]!.match(NUMBER) ?? [];
    if (own.length >= 12 && contentSize(lines[i]!) >= 20) {
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

/** The page title: a short non-sentence line near the top that the page repeats elsewhere. */
function findTitle(lines: readonly string[], bodyStart: number): { title?: string; index: number } {
  let best: { title: string; index: number; repeats: number } | undefined;
  const limit = Math.min(lines.length, Math.max(bodyStart + 1, 12));
  for (let i = 0; i < limit; i++) {
    const line = lines[i]!.replace(/^#{1,6}\s+/, "");
    if (line.length < 4 || line.length > 80 || isSentenceLine(line) || isKeywordList(line) || isBreadcrumb(line) || isFieldLine(line)) continue;
    let repeats = 0;
    for (let j = 0; j < lines.length; j++) if (j !== i && lines[j]!.includes(line)) repeats++;
    if (!best || repeats > best.repeats) best = { title: line, index: i, repeats };
  }
  if (best && best.repeats > 0) return { title: best.title, index: best.index };
  const heading = lines.slice(0, limit).findIndex((l) => /^#\s+\S/.test(l));
  if (heading >= 0) return { title: lines[heading]!.replace(/^#\s+/, ""), index: -1 };
  return { index: -1 };
}

const BLOCK_START = /^(#{1,6}\s|[-*+•]\s|\d{1,2}[.)．、]|[（(][\d一二三四五六七八九十]+[）)]|[一二三四五六七八九十]+、|第[一二三四五六七八九十\d]+[章节節])/;

function isChromeLine(line: string): boolean {
  return hasBoilerplate(line) || isUrlLine(line) || isBreadcrumb(line) || isFieldLine(line);
}

/** Joins lines that a file hard-wrapped inside one paragraph (English prose, or long Han lines). */
export function unwrapLines(text: string): string {
  const lines = text.split("\n");
  const out: string[] = [];
  for (const line of lines) {
    const prev = out[out.length - 1];
    const current = line.trim();
    // A chrome line ("关键词：…", a breadcrumb, a URL) is not the start of a wrapped paragraph:
    // glued to it, the paragraph would share its fate and be dropped with it.
    if (
      prev !== undefined &&
      prev.trim() !== "" &&
      current !== "" &&
      !BLOCK_START.test(current) &&
      !BLOCK_START.test(prev.trim()) &&
      !isChromeLine(prev.trim())
    ) {
      const p = prev.trimEnd();
      if (/[\p{L},;)-]$/u.test(p) && !/\p{Script=Han}$/u.test(p) && /^[\p{Ll}(]/u.test(current) && p.length >= 30) {
        out[out.length - 1] = p.endsWith("-") && /\p{L}-$/u.test(p) ? p.slice(0, -1) + current : `${p} ${current}`;
        continue;
      }
      if (/[\p{Script=Han}，,、]$/u.test(p) && /^\p{Script=Han}/u.test(current) && Array.from(p).length >= 20) {
        out[out.length - 1] = p + current;
        continue;
      }
    }
    out.push(line);
  }
  return out.join("\n");
}

/** Cleans loaded text; `knownTitle` (from <title> or metadata) helps spot repeated title lines. */
export function cleanText(raw: string, knownTitle?: string): CleanResult {
  const normalised = unwrapLines(removePinyinNotes(normalizeForStore(raw)));
  const lines = normalised
    .split("\n")
    .map((line) => line.replace(/[ ]{2,}/g, " ").trim())
    .filter((line) => line.length > 0);
  const removed: CleanResult["removed"] = [];
  const repeated = repeatedEarlier(lines);

  const isBodyLine = (i: number): boolean => {
    const line = lines[i]!;
    return !repeated[i] && contentSize(line) >= 30 && isSentenceLine(line) && !hasBoilerplate(line) && !isUrlLine(line);
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

  const found = findTitle(lines, bodyStart);
  const title = knownTitle?.trim() || found.title;
  // Where the site footer begins: the first chrome line after the body.
  const footerStart = lines.findIndex(
    (line, i) =>
      i > bodyEnd &&
      (hasBoilerplate(line) ||
        isUrlLine(line) ||
        isKeywordList(line) ||
        isBreadcrumb(line) ||
        isFieldLine(line) ||
        (title !== undefined && line.startsWith(title) && line !== title)),
  );

  const kept: string[] = [];
  lines.forEach((line, i) => {
    const inBody = i >= bodyStart && i <= bodyEnd;
    const drop = (reason: string): void => {
      removed.push({ line, reason });
    };
    // Page markers (see pages.ts) carry page numbers through cleaning; they are not content.
    if (isPageMarker(line)) return void kept.push(line);
    if (i === found.index && i < bodyStart) return drop("title");
    if (isGarbage(line)) return drop("garbage");
    if (isUrlLine(line)) return drop("url");
    if (repeated[i] && !OUTLINE_START.test(line)) return drop("repeated");
    if (title && line !== title && line.startsWith(title) && contentSize(line.slice(title.length)) <= 12) return drop("title label");
    if (isBreadcrumb(line)) return drop("breadcrumb");
    if (isFieldLine(line)) return drop("metadata");
    if (isKeywordList(line)) return drop("keywords");
    if (!inBody) {
      if (hasBoilerplate(line)) return drop("boilerplate");
      // Short fragments are footer only once the footer has begun: a last heading or a list of
      // short items after the final full sentence is still the document's own text.
      if (footerStart >= 0 && i > footerStart && !isSentenceLine(line) && contentSize(line) < 40) return drop("footer");
      if (title && i > bodyEnd && line.startsWith(title)) return drop("footer");
    }
    kept.push(line);
  });
  return { text: kept.join("\n\n"), title, removed };
}
