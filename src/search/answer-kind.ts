// What kind of answer a question asks for (a figure, a count, money, a date, a name, a list, a
// yes or no, a description) and whether a clause states that kind: "how many visits" is not
// answered by "38% of visits", nor "多少亿元" by a number of schools, nor "the average salary" by a
// subsidy total. Pure rules over folded text; every word they use comes from the lexicon.
import {
  type ContactKind,
  CONTACT_CUES,
  DATE_NOUN_CUES,
  PHONE_LABELS,
  AVERAGE_ASKED,
  AVERAGE_STATED,
  CHINESE_DATE_WORDS,
  CHINESE_NUMERALS,
  CHINESE_PHRASE_ENDS,
  CHINESE_QUANTITY_CUES,
  charClass,
  COUNT_PHRASE_END,
  COUNT_PHRASE_SKIP,
  DATE_CUES,
  DEFINITION_CUES,
  DEFINITION_MARKERS,
  ENGLISH_DATE_WORDS,
  ENGLISH_MAGNITUDES,
  ENGLISH_NUMBER_WORDS,
  ENGLISH_QUANTITY_CUES,
  ENGLISH_QUANTITY_NOUNS,
  LIST_CUES,
  MAGNITUDES,
  MEASURE_WORDS,
  PEOPLE_WORDS,
  TIME_UNIT_MODIFIERS,
  TIME_WORDS,
  PERSON_MEASURE_WORDS,
  FIGURE_UNITS,
  MEASURES,
  CHINESE_EACH_CUES,
  CHINESE_MONEY_NOUNS,
  ENGLISH_QUESTION_WORDS,
  MONEY_CUES,
  MONEY_NOUNS,
  MONEY_VERBS,
  PERCENT_CHARGES,
  MONTHS,
  NAME_CUES,
  phrasePattern,
  REFERENCE_MARKERS,
  SHARE_WORDS,
  TIME_OF_DAY_CUES,
  TIME_UNITS,
  unitForms,
  YES_NO_CHINESE,
  YES_NO_OPENINGS,
  PHRASE_BREAKS,
} from "../text/lexicon.js";
import { escapeRegExp, foldForSearch } from "../text/normalize.js";
import { toSimplified } from "../text/script.js";
import { askedUnit, withoutAnswerUnits } from "../text/segment.js";

/** The form of the answer a question wants. */
export type AnswerForm = "figure" | "date" | "time" | "name" | "list" | "yesno" | "definition" | "description";

/** What a question wants its answer to state. */
export interface AnswerKind {
  form: AnswerForm;
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
  /** An ordinal is asked for (第几届): a number after 第 answers, where it only refers otherwise. */
  ordinal: boolean;
  /** The unit the figure must be in (元, 人次), when the question names one. */
  unit?: string;
  /** A way of reaching someone is asked for (a phone or fax number, an e-mail or web address): the answer has its shape. */
  contact?: ContactKind;
  /** Hours asked as a noun ("the opening hours", "office hours"), not counted: clock times (8:45 am – 1:00 pm) state them too. */
  clock?: boolean;
  /** The measure word a Chinese count asks with (幾本 → 本): then 一本 answers it too. */
  measure?: string;
  /** The words of what "how many" counts or an average is taken of ("how many books" → books). */
  counted: string[];
  /** The question asks two things ("when are payouts made, and what balance do I need?", 花多少钱？谁负责？): its answer may take two sentences. */
  compound: boolean;
}

const MEASURE = charClass(MEASURE_WORDS);
const NUMERAL = charClass(CHINESE_NUMERALS);
const MAGNITUDE = charClass(MAGNITUDES);

