// The named checks: what a question demands of a candidate sentence, each a small pure function
// over (question, candidate) that gives scores (the scorer's features) and, for the few demands
// no reader would argue with, a failure with its reason. A year asked for must be stated; a
// document about another place than the one named does not answer; a question that asks for a
// figure is not answered by a sentence without one. Everything else is evidence the fitted
// scorer weighs (see scorer.ts), not a gate.
import { CLAUSE_BREAK_CHARS, charClass, OFFICIAL_PLACE_NAMES, ORGANISATION_ENDINGS } from "../text/lexicon.js";
import { englishWords } from "../text/dictionary.js";
import { escapeRegExp, foldForSearch } from "../text/normalize.js";
import { hasHan } from "../text/script.js";
import { countsPeople, statesAnswerKind, statesDefinition, statesHeadcount, statesPreciseDate } from "./answer-kind.js";
import type { Candidate, TermsOf } from "./candidates.js";
import {
  aboutTheQuestion,
  characterCoverage,
  countedTerms,
  GLOSS_MARK,
  matches,
  measureCoverage,
  type QuestionTerm,
  type TermSet,
  withGlosses,
} from "./coverage.js";
import { type Question, type QuestionName, yearsOf } from "./question.js";
import { sectionFrame } from "./time-frame.js";

/** The scorer's features, each a number a check computes (most in [0, 1]). */
export const FEATURES = [
  "coverage_direct",
  "coverage_translated",
  "coverage_context",
  "coverage_chars",
  "about",
  "words_matched",
  "missing_word",
  "unseen_words",
  "rank_fused",
  "rank_lexical",
  "rank_translated",
  "rank_dense",
  "similarity",
  "kind_asked",
  "kind_in_clause",
  "kind_in_sentence",
  "counted_named",
  "frame_match",
  "frame_clash",
  "tense_match",
  "tense_clash",
  "name_in_sentence",
  "name_in_section",
  "name_in_document",
  "name_unbound",
  "figures_bound",
  "has_figure",
  "name_stated",
  "definition_stated",
  "list_stated",
  "date_precise",
  "year_in_section",
  "other_year_in_section",
  "length",
  "cross_language",
  "question_english",
  "question_words",
  "main_word_missing",
] as const;

export type FeatureName = (typeof FEATURES)[number];

/**
 * The features that order one question's candidates. Whether a passage is in the question's
 * language says nothing about whether it answers (the eval sets ask across languages often, so
 * a ranker would learn to prefer the other language); it only calibrates the decision.
 */
export const RANKER_FEATURES: readonly FeatureName[] = FEATURES.filter((f) => f !== "cross_language" && f !== "question_english" && f !== "question_words");
export type Features = Record<FeatureName, number>;

/** A check's verdict on a candidate: scores, and a reason when a hard demand fails. */
export interface CheckResult {
  scores: Partial<Features>;
  /** Why the candidate cannot be the answer, when it cannot. */
  fail?: string;
}

/** What a check may look at besides the question and the candidate. */
export interface CheckEnv {
  termsOf: TermsOf;
  /**
   * The other language's words the dictionary gives for a set of index terms, when a translator
   * is wired: of its Chinese terms only ("han"), of its English ones only ("latin"), or of all.
   */
  glossesOf?: (terms: ReadonlySet<string>, from?: GlossSource) => ReadonlySet<string>;
}

/** Which of a text's index terms to gloss: Chinese ones (read in English), English ones (read in Chinese), or both. */
export type GlossSource = "han" | "latin" | undefined;

/**
 * The terms a question's gloss hints need glossed: an English word is met in Chinese terms'
 * glosses, a Chinese word in English terms' (none, when the question has no hint).
 */
function glossSource(translated: readonly QuestionTerm[]): { need: boolean; from: GlossSource } {
  const hints = translated.filter((t) => t.term.startsWith(GLOSS_MARK)).map((t) => t.term.slice(GLOSS_MARK.length));
  const english = hints.some((h) => !hasHan(h));
  const chinese = hints.some((h) => hasHan(h));
  return { need: hints.length > 0, from: english && chinese ? undefined : english ? "han" : "latin" };
}

