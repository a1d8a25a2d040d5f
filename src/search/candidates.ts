// Candidate answers: the sentences of the passages retrieval found, each with what the checks
// look at — its own terms, its neighbours' terms, its headings and title, the document it belongs
// to, and where its passage ranked in each retrieval leg. Pure over the chunks it is given.
import type { ChunkRow, DocumentRow } from "../store/store.js";
import { foldForSearch } from "../text/normalize.js";
import { searchTerms } from "../text/segment.js";
import { type Span, splitSentences } from "../text/sentences.js";
import { placeStem } from "../text/proper-names.js";
import { statesQuantity } from "./answer-kind.js";
import { yearsOf } from "./question.js";

/** The retrieval legs. */
export type LegName = "lexical" | "translated" | "named" | "dense";

/** Where a passage ranked (0-based) in each leg that returned it, and its fused rank. */
export interface PassageRanks {
  fused: number;
  legs: Partial<Record<LegName, number>>;
  /** Cosine similarity of the question and the passage, when the dense leg scored it. */
  similarity?: number;
}

/** What identifies a document: its title, the places and years it is about, its file or URL words. */
export interface DocumentIdentity {
  /** Folded title. */
  title: string;
  /** Places and organisations that identify the document (title and first lines first), folded. */
  identityPlaces: string[];
  /** Places and organisations the document mentions often, folded. */
  places: string[];
  years: number[];
  /** Words of the file name or URL path, folded. */
  sourceWords: string[];
  /** The short forms the document defines, each with its long form, as index terms. */
  aliases: readonly Alias[];
}

/** A short form and its long form, as index terms: a sentence that says one says the other. */
export interface Alias {
  short: readonly string[];
  long: readonly string[];
}

/** A sentence that may answer the question. */
export interface Candidate {
  chunk: ChunkRow;
  span: Span;
  /** Index terms of the sentence. */
  terms: ReadonlySet<string>;
  /** The folded sentence, for character-level checks. */
  text: string;
  /** Index terms of the sentence and its neighbours in the passage. */
  context: ReadonlySet<string>;
  /** Folded text of the sentence and its neighbours, for substring checks (names). */
  contextText: string;
  /** Index terms of the title and the heading path. */
  heading: ReadonlySet<string>;
  /** Folded heading path. */
  headingText: string;
  document: DocumentIdentity;
  ranks: PassageRanks;
  /** The sentence after this one in the passage, if any (an answer may continue there). */
  next?: Span;
}

/** Index terms of texts, computed once per text (overlapping chunks repeat sentences). */
export type TermsOf = (text: string) => ReadonlySet<string>;

// Index terms of sentences and clauses, kept across questions: a long-running bot reads the same
// passages again and again, and segmenting them is the costliest step of checking candidates.
const TERMS_MEMO_SIZE = 30_000;
const termsMemo = new Map<string, ReadonlySet<string>>();

/** A memoising terms-of function (bounded, shared by every question). */
export function termCache(): TermsOf {
  return (text) => {
    let found = termsMemo.get(text);
    if (!found) {
      found = new Set(searchTerms(text));
      if (termsMemo.size >= TERMS_MEMO_SIZE) termsMemo.clear();
      termsMemo.set(text, found);
    }
    return found;
  };
}

/** A document's identity, from its title and source when it has no stored profile. */
export function identityFromTitle(document: ChunkRow["document"], titlePlaces: readonly string[]): DocumentIdentity {
  const title = foldForSearch(document.title);
  const source = document.url ?? document.source;
  const file = source.split(/[\\/]/).pop() ?? source;
  return {
    title,
    identityPlaces: titlePlaces.map((p) => placeStem(foldForSearch(p)) ?? foldForSearch(p)),
    places: [],
    years: yearsOf(`${title} ${file}`),
    sourceWords: foldForSearch(file.replace(/\.[a-z0-9]+$/i, ""))
      .split(/[^\p{L}\p{N}]+/u)
      .filter((w) => w.length >= 2),
    aliases: [],
  };
}

/**
 * A document's identity from its stored profile: the places and organisations of its title and
 * first lines identify it; those it names often, its years and its file or URL words place it.
 */
