// The answer core shared by the CLI, the bot, eval and bench: analyse the question once, retrieve
// with every available leg (lexical, dictionary-translated lexical, dense) fused by weighted
// reciprocal rank, run the named checks on every sentence of the best passages, score each with
// the fitted scorer, and answer with the best sentence and the passages that support it — or
// refuse, saying which check or how weak the evidence. Checks live in checks.ts, the scorer in
// scorer.ts, the analysed question in question.ts.
import type { ChunkRow, DocumentRow, Store } from "../store/store.js";
import { foldForSearch } from "../text/normalize.js";
import { hasHan, isOtherLanguage } from "../text/script.js";
import { tagWords } from "../text/segment.js";
import { extractFigures, statesAnswerKind } from "./answer-kind.js";
import {
  type Candidate,
  candidatesOf,
  type DocumentIdentity,
  identityFromProfile,
  identityFromTitle,
  type LegName,
  type PassageRanks,
  termCache,
  type TermsOf,
} from "./candidates.js";
import { type CheckEnv, type CheckResult, coverageCheck, type Features, inSourceWords, lacksMainWord, runChecks, statesName } from "./checks.js";
import { coverage, type QuestionTerm, questionFrequencies } from "./coverage.js";
import { fuseRankings, type WeightedRanking } from "./fusion.js";
import { analyseQuestion, type Question } from "./question.js";
import { answerProbability, loadScorer, MAX_MARGIN, rankScore, type ScorerWeights } from "./scorer.js";
import type { Answer, AnswerTrace, DenseRetriever, QueryTranslator, RankedChunk, Refusal, SearchMode, SearchScope, Source } from "./types.js";

export { extractFigures };

export interface AnswerDeps {
  store: Store;
  dense?: DenseRetriever;
  translator?: QueryTranslator;
  /** Standing warnings to pass on with every answer (e.g. dense search off). */
  warnings?: readonly string[];
  /** The fitted scorer; loaded for the dense model (or lexical search) when omitted. */
  scorer?: ScorerWeights;
}

export interface AnswerOptions {
  /** Most sources wanted (default 5): a maximum, not a quota. */
  k?: number;
  mode?: SearchMode;
  /** Whose documents to search (the store resolves it); every document when omitted. */
  scope?: SearchScope;
  /** Retrieval knobs to try instead of the defaults (bench and eval sweeps). */
  tuning?: Partial<RetrievalTuning>;
}

/** Tunable knobs of retrieval; the scorer's weights are fitted, these are chosen by eval. */
export interface RetrievalTuning {
  /** Reciprocal-rank-fusion constant. */
  rrfK: number;
  lexicalWeight: number;
  translatedWeight: number;
  /** How many chunks each leg returns before fusion. */
  legDepth: number;
  /** How many fused chunks are read for candidate sentences. */
  readDepth: number;
  /** How many candidate sentences, those covering the question best, get every check. */
  checkDepth: number;
  /** How many of the dense leg's best passages are read besides the lexical legs' (hybrid mode). */
  denseExtra: number;
  /** Weight of the leg searched within the documents the question names. */
  namedWeight: number;
}

export const DEFAULT_TUNING: RetrievalTuning = {
  rrfK: 20,
  lexicalWeight: 1,
  translatedWeight: 0.8,
  legDepth: 40,
  readDepth: 20,
  checkDepth: 60,
  denseExtra: 10,
  namedWeight: 1,
};

// The identities of a store's documents, and the documents each name form picks out, kept until
// the store changes: questions read them without a query per document, and a library of many
// thousand documents is scanned once per name form, not per question.
interface Library {
  generation: number;
  identities: Map<number, DocumentIdentity>;
  /** Each identity's title, places and file words in one string, to find a name's documents fast. */
  texts: { id: number; text: string }[];
  byForm: Map<string, number[]>;
}
const libraries = new WeakMap<Store, Library>();

/** A document's identity: from its stored profile, or from its title when it has none (stores written before profiles). */
function identityOf(row: DocumentRow): DocumentIdentity {
  const profiled = row.profile.pathWords.length + row.profile.places.length + row.profile.titlePlaces.length > 0;
  return profiled ? identityFromProfile(row) : identityFromTitle(row, titlePlaces(row.title));
}

