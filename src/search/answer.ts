// The answer core shared by the CLI, the bot, eval and bench: retrieve with every available
// leg (lexical, dictionary-translated lexical, dense), fuse by weighted reciprocal rank, pick
// the sentences that answer the question, and cite them — or say plainly that the documents
// do not answer it.
import type { ChunkRow, Store } from "../store/store.js";
import { hasHan, type Language, detectLanguage } from "../text/script.js";
import { foldForSearch } from "../text/normalize.js";
import { hanBigrams, queryTerms, questionUnits, searchTerms, stemEnglish, withoutAnswerUnits, withoutQuestionForms, type QuestionUnit } from "../text/segment.js";
import { normalizeEnglishWord } from "../text/dictionary.js";
import { splitSentences, type Span } from "../text/sentences.js";
import { fuseRankings, type WeightedRanking } from "./fusion.js";
import { answerKind, extractFigures, namedEntities, statesAnswerKind } from "./answer-kind.js";
import { explicitFrame, questionFrame, sectionFrame, withoutRelativeTime } from "./time-frame.js";
import type { Answer, DenseRetriever, QueryTranslator, RankedChunk, SearchMode, Source, TranslatedConcept, Vocabulary } from "./types.js";

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
// Where a sentence divides into clauses that each state their own fact: Chinese commas (also the
// ASCII comma Chinese text often uses, glued to the next word) and semicolons. An English ", "
// mostly joins a phrase to its clause ("Harbour Road, with 161,000 visits"), and a comma between
// digits is part of a figure.
const CLAUSE_BREAK = /[，；;：]|[,:](?=[^\d\s])/;
// How much a section in the question's time frame (review or plan) is preferred.
const FRAME_BONUS = 0.12;
// Words the collection has never seen weigh more than its rarest word: their absence is the
// strongest sign the answer is not there (calibrated on test/eval with the thresholds below).
const UNKNOWN = 1.3;

export interface QuestionTerm {
  term: string;
  /** Index terms that all appear where the term appears (its bigrams, for long Chinese words). */
  parts: string[];
  weight: number;
  /** The group's full weight, when it is not simply its heaviest term's weight. */
  ceiling?: number;
  /** Terms of one group are alternatives (translations of one word): one match covers the group. */
  group: string;
  /** The collection has no trace of the word (nor of any of its renderings). */
  unseen?: boolean;
}

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

function idf(df: number, total: number): number {
  return Math.log(1 + (total - df + 0.5) / (df + 0.5));
}

/** The index terms that together stand for a word: itself, or its bigrams when it is long Chinese. */
function partsOf(word: string): string[] {
  return /\p{Script=Han}/u.test(word) && Array.from(word).length > 2 ? hanBigrams(word) : [word];
}

/**
 * Weighted question terms. Original words weigh by IDF. Translated concepts become groups of
 * alternative renderings: a group counts once, at its best matching rendering, and its full
 * weight is that of its rarest rendering the collection knows (renderings it has never seen are
 * dictionary noise and must not inflate what a sentence has to cover).
 */