export function identityFromProfile(document: DocumentRow): DocumentIdentity {
  const { profile } = document;
  const stem = (key: string): string => placeStem(key) ?? key;
  return {
    title: foldForSearch(document.title),
    identityPlaces: [...profile.titlePlaces, ...profile.titleOrganisations].map((n) => stem(n.key)),
    places: [...profile.places, ...profile.organisations].map((n) => stem(n.key)),
    years: [...new Set([...profile.titleYears, ...profile.years.filter((y) => y.weight >= YEAR_SHARE).map((y) => y.year)])],
    sourceWords: profile.pathWords,
    aliases: profile.abbreviations.flatMap(({ short, long }): Alias[] => {
      const alias = { short: searchTerms(short), long: searchTerms(long) };
      // A short form that is a stopword once folded ("IT", "US") has no terms: it cannot be told from the word.
      return alias.short.length > 0 && alias.long.length > 0 && alias.short.some((t) => !alias.long.includes(t)) ? [alias] : [];
    }),
  };
}

// A sentence's terms with its document's aliases, per identity and term set (the sets are memoised).
const aliasMemo = new WeakMap<DocumentIdentity, WeakMap<ReadonlySet<string>, ReadonlySet<string>>>();

/** A sentence's terms with the other form of every short or long form it says, in its document's own definitions. */
export function withAliases(terms: ReadonlySet<string>, document: DocumentIdentity): ReadonlySet<string> {
  if (document.aliases.length === 0) return terms;
  let memo = aliasMemo.get(document);
  if (!memo) aliasMemo.set(document, (memo = new WeakMap()));
  let found = memo.get(terms);
  if (!found) {
    let grown: Set<string> | undefined;
    for (const { short, long } of document.aliases) {
      const other = short.every((t) => terms.has(t)) ? long : long.every((t) => terms.has(t)) ? short : undefined;
      for (const t of other ?? []) if (!terms.has(t)) (grown ??= new Set(terms)).add(t);
    }
    found = grown ?? terms;
    memo.set(terms, found);
  }
  return found;
}

// A year the document mentions this often (share of its year mentions) is one it is about.
const YEAR_SHARE = 0.05;

// An outline number before a heading ("1 ", "2.3 ", "（一）", "三、"): it numbers, it states no quantity.
const OUTLINE_NUMBER = /^\s*(?:[（(][\d一二三四五六七八九十]{1,3}[）)]|[一二三四五六七八九十]{1,3}[、.．]|\d{1,2}(?:[.．]\d{1,2})*[.．、)）]?\s)\s*/u;

/** A heading that states a fact: a quantity besides its outline number, in some words (消委會接獲94宗投訴). */
function isHeadline(heading: string): boolean {
  const text = heading.replace(OUTLINE_NUMBER, "");
  const han = text.match(/\p{Script=Han}/gu)?.length ?? 0;
  const words = text.match(/\p{L}[\p{L}'’-]*/gu)?.length ?? 0;
  return (han >= 8 || words >= 4) && statesQuantity(text);
}

/** The candidate sentences of some passages, in passage order. */
export function candidatesOf(
  chunks: readonly ChunkRow[],
  ranks: ReadonlyMap<number, PassageRanks>,
  identity: (chunk: ChunkRow) => DocumentIdentity,
  termsOf: TermsOf,
): Candidate[] {
  const out: Candidate[] = [];
  const headlines = new Set<string>();
  for (const chunk of chunks) {
    const headingText = foldForSearch(chunk.headingPath.join(" "));
    const heading = termsOf(`${chunk.document.title} ${chunk.headingPath.join(" ")}`);
    const spans = splitSentences(chunk.text, chunk.start, { semicolons: false }).filter((s) => /[\p{L}\p{N}]/u.test(s.text));
    // A heading that states a quantity is a headline ("消委會接獲94宗投訴"): news puts its facts
    // there, so it is a candidate too, once, before the passage's first sentence.
    const nearest = chunk.headingPath.at(-1);
    if (nearest && !headlines.has(nearest) && isHeadline(nearest)) {
      headlines.add(nearest);
      spans.unshift({ text: nearest, start: chunk.start, end: chunk.start });
    }
    const document = identity(chunk);
    const passageRanks = ranks.get(chunk.id) ?? { fused: Number.MAX_SAFE_INTEGER, legs: {} };
    const folded = spans.map((s) => foldForSearch(s.text));
    spans.forEach((span, i) => {
      const around = [spans[i - 1], span, spans[i + 1]].filter((s): s is Span => s !== undefined);
      const context = new Set<string>();
      for (const s of around) for (const t of withAliases(termsOf(s.text), document)) context.add(t);
      out.push({
        chunk,
        span,
        terms: withAliases(termsOf(span.text), document),
        text: folded[i]!,
        context,
        contextText: folded.slice(Math.max(0, i - 1), i + 2).join(" "),
        heading,
        headingText,
        document,
        ranks: passageRanks,
        ...(spans[i + 1] ? { next: spans[i + 1] } : {}),
      });
    });
  }
  return out;
}