/** The identities of the store's documents, as of its current generation. */
function libraryOf(store: Store): Library {
  const generation = store.generation();
  let library = libraries.get(store);
  if (!library || library.generation !== generation) {
    const identities = new Map(store.listDocuments().map((row) => [row.id, identityOf(row)] as const));
    const texts = [...identities].map(([id, identity]) => ({ id, text: [identity.title, ...identity.identityPlaces, ...identity.sourceWords].join(" ") }));
    library = { generation, identities, texts, byForm: new Map() };
    libraries.set(store, library);
  }
  return library;
}

/** The documents that identify themselves (title, title places and bodies, file name) by a folded name form. */
function documentsNaming(form: string, library: Library): number[] {
  const { identities, texts, byForm } = library;
  let found = byForm.get(form);
  if (!found) {
    const word = form.split(/\s+/)[0] ?? form;
    found = texts
      .filter(({ text }) => text.includes(word))
      .map(({ id }) => id)
      .filter((id) => {
        const identity = identities.get(id)!;
        return statesName(identity.title, form) || identity.identityPlaces.some((p) => statesName(p, form)) || inSourceWords(form, identity.sourceWords);
      });
    if (byForm.size > 5000) byForm.clear();
    byForm.set(form, found);
  }
  return found;
}

/** The documents that identify themselves by a name the question states. */
function namedDocuments(question: Question, library: Library): number[] {
  if (question.names.length === 0) return [];
  const named = new Set(question.names.flatMap((name) => name.forms.flatMap((form) => documentsNaming(form, library))));
  // A name every document states picks none out.
  return named.size < library.identities.size ? [...named] : [];
}

/** How well a candidate covers the question, for sieving: with its surroundings, or by characters. */
function sieve(result: CheckResult): number {
  return Math.max(result.scores.coverage_context ?? 0, 0.8 * (result.scores.coverage_chars ?? 0), result.scores.coverage_direct ?? 0);
}

/** A candidate sentence with its checks' features, ranker score, probability and failure, if any. */
export interface ScoredCandidate {
  candidate: Candidate;
  features: Features;
  /** The ranker's logit: orders the candidates of one question. */
  score: number;
  /** Its lead over the best other eligible candidate (negative when another is better). */
  margin: number;
  /** The probability that this sentence answers the question. */
  probability: number;
  failed?: { check: string; reason: string };
}

/** What the checks and the scorer made of a question: the analysed question and its ranked candidates. */
export interface Deliberation {
  question: Question;
  mode: SearchMode;
  warnings: string[];
  scored: ScoredCandidate[];
  chunks: ChunkRow[];
  termsOf: TermsOf;
  timings: Answer["timings_ms"];
}

// The glosses of a set of index terms, by set: the terms of a sentence, passage or heading are
// memoised sets (termCache), so a passage read again is glossed once.
// Kept apart by which terms are glossed: an English question needs only the Chinese terms'.
type GlossMemo = WeakMap<ReadonlySet<string>, ReadonlySet<string>>;
const glossSets: Record<"han" | "latin" | "all", GlossMemo> = { han: new WeakMap(), latin: new WeakMap(), all: new WeakMap() };

/** The union of the index terms' glosses (of one script's terms, or all), remembered per term set. */
function glossCache(termGlosses: (term: string) => readonly string[]): NonNullable<CheckEnv["glossesOf"]> {
  return (terms, from) => {
    const memo = glossSets[from ?? "all"];
    let found = memo.get(terms);
    if (!found) {
      const union = new Set<string>();
      for (const term of terms) {
        if (from !== undefined && hasHan(term) !== (from === "han")) continue;
        for (const gloss of termGlosses(term)) union.add(gloss);
      }
      found = union;
      memo.set(terms, found);
    }
    return found;
  };
}

/** Places and organisations a title names (the segmenter's ns/nt tags), for a document without a profile. */
function titlePlaces(title: string): string[] {
  return tagWords(foldForSearch(title))
    .filter((w) => (w.tag === "ns" || w.tag === "nt") && Array.from(w.word).length >= 2)
    .map((w) => w.word);
}

