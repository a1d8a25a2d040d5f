// Dictionary query translation: turns a question into weighted search terms of the other language
// (English → Chinese terms folded like the FTS index, Chinese → stemmed English terms), and builds
// the glossary that explains the quoted key terms to a reader of the question's language. The
// lexicon itself (CC-CEDICT, normalisation, composition) lives in src/text/dictionary.ts.
import type { GlossaryEntry, QueryTranslator, TranslatedConcept, Vocabulary, WeightedTerm } from "./types.js";
import {
  englishWords,
  GENERIC_HEADS,
  loadDictionary,
  normalizeEnglishWord,
  type CedictDictionary,
  type ChineseCandidate,
  type DictionaryLoadStats,
  type DictionaryOptions,
  type EnglishWord,
  dictionaryLoadStats,
} from "../text/dictionary.js";
import {
  AMPERSAND_ABBREVIATIONS,
  ACRONYM_SKIPPED,
  BOUND_FORMS,
  ENGLISH_MONTHS,
  PERIOD_EDGE_OBJECTS,
  PERIOD_EDGES,
  PHRASE_BREAKS,
  QUESTION_FILLER,
  REVERSING_GAPS,
  SPELLING_PAIRS,
} from "../text/lexicon.js";
import { escapeRegExp, foldForSearch, isAcronym } from "../text/normalize.js";
import { isProperName } from "../text/proper-names.js";
import { hanShare } from "../text/script.js";
import { searchTerms, stemEnglish } from "../text/segment.js";
import { relatedWords } from "../text/wordnet.js";

const DEFAULT_MAX_TERMS = 40;
const CONCEPT_BREADTH = 3;
// How far down a word's gloss matches corpus-aware selection looks for renderings the collection uses.
const DEEP_LOOKUP = 30;
const MAX_GLOSSARY = 6;
const MAX_PHRASE = 4;
// Related English words (WordNet) looked up per question word.
const RELATED_LOOKUPS = 12;
// A gloss that says an English word whole scores at least this; one that names it inside a longer
// phrase ("military spending") scores less.
const WHOLE_GLOSS_SCORE = 0.45;
// A compound's head (the last characters, a word of their own) stands in for it at this share.
const HEAD_SHARE = 0.6;
// A gloss that says a pair whole ("research and development") is trusted from this confidence up:
// weaker matches are longer glosses that merely hold both words.
const PAIRED_SCORE = 0.6;
// What the verb's own renderings keep, behind those of the phrasal verb it makes with a particle.
const PLAIN_VERB_SHARE = 0.7;
const HEAD_MIN_WHOLE = 4;
const HEAD_MIN_CHARS = 3;

/** The query translator with a way to load its dictionary ahead of the first question. */
export interface DictionaryTranslator extends QueryTranslator {
  concepts(question: string, vocabulary?: Vocabulary): TranslatedConcept[];
  /** Loads CC-CEDICT now (otherwise the first question pays for it) and reports how long it took. */
  warm(): DictionaryLoadStats;
  /** The English words the dictionary gives for a Chinese index term (memoised per term). */
  termGlosses(term: string): readonly string[];
  /** The English phrases of a question with their Chinese renderings, for debugging and the eval. */
  explain(question: string): PhraseRendering[];
}

/** One English word or phrase of a question and what it was rendered as. */
export interface PhraseRendering {
  phrase: string;
  weight: number;
  renderings: Array<{ word: string; score: number; composed: boolean }>;
}

/** Options: where to cache the derived dictionary index, and how many terms a question may yield. */
export interface TranslatorOptions extends DictionaryOptions {
  maxTerms?: number;
}

/** An English word or phrase of the question with its Chinese renderings. */
interface Concept {
  /** The phrase as written in the question. */
  surface: string;
  /** Number of content words it spans. */
  length: number;
  /** The question words it spans ("offset:token"), so coverage can be counted per word. */
  words: string[];
  /** Weight of the concept itself before its candidates' own scores. */
  base: number;
  candidates: ChineseCandidate[];
}

type Direction = "en-zh" | "zh-en";

