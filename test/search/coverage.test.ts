// How much of a question a text covers, by the weights of the question's words: a translated
// word weighs as its likely renderings do in the collection.
import { describe, expect, it } from "vitest";
import { weighTerms } from "../../src/search/coverage.js";

describe("how much a translated word weighs", () => {
  // A collection of 1,000 passages: 考虑 is common, 斟酌 and 时间戳 are rare.
  const df = new Map([
    ["考虑", 300],
    ["斟酌", 2],
    ["时间戳", 3],
    ["有效", 40],
  ]);
  const frequencies = (terms: readonly string[]) => new Map(terms.map((t) => [t, df.get(t) ?? 0] as [string, number]));
  const concept = (word: string, renderings: [string, number][]) => ({
    source: word,
    words: [word],
    weight: 1,
    renderings: renderings.map(([text, score]) => ({ text, score })),
  });

  it("weighs a word as its likely renderings do, not as its rarest one", () => {
    const { translated } = weighTerms(
      frequencies,
      [],
      [
        concept("consider", [
          ["考虑", 0.9],
          ["斟酌", 0.1],
        ]),
        concept("timestamp", [["时间戳", 1]]),
        concept("valid", [["有效", 1]]),
      ],
      1000,
    );
    const ceiling = (word: string) => translated.find((t) => t.group === `word:${word}`)!.ceiling!;
    // "consider" is mostly 考虑, which a third of the passages say: it weighs less than the subject asked about.
    expect(ceiling("consider")).toBeLessThan(ceiling("timestamp"));
    expect(ceiling("consider")).toBeLessThan(ceiling("valid"));
  });
});