/** Retrieves, checks and scores the candidates of a question (everything but the final decision). */
export async function deliberate(
  raw: string,
  deps: AnswerDeps,
  options: AnswerOptions = {},
  defaults: RetrievalTuning = DEFAULT_TUNING,
): Promise<Deliberation> {
  const tuning: RetrievalTuning = { ...defaults, ...options.tuning };
  const started = performance.now();
  const timings: Answer["timings_ms"] = { total: 0 };
  const requestedMode = options.mode ?? "hybrid";
  const warnings = [...(deps.warnings ?? [])];
  const mode: SearchMode = requestedMode !== "lexical" && !deps.dense ? "lexical" : requestedMode;
  if (options.mode && requestedMode !== mode) warnings.push(`${requestedMode} search is unavailable (no embedding model loaded); answered with lexical search`);
  const frequencies = questionFrequencies(deps.store);
  let t = performance.now();
  const library = libraryOf(deps.store);
  const identifies = (form: string): boolean => {
    const found = documentsNaming(form, library).length;
    return found > 0 && found < library.identities.size;
  };
  const question = analyseQuestion(raw, { frequencies, totalChunks: deps.store.chunkCount(), translator: deps.translator, mode, identifies });
  timings.analyse = round(performance.now() - t);
  const termsOf = termCache();
  const empty: Deliberation = { question, mode, warnings, scored: [], chunks: [], termsOf, timings };
  if (!/[\p{L}\p{N}]/u.test(question.text)) return empty;

  // Retrieval legs, each within the scope (the shared library and the asking chat's collection).
  const rankings: (WeightedRanking & { name: LegName })[] = [];
  const within = options.scope ? deps.store.chunkFilter(options.scope.chatId ?? null) : undefined;
  // The lexical legs always run: in dense mode they do not choose the passages, but the scorer
  // still weighs where each passage ranks in them (they take a few milliseconds).
  t = performance.now();
  rankings.push({ name: "lexical", weight: tuning.lexicalWeight, results: deps.store.lexicalSearch(question.searchTerms, tuning.legDepth, within) });
  if (question.expansion.length > 0) {
    rankings.push({
      name: "translated",
      weight: tuning.translatedWeight,
      results: deps.store.lexicalSearch(
        question.expansion.map((w) => w.term),
        tuning.legDepth,
        within,
      ),
    });
  }
  // A question that names a document's place or body ("Sichuan's GDP", "Kroger's sales") is
  // also searched within the documents that identify themselves by it: in a library of four
  // provinces' reports, the named one's passages must not be crowded out by the other three's.
  const named = namedDocuments(question, library);
  if (named.length > 0) {
    const terms = [...new Set([...question.searchTerms, ...question.expansion.map((w) => w.term)])];
    rankings.push({ name: "named", weight: tuning.namedWeight, results: deps.store.lexicalSearchIn(terms, tuning.legDepth, named, within) });
  }
  timings.lexical = round(performance.now() - t);
  const similarity = new Map<number, number>();
  if (mode !== "lexical" && deps.dense) {
    t = performance.now();
    const dense: RankedChunk[] = await deps.dense.search(question.text, tuning.legDepth, within);
    for (const d of dense) similarity.set(d.chunkId, d.score);
    rankings.push({ name: "dense", weight: 1, results: dense });
    timings.dense = round(performance.now() - t);
  }
  // Which passages are read: in dense mode, the dense leg's; otherwise the lexical legs' fused
  // order, which the dense leg widens (its best passages the lexical legs missed are read too) but
  // never reorders — a weak model then costs a few extra candidates, not the lexical answer.
  const lexicalLegs = rankings.filter((r) => r.name !== "dense");
  const denseLeg = rankings.find((r) => r.name === "dense");
  const fused = fuseRankings(mode === "dense" ? (denseLeg ? [denseLeg] : []) : lexicalLegs, tuning.rrfK);
  const order = fused.map((f) => f.chunkId).slice(0, tuning.readDepth);
  if (mode === "hybrid" && denseLeg) {
    const read = new Set(order);
    for (const r of denseLeg.results.slice(0, tuning.denseExtra)) if (!read.has(r.chunkId)) order.push(r.chunkId);
  }
  if (order.length === 0) return empty;

  // Candidate sentences of the passages read, each checked and scored.
  t = performance.now();
  const ranks = new Map<number, PassageRanks>();
  // In hybrid mode a passage in another language than the question's, which both families
  // retrieved, ranks as high as the better one puts it: across languages the dictionary's terms
  // are the weakest evidence and the model's the strongest. In the question's own language the
  // lexical order stands (reordered there, e5-small cost answers in Chinese). A passage only the
  // dense leg found keeps its place after the lexical ones (a weak model must not answer what
  // lexical search would refuse).
  const lexicallyFound = new Set(fused.map((f) => f.chunkId));
  const chunks = deps.store.chunksByIds(order);
  const otherLanguage = new Set(chunks.filter((c) => isOtherLanguage(question.language, c.document.language)).map((c) => c.id));
  const boosted = (id: number): boolean => lexicallyFound.has(id) && otherLanguage.has(id);
  const denseRank = new Map(
    (mode === "hybrid" ? (denseLeg?.results ?? []) : []).flatMap((r, i): [number, number][] => (boosted(r.chunkId) ? [[r.chunkId, i]] : [])),
  );
  order.forEach((chunkId, i) => {
    const sim = similarity.get(chunkId);
    ranks.set(chunkId, { fused: Math.min(i, denseRank.get(chunkId) ?? i), legs: {}, ...(sim !== undefined ? { similarity: sim } : {}) });
  });
  for (const ranking of rankings)
    ranking.results.forEach((r, i) => {
      const passage = ranks.get(r.chunkId);
      if (passage) passage.legs[ranking.name] = i;
    });
  // A document written since the library was read (a concurrent ingest) is identified by its title.
  const identity = (chunk: ChunkRow): DocumentIdentity =>
    library.identities.get(chunk.documentId) ?? identityFromTitle(chunk.document, titlePlaces(chunk.document.title));
  const scorer = deps.scorer ?? loadScorer(mode === "lexical" ? undefined : deps.dense?.modelId);
  // Coverage sieves the candidates: the full checks run only on those that cover the question
  // best (a sentence that shares almost nothing with it never wins, and checks cost time).
  const termGlosses = deps.translator?.termGlosses?.bind(deps.translator);
  const env: CheckEnv = { termsOf, ...(termGlosses ? { glossesOf: glossCache(termGlosses) } : {}) };
  const sieved = candidatesOf(chunks, ranks, identity, termsOf)
    .map((candidate) => ({ candidate, coverage: coverageCheck.run(question, candidate, env) }))
    .sort((a, b) => sieve(b.coverage) - sieve(a.coverage))
    .slice(0, tuning.checkDepth);
  const scored: ScoredCandidate[] = sieved.map(({ candidate, coverage }) => {
    const { features, failed } = runChecks(question, candidate, env, new Map([[coverageCheck, coverage]]));
    return { candidate, features, score: rankScore(scorer, features), margin: 0, probability: 0, ...(failed ? { failed } : {}) };
  });
  // Eligible candidates first, best first; each one's probability weighs its lead over the others.
  scored.sort((a, b) => Number(a.failed !== undefined) - Number(b.failed !== undefined) || b.score - a.score);
  const eligible = scored.filter((s) => !s.failed);
  eligible.forEach((s, i) => {
    const rival = i === 0 ? eligible[1] : eligible[0];
    s.margin = rival ? s.score - rival.score : MAX_MARGIN;
    s.probability = answerProbability(scorer, s.features, s.score, Math.min(MAX_MARGIN, s.margin));
  });
  timings.select = round(performance.now() - t);
  timings.total = round(performance.now() - started);
  return { question, mode, warnings, scored, chunks, termsOf, timings };
}

