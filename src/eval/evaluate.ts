// The evaluation harness: runs a question set through the same answer() core as the CLI and
// the bot, and measures answer hit rate, recall@1/@5, MRR and "not found" precision/recall,
// per question language.
import fs from "node:fs";
import { UserError } from "../errors.js";
import { foldForSearch } from "../text/normalize.js";
import type { Answer, SearchMode } from "../search/types.js";
import type { Deliberation } from "../search/answer.js";
import type { ChunkRow } from "../store/store.js";

export interface EvalQuestion {
  id: string;
  lang: string;
  question: string;
  answerable: boolean;
  /** Strings (figures, key words) that a correct answer contains, in the document's script. */
  expect: string[];
  /** A piece of the heading path the right passage sits under. */
  expectSection?: string;
  /** The file name of the document the question is about (or a near miss of). */
  doc?: string;
}

export interface QuestionResult {
  id: string;
  lang: string;
  question: string;
  answerable: boolean;
  found: boolean;
  hit: boolean;
  /** 1-based rank of the first relevant passage among those read (fused retrieval order), or 0 when none is. */
  rank: number;
  answer: string;
  ms: number;
  /** For a wrong outcome, where it went wrong (see diagnose()). */
  diagnosis?: string;
  /** For an answer to a question whose document is known: whether it came from another document. */
  wrongDocument?: boolean;
}

export interface Metrics {
  questions: number;
  answerable: number;
  unanswerable: number;
  /** Share of answerable questions whose answer contains every expected string. */
  hitRate: number;
  recallAt1: number;
  recallAt5: number;
  mrr: number;
  /** Of the questions refused, the share that were really unanswerable. */
  notFoundPrecision: number;
  /** Of the unanswerable questions, the share refused. */
  notFoundRecall: number;
  /** Of the answers to questions whose document is known, the share taken from another document. */
  wrongDocument: number;
  meanMs: number;
}

export interface EvalReport {
  mode: SearchMode;
  overall: Metrics;
  byLanguage: Record<string, Metrics>;
  results: QuestionResult[];
}

/** Reads and validates a question file. */
export function readQuestions(file: string): EvalQuestion[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(fs.readFileSync(file, "utf8"));
  } catch (error) {
    throw new UserError(`cannot read question file ${file}: ${(error as Error).message.split("\n")[0]}`);
  }
  const list = Array.isArray(parsed) ? parsed : (parsed as { questions?: unknown }).questions;
  if (!Array.isArray(list)) throw new UserError(`${file} must hold an array of questions`);
  return list.map((q, i) => {
    const item = q as Partial<EvalQuestion>;
    if (typeof item.question !== "string" || typeof item.answerable !== "boolean") {
      throw new UserError(`${file}: question ${i + 1} needs "question" and "answerable"`);
    }
    return {
      id: item.id ?? String(i + 1),
      lang: item.lang ?? "?",
      question: item.question,
      answerable: item.answerable,
      expect: item.expect ?? [],
      expectSection: item.expectSection,
      ...(typeof item.doc === "string" && item.doc.length > 0 ? { doc: item.doc } : {}),
    };
  });
}

function contains(haystack: string, needle: string): boolean {
  return foldForSearch(haystack).includes(foldForSearch(needle));
}

/** True when a chunk is a right passage for the question. */
export function isRelevant(chunk: Pick<ChunkRow, "text" | "headingPath">, question: EvalQuestion): boolean {
  if (!question.answerable || question.expect.length === 0) return false;
  const sectionOk = !question.expectSection || contains(chunk.headingPath.join(" › "), question.expectSection);
  return sectionOk && question.expect.every((e) => contains(chunk.text, e));
}

function summarise(results: readonly QuestionResult[]): Metrics {
  const answerable = results.filter((r) => r.answerable);
  const unanswerable = results.filter((r) => !r.answerable);
  const refused = results.filter((r) => !r.found);
  const share = (n: number, d: number): number => (d === 0 ? 0 : n / d);
  return {
    questions: results.length,
    answerable: answerable.length,
    unanswerable: unanswerable.length,
    hitRate: share(answerable.filter((r) => r.hit).length, answerable.length),
    recallAt1: share(answerable.filter((r) => r.rank === 1).length, answerable.length),
    recallAt5: share(answerable.filter((r) => r.rank >= 1 && r.rank <= 5).length, answerable.length),
    mrr: share(
      answerable.reduce((sum, r) => sum + (r.rank > 0 ? 1 / r.rank : 0), 0),
      answerable.length,
    ),
    notFoundPrecision: share(refused.filter((r) => !r.answerable).length, refused.length),
    notFoundRecall: share(unanswerable.filter((r) => !r.found).length, unanswerable.length),
    wrongDocument: share(results.filter((r) => r.wrongDocument === true).length, results.filter((r) => r.wrongDocument !== undefined).length),
    meanMs: share(
      results.reduce((sum, r) => sum + r.ms, 0),
      results.length,
    ),
  };
}

