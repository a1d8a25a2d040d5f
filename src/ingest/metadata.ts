// What a document's text says about itself: the date it states (a dateline such as
// "2019年4月8日", "民國113年5月24日", "8 April 2019", "April 8, 2019", "2019-04-08" or an
// unambiguous "20-10-2025", as ISO yyyy-mm-dd). Titles are chosen in title.ts.
import { ENGLISH_MONTHS, ENGLISH_ORDINAL_SUFFIXES, MONTHS, PLACEHOLDER_TITLES } from "../text/lexicon.js";
import { isCrawlHeader } from "./clean.js";

const PLACEHOLDER_TITLE = new RegExp(`^(?:${PLACEHOLDER_TITLES.join("|")})\\d*$`, "i");

/**
 * True when a metadata title is a template's or a converter's placeholder ("Untitled",
 * "Document1"), an encoded string pdf.js could not read ("<4D6963726F736F6674…>"), or an
 * identifier such as a file or job number ("cgn2020245074"): none of them names the document.
 */
export function isPlaceholderTitle(title: string): boolean {
  const trimmed = title.trim();
  if (/^<[0-9a-f\s]+>$/i.test(trimmed)) return true;
  const digits = trimmed.match(/\d/g)?.length ?? 0;
  const letters = trimmed.match(/\p{L}/gu)?.length ?? 0;
  if (!/\s/.test(trimmed) && digits >= 4 && digits >= letters) return true;
  // Parts joined by underscores name a working file, not the document ("…2%_Elec_7%Gas", "report_final_v2").
  if (/[\p{L}\d%]_[\p{L}\d]/u.test(trimmed)) return true;
  return PLACEHOLDER_TITLE.test(trimmed);
}

// An English month name or its abbreviation ("Sept.", "August"), longest first.
const MONTH_NAME = `(${[...MONTHS].sort((a, b) => b.length - a.length).join("|")})\\.?`;
/** The number of an English month name or abbreviation (1 for "jan", "January"). */
const monthNumber = (name: string): number => ENGLISH_MONTHS.findIndex((month) => month.startsWith(name.toLowerCase().slice(0, 3))) + 1;
const ORDINAL = ENGLISH_ORDINAL_SUFFIXES.join("|");
const CN_DIGITS: Record<string, number> = { 〇: 0, 零: 0, 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };

interface DatePattern {
  pattern: RegExp;
  parts: (m: RegExpExecArray) => [number, number, number] | undefined;
}

/** Reads a Chinese numeral up to 31 (一, 十, 十二, 二十, 三十一). */
function chineseNumber(text: string): number | undefined {
  if (text.length === 4) {
    const digits = [...text].map((ch) => CN_DIGITS[ch]);
    return digits.every((d) => d !== undefined) ? Number(digits.join("")) : undefined;
  }
  const match = /^([一二三])?(十)?([一二三四五六七八九])?$/.exec(text);
  if (!match || text === "") return undefined;
  const tens = match[2] ? (match[1] ? CN_DIGITS[match[1]]! : 1) : 0;
  if (!match[2] && match[1]) return CN_DIGITS[match[1]];
  return tens * 10 + (match[3] ? CN_DIGITS[match[3]]! : 0);
}

