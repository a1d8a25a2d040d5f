// What kind of answer a question asks for (any figure, a count, an average, a figure in some
// unit) and whether a clause states that kind: "how many visits" is not answered by "38% of
// visits", nor "多少亿元" by a number of schools, nor "the average salary" by a subsidy total.
import { asksForQuantity } from "../text/dictionary.js";
import { foldForSearch } from "../text/normalize.js";
import { askedUnit, withoutAnswerUnits } from "../text/segment.js";

// Asking about a rate ("毛入学率", "enrollment rate") asks for a figure even without "多少".
// 率 ends a rate (入学率, 合格率), but 率先 "take the lead" and 率领 "lead" are no rates.
const RATE_WORD = /\p{Script=Han}率(?![先领領])|\brates?\b|\bpercent/iu;
const FIGURE =
  /\d+(?:[.,]\d+)*\s*(?:%|％|[萬万億亿千百]+(?:元|人|所|個|个|名|人次)?|(?:元|人次|人|所|個|个|名|篇|項|项|門|门|所|起|期|間|间)|\s?(?:percent|million|billion|thousand))?|(?:[二两兩三四五六七八九十百千万萬]|一(?=[十百千万萬]))[一二两兩三四五六七八九十百千万萬]*(?:个|個|年|所|名|项|項|次|届|屆|批|种|種|条|條|位|家|座|倍|期|篇|门|門|轮|輪)/gi;
// A share or a rate is asked for in so many words; without them "how many" wants a count.
const SHARE_WORD = /率|比例|比重|占比|百分|\b(?:rates?|ratios?|percent(?:age)?s?|share|proportion|fraction)\b/i;
const COUNT_QUESTION = /\bhow many\b|(?:多少|几)\s*[个所名人次项家座条本位种岁届批辆台张件只棵套架艘部册]/i;
const AVERAGE_QUESTION = /\b(?:average|mean|median)\b|平均|人均|生均/i;
const AVERAGE_STATED = /\b(?:average|mean|median|per)\b|平均|均/i;
// Money and measures: the figure must carry the unit (元 for 亿元, 人次 for 人次).
const MEASURE_UNIT = /(元|人次|小时|平方米|平方公里|公里|千米|米|吨|分钟)$/u;

// "How much money", "how much does it cost", "多少钱": the answer is an amount of money. (A
// question about a budget or an investment may well be answered by a change in percent.)
const MONEY_QUESTION =
  /\bhow much (?:money|cash)\b|\bhow much\b.*\b(?:costs?|price[ds]?)\b|\bwhat (?:is|was|will be) the (?:cost|price)\b|多少钱|花了多少|花费多少|造价/i;
