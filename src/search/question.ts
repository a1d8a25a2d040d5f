// The analysed question: everything the answer core needs to know about a question, worked out
// once — its language, content words weighted by rarity, their dictionary renderings, figures and
// years, the places and organisations it names, the time frame and the kind of answer it wants.
// Retrieval, the named checks and the scorer all read this one object; none parses the text again.
import {
  BOUND_FORMS,
  ENGLISH_DATE_WORDS,
  ENGLISH_PLACE_GLOSS_SUFFIXES,
  ENGLISH_WEEKDAYS,
  GENERIC_CAPITALS,
  GOVERNMENT_HEADS,
  PLACE_DEMONYMS,
} from "../text/lexicon.js";
import { isDictionaryWord, isPlaceName, isProperName, placeStem } from "../text/proper-names.js";
import { foldForSearch, isAcronym } from "../text/normalize.js";
import { detectLanguage, hanShare, hasHan, type Language } from "../text/script.js";
import { queryTerms, questionUnits, tagWords, withoutAnswerUnits, withoutQuestionForms } from "../text/segment.js";
import { fromCantonese } from "../text/cantonese.js";
import { chineseDigits } from "../text/numerals.js";
import { type AnswerKind, answerKind } from "./answer-kind.js";
import { collectionVocabulary, type Frequencies, type QuestionTerm, weighTerms } from "./coverage.js";
import { explicitFrame, questionFrame, type TimeFrame, withoutRelativeTime } from "./time-frame.js";
import type { QueryTranslator, SearchMode, TranslatedConcept, WeightedTerm } from "./types.js";

// "Beijing Municipality" → "Beijing": how a question names a place the dictionary renders with its unit.
const PLACE_GLOSS_SUFFIX = new RegExp(`\\s+(?:${ENGLISH_PLACE_GLOSS_SUFFIXES.join("|")})$`, "i");

/** What kind of thing a name in the question is. */
export type NameKind = "place" | "organisation" | "person" | "name";

/** A place, organisation or other name the question asks about: a constraint like a year. */
export interface QuestionName {
  /** As the question writes it. */
  surface: string;
  kind: NameKind;
  /** Folded forms that stand for it in either language (上海, shanghai; 广东省 also as 广东). */
  forms: string[];
  /** Whether any document of the collection states one of its forms. */
  seen: boolean;
  /**
   * A capitalised phrase of common words ("Executive Director", "Alien Resident Certificate"):
   * it weighs like a name, but a document may say it in other words, so it never refuses alone.
   */
  descriptive?: boolean;
  /**
   * An acronym a document identifies itself by (CNCF, NTUST): written so in every language, so a
   * passage whose sentence, section and document never state it is about something else.
   */
  acronym?: boolean;
}

/** The question, analysed once. */
export interface Question {
  /** The question as asked (trimmed, at most MAX_QUESTION_CHARS). */
  text: string;
  folded: string;
  language: Language;
  /** Written mostly in Chinese characters (a few Latin names aside: "CNCF 章程规定…"), whatever `language` says. */
  chinese: boolean;
  /** The content of the question: without relative time, the asked unit and the question's form. */
  content: string;
  /** Index terms of the content, for the lexical leg. */
  searchTerms: string[];
  /** Weighted terms of the other language, for the translated leg. */
  expansion: WeightedTerm[];
  /** Dictionary renderings of the question's words and phrases. */
  concepts: TranslatedConcept[];
  /** Content words weighted by rarity: as asked, and through translation. */
  terms: { original: QuestionTerm[]; translated: QuestionTerm[] };
  /** Numbers the question states (index terms), years included. */
  figures: string[];
  /** Four-digit years the question names. */
  years: number[];
  names: QuestionName[];
  frame: { asked?: TimeFrame; named?: TimeFrame };
  kind: AnswerKind;
}

/** What analysing a question needs to know of the collection. */
export interface QuestionContext {
  frequencies: Frequencies;
  totalChunks: number;
  translator?: QueryTranslator;
  mode?: SearchMode;
  /** Whether some document's title, places or file name states a folded form (an acronym is a name only then). */
  identifies?: (form: string) => boolean;
}

