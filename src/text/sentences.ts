// Sentence boundaries with offsets. A sentence ends at 。！？；!? (with any closing quotes or
// brackets), at a full stop followed by white space (not inside a number or after a common
// abbreviation), or at a line break; a line that lists dated items without punctuation (a
// calendar's or timetable's cells, as PDF extraction joins them) ends a sentence before each date.

import { CHINESE_WEEKDAYS, ENGLISH_WEEKDAYS, STOP_ABBREVIATIONS } from "./lexicon.js";
import { escapeRegExp } from "./normalize.js";

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
const ABBREVIATIONS = new RegExp(`(?:^|[\\s(])(?:${STOP_ABBREVIATIONS.map(escapeRegExp).join("|")})\\.$`, "i");

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

// A date or weekday that opens an item: 6月26日, 2020年11月, 2025/09/15, 2021-03-01, Wednesday,
// 星期三 or 週三; after white space, not as the second end of a range (6月26日-27日,
// 2020年11月-2021年3月).
const DATE_FORMS = "\\d{1,2}月\\d{1,2}日|(?:19|20)\\d\\d年\\d{1,2}月|(?:19|20)\\d\\d[-/.]\\d{1,2}[-/.]\\d{1,2}";
const WEEKDAY_FORMS = [...ENGLISH_WEEKDAYS.map((d) => `${d}(?![a-z])`), ...CHINESE_WEEKDAYS.map((d) => d.replace("周", "[周週]"))].join("|");
const ITEM_START = new RegExp(`(?<=\\s)(?:${DATE_FORMS}|${WEEKDAY_FORMS})`, "giu");
const STARTS_WITH_ITEM = new RegExp(`^(?:${DATE_FORMS}|${WEEKDAY_FORMS})`, "iu");
// Three dated items make a list; fewer are a sentence that mentions dates.
const MIN_DATED_ITEMS = 3;

/**
 * The dated items of a line that lists them with no sentence punctuation ("6月23日 “七一”表彰
 * 6月26日 毕业典礼 6月26日-27日 各学院学位授予仪式", "Monday 6:00 am to 10:00 pm Tuesday …"), as
 * offsets where each item starts after the first; none for a line that reads as prose.
 */
export function datedItemStarts(line: string): number[] {
  if (/[。，；！？,;!?]|\.\s/.test(line) || !STARTS_WITH_ITEM.test(line)) return [];
  const starts = [...` ${line}`.matchAll(ITEM_START)].map((m) => m.index - 1);
  return starts.length < MIN_DATED_ITEMS ? [] : starts.filter((s) => s > 0);
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
    if (e > s) {
      let from = s;
      for (const at of [...datedItemStarts(text.slice(s, e)).map((d) => s + d), e]) {
        let to = at;
        while (to > from && /\s/.test(text[to - 1]!)) to--;
        if (to > from) spans.push({ text: text.slice(from, to), start: base + from, end: base + to });
        from = at;
      }
    }
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
