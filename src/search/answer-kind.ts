// What kind of answer a question asks for (any figure, a count, an average, a figure in some
// unit) and whether a clause states that kind: "how many visits" is not answered by "38% of
// visits", nor "多少亿元" by a number of schools, nor "the average salary" by a subsidy total.
import { asksForQuantity } from "../text/dictionary.js";
import { foldForSearch } from "../text/normalize.js";
import { askedUnit, withoutAnswerUnits } from "../text/segment.js";

// Asking about a rate ("毛入学率", "enrollment rate") asks for a figure even without "多少".
const RATE_WORD = /率|\brates?\b|\bpercent/i;
const FIGURE = /\d+(?:[.,]\d+)*\s*(?:%|％|[萬万億亿千百]+(?:元|人|所|個|个|名|人次)?|(?:元|人次|人|所|個|个|名|篇|項|项|門|门|所|起|期|間|间)|\s?(?:percent|million|billion|thousand))?/gi;
// A share or a rate is asked for in so many words; without them "how many" wants a count.
const SHARE_WORD = /率|比例|比重|占比|百分|\b(?:rates?|ratios?|percent(?:age)?s?|share|proportion|fraction)\b/i;
const COUNT_QUESTION = /\bhow many\b|(?:多少|几)\s*[个所名人次项家座条本位种岁届批辆台张件只棵套架艘部册]/i;
const AVERAGE_QUESTION = /\b(?:average|mean|median)\b|平均|人均|生均/i;
const AVERAGE_STATED = /\b(?:average|mean|median|per)\b|平均|均/i;
// Money and measures: the figure must carry the unit (元 for 亿元, 人次 for 人次).
const MEASURE_UNIT = /(元|人次|小时|平方米|平方公里|公里|千米|米|吨|分钟)$/u;

// "How much … cost / invest / budget", "多少钱", "资金多少": the answer is an amount of money.
const MONEY_QUESTION =
  /\bhow much\b.*\b(?:costs?|spen[dt]|spending|invest(?:ed|ment)?|budget|money|funds?|funding|price|paid|pay|raised?|allocated?|subsid(?:y|ies|ized)|grants?|revenue|income)\b|\b(?:costs?|budget|price|spending|investment|funding)\b.*\bhow much\b|多少钱|[资经]金|经费|预算|投资|费用|花费|金额|拨款/i;