const PATTERNS: DatePattern[] = [
  // The Republic-of-China calendar counts from 1912: 民國113年5月24日 is 2024-05-24.
  {
    pattern: /民[國国]\s*(\d{1,3})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*[日号號]/g,
    parts: (m) => [Number(m[1]) + 1911, Number(m[2]), Number(m[3])],
  },
  { pattern: /(?<![\d.])((?:19|20)\d{2})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*[日号號]/g, parts: (m) => [Number(m[1]), Number(m[2]), Number(m[3])] },
  {
    pattern: /([〇零一二三四五六七八九]{4})年([一二三十]?十?[一二三四五六七八九十]?)月([一二三十]?十?[一二三四五六七八九十]?)日/g,
    parts: (m) => {
      const [y, mo, d] = [chineseNumber(m[1]!), chineseNumber(m[2]!), chineseNumber(m[3]!)];
      return y && mo && d ? [y, mo, d] : undefined;
    },
  },
  { pattern: /(?<![\d./-])((?:19|20)\d{2})[-/.](\d{1,2})[-/.](\d{1,2})(?![\d./-]*\d)/g, parts: (m) => [Number(m[1]), Number(m[2]), Number(m[3])] },
  // Day and month in either order (20-10-2025, 10/20/2025): only when one of them cannot be a month.
  {
    pattern: /(?<![\d./-])(\d{1,2})[-/.](\d{1,2})[-/.]((?:19|20)\d{2})(?![\d./-]*\d)/g,
    parts: (m) => {
      const [a, b, year] = [Number(m[1]), Number(m[2]), Number(m[3])];
      if (a > 12 && b <= 12) return [year, b, a];
      if (b > 12 && a <= 12) return [year, a, b];
      return undefined;
    },
  },
  {
    pattern: new RegExp(`\\b(\\d{1,2})(?:${ORDINAL})?\\s+${MONTH_NAME},?\\s+((?:19|20)\\d{2})\\b`, "gi"),
    parts: (m) => [Number(m[3]), monthNumber(m[2]!), Number(m[1])],
  },
  {
    pattern: new RegExp(`\\b${MONTH_NAME}\\s+(\\d{1,2})(?:${ORDINAL})?,?\\s+((?:19|20)\\d{2})\\b`, "gi"),
    parts: (m) => [Number(m[3]), monthNumber(m[1]!), Number(m[2])],
  },
];

function isoDate(year: number, month: number, day: number): string | undefined {
  if (!(year >= 1900 && year <= 2100 && month >= 1 && month <= 12 && day >= 1 && day <= 31)) return undefined;
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCMonth() !== month - 1) return undefined; // 31 April and friends
  return date.toISOString().slice(0, 10);
}

/** Every full date stated in a line, as ISO strings in order of appearance. */
export function datesIn(line: string): { iso: string; index: number; length: number }[] {
  const found: { iso: string; index: number; length: number }[] = [];
  for (const { pattern, parts } of PATTERNS) {
    for (const m of line.matchAll(pattern)) {
      const p = parts(m as RegExpExecArray);
      const iso = p && isoDate(...p);
      if (iso && !found.some((f) => m.index < f.index + f.length && f.index < m.index + m[0].length)) found.push({ iso, index: m.index, length: m[0].length });
    }
  }
  return found.sort((a, b) => a.index - b.index);
}

/**
 * The document's date: a dateline (a short line that is mostly a date, such as "发布时间：2024年1月15日"
 * or "April 8, 2019") among the first 15 or last 10 lines, else a date in the first 300 characters.
 * Dates in the body are events, not the document's date, and are ignored.
 */
export function findDocumentDate(text: string): string | undefined {
  // When a collector fetched a page is not when its author dated it.
  const lines = text
    .split("\n")
    .map((l) => l.replace(/^#{1,6}\s+/, "").trim())
    .filter((l) => l !== "" && !isCrawlHeader(l));
  const dateline = (line: string): string | undefined => {
    const dates = datesIn(line);
    if (dates.length !== 1) return undefined;
    const rest = line.slice(0, dates[0]!.index) + line.slice(dates[0]!.index + dates[0]!.length);
    // A label ("发布日期：", "Published") or a signature may stand beside the date; a clause may not.
    return rest.replace(/\s+/g, "").length <= 24 && !/[。！？!?；;，,]/.test(rest) ? dates[0]!.iso : undefined;
  };
  for (const line of lines.slice(0, 15)) {
    const iso = dateline(line);
    if (iso) return iso;
  }
  for (const line of lines.slice(Math.max(15, lines.length - 10)).reverse()) {
    const iso = dateline(line);
    if (iso) return iso;
  }
  return datesIn(lines.join("\n").slice(0, 300))[0]?.iso;
}
