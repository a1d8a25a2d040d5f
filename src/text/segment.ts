// Turns text into search terms that FTS5 can index: Chinese words (jieba) plus character
// bigrams for recall, English words lightly stemmed, numbers kept whole. Both documents and
// questions go through here, after the same folding, so the two sides always agree.
import { Jieba } from "@node-rs/jieba";
import { dict } from "@node-rs/jieba/dict.js";
import { foldForSearch } from "./normalize.js";

let jieba: Jieba | undefined;
function segmenter(): Jieba {
  jieba ??= Jieba.withDict(dict);
  return jieba;
}

const HAN_RUN = /\p{Script=Han}+/u;
// A run is Han characters, or letters/digits (with inner . , for decimals like 92.8 or 1,200).
const RUNS = /\p{Script=Han}+|\d+(?:[.,]\d+)*%?|[\p{L}\p{M}][\p{L}\p{M}\p{N}'’-]*/gu;

// Function words that carry no meaning for retrieval (general English and Chinese lists).
export const ENGLISH_STOPWORDS = new Set(
  (
    "a an the of to in on at by for from with and or but is are was were be been being am do does did " +
    "what which who whom whose when where why how that this these those it its there their they them " +
    "he she his her we our you your i me my as if than then so such not no can could should would will " +
    "shall may might must has have had into about over under any all some each other more most very " +
    "s t just also only own same too up down out off again further once here both few many much"
  ).split(" "),
);

export const CHINESE_STOPWORDS = new Set(
  (
    "的 了 是 在 和 与 及 或 吗 呢 吧 啊 呀 么 什么 怎么 怎样 如何 哪些 哪个 哪里 为什么 多少 几 是否 有 有没有 " +
    "这 那 这个 那个 这些 那些 其 之 也 都 就 而 被 把 对 从 向 为 以 于 等 请问 请 告诉 我 我们 你 你们 " +
    "他 她 它 他们 一个 中 上 下 里 个 所 多 要 会 能 可以 吗？ 呢？"
  ).split(" "),
);

// Irregular plurals a question and a document may disagree on ("children" / "child").
const IRREGULAR_PLURALS: Record<string, string> = { children: "child", people: "person", men: "man", women: "woman" };

/** A light English stemmer: folds plurals and common inflections so "targets" finds "target". */
export function stemEnglish(word: string): string {
  let w = word.toLowerCase().replace(/['’]s$/, "");
  const singular = IRREGULAR_PLURALS[w];
  if (singular) return singular;
  if (w.length <= 3) return w;
  if (w.endsWith("ies") && w.length > 4) return `${w.slice(0, -3)}y`;
  if (w.endsWith("sses")) return w.slice(0, -2);
  if (w.endsWith("ss") || w.endsWith("us") || w.endsWith("is")) return w;
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
      const word = run.replace(/['’-]+$/, "");
      if (dropStopwords && ENGLISH_STOPWORDS.has(word)) continue;
      for (const part of word.split("-")) {
        if (part.length === 0 || (dropStopwords && ENGLISH_STOPWORDS.has(part))) continue;
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
}

// The unit a question wants its answer in ("多少亿元", "几所", "多少人次") says what kind of figure
// to give, not what the figure is about: a passage need not share it to answer. Both scripts, so
// the raw question can be cleaned before translation too.
const ANSWER_UNIT =
  /(多少|几|幾)([十百千万萬亿億]*(?:元|人次|小时|小時|平方米|平方公里|公里|千米|米|吨|噸|天|个月|個月|分钟|分鐘|周|週)|[个個所名人次项項家座条條本位种種天年岁歲倍级級批届屆辆輛台臺张張件只隻棵套架艘部册冊])/gu;
// "How big / how high / how long" ask for a figure like 多少 does; they are not content words.
const HOW_MUCH = /多[大高长長久远遠重]/gu;

// How a question asks, not what it asks about: "supposed to", "is there any", 叫什么名字.
const QUESTION_FORMS =
  /\b(?:supposed|expected|meant|going|due) to\b|\b(?:is|are) there (?:any|a)\b|\bcan you tell me\b|\bdo you know\b|\bwhat(?:'s| is| was) the name of\b|\bcalled\b|叫什[么麼]名字|什[么麼]名字|叫什[么麼]/giu;

/** A question without the words that only say how it asks (叫什么名字, "supposed to"). */
export function withoutQuestionForms(question: string): string {
  return question.replace(QUESTION_FORMS, " ");
}

/** The unit a question asks its answer in (多少亿元 → 亿元), if any. */
export function askedUnit(question: string): string | undefined {
  for (const match of question.matchAll(ANSWER_UNIT)) return match[2];
  return undefined;
}

/** A question without the units it asks its answer in (多少亿元 → 多少, 有多大 → 有多少). */
export function withoutAnswerUnits(question: string): string {
  return question.replace(ANSWER_UNIT, (_, quantity: string) => `${quantity} `).replace(HOW_MUCH, "多少");
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
      for (const word of segmenter().cut(run, true)) {
        if (CHINESE_STOPWORDS.has(word) || Array.from(word).length < 2) continue;
        units.set(word, { word, parts: Array.from(word).length > 2 ? hanBigrams(word) : [word] });
      }
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
