// Follow-up questions: "And how many are planned for 2019?", "去年呢？", "What about Zhejiang?" —
// a question that cannot stand alone is completed from the previous one by replacing what it
// names (a year, a period, a place or organisation, a figure, the verb or noun that says done or
// planned, the subject) and keeping the rest. Both questions come analysed (analyseQuestion() in
// src/search/question.ts): its years, names (with their forms in the other language, from the
// dictionary), figures, time frame, concepts and content terms say what each part is; this module
// finds where each part is written, so that it can edit the previous question's text, and owns
// the rules of the edit. Its words (openings, question words, periods) live in the lexicon. A
// complete new question is never merged with an old one. Pure.
import {
  AMBIGUOUS_MONTHS,
  CHINESE_FOLLOW_UP_ENDINGS,
  CHINESE_FOLLOW_UP_FILLERS,
  CHINESE_FOLLOW_UP_OPENINGS,
  CHINESE_PERIODS,
  charClass,
  ENGLISH_BE_HAVE,
  ENGLISH_DATE_WORDS,
  ENGLISH_FOLLOW_UP_ENDINGS,
  ENGLISH_FOLLOW_UP_OPENINGS,
  ENGLISH_MAGNITUDES,
  ENGLISH_MODALS,
  ENGLISH_MONTHS,
  ENGLISH_NAME_PARTICLES,
  ENGLISH_PERIODS,
  ENGLISH_PREPOSITIONS,
  ENGLISH_PRONOUNS,
  ENGLISH_QUESTION_WORDS,
  ENGLISH_REQUEST_VERBS,
  ENGLISH_STOPWORDS,
  FRAME_NOUNS,
  GENERIC_CAPITALS,
  IRREGULAR_PARTICIPLES,
  MAGNITUDES,
  phrasePattern,
  RELATIVE_YEAR_PAIRS,
  RELATIVE_YEARS,
  YEAR_PREPOSITIONS,
} from "../text/lexicon.js";
import { escapeRegExp, foldForSearch } from "../text/normalize.js";
import { chineseDigits } from "../text/numerals.js";
import { isPlaceName, isProperName } from "../text/proper-names.js";
import { hasHan, toSimplified, toTraditional } from "../text/script.js";
import { chineseWords, stemEnglish } from "../text/segment.js";
import type { Question, QuestionName } from "./question.js";
import type { TimeFrame } from "./time-frame.js";

/** What a part of a question stands for. */
export type PartKind = "year" | "period" | "place" | "figure" | "frame" | "subject";

/** A part of a question: its kind and where it is written. */
export interface Part {
  kind: PartKind;
  start: number;
  end: number;
  text: string;
  /** Years: the year (none for a relative one), and whether it is relative ("last year", 去年). */
  year?: number;
  relative?: boolean;
  /** Places: the name the analysed question found (or the dictionary knows, for a fragment's first word). */
  name?: QuestionName;
  /** English years and periods: the preposition written before it ("in", "for"), part of the span. */
  preposition?: string;
  /** Frames: a noun (目标, "target") rather than a verb group, and the time frame it speaks of. */
  noun?: boolean;
  frame?: TimeFrame;
}

/** A content term of the analysed question, where it is written. */
export interface PlacedTerm {
  term: string;
  start: number;
  end: number;
}

/** The parts of a question a follow-up can replace, and what is left of it. */
export interface QuestionParts {
  text: string;
  /** Whether the question is written in Chinese. */
  chinese: boolean;
  years: Part[];
  periods: Part[];
  places: Part[];
  figures: Part[];
  /** English: the verb group ("were built", "are planned") or a frame noun; Chinese: a frame word (目标, 计划). */
  frame?: Part;
  /** The thing asked about ("public kindergartens"), English only, when the question's form shows it. */
  subject?: Part;
  /** The question word it opens with ("how many"), English only. */
  questionWord?: string;
  /** Content terms outside every part above: what would let the question stand alone. */
  content: PlacedTerm[];
}

/** A follow-up completed from the previous question. */
export interface FollowUp {
  /** The question as understood. */
  question: string;
  /** What the follow-up replaced in the previous question, or added to it. */
  changed: PartKind[];
}

// ---- Patterns, from the lexicon ------------------------------------------------------------------

const group = (pattern: RegExp): string => `(?:${pattern.source})`;
const marking = (cues: readonly { text: string; marks: boolean }[]): string[] => cues.filter((c) => c.marks).map((c) => c.text);

const EN_OPENING = new RegExp(`^\\s*(?:${group(phrasePattern(ENGLISH_FOLLOW_UP_OPENINGS.map((c) => c.text)))}[\\s,]*)+`, "iu");
const EN_MARKING = phrasePattern(marking(ENGLISH_FOLLOW_UP_OPENINGS), "iu");
const EN_ENDING = new RegExp(`(?:[\\s,]+${group(phrasePattern(ENGLISH_FOLLOW_UP_ENDINGS))})+\\s*$`, "iu");
const ZH_OPENING = new RegExp(`^\\s*${group(phrasePattern(CHINESE_FOLLOW_UP_OPENINGS.map((c) => c.text)))}\\s*`, "u");
const ZH_MARKING_OPENING = phrasePattern(marking(CHINESE_FOLLOW_UP_OPENINGS));
// A marking ending may follow 的情况 (浙江的情况呢？); the others follow the core itself (又是多少).
const ZH_MARKING_END = `${group(phrasePattern(CHINESE_FOLLOW_UP_FILLERS))}?${group(phrasePattern(marking(CHINESE_FOLLOW_UP_ENDINGS)))}`;
const ZH_PLAIN_END = group(phrasePattern(CHINESE_FOLLOW_UP_ENDINGS.filter((c) => !c.marks).map((c) => c.text)));
const ZH_MARKING_ENDING = new RegExp(`${ZH_MARKING_END}\\s*$`, "u");
const ZH_ENDING = new RegExp(`\\s*(?:${ZH_MARKING_END}|${ZH_PLAIN_END})\\s*$`, "u");

