// The answer core shared by the CLI, the bot, eval and bench: retrieve with every available
// leg (lexical, dictionary-translated lexical, dense), fuse by weighted reciprocal rank, pick
// the sentences that answer the question, and cite them — or say plainly that the documents
// do not answer it. How much a sentence covers the question lives in coverage.ts, what the
// question demands of it (kind of figure, names, time frame) in judge.ts.
import type { ChunkRow, Store } from "../store/store.js";
import { hasHan, type Language, detectLanguage } from "../text/script.js";
import { foldForSearch } from "../text/normalize.js";
import { queryTerms, questionUnits, searchTerms, withoutAnswerUnits, withoutQuestionForms } from "../text/segment.js";
import { splitSentences, type Span } from "../text/sentences.js";
import { fuseRankings, type WeightedRanking } from "./fusion.js";
import { extractFigures } from "./answer-kind.js";
import { collectionVocabulary, coverage, questionFrequencies, weighTerms, type QuestionTerm } from "./coverage.js";
import { judgeQuestion } from "./judge.js";
import { withoutRelativeTime } from "./time-frame.js";
import type { Answer, DenseRetriever, QueryTranslator, RankedChunk, Refusal, SearchMode, SearchScope, Source, TranslatedConcept } from "./types.js";

export { extractFigures };

export interface AnswerDeps {
  store: Store;
  dense?: DenseRetriever;
  translator?: QueryTranslator;
  /** Standing warnings to pass on with every answer (e.g. dense search off). */
  warnings?: readonly string[];
}

export interface AnswerOptions {
  /** Number of sources wanted (default 5). */
  k?: number;
  mode?: SearchMode;
  /** Whose documents to search (the store resolves it); every document when omitted. */
  scope?: SearchScope;
}

/** Tunable knobs of retrieval and selection; defaults are calibrated on test/eval. */
export interface AnswerTuning {
  /** Reciprocal-rank-fusion constant. */
  rrfK: number;
  lexicalWeight: number;
  translatedWeight: number;
  denseWeight: number;
  /** How many chunks each leg returns before fusion. */
  legDepth: number;
  /** How many fused chunks are read for sentence selection. */
  readDepth: number;
  /** Minimum weighted coverage of the question by the best sentence for an answer. */
  minCoverage: number;
  /** The same for coverage through dictionary translation (cross-language questions). */
  minTranslatedCoverage: number;
}

export const DEFAULT_TUNING: AnswerTuning = {
  rrfK: 20,
  lexicalWeight: 1,
  translatedWeight: 0.8,
  denseWeight: 0.2,
  legDepth: 40,
  readDepth: 15,
  minCoverage: 0.36,
  minTranslatedCoverage: 0.18,
};

const MAX_QUESTION_CHARS = 1000;

interface ScoredSentence {
  span: Span;
  chunk: ChunkRow;
  /** Coverage by the legs for which the sentence is about the question (0 when none). */
  coverage: number;
  score: number;
  /** Whether the sentence may be the answer (it states what the question asks for). */
  eligible: boolean;
  /** Plain coverage and score, for ranking the further passages a reader may page through. */
  related: number;
  relatedScore: number;
}

/** Shortens a long sentence to the clauses around its best match, so the answer stays readable. */
function focusSentence(sentence: string, termsOf: (text: string) => Set<string>, question: readonly QuestionTerm[], maxChars = 160): string {
  if (sentence.length <= maxChars) return sentence;
  // After a clause mark, never inside a figure ("1,284,000", "10:30").
  const clauses = sentence.split(/(?<=[，；;：]|[,:](?!\d))/);
  if (clauses.length < 2) return sentence;
  let best = 0;
  let bestScore = -1;
  clauses.forEach((clause, i) => {
    const present = termsOf(clause);
    const s = coverage(question, present, new Set()) + (extractFigures(clause).length > 0 ? 0.05 : 0);
    if (s > bestScore) {
      bestScore = s;
      best = i;
    }
  });
  let from = best;
  let to = best + 1;
  // Grow around the best clause while it fits: context on both sides reads better than a fragment.
  while (true) {
    const grown = [from > 0 ? from - 1 : from, to < clauses.length ? to + 1 : to] as const;
    const tryLeft = clauses.slice(grown[0], to).join("");
    const tryRight = clauses.slice(from, grown[1]).join("");
    if (grown[1] !== to && tryRight.length <= maxChars) to = grown[1];
    else if (grown[0] !== from && tryLeft.length <= maxChars) from = grown[0];
    else break;
  }
  const text = clauses
    .slice(from, to)
    .join("")
    .replace(/[，,；;：:]$/, "");
  return `${from > 0 ? "…" : ""}${text}${to < clauses.length ? "…" : ""}`;
}

function hasChineseLanguage(language: Language): boolean {
  return language === "zh-Hans" || language === "zh-Hant";
}