// A figure: digits with an optional magnitude and unit, or a Chinese numeral with a measure word
// (三年, 七个; a bare 一 is an article, not a figure).
const FIGURE = new RegExp(
  [
    `\\d+(?:[.,]\\d+)*\\s*(?:%|${MAGNITUDE}+(?:${FIGURE_UNITS.join("|")}|${MEASURE})?|(?:${FIGURE_UNITS.join("|")})|${MEASURE}|\\s?(?:${ENGLISH_MAGNITUDES.join("|")}))?`,
    // 一 counts before a magnitude (一百) or a unit of time (一年内, 一个月): a duration, not an article.
    `(?:[二两三四五六七八九十百千万]|一(?=[十百千万]|(?:${TIME_UNITS.join("|")})))${NUMERAL}*(?:${[...FIGURE_UNITS, ...MEASURE_WORDS].join("|")})`,
    `\\b(?:${ENGLISH_NUMBER_WORDS.join("|")})(?:[\\s-](?:${ENGLISH_NUMBER_WORDS.join("|")}|${ENGLISH_MAGNITUDES.join("|")}))*\\b`,
    // Shares spelled out: 百分之九十六点四, 三分之一.
    `${NUMERAL}*分之${NUMERAL}+(?:点${NUMERAL}+)?`,
  ].join("|"),
  "giu",
);
const ENGLISH_QUANTITY = phrasePattern(ENGLISH_QUANTITY_CUES, "iu");
// "What is the fee", "the total number of …": a "what" question about a quantity noun.
const WHAT_QUANTITY = new RegExp(
  `\\bwhat(?:['’]s)?\\s+(?:[\\w%.'’&-]+\\s+){0,5}(?:${[...ENGLISH_QUANTITY_NOUNS, ...MONEY_NOUNS].join("|")})s?\\b|\\b(?:the|a|total)\\s+(?:number|amount|count|percentage|proportion|share|rate|ratio|total|sum)\\s+of\\b`,
  "iu",
);
const WHAT_MONEY = new RegExp(`\\bwhat(?:['’]s)?\\s+(?:[\\w%.'’&-]+\\s+){0,4}?(?:${MONEY_NOUNS.join("|")})s?\\b`, "iu");
const CHINESE_QUANTITY = phrasePattern(CHINESE_QUANTITY_CUES);
// A rate is a word that ends in 率 (入学率, 合格率); a word that only starts with it is none.
const RATE_WORD = /\p{Script=Han}率(?!\p{Script=Han})|\p{Script=Han}率(?=[是为有达多])|\brates?\b/iu;
const SHARE = phrasePattern(SHARE_WORDS, "iu");
// The measure word a Chinese count asks with (几本, 多少处).
const MEASURE_ASKED = new RegExp(`(?:几|多少)\\s*(${MEASURE})`, "u");
// 哪几个 asks which ones, not how many.
const COUNT_QUESTION = new RegExp(`\\bhow many\\b|(?:多少|(?<!哪)几)\\s*${MEASURE}`, "iu");
const AVERAGE_QUESTION = phrasePattern(AVERAGE_ASKED, "iu");
const AVERAGE_SAID = phrasePattern(AVERAGE_STATED, "iu");
// 多少 beside a noun of money (多少规费, 补贴是多少), not before a measure word or a unit (补贴多少个项目).
const MONEY_NOUN = `(?:${CHINESE_MONEY_NOUNS.join("|")})(?!率)`;
const MONEY_NOUN_ASKED = [
  `(?:多少|几多)\\s*\\p{Script=Han}{0,3}?${MONEY_NOUN}`,
  `${MONEY_NOUN}\\s*(?:是|为|要|需要|大约|大概|约|共|一共|总共)?\\s*多少(?!\\s*(?:${MEASURE_WORDS.join("|")}|${TIME_UNITS.join("|")}|倍|%|成))`,
].join("|");
// "How much is an adult membership", "how much are two tickets": one thing, or a counted few,
// has a price, not an amount ("how much is the increase" asks a quantity).
const PRICE_ASKED = `\\bhow much (?:is|are|was|were|will|would) (?:a|an|one|each|\\d+|${ENGLISH_NUMBER_WORDS.join("|")})\\b`;
const MONEY_QUESTION = new RegExp(
  `${phrasePattern(MONEY_CUES).source}|\\bhow much\\b.*\\b(?:${[...MONEY_NOUNS, ...MONEY_VERBS].join("|")})\\b|${PRICE_ASKED}|${MONEY_NOUN_ASKED}`,
  "iu",
);
const TIME_QUESTION = phrasePattern(TIME_OF_DAY_CUES, "iu");
const TIME_STATED = /\d{1,2}[:：]\d{2}|\d{1,2}\s*(?:a\.?m\.?|p\.?m\.?|o'clock)|\d{1,2}\s*[点时](?:\d{1,2}分?|半)?/iu;
// "When" asks for a date as the question word (When does…, "…, and when?"), not as a conjunction
// ("what margins do I leave when printing", "is there a fee when I apply").
const DATE_QUESTION = new RegExp(`${phrasePattern(DATE_CUES, "iu").source}|^\\W*when\\b|\\bwhen\\s+(?:${YES_NO_OPENINGS.join("|")})\\b|\\bwhen\\s*\\?`, "iu");
// A period counts as "when" too ("one (1) business day after delivery", "60 days after …").
const ENGLISH_PERIOD = `(?:\\d+|\\b(?:one|${ENGLISH_NUMBER_WORDS.join("|")}))\\s*(?:\\(\\d+\\)\\s*)?(?:(?:business|working|calendar)\\s+)?(?:days?|weeks?|months?|years?)\\b`;
// A year may be written in Chinese digits (二零零五年度).
const DATE_STATED = new RegExp(
  `\\b(?:19|20)\\d\\d\\b|[〇零一二三四五六七八九]{4}\\s*年|${phrasePattern(ENGLISH_DATE_WORDS).source}|\\d{1,2}\\s*月|\\d+\\s*日|${NUMERAL}+月|${NUMERAL}+日|${ENGLISH_PERIOD}|(?:\\d+|${NUMERAL}+)\\s*(?:个月|天|周|年内)|${phrasePattern(CHINESE_DATE_WORDS).source}|(?:星期|礼拜|周)[一二三四五六日天]`,
  "iu",
);
// The date cues that ask for a date, and the question word "when".
const DATE_ASKED = new RegExp(
  `${
    phrasePattern(
      DATE_CUES.filter((cue) => !DATE_NOUN_CUES.includes(cue)),
      "iu",
    ).source
  }|\\bwhen\\b`,
  "iu",
);
const NAME_QUESTION = phrasePattern(NAME_CUES, "iu");
const DEFINITION_QUESTION = new RegExp(`${phrasePattern(DEFINITION_CUES).source}|\\bwhat\\s+does\\s+.{1,40}\\s+mean\\b`, "iu");
const DEFINITION_SAID = phrasePattern(DEFINITION_MARKERS, "iu");
// A date to the day: a month name with a day, or 月 with 日 (a year alone is no deadline).
const PRECISE_DATE = new RegExp(
  `(?:${MONTHS.join("|")})\\.?\\s+\\d{1,2}\\b|\\b\\d{1,2}\\s+(?:${MONTHS.join("|")})\\b|(?:\\d{1,2}|${NUMERAL}+)\\s*月\\s*(?:\\d{1,2}|${NUMERAL}+)\\s*日|\\d{4}[-/.]\\d{1,2}[-/.]\\d{1,2}`,
  "iu",
);
const LIST_QUESTION = phrasePattern(LIST_CUES, "iu");
const YES_NO_ENGLISH = new RegExp(`^\\s*(?:${YES_NO_OPENINGS.join("|")})\\b`, "iu");
const YES_NO_CHINESE_FORM = phrasePattern(YES_NO_CHINESE);
const MONEY = MEASURES.find((m) => m.money)!;
// Money is stated in a currency, or as wages of some months (五个月平均工资, 27个月的本人工资), as
// labour rules state compensation, or as a share for a charge that is one ("an additional 3% fee").
const MONEY_STATED = new RegExp(
  `元|${MONEY.stated.map((s) => (/^[a-z]/.test(s) ? `\\b${s}\\b` : s.replace(/[$]/g, "\\$"))).join("|")}|(?:个月|倍)\\p{Script=Han}{0,5}?(?:工资|薪)`,
  "iu",
);
const PERCENT = /\d\s*(?:%|％|percent\b)/iu;
// The shapes of a way of reaching someone, on the clause as written: six or more digits in
// groups of three or four (2180 9841, 400-822-5888, +852 2921 0503), an e-mail address, a web
// address.
const PHONE = /(?<![\d.,])(?:\+?\d{1,4}[\s-]?)?(?:\(\d{1,4}\)\s?)?\d{3,4}[\s-]?\d{3,4}(?:[\s-]?\d{3,4})?(?![\d.,]*\d)/gu;
const PHONE_WORDS = [...PHONE_LABELS, ...(CONTACT_CUES.find((c) => c.kind === "phone")?.cues ?? []).filter((cue) => !cue.includes(" "))];
const SERVICE_NUMBER = new RegExp(`(?:${phrasePattern(PHONE_WORDS, "iu").source})[^\\d。；;.]{0,8}\\d{3,}`, "iu");
const CONTACT_QUESTIONS = CONTACT_CUES.map(({ kind, cues }) => ({ kind, pattern: phrasePattern(cues, "iu") }));
const CONTACT_STATED: Readonly<Record<ContactKind, (clause: string) => boolean>> = {
  // Years side by side ("2019 2020") are not a number to dial; a short service number is, after its label.
  phone: (clause) =>
    [...clause.matchAll(PHONE)].some((m) => !m[0].split(/[\s-]+/).every((group) => /^(?:19|20)\d\d$/.test(group))) ||
    SERVICE_NUMBER.test(foldForSearch(clause)),
  email: (clause) => /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)+/u.test(clause),
  web: (clause) => /\bhttps?:\/\/\S+|\bwww\.\S+|\b[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:com|org|net|gov|edu|hk|tw|cn|uk|us|io)\b/iu.test(clause),
};
const PERCENT_CHARGE = new RegExp(PERCENT_CHARGES.map((w) => (/^[a-z]/.test(w) ? `\\b${w}\\b` : w)).join("|"), "iu");