export interface EvalDeps {
  answer: (question: string, options: { k: number; mode: SearchMode }) => Promise<Answer>;
  chunksByIds: (ids: number[]) => ChunkRow[];
  /** The engine's deliberation, to say where a wrong outcome went wrong (optional). */
  deliberate?: (question: string, options: { mode: SearchMode }) => Promise<Deliberation>;
}

/**
 * True when a candidate sentence — alone, or with the sentence after it, which an answer may quote
 * too — states every expected string of an answerable question (folded, whitespace ignored, so a
 * string that runs across the two sentences counts in either language). What the eval's diagnosis
 * and the scorer's fit both call the right sentence.
 */
export function answersQuestion(q: EvalQuestion, candidate: { span: { text: string }; next?: { text: string } }): boolean {
  if (!q.answerable || q.expect.length === 0) return false;
  const squeeze = (text: string): string => foldForSearch(text).replace(/\s+/g, "");
  const expect = q.expect.map(squeeze);
  const own = squeeze(candidate.span.text);
  const withNext = own + squeeze(candidate.next?.text ?? "");
  return expect.every((e) => own.includes(e)) || expect.every((e) => withNext.includes(e));
}

/**
 * Where a wrong outcome went wrong: the right sentence was never read ("not retrieved"), failed a
 * hard check ("failed <check>"), was outranked by another sentence ("outranked"), or was best but
 * judged too weak ("refused: weak"); an unanswerable question answered says what carried it.
 */
export function diagnose(q: EvalQuestion, answer: Answer, d: Deliberation): string {
  if (!q.answerable) return `answered (${answer.trace?.candidates[0]?.evidence.map((e) => e.feature).join(", ") || "?"})`;
  const index = d.scored.findIndex((s) => answersQuestion(q, s.candidate));
  if (index < 0) return "not retrieved";
  const hit = d.scored[index]!;
  if (hit.failed) return `failed ${hit.failed.check}`;
  const eligibleRank = d.scored.filter((s) => !s.failed).indexOf(hit);
  if (eligibleRank > 0) return answer.found ? "outranked" : "outranked, then refused";
  return answer.found ? "answer cut short" : "refused: weak";
}

/** Runs every question and reports the metrics, overall and per language. */
export async function evaluate(questions: readonly EvalQuestion[], deps: EvalDeps, mode: SearchMode): Promise<EvalReport> {
  const results: QuestionResult[] = [];
  for (const q of questions) {
    const answer = await deps.answer(q.question, { k: 10, mode });
    // Recall is measured on retrieval: where the right passage sits among the passages read for
    // the question (the sources cite only what supports the answer, so they cannot say it).
    const read = answer.trace?.passages ?? answer.sources.map((s) => s.chunkId);
    const chunks = deps.chunksByIds(read);
    const rank = chunks.findIndex((c) => isRelevant(c, q)) + 1;
    const hit = q.answerable && answer.found && q.expect.every((e) => contains(answer.answer, e));
    const wrong = q.answerable ? !hit : answer.found;
    const diagnosis = wrong && deps.deliberate ? diagnose(q, answer, await deps.deliberate(q.question, { mode })) : undefined;
    results.push({
      id: q.id,
      lang: q.lang,
      question: q.question,
      answerable: q.answerable,
      found: answer.found,
      hit,
      rank,
      answer: answer.answer,
      ms: answer.timings_ms.total,
      ...(diagnosis ? { diagnosis } : {}),
      // An answer quoted from a document other than the one the question is about (or a near miss
      // of): for a question that names its place, the worst outcome.
      ...(q.doc && answer.found ? { wrongDocument: !answer.sources[0]?.source.endsWith(q.doc) } : {}),
    });
  }
  const byLanguage: Record<string, Metrics> = {};
  for (const lang of [...new Set(results.map((r) => r.lang))].sort()) byLanguage[lang] = summarise(results.filter((r) => r.lang === lang));
  return { mode, overall: summarise(results), byLanguage, results };
}

const pct = (x: number): string => `${(x * 100).toFixed(0)}%`;

/** The report as a Markdown table (one row per language, then overall). */
export function formatReport(report: EvalReport): string {
  const rows = [
    `| mode | language | questions | answer hit rate | recall@1 | recall@5 | MRR | not-found precision | not-found recall | wrong document | mean ms |`,
    `| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |`,
  ];
  const row = (lang: string, m: Metrics): string =>
    `| ${report.mode} | ${lang} | ${m.questions} (${m.unanswerable} unanswerable) | ${pct(m.hitRate)} | ${pct(m.recallAt1)} | ${pct(m.recallAt5)} | ${m.mrr.toFixed(2)} | ${pct(m.notFoundPrecision)} | ${pct(m.notFoundRecall)} | ${pct(m.wrongDocument)} | ${m.meanMs.toFixed(1)} |`;
  for (const [lang, m] of Object.entries(report.byLanguage)) rows.push(row(lang, m));
  rows.push(row("all", report.overall));
  return rows.join("\n");
}
