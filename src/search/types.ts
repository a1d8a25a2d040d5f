// The shapes that flow out of search: an Answer with numbered sources, and the interfaces of
// the retrieval legs that answerQuestion combines (lexical, translated lexical, dense).
import type { ChunkFilter, RankedChunk } from "../store/store.js";
import type { Language } from "../text/script.js";

export type SearchMode = "lexical" | "dense" | "hybrid";

/** Whose documents a question searches: the shared library, plus one chat's collection when given. */
export interface SearchScope {
  chatId?: number;
}

/** One cited source of an answer. */
export interface Source {
  /** 1-based number used in the answer's citations. */
  n: number;
  title: string;
  /** Heading path joined with " › " ("" when the document has no headings). */
  section: string;
  /** File path or URL the document came from. */
  source: string;
  /** Link to show, when the document has a URL. */
  url?: string;
  /** The quoted passage: the selected sentences from this chunk. */
  quote: string;
  score: number;
  page?: number;
  language: string;
  chunkId: number;
  documentId: number;
}

/** A key term of the question with its meaning, for readers of the other language. */
export interface GlossaryEntry {
  term: string;
  gloss: string;
}

/** Why the documents were judged not to answer; interfaces word it in the reader's language. */
export type RefusalCode =
  /** The question is empty (or only punctuation). */
  | "empty_question"
  /** No passage shares anything with the question. */
  | "nothing_retrieved"
  /** Passages were found, but none meets what the question demands (a year, a name, a kind of figure). */
  | "constraint_failed"
  /** The best candidate is too weak to be trusted as the answer. */
  | "weak_evidence";

/** A refusal: its code, and the check that ruled out the best candidate, when one did. */
export interface Refusal {
  code: RefusalCode;
  check?: string;
}

/** How an answer was decided, for `ask --json` and `eval --misses`. */
export interface AnswerTrace {
  /** "scorer" when the best candidate passed the threshold; else the refusing check or code. */
  decidedBy: string;
  threshold: number;
  /** What the analysis made of the question. */
  question: { language: string; form: string; years: number[]; names: string[]; frame: string | null };
  /** The passages read for candidates, in fused retrieval order (chunk ids). */
  passages: number[];
  /** The best candidates: probability, the hard check they failed, and the features that weighed most. */
  candidates: { chunkId: number; sentence: string; probability: number; failed?: string; evidence: { feature: string; value: number }[] }[];
}

/** What every interface (CLI, bot, eval, bench) gets back for a question. */
export interface Answer {
  question: string;
  found: boolean;
  /** The answer text: quoted sentences from the sources ("" when not found: see `refusal`). */
  answer: string;
  /** Why not, when `found` is false. */
  refusal?: Refusal;
  /** How the answer was decided: the best candidates, their probability and evidence. */
  trace?: AnswerTrace;
  /** The chunk of the best candidate sentence a refusal ruled out, when there was one. */
  candidateChunkId?: number;
  sources: Source[];
  /** Figures (numbers, percentages) in the answer, for highlighting. */
  figures: string[];
  glossary: GlossaryEntry[];
  questionLanguage: Language;
  mode: SearchMode;
  warnings: string[];
  timings_ms: { total: number; [stage: string]: number };
}

/** A chunk id with a leg's score (higher is better); storage owns the shape, search uses it. */
export type { RankedChunk } from "../store/store.js";

/** Dense retrieval: embeds the question and searches the HNSW index. */
export interface DenseRetriever {
  readonly modelId: string;
  /** Best chunks for the question, best first, only those the filter allows; embeds with the model's query prefix. */
  search(question: string, limit: number, filter?: Pick<ChunkFilter, "allows">): Promise<RankedChunk[]>;
}

/** A weighted search term produced by translating a question. */
export interface WeightedTerm {
  term: string;
  weight: number;
}

/** A word or phrase of the question with its renderings in the other language. */
export interface TranslatedConcept {
  /** The question's own word or phrase. */
  source: string;
  /** Identities of the question words it spans: coverage is counted per question word. */
  words: string[];
  /** How much the concept counts (phrases inside longer rendered phrases count less). */
  weight: number;
  /** Alternative renderings (folded like the index), best first, each with a confidence in (0, 1]. */
  renderings: { text: string; score: number /** Index terms that must all appear (a multi-word rendering). */; parts?: string[] }[];
}

/** Query translation across languages (dictionary-based). */
/** Which of some folded search terms the collection contains (for corpus-aware translation). */
export type Vocabulary = (terms: readonly string[]) => ReadonlySet<string>;

export interface QueryTranslator {
  /** The question's concepts with their renderings: what answer selection measures coverage by. */
  concepts?(question: string, vocabulary?: Vocabulary): TranslatedConcept[];
  /** Terms in the other language(s) for the question, already folded for search. */
  expand(question: string, vocabulary?: Vocabulary): WeightedTerm[];
  /**
   * The English words the dictionary gives for a Chinese index term (normalised like question
   * words), or the Chinese words (folded) it gives for an English one.
   */
  termGlosses?(term: string): readonly string[];
  /** The full forms a Chinese short form abbreviates (医保 → 医疗保险), folded for search. */
  fullForms?(word: string): readonly string[];
  /** Glossary entries for terms of the other language that appear in the quoted text. */
  glossary(question: string, quotedText: string): GlossaryEntry[];
  /**
   * A Chinese word's English name when the dictionary's first sense of it is a proper noun
   * (上海 → "Shanghai"), "" when it knows the word as a common one (新建 "new construction"),
   * undefined when it does not know the word.
   */
  properName?(word: string): string | undefined;
  /**
   * True when the dictionary uses an English word for some common (not proper) Chinese word:
   * "court", "plan", "turkey" are; "Henan", "Wikimedia" are not.
   */
  commonEnglish?(word: string): boolean;
}