/** The longest question analysed; the rest is cut off. */
export const MAX_QUESTION_CHARS = 1000;

/** The language of a question: Chinese by script, English by letters. */
export function questionLanguage(text: string): Language {
  return hasHan(text) ? detectLanguage(text) : /[A-Za-z]/.test(text) ? "en" : "unknown";
}

/** True when a question is written mostly in Chinese characters, Latin names and codes aside. */
export function writtenInChinese(text: string): boolean {
  return (hanShare(text) ?? 0) >= 0.5;
}

/** Analyses a question once, for retrieval, the checks and the scorer. */
export function analyseQuestion(raw: string, context: QuestionContext): Question {
  const text = raw.trim().slice(0, MAX_QUESTION_CHARS);
  // Read in standard written Chinese (幾多錢 → 多少錢); the question is shown as typed.
  const standard = fromCantonese(text);
  const folded = foldForSearch(standard);
  // Relative time ("last year", 去年) is no word a document states: it picks the section. The unit
  // asked for (多少亿元) and the form of the question (叫什么名字, "supposed to") are no content either.
  const content = withoutQuestionForms(withoutAnswerUnits(withoutRelativeTime(standard)));
  // A short form (医保) is also its full form (医疗保险), which is searched too; a bound (最高) is
  // also met by the other forms of that bound (不得超过, 以下).
  const units = questionUnits(content).map((unit) => {
    const full = context.translator?.fullForms?.(unit.word) ?? [];
    const alternatives = [...new Set([...full, ...otherBoundForms(unit.word)])];
    return { unit: alternatives.length > 0 ? { ...unit, alternatives } : unit, full };
  });
  const searchTerms = [...new Set([...queryTerms(content), ...units.flatMap(({ full }) => full.flatMap((form) => queryTerms(form)))])];
  const vocabulary = collectionVocabulary(context.frequencies);
  const translating = context.translator !== undefined && context.mode !== "dense";
  const expansion = translating ? context.translator!.expand(content, vocabulary) : [];
  const concepts: TranslatedConcept[] = context.translator?.concepts?.(content, vocabulary) ?? [];
  const glossed = translating && context.translator?.termGlosses !== undefined;
  const terms = weighTerms(
    context.frequencies,
    units.map(({ unit }) => unit),
    concepts,
    Math.max(1, context.totalChunks),
    glossed,
  );
  const figures = searchTerms.filter((term) => /^\d/.test(term));
  return {
    text,
    folded,
    language: questionLanguage(text),
    chinese: writtenInChinese(text),
    content,
    searchTerms,
    expansion,
    concepts,
    terms,
    figures,
    years: yearsOf(folded),
    names: questionNames(standard, concepts, context.translator, context.identifies).map((name) => ({
      ...name,
      seen: stated(name.forms, context.frequencies),
    })),
    frame: { asked: questionFrame(standard), named: explicitFrame(standard) },
    kind: answerKind(standard),
  };
}

/** True when the collection holds every index term of at least one of the forms. */
function stated(forms: readonly string[], frequencies: Frequencies): boolean {
  const termsOfForms = forms.map((form) => queryTerms(form));
  const df = frequencies([...new Set(termsOfForms.flat())]);
  return termsOfForms.some((terms) => terms.length > 0 && terms.every((t) => (df.get(t) ?? 0) > 0));
}

/** The other Chinese forms of the bound a question word states (最高 → 不得超过, 以下, …), if it states one. */
function otherBoundForms(word: string): string[] {
  return BOUND_FORMS.find((bound) => bound.chinese.includes(word))?.chinese.filter((form) => form !== word) ?? [];
}