/** Answers a question from the store: fused retrieval, sentence selection, citations. */
export async function answerQuestion(question: string, deps: AnswerDeps, options: AnswerOptions = {}, tuning: AnswerTuning = DEFAULT_TUNING): Promise<Answer> {
  const started = performance.now();
  const timings: Answer["timings_ms"] = { total: 0 };
  const k = Math.max(1, Math.min(options.k ?? 5, 50));
  const text = question.trim().slice(0, MAX_QUESTION_CHARS);
  const questionLanguage = hasHan(text) ? detectLanguage(text) : /[A-Za-z]/.test(text) ? "en" : "unknown";
  const requestedMode = options.mode ?? "hybrid";
  const warnings = [...(deps.warnings ?? [])];
  const mode: SearchMode = requestedMode !== "lexical" && !deps.dense ? "lexical" : requestedMode;
  if (options.mode && requestedMode !== mode) warnings.push(`${requestedMode} search is unavailable (no embedding model loaded); answered with lexical search`);
  const base = { question: text, figures: [] as string[], glossary: [], questionLanguage, mode, warnings, timings_ms: timings };
  const finish = (answer: Omit<Answer, "timings_ms">): Answer => {
    timings.total = round(performance.now() - started);
    return { ...answer, timings_ms: timings };
  };
  const notFound = (refusal: Refusal, candidate?: ScoredSentence): Answer =>
    finish({ ...base, found: false, answer: "", refusal, sources: [], ...(candidate ? { candidateChunkId: candidate.chunk.id } : {}) });
  if (!/[\p{L}\p{N}]/u.test(text)) return notFound({ code: "empty_question" });

  // Retrieval legs.
  const rankings: WeightedRanking[] = [];
  const within = options.scope ? deps.store.chunkFilter(options.scope.chatId ?? null) : undefined;
  // Relative time ("last year", 去年) is no word a document states: it picks the section (see
  // time-frame.ts), so it is neither searched for nor required of a sentence.
  // The unit asked for (多少亿元) and the form of the question (叫什么名字, "supposed to") are no
  // content either: answerKind() checks the figure's unit.
  const content = withoutQuestionForms(withoutAnswerUnits(withoutRelativeTime(text)));
  const original = queryTerms(content);
  let t = performance.now();
  const frequencies = questionFrequencies(deps.store);
  const vocabulary = collectionVocabulary(frequencies);
  const translated = mode !== "dense" && deps.translator ? deps.translator.expand(content, vocabulary) : [];
  const concepts: TranslatedConcept[] = !deps.translator
    ? []
    : (deps.translator.concepts?.(content, vocabulary) ??
      translated.map((t) => ({ source: t.term, words: [t.term], weight: t.weight, renderings: [{ text: t.term, score: 1 }] })));
  timings.translate = round(performance.now() - t);
  if (mode !== "dense") {
    t = performance.now();
    rankings.push({ name: "lexical", weight: tuning.lexicalWeight, results: deps.store.lexicalSearch(original, tuning.legDepth, within) });
    if (translated.length > 0) {
      rankings.push({
        name: "translated",
        weight: tuning.translatedWeight,
        results: deps.store.lexicalSearch(
          translated.map((w) => w.term),
          tuning.legDepth,
          within,
        ),
      });
    }
    timings.lexical = round(performance.now() - t);
  }
  if (mode !== "lexical" && deps.dense) {
    t = performance.now();
    const dense: RankedChunk[] = await deps.dense.search(text, tuning.legDepth, within);
    rankings.push({ name: "dense", weight: mode === "dense" ? 1 : tuning.denseWeight, results: dense });
    timings.dense = round(performance.now() - t);
  }
  const fused = fuseRankings(rankings, tuning.rrfK);
  if (fused.length === 0) return notFound({ code: "nothing_retrieved" });

  // Sentence selection over the best chunks.
  t = performance.now();
  const readIds = fused.slice(0, Math.max(tuning.readDepth, k)).map((f) => f.chunkId);
  const chunks = deps.store.chunksByIds(readIds);
  const totalChunks = Math.max(1, deps.store.chunkCount());
  const terms = weighTerms(frequencies, questionUnits(content), concepts, totalChunks);
  // Overlapping chunks repeat sentences, and clauses are measured again: segment each text once.
  const segmented = new Map<string, Set<string>>();
  const termsOf = (s: string): Set<string> => {
    let found = segmented.get(s);
    if (!found) segmented.set(s, (found = new Set(searchTerms(s))));
    return found;
  };
  const fusedScore = new Map(fused.map((f) => [f.chunkId, f.score]));
  const topFused = fused[0]!.score;
  // Figures in the question (years above all) are constraints: a passage that does not mention
  // them, in its text, its headings or its title, answers another question.
  const judge = judgeQuestion(
    text,
    original.filter((term) => /^\d/.test(term)),
    terms,
    tuning,
    termsOf,
  );
  const sentences: ScoredSentence[] = [];
  for (const chunk of chunks) {
    const heading = termsOf(`${chunk.document.title} ${chunk.headingPath.join(" ")}`);
    const chunkTerms = termsOf(chunk.text);
    if (!judge.figures.every((f) => chunkTerms.has(f) || heading.has(f))) continue;
    const rankBonus = 0.1 * ((fusedScore.get(chunk.id) ?? 0) / topFused);
    const section = judge.section(chunk.headingPath);
    for (const span of splitSentences(chunk.text, chunk.start)) {
      const present = termsOf(span.text);
      const { share, about } = judge.coverage(present, heading);
      if (share <= 0) continue;
      const verdict = about > 0 && !section.excluded && judge.placesNames(present, heading) ? judge.statesAnswer(span.text) : { answers: false, bonus: 0 };
      sentences.push({
        span,
        chunk,
        coverage: verdict.answers ? about : 0,
        score: verdict.answers ? about + rankBonus + verdict.bonus + section.bonus : 0,
        eligible: verdict.answers,
        related: share,
        relatedScore: share + rankBonus + section.bonus,
      });
    }
  }
  sentences.sort((a, b) => b.score - a.score || b.relatedScore - a.relatedScore);
  timings.select = round(performance.now() - t);
  const best = sentences[0];
  if (!best) return notFound({ code: "nothing_retrieved" });
  if (!best.eligible) return notFound({ code: "constraint_failed" }, best);
  if (best.coverage < tuning.minCoverage) return notFound({ code: "weak_evidence" }, best);

  // The answer: the best sentence, plus a close runner-up from the same chunk when it adds to it.
  const chosen = [best];
  const second = sentences.find(
    (s) => s !== best && s.eligible && s.chunk.id === best.chunk.id && s.score >= best.score * 0.85 && s.span.text !== best.span.text,
  );
  if (second) chosen.push(second);
  chosen.sort((a, b) => a.span.start - b.span.start);
  const answerQuestionTerms =
    terms.translated.length > 0 && coverage(terms.translated, termsOf(best.span.text), new Set()) > coverage(terms.original, termsOf(best.span.text), new Set())
      ? terms.translated
      : terms.original;
  const answerText = chosen.map((s) => focusSentence(s.span.text, termsOf, answerQuestionTerms)).join(" ");

  const sources = citeSources(chosen, sentences, chunks, k);
  const glossary = deps.translator && crossLanguage(questionLanguage, best.chunk.document.language) ? deps.translator.glossary(text, answerText) : [];
  return finish({ ...base, found: true, answer: answerText, sources, figures: extractFigures(answerText), glossary });
}