const MONEY_STATED = /元|[$€£¥]|\b(?:dollars?|yuan|rmb|euros?|pounds?)\b/i;
// "What time", "几点": the answer is a time of day.
const TIME_QUESTION = /\bwhat time\b|\bat what hour\b|[几幾]点|[几幾]點|什么时间|什麼時間|几时/i;
const TIME_STATED = /\d{1,2}[:：]\d{2}|\d{1,2}\s*(?:a\.?m\.?|p\.?m\.?|o'clock)|\d{1,2}\s*[点點时時](?:\d{1,2}分?|半)?/i;
// English words that end the phrase counted by "how many" (a verb, a preposition, a clause).
const COUNT_PHRASE_END = new Set([
  "did", "do", "does", "were", "was", "are", "is", "will", "would", "have", "has", "had", "can", "could", "should",
  "in", "of", "for", "at", "to", "from", "by", "with", "on", "under", "during", "per", "than", "and", "or", "that",
  "which", "who", "there", "get", "got", "received", "receive",
]);
const COUNT_PHRASE_SKIP = new Set(["new", "more", "additional", "total", "different", "the", "of", "such"]);

/** What a question wants its answer to state. */
export interface AnswerKind {
  /** A figure of some kind. */
  quantity: boolean;
  /** A number of things, not a percentage. */
  count: boolean;
  /** An average. */
  average: boolean;
  /** An amount of money. */
  money: boolean;
  /** A time of day. */
  time: boolean;
  /** The unit the figure must be in (元, 人次), when the question names one. */
  unit?: string;
  /** The words of what "how many" counts or an average is taken of ("how many books" → books). */
  counted: string[];
}

/** Figures (numbers with their units) found in a text, in order, without repeats. */
export function extractFigures(text: string): string[] {
  const found = text.match(FIGURE) ?? [];
  return [...new Set(found.map((f) => f.trim()).filter((f) => /\d/.test(f)))];
}

/** True when a text states a quantity: a figure that is not just a year. */
export function hasQuantity(text: string): boolean {
  return extractFigures(text).some((f) => !/^(1[89]|20)\d\d$/.test(f) || /%|[萬万億亿]/.test(f));
}

/** The kind of answer a question asks for. */
export function answerKind(question: string): AnswerKind {
  const folded = foldForSearch(question);
  const average = AVERAGE_QUESTION.test(folded);
  const time = TIME_QUESTION.test(folded);
  const quantity = asksForQuantity(question) || RATE_WORD.test(question) || average || time;
  const unit = MEASURE_UNIT.exec(askedUnit(folded) ?? "")?.[1];
  // A question that asks two things ("how much …, and how many …") is answered by a sentence
  // with two figures: no one kind binds it.
  const asks = (folded.match(/\bhow (?:many|much)\b|多少|[几幾]/g) ?? []).length;
  const single = asks <= 1;
  const count = quantity && single && !time && COUNT_QUESTION.test(folded) && !SHARE_WORD.test(folded);
  return {
    quantity,
    count,
    average,
    money: quantity && single && !time && !count && MONEY_QUESTION.test(folded),
    time,
    ...(unit ? { unit } : {}),
    counted: count ? countedWords(folded) : average ? averagedWords(folded) : [],
  };
}

/** The words of what an average is taken of ("the average salary of teachers" → salary; 平均月薪 → 月薪). */
export function averagedWords(folded: string): string[] {
  const english = /\b(?:average|mean|median)\s+([a-z][a-z\s'-]*)/i.exec(folded);
  if (english) {
    const words: string[] = [];
    for (const word of english[1]!.split(/\s+/)) {
      if (!word || COUNT_PHRASE_END.has(word)) break;
      if (!COUNT_PHRASE_SKIP.has(word)) words.push(word);
    }
    return words;
  }
  const chinese = /(?:平均|人均|生均)(\p{Script=Han}{2,})/u.exec(folded);
  return chinese ? chinesePhrase(chinese[1]!) : [];
}

/**
 * The words of the phrase "how many" counts, up to its verb or preposition ("how many new school
 * places were…" → school, places); for Chinese, the words after 多少/几 and a measure word
 * (多少所幼儿园 → 幼儿园). Empty when the question does not say (多少人次, how many of them).
 */
export function countedWords(folded: string): string[] {
  const english = /\bhow many\s+([a-z][a-z\s'-]*)/i.exec(folded);
  if (english) {
    const words: string[] = [];
    for (const word of english[1]!.split(/\s+/)) {
      if (!word || COUNT_PHRASE_END.has(word)) break;
      if (!COUNT_PHRASE_SKIP.has(word)) words.push(word);
    }
    return words;
  }
  const chinese = /(?:多少|[几幾])\s*[个個所名人次项項家座条條本位种種岁歲届屆批辆輛台臺张張件只隻棵套架艘部册冊]?\s*(\p{Script=Han}{2,})/u.exec(withoutAnswerUnits(folded));
  return chinese ? chinesePhrase(chinese[1]!) : [];
}

/** A Chinese noun phrase cut at its first function word (月薪是多少 → 月薪), if two characters remain. */
function chinesePhrase(run: string): string[] {
  const phrase = run.split(/[是有的了在为和与及或吗呢多]/u)[0]!;
  return Array.from(phrase).length >= 2 ? [phrase] : [];
}

/** True when a clause states a figure of the kind the question asks for. */
export function statesAnswerKind(kind: AnswerKind, clause: string): boolean {
  const figures = extractFigures(clause).filter((f) => !/^(1[89]|20)\d\d$/.test(f) || /%|[萬万億亿]/.test(f));
  if (figures.length === 0) return false;
  const folded = foldForSearch(clause);
  if (kind.time) return TIME_STATED.test(folded);
  if (kind.count && figures.every((f) => /%|％|percent/i.test(f))) return false;
  if (kind.money && !MONEY_STATED.test(folded)) return false;
  if (kind.average && !AVERAGE_STATED.test(folded)) return false;
  // The unit is a Chinese word: it constrains Chinese text only (an English passage says "hours").
  if (kind.unit && /\p{Script=Han}/u.test(folded) && !new RegExp(`\\d[\\d.,]*\\s*[十百千万亿余多]*${kind.unit}`, "u").test(folded)) return false;
  return true;
}
