// How much of a question a text covers: the question's words weighted by rarity (IDF; words the
// collection never saw weigh most), translated concepts as groups of alternative renderings, and
// the rule that decides whether a sentence is about the question at all. Pure over the store's
// document frequencies.
import type { Store } from "../store/store.js";
import { normalizeEnglishWord } from "../text/dictionary.js";
import { foldForSearch } from "../text/normalize.js";
import { hasHan } from "../text/script.js";
import { hanBigrams, searchTerms, stemEnglish, type QuestionUnit } from "../text/segment.js";
import type { TranslatedConcept, Vocabulary } from "./types.js";

/** Marks a question term that an English word of the question is met by in a passage's glosses (see weighTerms). */
export const GLOSS_MARK = "\u0001";

// How much a word met only in a passage's dictionary glosses earns, against a rendering chosen
// for it: the gloss says the passage uses a word of that meaning, but glosses are broad (a
// word's third sense) where renderings were picked for the question.
const GLOSS_CREDIT = 0.5;

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

// A single English word's concept weight (a phrase's is 1): the weight of a word read whole.
const WHOLE_WORD_WEIGHT = 0.85;

// Another form than the one asked (不得超过 for 最高, 医疗保险 for 医保) says the same, a little less surely.
const ALTERNATIVE_CREDIT = 0.9;

function idf(df: number, total: number): number {
  return Math.log(1 + (total - df + 0.5) / (df + 0.5));
}

/** The index term a Latin-script question word ("3:tidb") is written as in any text, if it is one. */
function literalOf(word: string): string | undefined {
  const token = /^\d+:([a-z][a-z0-9-]*)$/.exec(word)?.[1];
  return token === undefined ? undefined : searchTerms(token)[0];
}

/** The index terms that together stand for a word: itself, or its bigrams when it is long Chinese. */
function partsOf(word: string): string[] {
  return /\p{Script=Han}/u.test(word) && Array.from(word).length > 2 ? hanBigrams(word) : [word];
}

/**
 * Weighted question terms. Original words weigh by IDF. Translated concepts become groups of
 * alternative renderings: a group counts once, at its best matching rendering, and its full
 * weight is the confidence-weighted mean weight of the renderings the collection knows
 * (renderings it has never seen are dictionary noise and must not inflate what a sentence has to
 * cover). With `glossed`, an English word's group also holds its gloss term, met by passages
 * whose words the dictionary glosses so.
 */