/** A named check. */
export interface Check {
  name: string;
  run(question: Question, candidate: Candidate, env: CheckEnv): CheckResult;
}

const CLAUSES = new RegExp(`${charClass(CLAUSE_BREAK_CHARS)}|[,:](?=[^\\d\\s])`, "u");

/** The clauses of a sentence that each state their own fact (Chinese commas, semicolons). */
export function clausesOf(sentence: string): string[] {
  return sentence.split(CLAUSES).filter((c) => c.trim().length > 0);
}

const inverseRank = (rank: number | undefined): number => (rank === undefined ? 0 : 1 / (1 + rank));

/** The question's words in either leg (not figures), for "does this clause speak of the question". */
function questionWords(question: Question): QuestionTerm[] {
  return [...question.terms.original, ...question.terms.translated].filter((t) => t.weight > 0 && !/^\d/.test(t.term));
}

/** How much of the question the sentence, and the sentence with its surroundings, cover. */
export const coverageCheck: Check = {
  name: "coverage",
  run(question, candidate, env) {
    const { original, translated } = question.terms;
    // An English question's words may also meet a Chinese passage in its words' glosses, and a
    // Chinese question's an English passage; only the terms that can meet them are glossed.
    const { need, from } = glossSource(translated);
    const glosses = need ? env.glossesOf : undefined;
    const own = withGlosses(candidate.terms, glosses?.(candidate.terms, from));
    const around = withGlosses(candidate.context, glosses?.(candidate.context, from));
    const heading = withGlosses(candidate.heading, glosses?.(candidate.heading, from));
    // The sentence is read under its title and headings: a word they say (the document's name)
    // is partly said by every sentence beneath them (a heading's word earns 0.6 of a word the
    // sentence says), so a sentence that merely repeats the name does not outrank the one that
    // answers. Whether the sentence is about the question at all still asks its own words.
    const direct = measureCoverage(original, candidate.terms, candidate.heading);
    const across = measureCoverage(translated, own, heading);
    const directContext = measureCoverage(original, candidate.context, candidate.heading);
    const acrossContext = measureCoverage(translated, around, heading);
    const best =
      direct.share >= across.share ? { own: direct, around: directContext, translated: false } : { own: across, around: acrossContext, translated: true };
    const about = aboutTheQuestion(best.own, best.translated) ? 1 : 0;
    const missing = best.translated ? heaviestMissing(translated, around, heading) : heaviestMissing(original, candidate.context, candidate.heading);
    return {
      scores: {
        coverage_direct: direct.share,
        coverage_translated: across.share,
        coverage_context: Math.max(directContext.share, acrossContext.share),
        coverage_chars: Math.max(characterCoverage(original, candidate.text), characterCoverage(translated, candidate.text)),
        about,
        words_matched: best.own.of > 0 ? best.own.words / best.own.of : 0,
        missing_word: missing.any,
        main_word_missing: missing.seen,
        unseen_words: best.own.of > 0 ? best.own.unseen / best.own.of : 0,
      },
    };
  },
};

/**
 * The share of the question's weight held by its heaviest word that the sentence's surroundings
 * lack: of any word, and of the words the collection says somewhere (`seen`).
 */
function heaviestMissing(terms: readonly QuestionTerm[], context: TermSet, heading: TermSet): { any: number; seen: number } {
  const groups = new Map<string, { max: number; met: boolean; unseen: boolean }>();
  for (const t of terms) {
    if (/^\d/.test(t.term)) continue;
    const g = groups.get(t.group) ?? { max: 0, met: false, unseen: true };
    g.max = Math.max(g.max, t.ceiling ?? t.weight);
    if (t.unseen !== true) g.unseen = false;
    if (t.weight > 0 && (matches(t, context) || matches(t, heading))) g.met = true;
    groups.set(t.group, g);
  }
  const total = [...groups.values()].reduce((sum, g) => sum + g.max, 0);
  if (total <= 0) return { any: 0, seen: 0 };
  const missing = [...groups.values()].filter((g) => !g.met);
  const heaviest = (list: typeof missing): number => Math.max(0, ...list.map((g) => g.max)) / total;
  return { any: heaviest(missing), seen: heaviest(missing.filter((g) => !g.unseen)) };
}