/** Answers a question from the store: checked, scored candidates, the best one cited — or a reasoned refusal. */
export async function answerQuestion(raw: string, deps: AnswerDeps, options: AnswerOptions = {}, tuning: RetrievalTuning = DEFAULT_TUNING): Promise<Answer> {
  const started = performance.now();
  const k = Math.max(1, Math.min(options.k ?? 5, 50));
  const scorer = deps.scorer ?? loadScorer(options.mode === "lexical" ? undefined : deps.dense?.modelId);
  const d = await deliberate(raw, { ...deps, scorer }, options, tuning);
  const { question, scored } = d;
  const trace = traceOf(d, scorer);
  const base = {
    question: question.text,
    figures: [] as string[],
    glossary: [],
    questionLanguage: question.language,
    mode: d.mode,
    warnings: d.warnings,
    timings_ms: d.timings,
  };
  const finish = (answer: Omit<Answer, "timings_ms">): Answer => {
    d.timings.total = round(performance.now() - started);
    return { ...answer, timings_ms: d.timings };
  };
  const refuse = (refusal: Refusal, candidate?: ScoredCandidate): Answer =>
    finish({
      ...base,
      found: false,
      answer: "",
      refusal,
      sources: [],
      ...(candidate ? { candidateChunkId: candidate.candidate.chunk.id } : {}),
      trace: { ...trace, decidedBy: refusal.check ?? refusal.code },
    });
  if (!/[\p{L}\p{N}]/u.test(question.text)) return refuse({ code: "empty_question" });
  if (scored.length === 0) return refuse({ code: "nothing_retrieved" });
  const eligible = scored.filter((s) => !s.failed);
  // The answer must say the question's main word; a candidate that lacks it may still be cited
  // as related, but is never quoted as (part of) the answer.
  const answering = eligible.filter((s) => !lacksMainWord(s.features));
  const best = answering[0];
  if (!best && eligible[0]) return refuse({ code: "constraint_failed", check: "coverage" }, eligible[0]);
  if (!best) {
    // Every candidate fails a demand: name the one that ruled out the most promising sentence.
    const top = [...scored].sort((a, b) => b.features.coverage_context - a.features.coverage_context)[0]!;
    return refuse({ code: "constraint_failed", check: top.failed!.check }, top);
  }
  if (best.probability < scorer.threshold) return refuse({ code: "weak_evidence", check: "scorer" }, best);

  const chosen = chooseSentences(best, answering, question, scored);
  const answerTerms = answerQuestionTerms(question, best, d.termsOf);
  const quote = (list: readonly ScoredCandidate[]): string => list.map((s) => focusSentence(s.candidate.span.text, d.termsOf, answerTerms, question)).join(" ");
  // When another passage is nearly as likely to answer, both are quoted, each with its number:
  // the reader sees the two readings the documents allow instead of a coin toss between them.
  const alternative = closeAlternative(best, answering, chosen, scorer);
  const answerText = alternative ? `${quote(chosen)} [1] ${quote([alternative])} [2]` : quote(chosen);
  const sources = citeSources(chosen, eligible, scorer, k, alternative);
  const glossary =
    deps.translator && crossLanguage(question.language, best.candidate.chunk.document.language) ? deps.translator.glossary(question.text, answerText) : [];
  return finish({ ...base, found: true, answer: answerText, sources, figures: extractFigures(answerText), glossary, trace: { ...trace, decidedBy: "scorer" } });
}