export function weighTerms(
  frequencies: Frequencies,
  original: QuestionUnit[],
  translated: TranslatedConcept[],
  totalChunks: number,
  glossed = false,
): { original: QuestionTerm[]; translated: QuestionTerm[] } {
  const all = [
    ...new Set([
      ...original.flatMap((u) => [u.word, ...u.parts, ...(u.alternatives ?? []).flatMap((a) => [a, ...partsOf(a)])]),
      ...translated.flatMap((c) => c.renderings.flatMap((r) => [r.text, ...(r.parts ?? partsOf(r.text))])),
      ...translated.flatMap((c) => c.words.flatMap((w) => literalOf(w) ?? [])),
    ]),
  ];
  const df = frequencies(all);
  // A word the index never saw gets the weight of the rarest seen word: an unknown word is a
  // strong hint the passage is missing, but must not outweigh all the words that match.
  const cap = idf(1, totalChunks);
  const dfOf = (word: string, parts: string[]): number => Math.max(df.get(word) ?? 0, Math.min(...parts.map((p) => df.get(p) ?? 0)));
  const weigh = (word: string, parts: string[]): number => (dfOf(word, parts) === 0 ? UNKNOWN * cap : Math.min(cap, idf(dfOf(word, parts), totalChunks)));
  const originalTerms: QuestionTerm[] = original
    .filter((u) => !u.glued || dfOf(u.word, u.parts) > 0)
    .map((u) => ({
      term: u.word,
      parts: u.parts,
      weight: weigh(u.word, u.parts),
      group: u.word,
      unseen: dfOf(u.word, u.parts) === 0,
    }));
  // A bound the question states (最高) is also met by the other forms of that bound (不得超过),
  // and an abbreviation (医保) by its full form (医疗保险).
  for (const u of original) {
    const own = originalTerms.find((t) => t.term === u.word);
    if (!own) continue;
    for (const alternative of u.alternatives ?? []) {
      originalTerms.push({
        term: alternative,
        parts: partsOf(alternative),
        weight: own.weight * ALTERNATIVE_CREDIT,
        ceiling: own.weight,
        group: own.group,
        unseen: own.unseen === true && dfOf(alternative, partsOf(alternative)) === 0,
      });
    }
  }
  // Coverage of a translated question is counted per question word: a word is covered by any
  // rendering of any concept that spans it (a phrase like 毛入学率 covers "gross", "enrollment"
  // and "rate" at once), and weighs as its renderings the collection knows do (see below).
  const byWord = new Map<string, { term: string; parts: string[]; credit: number }[]>();
  // How surely each word is a word of the question: a character standing alone (方 of 赞助方, 还
  // of 还会) or an English word inside a Chinese question is read at a fraction of a whole word's
  // weight. A Chinese word of two or more characters is a word even when the dictionary only
  // knows its parts (馆长): what is unsure there is its renderings, not the word.
  const sureness = new Map<string, number>();
  for (const concept of translated) {
    for (const word of concept.words) {
      const whole = hasHan(word) && Array.from(word).length > 1;
      sureness.set(word, whole ? 1 : Math.max(sureness.get(word) ?? 0, Math.min(1, concept.weight / WHOLE_WORD_WEIGHT)));
      const list = byWord.get(word) ?? [];
      for (const r of concept.renderings) list.push({ term: r.text, parts: r.parts ?? partsOf(r.text), credit: Math.min(1, concept.weight * r.score) });
      byWord.set(word, list);
    }
  }
  const translatedTerms: QuestionTerm[] = [];
  for (const [word, alternatives] of byWord) {
    // A word weighs as its renderings the collection knows do, on average by the dictionary's
    // confidence in each (or the most, when the collection knows none: a word with no trace is
    // strong evidence the answer is missing). Not as its rarest one: a common verb has some rare
    // rendering ("consider" 斟酌), and would weigh as much as the question's real subject. A match
    // then earns that weight times the confidence in the rendering found, so a common rendering
    // (教师) counts as much as a rare one (师范) for the same word.
    // A Latin-script word no rendering of which the collection knows (a name: TiDB, GitHub, CNCF)
    // is written the same in a text of the other language, as figures are: it is met by itself.
    const literal = literalOf(word);
    if (literal && !alternatives.some((a) => dfOf(a.term, a.parts) > 0) && dfOf(literal, [literal]) > 0) {
      alternatives.push({ term: literal, parts: [literal], credit: 1 });
    }
    const known = alternatives.filter((a) => dfOf(a.term, a.parts) > 0);
    const confidence = known.reduce((sum, a) => sum + a.credit, 0);
    const importance =
      known.length === 0
        ? UNKNOWN * cap
        : confidence > 0
          ? known.reduce((sum, a) => sum + a.credit * weigh(a.term, a.parts), 0) / confidence
          : Math.max(...known.map((a) => weigh(a.term, a.parts)));
    const unseen = known.length === 0;
    // What a text must cover of the word shrinks as its sureness does, as its matches' credit does.
    const ceiling = importance * (sureness.get(word) ?? 1);
    if (alternatives.length === 0) translatedTerms.push({ term: "", parts: ["\u0000"], weight: 0, ceiling, group: `word:${word}`, unseen });
    for (const a of alternatives) {
      translatedTerms.push({ term: a.term, parts: a.parts, weight: Math.min(ceiling, importance * a.credit), ceiling, group: `word:${word}`, unseen });
    }
  }
  // An English word is also met where a passage's own words have it among their glosses
  // ("fine" in 罚款 "fine; penalty"), whichever renderings were chosen for it; and a Chinese word
  // where an English passage's words read as it (the text's "venue" is 地点, whose fourth sense it is).
  if (glossed) {
    for (const [word] of byWord) {
      const token = hasHan(word) ? foldForSearch(word) : /^\d+:(.+)$/.exec(word)?.[1];
      const group = translatedTerms.find((t) => t.group === `word:${word}`);
      if (!token || !group || !/^[a-z\p{Script=Han}]/u.test(token)) continue;
      const importance = group.ceiling ?? group.weight;
      translatedTerms.push({
        term: GLOSS_MARK + token,
        parts: [GLOSS_MARK + token],
        weight: importance * GLOSS_CREDIT,
        ceiling: importance,
        group: group.group,
        ...(group.unseen ? { unseen: true } : {}),
      });
    }
  }
  // Figures and years read the same in every language.
  for (const t of originalTerms) if (/^\d/.test(t.term)) translatedTerms.push(t);
  return { original: originalTerms, translated: translatedTerms };
}

