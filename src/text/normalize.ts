// Character-level normalisation: what the store keeps (readable, safe NFKC) and what search
// compares (fully folded: NFKC, simplified script, lower case).
import { toSimplified } from "./script.js";

// Full-width ASCII letters, digits and a few symbols are just wide forms of ASCII; Chinese
// punctuation such as ，。：（） is left as written so quotes read as in the source.
const WIDE_ALNUM = /[\uFF10-\uFF19\uFF21-\uFF3A\uFF41-\uFF5A\uFF05\uFF0B\uFF0D\uFF0E\uFF0F\uFF20\uFF03\uFF06]/g;

// Radicals where a character belongs: some PDF fonts map a glyph to the code point of the
// radical that looks like it (⼊⻔⽤⼾⼿册 for 入门用户手册), so text copied out of them reads
// right and matches nothing. Kangxi radicals (U+2F00–U+2FD5) have NFKC mappings; the
// supplement's simplified forms do not, so those that stand as characters are listed here (from
// Unicode's EquivalentUnifiedIdeograph.txt), the rest (bamboo top, water left…) left alone.
const KANGXI_RADICAL = /[\u2F00-\u2FD5]/g;
const RADICAL_SUPPLEMENT: Readonly<Record<string, string>> = {
  "⺁": "厂",
  "⺟": "母",
  "⺠": "民",
  "⺩": "王",
  "⻄": "西",
  "⻅": "见",
  "⻆": "角",
  "⻉": "贝",
  "⻋": "车",
  "⻑": "長",
  "⻓": "长",
  "⻔": "门",
  "⻘": "青",
  "⻙": "韦",
  "⻚": "页",
  "⻛": "风",
  "⻜": "飞",
  "⻝": "食",
  "⻢": "马",
  "⻣": "骨",
  "⻤": "鬼",
  "⻥": "鱼",
  "⻦": "鸟",
  "⻧": "卤",
  "⻨": "麦",
  "⻩": "黄",
  "⻪": "黾",
  "⻬": "齐",
  "⻮": "齿",
  "⻰": "龙",
  "⻳": "龟",
};
const SUPPLEMENT_RADICAL = new RegExp(`[${Object.keys(RADICAL_SUPPLEMENT).join("")}]`, "gu");

/** Normalises text for storage: line ends, invisible characters, wide ASCII, radicals, spaces. */
export function normalizeForStore(text: string): string {
  return (
    text
      .replace(/^\uFEFF/, "")
      .replace(/\r\n?/g, "\n")
      .replace(/[\u200B-\u200D\u2060\uFEFF\u00AD]/g, "")
      // A control character where a space belongs (PDF fonts that map the space glyph to U+0001):
      // removed, it would glue the words on either side.
      .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]+/g, (run, at: number, all: string) =>
        /\S/.test(all[at - 1] ?? "") && /\S/.test(all[at + run.length] ?? "") ? " " : "",
      )
      .replace(WIDE_ALNUM, (ch) => ch.normalize("NFKC"))
      .replace(KANGXI_RADICAL, (ch) => ch.normalize("NFKC"))
      .replace(SUPPLEMENT_RADICAL, (ch) => RADICAL_SUPPLEMENT[ch] ?? ch)
      .replace(/[\u00A0\u2000-\u200A\u202F\u205F\u3000\t]/g, " ")
      .normalize("NFC")
  );
}

/** Folds text for matching: NFKC, traditional→simplified, lower case. Length may change. */
export function foldForSearch(text: string): string {
  // The same sentences, headings and titles are folded again for every question that reads
  // them; script conversion is the costly part, so short texts are remembered (a bounded map).
  if (text.length > MEMO_MAX_CHARS) return fold(text);
  let folded = memo.get(text);
  if (folded === undefined) {
    folded = fold(text);
    if (memo.size >= MEMO_SIZE) memo.clear();
    memo.set(text, folded);
  }
  return folded;
}

function fold(text: string): string {
  return toSimplified(text.normalize("NFKC")).toLowerCase();
}

const MEMO_SIZE = 50_000;
const MEMO_MAX_CHARS = 600;
const memo = new Map<string, string>();

/** A text as a regular expression that matches it literally. */
export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** True for an acronym as written: two to six capitals, maybe a plural s ("GDP", "PE", "NGOs"). */
export function isAcronym(word: string): boolean {
  return /^[A-Z]{2,6}s?$/.test(word);
}