const QUESTION_WORDS = [...ENGLISH_QUESTION_WORDS].sort((a, b) => b.text.length - a.text.length);
const QUESTION_WORD_SET: ReadonlySet<string> = new Set(QUESTION_WORDS.map((q) => q.text));
const NOUN_QUESTION_WORDS: ReadonlySet<string> = new Set(QUESTION_WORDS.filter((q) => q.noun).map((q) => q.text));
const YEAR_PREPOSITION = group(phrasePattern(YEAR_PREPOSITIONS));
const ENGLISH_RELATIVE_YEARS = [...RELATIVE_YEARS, ...RELATIVE_YEAR_PAIRS.map((p) => p.en)].filter((y) => !hasHan(y));
const CHINESE_RELATIVE_YEARS = [...RELATIVE_YEARS, ...RELATIVE_YEAR_PAIRS.map((p) => p.zh)].filter((y) => hasHan(y));
const EN_RELATIVE_YEAR = new RegExp(`\\b(?:(${YEAR_PREPOSITION})\\s+)?(?:the\\s+)?${group(phrasePattern(ENGLISH_RELATIVE_YEARS))}(?:['’]s)?`, "giu");
const ZH_RELATIVE_YEAR = new RegExp(group(phrasePattern(CHINESE_RELATIVE_YEARS)), "gu");
// Years written digit by digit in Chinese numerals (二〇一九年): the analysed question reads Arabic
// years only (the checks look for those in documents), so these are read here.
const ZH_NUMERAL_YEAR = /([〇零一二三四五六七八九]{4})年度?/gu;
const EN_PERIOD = new RegExp(
  `\\b(?:(${YEAR_PREPOSITION})\\s+)?(?:the\\s+)?${group(phrasePattern([...ENGLISH_PERIODS, ...ENGLISH_MONTHS.filter((m) => !AMBIGUOUS_MONTHS.has(m))]))}`,
  "giu",
);
const EN_AMBIGUOUS_MONTH = new RegExp(`\\b(in|during)\\s+${group(phrasePattern([...AMBIGUOUS_MONTHS]))}`, "giu");
const ZH_PERIOD = new RegExp(group(phrasePattern(CHINESE_PERIODS)), "gu");
const EN_FIGURE = new RegExp(`(?<![\\w.,])\\d+(?:[.,]\\d+)*(?:\\s*(?:%|${group(phrasePattern(ENGLISH_MAGNITUDES))}))?(?![\\w])`, "giu");
const ZH_FIGURE = new RegExp(`\\d+(?:\\.\\d+)?\\s*(?:[%％]|${charClass(MAGNITUDES)})?`, "gu");
const EN_FRAME_NOUN = new RegExp(group(phrasePattern([...FRAME_NOUNS.future, ...FRAME_NOUNS.past].filter((w) => !hasHan(w)))), "giu");
const ZH_FRAME_NOUN = new RegExp(group(phrasePattern([...FRAME_NOUNS.future, ...FRAME_NOUNS.past].filter(hasHan))), "gu");
const FRAME_OF_NOUN = new Map<string, TimeFrame>([
  ...FRAME_NOUNS.future.map((w) => [w, "future"] as const),
  ...FRAME_NOUNS.past.map((w) => [w, "past"] as const),
]);
const NOT_NAMES: ReadonlySet<string> = new Set([...GENERIC_CAPITALS, ...ENGLISH_DATE_WORDS]);

// ---- Where the parts are written -----------------------------------------------------------------

/** A word of a question with its offsets. */
interface Token {
  text: string;
  lower: string;
  start: number;
  end: number;
}

function tokens(text: string): Token[] {
  return [...text.matchAll(/[A-Za-z][A-Za-z'’-]*|\d+(?:[.,]\d+)*%?/g)].map((m) => ({
    text: m[0],
    lower: m[0].toLowerCase(),
    start: m.index,
    end: m.index + m[0].length,
  }));
}

/** The index terms a written word stands for, as segment.ts makes them ("library's" → library). */
function stemsOf(word: string): string[] {
  const bare = word.replace(/['’-]+$/, "").replace(/['’](?:s|re|ve|ll|d|m|t)$/i, "");
  return bare
    .split("-")
    .filter((part) => part.length > 0)
    .map(stemEnglish);
}

/** A figure as the index writes it (150,000 → 150000). */
function figureTerm(written: string): string {
  return (/\d+(?:[.,]\d+)*/.exec(written)?.[0] ?? "").replace(/,(?=\d{3}\b)/g, "");
}

function isParticiple(word: string): boolean {
  return IRREGULAR_PARTICIPLES.has(word) || (word.length > 4 && /(?:ed|en)$/.test(word));
}

function inside(parts: readonly { start: number; end: number }[], start: number, end: number): boolean {
  return parts.some((p) => start >= p.start && end <= p.end);
}

function overlapsAny(parts: readonly { start: number; end: number }[], start: number, end: number): boolean {
  return parts.some((p) => start < p.end && end > p.start);
}

function matchParts(text: string, pattern: RegExp, kind: PartKind, taken: readonly Part[], extra: Partial<Part> = {}): Part[] {
  const out: Part[] = [];
  for (const m of text.matchAll(pattern)) {
    const start = m.index;
    const end = start + m[0].length;
    if (m[0].trim().length === 0 || overlapsAny(taken, start, end) || overlapsAny(out, start, end)) continue;
    const preposition = m[1]?.toLowerCase();
    out.push({ kind, start, end, text: m[0], ...extra, ...(preposition ? { preposition } : {}) });
  }
  return out;
}

/** A copy of a text to match in (NFKC, simplified characters) that shares its offsets, when one does. */
function matchable(text: string): string {
  for (const copy of [toSimplified(text.normalize("NFKC")), toSimplified(text)]) if (copy.length === text.length) return copy;
  return text;
}

