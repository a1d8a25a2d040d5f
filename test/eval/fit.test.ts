// Fitting the scorer: logistic regression learns which feature tells right sentences from wrong
// ones, folds never split a question, and the refusal curve counts what a reader would count.
import { describe, expect, it } from "vitest";
import { fitLogistic, folds, holdOutKeys, pairwiseSamples, predict, refusalCurve, type RankedQuestion } from "../../src/eval/fit.js";

describe("fitLogistic", () => {
  it("learns that the first feature marks the right sentences and the second is noise", () => {
    const samples = Array.from({ length: 200 }, (_, i) => {
      const right = i % 4 === 0;
      return { x: [right ? 0.8 + (i % 3) * 0.05 : 0.1 + (i % 5) * 0.05, ((i * 7) % 10) / 10], y: (right ? 1 : 0) as 0 | 1, w: 1, group: i };
    });
    const fitted = fitLogistic(samples, 2, { iterations: 400 });
    expect(fitted.weights[0]!).toBeGreaterThan(2);
    expect(Math.abs(fitted.weights[1]!)).toBeLessThan(Math.abs(fitted.weights[0]!) / 4);
    expect(predict(fitted, [0.9, 0.5])).toBeGreaterThan(0.5);
    expect(predict(fitted, [0.1, 0.5])).toBeLessThan(0.5);
  });
});

describe("pairwiseSamples", () => {
  // Feature 0 tells the right sentence from the others inside a question; feature 1 is the same
  // for every candidate of a question (how well its passages were retrieved), high for the
  // questions that have a right sentence and low for those that have none.
  const questions: RankedQuestion[] = Array.from({ length: 40 }, (_, g) => {
    const answerable = g % 2 === 0;
    return {
      group: g,
      weight: 1,
      candidates: Array.from({ length: 6 }, (_, i) => ({
        x: [answerable && i === 0 ? 0.9 : 0.2 + ((g + i) % 4) * 0.1, answerable ? 1 : 0],
        y: (answerable && i === 0 ? 1 : 0) as 0 | 1,
      })),
    };
  });

  it("orders by what differs inside a question and learns nothing from what every candidate shares", () => {
    const pairwise = fitLogistic(pairwiseSamples(questions), 2, { iterations: 400 });
    expect(pairwise.weights[0]!).toBeGreaterThan(1);
    expect(Math.abs(pairwise.weights[1]!)).toBeLessThan(1e-6);
    // A pointwise fit of the same candidates takes the shared feature for evidence.
    const pointwise = fitLogistic(
      questions.flatMap((q) => q.candidates.map((c) => ({ x: c.x, y: c.y, w: 1, group: q.group }))),
      2,
      { iterations: 400 },
    );
    expect(pointwise.weights[1]!).toBeGreaterThan(0.5);
  });

  it("pairs each right candidate with each wrong one, mirrored, with the question's weight shared out", () => {
    const samples = pairwiseSamples([
      {
        group: 7,
        weight: 2,
        candidates: [
          { x: [1, 0], y: 1 },
          { x: [0, 0], y: 0 },
          { x: [0, 1], y: 0 },
        ],
      },
    ]);
    expect(samples).toHaveLength(4);
    expect(samples.filter((s) => s.y === 1).map((s) => s.x)).toEqual([
      [1, 0],
      [1, -1],
    ]);
    expect(samples.every((s) => s.w === 1 && s.group === 7)).toBe(true);
    expect(pairwiseSamples([{ group: 1, weight: 1, candidates: [{ x: [1], y: 0 }] }])).toEqual([]);
  });
});

describe("folds", () => {
  it("puts every question in exactly one fold", () => {
    const groups = [3, 1, 2, 3, 5, 8, 1];
    const split = folds(groups, 3);
    expect(split.flat().sort((a, b) => a - b)).toEqual([1, 2, 3, 5, 8]);
  });
});

describe("holdOutKeys", () => {
  it("keeps every question about one document in the same fold when documents are held out", () => {
    const questions = [
      { group: 0, about: "a.pdf" },
      { group: 1, about: "b.md" },
      { group: 2, about: "a.pdf" },
      { group: 3, about: "c.md" },
    ];
    const keys = holdOutKeys(questions, "document");
    const split = folds(keys, 2);
    const foldOf = (i: number): number => split.findIndex((fold) => fold.includes(keys[i]!));
    expect(foldOf(0)).toBe(foldOf(2));
    expect(new Set(keys).size).toBe(3);
    expect(holdOutKeys(questions, "question")).toEqual([0, 1, 2, 3]);
  });
});

describe("refusalCurve", () => {
  it("counts hits, right refusals and answers at each threshold", () => {
    const outcomes = [
      { answerable: true, best: 0.9, bestIsRight: true },
      { answerable: true, best: 0.4, bestIsRight: true },
      { answerable: true, best: 0.8, bestIsRight: false },
      { answerable: false, best: 0.3, bestIsRight: false },
    ];
    const [low, high] = refusalCurve(outcomes, [0.2, 0.5]);
    expect(low).toMatchObject({ hitRate: 2 / 3, notFoundRecall: 0, answerPrecision: 2 / 4 });
    expect(high).toMatchObject({ hitRate: 1 / 3, notFoundRecall: 1, notFoundPrecision: 1 / 2, answerPrecision: 1 / 2 });
  });
});