/** Four-digit years of a text (1900–2099): "2019", "2019年", and in Chinese digits, 二〇一九年. */
export function yearsOf(folded: string): number[] {
  const digits = [...folded.matchAll(/(?<!\d)((?:19|20)\d\d)(?!\d)/g)].map((m) => Number(m[1]));
  const written = [...folded.matchAll(/([〇零一二三四五六七八九]{4})年/g)].map((m) => chineseDigits(m[1]!) ?? 0).filter((y) => y >= 1900 && y < 2100);
  return [...new Set([...digits, ...written])];
}

// Months and weekdays are capitalised, but they are dates, not names; so are weekdays in the
// plural ("open on Wednesdays"; a plural month would be a name: Mars is no March).
const DATE_WORDS: ReadonlySet<string> = new Set([...ENGLISH_DATE_WORDS, ...ENGLISH_WEEKDAYS.map((day) => `${day}s`)]);

const JIEBA_KINDS: Readonly<Record<string, NameKind>> = { ns: "place", nt: "organisation", nr: "person", nz: "name" };

/**
 * The names a question asks about. In Chinese, the places and organisations the segmenter tags
 * (上海, 内政部) and any Latin word (Eastside分馆); in English, runs of capitalised words after
 * the first word that are not generic ("the Bureau"), with their dictionary renderings, so that
 * "Shanghai" also binds to 上海; in either, an acronym of three letters or more that a document
 * identifies itself by (CNCF in "Cloud Native Computing Foundation (“CNCF”) Charter") — other
 * acronyms abbreviate common nouns (GDP, PE).
 */
export function questionNames(
  text: string,
  concepts: readonly TranslatedConcept[] = [],
  translator?: Pick<QueryTranslator, "properName" | "commonEnglish">,
  identifies?: (form: string) => boolean,
): QuestionName[] {
  const names: QuestionName[] = [];
  const add = (surface: string, kind: NameKind, forms: string[]): void => {
    const folded = [...new Set(forms.map((f) => foldForSearch(f).trim()).filter((f) => f.length >= 2))];
    if (folded.length > 0 && !names.some((n) => n.surface === surface)) names.push({ surface, kind, forms: folded, seen: true });
  };
  const renderings = (surface: string): string[] => {
    const lower = surface.toLowerCase();
    return (
      concepts
        .filter((c) => c.renderings.length > 0 && (lower.includes(c.source.toLowerCase()) || c.source.toLowerCase().includes(lower)))
        // A name's first rendering is its dictionary name (Shanghai → 上海); the others are senses.
        .flatMap((c) => c.renderings.slice(0, 1).map((r) => r.text))
    );
  };
  if (hasHan(text)) {
    for (const tagged of tagWords(foldForSearch(text))) {
      let { word } = tagged;
      let kind = JIEBA_KINDS[tagged.tag];
      if (!kind || kind === "person" || kind === "name" || Array.from(word).length < 2) continue;
      // A place's government (香港政府) is named by its place: documents say 政府 and are about 香港.
      const head = kind === "organisation" ? GOVERNMENT_HEADS.find((h) => word.endsWith(h) && word.length > h.length) : undefined;
      if (head && isPlaceName(word.slice(0, -head.length))) {
        word = word.slice(0, -head.length);
        kind = "place";
      }
      // The segmenter tags some common words as places (新建 is also a county): only a proper
      // noun, or an unknown word with a place's suffix, is a name.
      if (kind === "place" ? !isPlaceName(word) : isDictionaryWord(word) && !isProperName(word)) continue;
      const stem = kind === "place" ? (placeStem(word) ?? word) : word;
      const english = translator?.properName?.(word) || translator?.properName?.(stem);
      // English text names the place with or without its kind ("Manhattan Island", "Manhattan").
      add(word, kind, [word, stem, ...(english ? [english.replace(PLACE_GLOSS_SUFFIX, ""), english] : [])]);
    }
  }
  // A Chinese question writes a Latin name as the documents do (Gentoo Android App): the
  // dictionary's renderings of its words (Android → 机器人) are not its forms.
  const askedInChinese = writtenInChinese(text);
  for (const run of capitalisedRuns(text)) {
    // "A Taiwanese citizen" names Taiwan (the dictionary's renderings of the adjective are slang).
    const demonym = PLACE_DEMONYMS[run.toLowerCase()];
    if (demonym) {
      add(run, "place", [run, ...demonym]);
      continue;
    }
    // "Henan" is a place when one of its first renderings (河南) is: it then binds as 河南 would.
    const place = concepts.some(
      (c) => c.source.toLowerCase() === run.toLowerCase() && c.renderings.slice(0, 3).some((r) => isPlaceName(foldForSearch(r.text))),
    );
    add(run, place ? "place" : "name", [run, ...(askedInChinese ? [] : renderings(run))]);
    const name = names.find((n) => n.surface === run);
    const common = translator?.commonEnglish;
    if (name && common && run.split(/[\s-]+/).every((word) => common(word))) name.descriptive = true;
  }
  if (identifies) {
    for (const match of text.matchAll(/(?<![A-Za-z0-9])[A-Z][A-Z0-9]{2,7}(?![A-Za-z0-9])/g)) {
      const acronym = match[0];
      if ((acronym.match(/[A-Z]/g)?.length ?? 0) < 3 || names.some((n) => n.forms.includes(acronym.toLowerCase()))) continue;
      if (!identifies(foldForSearch(acronym))) continue;
      add(acronym, "name", [acronym]);
      const name = names.find((n) => n.surface === acronym);
      if (name) name.acronym = true;
    }
  }
  return names;
}