/**
 * The sources: the answer's chunk first (quoting the chosen sentences), then the other chunks by
 * their best related sentences, which bear on the question though they may not answer it.
 */
function citeSources(chosen: readonly ScoredSentence[], sentences: readonly ScoredSentence[], chunks: readonly ChunkRow[], k: number): Source[] {
  const bestByChunk = new Map<number, ScoredSentence[]>();
  for (const s of [...sentences].sort((a, b) => b.relatedScore - a.relatedScore)) {
    const list = bestByChunk.get(s.chunk.id) ?? [];
    if (list.length < 3) list.push(s);
    bestByChunk.set(s.chunk.id, list);
  }
  const sources: Source[] = [];
  // Overlapping chunks share sentences: never cite the same sentence twice. Keyed by the folded
  // sentence text, so a passage repeated in a near-duplicate document (a web page and its PDF)
  // is not cited twice either.
  const spanKey = (s: ScoredSentence): string => foldForSearch(s.span.text).replace(/\s+/g, "");
  const answered = new Set(chosen.map(spanKey));
  // A chunk ranks by what it adds: an overlapping chunk does not rank on the answer's sentence.
  const chunkScore = (c: ChunkRow): number => (bestByChunk.get(c.id) ?? []).find((s) => !answered.has(spanKey(s)))?.relatedScore ?? 0;
  const answerChunk = chosen[0]!.chunk;
  const ordered = [answerChunk, ...chunks.filter((c) => c.id !== answerChunk.id).sort((a, b) => chunkScore(b) - chunkScore(a))];
  const cited = new Set<string>();
  for (const chunk of ordered) {
    if (sources.length >= k) break;
    const candidates = chunk.id === answerChunk.id ? chosen : (bestByChunk.get(chunk.id) ?? []);
    const picked = candidates.filter((s) => !cited.has(spanKey(s)));
    if (picked.length === 0) continue;
    for (const s of picked) cited.add(spanKey(s));
    const quote = [...picked]
      .sort((a, b) => a.span.start - b.span.start)
      .map((s) => s.span.text)
      .join(" ");
    sources.push({
      n: sources.length + 1,
      title: chunk.document.title,
      section: chunk.headingPath.join(" › "),
      source: chunk.document.source,
      ...(chunk.document.url ? { url: chunk.document.url } : {}),
      quote,
      score: round(Math.min(1, Math.max(...picked.map((s) => s.related))), 3),
      ...(chunk.page !== null ? { page: chunk.page } : {}),
      language: chunk.document.language,
      chunkId: chunk.id,
      documentId: chunk.documentId,
    });
  }
  return sources;
}

function crossLanguage(question: Language, document: string): boolean {
  const questionChinese = hasChineseLanguage(question);
  const documentChinese = document === "zh-Hans" || document === "zh-Hant";
  return question !== "unknown" && questionChinese !== documentChinese;
}

function round(value: number, digits = 1): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
