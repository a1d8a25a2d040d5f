// Past or future: reports review what was done and plan what is to come, often in the same words
// ("建设义务教育标准化学校304所" in the review, "…150所" in the plan). A question that says "last
// year" or "建设了" asks about the review; one that says "plan", "target" or "今年要" about the plan.
// These are general markers of tense and of report structure, in both languages.
import { foldForSearch } from "../text/normalize.js";

export type TimeFrame = "past" | "future";

// Tense: what a question implies without naming a frame.
const PAST_QUESTION = /以来|已经|已|了|\b(?:did|was|were|had)\b/i;
const FUTURE_QUESTION =
  /今年|明年|本年度|计划|规划|目标|将|要|力争|确保|预计|\b(?:will|shall|plans?|planned|planning|targets?|targeted|goals?|aim(?:s|ed|ing)?|intend(?:s|ed|ing)?|expected|going to|(?:is|are) to be|next|this year|upcoming)\b/i;
const PAST_SECTION = /回顾|总结|成绩|成效|完成情况|\b(?:review|summary|highlights|achievements|results|in review|the year in)\b/i;
const FUTURE_SECTION = /重点|计划|规划|目标|任务|部署|安排|展望|打算|\b(?:plans?|priorities|goals|targets|outlook|next|ahead|coming|future)\b/i;

// Words that name the frame outright, not just by tense: a target is never a review's result,
// and "last year" is never a plan.
const EXPLICIT_PAST = /去年|上一?年度?|过去|\b(?:last|past|previous|prior)\s+years?\b/i;
const EXPLICIT_FUTURE =
  /目标|计划|规划|预计|力争|明年|\b(?:targets?|targeted|plans?|planned|planning|goals?|aim(?:s|ed|ing)?|intend(?:s|ed|ing)?|next\s+year)\b/i;

/** The frame a question names outright ("last year", "target", 目标), if it names exactly one. */
export function explicitFrame(question: string): TimeFrame | undefined {
  const folded = foldForSearch(question);
  const past = EXPLICIT_PAST.test(folded);
  const future = EXPLICIT_FUTURE.test(folded);
  if (past === future) return undefined;
  return past ? "past" : "future";
}

/** The time a question asks about, named or implied by its tense (one frame, not both). */
export function questionFrame(question: string): TimeFrame | undefined {
  const folded = foldForSearch(question);
  // "What was the target" speaks of the future in the past tense: future markers win over tense,
  // and only an explicit "last year" (去年) wins over them.
  if (EXPLICIT_PAST.test(folded)) return "past";
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

// Relative years, in both scripts and in English ("last year's", "the past year").
const RELATIVE_TIME =
  /去年|今年|明年|前年|本年度?|上一?年度|[过過]去一年|\b(?:(?:the\s+)?(?:last|this|next|past|previous|coming|current)\s+year(?:'s|s)?)\b/giu;

/** The question without its relative time words (or unchanged, when nothing else would be left). */
export function withoutRelativeTime(question: string): string {
  const stripped = question.replace(RELATIVE_TIME, " ").replace(/\s+/g, " ").trim();
  return /[\p{L}\p{N}]/u.test(stripped) ? stripped : question;
}
