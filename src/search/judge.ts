// What a question demands of a sentence before it may be the answer, built once per question:
// coverage on one scale for both legs (direct and translated), the figures and names it must
// mention, the time frame of the section (review or plan), and the kind of figure a clause must
// state (count, share, money, unit, average, date) about the thing asked.
import { hasHan } from "../text/script.js";
import { answerKind, namedEntities, statesAnswerKind } from "./answer-kind.js";
import { aboutTheQuestion, countedTerms, matches, measureCoverage, tokenTerms, type QuestionTerm } from "./coverage.js";
import { explicitFrame, questionFrame, sectionFrame } from "./time-frame.js";

// Where a sentence divides into clauses that each state their own fact: Chinese commas (also the
// ASCII comma Chinese text often uses, glued to the next word) and semicolons. An English ", "
// mostly joins a phrase to its clause ("Harbour Road, with 161,000 visits"), and a comma between
// digits is part of a figure.
const CLAUSE_BREAK = /[，；;：]|[,:](?=[^\d\s])/;
// How much a section in the question's time frame (review or plan) is preferred.
const FRAME_BONUS = 0.12;
// How much a clause that states the figure about the question adds to its sentence's score.
const CLAUSE_BONUS = 0.15;

/** Coverage of a text: plain, and counting only the legs for which the text is about the question. */
export interface SentenceCoverage {
  share: number;
  about: number;
}

/** What a question demands of a sentence. */
export interface QuestionJudge {
  /** Figures of the question (years above all) that a passage, its headings or its title must mention. */
  figures: readonly string[];
  /** Coverage of a text by the question, both legs on the direct leg's scale. */
  coverage(present: ReadonlySet<string>, heading: ReadonlySet<string>): SentenceCoverage;
  /** How a section's time frame weighs (review or plan), and whether it is ruled out. */
  section(headingPath: readonly string[]): { bonus: number; excluded: boolean };
  /** True when the sentence or its headings name every place or thing the question names. */
  placesNames(present: ReadonlySet<string>, heading: ReadonlySet<string>): boolean;
  /** Whether a sentence states what the question asks for, in a clause about it, and its bonus. */
  statesAnswer(sentence: string): { answers: boolean; bonus: number };
}

/** Thresholds that put translated coverage on the direct leg's scale. */
export interface CoverageScale {
  minCoverage: number;
  minTranslatedCoverage: number;
}

/** Builds the judge of one question from its text, its figures and its weighted terms. */
export function judgeQuestion(
  question: string,
  questionFigures: readonly string[],
  terms: { original: QuestionTerm[]; translated: QuestionTerm[] },
  scale: CoverageScale,
  termsOf: (text: string) => ReadonlySet<string>,
): QuestionJudge {
  const kind = answerKind(question);
  const askedFrame = questionFrame(question);
  const namedFrame = explicitFrame(question);

  // Translated coverage is noisier (a dictionary misses synonyms), so it has its own threshold.
  // Mapping [its threshold, 1] onto [the original threshold, 1] lets both legs compete on one
  // scale: equal at the threshold, and a full match either way counts the same, so a passage in
  // the question's own language is not beaten by a weaker match through translation.
  const onOriginalScale = (share: number): number =>
    share <= scale.minTranslatedCoverage
      ? (share * scale.minCoverage) / scale.minTranslatedCoverage
      : scale.minCoverage + ((share - scale.minTranslatedCoverage) * (1 - scale.minCoverage)) / (1 - scale.minTranslatedCoverage);
  // A leg only vouches for a sentence that is about the question in that leg's words; plain
  // coverage still ranks the further passages.
  const legCoverage = (
    legTerms: readonly QuestionTerm[],
    present: ReadonlySet<string>,
    heading: ReadonlySet<string>,
    translated: boolean,
  ): SentenceCoverage => {
    if (legTerms.length === 0) return { share: 0, about: 0 };
    const c = measureCoverage(legTerms, present, heading);
    const share = translated ? onOriginalScale(c.share) : c.share;
    return { share, about: aboutTheQuestion(c, translated) ? share : 0 };
  };
  const coverage = (present: ReadonlySet<string>, heading: ReadonlySet<string>): SentenceCoverage => {
    const a = legCoverage(terms.original, present, heading, false);
    const b = legCoverage(terms.translated, present, heading, true);
    return { share: Math.max(a.share, b.share), about: Math.max(a.about, b.about) };
  };

  const words = (leg: readonly QuestionTerm[]): QuestionTerm[] => leg.filter((term) => term.weight > 0 && !/^\d/.test(term.term));
  const questionWords = [...words(terms.original), ...words(terms.translated)];
  const mentionsQuestion = (present: ReadonlySet<string>): boolean => questionWords.some((term) => matches(term, present));
  // Names in the question ("Harbour Road", "Huaihua") bind like years: the sentence, its
  // headings or its title must name them, in either language.
  const nameTerms = namedEntities(question).map((name) => name.map((token) => tokenTerms([...terms.original, ...terms.translated], token)));
  // "How many books", "the average salary": the figure's clause must name what is counted or
  // averaged, not just the branch or the teachers. A Chinese phrase is quoted from the question
  // whole (农村中小学名师工作站): a clause that shares one of its words (名师) counts something
  // else; it must share most of them. Each leg is checked on its own, as its terms only match
  // text of its language.
  const chinesePhrase = kind.counted.some((w) => hasHan(w));
  const countedByLeg = [terms.original, terms.translated].map((leg) => countedTerms(words(leg), kind.counted)).filter((leg) => leg.length > 0);
  const namesCounted = (present: ReadonlySet<string>): boolean =>
    countedByLeg.length === 0 ||
    countedByLeg.some((leg) => {
      const groups = new Set(leg.map((term) => term.group));
      const named = new Set(leg.filter((term) => matches(term, present)).map((term) => term.group));
      return chinesePhrase && groups.size >= 3 ? named.size * 2 > groups.size : named.size > 0;
    });

  return {
    figures: questionFigures,
    coverage,
    section(headingPath) {
      // A review and a plan often say the same words: the question's tense picks the section,
      // and a question that names its frame ("the 2019 target", "last year") is not answered
      // from a section of the other frame: a review's result is not a target.
      const frame = sectionFrame(headingPath.join(" "));
      const bonus = !askedFrame || !frame ? 0 : frame === askedFrame ? FRAME_BONUS : -FRAME_BONUS;
      return { bonus, excluded: namedFrame !== undefined && frame !== undefined && frame !== namedFrame };
    },
    placesNames(present, heading) {
      return nameTerms.every((name) =>
        name.every((alternatives) => alternatives.length === 0 || alternatives.some((term) => matches(term, present) || matches(term, heading))),
      );
    },
    statesAnswer(sentence) {
      // A question that asks for a quantity is only answered by a sentence that states one, in a
      // clause about the question: a figure in a clause that shares no word with the question
      // counts something else.
      if (!kind.quantity) return { answers: true, bonus: 0 };
      let answers = false;
      let bonus = 0;
      for (const clause of sentence.split(CLAUSE_BREAK)) {
        if (!statesAnswerKind(kind, clause)) continue;
        const clauseTerms = termsOf(clause);
        if (mentionsQuestion(clauseTerms) && namesCounted(clauseTerms)) answers = true;
        bonus = Math.max(bonus, CLAUSE_BONUS * coverage(clauseTerms, new Set()).about);
      }
      return { answers, bonus };
    },
  };
}
