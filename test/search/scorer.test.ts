// The fitted scorer as data: the shipped weights load for lexical search and for an unknown
// model, and the decider's probability rises with the evidence it was fitted to trust.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { FEATURES, type Features } from "../../src/search/checks.js";
import { answerProbability, loadScorer, rankScore, scorerName } from "../../src/search/scorer.js";
import { tempDir } from "../helpers/temp.js";

const features = (values: Partial<Features>): Features => ({ ...(Object.fromEntries(FEATURES.map((f) => [f, 0])) as Features), ...values });

describe("loadScorer", () => {
  it("loads the shipped lexical fit, for lexical search and for a model without a fit of its own", () => {
    const lexical = loadScorer(undefined);
    expect(lexical.fitted.questions).toBeGreaterThan(100);
    expect(lexical.threshold).toBeGreaterThan(0);
    expect(loadScorer("someone/unknown-model")).toEqual(lexical);
  });

  it("falls back to neutral weights when a data folder holds no fit", () => {
    const weights = loadScorer(undefined, tempDir("no-scorer-"));
    expect(weights.fitted.questions).toBe(0);
    expect(weights.threshold).toBe(0.5);
  });

  it("reads a data folder's fit once: later questions read no file", () => {
    const dir = tempDir("scorer-");
    fs.writeFileSync(path.join(dir, "lexical.json"), JSON.stringify({ ...loadScorer(undefined), threshold: 0.42 }));
    expect(loadScorer(undefined, dir).threshold).toBe(0.42);
    fs.rmSync(path.join(dir, "lexical.json"));
    expect(loadScorer(undefined, dir).threshold).toBe(0.42);
  });

  it("names a model's fit after the model", () => {
    expect(scorerName("Xenova/multilingual-e5-small")).toBe("multilingual-e5-small");
    expect(scorerName(undefined)).toBe("lexical");
  });
});

describe("the shipped lexical fit", () => {
  const weights = loadScorer(undefined);
  it("ranks a sentence that covers the question above one that does not", () => {
    expect(rankScore(weights, features({ coverage_context: 0.9, about: 1 }))).toBeGreaterThan(rankScore(weights, features({ coverage_context: 0.1 })));
  });
  it("trusts a best candidate more when it leads its rivals by more", () => {
    const best = features({ coverage_context: 0.7, about: 1, kind_in_clause: 1 });
    expect(answerProbability(weights, best, 1, 3)).toBeGreaterThan(answerProbability(weights, best, 1, 0));
  });
});