/**
 * Runs of capitalised English words that name one thing ("Harbour Road", "Xinjiang"), skipping
 * the first word of a sentence, generic capitals, acronyms and hyphenated adjectives; in a
 * Chinese question every Latin word of two letters or more counts ("Eastside分馆").
 */
function capitalisedRuns(text: string): string[] {
  // A Chinese question, not an English one quoting a Chinese term ("'Four Good Rural Roads' (四好农村路)").
  const chinese = writtenInChinese(text);
  // A possessive belongs to the sentence, not the name ("FAA's", "Hong Kong's"), and ends it:
  // "Taiwan's Labor Standards Act" names Taiwan and the act, not a "Taiwan Labor Standards".
  // Letters and digits together make one word: "HbA1c" and "G6" are names, not "HbA" and "G".
  const words = [...text.matchAll(/[A-Za-z][A-Za-z0-9'’-]*/g)].map((m) => ({
    word: m[0].replace(/['’]s?$/, ""),
    possessive: /['’]s?$/.test(m[0]),
    index: m.index ?? 0,
    length: m[0].length,
  }));
  const runs: string[] = [];
  let run: string[] = [];
  const flush = (): void => {
    const kept = run.filter((w) => !GENERIC_CAPITALS.has(w.toLowerCase()) && !DATE_WORDS.has(w.toLowerCase()));
    if (kept.length > 0) runs.push(kept.join(" "));
    run = [];
  };
  words.forEach((match, i) => {
    const word = match.word;
    const start = match.index;
    const sentenceStart = i === 0 || /[.?!。？！]\s*$/.test(text.slice(0, start));
    const capitalised = /^[A-Z]/.test(word) && !sentenceStart;
    const previous = words[i - 1];
    const adjacent = previous !== undefined && /^\s+$/.test(text.slice(previous.index + previous.length, start));
    // "Sino-foreign" is an adjective, and "PE" or "GDP" abbreviate common nouns.
    // A code of capitals and digits ("PM2", "CO2") abbreviates a common noun like an acronym does.
    const acronym = isAcronym(word) || /^[A-Z0-9]+$/.test(word);
    // A short word right after a figure or 几 in a Chinese question is its unit (幾pt, 12cm, 多少kWh).
    const unit = chinese && word.length <= 4 && /(?:\d|[几幾多少])\s*$/.test(text.slice(0, start));
    if ((chinese || capitalised) && word.length >= 2 && !word.includes("-") && !acronym && !unit) {
      if (run.length > 0 && !adjacent) flush();
      run.push(word);
      if (match.possessive) flush();
    } else if (run.length > 0) {
      flush();
    }
  });
  flush();
  return runs;
}