/** Where a name is written: as folded, in any case, or from its first word to its last (generic words dropped between). */
function findName(copy: string, surface: string, taken: readonly { start: number; end: number }[]): { start: number; end: number } | undefined {
  const words = surface.split(/\s+/).map(escapeRegExp);
  const patterns = [
    new RegExp(escapeRegExp(surface), "gu"),
    new RegExp(escapeRegExp(surface), "giu"),
    // A name of several English words may have generic words between them in the text.
    ...(words.length > 1 && /^[a-z]/i.test(surface) ? [new RegExp(`\\b${words[0]}\\b[\\s\\S]{0,40}?\\b${words[words.length - 1]}\\b`, "giu")] : []),
  ];
  for (const pattern of patterns) {
    for (const m of copy.matchAll(pattern)) {
      const span = { start: m.index, end: m.index + m[0].length };
      if (!overlapsAny(taken, span.start, span.end)) return span;
    }
  }
  return undefined;
}

/**
 * The dictionary's say on a capitalised run the analysed question could not call a name (the
 * first word of a sentence, an acronym): a name when it renders as a proper noun (Zhejiang → 浙江,
 * UK → 英国) or, in a follow-up's fragment ("Eastside?"), when a word of it is unknown to it.
 */
function dictionaryName(run: string, question: Question, fragment: boolean): QuestionName | undefined {
  const lower = run.toLowerCase();
  const concepts = question.concepts.filter((c) => lower.includes(c.source.toLowerCase()));
  const proper = concepts.flatMap((c) => c.renderings.slice(0, 1).map((r) => r.text)).filter((r) => hasHan(r) && isPlaceName(r));
  const unknown = lower.split(/\s+/).some((word) => !concepts.some((c) => c.source.toLowerCase().includes(word) && c.renderings.length > 0));
  if (proper.length === 0 && !(fragment && unknown)) return undefined;
  return { surface: run, kind: "name", forms: [lower, ...proper], seen: true };
}

/** True when a capitalised word may be (part of) a name: not a question word, auxiliary, date or generic capital. */
function isNameWord(w: Token): boolean {
  return (
    !w.text.includes("-") &&
    !ENGLISH_REQUEST_VERBS.has(w.lower) &&
    !NOT_NAMES.has(w.lower) &&
    !ENGLISH_STOPWORDS.has(w.lower) &&
    !QUESTION_WORD_SET.has(w.lower) &&
    !ENGLISH_BE_HAVE.has(w.lower) &&
    !ENGLISH_MODALS.has(w.lower)
  );
}

/** The places and names of a question: the analysed question's names, then the dictionary's capitalised runs. */
function placesOf(question: Question, text: string, copy: string, taken: readonly Part[], fragment: boolean): Part[] {
  const out: Part[] = [];
  const words = tokens(text);
  for (const name of question.names) {
    const span = findName(copy, name.surface, [...taken, ...out]);
    if (!span) continue;
    // A fragment's first word opens its sentence, so the analysed question left it out of the
    // name it begins ("Old Town?" names "Town"): a capitalised word right before a name joins it.
    const first = words[0];
    if (fragment && first && /^[A-Z]/.test(first.text) && first.end < span.start && /^\s+$/.test(text.slice(first.end, span.start)) && isNameWord(first))
      span.start = first.start;
    out.push({ kind: "place", ...span, text: text.slice(span.start, span.end), name });
  }
  // Runs of capitalised words (or acronyms) not yet a name: "Zhejiang?" opens its sentence, so the
  // analysed question cannot tell its capital from a sentence's.
  let run: Token[] = [];
  const flush = (): void => {
    if (run.length > 0) {
      const start = run[0]!.start;
      const end = run[run.length - 1]!.end;
      const name = dictionaryName(text.slice(start, end), question, fragment);
      if (name) out.push({ kind: "place", start, end, text: text.slice(start, end), name });
    }
    run = [];
  };
  for (const w of words) {
    const candidate = /^[A-Z]/.test(w.text) && isNameWord(w) && !overlapsAny([...taken, ...out], w.start, w.end);
    const previous = run[run.length - 1];
    if (candidate && (!previous || /^\s+$/.test(text.slice(previous.end, w.start)))) run.push(w);
    else {
      flush();
      if (candidate) run.push(w);
    }
  }
  flush();
  // A Chinese word CC-CEDICT knows only as a proper noun is a name even where the segmenter tags
  // it otherwise (怀化 reads as a verb before 新建; 李白 is a person).
  for (const t of placedTerms(question, copy)) {
    if (hasHan(t.term) && isProperName(t.term) && !overlapsAny([...taken, ...out], t.start, t.end))
      out.push({
        kind: "place",
        start: t.start,
        end: t.end,
        text: text.slice(t.start, t.end),
        name: { surface: t.term, kind: "name", forms: [t.term], seen: true },
      });
  }
  return out.sort((a, b) => a.start - b.start);
}

/** The figures of a question that are not years: the analysed question's figures, where written. */
function figuresOf(question: Question, text: string, copy: string, pattern: RegExp, taken: readonly Part[]): Part[] {
  const figures = new Set(question.figures);
  return matchParts(copy, pattern, "figure", taken)
    .filter((p) => figures.has(figureTerm(p.text)))
    .map((p) => ({ ...p, text: text.slice(p.start, p.end).trim(), end: p.start + text.slice(p.start, p.end).trimEnd().length }));
}

/** The analysed question's content terms, where written (every occurrence). */
function placedTerms(question: Question, copy: string): PlacedTerm[] {
  const words = tokens(copy);
  const out: PlacedTerm[] = [];
  for (const { term } of question.terms.original) {
    if (/^\d/.test(term)) {
      for (const w of words) if (/^\d/.test(w.text) && figureTerm(w.text) === term) out.push({ term, start: w.start, end: w.end });
    } else if (hasHan(term)) {
      for (let at = copy.indexOf(term); at >= 0; at = copy.indexOf(term, at + 1)) out.push({ term, start: at, end: at + term.length });
    } else {
      for (const w of words) if (stemsOf(w.text).includes(term)) out.push({ term, start: w.start, end: w.end });
    }
  }
  return out.sort((a, b) => a.start - b.start);
}

