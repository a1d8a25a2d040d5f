// Sentence boundaries with offsets. A sentence ends at 。！？；!? (with any closing quotes or
// brackets), at a full stop followed by white space (not inside a number or after a common
// abbreviation), or at a line break.

export interface Span {
  text: string;
  start: number;
  end: number;
}

const CJK_END = "。！？；!?;";
// Semicolons join the clauses of one provision ("…的，责令改正；拒不改正的，处五十元罚款。"): a
// reader quoting it wants the whole, so answers may keep them inside one sentence.
const SEMICOLONS = "；;";
const CLOSERS = "”’」』）)】〕\"'";
const ABBREVIATIONS = /(?:^|[\s(])(?:e\.g|i\.e|etc|vs|mr|mrs|ms|dr|prof|no|fig|p|pp|vol|cf|approx|inc|ltd|st|jr|sr|u\.s|a\.m|p\.m)\.$/i;

function isSentenceEnd(text: string, i: number, semicolons: boolean): boolean {
  const ch = text[i]!;
  if (CJK_END.includes(ch)) return semicolons || !SEMICOLONS.includes(ch);
  if (ch !== ".") return false;
  const next = text[i + 1];
  if (next !== undefined && !/\s/.test(next)) return false; // 92.8, example.com
  const before = text.slice(Math.max(0, i - 12), i + 1);
  if (ABBREVIATIONS.test(before)) return false;
  // A lone capital is a name's initial ("Michiel B. de Jong", "J. Smith"), not a sentence's last word.
  if (/(?:^|[\s(])\p{Lu}\.$/u.test(before)) return false;
  // "1. Goals" at the start of a line is an outline number, not a sentence.
  const lineStart = text.lastIndexOf("\n", i) + 1;
  if (/^\s*\d{1,3}$/.test(text.slice(lineStart, i))) return false;
  return true;
}

/** Options of splitSentences. */
export interface SentenceOptions {
  /** End a sentence at a semicolon (default true; answers keep a provision's clauses together). */
  semicolons?: boolean;
}

/** Splits text into sentences; each keeps its offsets into the text, trimmed of white space. */
export function splitSentences(text: string, base = 0, options: SentenceOptions = {}): Span[] {
  const semicolons = options.semicolons ?? true;
  const spans: Span[] = [];
  let start = 0;
  const push = (end: number): void => {
    let s = start;
    let e = end;
    while (s < e && /\s/.test(text[s]!)) s++;
    while (e > s && /\s/.test(text[e - 1]!)) e--;
    if (e > s) spans.push({ text: text.slice(s, e), start: base + s, end: base + e });
    start = end;
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (ch === "\n") {
      push(i + 1);
      continue;
    }
    if (isSentenceEnd(text, i, semicolons)) {
      let end = i + 1;
      while (end < text.length && (CLOSERS.includes(text[end]!) || (CJK_END.includes(text[end]!) && (semicolons || !SEMICOLONS.includes(text[end]!))))) end++;
      push(end);
      i = end - 1;
    }
  }
  push(text.length);
  return spans;
}
