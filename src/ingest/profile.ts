// The document profile builder (pure apart from reading CC-CEDICT once): which places,
// organisations and years dominate a document, which ones its title and first lines name, and
// the words of its file name or URL path. See src/store/document-profile.ts for the type.
//  - Chinese: jieba's part-of-speech tags on folded (simplified) text — ns place, nt
//    organisation — kept only when the word is a name (CC-CEDICT knows it only as a proper
//    noun, or it is a name plus an administrative suffix: 陕西省, 香港特别行政区), since jieba
//    tags common words such as 城市 or 美丽 as places too. A place followed by an organisation
//    word is one organisation (北京市 + 人民政府); forms that differ by the suffix count together.
//  - English: runs of capitalised words inside prose, not at a sentence's start; an organisation
//    ends with an organisation word (Administration, Court, Foundation…), a place is named after
//    "in", "across", "from"… or ends with a place word (City, Province, Island…).
//  - Years: 2024年, 二〇二四年, 民國113年 (the Republic-of-China calendar: + 1911), ISO dates and
//    bare four-digit years that are not part of an identifier (AD 2018–23–51).
import path from "node:path";
import {
  CAPITALISED_NON_NAMES,
  DEMONYM_ENDINGS,
  ENGLISH_NAME_CONNECTORS,
  ENGLISH_ORGANISATION_HEADS,
  ENGLISH_PLACE_HEADS,
  ENGLISH_STOPWORDS,
  ENGLISH_WORK_HEADS,
  FOREIGN_NAME_PARTICLES,
  LOCATIVE_PREPOSITIONS,
} from "../text/lexicon.js";
import { tagWords } from "../text/segment.js";
import { escapeRegExp, foldForSearch } from "../text/normalize.js";
import { chineseDigits, chineseNumeral } from "../text/numerals.js";
import { isPlaceName, isProperName, placeStem } from "../text/proper-names.js";
import type { DocumentProfile, ProfileName, ProfileYear } from "../store/document-profile.js";
import { abbreviationsIn } from "../text/abbreviations.js";

export interface ProfileInput {
  title: string;
  /** The cleaned text of the document. */
  text: string;
  /** The date the document states (ISO), if any. */
  date?: string;
  /** The file path or URL the document came from. */
  source: string;
}

type Kind = "place" | "organisation";

interface Mention {
  kind: Kind;
  /** As written (the original script when it can be recovered). */
  name: string;
  /** foldForSearch(name). */
  key: string;
}

// How much of the opening counts as "first lines": a title block, a speaker line, a dateline.
const OPENING_CHARS = 400;
const MAX_NAMES = 12;
const MAX_YEARS = 10;

/** The proper place an organisation's name starts with (北京市人民政府 → 北京市), if any. */
function placePrefix(word: string): string | undefined {
  const chars = Array.from(word);
  for (let length = Math.min(chars.length - 2, 8); length >= 2; length--) {
    const prefix = chars.slice(0, length).join("");
    if (isProperName(prefix) || (placeStem(prefix) !== undefined && isPlaceName(prefix))) return prefix;
  }
  return undefined;
}

/** True when a jieba "organisation" is a name: a proper noun, or one that starts with a place. */
function isOrganisationName(word: string): boolean {
  return Array.from(word).length >= 3 && (isProperName(word) || placePrefix(word) !== undefined);
}