/**
 * The sentences of the answer: the best one; the sentence after it when the best one introduces
 * a list (ends with a colon), the question asks for a list or asks two things; and a close
 * runner-up of the same passage that adds to it.
 */
function chooseSentences(
  best: ScoredCandidate,
  eligible: readonly ScoredCandidate[],
  question: Question,
  scored: readonly ScoredCandidate[],
): ScoredCandidate[] {
  const chosen = [best];
  const samePassage = eligible.filter(
    (s) => s !== best && s.candidate.chunk.id === best.candidate.chunk.id && s.candidate.span.text !== best.candidate.span.text,
  );
  const introducesList = /[：:]\s*$/.test(best.candidate.span.text) || question.kind.form === "list";
  const following = samePassage
    .filter((s) => s.candidate.span.start >= best.candidate.span.end)
    .sort((a, b) => a.candidate.span.start - b.candidate.span.start)[0];
  if (question.kind.quantity && best.features.kind_in_sentence === 0 && following && following.features.kind_in_sentence === 1) {
    // The figure asked for is stated in the next sentence ("…as follows. The fee is HK$1,300.").
    chosen.push(following);
  } else if (introducesList) {
    const next = samePassage.filter((s) => s.candidate.span.start >= best.candidate.span.end).sort((a, b) => a.candidate.span.start - b.candidate.span.start);
    chosen.push(...next.slice(0, /[：:]\s*$/.test(best.candidate.span.text) ? 3 : 1));
  } else {
    // A runner-up of the same passage nearly as good as the best (within a logit) completes it.
    const second = samePassage.find((s) => s.score >= best.score - 1);
    if (second) chosen.push(second);
  }
  // A question that asks two things is often answered by two sentences in a row ("Payouts are
  // made on the third Thursday. … once your balance reaches $100."): the next one is quoted too,
  // even when it fails what the first part asks (a date).
  const next = best.candidate.next;
  const after = next && scored.find((s) => s.candidate.chunk.id === best.candidate.chunk.id && s.candidate.span.start === next.start);
  if (question.kind.compound && after) chosen.push(after);
  return [...new Set(chosen)].sort((a, b) => a.candidate.span.start - b.candidate.span.start);
}

