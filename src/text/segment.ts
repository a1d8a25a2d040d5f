// Turns text into search terms that FTS5 can index: Chinese words (jieba) plus character
// bigrams for recall, English words lightly stemmed, numbers kept whole. Both documents and
// questions go through here, after the same folding, so the two sides always agree.
import { Jieba } from "@node-rs/jieba";
import { dict } from "@node-rs/jieba/dict.js";
import {
  charClass,
  CHINESE_STOPWORDS,
  ENGLISH_QUANTITY_CUES,
  ENGLISH_STOPWORDS,
  IRREGULAR_FORMS,
  MAGNITUDES,
  MEASURE_WORDS,
  MEN_SINGULARS,
  CHINESE_NUMERALS,
  FIGURE_UNITS,
  phrasePattern,
  QUESTION_FORMS,
  TIME_UNITS,
} from "./lexicon.js";
import { foldForSearch } from "./normalize.js";
import { toSimplified } from "./script.js";

let jieba: Jieba | undefined;
function segmenter(): Jieba {
  jieba ??= Jieba.withDict(dict);
  return jieba;
}

const HAN_RUN = /\p{Script=Han}+/u;
// A run is Han characters, or letters/digits (with inner . , for decimals like 92.8 or 1,200).
const RUNS = /\p{Script=Han}+|\d+(?:[.,]\d+)*%?|[\p{L}\p{M}][\p{L}\p{M}\p{N}'’-]*/gu;

/** A light English stemmer: folds plurals and common inflections so "targets" finds "target". */
export function stemEnglish(word: string): string {
  let w = word.toLowerCase().replace(/['’]s$/, "");
  const singular = IRREGULAR_FORMS[w];
  if (singular) return singular;
  if (w.length <= 3) return w;
  // Compounds of "man" take its irregular plural: "policemen", "chairwomen".
  if (w.length >= 6 && w.endsWith("men") && !MEN_SINGULARS.has(w)) return `${w.slice(0, -3)}man`;
  if (w.endsWith("ies") && w.length > 4) return `${w.slice(0, -3)}y`;
  if (w.endsWith("sses")) return w.slice(0, -2);
  if (w.endsWith("ss") || w.endsWith("us") || w.endsWith("is")) return w;
  // "mixes", "boxes", "taxes", "wishes", "matches" lose their -es; "fees", "rules" only the -s.
  if (/(?:x|sh|ch|z)es$/.test(w)) return w.slice(0, -2);
  if (w.endsWith("s")) w = w.slice(0, -1);
  if (w.length > 5 && w.endsWith("ing")) return undoubleConsonant(w.slice(0, -3));
  if (w.length > 4 && w.endsWith("ed")) return undoubleConsonant(w.endsWith("ied") ? `${w.slice(0, -3)}y` : w.slice(0, -2));
  if (w.length > 5 && w.endsWith("ment")) return w.slice(0, -4);
  return w;
}

function undoubleConsonant(stem: string): string {
  const m = /([bdfgklmnprt])\1$/.exec(stem);
  if (m && !/(ll|ss)$/.test(stem)) return stem.slice(0, -1);
  return stem;
}

export interface TermOptions {
  /** Drop function words (questions); documents keep them out anyway via the same rule. */
  dropStopwords?: boolean;
}

/** Han bigrams of a run: the recall net under jieba's words. */
export function hanBigrams(run: string): string[] {
  const chars = Array.from(run);
  if (chars.length === 1) return chars;
  const out: string[] = [];
  for (let i = 0; i + 1 < chars.length; i++) out.push(chars[i]! + chars[i + 1]!);
  return out;
}

/**
 * Search terms for a folded Han run: jieba words of two or more characters, plus character
 * bigrams inside each stretch between function words (so 的/是 never glue two words together).
 */
function hanTerms(run: string, dropStopwords: boolean): string[] {
  const terms: string[] = [];
  let stretch = "";
  const flush = (): void => {
    if (stretch.length === 0) return;
    for (const word of segmenter().cutForSearch(stretch, true)) {
      if (Array.from(word).length >= 2) terms.push(word);
    }
    if (Array.from(stretch).length > 2) terms.push(...hanBigrams(stretch).filter((b) => !terms.includes(b)));
    else if (Array.from(stretch).length === 1 && !dropStopwords) terms.push(stretch);
    stretch = "";
  };
  for (const word of segmenter().cut(run, true)) {
    if (dropStopwords && CHINESE_STOPWORDS.has(word)) flush();
    else stretch += word;
  }
  flush();
  return terms;
}

/** Splits text into folded search terms (duplicates kept, so term frequency survives). */
export function searchTerms(text: string, options: TermOptions = {}): string[] {
  const folded = foldForSearch(text);
  const dropStopwords = options.dropStopwords ?? true;
  const terms: string[] = [];
  for (const match of folded.matchAll(RUNS)) {
    const run = match[0];
    if (HAN_RUN.test(run)) {
      terms.push(...hanTerms(run, dropStopwords));
    } else if (/^\d/.test(run)) {
      terms.push(run.replace(/,(?=\d{3}\b)/g, "").replace(/%$/, ""));
    } else {
      // "what's" and "it's" are their stopword plus a clitic.
      const word = run.replace(/['’-]+$/, "").replace(/['’](?:s|re|ve|ll|d|m|t)$/i, "");
      if (dropStopwords && ENGLISH_STOPWORDS.has(word.toLowerCase())) continue;
      for (const part of word.split("-")) {
        if (part.length === 0 || (dropStopwords && ENGLISH_STOPWORDS.has(part.toLowerCase()))) continue;
        terms.push(stemEnglish(part));
      }
    }
  }
  return terms;
}

/** The distinct terms of a question, in order of first appearance. */
export function queryTerms(question: string): string[] {
  return [...new Set(searchTerms(question, { dropStopwords: true }))];
}

/** A meaningful unit of a question: a word, and the index terms that together stand for it. */
export interface QuestionUnit {
  word: string;
  /** Terms that all appear where the word appears (the word itself, or its bigrams). */
  parts: string[];
  /** A single character glued to its neighbour (湿 + 垃圾): worth weighing only where the collection says it. */
  glued?: boolean;
  /** Other words that say the same (the full form of an abbreviation: 医保 → 医疗保险). */
  alternatives?: string[];
}

// The unit a question wants its answer in ("多少亿元", "几所", "多少人次") says what kind of figure
// to give, not what the figure is about: a passage need not share it to answer. Matched on folded
// text, like every lexicon table.
const ANSWER_UNIT = new RegExp(
  `(多少|几)([${MAGNITUDES}]*(?:${FIGURE_UNITS.join("|")})|${charClass(MEASURE_WORDS)}|${charClass(TIME_UNITS.filter((u) => u.length === 1))})`,
  "gu",
);
// "How big / how high / how long" ask for a figure like 多少 does; they are not content words,
// in either language (多长, "how long").
const HOW_MUCH = /多[大高长久远重]/gu;
// The adjective of a quantity cue ("how long", "how often") only says which dimension is asked:
// like 多长 and 多久, it asks for a figure and is no content to find (rendered, "long" is 悠久).
const DIMENSIONS = ENGLISH_QUANTITY_CUES.flatMap((cue) => /^how ([a-z]+)$/.exec(cue)?.[1] ?? []).filter((word) => word !== "many" && word !== "much");
const HOW_DIMENSION = new RegExp(`\\bhow\\s+(?:${DIMENSIONS.join("|")})\\b`, "giu");
const QUESTION_FORM = phrasePattern(QUESTION_FORMS, "giu");

/** A question without the words that only say how it asks (叫什么名字, "supposed to"). */
export function withoutQuestionForms(question: string): string {
  return toSimplified(question).replace(QUESTION_FORM, " ");
}

/** The unit a question asks its answer in (多少亿元 → 亿元), if any. */
export function askedUnit(question: string): string | undefined {
  for (const match of foldForSearch(question).matchAll(ANSWER_UNIT)) return match[2];
  return undefined;
}

/** A question without the units it asks its answer in (多少亿元 → 多少, 有多大 → 有多少, "how long" → "how much"). */
export function withoutAnswerUnits(question: string): string {
  return toSimplified(question)
    .replace(ANSWER_UNIT, (_, quantity: string) => `${quantity} `)
    .replace(HOW_MUCH, "多少")
    .replace(HOW_DIMENSION, "how much");
}

/**
 * What must appear where a question word appears: a compound of two or more words (粮食产量 =
 * 粮食 + 产量) is met by its words, even apart ("粮食播种面积、产量"), as Chinese coordinates them;
 * another long word by its bigrams; a short word by itself.
 */
function wordParts(word: string): string[] {
  const length = Array.from(word).length;
  if (length <= 2) return [word];
  if (length >= 4) {
    const pieces = segmenter()
      .cutForSearch(word, true)
      .filter((piece) => piece !== word);
    if (pieces.length >= 2 && pieces.every((piece) => Array.from(piece).length >= 2) && pieces.join("") === word) return pieces;
  }
  return hanBigrams(word);
}

// Characters that count or point rather than name: they make no word with a neighbour.
const COUNTING_CHARS: ReadonlySet<string> = new Set([...MEASURE_WORDS, ...CHINESE_NUMERALS, "几", "多", "少", "每", "各", "第", "该", "此", "这", "那", "哪"]);

/** A single Chinese character that may make a word with a single neighbour: no stopword, nothing that counts or points. */
function pairable(word: string): boolean {
  return Array.from(word).length === 1 && HAN_RUN.test(word) && !CHINESE_STOPWORDS.has(word) && !COUNTING_CHARS.has(word);
}

/**
 * The content words of a question (jieba words of two or more characters, numbers, English
 * stems), each with the bigrams that stand for it when a passage segments it differently.
 */
export function questionUnits(question: string): QuestionUnit[] {
  const folded = withoutAnswerUnits(foldForSearch(question));
  const units = new Map<string, QuestionUnit>();
  for (const match of folded.matchAll(RUNS)) {
    const run = match[0];
    if (HAN_RUN.test(run)) {
      const words = segmenter().cut(run, true);
      const pairedWith = new Set<number>();
      words.forEach((word, i) => {
        if (CHINESE_STOPWORDS.has(word)) return;
        if (Array.from(word).length >= 2) {
          units.set(word, { word, parts: wordParts(word) });
          return;
        }
        // A single character is no unit of its own, but it may make one with its neighbour: 湿 +
        // 垃圾 is 湿垃圾 ("wet waste"), a different thing from 垃圾; the compound binds by its bigrams.
        const next = words[i + 1];
        // A character right after a number is the number's unit (2021年, 3个), not a modifier of the next word.
        const afterNumber = i === 0 && /\d\s*$/.test(folded.slice(0, match.index));
        if (next && !afterNumber && !CHINESE_STOPWORDS.has(next) && HAN_RUN.test(word) && Array.from(next).length >= 2) {
          const compound = word + next;
          units.set(compound, { word: compound, parts: hanBigrams(compound), glued: true });
        }
        // Two single characters in a row are a word jieba does not know (书号 "ISBN", 东涌 a place),
        // which passages index as that bigram; counting characters make none (几 / 本, 三 / 个), and
        // a character already paired with the one before it starts no second pair.
        if (next && pairable(word) && pairable(next) && !pairedWith.has(i)) {
          const pair = word + next;
          units.set(pair, { word: pair, parts: [pair], glued: true });
          pairedWith.add(i + 1);
        }
      });
    } else {
      for (const term of searchTerms(run)) units.set(term, { word: term, parts: [term] });
    }
  }
  return [...units.values()];
}

/** The jieba words of a run of Chinese text, in order (their lengths add up to the run's). */
export function chineseWords(run: string): string[] {
  return segmenter().cut(run, false);
}

/** The string FTS5 indexes for a passage: its terms joined by spaces. */
export function indexText(text: string): string {
  return searchTerms(text, { dropStopwords: true }).join(" ");
}

/** A word with jieba's part-of-speech tag (ns place, nt organisation, nr person, …). */
export interface TaggedWord {
  word: string;
  tag: string;
}

/** jieba's words and part-of-speech tags of a text, in order; callers fold it first (foldForSearch). */
export function tagWords(text: string): TaggedWord[] {
  return segmenter().tag(text, true);
}
