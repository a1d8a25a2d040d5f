// Past or future: reports review what was done and plan what is to come, often in the same words
// ("建设义务教育标准化学校304所" in the review, "…150所" in the plan). A question that says "last
// year" or "建设了" asks about the review; one that says "plan", "target" or "今年要" about the plan.
// General markers of tense and of report structure, in both languages, from the lexicon.
import {
  EXPLICIT_FUTURE,
  EXPLICIT_PAST,
  FUTURE_CUES,
  PAST_TENSE_CUES,
  PLAN_SECTION_WORDS,
  phrasePattern,
  RELATIVE_YEARS,
  REVIEW_SECTION_WORDS,
} from "../text/lexicon.js";
import { foldForSearch } from "../text/normalize.js";
import { toSimplified } from "../text/script.js";

export type TimeFrame = "past" | "future";

const PAST_QUESTION = phrasePattern(PAST_TENSE_CUES, "iu");
const FUTURE_QUESTION = phrasePattern(FUTURE_CUES, "iu");
const PAST_SECTION = phrasePattern(REVIEW_SECTION_WORDS, "iu");
const FUTURE_SECTION = phrasePattern(PLAN_SECTION_WORDS, "iu");
const NAMED_PAST = phrasePattern(EXPLICIT_PAST, "iu");
const NAMED_FUTURE = phrasePattern(EXPLICIT_FUTURE, "iu");
const RELATIVE_TIME = phrasePattern(
  RELATIVE_YEARS.flatMap((y) => (/^[a-z]/.test(y) ? [`${y}'s`, `${y}s`, y] : [y])),
  "giu",
);

/** The frame a question names outright ("last year", "target", 目标), if it names exactly one. */
export function explicitFrame(question: string): TimeFrame | undefined {
  const folded = foldForSearch(question);
  const past = NAMED_PAST.test(folded);
  const future = NAMED_FUTURE.test(folded);
  if (past === future) return undefined;
  return past ? "past" : "future";
}

/** The time a question asks about, named or implied by its tense (one frame, not both). */
export function questionFrame(question: string): TimeFrame | undefined {
  const folded = foldForSearch(question);
  // "What was the target" speaks of the future in the past tense: future markers win over tense,
  // and only an explicit "last year" (去年) wins over them.
  if (NAMED_PAST.test(folded)) return "past";
  if (FUTURE_QUESTION.test(folded)) return "future";
  return PAST_QUESTION.test(folded) ? "past" : undefined;
}

/** The time a section speaks of, from its headings (review or plan), if they say. */
export function sectionFrame(headings: string): TimeFrame | undefined {
  const folded = foldForSearch(headings);
  const past = PAST_SECTION.test(folded);
  const future = FUTURE_SECTION.test(folded);
  if (past === future) return undefined;
  return past ? "past" : "future";
}

/** The question without its relative time words (or unchanged, when nothing else would be left). */
export function withoutRelativeTime(question: string): string {
  // Simplified script for the table's Chinese words; English keeps its capitals (names).
  const stripped = toSimplified(question.normalize("NFKC")).replace(RELATIVE_TIME, " ").replace(/\s+/g, " ").trim();
  return /[\p{L}\p{N}]/u.test(stripped) ? stripped : question;
}
