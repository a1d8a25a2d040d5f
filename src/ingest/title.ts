// Choosing the title a document is shown and cited by. The format's own title (<title>/<h1>,
// Markdown's first "#", PDF and Word metadata) is a candidate among the opening lines of the text;
// by general rules:
//  - toolbars, breadcrumbs, menus, code, collectors' headers, page numbers ("Page 1 of 4",
//    第1页 共4页), dates, salutations ("各位委员："), front matter (前言, Preface), credit
//    lines ("Name / role"),
//    addresses with e-mail or web addresses, identifiers and lines that only name the publisher
//    ("Federal Aviation Administration") are never titles;
//  - a site name after a separator is cut off ("國籍法-全國法規資料庫" → 國籍法);
//  - file metadata that the text never says (a template's leftover Title field) yields to a title
//    the text shows;
//  - a line that reads like a sentence (a clause comma, a full stop) yields to one that names the
//    document, and a line that ends with a genre word (条例, 报告, 议程, Directive…) is preferred;
//  - a title set in short lines (立法會 / 議程) is joined, and a short one followed by its date
//    line keeps the date (an agenda, minutes);
//  - a title of genre words only (政府工作报告) is completed with the place or organisation and
//    year the first lines state ("2024年XX省政府工作报告");
//  - a document that opens by introducing itself ("《…手册》是…") is titled so when no line is a
//    title; the last resort is the file name, its words spaced when it is a slug.
import {
  CHINESE_CLOCK,
  CHINESE_DAY_PARTS,
  CHINESE_WEEKDAYS,
  charClass,
  ENGLISH_CLOCK_WORDS,
  ENGLISH_WEEKDAYS,
  TITLE_GENRE_ENDINGS,
  TITLE_GENRE_WORDS,
  TITLE_LABELS,
  CONTENTS_HEADINGS,
  FRONT_MATTER_HEADINGS,
  STOP_ABBREVIATIONS,
} from "../text/lexicon.js";
import { escapeRegExp, foldForSearch, normalizeForStore } from "../text/normalize.js";
import { tagWords } from "../text/segment.js";
import { closeLetterSpacing, isPageChrome, isPageNumberLine } from "./clean.js";
import { datesIn } from "./metadata.js";
import { namesIn, yearsIn } from "./profile.js";

export interface TitleInput {
  /** The title the format declares, if any. */
  declared?: string;
  /** True when `declared` is file metadata (PDF Title, Word core properties), often stale or a template's. */
  declaredFromMetadata?: boolean;
  /** The loaded text, headings as "#" lines. */
  text: string;
  /** The file name or URL segment, used when nothing better names the document. */
  fallback: string;
}