export function weighTerms(store: Store, original: QuestionUnit[], translated: TranslatedConcept[], totalChunks: number): { original: QuestionTerm[]; translated: QuestionTerm[] } {
  const all = [
    ...new Set([
      ...original.flatMap((u) => [u.word, ...u.parts]),
      ...translated.flatMap((c) => c.renderings.flatMap((r) => [r.text, ...(r.parts ?? partsOf(r.text))])),
    ]),
  ];
  const df = store.documentFrequencies(all);
  // A word the index never saw gets the weight of the rarest seen word: an unknown word is a
  // strong hint the passage is missing, but must not outweigh all the words that match.
  const cap = idf(1, totalChunks);
  const dfOf = (word: string, parts: string[]): number => Math.max(df.get(word) ?? 0, Math.min(...parts.map((p) => df.get(p) ?? 0)));
  const weigh = (word: string, parts: string[]): number => (dfOf(word, parts) === 0 ? UNKNOWN * cap : Math.min(cap, idf(dfOf(word, parts), totalChunks)));
  const originalTerms = original.map((u) => ({ term: u.word, parts: u.parts, weight: weigh(u.word, u.parts), group: u.word, unseen: dfOf(u.word, u.parts) === 0 }));
  // Coverage of a translated question is counted per question word: a word is covered by any
  // rendering of any concept that spans it (a phrase like 毛入学率 covers "gross", "enrollment"
  // and "rate" at once), and weighs as much as its rarest rendering the collection knows.
  const byWord = new Map<string, { term: string; parts: string[]; credit: number }[]>();
  for (const concept of translated) {
    for (const word of concept.words) {
      const list = byWord.get(word) ?? [];
      for (const r of concept.renderings) list.push({ term: r.text, parts: r.parts ?? partsOf(r.text), credit: Math.min(1, concept.weight * r.score) });
      byWord.set(word, list);
    }
  }
  const translatedTerms: QuestionTerm[] = [];
  for (const [word, alternatives] of byWord) {
    // A word weighs as much as its rarest rendering the collection knows (or the most, when the
    // collection knows none: a word with no trace is strong evidence the answer is missing).
    // A match then earns that weight times the dictionary's confidence in the rendering found, so
    // a common rendering (教师) counts as much as a rare one (师范) for the same word.
    const known = alternatives.filter((a) => dfOf(a.term, a.parts) > 0);
    const importance = known.length > 0 ? Math.max(...known.map((a) => weigh(a.term, a.parts))) : UNKNOWN * cap;
    const unseen = known.length === 0;
    if (alternatives.length === 0) translatedTerms.push({ term: "", parts: ["\u0000"], weight: 0, ceiling: importance, group: `word:${word}`, unseen });
    for (const a of alternatives) {
      translatedTerms.push({ term: a.term, parts: a.parts, weight: importance * a.credit, ceiling: importance, group: `word:${word}`, unseen });
    }
  }
  // Figures and years read the same in every language.
  for (const t of originalTerms) if (/^\d/.test(t.term)) translatedTerms.push(t);
  return { original: originalTerms, translated: translatedTerms };
}

/** The collection's vocabulary as the translator sees it: a word counts when it, or all its index pieces, occur. */
function collectionVocabulary(store: Store): Vocabulary {
  return (words) => {
    const df = store.documentFrequencies([...new Set(words.flatMap((w) => [w, ...partsOf(w)]))]);
    return new Set(words.filter((w) => (df.get(w) ?? 0) > 0 || partsOf(w).every((p) => (df.get(p) ?? 0) > 0)));
  };
}

/** The question terms (either leg) that stand for one English word of the question. */
function tokenTerms(terms: readonly QuestionTerm[], token: string): QuestionTerm[] {
  const keys = new Set([stemEnglish(token), normalizeEnglishWord(token)]);
  return terms.filter((t) => keys.has(t.group.replace(/^word:(?:\d+:)?/, "")) && t.weight > 0);
}

/** The question terms that stand for the words "how many" counts (in either leg). */
function countedTerms(terms: readonly QuestionTerm[], counted: readonly string[]): QuestionTerm[] {
  if (counted.length === 0) return [];
  const englishKeys = new Set(counted.filter((w) => /^[a-z]/i.test(w)).flatMap((w) => [stemEnglish(w), normalizeEnglishWord(w)]));
  const chinese = counted.filter((w) => hasHan(w));
  // A counted word the collection has no trace of ("participants" where it says 人次) cannot be
  // checked, so it does not bind.
  return terms.filter((t) => {
    if (t.unseen) return false;
    const word = t.group.replace(/^word:(?:\d+:)?/, "");
    return englishKeys.has(word) || (word.length > 0 && chinese.some((phrase) => hasHan(word) && phrase.includes(word)));
  });
}

function matches(term: QuestionTerm, present: ReadonlySet<string>): boolean {
  return present.has(term.term) || term.parts.every((p) => present.has(p));
}

/** How a text covers the question: the share of its weight, and how many of its words it matches itself. */
export interface Coverage {
  share: number;
  /** Distinct question words (not figures) matched in the text itself, not just in its headings. */
  words: number;
  /** Distinct question words (not figures) matched only in the headings or the title. */
  headingWords: number;
  /** Distinct question words (not figures) that carry weight. */
  of: number;
  /** How many of those the collection has no trace of. */
  unseen: number;
}

/** Share of the question's weight that a set of terms covers (groups count once, at their best match). */
export function coverage(terms: readonly QuestionTerm[], present: ReadonlySet<string>, headingPresent: ReadonlySet<string>): number {
  return measureCoverage(terms, present, headingPresent).share;
}