// An answer's passage must say the question's word that carries this share of its weight, when
// the collection says that word elsewhere (馆长, asked "what is the library curator's name", is not
// met by an e-mail about small libraries). A word no document says ("add" where documents say
// "added") is missing from every passage alike, and weighs in the scorer instead. Only the
// answer is held to it: a section about another branch is still a related source.
const MAIN_WORD_SHARE = 0.45;

/** True when a candidate's passage lacks the question's main word (see MAIN_WORD_SHARE), so it cannot be the answer. */
export function lacksMainWord(features: Features): boolean {
  return features.main_word_missing >= MAIN_WORD_SHARE;
}

/** Where the sentence's passage ranked in each retrieval leg, and how close it is in meaning. */
export const retrievalCheck: Check = {
  name: "retrieval",
  run(_question, candidate) {
    const { fused, legs, similarity } = candidate.ranks;
    return {
      scores: {
        rank_fused: inverseRank(fused),
        rank_lexical: inverseRank(legs.lexical),
        rank_translated: inverseRank(legs.translated),
        rank_dense: inverseRank(legs.dense),
        similarity: similarity ?? 0,
      },
    };
  },
};

/**
 * The kind of answer: a question that asks for a figure (a count, money, a share, a date) is
 * answered by a sentence that states one, best in a clause about the question; a sentence with no
 * figure at all (nor the sentence after it, where a list may continue) cannot answer it. What is
 * counted or averaged binds the figure's clause: "how many books" is not answered by a number of
 * branches, nor "the average wage" by the average age of buses; a counted Chinese phrase
 * (农村中小学名师工作站) must share most of its words with the clause.
 */
export const answerKindCheck: Check = {
  name: "answer_kind",
  run(question, candidate, env) {
    const { kind } = question;
    if (!kind.quantity) return { scores: { kind_asked: 0, kind_in_clause: 0, kind_in_sentence: 0, counted_named: 1 } };
    const words = questionWords(question);
    const counted = countedLegs(question);
    let inClause = 0;
    let inSentence = 0;
    let countedNamed = counted.length === 0 ? 1 : 0;
    for (const clause of clausesOf(candidate.span.text)) {
      if (!statesAnswerKind(kind, clause)) continue;
      inSentence = 1;
      const present = env.termsOf(clause);
      if (words.some((t) => matches(t, present))) inClause = 1;
      // People are counted by their measure word (54.2万名群众 answers "how many people").
      if (countsPeople(kind) && statesHeadcount(clause)) countedNamed = 1;
      if (
        counted.length > 0 &&
        namesCounted(
          counted,
          present,
          kind.counted.some((w) => hasHan(w)),
        )
      )
        countedNamed = 1;
    }
    const continues = candidate.next !== undefined && statesAnswerKind(kind, candidate.next.text);
    const what = kind.date ? "date" : kind.time ? "time" : kind.money ? "amount of money" : "figure";
    // What is counted or averaged, said in the passage's own language, that the collection never
    // says ("the average wage" where no document mentions wages): no figure here is about it.
    const sameLanguage = isChinese(question.language) === isChinese(candidate.chunk.document.language);
    const neverSaid = sameLanguage && countedNeverSaid(question);
    const fail =
      inSentence === 0 && !continues
        ? `states no ${what} of the kind asked`
        : neverSaid
          ? `no document mentions ${kind.counted.join(" ")}`
          : inSentence === 1 && countedNamed === 0
            ? `its ${what} is not about ${kind.counted.join(" ")}`
            : undefined;
    return { scores: { kind_asked: 1, kind_in_clause: inClause, kind_in_sentence: inSentence, counted_named: countedNamed }, ...(fail ? { fail } : {}) };
  },
};

