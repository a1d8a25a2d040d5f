// Character-level normalisation: what the store keeps (readable, safe NFKC) and what search
// compares (fully folded: NFKC, simplified script, lower case).
import { toSimplified } from "./script.js";

// Full-width ASCII letters, digits and a few symbols are just wide forms of ASCII; Chinese
// punctuation such as ，。：（） is left as written so quotes read as in the source.
const WIDE_ALNUM = /[\uFF10-\uFF19\uFF21-\uFF3A\uFF41-\uFF5A\uFF05\uFF0B\uFF0D\uFF0E\uFF0F\uFF20\uFF03\uFF06]/g;

/** Normalises text for storage: line ends, invisible characters, wide ASCII, spaces. */
export function normalizeForStore(text: string): string {
  return text
    .replace(/^\uFEFF/, "")
    .replace(/\r\n?/g, "\n")
    .replace(/[\u200B-\u200D\u2060\uFEFF\u00AD]/g, "")
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g, "")
    .replace(WIDE_ALNUM, (ch) => ch.normalize("NFKC"))
    .replace(/[\u00A0\u2000-\u200A\u202F\u205F\u3000\t]/g, " ")
    .normalize("NFC");
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