/** Coverage with the count of question words the text matches on its own. */
export function measureCoverage(terms: readonly QuestionTerm[], present: ReadonlySet<string>, headingPresent: ReadonlySet<string>): Coverage {
  const groups = new Map<string, { max: number; hit: number; own: boolean; placed: boolean; figure: boolean; unseen: boolean }>();
  for (const t of terms) {
    const g = groups.get(t.group) ?? { max: 0, hit: 0, own: false, placed: false, figure: /^\d/.test(t.term), unseen: t.unseen === true };
    g.max = Math.max(g.max, t.ceiling ?? t.weight);
    const own = matches(t, present);
    const placed = !own && matches(t, headingPresent);
    const hit = own ? t.weight : placed ? t.weight * 0.6 : 0;
    g.hit = Math.max(g.hit, hit);
    // A word counts as met when the match is a fair rendering of it, not a half-hint.
    const fair = t.weight > 0 && t.weight >= 0.2 * (t.ceiling ?? t.weight);
    if (own && fair) g.own = true;
    if (placed && fair) g.placed = true;
    groups.set(t.group, g);
  }
  let total = 0;
  let hit = 0;
  let words = 0;
  let headingWords = 0;
  let of = 0;
  let unseen = 0;
  for (const g of groups.values()) {
    total += g.max;
    hit += Math.min(g.hit, g.max);
    if (g.figure || g.max <= 0) continue;
    of++;
    if (g.own) words++;
    else if (g.placed) headingWords++;
    if (g.unseen) unseen++;
  }
  return { share: total > 0 ? hit / total : 0, words, headingWords, of, unseen };
}

/**
 * True when a sentence is about the question, not a chance encounter: it must match one of the
 * question's words itself, and more when one of them has no trace in the collection, as the
 * question may then be about something the documents lack. In the question's own language that
 * absence is real (no document says "unemployment"), so a sentence that meets the question in a
 * single word (any "rate"), propped up by its headings, does not answer it: it must match two
 * words itself. Through translation an unseen word is often just a gap of the dictionary (读者
 * "reader" for "members"), so there a sentence and its headings together must match two words.
 */
export function aboutTheQuestion(c: Coverage, translated: boolean): boolean {
  if (c.words < 1) return false;
  if (translated) return (c.unseen === 0 && c.of < 3) || c.words + c.headingWords >= Math.min(2, c.of);
  // In the question's own language a question of three or more words is not answered by a
  // sentence that shares one of them ("投入" alone, for a question about 教育经费 投入).
  return c.words >= (c.unseen > 0 ? Math.min(2, c.of) : Math.min(2, c.of - 1));
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
  const text = clauses.slice(from, to).join("").replace(/[，,；;：:]$/, "");
  return `${from > 0 ? "…" : ""}${text}${to < clauses.length ? "…" : ""}`;
}