/** True when a clause states an amount of money. */
function statesMoney(folded: string): boolean {
  return MONEY_STATED.test(folded) || (PERCENT.test(folded) && PERCENT_CHARGE.test(folded));
}

/** Figures (numbers with their units) found in a text, as the text writes them, in order, without repeats. */
export function extractFigures(text: string): string[] {
  return [...new Set(figureMatches(text).map((f) => f.figure))];
}

/** Each figure of a text with where it starts. */
function figureMatches(text: string): { figure: string; index: number }[] {
  // The patterns are written in simplified characters: match on the simplified text and quote
  // the original (script conversion keeps the length; when it does not, match the original).
  const simplified = toSimplified(text);
  const source = simplified.length === text.length ? simplified : text;
  return [...source.matchAll(FIGURE)]
    .map((m) => ({ figure: text.slice(m.index, m.index + m[0].length).trim(), index: m.index }))
    .filter((f) => /[\d一二两兩三四五六七八九十百千万萬]|^[a-z]/i.test(f.figure));
}

// Matched against folded (simplified) text, like every pattern here.
const ORDINAL_QUESTION = new RegExp(`${REFERENCE_MARKERS.chineseOrdinal}\\s*(?:几|多少)`, "u");
// A number right after 第 or a document-part word ("section", "Art.") refers; it does not measure.
const REFERENCE_BEFORE = new RegExp(`(?:${REFERENCE_MARKERS.chineseOrdinal}|\\b(?:${REFERENCE_MARKERS.english.join("|")})\\.?)\\s*$`, "iu");