/** True for Chinese in either script. */
function isChinese(language: string): boolean {
  return language === "zh-Hans" || language === "zh-Hant";
}

/** True when every word of what the question counts or averages is one the collection has no trace of. */
function countedNeverSaid(question: Question): boolean {
  if (question.kind.counted.length === 0) return false;
  const words = question.terms.original.filter((t) => !/^\d/.test(t.term) && countedTerms([{ ...t, unseen: false }], question.kind.counted).length > 0);
  return words.length > 0 && words.every((t) => t.unseen === true);
}

/** The question terms, per leg, that stand for what is counted or averaged (words the collection knows). */
function countedLegs(question: Question): QuestionTerm[][] {
  if (question.kind.counted.length === 0) return [];
  return [question.terms.original, question.terms.translated]
    .map((leg) =>
      countedTerms(
        leg.filter((t) => t.weight > 0 && !/^\d/.test(t.term)),
        question.kind.counted,
      ),
    )
    .filter((leg) => leg.length > 0);
}

/** True when a clause names what is counted, in some leg: any of its words, or most of a long Chinese phrase. */
function namesCounted(legs: readonly QuestionTerm[][], present: ReadonlySet<string>, phrase: boolean): boolean {
  return legs.some((leg) => {
    const groups = new Set(leg.map((t) => t.group));
    const met = new Set(leg.filter((t) => matches(t, present)).map((t) => t.group));
    return phrase && groups.size >= 3 ? met.size * 2 > groups.size : met.size > 0;
  });
}

/**
 * Review or plan: whether the section's headings speak of the time the question asks about. A
 * frame the question names ("target", "last year", 去年) weighs apart from one its tense implies
 * ("增加了", "did"): tense is weak evidence ("预算增加了多少" may ask about a plan).
 */
export const timeFrameCheck: Check = {
  name: "time_frame",
  run(question, candidate) {
    const { named, asked } = question.frame;
    const frame = sectionFrame(candidate.chunk.headingPath.join(" "));
    const none = { frame_match: 0, frame_clash: 0, tense_match: 0, tense_clash: 0 };
    if (!frame || (!named && !asked)) return { scores: none };
    if (named) return { scores: { ...none, frame_match: frame === named ? 1 : 0, frame_clash: frame !== named ? 1 : 0 } };
    return { scores: { ...none, tense_match: frame === asked ? 1 : 0, tense_clash: frame !== asked ? 1 : 0 } };
  },
};

/**
 * Where a name of the question is stated for this candidate: sentence, section, document, or
 * nowhere. With `glossesOf`, a document's place that the dictionary places inside the named one
 * (湾仔 "Wan Chai district, Hong Kong", 岳麓 "Yuelu district of Changsha city, Hunan") binds it.
 */
export function nameLevel(name: QuestionName, candidate: Candidate, glossesOf?: CheckEnv["glossesOf"]): "sentence" | "section" | "document" | undefined {
  const has = (text: string): boolean => name.forms.some((form) => statesName(text, form));
  if (has(candidate.contextText)) return "sentence";
  if (has(candidate.headingText)) return "section";
  const doc = candidate.document;
  const englishForms = name.kind === "place" && glossesOf ? englishFormsOf(name) : [];
  const inside = (p: string): boolean => {
    if (englishForms.length === 0 || !hasHan(p)) return false;
    const glosses = placeGlosses(p, glossesOf!);
    return englishForms.some((tokens) => tokens.length > 0 && tokens.every((token) => glosses.has(token)));
  };
  // A state is named by its official name too (China by 中华人民共和国).
  const place = (p: string): boolean => has(p) || (OFFICIAL_PLACE_NAMES[p] ?? []).some((short) => name.forms.includes(short));
  // Inside only when every place the document identifies itself by is: 普陀区 is a district of
  // Shanghai and one of Zhoushan, Zhejiang, and a paper that is also about 上海市 is no Zhejiang one.
  const within = doc.identityPlaces.length > 0 && doc.identityPlaces.every((p) => place(p) || inside(p));
  if (has(doc.title) || doc.places.some(place) || doc.identityPlaces.some(place) || within || name.forms.some((f) => inSourceWords(f, doc.sourceWords)))
    return "document";
  return undefined;
}

