// English word relations from WordNet's data files: what a question word is also called, found
// by bisection of the real index files, inflections folded, and nothing invented.
import { describe, expect, it } from "vitest";
import { relatedWords } from "../../src/text/wordnet.js";

const words = (word: string): string[] => relatedWords(word).map((r) => r.word);
const weight = (word: string, related: string): number => relatedWords(word).find((r) => r.word === related)?.weight ?? 0;

describe("relatedWords", () => {
  it("gives an adjective the noun it pertains to, and a noun its narrower words", () => {
    expect(words("urban")).toContain("city");
    expect(words("waste")).toEqual(expect.arrayContaining(["garbage", "rubbish", "sewage"]));
    expect(words("legislator")).toContain("senator");
  });

  it("gives synonyms of the commonest sense more weight than narrower words", () => {
    expect(weight("airplane", "aeroplane")).toBeGreaterThan(weight("airplane", "jet"));
    expect(weight("airplane", "jet")).toBeGreaterThan(0);
  });

  it("weighs a part of speech by how often the word is used that way", () => {
    // "waste" is mostly a noun: its rare adjective sense ("a waste land") adds little.
    expect(weight("waste", "garbage")).toBeGreaterThan(weight("waste", "godforsaken"));
  });

  it("folds regular inflections onto the lemma", () => {
    expect(words("jobs")).toEqual(words("job"));
    expect(words("jobs")).toContain("employment");
    expect(words("planes")).toContain("airplane");
  });

  it("finds the first and the last lemmas of an index file", () => {
    // Bisection must reach both ends of the sorted files (the licence lines sit before the first).
    expect(words("aardvark")).toContain("anteater");
    expect(words("zymurgy")).toContain("zymology");
  });

  it("gives nothing for words WordNet lacks, phrases, and non-words", () => {
    expect(relatedWords("qwzxv")).toEqual([]);
    expect(relatedWords("household waste")).toEqual([]);
    expect(relatedWords("")).toEqual([]);
    expect(relatedWords("2024")).toEqual([]);
  });

  it("returns each related word once, closest first, bounded", () => {
    for (const word of ["run", "set", "line", "meeting"]) {
      const list = relatedWords(word);
      expect(list.length).toBeLessThanOrEqual(16);
      expect(new Set(list.map((r) => r.word)).size).toBe(list.length);
      expect(list.map((r) => r.weight)).toEqual([...list.map((r) => r.weight)].sort((a, b) => b - a));
      for (const r of list) expect(r.word).not.toBe(word);
    }
  });
});