// Separators between a page's title and its site's name in <title>: " - ", " | ", "｜", " _ ",
// and a hyphen between Chinese characters (國籍法-全國法規資料庫). A dash (– —) sets off a
// subtitle, which belongs to the title.
const SITE_SEPARATOR = /\s+[-|_]\s+|\s*[|｜]\s*|(?<=\p{Script=Han})\s*[-－_]\s*(?=\p{Script=Han})/u;
// A full stop after a run of initials (S.K.H.) or a name's abbreviation (Co. Ltd.) ends no sentence
// (a lone initial may be a list's letter: "A. Fluids").
const ABBREVIATED = STOP_ABBREVIATIONS.map((a) => `[${a[0]!.toUpperCase()}${a[0]}]${escapeRegExp(a.slice(1))}`).join("|");
const SENTENCE_END = new RegExp(`[。！？!?]|(?<!\\p{Lu}\\.\\p{Lu}|(?:^|[\\s.(])(?:${ABBREVIATED}))[.](?:\\s|$)`, "u");
const HAN = /\p{Script=Han}/gu;
const LATIN_WORD = /\p{L}[\p{L}\p{M}'’-]*/gu;
// The opening: where a document names itself. Past it (or past an outline item) lies the body.
const OPENING_LINES = 25;
const OPENING_CHARS = 2000;
const OUTLINE_ITEM =
  /^(?:[一二三四五六七八九十]+[、．.]|[（(][一二三四五六七八九十\d]+[）)]|\d{1,2}[.．、]\s*\D|第\s*[一二三四五六七八九十百零〇\d]+\s*[条條款]|[IVX]{1,4}\.\s)/;

interface Candidate {
  text: string;
  /** Markdown level (1 for "#"), or 7 for a plain line. */
  level: number;
  index: number;
  beforeBody: boolean;
}

function contentSize(line: string): number {
  return (line.match(HAN)?.length ?? 0) + (line.replace(HAN, " ").match(LATIN_WORD)?.length ?? 0) * 3;
}

/** A line that reads like a sentence: a full stop, or (in Chinese) a clause comma between two clauses. */
function isSentenceLike(line: string): boolean {
  return SENTENCE_END.test(line.replace(/\s+$/, "")) || /\p{Script=Han}[，；]\p{Script=Han}/u.test(line);
}

/**
 * True when a line, or one of its parts ("Airworthiness Directives; The Boeing Company
 * Airplanes"), ends with a word that names a genre of document (条例, 议程, Directives).
 */
function namesGenre(line: string): boolean {
  return foldForSearch(line)
    .split(/\s*[;:：；—–]\s*/)
    .some((part) => {
      const folded = part.replace(/[\s\d\p{P}\p{S}]+$/u, "");
      return TITLE_GENRE_ENDINGS.some((ending) => (/^[a-z]/.test(ending) ? new RegExp(`\\b${ending}$`).test(folded) : folded.endsWith(ending)));
    });
}

/** The words of a title: jieba words of its Chinese, lower-case words of the rest. */
function titleWords(title: string): string[] {
  const folded = foldForSearch(title);
  const words: string[] = [];
  for (const match of folded.matchAll(/\p{Script=Han}+|[a-z]+/gu)) {
    if (/\p{Script=Han}/u.test(match[0])) words.push(...tagWords(match[0]).map((w) => w.word));
    else words.push(match[0]);
  }
  return words;
}

/** True when a title says only what kind of document it is (政府工作报告, "Annual Report 2023"). */
export function isGenericTitle(title: string): boolean {
  const words = titleWords(title);
  return words.length > 0 && words.every((word) => TITLE_GENRE_WORDS.has(word));
}

/** A line that is mostly one date ("2014年4月30日星期三上午11時正", "Thursday, August 6, 2020"). */
function isDateLine(line: string): boolean {
  const dates = datesIn(line);
  if (dates.length !== 1) return false;
  const rest = line.slice(0, dates[0]!.index) + line.slice(dates[0]!.index + dates[0]!.length);
  return contentSize(rest) <= 12 && !SENTENCE_END.test(rest);
}

// What may stand beside a date that is a line of its own: the weekday and the time of a meeting
// (matched against folded text).
const WEEKDAY_OR_TIME = new RegExp(
  [
    ...CHINESE_WEEKDAYS.map(escapeRegExp),
    ...CHINESE_DAY_PARTS.map(escapeRegExp),
    `\\d{1,2}\\s*${charClass(CHINESE_CLOCK.hour)}(?:${CHINESE_CLOCK.sharp}|\\d{1,2}\\s*${CHINESE_CLOCK.minute})?`,
    "\\d{1,2}:\\d{2}",
    `\\b(?:${ENGLISH_WEEKDAYS.join("|")})\\b`,
    `\\b(?:${ENGLISH_CLOCK_WORDS.map(escapeRegExp).join("|")})\\b`,
    "[,，\\s]",
  ].join("|"),
  "giu",
);

/** A line that is a date and nothing else but its weekday and time: the date a title is set above. */
function isBareDate(line: string): boolean {
  const dates = datesIn(line);
  if (dates.length !== 1) return false;
  const rest = line.slice(0, dates[0]!.index) + line.slice(dates[0]!.index + dates[0]!.length);
  return foldForSearch(rest).replace(WEEKDAY_OR_TIME, "") === "";
}

/** A line that only names a body ("Federal Aviation Administration", "DEPARTMENT OF TRANSPORTATION"): a publisher, not a title. */
function isPublisherLine(line: string): boolean {
  const names = namesIn(line).filter((n) => n.kind === "organisation");
  const folded = foldForSearch(line).replace(/[\s\p{P}]+/gu, "");
  return names.some((n) => n.key.replace(/[\s\p{P}]+/gu, "") === folded);
}

/**
 * A field of a form or a cover page ("预算主管部门：上海市普陀区商务委员会", "Sponsor: Riverton
 * Hospital"): a short Chinese label or one English word before a colon. It states a fact about
 * the document, not its name (a title label such as 法規名稱 is cut off before this is asked).
 */
function isFieldLine(line: string): boolean {
  return /^(?:\p{Script=Han}{2,8}|[A-Z][a-z]{2,15})\s*[:：]\s*\S/u.test(line);
}

const headingKey = (line: string): string => foldForSearch(line).replace(/[\s\p{P}\d]+/gu, "");

/** A table of contents' heading (目录, Contents). */
function isContentsHeading(line: string): boolean {
  return CONTENTS_HEADINGS.includes(headingKey(line));
}

/** The heading of a part every book or report has (目录, 前言, Preface): it names no document. */
function isPartHeading(line: string): boolean {
  return isContentsHeading(line) || FRONT_MATTER_HEADINGS.includes(headingKey(line));
}

/**
 * True when a line names nothing, wherever it comes from (a PDF's first large line, a page's
 * <title>, an opening line): a form's field, a table of contents, a page number, an identifier
 * (A 13/14-24, Vol. 85, No. 152, cgn2020245074), one English word.
 */
function namesNothing(line: string): boolean {
  return (
    isFieldLine(line) ||
    isPartHeading(line) ||
    isPageNumberLine(line) ||
    (line.match(/\d/g)?.length ?? 0) >= (line.match(/\p{L}/gu)?.length ?? 0) ||
    (!/\p{Script=Han}/u.test(line) && (line.match(LATIN_WORD)?.length ?? 0) < 2)
  );
}

/**
 * A credit line: a Chinese personal name, a slash and a role of some length ("曾柏瑜 / 河城基金會
 * 研究專員"). It says who wrote a part, not what the document is. (A bilingual title, 年報 /
 * Annual Report, changes script after its slash; English names and titles are told apart by
 * no such sign, so English lines are left alone.)
 */
function isCreditLine(line: string): boolean {
  return /^\p{Script=Han}{2,4}\s*[/／]\s*\p{Script=Han}{6,}/u.test(line);
}

/**
 * The name a document's first words give it when it opens by introducing itself
 * ("《某某开发手册》是……"): used only when no line of the opening can be its title.
 */
function selfNamed(lines: readonly string[]): string | undefined {
  for (const line of lines) {
    const match = /^《([^《》]{2,40})》/u.exec(line);
    if (match && !namesNothing(match[1]!)) return match[1]!.trim();
  }
  return undefined;
}

/**
 * True when an opening line can never be a title: it names nothing, or it is page chrome, a date,
 * a salutation, an address, a running header, a publisher. (A declared title is held to
 * namesNothing only: it may well say "Copyright" or end with a colon.)
 */
function isNeverTitle(line: string): boolean {
  return (
    namesNothing(line) ||
    isPageChrome(line) ||
    isDateLine(line) ||
    /[:：]$/.test(line) || // a salutation or a label: 各位委员： / 法規名稱：
    /@|https?:\/\/|www\./i.test(line) ||
    /^[[(（【]/.test(line) || // a bracketed identifier: [Docket No. …]
    /\d{5,}$/.test(line) || // a running header ending in a page number: … Federal Register 47698
    contentSize(line) < 2 ||
    line.length > 120 ||
    isCreditLine(line) ||
    /^《[^《》]+》[是为由已于自，,（(]/u.test(line) || // a sentence about a work it names: 《…》是…
    isPublisherLine(line)
  );
}

/** A line without the field label that introduces a document's name ("法規名稱：國籍法" → 國籍法). */
export function withoutTitleLabel(line: string): string {
  const match = /^([^:：]{1,20})[:：]\s*(.+)$/u.exec(line);
  if (!match) return line;
  const label = foldForSearch(match[1]!).trim();
  return TITLE_LABELS.includes(label) ? match[2]!.trim() : line;
}

/** The lines where a document names itself, as title candidates, with the lines themselves. */
function opening(text: string): { lines: string[]; candidates: Candidate[] } {
  const lines = normalizeForStore(text)
    .split("\n")
    .map((line) => line.replace(/\s+/g, " ").trim())
    .filter(Boolean);
  const out: string[] = [];
  const candidates: Candidate[] = [];
  let chars = 0;
  let body = false;
  for (const line of lines) {
    if (out.length >= OPENING_LINES || chars >= OPENING_CHARS) break;
    const md = /^(#{1,6})\s+(.+)$/.exec(line);
    const plain = withoutTitleLabel(md ? md[2]!.trim() : line);
    if (OUTLINE_ITEM.test(plain) && out.length > 0) break;
    // A title comes before the table of contents; the headings after it are its entries.
    if (isContentsHeading(plain) && out.length > 0) break;
    out.push(plain);
    chars += plain.length;
    if (contentSize(plain) >= 30 && SENTENCE_END.test(plain)) {
      body = true;
      continue;
    }
    // A plain line that ends like a sentence is text; a heading that reads like one is a weak candidate.
    if (isNeverTitle(plain) || (!md && /[。.!?！？]$/.test(plain))) continue;
    candidates.push({ text: plain, level: md ? md[1]!.length : 7, index: out.length - 1, beforeBody: !body });
  }
  return { lines: out, candidates };
}

/** Consecutive short plain lines (立法會 / 議程) read as one title set in several lines. */
function joinTitleBlocks(candidates: readonly Candidate[]): Candidate[] {
  const out: (Candidate & { short: boolean })[] = [];
  const isShort = (c: Candidate): boolean => c.level === 7 && contentSize(c.text) <= 8 && !isSentenceLike(c.text);
  for (const c of candidates) {
    const last = out[out.length - 1];
    if (last?.short && isShort(c) && c.index === last.index + 1 && contentSize(last.text) + contentSize(c.text) <= 16) {
      const glue = /\p{Script=Han}$/u.test(last.text) && /^\p{Script=Han}/u.test(c.text) ? "" : " ";
      out[out.length - 1] = { ...last, text: last.text + glue + c.text, index: c.index };
      continue;
    }
    out.push({ ...c, short: isShort(c) });
  }
  return out;
}

/** Orders candidates best first: not a sentence, before the body, names its genre, outer heading, earlier. */
function best(candidates: readonly Candidate[]): Candidate | undefined {
  const key = (c: Candidate): number[] => [isSentenceLike(c.text) ? 1 : 0, c.beforeBody ? 0 : 1, namesGenre(c.text) ? 0 : 1, c.level, c.index];
  return [...candidates].sort((a, b) => {
    const [ka, kb] = [key(a), key(b)];
    for (let i = 0; i < ka.length; i++) if (ka[i] !== kb[i]) return ka[i]! - kb[i]!;
    return 0;
  })[0];
}

/** The page's own title out of "Title - Site name": the first part, unless only another part is in the text. */
export function withoutSiteName(title: string, openingLines: readonly string[] = []): string {
  const parts = title
    .split(SITE_SEPARATOR)
    .map((p) => p.trim())
    .filter((p) => contentSize(p) >= 2);
  if (parts.length < 2) return title.trim();
  const said = (part: string): boolean => openingLines.some((line) => line !== title && foldForSearch(line).includes(foldForSearch(part)));
  return (said(parts[0]!) ? parts[0] : parts.find(said)) ?? parts[0]!;
}

/** True when the text says (most of) the words of a title: metadata the text never says is suspect. */
function textSays(title: string, text: string): boolean {
  const folded = foldForSearch(text.slice(0, 5000));
  const words = titleWords(title).filter((w) => !TITLE_GENRE_WORDS.has(w) || /\p{Script=Han}/u.test(w));
  if (words.length === 0) return true;
  return words.filter((w) => folded.includes(w)).length * 2 >= words.length;
}

/**
 * Completes a title of genre words with the place or organisation, and the year, that the first
 * lines state: a line that holds the title with more before it ("2024年XX省政府工作报告") is
 * taken as it is; otherwise the first place (or body) and year of the opening are put in front.
 */
export function enrichGenericTitle(title: string, openingLines: readonly string[]): string {
  const foldedTitle = foldForSearch(title).replace(/^\d{4}\s*年?\s*/, "");
  const fuller = openingLines.find((line) => {
    const folded = foldForSearch(line);
    return folded !== foldForSearch(title) && folded.endsWith(foldedTitle) && line.length <= 60 && !isSentenceLike(line) && !isGenericTitle(line);
  });
  if (fuller) return fuller.replace(/^#{1,6}\s+/, "");
  const text = openingLines.join("\n");
  const names = namesIn(text);
  const who = names.find((n) => n.kind === "place") ?? names.find((n) => n.kind === "organisation");
  if (!who) return title;
  const year = /^(\d{4})\s*年?/.exec(title)?.[1] ?? yearsIn(text)[0];
  const rest = title.replace(/^\d{4}\s*年?\s*/, "");
  if (/\p{Script=Han}/u.test(title)) return `${year ? `${year}年` : ""}${who.name}${rest}`;
  return `${who.name} ${rest}${year && !/\d{4}/.test(rest) ? ` ${year}` : ""}`;
}

/** A file name as words: "beijing-government-work-report-2024" → "Beijing Government Work Report 2024". */
export function humaniseFileName(name: string): string {
  if (!/^[a-z0-9]+(?:[-_.][a-z0-9]+)+$/.test(name)) return name;
  return name
    .split(/[-_.]+/)
    .map((word) => (/^[a-z]/.test(word) ? word[0]!.toUpperCase() + word.slice(1) : word))
    .join(" ");
}

/** The title a document is shown by (see the rules at the top of this module). */
export function chooseTitle(input: TitleInput): string {
  const { lines, candidates } = opening(input.text);
  const blocks = joinTitleBlocks(candidates);
  // A justified PDF's first heading is letter-spaced like its text (截 至 二 零 二 五 年).
  // Metadata is read raw: its control characters and radicals are normalised as the text's are.
  let declared =
    closeLetterSpacing([
      normalizeForStore(input.declared ?? "")
        .replace(/\s+/g, " ")
        .trim(),
    ])[0] || undefined;
  if (declared) declared = withoutTitleLabel(withoutSiteName(declared, lines));
  // A declared title that could never be one (a PDF whose first large line is "Page 1 of 4", a
  // single word such as "Background") yields to the opening lines.
  // Front matter (前言) or a contents heading names no document, even when nothing else does.
  if (declared && namesNothing(declared) && (blocks.length > 0 || isPartHeading(declared))) declared = undefined;
  // Metadata the text never says (a template's Title, the committee a paper was sent to) yields to the text.
  if (declared && input.declaredFromMetadata && !textSays(declared, input.text) && blocks.length > 0) declared = undefined;
  const pick = best(blocks);
  let title: string | undefined = declared;
  if (!title || (isSentenceLike(title) && pick && !isSentenceLike(pick.text))) title = pick?.text;
  if (title && pick && title === pick.text) {
    // A short title set above its date (an agenda, minutes) keeps the date: it tells meetings apart.
    const next = lines[pick.index + 1];
    if (next && isBareDate(next) && contentSize(title) <= 10) title = `${title} ${next}`;
  }
  if (title && isGenericTitle(title)) title = enrichGenericTitle(title, lines);
  return title?.trim() || selfNamed(lines) || humaniseFileName(input.fallback);
}