// "What time", "几点": the answer is a time of day.
const TIME_QUESTION = /\bwhat time\b|\bat what hour\b|[几幾]点|[几幾]點|什么时间|什麼時間|几时/i;
const TIME_STATED = /\d{1,2}[:：]\d{2}|\d{1,2}\s*(?:a\.?m\.?|p\.?m\.?|o'clock)|\d{1,2}\s*[点點时時](?:\d{1,2}分?|半)?/i;
// English words that end the phrase counted by "how many" (a verb, a preposition, a clause).
const COUNT_PHRASE_END = new Set([
  "did",
  "do",
  "does",
  "were",
  "was",
  "are",
  "is",
  "will",
  "would",
  "have",
  "has",
  "had",
  "can",
  "could",
  "should",
  "in",
  "of",
  "for",
  "at",
  "to",
  "from",
  "by",
  "with",
  "on",
  "under",
  "during",
  "per",
  "than",
  "and",
  "or",
  "that",
  "which",
  "who",
  "there",
  "get",
  "got",
  "received",
  "receive",
]);
const COUNT_PHRASE_SKIP = new Set(["new", "more", "additional", "total", "different", "the", "of", "such"]);

// Measures a question may ask its answer in, keyed by their Chinese unit: how an English question
// names them, and how a passage writes them in English. Longer units come first (平方米 before 米).
const NEVER = /(?!)/;
const MEASURES: ReadonlyArray<[string, { asked: RegExp; stated: RegExp }]> = [
  ["元", { asked: /\b(?:yuan|dollars|euros)\b/i, stated: /元|[$€£¥]|\b(?:dollars?|yuan|rmb|euros?|pounds?)\b/i }],
  ["小时", { asked: /\bhours\b/i, stated: /\bhours?\b/i }],
  ["分钟", { asked: /\bminutes\b/i, stated: /\bminutes?\b/i }],
  ["平方公里", { asked: /\bsquare kilomet(?:er|re)s\b/i, stated: /\bsquare kilomet(?:er|re)s?\b|km²/i }],
  ["平方米", { asked: /\bsquare met(?:er|re)s\b/i, stated: /\bsquare met(?:er|re)s?\b|m²|\bsq\.? ?m\b/i }],
  ["公里", { asked: /\bkilomet(?:er|re)s\b|\bkm\b/i, stated: /\bkm\b|\bkilomet(?:er|re)s?\b/i }],
  ["千米", { asked: NEVER, stated: /\bkm\b|\bkilomet(?:er|re)s?\b/i }],
  ["米", { asked: /\bmet(?:er|re)s\b/i, stated: /\bmet(?:er|re)s?\b|\d\s*m\b/i }],
  ["吨", { asked: /\bton(?:ne)?s\b/i, stated: /\bton(?:ne)?s?\b/i }],
];
const MEASURE_BY_UNIT = new Map(MEASURES);
// "When", "什么时候": the answer is a date or a time.
const DATE_QUESTION =
  /^\s*when\b|\bby when\b|\bwhat (?:date|year|month|day)\b|\bwhich (?:day|weekday|month|year)\b|什么时候|什麼時候|何时|何時|哪一?年|[几幾]月|(?:星期|礼拜|禮拜|周|週)[几幾]/i;
const DATE_STATED =
  /\b(?:19|20)\d\d\b|\b(?:january|february|march|april|may|june|july|august|september|october|november|december|spring|summer|autumn|fall|winter|quarter|monday|tuesday|wednesday|thursday|friday|saturday|sunday|weekdays?|weekends?)s?\b|\d{1,2}\s*月|\d+\s*日|年底|年初|年内|上半年|下半年|季度|(?:星期|礼拜|周)[一二三四五六日天]/i;

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
  /** A date (when something happens). */
  date: boolean;
  /** The unit the figure must be in (元, 人次), when the question names one. */
  unit?: string;
  /** The words of what "how many" counts or an average is taken of ("how many books" → books). */
  counted: string[];
}

/** Figures (numbers with their units) found in a text, in order, without repeats. */
export function extractFigures(text: string): string[] {
  const found = text.match(FIGURE) ?? [];
  return [...new Set(found.map((f) => f.trim()).filter((f) => /[\d二两兩三四五六七八九十百千万萬]/.test(f)))];
}

/** The figures of a text that state a quantity: not just a year. */
function quantities(text: string): string[] {
  return extractFigures(text).filter((f) => !/^(1[89]|20)\d\d$/.test(f) || /%|[萬万億亿]/.test(f));
}

/** The kind of answer a question asks for. */
export function answerKind(question: string): AnswerKind {
  const folded = foldForSearch(question);
  const average = AVERAGE_QUESTION.test(folded);
  const time = TIME_QUESTION.test(folded);
  const date = !time && DATE_QUESTION.test(folded);
  // "Weekly opening hours" asks for a figure in hours as plainly as 多少小时 does.
  const englishUnit = MEASURES.find(([, measure]) => measure.asked.test(folded))?.[0];
  const quantity = asksForQuantity(question) || RATE_WORD.test(question) || average || time || date || englishUnit !== undefined;
  const unit = MEASURE_UNIT.exec(askedUnit(folded) ?? "")?.[1] ?? englishUnit;
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
    date,
    ...(unit ? { unit } : {}),
    counted: count ? countedWords(folded) : average ? averagedWords(folded) : [],
  };
}

