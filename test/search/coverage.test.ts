// How much of a question a text covers, by the weights of the question's words: a translated
// word weighs as its likely renderings do in the collection.
import { describe, expect, it } from "vitest";
import { coverage, type QuestionTerm, weighTerms, withGlosses } from "../../src/search/coverage.js";

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

describe("what a text must cover of a translated question", () => {
  const df = new Map([
    ["cost", 40],
    ["place", 40],
    ["square", 2],
    ["tidb", 5],
  ]);
  const frequencies = (terms: readonly string[]) => new Map(terms.map((t) => [t, df.get(t) ?? 0] as [string, number]));
  const ceilingOf = (translated: QuestionTerm[], group: string) => translated.find((t) => t.group === group)?.ceiling ?? 0;

  it("weighs a lone character of a Chinese question as little as its matches earn", () => {
    // 方 of 赞助方 reads as "square", a rare word of an English collection; it is no subject.
    const { translated } = weighTerms(
      frequencies,
      [],
      [
        { source: "费用", words: ["费用"], weight: 1, renderings: [{ text: "cost", score: 1 }] },
        { source: "方", words: ["方"], weight: 0.15, renderings: [{ text: "square", score: 1 }] },
      ],
      1000,
    );
    expect(ceilingOf(translated, "word:方")).toBeLessThan(ceilingOf(translated, "word:费用"));
    // A text that says "cost" but not "square" covers most of the question.
    expect(coverage(translated, new Set(["cost"]), new Set())).toBeGreaterThan(0.7);
  });

  it("meets a Latin-script name by itself when no rendering of it is known", () => {
    // "TiDB" has no Chinese rendering; a Chinese release note writes it as it is.
    const { translated } = weighTerms(frequencies, [], [{ source: "TiDB", words: ["3:tidb"], weight: 0.85, renderings: [] }], 1000);
    expect(translated.some((t) => t.group === "word:3:tidb" && t.unseen)).toBe(false);
    expect(coverage(translated, new Set(["tidb"]), new Set())).toBe(1);
    expect(coverage(translated, new Set(["other"]), new Set())).toBe(0);
  });

  it("meets a Chinese word where an English text's words read as it", () => {
    // 地点's first senses are "place; site; location"; the passage says "venue", its fourth, which
    // the dictionary reads back as 地点 (the passage's gloss set holds it).
    const { translated } = weighTerms(frequencies, [], [{ source: "地点", words: ["地点"], weight: 1, renderings: [{ text: "place", score: 1 }] }], 1000, true);
    const share = coverage(translated, withGlosses(new Set(["venue"]), new Set(["地点"])), new Set());
    expect(share).toBeGreaterThan(0);
    // A gloss is a hint: it earns less than the rendering itself.
    expect(share).toBeLessThan(coverage(translated, new Set(["place"]), new Set()));
  });
});