function yearParts(question: Question, text: string, copy: string, chinese: boolean): Part[] {
  const years = question.years.map(String);
  const out: Part[] = [];
  const add = (parts: Part[]): void => {
    out.push(...parts.filter((p) => !overlapsAny(out, p.start, p.end)));
  };
  if (chinese) {
    add(matchParts(copy, ZH_RELATIVE_YEAR, "year", [], { relative: true }));
    if (years.length > 0) {
      for (const p of matchParts(copy, new RegExp(`(?<!\\d)(?:${years.join("|")})(?:\\s*年度?)?(?!\\d)`, "gu"), "year", out))
        add([{ ...p, year: Number(p.text.slice(0, 4)) }]);
    }
    for (const p of matchParts(copy, ZH_NUMERAL_YEAR, "year", out)) {
      const year = chineseDigits(p.text.slice(0, 4));
      if (year !== undefined && year >= 1900 && year < 2100) add([{ ...p, year }]);
    }
  } else {
    add(matchParts(copy, EN_RELATIVE_YEAR, "year", [], { relative: true }));
    if (years.length > 0) {
      const pattern = new RegExp(`\\b(?:(${YEAR_PREPOSITION})\\s+)?(?:${years.join("|")})(?:\\s*[-–/]\\s*\\d{2,4})?(?!\\s*(?:%|percent))\\b`, "giu");
      for (const p of matchParts(copy, pattern, "year", out)) add([{ ...p, year: Number(/\d{4}/.exec(p.text)![0]) }]);
    }
  }
  return out.map((p) => ({ ...p, text: text.slice(p.start, p.end) })).sort((a, b) => a.start - b.start);
}

function parseEnglish(question: Question, text: string, copy: string, fragment: boolean): QuestionParts {
  const words = tokens(text);
  const years = yearParts(question, text, copy, false);
  const periods = [...matchParts(copy, EN_PERIOD, "period", years), ...matchParts(copy, EN_AMBIGUOUS_MONTH, "period", years)]
    .filter((p, i, all) => !overlapsAny(all.slice(0, i), p.start, p.end))
    .map((p) => ({ ...p, text: text.slice(p.start, p.end) }))
    .sort((a, b) => a.start - b.start);
  const places = placesOf(question, text, copy, [...years, ...periods], fragment);
  const figures = figuresOf(question, text, copy, EN_FIGURE, [...years, ...periods, ...places]);
  const taken = [...years, ...periods, ...places, ...figures];

  // The question word it opens with.
  const lower = text.toLowerCase();
  const opening = words[0];
  let questionWord: string | undefined;
  let afterQuestionWord = 0;
  if (opening) {
    for (const { text: q } of QUESTION_WORDS) {
      const rest = lower.slice(opening.start);
      if (rest.startsWith(q) && !/[a-z]/.test(rest[q.length] ?? "")) {
        questionWord = q;
        afterQuestionWord = words.findIndex((w) => w.start >= opening.start + q.length);
        if (afterQuestionWord < 0) afterQuestionWord = words.length;
        break;
      }
    }
  }

  // The verb group: an auxiliary and the verb right after it ("were built", "will be opened").
  let frame: Part | undefined;
  for (let i = 0; i < words.length; i++) {
    const aux = words[i]!.lower;
    if (!ENGLISH_BE_HAVE.has(aux) && !ENGLISH_MODALS.has(aux)) continue;
    let j = i + 1;
    if (words[j]?.lower === "not") j++;
    if (words[j] && ["be", "been", "being"].includes(words[j]!.lower) && words[j + 1]) j++;
    const verb = words[j];
    if (!verb || inside(taken, verb.start, verb.end)) continue;
    const ok =
      isParticiple(verb.lower) ||
      (ENGLISH_MODALS.has(aux) &&
        j === i + 1 &&
        !ENGLISH_STOPWORDS.has(verb.lower) &&
        !ENGLISH_PRONOUNS.has(verb.lower) &&
        questionWord !== undefined &&
        i === afterQuestionWord);
    if (!ok) continue;
    frame = { kind: "frame", start: words[i]!.start, end: verb.end, text: text.slice(words[i]!.start, verb.end) };
    break;
  }
  if (!frame) {
    // A bare participle in a fragment ("And planned?") still names the frame.
    const verb = fragment ? words.find((w) => isParticiple(w.lower) && !inside(taken, w.start, w.end)) : undefined;
    if (verb) frame = { kind: "frame", start: verb.start, end: verb.end, text: verb.text };
  }
  // The verb's time frame is the question's ("were built": past; "are planned": future).
  if (frame && question.frame.asked) frame.frame = question.frame.asked;

  // The subject: the noun after a question word ("how many public kindergartens were built"),
  // or after the auxiliary ("what was the library's budget in 2023").
  let subject: Part | undefined;
  if (questionWord !== undefined) {
    let from = afterQuestionWord;
    let to = words.length;
    const first = words[from];
    const auxFirst = first !== undefined && (ENGLISH_BE_HAVE.has(first.lower) || ENGLISH_MODALS.has(first.lower));
    if (NOUN_QUESTION_WORDS.has(questionWord) && first && !auxFirst) {
      const aux = words.findIndex((w, k) => k > from && (ENGLISH_BE_HAVE.has(w.lower) || ENGLISH_MODALS.has(w.lower)));
      to = aux < 0 ? words.length : aux;
    } else if (auxFirst) {
      from++;
      if (frame && words[from] && frame.start <= words[from]!.start) to = from;
      else if (["do", "does", "did"].includes(first.lower)) to = Math.max(from, words.length - 1);
      else if (frame) to = words.findIndex((w) => w.start >= frame!.start);
    }
    // Parts at the end (a year, a period, a place after a preposition) are not the subject;
    // a name without one is ("the Eastside Branch").
    while (to > from) {
      const last = words[to - 1]!;
      const place = places.find((x) => last.start >= x.start && last.end <= x.end);
      const before = place ? words.filter((w) => w.end <= place.start).pop() : undefined;
      if (inside([...years, ...periods, ...figures], last.start, last.end) || ENGLISH_PREPOSITIONS.has(last.lower)) to--;
      else if (place && before && ENGLISH_PREPOSITIONS.has(before.lower)) to = words.indexOf(before);
      else break;
    }
    while (
      from < to &&
      (ENGLISH_STOPWORDS.has(words[from]!.lower) || ENGLISH_PRONOUNS.has(words[from]!.lower)) &&
      !["the", "a", "an"].includes(words[from]!.lower)
    )
      from++;
    const span = words.slice(from, to);
    const terms = placedTerms(question, copy);
    if (span.some((w) => !inside([...years, ...periods, ...figures], w.start, w.end) && inside(terms, w.start, w.end))) {
      subject = { kind: "subject", start: span[0]!.start, end: span[span.length - 1]!.end, text: text.slice(span[0]!.start, span[span.length - 1]!.end) };
    }
  }

  const frameNouns = matchParts(copy, EN_FRAME_NOUN, "frame", taken).map((p) => ({
    ...p,
    text: text.slice(p.start, p.end),
    noun: true,
    frame: FRAME_OF_NOUN.get(p.text.toLowerCase()),
  }));
  const content = placedTerms(question, copy).filter((t) => !overlapsAny([...taken, ...(frame ? [frame] : []), ...frameNouns], t.start, t.end));
  return {
    text,
    chinese: false,
    years,
    periods,
    places,
    figures,
    ...(frame ? { frame } : frameNouns[0] ? { frame: frameNouns[0] } : {}),
    ...(subject ? { subject } : {}),
    ...(questionWord ? { questionWord } : {}),
    content,
  };
}