// Parts of a date written in Chinese numerals measure nothing: 二零二六年 is a year, and in
// 三月三十一日 the month and the day are a date, not "three months" and "31 days".
const CHINESE_YEAR = /^[〇零一二三四五六七八九]{4}年$/u;
const DATE_PART = new RegExp(`^${NUMERAL}+月$`, "u");
const DAY_PART = new RegExp(`^${NUMERAL}+[日号]$`, "u");
const DIGIT_MONTH = /^\d{1,2}\s*月$/u;
const YEAR_BEFORE = /年\s*$/u;
const DAY_AFTER = new RegExp(`^\\s*(?:${NUMERAL}+|\\d+)\\s*[日号]`, "u");

/** True when a figure found at `index` is a part of a date written in Chinese numerals. */
function isChineseDatePart(text: string, figure: string, index: number): boolean {
  const simplified = toSimplified(figure);
  if (CHINESE_YEAR.test(simplified)) return true;
  const after = toSimplified(text.slice(index + figure.length, index + figure.length + 4));
  const before = toSimplified(text.slice(Math.max(0, index - 1), index));
  // A month after a year, or before a day, in numerals or digits (2018年4月, 2018 年 04 月).
  if (DATE_PART.test(simplified) || DIGIT_MONTH.test(simplified)) return DAY_AFTER.test(after) || YEAR_BEFORE.test(text.slice(Math.max(0, index - 3), index));
  return DAY_PART.test(simplified) && before === "月";
}