/** The words of what an average is taken of ("the average salary of teachers" → salary; 平均月薪 → 月薪). */
function averagedWords(folded: string): string[] {
  const english = /\b(?:average|mean|median)\s+([a-z][a-z\s'-]*)/i.exec(folded);
  if (english) return englishPhrase(english[1]!);
  const chinese = /(?:平均|人均|生均)(\p{Script=Han}{2,})/u.exec(folded);
  return chinese ? chinesePhrase(chinese[1]!) : [];
}

/**
 * The words of the phrase "how many" counts, up to its verb or preposition ("how many new school
 * places were…" → school, places); for Chinese, the words after 多少/几 and a measure word
 * (多少所幼儿园 → 幼儿园). Empty when the question does not say (多少人次, how many of them).
 */
function countedWords(folded: string): string[] {
  const english = /\bhow many\s+([a-z][a-z\s'-]*)/i.exec(folded);
  if (english) return englishPhrase(english[1]!);
  const chinese = /(?:多少|[几幾])\s*[个個所名人次项項家座条條本位种種岁歲届屆批辆輛台臺张張件只隻棵套架艘部册冊]?\s*(\p{Script=Han}{2,})/u.exec(
    withoutAnswerUnits(folded),
  );
  return chinese ? chinesePhrase(chinese[1]!) : [];
}

/** The content words of an English noun phrase, up to its verb or preposition. */
function englishPhrase(run: string): string[] {
  const words: string[] = [];
  for (const word of run.split(/\s+/)) {
    if (!word || COUNT_PHRASE_END.has(word)) break;
    if (!COUNT_PHRASE_SKIP.has(word)) words.push(word);
  }
  return words;
}

/** A Chinese noun phrase cut at its first function word (月薪是多少 → 月薪), if two characters remain. */
function chinesePhrase(run: string): string[] {
  const phrase = run.split(/[是有的了在为和与及或吗呢多]/u)[0]!;
  return Array.from(phrase).length >= 2 ? [phrase] : [];
}

/** True when a clause states a figure of the kind the question asks for. */
export function statesAnswerKind(kind: AnswerKind, clause: string): boolean {
  const folded = foldForSearch(clause);
  if (kind.time) return TIME_STATED.test(folded);
  if (kind.date) return DATE_STATED.test(folded);
  const figures = quantities(clause);
  if (figures.length === 0) return false;
  if (kind.count && figures.every((f) => /%|％|percent/i.test(f))) return false;
  if (kind.money && !MEASURE_BY_UNIT.get("元")!.stated.test(folded)) return false;
  if (kind.average && !AVERAGE_STATED.test(folded)) return false;
  // The unit, as Chinese text writes it after the figure, or as English text writes it at all.
  if (kind.unit) {
    const stated = /\p{Script=Han}/u.test(folded)
      ? new RegExp(`\\d[\\d.,]*\\s*[十百千万亿余多]*${kind.unit}`, "u").test(folded)
      : (MEASURE_BY_UNIT.get(kind.unit)?.stated.test(folded) ?? true);
    if (!stated) return false;
  }
  return true;
}

// Capitalised words that name a kind of thing, not one thing ("the Bureau", "the City Council").
const GENERIC_CAPITALS = new Set([
  "i",
  "bureau",
  "city",
  "council",
  "department",
  "government",
  "library",
  "libraries",
  "school",
  "schools",
  "university",
  "province",
  "provincial",
  "committee",
  "ministry",
  "state",
  "national",
  "municipal",
  "report",
  "annual",
  "chinese",
  "english",
  "branch",
  "branches",
  "office",
  "center",
  "centre",
  "district",
  "county",
  "party",
  "communist",
  "the",
  "a",
  "an",
  "in",
  "of",
  "what",
  "how",
  "when",
  "where",
  "which",
  "who",
  "why",
]);

/**
 * The names a question asks about: runs of capitalised English words after its first word
 * ("Harbour Road", "Huaihua"), and any Latin word in a Chinese question ("Eastside分馆"). A name
 * is a constraint like a year: a sentence about another place does not answer.
 */
export function namedEntities(question: string): string[][] {
  const names: string[][] = [];
  const chinese = /\p{Script=Han}/u.test(question);
  // A quoted title ('Touching Star City · Charming Teacher') is a translated name of a thing,
  // not a place the passage must spell out.
  const unquoted = question.replace(/(["“‘「『]).*?(["”’」』])|(^|\s)'[^']+'(?=[\s?.!,]|$)/g, (m) => " ".repeat(m.length));
  const words = [...unquoted.matchAll(/[A-Za-z][A-Za-z'’-]*/g)];
  let run: string[] = [];
  const flush = (): void => {
    const kept = run.filter((w) => !GENERIC_CAPITALS.has(w.toLowerCase()));
    if (kept.length > 0) names.push(kept.map((w) => w.toLowerCase()));
    run = [];
  };
  words.forEach((match, i) => {
    const word = match[0];
    const start = match.index ?? 0;
    const sentenceStart = i === 0 || /[.?!。？！]\s*$/.test(unquoted.slice(0, start));
    const capitalised = /^[A-Z]/.test(word) && !sentenceStart;
    const adjacent = i > 0 && /^\s+$/.test(unquoted.slice((words[i - 1]!.index ?? 0) + words[i - 1]![0].length, start));
    // "Sino-foreign" is an adjective, not a name, and "PE" or "GDP" abbreviate common nouns.
    const acronym = /^[A-Z]{2,4}s?$/.test(word);
    if ((chinese || capitalised) && word.length >= 2 && !word.includes("-") && !acronym) {
      if (run.length > 0 && !adjacent) flush();
      run.push(word);
    } else if (run.length > 0) {
      flush();
    }
  });
  flush();
  return names;
}