function parseChinese(question: Question, text: string, copy: string, fragment: boolean): QuestionParts {
  const years = yearParts(question, text, copy, true);
  const periods = matchParts(copy, ZH_PERIOD, "period", years).map((p) => ({ ...p, text: text.slice(p.start, p.end) }));
  const places = placesOf(question, text, copy, [...years, ...periods], fragment);
  const figures = figuresOf(question, text, copy, ZH_FIGURE, [...years, ...periods, ...places]);
  const taken = [...years, ...periods, ...places, ...figures];
  const frames = matchParts(copy, ZH_FRAME_NOUN, "frame", taken).map((p) => ({
    ...p,
    text: text.slice(p.start, p.end),
    noun: true,
    frame: FRAME_OF_NOUN.get(p.text),
  }));
  const content = placedTerms(question, copy).filter((t) => !overlapsAny([...taken, ...frames], t.start, t.end));
  return { text, chinese: true, years, periods, places, figures, ...(frames[0] ? { frame: frames[0] } : {}), content };
}

function isChinese(text: string): boolean {
  const han = (text.match(/\p{Script=Han}/gu) ?? []).length;
  const latin = (text.match(/[A-Za-z]{2,}/g) ?? []).length;
  return han > 0 && han >= latin;
}

/** The parts of an analysed question (with `fragment`, of a follow-up: its first capitalised word may be a name). */
export function questionParts(question: Question, options: { fragment?: boolean } = {}): QuestionParts {
  return partsIn(question, { start: 0, end: question.text.length }, options.fragment ?? false);
}

function partsIn(question: Question, span: { start: number; end: number }, fragment: boolean): QuestionParts {
  const text = question.text.slice(span.start, span.end);
  const copy = matchable(question.text).slice(span.start, span.end);
  return isChinese(text) ? parseChinese(question, text, copy, fragment) : parseEnglish(question, text, copy, fragment);
}

/** Where a follow-up's core is (without "and …", "what about …", "那…呢"), and whether those words mark it as one. */
function followUpCore(question: Question): { start: number; end: number; marked: boolean } {
  const copy = matchable(question.text);
  let end = copy.replace(/[?？!！.。\s]+$/u, "").length;
  let start = 0;
  let marked = false;
  const chinese = isChinese(copy.slice(0, end));
  const opening = (chinese ? ZH_OPENING : EN_OPENING).exec(copy.slice(0, end));
  if (opening) {
    start = opening[0].length;
    marked = (chinese ? ZH_MARKING_OPENING : EN_MARKING).test(opening[0]);
  }
  const ending = (chinese ? ZH_ENDING : EN_ENDING).exec(copy.slice(start, end));
  if (ending) {
    end = start + ending.index;
    if (chinese && ZH_MARKING_ENDING.test(ending[0])) marked = true;
  }
  // A Chinese core does not end on 的 (浙江的呢).
  if (chinese && copy.slice(start, end).endsWith("的")) end--;
  while (start < end && /\s/.test(copy[start]!)) start++;
  while (end > start && /\s/.test(copy[end - 1]!)) end--;
  return { start, end, marked };
}

/** True when a question stands on its own: a question word with its own subject, or enough content. */
function standsAlone(parts: QuestionParts, marked: boolean): boolean {
  if (parts.chinese) {
    // Unmarked Chinese with content of its own ("浙江有多少所幼儿园") is a question, not a follow-up.
    return !marked && parts.content.length > 0;
  }
  if (parts.questionWord !== undefined) return parts.subject !== undefined;
  const words = tokens(parts.text);
  const first = words[0]?.lower;
  // "Is the library open on Sundays?": a yes/no question with a subject of its own.
  if (first && (ENGLISH_BE_HAVE.has(first) || ENGLISH_MODALS.has(first))) return parts.content.length > 0;
  // "Tell me about Zhejiang": a request of its own.
  if (first && ENGLISH_REQUEST_VERBS.has(first)) return true;
  // A fragment: "Zhejiang?", "in 2019?", "primary schools?"; a long one is a statement of its own.
  return !marked && words.length > 6;
}

/** The parts of a follow-up's core, and whether it stands alone. */
function followUpParts(question: Question): { parts: QuestionParts; alone: boolean } | undefined {
  const core = followUpCore(question);
  const parts = partsIn(question, core, true);
  if (!/[\p{L}\p{N}]/u.test(parts.text)) return undefined;
  return { parts, alone: standsAlone(parts, core.marked) };
}