// "July 14, 1987", "14 July", "the 3rd of May": the day of an English date measures nothing either.
const MONTH_WORD = `(?:${MONTHS.join("|")})\\.?`;
const MONTH_BEFORE = new RegExp(`\\b${MONTH_WORD}\\s+(?:the\\s+)?$`, "iu");
const MONTH_AFTER = new RegExp(`^(?:st|nd|rd|th)?\\s+(?:of\\s+)?${MONTH_WORD}(?![a-z])|^(?:st|nd|rd|th)?-${MONTH_WORD}(?![a-z])`, "iu");

/** True when a figure found at `index` is the day of a date written with an English month name. */
function isEnglishDatePart(text: string, figure: string, index: number): boolean {
  if (!/^\d{1,2}(?:st|nd|rd|th)?$/i.test(figure)) return false;
  const day = Number.parseInt(figure, 10);
  if (day < 1 || day > 31) return false;
  const end = text.indexOf(figure, index) + figure.length;
  return MONTH_BEFORE.test(text.slice(Math.max(0, index - 16), index)) || MONTH_AFTER.test(text.slice(end, end + 16));
}

/** The figures of a text that state a quantity: not just a year, nor a day of the month. */
function quantities(text: string, ordinal = false): string[] {
  return (
    figureMatches(text)
      .filter((f) => !isChineseDatePart(text, f.figure, f.index) && !isEnglishDatePart(text, f.figure, f.index))
      .filter((f) => ordinal || !REFERENCE_BEFORE.test(text.slice(Math.max(0, f.index - 12), f.index)))
      .map((f) => f.figure)
      // A year is a date, with or without 年 ("2018年第一季度报告" states no quantity).
      .filter((f) => !/^(1[89]|20)\d\d(?:\s*年)?$/.test(f) || /%|[万亿萬億]/.test(f))
  );
}

/** True when a text states a quantity: a figure that is not a year or a part of a date. */
export function statesQuantity(text: string): boolean {
  return quantities(text).length > 0;
}

