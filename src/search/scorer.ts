// The fitted scorer: one probability that a candidate sentence answers the question, from the
// named checks' features, by logistic regression. Its weights are data (data/scorer/*.json),
// fitted by `npm run fit` on labelled eval questions with cross-validation (see fit.ts): one set
// for lexical search only, and one per embedding model the project measures. The threshold below
// which the engine refuses is part of the same file, chosen there for a precision target.
import fs from "node:fs";
import path from "node:path";
import type { Features } from "./checks.js";

/** A linear model over named inputs. */
export interface LinearModel {
  /** The inputs, in order (a file fitted before an input existed simply lacks it). */
  inputs: string[];
  weights: number[];
  bias: number;
}

/**
 * A fitted scorer, as stored in data/scorer/<name>.json: a ranker that orders a question's
 * candidate sentences, and a decider that gives the probability that the best one answers, from
 * its features, its ranker score and its lead over the runner-up.
 */
export interface ScorerWeights {
  ranker: LinearModel;
  decider: LinearModel;
  /** Probability below which the best candidate is refused. */
  threshold: number;
  /** How the weights were fitted (data, folds, figures), for the README and the trace. */
  fitted: { on: string[]; questions: number; candidates: number; model: string; date: string; precisionTarget: number; crossValidated: Record<string, number> };
}

/** A lone candidate's lead over the runner-up, in logits: as much as a clear winner's (leads are capped there). */
export const MAX_MARGIN = 5;

/** The inputs of the decider besides the best candidate's features. */
export const DECIDER_EXTRAS = ["ranker_score", "ranker_margin"] as const;

/** The folder of fitted scorer weights shipped with the project. */
export const SCORER_DIR = path.resolve(import.meta.dirname, "../../data/scorer");

/** The logistic function. */
export function sigmoid(x: number): number {
  return 1 / (1 + Math.exp(-x));
}

/** A linear model's value (the logit) on named inputs; unknown inputs count as 0. */
export function linear(model: LinearModel, inputs: Readonly<Record<string, number>>): number {
  let z = model.bias;
  model.inputs.forEach((name, i) => {
    z += (model.weights[i] ?? 0) * (inputs[name] ?? 0);
  });
  return z;
}

/** The ranker's score of a candidate (a logit: only the order among one question's candidates matters). */
export function rankScore(weights: ScorerWeights, features: Features): number {
  return linear(weights.ranker, features);
}

/** The probability that the best candidate answers, given its features, its score and its lead over the next. */
export function answerProbability(weights: ScorerWeights, best: Features, score: number, margin: number): number {
  return sigmoid(linear(weights.decider, { ...best, ranker_score: score, ranker_margin: margin }));
}

/** The scorer file name for a model id: "lexical" without one, else the model id made file-safe. */
export function scorerName(modelId: string | undefined): string {
  if (!modelId) return "lexical";
  return modelId
    .toLowerCase()
    .replace(/^.*\//, "")
    .replace(/[^a-z0-9.-]+/g, "-");
}

/**
 * Loads the weights for a model (or for lexical search): the model's own fit when there is one,
 * else the lexical fit (its dense features are simply unused), else neutral defaults.
 */
export function loadScorer(modelId: string | undefined, dir = SCORER_DIR): ScorerWeights {
  // Read once per process and model: answering a question reads no file.
  const key = `${dir}\0${scorerName(modelId)}`;
  let weights = loaded.get(key);
  if (!weights) {
    weights = DEFAULT_WEIGHTS;
    for (const name of [scorerName(modelId), "lexical"]) {
      const file = path.join(dir, `${name}.json`);
      if (fs.existsSync(file)) {
        weights = JSON.parse(fs.readFileSync(file, "utf8")) as ScorerWeights;
        break;
      }
    }
    loaded.set(key, weights);
  }
  return weights;
}

const loaded = new Map<string, ScorerWeights>();

// Before any fit exists (a fresh checkout of an older data folder): coverage and the kind of
// answer carry the decision, as the hand-set rules did.
const DEFAULT_WEIGHTS: ScorerWeights = {
  ranker: {
    inputs: ["coverage_direct", "coverage_translated", "coverage_context", "about", "kind_in_clause", "missing_word", "rank_fused"],
    weights: [4, 3, 1, 1.5, 1, -3, 1],
    bias: 0,
  },
  decider: { inputs: ["ranker_score"], weights: [1], bias: -3.5 },
  threshold: 0.5,
  fitted: { on: [], questions: 0, candidates: 0, model: "none", date: "", precisionTarget: 0, crossValidated: {} },
};