/** Places and organisations of Chinese text, in order of appearance. */
function chineseMentions(text: string): Mention[] {
  const folded = foldForSearch(text);
  // Folding keeps lengths for almost all text: then the name can be shown as the document writes it.
  const aligned = folded.length === text.length;
  const tagged = tagWords(folded);
  const out: Mention[] = [];
  let offset = 0;
  const written = (from: number, key: string): string => (aligned ? text.slice(from, from + key.length) : key);
  for (let i = 0; i < tagged.length; i++) {
    const { word, tag } = tagged[i]!;
    const start = offset;
    offset += word.length;
    if (!/\p{Script=Han}/u.test(word)) continue;
    // A place and the body that follows it are one organisation: 北京市 + 人民政府, and
    // 北京市 + 第十三届 + 人民代表大会常务委员会 (the term of a congress is not part of its name).
    let skip = 1;
    let term = "";
    while (
      skip <= 4 &&
      i + skip < tagged.length &&
      /^第?[一二三四五六七八九十百\d]*届?$/.test(term + tagged[i + skip]!.word) &&
      tagged[i + skip]!.tag !== "nt"
    ) {
      term += tagged[i + skip]!.word;
      skip++;
    }
    if (!/^第[一二三四五六七八九十百\d]+届$/.test(term)) {
      term = "";
      skip = 1;
    }
    const next = tagged[i + skip];
    if (tag === "ns" && next?.tag === "nt" && isPlaceName(word)) {
      const key = word + next.word;
      out.push({ kind: "place", name: written(start, word), key: word }, { kind: "organisation", name: aligned && !term ? written(start, key) : key, key });
      for (let k = 1; k <= skip; k++) offset += tagged[i + k]!.word.length;
      i += skip;
      continue;
    }
    // jieba tags some administrative units as bodies (香港特别行政区): a place suffix makes them places.
    const place = tag === "ns" || (tag === "nt" && placeStem(word) !== undefined && isProperName(placeStem(word)!));
    if (place && isPlaceName(word)) out.push({ kind: "place", name: written(start, word), key: word });
    else if (tag === "nt" && isOrganisationName(word)) {
      const place = placePrefix(word);
      if (place && !isProperName(word)) out.push({ kind: "place", name: written(start, place), key: place });
      out.push({ kind: "organisation", name: written(start, word), key: word });
    }
  }
  return out;
}

// Adjectives of peoples ("Indonesian authorities", "Turkish government") are not places.
const DEMONYM = new RegExp(`(?:${DEMONYM_ENDINGS.join("|")})$`);
const LOCATIVE = new RegExp(`\\b(?:${LOCATIVE_PREPOSITIONS.join("|")})\\s+(?:the\\s+)?$`, "i");
// Lower-case words inside a name: English connectors and particles of European names.
const CONNECTORS: ReadonlySet<string> = new Set([...ENGLISH_NAME_CONNECTORS, ...FOREIGN_NAME_PARTICLES]);
const isConnector = (word: string): boolean => CONNECTORS.has(word.toLowerCase());
// "Federal Aviation Administration (FAA)": a name of capitalised words (English connectors between them) and its acronym.
const ACRONYM_DEFINITION = new RegExp(
  `((?:\\p{Lu}[\\p{L}’'-]+\\s+(?:(?:${ENGLISH_NAME_CONNECTORS.map(escapeRegExp).join("|")})\\s+)*){1,8}\\p{Lu}[\\p{L}’'-]+)\\s*\\((\\p{Lu}{2,6})\\)`,
  "gu",
);