// A run of capitalised words inside an English sentence is one name, however long ("the Putuo
// District Commerce Commission's total budget"): "what … budget" counts it as one word.
const NAME_RUN = /(?<=\b[a-z][\w'’-]*\s+)[A-Z][a-z][\w'’&.-]*(?:\s+(?:(?:of|and|&)\s+)?[A-Z][\w'’&.-]*)*/gu;

/** The question folded, with each run of capitalised words after its first word said as one ("x"). */
function foldedWithNamesAsOne(question: string): string {
  return foldForSearch(question.replace(NAME_RUN, "X"));
}

/** True when the question asks for a number or amount ("how many", "多少", "what percentage", 合格率). */
export function asksForQuantity(question: string): boolean {
  const folded = foldForSearch(question);
  return ENGLISH_QUANTITY.test(folded) || WHAT_QUANTITY.test(foldedWithNamesAsOne(question)) || CHINESE_QUANTITY.test(folded) || RATE_WORD.test(folded);
}

/**
 * The unit an English question asks its answer in ("how many hours", "the opening hours" → 小时),
 * by the measures table. When it asks "how much/many" of something else ("how much funding …,
 * according to the council minutes"), a unit word elsewhere is context, unless the answer is
 * asked "in" it.
 */
function englishUnit(folded: string): string | undefined {
  const measure = MEASURES.find((m) => m.asked.length > 0 && phrasePattern(m.asked, "iu").test(folded));
  if (!measure) return undefined;
  const heads = [...folded.matchAll(/\bhow (?:many|much)\s+(?:more\s+)?([a-z][a-z'’-]*)/gu)].map((m) => m[1]!);
  if (heads.length === 0 || heads.some((head) => PHRASE_BREAKS.has(head)) || asksHowManyOf(folded, measure)) return measure.unit;
  return new RegExp(`\\bin\\s+(?:${phrasePattern(measure.asked, "iu").source})`, "iu").test(folded) ? measure.unit : undefined;
}

/** True when the question asks "how many/much" of the measure itself ("how many minutes"). */
function asksHowManyOf(folded: string, measure: (typeof MEASURES)[number]): boolean {
  return new RegExp(`\\bhow (?:many|much)\\s+(?:more\\s+)?(?:${phrasePattern(measure.asked, "iu").source})`, "iu").test(folded);
}

/**
 * The unit of time an English question counts ("how many working days", "how many years must I
 * wait" → 年): a measure, answered in that unit, not things counted. Only the head of what "how
 * many" counts, after modifiers at most: in "how many participants last year" the year is when.
 */
function englishTimeUnit(folded: string): string | undefined {
  const words = countedWords(folded);
  const at = words.findIndex((word) => TIME_WORDS.includes(word));
  if (at < 0 || !words.slice(0, at).every((word) => TIME_UNIT_MODIFIERS.has(word))) return undefined;
  return MEASURES.find((m) => m.stated.includes(words[at]!))?.unit;
}

/** True when a unit is one of time (天, 年, 小时). */
function isTimeUnit(unit: string | undefined): boolean {
  return unit !== undefined && MEASURES.some((m) => m.unit === unit && m.time === true);
}

/** The kind of answer a question asks for. */
export function answerKind(question: string): AnswerKind {
  const folded = foldForSearch(question);
  const average = AVERAGE_QUESTION.test(folded);
  const time = TIME_QUESTION.test(folded);
  const yesNo = YES_NO_ENGLISH.test(folded) || YES_NO_CHINESE_FORM.test(folded);
  // Whether there is a deadline ("有没有使用期限") is no question of when.
  const date = !time && DATE_QUESTION.test(folded) && (!yesNo || DATE_ASKED.test(folded));
  const spokenUnit = englishUnit(folded) ?? englishTimeUnit(folded);
  const quantity = asksForQuantity(question) || average || time || date || spokenUnit !== undefined;
  const asked = askedUnit(folded);
  const unit = asked ? MEASURES.find((m) => unitForms(m).some((form) => asked.endsWith(form)))?.unit : spokenUnit;
  // A question that asks two things ("how much …, and how many …") is answered by a sentence
  // with two figures: no one kind binds it.
  const asks = (folded.match(/\bhow (?:many|much)\b|多少|几/g) ?? []).length;
  const single = asks <= 1;
  // "How many minutes" asks for a measure, not for things counted.
  const measured = MEASURES.some((m) => m.unit === spokenUnit && asksHowManyOf(folded, m)) || isTimeUnit(unit);
  const count = quantity && single && !time && !measured && COUNT_QUESTION.test(folded) && !SHARE.test(folded);
  const measure = count ? MEASURE_ASKED.exec(folded)?.[1] : undefined;
  // "What is the tax on beer", "what fine can an employer get": a "what" question about money,
  // unless it asks for a share or a rate of it.
  const whatMoney = WHAT_MONEY.test(foldedWithNamesAsOne(question)) && !SHARE.test(folded) && !RATE_WORD.test(folded);
  const money = quantity && single && !time && !count && (MONEY_QUESTION.test(folded) || whatMoney || unit === MONEY.unit);
  // A number to call, an address to write to: asked unless the question asks a time, a date, money or a count
  // ("客服电话每天几点有人接" asks a time), or only whether there is one.
  const contact = !time && !date && !money && !count && !yesNo ? CONTACT_QUESTIONS.find((c) => c.pattern.test(folded))?.kind : undefined;
  // "What are the opening hours" is answered by a span of clock times as well as by a number of hours.
  const clock = !asked && isTimeUnit(spokenUnit) && !/\bhow\s+(?:many|much|long)\b/.test(folded);
  // Digits to dial are a figure of their own kind.
  const figure = quantity || contact !== undefined;
  return {
    form: answerForm(folded, { quantity: figure, time, date }),
    quantity: figure,
    ordinal: ORDINAL_QUESTION.test(folded),
    count,
    average,
    money,
    time,
    date,
    ...(unit ? { unit } : {}),
    ...(clock ? { clock } : {}),
    ...(contact ? { contact } : {}),
    ...(measure ? { measure } : {}),
    counted: count ? countedWords(folded) : average ? averagedWords(folded) : [],
    compound: !single || asksTwoThings(folded),
  };
}

// A second question word after "and"/"or" ("…, and what balance…"), or a second question mark.
const SECOND_QUESTION = new RegExp(`\\b(?:and|or)\\s+(?:${ENGLISH_QUESTION_WORDS.map((w) => escapeRegExp(w.text)).join("|")})\\b`, "iu");
const EACH = new RegExp(CHINESE_EACH_CUES.map(escapeRegExp).join("|"), "u");

/** True when a (folded) question asks two things at once: its answer takes more than one sentence. */
export function asksTwoThings(folded: string): boolean {
  const marks = folded.replace(/[?？]\s*$/u, "").match(/[?？]/gu)?.length ?? 0;
  return marks >= 1 || SECOND_QUESTION.test(folded) || EACH.test(folded);
}

/** The form of the answer: a figure, a date or time, a name, a list, yes or no, or a description. */
function answerForm(folded: string, kind: { quantity: boolean; time: boolean; date: boolean }): AnswerForm {
  if (kind.time) return "time";
  if (kind.date) return "date";
  if (kind.quantity) return "figure";
  if (DEFINITION_QUESTION.test(folded)) return "definition";
  if (YES_NO_ENGLISH.test(folded) || YES_NO_CHINESE_FORM.test(folded)) return "yesno";
  if (LIST_QUESTION.test(folded)) return "list";
  if (NAME_QUESTION.test(folded)) return "name";
  return "description";
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
  const chinese = new RegExp(`(?:多少|几)\\s*${MEASURE}?\\s*(\\p{Script=Han}{2,})`, "u").exec(withoutAnswerUnits(folded));
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
  const phrase = run.split(new RegExp(charClass(CHINESE_PHRASE_ENDS), "u"))[0]!;
  return Array.from(phrase).length >= 2 ? [phrase] : [];
}

/** True when a clause states a figure of the kind the question asks for. */
export function statesAnswerKind(kind: AnswerKind, clause: string): boolean {
  const folded = foldForSearch(clause);
  if (kind.time) return TIME_STATED.test(folded);
  if (kind.contact) return CONTACT_STATED[kind.contact](clause);
  if (kind.clock && TIME_STATED.test(folded)) return true;
  if (kind.date) return DATE_STATED.test(folded);
  const figures = quantities(clause, kind.ordinal);
  // 一 before a measure word is mostly an article (一本书 "a book"), but it is the answer to 几本.
  if (figures.length === 0 && kind.measure !== undefined && folded.includes(`一${kind.measure}`)) figures.push(`一${kind.measure}`);
  if (figures.length === 0) return false;
  if (kind.count && figures.every((f) => /%|％|percent/i.test(f))) return false;
  if (kind.money && !statesMoney(folded)) return false;
  if (kind.average && !AVERAGE_SAID.test(folded)) return false;
  // The unit, as Chinese text writes it after the figure, or as English text writes it at all.
  if (kind.unit) {
    const measure = MEASURES.find((m) => m.unit === kind.unit);
    // Chinese text writes the figure in digits or numerals, and the unit in any of its forms
    // (10个工作日 and 十四日 answer 多少天), or as English writes it ("15 min.").
    const stated = /\p{Script=Han}/u.test(folded)
      ? figureIn(measure ? [...unitForms(measure), ...measure.stated.map((form) => `${escapeRegExp(form)}(?![a-z])`)] : [kind.unit]).test(folded)
      : !measure || measure.stated.length === 0 || phrasePattern(measure.stated, "iu").test(folded);
    if (!stated) return false;
  }
  return true;
}

/** A figure in digits or numerals (not after 第) followed by one of the units, as Chinese text writes it (15万余名, 十四日). */
function figureIn(units: readonly string[]): RegExp {
  return new RegExp(`(?<!第)(?:\\d[\\d.,]*|${NUMERAL}+)\\s*${MAGNITUDE}*(?:余|多)?\\s*(?:${units.join("|")})`, "u");
}

const HEADCOUNT = figureIn(PERSON_MEASURE_WORDS);
const PEOPLE = new Set(PEOPLE_WORDS);

/** True when a question counts people ("how many people", 多少人): a headcount answers it whatever noun follows. */
export function countsPeople(kind: AnswerKind): boolean {
  return countsOnly(kind, PEOPLE);
}

/** True when everything a count question counts is one of the words. */
function countsOnly(kind: AnswerKind, words: ReadonlySet<string>): boolean {
  return kind.count && kind.counted.length > 0 && kind.counted.every((w) => words.has(w.toLowerCase()));
}

/** True when a clause states a headcount (54.2 万名, 三位, 1200人). */
export function statesHeadcount(clause: string): boolean {
  return HEADCOUNT.test(foldForSearch(clause));
}

/** True when a (folded) text defines something ("是指", "means"). */
export function statesDefinition(folded: string): boolean {
  return DEFINITION_SAID.test(folded);
}

/** True when a (folded) text states a date to the day ("September 21, 2020", 7月1日). */
export function statesPreciseDate(folded: string): boolean {
  return PRECISE_DATE.test(folded);
}