// Every candidate of a document asks about the same few places: their glosses and the names'
// English words are read once (the glosses' own cache keys on term sets, new for each lookup).
const PLACE_GLOSS_MEMO = 5_000;
const placeGlossMemo = new Map<string, ReadonlySet<string>>();
const englishFormsMemo = new WeakMap<QuestionName, string[][]>();

/** The dictionary's English words for a place written in Chinese, remembered. */
function placeGlosses(place: string, glossesOf: NonNullable<CheckEnv["glossesOf"]>): ReadonlySet<string> {
  let found = placeGlossMemo.get(place);
  if (!found) {
    if (placeGlossMemo.size >= PLACE_GLOSS_MEMO) placeGlossMemo.clear();
    found = glossesOf(new Set([foldForSearch(place)]), "han");
    placeGlossMemo.set(place, found);
  }
  return found;
}

/** The words of a name's Latin-script forms, normalised like glosses, remembered per name. */
function englishFormsOf(name: QuestionName): string[][] {
  let found = englishFormsMemo.get(name);
  if (!found) {
    found = name.forms.filter((form) => !hasHan(form)).map((form) => englishWords(form).map((w) => w.token));
    englishFormsMemo.set(name, found);
  }
  return found;
}

/** True when a file or URL names a form: every word of it ("Reliance Industries" in reliance-industries-annual-report.pdf). */
export function inSourceWords(form: string, sourceWords: readonly string[]): boolean {
  const words = form.split(/\s+/).filter((w) => w.length > 0);
  return words.length > 0 && words.every((w) => sourceWords.includes(w));
}

/**
 * True when a folded text states a name's form: as written, or — for an English name of several
 * words — with all its words, in any order ("Wikimedia Foundation Executive Director" in
 * "Katherine Maher, Executive Director of the Wikimedia Foundation").
 */
export function statesName(text: string, form: string): boolean {
  if (hasHan(form)) return text.includes(form);
  // English forms match whole words: "ample" is not in "example"; a Chinese character next to one
  // ends it ("hba1c未能").
  const word = (w: string): RegExp => new RegExp(`(?<![\\p{Script=Latin}\\p{N}])${escapeRegExp(w)}(?![\\p{Script=Latin}\\p{N}])`, "u");
  if (word(form).test(text)) return true;
  const words = form.split(/\s+/).filter((w) => w.length > 0);
  return words.length > 1 && words.every((w) => word(w).test(text));
}

/**
 * Names bind like years: the organisations a question names must be stated by the sentence, its
 * section or its document. A document that identifies itself by other places (the Beijing report,
 * asked about Shanghai) contradicts the question and never answers it; a place a document does
 * not state otherwise only weighs (a national law does not name its country).
 */