function notFoundMessage(language: Language): string {
  return hasChineseLanguage(language)
    ? "文档中没有找到这个问题的答案。可以换个说法再问，或用 /sources 查看收录了哪些文档。"
    : "I couldn't find the answer to this in the documents. Try rephrasing, or see /sources for what the collection covers.";
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
  const notFound = (): Answer => finish({ ...base, found: false, answer: notFoundMessage(questionLanguage), sources: [] });
  if (!text) return notFound();

  // Retrieval legs.
  const rankings: WeightedRanking[] = [];
  // Relative time ("last year", 去年) is no word a document states: it picks the section (see
  // time-frame.ts), so it is neither searched for nor required of a sentence.
  // The unit asked for (多少亿元) and the form of the question (叫什么名字, "supposed to") are no
  // content either: answerKind() checks the figure's unit.
  const content = withoutQuestionForms(withoutAnswerUnits(withoutRelativeTime(text)));
  const original = queryTerms(content);
  let t = performance.now();
  const vocabulary = collectionVocabulary(deps.store);
  const translated = mode !== "dense" && deps.translator ? deps.translator.expand(content, vocabulary) : [];
  const concepts: TranslatedConcept[] = !deps.translator
    ? []
    : (deps.translator.concepts?.(content, vocabulary) ?? translated.map((t) => ({ source: t.term, words: [t.term], weight: t.weight, renderings: [{ text: t.term, score: 1 }] })));
  timings.translate = round(performance.now() - t);
  if (mode !== "dense") {
    t = performance.now();
    rankings.push({ name: "lexical", weight: tuning.lexicalWeight, results: deps.store.lexicalSearch(original, tuning.legDepth) });
    if (translated.length > 0) {
      rankings.push({ name: "translated", weight: tuning.translatedWeight, results: deps.store.lexicalSearch(translated.map((w) => w.term), tuning.legDepth) });
    }
    timings.lexical = round(performance.now() - t);
  }
  if (mode !== "lexical" && deps.dense) {
    t = performance.now();
    const dense: RankedChunk[] = await deps.dense.search(text, tuning.legDepth);
    rankings.push({ name: "dense", weight: mode === "dense" ? 1 : tuning.denseWeight, results: dense });
    timings.dense = round(performance.now() - t);
  }
  const fused = fuseRankings(rankings, tuning.rrfK);
  if (fused.length === 0) return notFound();

  // Sentence selection over the best chunks.
  t = performance.now();
  const readIds = fused.slice(0, Math.max(tuning.readDepth, k)).map((f) => f.chunkId);
  const chunks = deps.store.chunksByIds(readIds);
  const totalChunks = Math.max(1, deps.store.chunkCount());
  const terms = weighTerms(deps.store, questionUnits(content), concepts, totalChunks);
  // Overlapping chunks repeat sentences, and clauses are measured again: segment each text once.
  const segmented = new Map<string, Set<string>>();
  const termsOf = (s: string): Set<string> => {
    let found = segmented.get(s);
    if (!found) segmented.set(s, (found = new Set(searchTerms(s))));
    return found;
  };
  const fusedScore = new Map(fused.map((f) => [f.chunkId, f.score]));
  const topFused = fused[0]!.score;
  const kind = answerKind(text);
  const askedFrame = questionFrame(text);
  const namedFrame = explicitFrame(text);
  const asksQuantity = kind.quantity;

  // Translated coverage is noisier (a dictionary misses synonyms), so it has its own threshold.
  // Mapping [its threshold, 1] onto [the original threshold, 1] lets both legs compete on one
  // scale: equal at the threshold, and a full match either way counts the same, so a passage in
  // the question's own language is not beaten by a weaker match through translation.
  const onOriginalScale = (share: number): number =>
    share <= tuning.minTranslatedCoverage
      ? (share * tuning.minCoverage) / tuning.minTranslatedCoverage
      : tuning.minCoverage + ((share - tuning.minTranslatedCoverage) * (1 - tuning.minCoverage)) / (1 - tuning.minTranslatedCoverage);
  // A leg only vouches for a sentence that is about the question in that leg's words; plain
  // coverage still ranks the further passages.
  const legCoverage = (legTerms: readonly QuestionTerm[], present: ReadonlySet<string>, heading: ReadonlySet<string>, translated: boolean): { share: number; about: number } => {
    if (legTerms.length === 0) return { share: 0, about: 0 };
    const c = measureCoverage(legTerms, present, heading);
    const share = translated ? onOriginalScale(c.share) : c.share;
    return { share, about: aboutTheQuestion(c, translated) ? share : 0 };
  };
  const coverages = (present: ReadonlySet<string>, heading: ReadonlySet<string>): { share: number; about: number } => {
    const a = legCoverage(terms.original, present, heading, false);
    const b = legCoverage(terms.translated, present, heading, true);
    return { share: Math.max(a.share, b.share), about: Math.max(a.about, b.about) };
  };
  const coverageOf = (present: ReadonlySet<string>, heading: ReadonlySet<string>): number => coverages(present, heading).about;
  // Figures in the question (years above all) are constraints: a passage that does not mention
  // them, in its text, its headings or its title, answers another question.
  const questionFigures = original.filter((term) => /^\d/.test(term));
  const questionWords = [...terms.original, ...terms.translated].filter((term) => term.weight > 0 && !/^\d/.test(term.term));
  const mentionsQuestion = (present: ReadonlySet<string>): boolean => questionWords.some((term) => matches(term, present));
  // Names in the question ("Harbour Road", "Huaihua") bind like years: the sentence, its
  // headings or its title must name them, in either language.
  const nameTerms = namedEntities(text).map((name) => name.map((token) => tokenTerms([...terms.original, ...terms.translated], token)));
  const namesPlace = (present: ReadonlySet<string>, heading: ReadonlySet<string>): boolean =>
    nameTerms.every((name) => name.every((alternatives) => alternatives.length === 0 || alternatives.some((term) => matches(term, present) || matches(term, heading))));
  // "How many books", "the average salary": the figure's clause must name what is counted or
  // averaged, not just the branch or the teachers.
  // A Chinese phrase is quoted from the question whole (农村中小学名师工作站): a clause that shares
  // one of its words (名师) counts something else; it must share most of them. Each leg is
  // checked on its own, as its terms only match text of its language.
  const chinesePhrase = kind.counted.some((w) => hasHan(w));
  const countedByLeg = [terms.original, terms.translated]
    .map((leg) => countedTerms(leg.filter((term) => term.weight > 0 && !/^\d/.test(term.term)), kind.counted))
    .filter((leg) => leg.length > 0);
  const namesCounted = (present: ReadonlySet<string>): boolean =>
    countedByLeg.length === 0 ||
    countedByLeg.some((leg) => {
      const groups = new Set(leg.map((term) => term.group));
      const named = new Set(leg.filter((term) => matches(term, present)).map((term) => term.group));
      return chinesePhrase && groups.size >= 3 ? named.size * 2 > groups.size : named.size > 0;
    });
  const sentences: ScoredSentence[] = [];
  for (const chunk of chunks) {
    const headingText = `${chunk.document.title} ${chunk.headingPath.join(" ")}`;
    const heading = termsOf(headingText);
    const chunkTerms = termsOf(chunk.text);
    if (!questionFigures.every((f) => chunkTerms.has(f) || heading.has(f))) continue;
    const rankBonus = 0.1 * ((fusedScore.get(chunk.id) ?? 0) / topFused);
    // A review and a plan often say the same words: the question's tense picks the section.
    const frame = askedFrame && sectionFrame(chunk.headingPath.join(" "));
    const frameBonus = !frame ? 0 : frame === askedFrame ? FRAME_BONUS : -FRAME_BONUS;
    for (const span of splitSentences(chunk.text, chunk.start)) {
      const { share, about } = coverages(termsOf(span.text), heading);
      if (share <= 0) continue;
      // A question that asks for a quantity is only answered by a sentence that states one, in a
      // clause about the question: a figure in a clause that shares no word with the question
      // counts something else.
      // A question that names its frame ("the 2019 target", "last year") is not answered from a
      // section of the other frame: a review's result is not a target.
      let eligible = about > 0 && !(namedFrame && frame && frame !== namedFrame) && namesPlace(termsOf(span.text), heading);
      let clauseBonus = 0;
      if (eligible && asksQuantity) {
        let figureAboutQuestion = false;
        for (const clause of span.text.split(CLAUSE_BREAK)) {
          if (!statesAnswerKind(kind, clause)) continue;
          const clauseTerms = termsOf(clause);
          if (mentionsQuestion(clauseTerms) && namesCounted(clauseTerms)) figureAboutQuestion = true;
          clauseBonus = Math.max(clauseBonus, 0.15 * coverageOf(clauseTerms, new Set()));
        }
        eligible = figureAboutQuestion;
      }
      sentences.push({
        span,
        chunk,
        coverage: eligible ? about : 0,
        score: eligible ? about + rankBonus + clauseBonus + frameBonus : 0,
        eligible,
        related: share,
        relatedScore: share + rankBonus + frameBonus,
      });
    }
  }
  sentences.sort((a, b) => b.score - a.score || b.relatedScore - a.relatedScore);
  timings.select = round(performance.now() - t);
  const best = sentences[0];
  if (!best || !best.eligible || best.coverage < tuning.minCoverage) return notFound();

  // The answer: the best sentence, plus a close runner-up from the same chunk when it adds to it.
  const chosen = [best];
  const second = sentences.find((s) => s !== best && s.eligible && s.chunk.id === best.chunk.id && s.score >= best.score * 0.85 && s.span.text !== best.span.text);
  if (second) chosen.push(second);
  chosen.sort((a, b) => a.span.start - b.span.start);
  const answerQuestionTerms = terms.translated.length > 0 && coverage(terms.translated, termsOf(best.span.text), new Set()) > coverage(terms.original, termsOf(best.span.text), new Set()) ? terms.translated : terms.original;
  const answerText = chosen.map((s) => focusSentence(s.span.text, termsOf, answerQuestionTerms)).join(" ");

  // Sources: the answer's chunk first, then the other chunks by their best related sentences
  // (passages that bear on the question, though they may not answer it themselves).
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
  const ordered = [best.chunk, ...chunks.filter((c) => c.id !== best.chunk.id).sort((a, b) => chunkScore(b) - chunkScore(a))];
  const cited = new Set<string>();
  for (const chunk of ordered) {
    if (sources.length >= k) break;
    const candidates = chunk.id === best.chunk.id ? chosen : (bestByChunk.get(chunk.id) ?? []);
    const picked = candidates.filter((s) => !cited.has(spanKey(s)));
    if (picked.length === 0) continue;
    for (const s of picked) cited.add(spanKey(s));
    const quote = [...picked].sort((a, b) => a.span.start - b.span.start).map((s) => s.span.text).join(" ");
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
  const glossary = deps.translator && crossLanguage(questionLanguage, best.chunk.document.language) ? deps.translator.glossary(text, answerText) : [];
  return finish({ ...base, found: true, answer: answerText, sources, figures: extractFigures(answerText), glossary });
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