/**
 * A sentence of another passage whose ranker score is within ALTERNATIVE_MARGIN of the best and
 * that the decider also trusts, if there is one (never a repeat of a chosen sentence).
 */
function closeAlternative(
  best: ScoredCandidate,
  eligible: readonly ScoredCandidate[],
  chosen: readonly ScoredCandidate[],
  scorer: ScorerWeights,
): ScoredCandidate | undefined {
  const said = chosen.map((s) => foldForSearch(s.candidate.span.text));
  return eligible.find((s) => {
    if (s.candidate.chunk.id === best.candidate.chunk.id || s.score < best.score - ALTERNATIVE_MARGIN) return false;
    if (s.probability < scorer.threshold * SUPPORT_SHARE) return false;
    const text = foldForSearch(s.candidate.span.text);
    return !said.some((t) => t.includes(text) || text.includes(t));
  });
}

// How close (in ranker logits) another passage's best sentence must come to be quoted beside the best.
const ALTERNATIVE_MARGIN = 1;

/** The question terms to focus a long answer sentence on: those of the leg that matches it best. */
function answerQuestionTerms(question: Question, best: ScoredCandidate, termsOf: TermsOf): QuestionTerm[] {
  const { original, translated } = question.terms;
  const present = termsOf(best.candidate.span.text);
  return translated.length > 0 && coverage(translated, present, new Set()) > coverage(original, present, new Set()) ? translated : original;
}

/**
 * Shortens a long sentence to the clauses around its best match, so the answer stays readable;
 * a clause that states the kind of figure asked for counts as a strong match.
 */