export const namesCheck: Check = {
  name: "names",
  run(question, candidate, env) {
    if (question.names.length === 0) return { scores: { name_in_sentence: 0, name_in_section: 0, name_in_document: 0, name_unbound: 0 } };
    const levels = question.names.map((name) => nameLevel(name, candidate, env.glossesOf));
    const share = (level: string): number => levels.filter((l) => l === level).length / levels.length;
    const unbound = question.names.filter((_, i) => levels[i] === undefined);
    const conflicting = unbound.find((name) => name.kind === "place" && candidate.document.identityPlaces.length > 0);
    // A name the document could state in its own language but never does: the answer is about
    // something else (buses in total, asked about Northgate).
    const chineseDocument = candidate.chunk.document.language === "zh-Hans" || candidate.chunk.document.language === "zh-Hant";
    // A descriptive name ("Alien Resident Certificate") may be said in other words: it only weighs.
    // A place never refuses here: one the document contradicts was refused above, and one it
    // does not state only weighs — a national law does not name its country ("Taiwan's tobacco
    // tax" in 菸酒稅法).
    // A Chinese question and a Chinese document write a name alike, a Latin one too (Gentoo); an
    // English question may romanise a name the document writes in characters (Kaiyuanshe). A
    // name no document states refuses, unless this one could not write it: a name in characters
    // alone (香港入境處) in an English document, which says "Immigration Department", only weighs;
    // a Latin name (Northgate) can stand in any document, so one no document states refuses.
    const writtenAlike = question.chinese && chineseDocument;
    const absent = unbound.find(
      (name) =>
        name.acronym ||
        (!name.descriptive &&
          name.kind !== "place" &&
          ((!name.seen && !(name.forms.every(hasHan) && !chineseDocument)) || writtenAlike || name.forms.some((form) => hasHan(form) === chineseDocument))),
    );
    const fail = conflicting
      ? `the document is about ${candidate.document.identityPlaces.slice(0, 2).join(", ")}, not ${conflicting.surface}`
      : absent
        ? absent.seen
          ? `never names ${absent.surface}`
          : `no document names ${absent.surface}`
        : undefined;
    return {
      scores: {
        name_in_sentence: share("sentence"),
        name_in_section: share("section"),
        name_in_document: share("document"),
        name_unbound: unbound.length / levels.length,
      },
      ...(fail ? { fail } : {}),
    };
  },
};

// A span of years as text writes it: 2017年到2021年, 2017–2021, from 2017 to 2021, 2017至2021年度.
const YEAR_SPAN = /\b((?:19|20)\d\d)\s*年?\s*(?:-|–|—|~|～|至|到|to|through|until|till)\s*((?:19|20)\d\d)\b/giu;
const MAX_SPAN_YEARS = 50;

/** True when the text states a span of years that holds the year ("2017年到2021年" holds 2019). */
export function spansYear(text: string, year: number): boolean {
  for (const m of text.matchAll(YEAR_SPAN)) {
    const [from, to] = [Number(m[1]), Number(m[2])];
    if (from < to && to - from <= MAX_SPAN_YEARS && from <= year && year <= to) return true;
  }
  return false;
}

/** A year the question names must be stated by the passage, its headings, its title or its document. */
export const yearCheck: Check = {
  name: "year",
  run(question, candidate) {
    // A section headed by another year (二、2024年重点任务, asked about 2023) speaks of that year.
    const headed = yearsOf(candidate.headingText);
    const missing = question.years.filter(
      (year) =>
        !candidate.context.has(String(year)) &&
        !candidate.heading.has(String(year)) &&
        !candidate.chunk.text.includes(String(year)) &&
        !candidate.document.years.includes(year) &&
        // Reports write years in Chinese digits too (截至二零二五年三月三十一日).
        !headed.includes(year) &&
        !yearsOf(candidate.contextText).includes(year) &&
        !spansYear(candidate.contextText, year) &&
        !spansYear(candidate.headingText, year),
    );
    const asked = question.years.some((y) => headed.includes(y));
    const scores = { year_in_section: asked ? 1 : 0, other_year_in_section: question.years.length > 0 && headed.length > 0 && !asked ? 1 : 0 };
    return { scores, ...(missing.length > 0 ? { fail: `does not speak of ${missing.join(", ")}` } : {}) };
  },
};

/** Other figures the question states (an amount, an article number) should appear in the passage or its headings. */
export const figuresCheck: Check = {
  name: "figures",
  run(question, candidate, env) {
    const asked = question.figures.filter((f) => !question.years.includes(Number(f)));
    if (asked.length === 0) return { scores: { figures_bound: 1 } };
    const passage = env.termsOf(candidate.chunk.text);
    const bound = asked.filter((f) => passage.has(f) || candidate.heading.has(f)).length;
    return { scores: { figures_bound: bound / asked.length } };
  },
};

const ORGANISATION = new RegExp(
  `(?:\\p{Script=Han}{2,}(?:${ORGANISATION_ENDINGS.filter(hasHan).join("|")}))|\\b(?:[A-Z][a-z]+\\s+){0,3}(?:${ORGANISATION_ENDINGS.filter((e) => !hasHan(e)).join("|")})\\b`,
  "iu",
);