/** Document frequencies of index terms. */
export type Frequencies = (terms: readonly string[]) => ReadonlyMap<string, number>;

/**
 * The store's document frequencies, remembered for one question: translation asks about its
 * renderings, then weighing asks about the same ones again.
 */
export function questionFrequencies(store: Store): Frequencies {
  const known = new Map<string, number>();
  return (terms) => {
    const missing = terms.filter((term) => !known.has(term));
    if (missing.length > 0) for (const [term, df] of store.documentFrequencies(missing)) known.set(term, df);
    return known;
  };
}

/** The collection's vocabulary as the translator sees it: a word counts when it, or all its index pieces, occur. */
export function collectionVocabulary(frequencies: Frequencies): Vocabulary {
  return (words) => {
    const df = frequencies([...new Set(words.flatMap((w) => [w, ...partsOf(w)]))]);
    return new Set(words.filter((w) => (df.get(w) ?? 0) > 0 || partsOf(w).every((p) => (df.get(p) ?? 0) > 0)));
  };
}

/** The question terms that stand for the words "how many" counts (in either leg). */
export function countedTerms(terms: readonly QuestionTerm[], counted: readonly string[]): QuestionTerm[] {
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

/** What coverage asks of a text's terms: whether one is there. */
export interface TermSet {
  has(term: string): boolean;
}

/** A text's index terms together with its gloss terms (GLOSS_MARK + English word). */
export function withGlosses(terms: ReadonlySet<string>, glosses: ReadonlySet<string> | undefined): TermSet {
  if (!glosses || glosses.size === 0) return terms;
  return { has: (term) => terms.has(term) || (term.startsWith(GLOSS_MARK) && glosses.has(term.slice(GLOSS_MARK.length))) };
}

/** True when a term (or all its index pieces) is among the present terms. */
export function matches(term: QuestionTerm, present: TermSet): boolean {
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
export function coverage(terms: readonly QuestionTerm[], present: TermSet, headingPresent: TermSet): number {
  return measureCoverage(terms, present, headingPresent).share;
}

/** Coverage with the count of question words the text matches on its own. */
export function measureCoverage(terms: readonly QuestionTerm[], present: TermSet, headingPresent: TermSet): Coverage {
  const groups = new Map<string, { max: number; hit: number; own: boolean; placed: boolean; figure: boolean; unseen: boolean }>();
  for (const t of terms) {
    const g = groups.get(t.group) ?? { max: 0, hit: 0, own: false, placed: false, figure: /^\d/.test(t.term), unseen: t.unseen === true };
    g.max = Math.max(g.max, t.ceiling ?? t.weight);
    const own = matches(t, present);
    const placed = !own && matches(t, headingPresent);
    const hit = own ? t.weight : placed ? t.weight * 0.6 : 0;
    g.hit = Math.max(g.hit, hit);
    // A word counts as met when the match is a fair rendering of it, not a half-hint.
    // A gloss is a hint, not a rendering: it adds to the share but does not meet the word.
    const fair = t.weight > 0 && t.weight >= 0.2 * (t.ceiling ?? t.weight) && !t.term.startsWith(GLOSS_MARK);
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

/**
 * Coverage at the level of characters, for Chinese words a text says differently (餐馆 / 餐饮,
 * 会罚 / 罚款): a word counts by the share of its characters the text contains, at its best
 * rendering, so a paraphrase earns partial credit where whole-word coverage gives none.
 */
export function characterCoverage(terms: readonly QuestionTerm[], foldedText: string): number {
  const groups = new Map<string, { max: number; hit: number }>();
  for (const t of terms) {
    if (!/\p{Script=Han}/u.test(t.term)) continue;
    const g = groups.get(t.group) ?? { max: 0, hit: 0 };
    g.max = Math.max(g.max, t.ceiling ?? t.weight);
    const chars = Array.from(t.term);
    const share = chars.filter((c) => foldedText.includes(c)).length / chars.length;
    g.hit = Math.max(g.hit, t.weight * share);
    groups.set(t.group, g);
  }
  let total = 0;
  let hit = 0;
  for (const g of groups.values()) {
    total += g.max;
    hit += Math.min(g.hit, g.max);
  }
  return total > 0 ? hit / total : 0;
}