/** Runs of capitalised words in a prose line (connectors such as "of" inside them), with where each starts. */
function capitalisedRuns(line: string): { words: string[]; index: number }[] {
  const runs: { words: string[]; index: number }[] = [];
  const tokens = [...line.matchAll(/[\p{L}\p{M}][\p{L}\p{M}’'.-]*|\d+|[^\s\p{L}\p{M}\d]+/gu)];
  let current: { words: string[]; index: number } | undefined;
  const close = (): void => {
    if (!current) return;
    while (current.words.length > 0 && isConnector(current.words[current.words.length - 1]!)) current.words.pop();
    if (current.words.length > 0) runs.push(current);
    current = undefined;
  };
  for (const token of tokens) {
    const word = token[0].replace(/(?:['’]s|[.’'-])+$/u, "");
    const capitalised = /^\p{Lu}/u.test(word) && word.length > 1;
    if (capitalised) {
      current ??= { words: [], index: token.index };
      current.words.push(word);
    } else if (current && isConnector(word) && !/[’'.]s?$/u.test(token[0])) current.words.push(word);
    else close();
    // A possessive or a closing full stop ends the name ("Jamaica’s", "in Turkey.").
    if (current && /(?:['’]s|[.,;:])$/u.test(token[0])) close();
  }
  close();
  return runs;
}

/** Places and organisations of English prose, in order of appearance. */
function englishMentions(text: string): Mention[] {
  const found: { key: string; name: string; index: number; line: string; acronym?: boolean }[] = [];
  const acronyms = new Map<string, string>();
  // "Federal Aviation Administration (FAA)": wherever a name defines its acronym, later uses of
  // the acronym are mentions of the name.
  for (const m of text.matchAll(ACRONYM_DEFINITION)) {
    const words = m[1]!.split(/\s+/).filter((w, i) => i > 0 || !ENGLISH_STOPWORDS.has(w.toLowerCase()));
    if (!acronyms.has(m[2]!)) acronyms.set(m[2]!, foldForSearch(words.join(" ")));
  }
  for (const raw of text.split("\n")) {
    const line = raw.replace(/^#{1,6}\s+/, "").trim();
    const words = line.match(/\p{L}+/gu) ?? [];
    // Headings and menus are Title Case throughout: only prose tells a name from a capitalised word.
    const lower = words.filter((w) => /^\p{Ll}/u.test(w)).length;
    if (words.length < 4 || lower / words.length < 0.4 || raw.startsWith("#")) {
      // A heading or title line may itself be a name ("DEPARTMENT OF TRANSPORTATION"): taken only
      // when it ends with an organisation or place word, as there is no sentence around it.
      for (const part of line.split(/\s*[;:|–—]\s*/)) {
        const key = foldForSearch(part.trim());
        if (/^[\p{L}\p{M}’'.& -]+$/u.test(part) && key.split(" ").length <= 8 && headKind(key) !== undefined && /^\p{Lu}/u.test(part))
          found.push({ key, name: part.trim(), index: 0, line: "" });
      }
      continue;
    }
    for (const run of capitalisedRuns(line)) {
      let words = run.words;
      let index = run.index;
      while (words.length > 0 && ENGLISH_STOPWORDS.has(words[0]!.toLowerCase())) {
        index = line.indexOf(words[1] ?? "", index + words[0]!.length);
        words = words.slice(1);
      }
      const before = line.slice(0, run.index).trimEnd();
      const sentenceStart = before === "" || /[.!?:;"“”(]$/u.test(before);
      // "Except for Confidential Business Information": a sentence's first word and its connector are not part of the name.
      if (sentenceStart && index === run.index && words.length > 2 && isConnector(words[1]!)) {
        index = line.indexOf(words[2]!, index);
        words = words.slice(2);
      }
      // "Executive Director of the Wikimedia Foundation": a post's holder is named elsewhere; the body is the name.
      const of = words.findIndex((w) => /^of$/i.test(w));
      if (of > 0 && CAPITALISED_NON_NAMES.has(words[of - 1]!.toLowerCase())) {
        const rest = words.slice(of + 1).filter((w, i) => i > 0 || !/^the$/i.test(w));
        if (rest.length > 0) {
          index = line.indexOf(rest[0]!, index);
          words = rest;
        }
      }
      if (words.length === 0 || CAPITALISED_NON_NAMES.has(words[0]!.toLowerCase())) continue;
      if (sentenceStart && words.length === 1 && index === run.index) continue;
      if (words.every((w) => /^\p{Lu}+$/u.test(w)) && words.length === 1) continue; // an acronym alone
      if (ENGLISH_WORK_HEADS.has(words[0]!.toLowerCase())) continue;
      const name = words.join(" ");
      found.push({ key: foldForSearch(name), name, index, line });
    }
    for (const match of line.matchAll(/\b(\p{Lu}{2,6})\b/gu)) {
      const key = acronyms.get(match[1]!);
      // The acronym in its own definition, "(RPA)", is the same mention as the name before it.
      if (key && line[match.index - 1] !== "(") found.push({ key, name: match[1]!, index: match.index, line, acronym: true });
    }
  }
  // Classify by every mention of the name: a place is one named "in" something often enough.
  const byKey = new Map<string, { total: number; locative: number }>();
  for (const f of found) {
    const stats = byKey.get(f.key) ?? { total: 0, locative: 0 };
    stats.total++;
    if (LOCATIVE.test(f.line.slice(0, f.index))) stats.locative++;
    byKey.set(f.key, stats);
  }
  const kindOf = (key: string): Kind | undefined => {
    const head = headKind(key);
    if (head !== undefined) return head || undefined;
    const words = key.split(" ");
    if (words.length === 1 && DEMONYM.test(key)) return undefined;
    const stats = byKey.get(key)!;
    return stats.locative * 2 >= stats.total ? "place" : undefined;
  };
  const out: Mention[] = [];
  for (const f of found) {
    const kind = kindOf(f.key);
    // The long form names the body; its acronym counts as a mention of it.
    if (kind) out.push({ kind, name: f.acronym ? (found.find((g) => g.key === f.key && !g.acronym)?.name ?? f.name) : f.name, key: f.key });
  }
  return out;
}

/**
 * What a name's own words say it is: an organisation when the part before any "of" ends with an
 * organisation word (Court of Turkey), a place when it ends with a place word, "" for the name of
 * a text (Federal Register), undefined when the words do not tell.
 */
function headKind(key: string): Kind | "" | undefined {
  const words = key.split(" ");
  const head = key.split(" of ")[0]!.split(" ");
  // A lone "Court" or "Government" is a word with a capital, not a body's name.
  if (ENGLISH_ORGANISATION_HEADS.has(head[head.length - 1]!)) return words.length >= 2 ? "organisation" : "";
  const last = words[words.length - 1]!;
  if (ENGLISH_WORK_HEADS.has(last)) return "";
  if (ENGLISH_PLACE_HEADS.has(last) && words.length >= 2) return "place";
  return undefined;
}

/** Places and organisations a text names, in order of appearance (Chinese and English). */
export function namesIn(text: string): Mention[] {
  return [...chineseMentions(text), ...englishMentions(text)];
}

/** The key names of a kind are counted under: the form without its suffix when that is a name. */
function groupKey(mention: Mention): string {
  if (mention.kind !== "place") return mention.key;
  const stem = placeStem(mention.key);
  return stem && isProperName(stem) ? stem : mention.key;
}

/** Counts mentions into ranked names: forms that differ by a suffix together, the most written form shown. */
function rank(mentions: readonly Mention[], kind: Kind): ProfileName[] {
  const groups = new Map<string, { forms: Map<string, { name: string; count: number }>; count: number; first: number }>();
  mentions.forEach((mention, index) => {
    if (mention.kind !== kind) return;
    const key = groupKey(mention);
    const group = groups.get(key) ?? { forms: new Map(), count: 0, first: index };
    const form = group.forms.get(mention.key) ?? { name: mention.name, count: 0 };
    form.count++;
    group.forms.set(mention.key, form);
    group.count++;
    groups.set(key, group);
  });
  const total = [...groups.values()].reduce((n, g) => n + g.count, 0);
  return [...groups.values()]
    .sort((a, b) => b.count - a.count || a.first - b.first)
    .map((group) => {
      const [key, form] = [...group.forms.entries()].sort((a, b) => b[1].count - a[1].count || b[0].length - a[0].length)[0]!;
      return { name: form.name, key, count: group.count, weight: round(group.count / total) };
    });
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}

const YEAR_RANGE = (year: number): boolean => year >= 1900 && year <= 2100;

/** Every year a text mentions, in order: Gregorian years, years in Chinese digits, and 民國 years. */
export function yearsIn(text: string): number[] {
  const found: { year: number; index: number }[] = [];
  // Keyed by where the year's own digits start, so two patterns never count one year twice.
  const add = (year: number | undefined, match: RegExpMatchArray): void => {
    const index = match.index! + match[0].indexOf(match[1]!);
    if (year !== undefined && YEAR_RANGE(year) && !found.some((f) => f.index === index)) found.push({ year, index });
  };
  const roc = /民[國国]/.test(text);
  for (const m of text.matchAll(/(?<![\d.])((?:19|20)\d{2})\s*年/g)) add(Number(m[1]), m);
  for (const m of text.matchAll(/([〇零一二三四五六七八九]{4})年/g)) add(chineseDigits(m[1]!), m);
  // The Republic-of-China calendar counts from 1912: 民國113年 is 2024.
  for (const m of text.matchAll(/民[國国]\s*(\d{1,3}|[一二三四五六七八九十百零〇]+)\s*年/g)) add((chineseNumeral(m[1]!) ?? 0) + 1911, m);
  if (roc) {
    // In a text that counts in 民國 years, a date whose year has three digits or is written as a
    // counting numeral (一百十三年三月一日) is one too.
    for (const m of text.matchAll(
      /(?<![民國国\d一二三四五六七八九十百零〇])(\d{2,3}|[一二三四五六七八九十百零]{2,6})\s*年\s*(?=[\d一二三四五六七八九十]{1,3}\s*月)/g,
    )) {
      const n = chineseNumeral(m[1]!);
      if (n !== undefined && n >= 1 && n < 200) add(n + 1911, m);
    }
  }
  for (const m of text.matchAll(/(?<![\d.,$#/–-])((?:19|20)\d{2})[-/.](?:0?[1-9]|1[0-2])[-/.]\d{1,2}(?!\d)/g)) add(Number(m[1]), m);
  // A bare year, but not one inside an identifier (AD 2018–23–51, FAA–2020–0686), an amount, or a
  // quantity of something Chinese counts (2000户, 2000 张).
  for (const m of text.matchAll(/(?<![\d.,$#/–-])((?:19|20)\d{2})(?![\d%]|\s*年|[-–/.]\d|\s*(?![至到和与及、])\p{Script=Han})/gu)) add(Number(m[1]), m);
  return found.sort((a, b) => a.index - b.index).map((f) => f.year);
}

function rankYears(years: readonly number[]): ProfileYear[] {
  const counts = new Map<number, number>();
  for (const year of years) counts.set(year, (counts.get(year) ?? 0) + 1);
  const total = years.length;
  return [...counts.entries()]
    .sort((a, b) => b[1] - a[1] || b[0] - a[0])
    .slice(0, MAX_YEARS)
    .map(([year, count]) => ({ year, count, weight: round(count / total) }));
}

// Words of paths that say nothing about a document: extensions, server conventions.
const GENERIC_PATH_WORDS = new Set("html htm xhtml php asp aspx jsp shtml cgi index default www md markdown txt text pdf docx doc".split(" "));

/** The folded words of a file name, or of a URL's path (its segments, decoded). */
export function pathWords(source: string): string[] {
  let name: string;
  if (/^[a-z]+:\/\//i.test(source)) {
    let pathname = source;
    try {
      pathname = new URL(source).pathname;
    } catch {
      // Not a valid URL after all: its text is still words.
    }
    try {
      name = decodeURIComponent(pathname);
    } catch {
      name = pathname;
    }
  } else name = path.basename(source);
  const words: string[] = [];
  for (const match of foldForSearch(name).matchAll(/\p{Script=Han}+|[a-z]+|\d+/gu)) {
    const run = match[0];
    if (/\p{Script=Han}/u.test(run))
      words.push(
        ...tagWords(run)
          .map((w) => w.word)
          .filter((w) => Array.from(w).length >= 2),
      );
    else if (/^\d+$/.test(run) ? run.length === 4 : run.length >= 2 && !GENERIC_PATH_WORDS.has(run)) words.push(run);
  }
  return [...new Set(words)];
}

/** Distinct names of a kind in order of appearance. */
function inOrder(mentions: readonly Mention[], kind: Kind, ranked: readonly ProfileName[]): ProfileName[] {
  const out: ProfileName[] = [];
  for (const mention of mentions) {
    if (mention.kind !== kind) continue;
    const key = groupKey(mention);
    const entry = ranked.find((r) => groupKey({ ...mention, key: r.key }) === key) ?? { name: mention.name, key: mention.key, count: 1, weight: 0 };
    if (!out.some((o) => o.key === entry.key)) out.push(entry);
  }
  return out;
}

/** Builds a document's profile from its title, cleaned text, date and source. */
export function buildProfile(input: ProfileInput): DocumentProfile {
  const whole = `${input.title}\n${input.text}`;
  const mentions = namesIn(whole);
  const opening = `${input.title}\n${input.text.slice(0, OPENING_CHARS)}`;
  const openingMentions = namesIn(opening);
  const places = rank(mentions, "place");
  const organisations = rank(mentions, "organisation");
  const titlePlaces = inOrder(openingMentions, "place", places);
  const titleOrganisations = inOrder(openingMentions, "organisation", organisations);
  // A name said once is noise unless the opening says it: that is where a document names itself.
  const keep = (names: ProfileName[], opening: readonly ProfileName[]): ProfileName[] =>
    names.filter((n) => n.count >= 2 || opening.some((o) => o.key === n.key)).slice(0, MAX_NAMES);
  return {
    version: 1,
    places: keep(places, titlePlaces),
    organisations: keep(organisations, titleOrganisations),
    years: rankYears(yearsIn(whole)),
    titlePlaces,
    titleOrganisations,
    titleYears: [...new Set(yearsIn(opening))],
    date: input.date ?? null,
    pathWords: pathWords(input.source),
    abbreviations: abbreviationsIn(input.text),
  };
}