/** Creates the CC-CEDICT translator (the dictionary loads lazily on first use, or on warm()). */
export function createDictionaryTranslator(options: TranslatorOptions = {}): DictionaryTranslator {
  const maxTerms = options.maxTerms ?? DEFAULT_MAX_TERMS;
  const dictionary = (): CedictDictionary => loadDictionary(options);
  return {
    warm(): DictionaryLoadStats {
      dictionary();
      return dictionaryLoadStats()!;
    },
    explain(question: string): PhraseRendering[] {
      if (directions(question)[0]?.direction !== "en-zh") return [];
      return englishConcepts(dictionary(), question).map((concept) => ({
        phrase: concept.surface,
        weight: concept.base,
        renderings: concept.candidates.map(({ word, score, composed }) => ({ word, score, composed })),
      }));
    },
    concepts(question: string, vocabulary?: Vocabulary): TranslatedConcept[] {
      const out: TranslatedConcept[] = [];
      for (const { direction, scale } of directions(question)) {
        if (direction === "en-zh") {
          // Selection sees many renderings: it keeps those the collection uses (corpus-aware
          // disambiguation), so a rarer sense (骨干 "backbone") is not lost behind common ones.
          const found = englishConcepts(dictionary(), question, CONCEPT_BREADTH, vocabulary);
          // Words with no rendering at all still count: the passage must cover them some other way.
          const rendered = new Set(found.flatMap((c) => c.words));
          for (const word of englishWords(question, QUESTION_FILLER)) {
            if (!rendered.has(wordId(word)) && !GENERIC_HEADS.has(word.token))
              out.push({ source: word.surface, words: [wordId(word)], weight: scale, renderings: [] });
          }
          for (const concept of found) {
            const renderings = concept.candidates.map((c, rank) => ({ text: foldForSearch(c.word), score: round(Math.sqrt(c.score) * (1 - 0.1 * rank)) }));
            out.push({
              source: concept.surface,
              words: concept.words,
              // For coverage a word's own renderings count fully even inside a rendered phrase.
              weight: (concept.length === 1 ? Math.max(concept.base, 0.85) : concept.base) * scale,
              renderings: [...renderings, ...compoundHeads(dictionary(), renderings, vocabulary)],
            });
          }
        } else {
          for (const { word, base, of } of chineseWords(dictionary(), question)) {
            const single = Array.from(word).length === 1;
            const senses = dictionary().englishSenses(word, single ? 2 : 3);
            const renderings = senses.flatMap((sense, rank) => {
              const terms = [...new Set(searchTerms(sense.text))].filter((term) => !/^\d/.test(term) && term.length > 2);
              const score = round((SENSE_RANK[rank] ?? 0.5) * Math.sqrt(sense.weight));
              if (terms.length <= 1) return terms.map((term) => ({ text: term, score }));
              // A sense of several words ("last year") is rendered by all of them; one of them
              // alone ("year") is a weaker hint. A longer sense is a description ("rank candidate
              // pass imperial examination" for 三甲), whose words alone say nothing of the word,
              // unless they are names ("Shenzhen subprovincial city in Guangdong").
              const named = new Set(searchTerms((sense.text.match(/\b[A-Z][a-z]+\b/g) ?? []).join(" ")));
              const alone = terms.length <= 2 ? terms : terms.filter((term) => named.has(term));
              return [{ text: terms.join(" "), parts: terms, score }, ...alone.map((term) => ({ text: term, score: round(score * 0.5) }))];
            });
            // Parts of a longer word (图书 in 图书馆) cover the same question word as the whole.
            if (renderings.length > 0) out.push({ source: word, words: [of], weight: base * scale * (single ? 0.5 : 1), renderings });
          }
        }
      }
      return out;
    },
    expand(question: string, vocabulary?: Vocabulary): WeightedTerm[] {
      const terms = new Map<string, number>();
      for (const { direction, scale } of directions(question)) {
        const part = direction === "en-zh" ? englishToChineseTerms(dictionary(), question, vocabulary) : chineseToEnglishTerms(dictionary(), question);
        for (const [term, weight] of part) addTerm(terms, term, weight * scale);
      }
      if (terms.size > 0) {
        // Figures and years are the same in both languages; they anchor the translated leg.
        for (const term of searchTerms(question)) if (/^\d/.test(term)) addTerm(terms, term, 0.6);
      }
      return [...terms.entries()]
        .map(([term, weight]) => ({ term, weight: Math.min(1, Math.max(0.01, round(weight))) }))
        .sort((a, b) => b.weight - a.weight || compareStrings(a.term, b.term))
        .slice(0, maxTerms);
    },
    termGlosses(term: string): readonly string[] {
      let found = glossMemo.get(term);
      if (!found) {
        found = glossesOfTerm(dictionary(), term);
        if (glossMemo.size >= GLOSS_MEMO_SIZE) glossMemo.clear();
        glossMemo.set(term, found);
      }
      return found;
    },
    fullForms(word: string): readonly string[] {
      return dictionary().fullFormsOf(foldForSearch(word));
    },
    properName(word: string): string | undefined {
      const first = dictionary().englishSenses(foldForSearch(word), 1)[0];
      if (!first) return undefined;
      return /^[A-Z]/.test(first.text) ? first.text : "";
    },
    commonEnglish(word: string): boolean {
      const token = normalizeEnglishWord(word);
      if (token.length === 0) return false;
      // Common when a common word's gloss uses it in lower case ("court of law"); glosses write
      // names with a capital ("Henan opera", "Shanghai Y-10"), whatever headword they gloss.
      return dictionary()
        .lookupEnglish([token], 12)
        .some(
          (c) =>
            Array.from(c.word).length > 1 &&
            !isProperName(c.word) &&
            (c.gloss.match(/[A-Za-z][A-Za-z'-]*/g) ?? []).some((w) => /^[a-z]/.test(w) && normalizeEnglishWord(w) === token),
        );
    },
    glossary(question: string, quotedText: string): GlossaryEntry[] {
      const main = directions(question)[0];
      if (!main || quotedText.trim().length === 0) return [];
      return main.direction === "en-zh" ? chineseGlossary(dictionary(), question, quotedText) : englishGlossary(dictionary(), question, quotedText);
    },
  };
}

/** Which way(s) to translate: the question's main script first, a minority script at half weight. */
function directions(question: string): Array<{ direction: Direction; scale: number }> {
  const share = hanShare(question);
  if (share === undefined) return [];
  const main: Direction = share >= 0.5 ? "zh-en" : "en-zh";
  const out = [{ direction: main, scale: 1 }];
  if (share > 0 && share < 1) out.push({ direction: main === "zh-en" ? "en-zh" : "zh-en", scale: 0.5 });
  return out;
}

function addTerm(terms: Map<string, number>, term: string, weight: number): void {
  if (term.length === 0 || weight <= 0) return;
  if (weight > (terms.get(term) ?? 0)) terms.set(term, weight);
}

// ---------------------------------------------------------------------------------------------
// English → Chinese
// ---------------------------------------------------------------------------------------------

/**
 * The question's English words and phrases with their Chinese renderings. Longer phrases are tried
 * first; phrases and words inside an already rendered phrase keep a smaller weight, so "enrollment
 * rate" inside "gross kindergarten enrollment rate" does not pull in other rates at full strength.
 */
const AMPERSAND = new RegExp(`(?<![a-z&])(?:${Object.keys(AMPERSAND_ABBREVIATIONS).map(escapeRegExp).join("|")})(?![a-z&])`, "giu");

/** A question with its "&" abbreviations spelled out, as the dictionary glosses them (R&D → research and development). */
function spelledAbbreviations(text: string): string {
  return text.replace(AMPERSAND, (found) => AMPERSAND_ABBREVIATIONS[found.toLowerCase()] ?? found);
}

function englishConcepts(dictionary: CedictDictionary, asked: string, breadth = 1, vocabulary?: Vocabulary): Concept[] {
  const question = spelledAbbreviations(asked);
  const words = englishWords(question, QUESTION_FILLER);
  // Renderings the collection uses come first (corpus-aware disambiguation): 骨干 is only the
  // eleventh gloss match of "backbone", but the one a report about teachers says. A rendering the
  // collection lacks can match nothing anyway.
  const prefer = (candidates: ChineseCandidate[]): ChineseCandidate[] => {
    if (!vocabulary) return candidates;
    const known = vocabulary(candidates.map((candidate) => foldForSearch(candidate.word)));
    const used = (candidate: ChineseCandidate): boolean => known.has(foldForSearch(candidate.word));
    return [...candidates.filter(used), ...candidates.filter((candidate) => !used(candidate))];
  };
  const translate = (tokens: readonly string[], limit: number): ChineseCandidate[] =>
    vocabulary ? prefer(dictionary.translatePhrase(tokens, Math.max(limit, DEEP_LOOKUP))).slice(0, limit) : dictionary.translatePhrase(tokens, limit);
  const concepts: Concept[] = [];
  const covered: Array<{ start: number; end: number; words: string[] }> = [];
  const outers = (start: number, end: number): string[] => covered.filter((span) => span.start <= start && end <= span.end).flatMap((span) => span.words);
  const breaksBefore = words.map((word) => word.gap.split(" ").some((gapWord) => PHRASE_BREAKS.has(gapWord)));
  for (let length = Math.min(MAX_PHRASE, words.length); length >= 1; length--) {
    for (let start = 0; start + length <= words.length; start++) {
      const end = start + length;
      const span = words.slice(start, end);
      if (breaksBefore.slice(start + 1, end).some(Boolean)) {
        // Two words joined by "and" that one headword's gloss says whole ("research and
        // development" 研发, "supply and demand" 供求) are one concept; other spans across a
        // conjunction are two.
        const paired = length === 2 && span[1]!.gap === "and" ? pairedRendering(dictionary, span, prefer) : [];
        if (paired.length > 0) {
          concepts.push({ surface: surfaceOf(question, span), length, words: span.map(wordId), base: 1, candidates: paired });
          covered.push({ start, end, words: paired.map((candidate) => candidate.word) });
        }
        continue;
      }
      const tokens = span.map((word) => word.token);
      const outerWords = outers(start, end);
      const wrapped = covered.some((outer) => outer.start <= start && end <= outer.end);
      if (length > 1) {
        let candidates = translate(tokens, 3 * breadth);
        // Two words side by side that one headword's senses share out (常住 "long-term resident;
        // permanent residence" for "permanent residents"), unless a gloss that says the phrase
        // gives a word the collection uses.
        const saidWhole = candidates.some((candidate) => candidate.score >= 0.5 && (!vocabulary || vocabulary([foldForSearch(candidate.word)]).size > 0));
        if (length === 2 && span[1]!.gap === "" && !saidWhole)
          candidates = prefer(mergeCandidates(candidates, dictionary.lookupAcrossSenses(tokens))).slice(0, 3 * breadth);
        // "children with disabilities", "rate of enrollment": English puts the head first where
        // Chinese puts it last (残疾儿童, 入学率). Other gaps ("created by building") are not
        // modifier phrases.
        if (length === 2 && REVERSING_GAPS.has(span[1]!.gap)) {
          candidates = prefer(mergeCandidates(candidates, translate([...tokens].reverse(), 3 * breadth))).slice(0, 3 * breadth);
        }
        candidates = candidates.filter((candidate) => candidate.score >= 0.3);
        if (candidates.length === 0) continue;
        // A dictionary phrase (义务教育 "compulsory education") stands on its own even inside a
        // longer phrase, and so does a piece of the longer rendering (入园率 in 毛入园率); another
        // inner composition (入学率 inside "kindergarten enrollment rate") is likely the wrong
        // reading of the longer phrase, so it counts less.
        const weighed = candidates.map((candidate) => {
          const consistent = !candidate.composed || outerWords.some((word) => word.includes(candidate.word));
          return { ...candidate, score: candidate.score * (wrapped && !consistent ? 0.6 : 1) };
        });
        concepts.push({ surface: surfaceOf(question, span), length, words: span.map(wordId), base: 1, candidates: weighed });
        if (!wrapped) covered.push({ start, end, words: candidates.map((candidate) => candidate.word) });
      } else if (!GENERIC_HEADS.has(tokens[0]!)) {
        // "places" alone is 那里 "that place": generic words only mean something inside a phrase.
        // Single characters never reach the index (it keeps words and bigrams), so skip them here.
        // A word inside a rendered phrase adds recall through its best renderings only.
        const edge = periodEdge(question, span[0]!);
        if (edge) {
          concepts.push({ surface: surfaceOf(question, span), length, words: span.map(wordId), base: 0.85, candidates: prefer(edge) });
          continue;
        }
        let found = translate(tokens, 6 * breadth);
        // "maximum" is what a rule's 不得超过 or a range's 以下 states, not only 最多 "at most".
        const bound = BOUND_FORMS.find((b) => b.english.includes(tokens[0]!));
        if (bound) found = prefer(mergeCandidates(listedCandidates(bound.chinese, 0.04), found));
        // A gerund is looked up whole ("training" is 培训, not 火车 "train"), but one the glosses
        // barely know ("rolling"), name only inside longer phrases ("spending" in "military
        // spending"), or whose renderings the collection never uses, is also the verb it comes
        // from (滚动 "to roll", 支出 "to spend").
        const verb = /ing$/.test(tokens[0]!) ? normalizeVerb(tokens[0]!) : undefined;
        const noneUsed = vocabulary !== undefined && (found.length === 0 || vocabulary([foldForSearch(found[0]!.word)]).size === 0);
        const onlyInPhrases = Math.max(0, ...found.map((candidate) => candidate.score)) < WHOLE_GLOSS_SCORE;
        if (verb && verb !== tokens[0] && (found.length < 4 || noneUsed || onlyInPhrases)) {
          const fromVerb = translate([verb], 6 * breadth).map((candidate) => ({ ...candidate, score: round(candidate.score * 0.8) }));
          found = prefer(mergeCandidates(found, fromVerb));
        }
        // An acronym ("GDP") is also the phrase its glosses spell out ("gross domestic product"),
        // whose renderings (国内生产总值) the acronym's own gloss match may have missed.
        const spelled = isAcronym(span[0]!.surface) ? spelledOut(found, span[0]!.surface) : [];
        for (const phrase of spelled) {
          const tokensOfPhrase = englishWords(phrase).map((word) => word.token);
          if (tokensOfPhrase.length > 1) found = prefer(mergeCandidates(found, translate(tokensOfPhrase, 6 * breadth)));
        }
        // CC-CEDICT files a word's Chinese under another English word as often as not (垃圾 is
        // "garbage", never "waste"; 城市 is "city", never "urban"): renderings of the word's
        // synonyms and narrower words count too, at a discount, where the collection uses them.
        if (vocabulary) found = prefer(mergeCandidates(found, relatedRenderings(dictionary, span[0]!.surface, vocabulary)));
        // "check in" is 报到 and "switch off" 关掉, where the verb alone is 检查 and 转换: a verb and
        // the particle after it are looked up as the phrasal verb first. The verb's own renderings
        // stay behind, discounted, for a particle that only begins a place ("live in Beijing").
        const particle = span[0]!.particle;
        const phrasal = particle ? dictionary.lookupPhrasal(tokens[0]!, particle, 6 * breadth) : [];
        if (phrasal.length > 0)
          found = prefer(
            mergeCandidates(
              phrasal,
              found.map((candidate) => ({ ...candidate, score: round(candidate.score * PLAIN_VERB_SHARE) })),
            ),
          );
        const candidates = found.filter((candidate) => Array.from(candidate.word).length >= 2).slice(0, (wrapped ? 3 : 4) * breadth);
        if (candidates.length === 0) continue;
        concepts.push({ surface: surfaceOf(question, span), length, words: span.map(wordId), base: wrapped ? 0.5 : 0.85, candidates });
      }
    }
  }
  // A rendering that abbreviates (立委 "legislator") also stands for its full form (立法委员), which
  // is what a text that spells it out says.
  for (const concept of concepts) {
    const full = concept.candidates.flatMap((candidate) =>
      dictionary
        .fullFormsOf(candidate.word)
        .map((word) => ({ word, score: round(candidate.score * 0.95), gloss: candidate.gloss, composed: false, whole: true })),
    );
    if (full.length > 0) concept.candidates = prefer(mergeCandidates(concept.candidates, full));
  }
  return concepts;
}

/** The headwords whose gloss says a pair of words joined by "and" whole ("supply and demand" → 供求). */
function pairedRendering(
  dictionary: CedictDictionary,
  span: readonly EnglishWord[],
  prefer: (candidates: ChineseCandidate[]) => ChineseCandidate[],
): ChineseCandidate[] {
  const found = dictionary.lookupEnglish(
    span.map((word) => word.token),
    3,
    true,
  );
  return prefer(found.filter((candidate) => !candidate.composed && candidate.score >= PAIRED_SCORE));
}

/** Chinese words a lexicon table lists for an English word, as candidates in the table's order. */
function listedCandidates(chinese: readonly string[], step: number): ChineseCandidate[] {
  return chinese.map((word, rank) => ({ word, score: round(0.9 - step * rank), gloss: "", composed: false, whole: true }));
}

const PERIOD_OBJECT = new RegExp(`^\\s+of\\s+(?:the\\s+)?(?:\\d{4}|(?:${[...PERIOD_EDGE_OBJECTS, ...ENGLISH_MONTHS].join("|")})\\b)`, "i");

/** The Chinese words for the edge of a period when the word is one ("end" in "the end of 2022"). */
function periodEdge(question: string, word: EnglishWord): ChineseCandidate[] | undefined {
  const edge = PERIOD_EDGES.find((e) => e.word === word.surface.toLowerCase());
  if (!edge || !PERIOD_OBJECT.test(question.slice(word.index + word.surface.length))) return undefined;
  return listedCandidates(edge.zh, 0.05);
}

/**
 * Renderings of the English words WordNet relates to a word that the collection uses, each scaled
 * by how close the related word is (a kind of waste is not waste itself). With no further discount:
 * of 0.6, 0.8, 1 and 1.25, 1 answered the most eval questions and refused as many.
 */
function relatedRenderings(dictionary: CedictDictionary, surface: string, vocabulary: Vocabulary): ChineseCandidate[] {
  const found = relatedWords(surface)
    .slice(0, RELATED_LOOKUPS)
    .flatMap((related) => {
      const tokens = englishWords(related.word).map((word) => word.token);
      if (tokens.length !== 1) return [];
      return dictionary.translatePhrase(tokens, 3).map((candidate) => ({ ...candidate, score: round(candidate.score * related.weight) }));
    });
  const used = vocabulary(found.map((candidate) => foldForSearch(candidate.word)));
  return found.filter((candidate) => used.has(foldForSearch(candidate.word)));
}

/**
 * The heads of long compound renderings, where the collection uses them: Chinese compounds put
 * the head last, and a text may say it with another modifier (国内生产总值 "GDP" of a country,
 * 地区生产总值 of a province: both 生产总值). A head is a weaker rendering than the whole.
 */
function compoundHeads(
  dictionary: CedictDictionary,
  renderings: readonly { text: string; score: number }[],
  vocabulary: Vocabulary | undefined,
): { text: string; score: number }[] {
  if (!vocabulary) return [];
  const own = new Set(renderings.map((r) => r.text));
  const heads = new Map<string, number>();
  for (const { text, score } of renderings) {
    const chars = Array.from(text);
    if (chars.length < HEAD_MIN_WHOLE || !/^\p{Script=Han}+$/u.test(text)) continue;
    for (let cut = 1; chars.length - cut >= Math.max(HEAD_MIN_CHARS, Math.ceil(chars.length / 2)); cut++) {
      const head = chars.slice(cut).join("");
      if (!dictionary.isKnownWord(head)) continue;
      if (!own.has(head) && score * HEAD_SHARE > (heads.get(head) ?? 0)) heads.set(head, round(score * HEAD_SHARE));
      break;
    }
  }
  const used = vocabulary([...heads.keys()]);
  return [...heads.entries()].filter(([head]) => used.has(head)).map(([text, score]) => ({ text, score }));
}

/** The gloss phrases of some renderings whose initials spell the acronym ("gross domestic product" for GDP). */
function spelledOut(candidates: readonly ChineseCandidate[], acronym: string): string[] {
  const letters = acronym.replace(/s$/, "").toLowerCase();
  const phrases = candidates.flatMap((candidate) => candidate.gloss.split(/[;,()]/).map((part) => part.trim()));
  const initials = (phrase: string): string =>
    phrase
      .split(/\s+/)
      .filter((word) => word.length > 0 && !ACRONYM_SKIPPED.has(word.toLowerCase()))
      .map((word) => word[0]!.toLowerCase())
      .join("");
  return [...new Set(phrases.filter((phrase) => phrase.includes(" ") && initials(phrase) === letters))];
}

/** The verb a gerund comes from, normalised like gloss words ("rolling" → "roll"). */
function normalizeVerb(gerund: string): string {
  return normalizeEnglishWord(stemEnglish(gerund));
}

/** A question word's identity: its offset and token, so repeated words stay distinct. */
function wordId(word: EnglishWord): string {
  return `${word.index}:${word.token}`;
}

/** Union of two candidate lists, best score per word, best first. */
function mergeCandidates(a: ChineseCandidate[], b: ChineseCandidate[]): ChineseCandidate[] {
  const byWord = new Map<string, ChineseCandidate>();
  for (const candidate of [...a, ...b]) {
    const previous = byWord.get(candidate.word);
    if (!previous || previous.score < candidate.score) byWord.set(candidate.word, candidate);
  }
  return [...byWord.values()].sort((x, y) => y.score - x.score || compareStrings(x.word, y.word));
}

function surfaceOf(question: string, span: EnglishWord[]): string {
  const first = span[0]!;
  const last = span[span.length - 1]!;
  return question.slice(first.index, last.index + last.surface.length);
}

/** Chinese search terms for an English question: each rendering split the way the index splits it. */
function englishToChineseTerms(dictionary: CedictDictionary, question: string, vocabulary?: Vocabulary): Map<string, number> {
  const terms = new Map<string, number>();
  for (const concept of englishConcepts(dictionary, question, 1, vocabulary)) {
    concept.candidates.forEach((candidate, rank) => {
      const weight = concept.base * Math.sqrt(candidate.score) * (1 - 0.1 * rank);
      const pieces = searchTerms(candidate.word);
      // A rendering of three or more characters is indexed as jieba words plus bigrams. A known
      // word matches precisely as a whole and only loosely by its pieces; a composed word (毛入园率)
      // has no whole to match, so its known sub-words (入园率) carry most of its weight — and so
      // does a whole word the collection never uses: 国内生产总值 is not in a province's report,
      // but 生产总值 (in 地区生产总值) is.
      const used = vocabulary?.([foldForSearch(candidate.word), ...pieces]);
      const noWhole = !candidate.whole || (used !== undefined && !used.has(foldForSearch(candidate.word)));
      for (const term of pieces) {
        const strongPiece = noWhole && dictionary.isKnownWord(term) && Array.from(term).length >= 2 && (used?.has(term) ?? true);
        const factor = term === candidate.word ? 1 : strongPiece ? 0.85 : 0.5;
        addTerm(terms, term, weight * factor);
      }
    });
  }
  return terms;
}

// ---------------------------------------------------------------------------------------------
// Chinese → English
// ---------------------------------------------------------------------------------------------

/** A Chinese word of the question and how much it counts (sub-words of long words count less). */
interface ChineseWord {
  word: string;
  base: number;
  /** The question word it stands for (itself, or the longer word it is part of). */
  of: string;
}

function chineseWords(dictionary: CedictDictionary, question: string): ChineseWord[] {
  const out = new Map<string, ChineseWord>();
  const add = (word: string, base: number, of: string): void => {
    const previous = out.get(word);
    if (!previous || previous.base < base) out.set(word, { word, base, of });
  };
  for (const word of dictionary.segmentChinese(question)) {
    if (!dictionary.has(word)) {
      // A word only jieba knows (东区, 分馆) is looked up by its dictionary parts.
      for (const part of dictionary.splitIntoHeadwords(word)) add(part, 0.5, word);
      continue;
    }
    // A character standing alone is mostly a measure word or fragment (名, 所, 开): weak evidence.
    add(word, Array.from(word).length === 1 ? 0.3 : 1, word);
    // 入学率 also means 入学 + 率: its parts find documents that say it in more words.
    if (Array.from(word).length >= 3) for (const part of splitKnown(dictionary, word)) add(part, 0.6, word);
  }
  return [...out.values()];
}

/** Splits a word into a known head and a known remainder, longest head first (or nothing). */
function splitKnown(dictionary: CedictDictionary, word: string): string[] {
  const chars = Array.from(word);
  for (let cut = chars.length - 1; cut >= 1; cut--) {
    const head = chars.slice(0, cut).join("");
    const tail = chars.slice(cut).join("");
    if (dictionary.has(head) && dictionary.has(tail)) return [head, tail];
  }
  return [];
}

const SENSE_RANK = [1, 0.7, 0.55];

// Glosses of index terms, kept across questions (a bot reads the same passages again and again).
const GLOSS_MEMO_SIZE = 50_000;
const glossMemo = new Map<string, readonly string[]>();
// How many senses of a word its gloss draws on: the main meanings, not the dictionary's long tail.
const GLOSS_SENSES = 3;
// How many Chinese words an English index term reads as.
const TERM_RENDERINGS = 8;

/**
 * The English words (normalised like question words) that the dictionary gives for a Chinese
 * index term: a passage's own reading of itself in English, which a question's words can meet
 * when the renderings chosen for them missed the passage's wording. Single characters are mostly
 * measure words and fragments, and terms the dictionary lacks (most bigrams across words) say nothing.
 */
function glossesOfTerm(dictionary: CedictDictionary, term: string): readonly string[] {
  if (/^[a-z][a-z-]{2,}$/.test(term)) return renderingsOfTerm(dictionary, term);
  if (Array.from(term).length < 2 || !/^\p{Script=Han}+$/u.test(term) || !dictionary.has(term)) return [];
  const out = new Set<string>();
  for (const sense of dictionary.englishSenses(term, GLOSS_SENSES)) for (const w of englishWords(sense.text)) out.add(w.token);
  return [...out];
}

/**
 * The Chinese words (folded for search) whose glosses say an English index term whole: an English
 * passage's own reading of itself in Chinese, which a Chinese question's words can meet when
 * their first senses missed the passage's wording (a "venue" is 地点, whose fourth sense it is).
 * Words named only inside longer glosses say nothing.
 */
function renderingsOfTerm(dictionary: CedictDictionary, term: string): readonly string[] {
  return [
    ...new Set(
      dictionary
        // The index stems ("education"); glosses are keyed by the normalised word ("educat").
        .lookupEnglish([normalizeEnglishWord(term)], TERM_RENDERINGS, true)
        .filter((candidate) => candidate.score >= WHOLE_GLOSS_SCORE && Array.from(candidate.word).length >= 2)
        .map((candidate) => foldForSearch(candidate.word)),
    ),
  ];
}

/** English search terms for a Chinese question: stemmed like the index, weighted by gloss rank. */
function chineseToEnglishTerms(dictionary: CedictDictionary, question: string): Map<string, number> {
  const terms = new Map<string, number>();
  for (const { word, base } of chineseWords(dictionary, question)) {
    const single = Array.from(word).length === 1;
    const senses = dictionary.englishSenses(word, single ? 2 : base < 1 ? 1 : 3);
    senses.forEach((sense, rank) => {
      // Two-letter leftovers ("e" of e-book, "er") are not words of the index worth searching.
      const senseTerms = [...new Set(searchTerms(sense.text))].filter((term) => !/^\d/.test(term) && term.length > 2);
      // A single character's long descriptive sense (园: "land used for growing plants") is noise.
      if (single && senseTerms.length > 2) return;
      const weight = base * (SENSE_RANK[rank] ?? 0.5) * Math.sqrt(sense.weight) * (senseTerms.length <= 2 ? 1 : 0.8);
      for (const term of senseTerms) {
        addTerm(terms, term, weight);
        for (const [a, b] of SPELLING_PAIRS) {
          if (term === stemEnglish(a)) addTerm(terms, stemEnglish(b), weight * 0.9);
          else if (term === stemEnglish(b)) addTerm(terms, stemEnglish(a), weight * 0.9);
        }
      }
    });
  }
  return terms;
}

// ---------------------------------------------------------------------------------------------
// Glossaries
// ---------------------------------------------------------------------------------------------

/** Text folded for matching, with each folded code unit's offset in the original text. */
interface FoldedText {
  folded: string;
  offsets: number[];
}

/** Folds text like the index does while remembering where each folded character came from. */
function foldWithOffsets(text: string): FoldedText {
  const whole = foldForSearch(text);
  if (whole.length === text.length) return { folded: whole, offsets: Array.from({ length: text.length + 1 }, (_, i) => i) };
  // Folding changed the length (NFKC or a multi-character conversion): fold piece by piece.
  let folded = "";
  const offsets: number[] = [];
  let index = 0;
  for (const char of text) {
    const piece = foldForSearch(char);
    for (let i = 0; i < piece.length; i++) offsets.push(index);
    folded += piece;
    index += char.length;
  }
  offsets.push(index);
  return { folded, offsets };
}

/** The original text of the folded span [start, end). */
function originalSpan(text: string, folded: FoldedText, start: number, end: number): string {
  return text.slice(folded.offsets[start]!, folded.offsets[end] ?? text.length);
}

interface GlossaryHit {
  start: number;
  end: number;
  entry: GlossaryEntry;
  weight: number;
}

/**
 * Picks hits for the glossary: a longer match first (毛入園率 explains more than 入園 inside it;
 * being found in the quote already vouches for it), then the stronger one; no overlaps, no term
 * inside another chosen term; listed in reading order.
 */
function pickHits(hits: GlossaryHit[]): GlossaryEntry[] {
  const chosen: GlossaryHit[] = [];
  const sorted = [...hits].sort((a, b) => b.end - b.start - (a.end - a.start) || b.weight - a.weight || a.start - b.start);
  for (const hit of sorted) {
    if (chosen.length >= MAX_GLOSSARY) break;
    if (chosen.some((other) => hit.start < other.end && other.start < hit.end)) continue;
    if (chosen.some((other) => other.entry.term.includes(hit.entry.term))) continue;
    chosen.push(hit);
  }
  return chosen.sort((a, b) => a.start - b.start).map((hit) => hit.entry);
}

/** English question, Chinese quote: the question's renderings found in the quote, as the quote writes them. */
function chineseGlossary(dictionary: CedictDictionary, question: string, quote: string): GlossaryEntry[] {
  const folded = foldWithOffsets(quote);
  const hits: GlossaryHit[] = [];
  for (const concept of englishConcepts(dictionary, question)) {
    concept.candidates.forEach((candidate, rank) => {
      if (Array.from(candidate.word).length < 2) return;
      const start = folded.folded.indexOf(candidate.word);
      if (start < 0) return;
      const end = start + candidate.word.length;
      // Compositions and long-winded glosses read better as the question's own phrase.
      const gloss = candidate.composed || candidate.gloss.length === 0 || candidate.gloss.length > 40 ? concept.surface.toLowerCase() : candidate.gloss;
      hits.push({
        start,
        end,
        entry: { term: originalSpan(quote, folded, start, end), gloss },
        // Longer phrases first: 毛入園率 explains more than 入園 inside it.
        weight: concept.base * candidate.score * (1 - 0.1 * rank),
      });
    });
  }
  return pickHits(hits);
}

/** Chinese question, English quote: English words/phrases of the quote that render the question's words. */
function englishGlossary(dictionary: CedictDictionary, question: string, quote: string): GlossaryEntry[] {
  const quoteWords = englishWords(quote);
  if (quoteWords.length === 0) return [];
  const questionFolded = foldWithOffsets(question);
  const hits: GlossaryHit[] = [];
  for (const { word, base } of chineseWords(dictionary, question)) {
    // A single character (名, 开) is too vague to explain an English word.
    if (Array.from(word).length < 2) continue;
    const at = questionFolded.folded.indexOf(word);
    const original = at >= 0 ? originalSpan(question, questionFolded, at, at + word.length) : word;
    dictionary.englishSenses(word, 3).forEach((sense, rank) => {
      const tokens = englishWords(sense.text).map((w) => w.token);
      if (tokens.length === 0 || tokens.length > 4) return;
      for (let i = 0; i + tokens.length <= quoteWords.length; i++) {
        if (!tokens.every((token, k) => quoteWords[i + k]!.token === token)) continue;
        const first = quoteWords[i]!;
        const last = quoteWords[i + tokens.length - 1]!;
        hits.push({
          start: first.index,
          end: last.index + last.surface.length,
          entry: { term: quote.slice(first.index, last.index + last.surface.length), gloss: original },
          weight: base * (SENSE_RANK[rank] ?? 0.5) * sense.weight,
        });
        break;
      }
    });
  }
  return pickHits(hits);
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
