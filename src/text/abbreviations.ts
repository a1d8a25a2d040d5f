// The abbreviations a document defines for itself: "Technical Oversight Committee (“TOC”)",
// "TOC (Technical Oversight Committee)", "国家发展和改革委员会（以下简称“国家发改委”）". A document
// that defines a short form uses it from then on, so a question that says the long form (or the
// short one) must meet the other in the document's sentences. Pure text work; hand-written
// because no library here finds definitions in Chinese as well as in English, and the rules are
// few: a short form in brackets right after its long form (or the reverse), whose letters are
// the long form's initials (English) or whose characters are drawn in order from it (Chinese).

/** A short form and the long form the document gives for it, as written. */
export interface Abbreviation {
  short: string;
  long: string;
}

// Small words a short form may skip or keep ("Angle of Attack" → AOA, "Department of Justice" → DOJ).
const LINKING_WORDS: ReadonlySet<string> = new Set(["of", "and", "the", "for", "on", "in", "to", "at", "by", "&"]);
const MAX_LONG_WORDS = 10;
// An English short form: two to ten letters or digits, two of them capitals ("TOC", "CfP", "G20", "AOAs").
const SHORT_LATIN = /^(?=(?:[^A-Z]*[A-Z]){2})[A-Z][A-Za-z0-9&]{1,9}$/;
const QUOTES = /^[\s"'“”‘’「」『』《》]+|[\s"'“”‘’「」『』《》]+$/gu;
const MAX_PER_DOCUMENT = 40;

/** True when the short form's letters are the initials of the words, skipping or keeping linking words. */
export function spellsInitials(short: string, words: readonly string[]): boolean {
  const letters = short.toLowerCase().replace(/[^a-z]/g, "");
  if (letters.length < 2 || words.length === 0) return false;
  // Hyphenated parts count as words of their own ("Follow-Up Review" → FUR).
  const parts = words.flatMap((w) => w.split(/-/)).filter(Boolean);
  const memo = new Map<string, boolean>();
  const match = (i: number, j: number): boolean => {
    if (j === parts.length) return i === letters.length;
    const key = `${i}:${j}`;
    const known = memo.get(key);
    if (known !== undefined) return known;
    const word = parts[j]!.toLowerCase();
    let ok = false;
    if (i < letters.length && word[0] === letters[i]) {
      ok = match(i + 1, j + 1);
      // A short form may take two letters of one word ("Subcommittee" → SC).
      if (!ok && i + 1 < letters.length && word.length > 1 && word.includes(letters[i + 1]!, 1)) ok = match(i + 2, j + 1);
    }
    if (!ok && LINKING_WORDS.has(word)) ok = match(i, j + 1);
    memo.set(key, ok);
    return ok;
  };
  return match(0, 0);
}

/** The shortest run of words ending the text whose initials spell the short form, if any. */
function longFormBefore(text: string, short: string): string | undefined {
  const words = text.split(/\s+/).filter(Boolean).slice(-MAX_LONG_WORDS);
  for (let n = 1; n <= words.length; n++) {
    const run = words.slice(-n);
    // A long form starts with a word, not a linking word ("of the Technical Committee").
    if (LINKING_WORDS.has(run[0]!.toLowerCase())) continue;
    if (!run.every((w) => /^[\p{L}&][\p{L}\p{N}&'’-]*$/u.test(w))) break;
    if (spellsInitials(short, run)) return run.join(" ");
  }
  return undefined;
}

/** True when each character of the short form appears, in order, in the long form (发改委 in 发展和改革委员会). */
function drawnFrom(short: string, long: string): boolean {
  let at = 0;
  for (const ch of short) {
    const found = long.indexOf(ch, at);
    if (found < 0) return false;
    at = found + ch.length;
  }
  return true;
}

/** The shortest tail of a run of Han characters that starts with the short form's first character and holds it in order. */
function chineseLongForm(run: string, short: string): string | undefined {
  const first = short[0];
  if (!first) return undefined;
  for (let start = run.lastIndexOf(first); start >= 0; start = start > 0 ? run.lastIndexOf(first, start - 1) : -1) {
    const long = run.slice(start);
    if (long.length > short.length && drawnFrom(short, long)) return long;
    if (start === 0) break;
  }
  return undefined;
}

/** The abbreviations a text defines, each short form once (the first definition wins). */
export function abbreviationsIn(text: string): Abbreviation[] {
  const out: Abbreviation[] = [];
  const seen = new Set<string>();
  const add = (short: string, long: string): void => {
    const key = short.toLowerCase();
    if (seen.has(key) || out.length >= MAX_PER_DOCUMENT || short.toLowerCase() === long.toLowerCase()) return;
    seen.add(key);
    out.push({ short, long });
  };
  // English: "Long Form (ABBR)", "Long Form (“ABBR”)", "Long Form (the “ABBR”)", and "ABBR (Long Form)".
  for (const m of text.matchAll(/[(（]\s*(?:the\s+|hereinafter\s+(?:referred\s+to\s+as\s+)?)?([^()（）\n]{2,80})[)）]/gu)) {
    const before = text
      .slice(Math.max(0, m.index - 200), m.index)
      .split("\n")
      .pop()!
      .trim();
    const inside = m[1]!.replace(QUOTES, "").trim();
    if (SHORT_LATIN.test(inside)) {
      const long = longFormBefore(before.replace(/[,;:]+$/, ""), inside);
      if (long) add(inside, long);
      continue;
    }
    const lastWord = /(?:^|[^A-Za-z0-9&])([A-Z][A-Za-z0-9&]{1,9})$/.exec(before)?.[1];
    if (lastWord && SHORT_LATIN.test(lastWord)) {
      // The long form is the bracket's Latin words up to any clause mark ("Special Educational Needs，即…").
      const words = inside
        .split(/[，,;；:：]/)[0]!
        .trim()
        .split(/\s+/);
      if (words.every((w) => /^[A-Za-z&][A-Za-z0-9&'’-]*$/.test(w)) && words.length >= 2 && words.length <= MAX_LONG_WORDS && spellsInitials(lastWord, words))
        add(lastWord, words.join(" "));
    }
  }
  // Chinese: "全称（以下简称“简称”）", "全称（简称：简称）".
  for (const m of text.matchAll(
    /(\p{Script=Han}{3,40})[”」』》]?\s*[(（]\s*(?:以下)?[简簡][称稱]\s*[:：]?\s*[“「『《"]?(\p{Script=Han}{2,12})[”」』》"]?\s*[)）]/gu,
  )) {
    const long = chineseLongForm(m[1]!, m[2]!);
    if (long) add(m[2]!, long);
  }
  return out;
}