/**
 * The sentence's own shape: does it state a figure, does it name a body or a person (what a "who"
 * or "which department" question wants), how long is it, is it in another language than the
 * question; and the question's own shape, which lets the decider's threshold differ by language
 * and length.
 */
// Outline numbering at the start of a line: (2), 2.3.1.2, 三、, （一）, A., iv)
const OUTLINE_NUMBER = /^\s*(?:[（(]\s*[\d一二三四五六七八九十]+\s*[)）]|\d+(?:\.\d+)*\.?|[一二三四五六七八九十]+、|[A-Za-z][.)]|[ivx]+[.)])\s*/iu;

/** Letters and Chinese characters in a text. */
function letters(text: string): number {
  return text.match(/\p{L}/gu)?.length ?? 0;
}

export const shapeCheck: Check = {
  name: "shape",
  run(question, candidate) {
    const chineseQuestion = question.language === "zh-Hans" || question.language === "zh-Hant";
    const chineseDocument = candidate.chunk.document.language === "zh-Hans" || candidate.chunk.document.language === "zh-Hant";
    const { form } = question.kind;
    const wantsName = form === "name" || form === "list";
    // A list is introduced by a colon or runs three items or more (可回收物、有害垃圾、湿垃圾).
    const listed = /[：:]\s*$/.test(candidate.span.text) || (candidate.span.text.match(/[、;；]/g) ?? []).length >= 2;
    const words = new Set(question.terms.original.filter((t) => !/^\d/.test(t.term)).map((t) => t.group)).size;
    // An outline label ("(2) 正文", "三、附则") states nothing: without its numbering it is a word or
    // two, with no figure, and introduces nothing.
    const label =
      !/\d/.test(candidate.span.text.replace(OUTLINE_NUMBER, "")) &&
      !/[：:]\s*$/.test(candidate.span.text) &&
      letters(candidate.span.text.replace(OUTLINE_NUMBER, "")) < 4;
    return {
      ...(label ? { fail: "is a heading or label, not a statement" } : {}),
      scores: {
        has_figure: /\d|[一二三四五六七八九十百千万]+[元年个人条项所名次]/u.test(candidate.span.text) ? 1 : 0,
        name_stated: wantsName && ORGANISATION.test(candidate.text) ? 1 : 0,
        definition_stated: form === "definition" && statesDefinition(candidate.text) ? 1 : 0,
        list_stated: form === "list" && listed ? 1 : 0,
        date_precise: question.kind.date && statesPreciseDate(candidate.text) ? 1 : 0,
        length: Math.min(1, candidate.span.text.length / 200),
        cross_language: question.language !== "unknown" && chineseQuestion !== chineseDocument ? 1 : 0,
        question_english: question.language === "en" ? 1 : 0,
        question_words: Math.min(1, words / 10),
      },
    };
  },
};

/** Every check, in the order the trace lists them. */
export const CHECKS: readonly Check[] = [yearCheck, namesCheck, answerKindCheck, coverageCheck, timeFrameCheck, figuresCheck, retrievalCheck, shapeCheck];

/**
 * All checks on one candidate: its features, and the first hard demand it fails. Results already
 * computed (the coverage that sieved the candidates) are passed in, not computed again.
 */
export function runChecks(
  question: Question,
  candidate: Candidate,
  env: CheckEnv,
  known: ReadonlyMap<Check, CheckResult> = new Map(),
): { features: Features; failed?: { check: string; reason: string } } {
  const features = Object.fromEntries(FEATURES.map((f) => [f, 0])) as Features;
  let failed: { check: string; reason: string } | undefined;
  for (const check of CHECKS) {
    const result = known.get(check) ?? check.run(question, candidate, env);
    Object.assign(features, result.scores);
    if (result.fail && !failed) failed = { check: check.name, reason: result.fail };
  }
  return { features, ...(failed ? { failed } : {}) };
}