function focusSentence(sentence: string, termsOf: TermsOf, terms: readonly QuestionTerm[], question: Question, maxChars = 200): string {
  if (sentence.length <= maxChars) return sentence;
  // After a clause mark, never inside a figure ("1,284,000", "10:30").
  const clauses = sentence.split(/(?<=[，；;：]|[,:](?!\d))/);
  if (clauses.length < 2) return sentence;
  let best = 0;
  let bestScore = -1;
  clauses.forEach((clause, i) => {
    const figure = question.kind.quantity ? (statesAnswerKind(question.kind, clause) ? 0.5 : 0) : extractFigures(clause).length > 0 ? 0.05 : 0;
    const s = coverage(terms, termsOf(clause), new Set()) + figure;
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

/**
 * The sources: the answer's passage first (quoting the chosen sentences), then the passages that
 * support it — sentences the scorer finds nearly as likely to answer — and then related passages
 * while they pass a relevance floor (the sentence and its surroundings are about the question and
 * cover a fair share of it). No padding: one source is often the honest number; `k` is a maximum.
 */
function citeSources(
  chosen: readonly ScoredCandidate[],
  eligible: readonly ScoredCandidate[],
  scorer: ScorerWeights,
  k: number,
  alternative?: ScoredCandidate,
): Source[] {
  const best = chosen[0]!;
  const supporting = Math.max(scorer.threshold * SUPPORT_SHARE, best.probability * SUPPORT_SHARE);
  // Related: about the question, covering a fair share of its weight, or most of its words (where
  // the word that tells the passages apart is rare, as a district in a report about districts).
  const relevant = (s: ScoredCandidate): boolean =>
    s.probability >= supporting || (s.features.about === 1 && (s.features.coverage_context >= RELATED_COVERAGE || s.features.words_matched >= RELATED_WORDS));
  // Overlapping chunks and near-duplicate documents repeat sentences: never cite one twice. A
  // sentence of an overlapping chunk may be a piece of a cited one (a provision cut at a chunk
  // border): a text inside, or around, a cited text is the same evidence.
  const key = (s: ScoredCandidate): string => foldForSearch(s.candidate.span.text).replace(/\s+/g, "");
  const cited = new Set(chosen.map(key));
  const seen = (s: ScoredCandidate): boolean => {
    const k = key(s);
    return [...cited].some((c) => c.includes(k) || k.includes(c));
  };
  const answerChunk = best.candidate.chunk;
  const sources: Source[] = [sourceOf(answerChunk, chosen, 1)];
  // A second passage the answer quotes is source [2].
  if (alternative && k > 1) {
    sources.push(sourceOf(alternative.candidate.chunk, [alternative], 2));
    cited.add(key(alternative));
  }
  const quoted = new Set(sources.map((s) => s.chunkId));
  const byChunk = new Map<number, ScoredCandidate[]>();
  for (const s of eligible) {
    if (quoted.has(s.candidate.chunk.id) || !relevant(s) || seen(s)) continue;
    const list = byChunk.get(s.candidate.chunk.id) ?? [];
    if (list.length < 2) list.push(s);
    byChunk.set(s.candidate.chunk.id, list);
  }
  // Supporting passages first (by probability), then related ones (by the ranker's order).
  const order = (list: ScoredCandidate[]): [number, number] => [list[0]!.probability >= supporting ? 0 : 1, -list[0]!.score];
  const ranked = [...byChunk.values()].sort((a, b) => {
    const [x, y] = [order(a), order(b)];
    return x[0] - y[0] || x[1] - y[1];
  });
  for (const picked of ranked) {
    if (sources.length >= k) break;
    const fresh = picked.filter((s) => !seen(s));
    if (fresh.length === 0) continue;
    for (const s of fresh) cited.add(key(s));
    sources.push(sourceOf(fresh[0]!.candidate.chunk, fresh, sources.length + 1));
  }
  return sources;
}

// A passage supports the answer when its best sentence is at least this likely, relative to the answer's.
const SUPPORT_SHARE = 0.5;
// A related passage covers at least this share of the question's weight, with its surroundings,
// or this share of its words.
const RELATED_COVERAGE = 0.35;
const RELATED_WORDS = 0.5;

function sourceOf(chunk: ChunkRow, sentences: readonly ScoredCandidate[], n: number): Source {
  const quote = [...sentences]
    .sort((a, b) => a.candidate.span.start - b.candidate.span.start)
    .map((s) => s.candidate.span.text)
    .join(" ");
  return {
    n,
    title: chunk.document.title,
    section: chunk.headingPath.join(" › "),
    source: chunk.document.source,
    ...(chunk.document.url ? { url: chunk.document.url } : {}),
    quote,
    score: round(Math.max(...sentences.map((s) => s.probability)), 3),
    ...(chunk.page !== null ? { page: chunk.page } : {}),
    language: chunk.document.language,
    chunkId: chunk.id,
    documentId: chunk.documentId,
  };
}

/** The trace of a decision: the best candidates with their probability, failed check and strongest evidence. */
function traceOf(d: Deliberation, scorer: ScorerWeights): Omit<AnswerTrace, "decidedBy"> {
  const contribution = (s: ScoredCandidate): { feature: string; value: number }[] =>
    scorer.ranker.inputs
      .map((name, i) => ({ feature: name, value: round((scorer.ranker.weights[i] ?? 0) * (s.features[name as keyof Features] ?? 0), 2) }))
      .filter((c) => Math.abs(c.value) >= 0.2)
      .sort((a, b) => Math.abs(b.value) - Math.abs(a.value))
      .slice(0, 4);
  return {
    threshold: scorer.threshold,
    question: {
      language: d.question.language,
      form: d.question.kind.form,
      years: d.question.years,
      names: d.question.names.map((n) => n.surface),
      frame: d.question.frame.named ?? d.question.frame.asked ?? null,
    },
    passages: d.chunks.map((c) => c.id),
    candidates: d.scored.slice(0, 5).map((s) => ({
      chunkId: s.candidate.chunk.id,
      sentence: s.candidate.span.text.slice(0, 120),
      probability: round(s.probability, 3),
      ...(s.failed ? { failed: `${s.failed.check}: ${s.failed.reason}` } : {}),
      evidence: contribution(s),
    })),
  };
}

function crossLanguage(question: string, document: string): boolean {
  const chinese = (l: string): boolean => l === "zh-Hans" || l === "zh-Hant";
  return question !== "unknown" && chinese(question) !== chinese(document);
}

function round(value: number, digits = 1): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