/** True when an analysed question cannot stand alone and leans on the one before it. */
export function isFollowUp(question: Question): boolean {
  const found = followUpParts(question);
  return found !== undefined && !found.alone;
}

// ---- The completion --------------------------------------------------------------------------------

/** Replaces spans of a text, right to left so earlier offsets stay valid. */
function splice(text: string, edits: { start: number; end: number; text: string }[]): string {
  let out = text;
  for (const e of [...edits].sort((a, b) => b.start - a.start)) out = out.slice(0, e.start) + e.text + out.slice(e.end);
  return out;
}

const EN_OF_ZH = new Map<string, string>();
const ZH_OF_EN = new Map<string, string>();
for (const { zh, en } of RELATIVE_YEAR_PAIRS) {
  if (!EN_OF_ZH.has(zh)) EN_OF_ZH.set(zh, en);
  if (!ZH_OF_EN.has(en)) ZH_OF_EN.set(en, zh);
}
const YEAR_PREPOSITION_AT_START = new RegExp(`^${YEAR_PREPOSITION}\\s+`, "iu");

/** A year written for the previous question's language. */
function yearFor(part: Part, chinese: boolean): { text: string; bare: boolean } {
  const core = part.text
    .replace(YEAR_PREPOSITION_AT_START, "")
    .replace(/^the\s+/i, "")
    .replace(/['’]s$/, "");
  if (chinese) {
    if (part.year !== undefined && !hasHan(part.text)) return { text: `${part.year}年`, bare: true };
    return { text: ZH_OF_EN.get(core.toLowerCase()) ?? core, bare: true };
  }
  if (part.year !== undefined) {
    const english = part.preposition !== undefined && !hasHan(part.text);
    return { text: english ? part.text : String(part.year), bare: !english };
  }
  const relative = EN_OF_ZH.get(toSimplified(core));
  if (relative) return { text: relative, bare: false };
  // "last year" takes no preposition: it replaces "in 2018" whole.
  return { text: part.relative ? core : part.text, bare: !part.preposition && !part.relative };
}

/** An English name as a sentence writes it (forms are folded: "hong kong" → "Hong Kong", "ministry of finance" → "Ministry of Finance"). */
function capitalised(name: string): string {
  return name
    .split(" ")
    .map((word, i) =>
      i > 0 && ENGLISH_NAME_PARTICLES.has(word) ? word : word.replace(/(^|-)([a-z])/g, (_, dash: string, letter: string) => dash + letter.toUpperCase()),
    )
    .join(" ");
}

/** A replacement without the words the previous question already writes around the name it replaces ("Ministry of" before "Education"). */
function withoutContext(replacement: string, before: string, after: string): string {
  let words = replacement.split(" ");
  const lowerBefore = before.toLowerCase().trimEnd();
  for (let k = words.length - 1; k > 0; k--) {
    if (
      lowerBefore.endsWith(words.slice(0, k).join(" ").toLowerCase()) &&
      /(?:^|\s)$/.test(lowerBefore.slice(0, lowerBefore.length - words.slice(0, k).join(" ").length))
    ) {
      words = words.slice(k);
      break;
    }
  }
  const lowerAfter = after.toLowerCase().trimStart();
  for (let k = words.length - 1; k > 0; k--) {
    const tail = words.slice(-k).join(" ").toLowerCase();
    if (lowerAfter.startsWith(tail) && !/^[a-z]/.test(lowerAfter.slice(tail.length))) {
      words = words.slice(0, -k);
      break;
    }
  }
  return words.join(" ");
}

/** A place written for the previous question's language and script, from the name's forms in both. */
function placeFor(part: Part, chinese: boolean, traditional: boolean): string {
  const followUpChinese = hasHan(part.text);
  if (!part.name || chinese === followUpChinese) return part.text;
  if (chinese) {
    // A Han form the dictionary knows as a name (浙江 for Zhejiang; not 道路 for "Harbour Road").
    const han = part.name.forms.find((f) => hasHan(f) && isPlaceName(f));
    if (!han) return part.text;
    return traditional ? toTraditional(han) : han;
  }
  const english = part.name.forms.find((f) => !hasHan(f));
  return english ? capitalised(english) : part.text;
}

/** True when a name may be added to a question that names none: the dictionary knows it as a place or name. */
function knownPlace(part: Part): boolean {
  const name = part.name;
  if (!name) return false;
  return name.kind === "place" || name.kind === "organisation" || name.forms.some((f) => hasHan(f) && isPlaceName(f));
}

/** Whether a text's Han characters are mostly traditional-only or simplified-only forms. */
function scriptOf(text: string): "traditional" | "simplified" | undefined {
  const han = text.match(/\p{Script=Han}/gu) ?? [];
  let traditional = 0;
  let simplified = 0;
  for (const ch of han) {
    if (toSimplified(ch) !== ch) traditional++;
    else if (toTraditional(ch) !== ch) simplified++;
  }
  if (traditional === simplified) return undefined;
  return traditional > simplified ? "traditional" : "simplified";
}

/** Where to add a part the previous question lacks, and how (English: at the end; Chinese: at the start, after a leading year). */
function insertion(previous: QuestionParts, text: string, kind: PartKind): { start: number; end: number; text: string } {
  if (previous.chinese) {
    const leadingYear = previous.years.find((y) => y.start === 0);
    const at = kind !== "year" && leadingYear ? leadingYear.end : 0;
    return { start: at, end: at, text };
  }
  const end = previous.text.replace(/[\s?？!！.。]+$/u, "").length;
  return { start: end, end, text: ` ${text}` };
}

/** A follow-up's name with the words after it that end the previous name too ("Harbour Road branch" for "the Eastside Branch"). */
function nameWithTail(place: Part, previous: Part, f: QuestionParts): Part {
  const tail = new Set(
    previous.text
      .split(/\s+/)
      .slice(1)
      .map((w) => w.toLowerCase()),
  );
  let end = place.end;
  for (const w of tokens(f.text.slice(place.end))) {
    const start = place.end + w.start;
    if (!/^\s+$/.test(f.text.slice(end, start)) || !tail.has(w.lower)) break;
    end = place.end + w.end;
  }
  return end === place.end ? place : { ...place, end, text: f.text.slice(place.start, end) };
}

/**
 * The follow-up completed from the previous question (both analysed), or undefined when it
 * stands alone (a complete new question), names nothing the previous question has a place for,
 * or asks in another way ("how much" after "how many").
 */
export function completeFollowUp(previousQuestion: Question, followUpQuestion: Question): FollowUp | undefined {
  const found = followUpParts(followUpQuestion);
  if (!found || found.alone || !/[\p{L}\p{N}]/u.test(previousQuestion.text)) return undefined;
  const f = found.parts;
  const p = questionParts(previousQuestion);
  const previous = p.text;
  const traditionalPrevious = p.chinese && scriptOf(previous) === "traditional";
  const edits: { start: number; end: number; text: string }[] = [];
  const changed: PartKind[] = [];
  const taken: Part[] = [];
  const replaceAll = (targets: readonly Part[], text: string): void => {
    targets.forEach((t, i) => {
      edits.push({ start: t.start, end: t.end, text: i === 0 ? text : "" });
      taken.push(t);
    });
  };

  if (!p.chinese && f.questionWord !== undefined && p.questionWord !== undefined && f.questionWord !== p.questionWord && f.questionWord !== "what")
    return undefined;

  // Years: "And in 2019?", "去年呢？", "What was it last year?"
  if (f.years.length > 0) {
    const year = yearFor(f.years[0]!, p.chinese);
    if (p.years.length > 0) {
      const first = { ...p.years[0]! };
      // A bare year keeps the previous question's preposition ("in 2018" → "in 2019").
      const keepPreposition = !p.chinese && year.bare && first.preposition !== undefined;
      let text = keepPreposition ? `${first.preposition} ${year.text}` : year.text;
      if (!p.chinese && first.preposition === undefined && /^\s+[A-Za-z]/.test(previous.slice(first.end))) {
        // A year before a noun ("the 2019 target") takes the year alone, or "last year's".
        const digits = /\d{4}/.exec(text);
        text = digits ? digits[0] : `${text.replace(/^the\s+/i, "")}'s`;
        const article = /\bthe\s+$/i.exec(previous.slice(0, first.start));
        if (!digits && article) first.start = article.index;
      }
      replaceAll([first, ...p.years.slice(1)], text);
    } else {
      const phrase = p.chinese || !year.bare ? year.text : `in ${year.text}`;
      edits.push(insertion(p, phrase, "year"));
    }
    changed.push("year");
  }
  // Periods: "上半年呢？", "And per month?"
  if (f.periods.length > 0) {
    const text = f.periods[0]!.text;
    if (p.periods.length > 0) replaceAll(p.periods, text);
    else edits.push(insertion(p, text, "period"));
    changed.push("period");
  }

  // Content the previous question already has is context repeated, not a change ("And the Old
  // Town branch?" after a question about the Northgate branch changes the name only).
  const previousTerms = new Set(previousQuestion.terms.original.map((t) => t.term));
  const newContent = f.content.filter((t) => !previousTerms.has(t.term));

  // A name inside the subject ("the Eastside Branch" → "the Harbour Road branch") goes with it.
  const subjectHoldsPlace =
    !p.chinese && newContent.length > 0 && p.subject !== undefined && p.places.some((x) => x.start >= p.subject!.start && x.end <= p.subject!.end);
  // Places and names: "What about Zhejiang?", "那浙江呢？"
  if (f.places.length > 0 && !subjectHoldsPlace) {
    const places = p.places.length === 1 ? f.places.map((place) => nameWithTail(place, p.places[0]!, f)) : f.places;
    // "And the UK?" after "… in France?": the article goes along.
    const article =
      !p.chinese && !f.chinese && /\bthe\s+$/i.test(f.text.slice(0, places[0]!.start)) && !/\bthe\s+$/i.test(previous.slice(0, p.places[0]?.start ?? 0));
    let text = (article ? "the " : "") + places.map((place) => placeFor(place, p.chinese, traditionalPrevious)).join(p.chinese ? "和" : " and ");
    if (!p.chinese && p.places.length === 1) text = withoutContext(text, previous.slice(0, p.places[0]!.start), previous.slice(p.places[0]!.end));
    // A Chinese name the previous question writes no name for may stand for a word of the same
    // head (财政局 for 教育局, which the analysis did not call a name), else it is added.
    const sameHead = p.places.length === 0 && p.chinese && f.chinese && f.places.length === 1 ? subjectEdit(p, f, f.places[0]!.text) : undefined;
    if (p.places.length > 0) replaceAll(p.places, text);
    else if (sameHead) edits.push(sameHead);
    else if (f.places.every(knownPlace)) edits.push(insertion(p, p.chinese ? text : `in ${text}`, "place"));
    else return undefined;
    changed.push("place");
  }
  // Figures: "And more than 150,000?"
  if (f.figures.length > 0) {
    if (p.figures.length === 0) return undefined;
    replaceAll(p.figures.slice(0, 1), f.figures[0]!.text);
    changed.push("figure");
  }
  // The frame: "And how many are planned?" (the verb group), "那计划呢？" (a frame word).
  if (f.frame) {
    const same = p.frame !== undefined && p.frame.text.toLowerCase() === f.frame.text.toLowerCase();
    if (!same) {
      if (!p.frame || overlapsAny(taken, p.frame.start, p.frame.end) || (p.frame.noun ?? false) !== (f.frame.noun ?? false)) {
        // Nowhere to write it: harmless only when the previous question speaks of the same time.
        const previousFrame = p.frame?.frame ?? previousQuestion.frame.asked;
        if (f.frame.frame === undefined || f.frame.frame !== previousFrame) return undefined;
      } else {
        let text = f.frame.text;
        // "planned" alone keeps the previous auxiliary ("were built" → "were planned").
        if (!p.chinese && !/\s/.test(text) && !f.frame.noun) {
          const aux = p.frame.text.split(/\s+/);
          text = aux.length > 1 ? [...aux.slice(0, -1), text].join(" ") : text;
        }
        edits.push({ start: p.frame.start, end: p.frame.end, text });
        taken.push(p.frame);
        changed.push("frame");
      }
    }
  }
  // The subject: what is left of the follow-up ("And primary schools?", "民办园呢？", "And middle schools?").
  if (newContent.length > 0) {
    const subject = subjectFor(p, f, followUpQuestion, subjectHoldsPlace);
    if (!subject || overlapsAny(taken, subject.start, subject.end)) return undefined;
    edits.push(subject);
    changed.push("subject");
  }
  if (edits.length === 0) return undefined;

  let completed = splice(previous, edits)
    .replace(/[ \t]{2,}/g, " ")
    .replace(/\s+([?？,，.。])/g, "$1")
    .trim();
  if (!/[?？]$/.test(completed)) completed += p.chinese ? "？" : "?";
  // A question in traditional characters is understood in traditional characters (and so for simplified).
  if (p.chinese && f.chinese) {
    const script = scriptOf(followUpQuestion.text);
    if (script === "traditional") completed = toTraditional(completed);
    else if (script === "simplified") completed = toSimplified(completed);
  }
  if (completed === previous) return undefined;
  return { question: completed, changed };
}

/** A follow-up's text without its years, periods, places, figures and frame: the subject it names. */
function withoutParts(f: QuestionParts, keepPlaces: boolean): string {
  const parts = [...f.years, ...f.periods, ...(keepPlaces ? [] : f.places), ...f.figures, ...(f.frame ? [f.frame] : [])];
  const text = splice(
    f.text,
    parts.map((x) => ({ start: x.start, end: x.end, text: " " })),
  );
  if (f.chinese) return text.replace(/\s+/g, "").replace(/的$/, "");
  return text
    .replace(/\s+/g, " ")
    .replace(new RegExp(`(?:\\s+(?:${[...ENGLISH_PREPOSITIONS].join("|")}))+\\s*$`, "i"), "")
    .trim();
}

/** The dictionary's Chinese rendering of an English follow-up's subject ("middle schools" → 中学). */
function renderedSubject(fragment: string, question: Question): string | undefined {
  const wanted = foldForSearch(fragment.replace(/^(?:the|a|an)\s+/i, "")).trim();
  const concept = question.concepts.find((c) => foldForSearch(c.source).trim() === wanted);
  return concept?.renderings.map((r) => r.text).find(hasHan);
}

/** The edit that puts the follow-up's subject in the previous question, in the previous question's language. */
function subjectFor(p: QuestionParts, f: QuestionParts, followUp: Question, keepPlaces: boolean): { start: number; end: number; text: string } | undefined {
  let fragment = withoutParts(f, keepPlaces);
  // "Primary schools?" is capitalised because it opens the follow-up, not because it is a name.
  if (!f.chinese && !overlapsAny(f.places, 0, 1) && f.text.startsWith(fragment.split(" ")[0] ?? ""))
    fragment = fragment.replace(/^[A-Z](?=[a-z])/, (c) => c.toLowerCase());
  if (p.chinese === f.chinese) return subjectEdit(p, f, fragment);
  // A subject in the other language: its dictionary rendering, when one concept says all of it.
  // Only into Chinese: renderings are CC-CEDICT headwords there, but index stems in English.
  if (!p.chinese) return undefined;
  const rendered = renderedSubject(fragment, followUp);
  return rendered ? subjectEdit(p, f, rendered) : undefined;
}

/** Where the subject the follow-up names (`fragment`, in the previous question's language) goes in the previous question. */
function subjectEdit(p: QuestionParts, f: QuestionParts, fragment: string): { start: number; end: number; text: string } | undefined {
  if (!p.chinese) {
    const words = tokens(fragment);
    const first = words[0]?.lower;
    // "And for primary schools?": the previous question's phrase with the same preposition.
    if (first && ENGLISH_PREPOSITIONS.has(first)) {
      const at = [...p.text.matchAll(new RegExp(`\\b${first}\\s+`, "gi"))]
        .map((m) => m.index)
        .filter((i) => !p.years.concat(p.places, p.periods).some((x) => x.start === i));
      const start = at[at.length - 1];
      if (start === undefined) return undefined;
      let end = p.text.replace(/[\s?？!！.。]+$/u, "").length;
      const next = [...p.years, ...p.places, ...p.periods].filter((x) => x.start > start).sort((a, b) => a.start - b.start)[0];
      if (next) end = next.start;
      return { start, end, text: `${fragment}${next ? " " : ""}` };
    }
    if (!p.subject || f.questionWord !== undefined) return undefined;
    return {
      start: p.subject.start,
      end: p.subject.end,
      text: fragment.replace(/^(?:the|a|an)\s+(?=\S)/i, p.subject.text.match(/^(?:the|a|an)\s/i) ? "$&" : ""),
    };
  }
  // Chinese: the content word of the previous question with the same head character (小学 for
  // 中学, 幼儿园 for 民办园); with a modifier in the follow-up, the modifier before it goes too.
  const written = fragment;
  const simplified = toSimplified(fragment);
  const head = Array.from(simplified).pop();
  if (!head || !/\p{Script=Han}/u.test(head)) return undefined;
  const words = p.content.filter((t) => hasHan(t.term));
  const matches = words.map((w, i) => ({ w, i })).filter(({ w }) => w.term !== simplified && Array.from(w.term).pop() === head);
  const match = matches[matches.length - 1];
  if (!match) return undefined;
  let start = match.w.start;
  const before = words[match.i - 1];
  // A modifier in the follow-up (民办园: 民办 + 园) replaces the previous one (公办) as well.
  const modified = chineseWords(simplified).filter(hasHan).length > 1;
  if (modified && before && before.end === start) start = before.start;
  return { start, end: match.w.end, text: written };
}
