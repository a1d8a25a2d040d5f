// What kind of answer a question asks for (any figure, a count, an average, a figure in some
// unit) and whether a clause states that kind: "how many visits" is not answered by "38% of
// visits", nor "多少亿元" by a number of schools, nor "the average salary" by a subsidy total.
import { asksForQuantity } from "../text/dictionary.js";
import { foldForSearch } from "../text/normalize.js";
import { askedUnit } from "../text/segment.js";

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

/** What a question wants its answer to state. */
export interface AnswerKind {
  /** A figure of some kind. */
  quantity: boolean;
  /** A number of things, not a percentage. */
  count: boolean;
  /** An average. */
  average: boolean;
  /** The unit the figure must be in (元, 人次), when the question names one. */
  unit?: string;
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
  const quantity = asksForQuantity(question) || RATE_WORD.test(question) || average;
  const unit = MEASURE_UNIT.exec(askedUnit(folded) ?? "")?.[1];
  return {
    quantity,
    count: quantity && COUNT_QUESTION.test(folded) && !SHARE_WORD.test(folded),
    average,
    ...(unit ? { unit } : {}),
  };
}

/** True when a clause states a figure of the kind the question asks for. */
export function statesAnswerKind(kind: AnswerKind, clause: string): boolean {
  const figures = extractFigures(clause).filter((f) => !/^(1[89]|20)\d\d$/.test(f) || /%|[萬万億亿]/.test(f));
  if (figures.length === 0) return false;
  if (kind.count && figures.every((f) => /%|％|percent/i.test(f))) return false;
  const folded = foldForSearch(clause);
  if (kind.average && !AVERAGE_STATED.test(folded)) return false;
  // The unit is a Chinese word: it constrains Chinese text only (an English passage says "hours").
  if (kind.unit && /\p{Script=Han}/u.test(folded) && !new RegExp(`\\d[\\d.,]*\\s*[十百千万亿余多]*${kind.unit}`, "u").test(folded)) return false;
  return true;
}
