// Fitting the scorer: logistic regression over the candidates of labelled questions, with L2
// regularisation, every question weighing the same (its positives together as much as its
// negatives), and cross-validation by question to choose the refusal threshold on predictions
// the fit has not seen. Written by hand because it is forty lines of arithmetic that no
// maintained JavaScript package does with per-sample weights and grouped folds.

/** One labelled candidate: its features, whether it answers, and its weight. */
export interface Sample {
  x: readonly number[];
  y: 0 | 1;
  w: number;
  /** The question it belongs to (folds never split a question). */
  group: number;
}

/** Fitted weights: one per feature, and the bias. */
export interface Fitted {
  weights: number[];
  bias: number;
}

const sigmoid = (z: number): number => 1 / (1 + Math.exp(-z));

/** Fits logistic regression by gradient descent (Adam) with an L2 penalty on the weights. */
export function fitLogistic(samples: readonly Sample[], dims: number, options: { l2?: number; iterations?: number; rate?: number } = {}): Fitted {
  const l2 = options.l2 ?? 0.01;
  const iterations = options.iterations ?? 600;
  const rate = options.rate ?? 0.05;
  const w = new Array<number>(dims).fill(0);
  let b = 0;
  const m = new Array<number>(dims + 1).fill(0);
  const v = new Array<number>(dims + 1).fill(0);
  const totalWeight = samples.reduce((sum, s) => sum + s.w, 0) || 1;
  for (let step = 1; step <= iterations; step++) {
    const grad = new Array<number>(dims + 1).fill(0);
    for (const s of samples) {
      let z = b;
      for (let i = 0; i < dims; i++) z += w[i]! * (s.x[i] ?? 0);
      const error = (sigmoid(z) - s.y) * s.w;
      for (let i = 0; i < dims; i++) grad[i]! += error * (s.x[i] ?? 0);
      grad[dims]! += error;
    }
    for (let i = 0; i <= dims; i++) {
      const g = grad[i]! / totalWeight + (i < dims ? l2 * w[i]! : 0);
      m[i] = 0.9 * m[i]! + 0.1 * g;
      v[i] = 0.999 * v[i]! + 0.001 * g * g;
      const update = (rate * (m[i]! / (1 - 0.9 ** step))) / (Math.sqrt(v[i]! / (1 - 0.999 ** step)) + 1e-8);
      if (i < dims) w[i]! -= update;
      else b -= update;
    }
  }
  return { weights: w, bias: b };
}

/** The probability a fit gives a feature vector. */
export function predict(fitted: Fitted, x: readonly number[]): number {
  let z = fitted.bias;
  fitted.weights.forEach((wi, i) => {
    z += wi * (x[i] ?? 0);
  });
  return sigmoid(z);
}

/** One question's candidates for the ranker: their inputs and labels, and the question's weight. */
export interface RankedQuestion {
  group: number;
  weight: number;
  candidates: readonly { x: readonly number[]; y: 0 | 1 }[];
}

/**
 * Pairwise samples for the ranker: within one question, each right candidate against each wrong
 * one (the difference of their inputs labelled 1, and its mirror labelled 0), so the ranker learns
 * only from comparisons inside a question — a feature that is high for every candidate of easy
 * questions (their passages' ranks) no longer passes for evidence that a sentence answers. Every
 * question weighs the same; one with no right or no wrong candidate says nothing about order.
 */
export function pairwiseSamples(questions: readonly RankedQuestion[]): Sample[] {
  const out: Sample[] = [];
  for (const q of questions) {
    const right = q.candidates.filter((c) => c.y === 1);
    const wrong = q.candidates.filter((c) => c.y === 0);
    if (right.length === 0 || wrong.length === 0) continue;
    const w = q.weight / (right.length * wrong.length);
    for (const r of right) {
      for (const n of wrong) {
        const diff = r.x.map((v, i) => v - (n.x[i] ?? 0));
        out.push({ x: diff, y: 1, w, group: q.group }, { x: diff.map((v) => -v), y: 0, w, group: q.group });
      }
    }
  }
  return out;
}

/** Question groups split into k folds, deterministically (group ids are spread round-robin). */
export function folds(groups: readonly number[], k: number): number[][] {
  const distinct = [...new Set(groups)].sort((a, b) => a - b);
  const out: number[][] = Array.from({ length: k }, () => []);
  distinct.forEach((g, i) => out[i % k]!.push(g));
  return out;
}

/**
 * The fold key of each question: itself, or — holding documents out — the document it is about,
 * so that no question about a held-out document is fitted (what a new document meets).
 */
export function holdOutKeys(questions: readonly { group: number; about: string }[], by: "question" | "document"): number[] {
  const documents = [...new Set(questions.map((q) => q.about))];
  return questions.map((q) => (by === "document" ? documents.indexOf(q.about) : q.group));
}

/** One question's outcome at a threshold, from its candidates' held-out probabilities. */
export interface QuestionOutcome {
  answerable: boolean;
  /** Best eligible candidate's probability (0 when none). */
  best: number;
  /** Whether that best candidate answers (contains the expected strings). */
  bestIsRight: boolean;
}

/** Hit rate, refusal precision and recall, answer precision at one threshold. */
export interface CurvePoint {
  threshold: number;
  hitRate: number;
  notFoundPrecision: number;
  notFoundRecall: number;
  /** Of the answers given, the share that are right. */
  answerPrecision: number;
}

/** The precision/recall curve of refusing below each threshold. */
export function refusalCurve(outcomes: readonly QuestionOutcome[], thresholds: readonly number[]): CurvePoint[] {
  const answerable = outcomes.filter((o) => o.answerable);
  const unanswerable = outcomes.filter((o) => !o.answerable);
  return thresholds.map((threshold) => {
    const answered = outcomes.filter((o) => o.best >= threshold);
    const refused = outcomes.filter((o) => o.best < threshold);
    const right = answered.filter((o) => o.answerable && o.bestIsRight).length;
    const share = (n: number, d: number): number => (d === 0 ? 0 : n / d);
    return {
      threshold,
      hitRate: share(right, answerable.length),
      notFoundPrecision: share(refused.filter((o) => !o.answerable).length, refused.length),
      notFoundRecall: share(unanswerable.filter((o) => o.best < threshold).length, unanswerable.length),
      answerPrecision: share(right, answered.length),
    };
  });
}
