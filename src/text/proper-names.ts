// Which Chinese words are names: CC-CEDICT writes the pinyin of a proper noun with a capital
// (北京 "Bei3 jing1", 最高人民法院 "Zui4 gao1 Ren2 min2 Fa3 yuan4") and of a common word in lower
// case (城市 "cheng2 shi4"). jieba's part-of-speech tags call many common words places (城市, 新建,
// 美丽 are all "ns" in its dictionary, since somewhere they are also names); a word that
// CC-CEDICT knows only as a proper noun is a name whatever the context. Owns reading that set
// from the cc-cedict package once per process (about 0.4 s), lazily.
import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";
import { PLACE_SUFFIXES } from "./lexicon.js";

let properOnly: ReadonlySet<string> | undefined;
let known: ReadonlySet<string> | undefined;

/** cc-cedict's simplified-headword file (the package's exports hide it), if installed. */
function sourceFile(): string | undefined {
  const require = createRequire(import.meta.url);
  for (const dir of require.resolve.paths("cc-cedict") ?? []) {
    const candidate = path.join(dir, "cc-cedict", "data", "simplified.js");
    if (fs.existsSync(candidate)) return candidate;
  }
  return undefined;
}

function load(): void {
  if (properOnly && known) return;
  const proper = new Set<string>();
  const all = new Set<string>();
  const file = sourceFile();
  if (file) {
    // Each entry is "headword":{"pinyin":[…],…}: a scan beats parsing 5 MB of JSON threefold.
    const text = fs.readFileSync(file, "utf8");
    for (const entry of text.matchAll(/"(\p{Script=Han}{2,10})":\{([^}]*)\}/gu)) {
      const readings = [...entry[2]!.matchAll(/"([^"]*)":\[/g)].map((m) => m[1]!);
      all.add(entry[1]!);
      if (readings.length > 0 && readings.every((reading) => /^[A-Z]/.test(reading))) proper.add(entry[1]!);
    }
  }
  properOnly = proper;
  known = all;
}

/** Reads the proper-noun list now (about 0.4 s), so that no question pays for it. */
export function warmProperNames(): void {
  load();
}

/** True when CC-CEDICT knows the (simplified) word only as a proper noun: a place, body or person. */
export function isProperName(word: string): boolean {
  load();
  return properOnly!.has(word);
}

/** True when the (simplified) word is a CC-CEDICT headword at all, proper or common. */
export function isDictionaryWord(word: string): boolean {
  load();
  return known!.has(word);
}

/** The name before an administrative or geographic suffix (陕西省 → 陕西), if it has one. */
export function placeStem(word: string): string | undefined {
  for (const suffix of PLACE_SUFFIXES) {
    if (word.length > suffix.length + 1 && word.endsWith(suffix)) return word.slice(0, -suffix.length);
  }
  return undefined;
}

/** True when a word the segmenter calls a place is a name: a proper noun, or a name (or unknown word) with a place suffix. */
export function isPlaceName(word: string): boolean {
  if (Array.from(word).length < 2) return false;
  if (isProperName(word)) return true;
  // A common word that happens to end like a place (大城市 "big city") is not one.
  if (isDictionaryWord(word)) return false;
  const stem = placeStem(word);
  return stem !== undefined && (isProperName(stem) || (!isDictionaryWord(stem) && Array.from(stem).length >= 2));
}
