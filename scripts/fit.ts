// `npm run fit -- [--name lexical] [--precision 0.7] [--folds 5] [--hold-out question|document] [--baseline FILE]
// [--docs DIR]… [--data-dir DIR] [--ranker pointwise|pairwise] [sets…]`: fits the
// scorer on labelled eval questions. Builds a fresh store from the documents (default: the bundled
// corpus and test/eval/corpus), runs every question through the engine's deliberation (the same
// checks as answer()), labels each candidate sentence by whether it contains the expected
// strings, fits logistic regression with cross-validation by question, chooses the refusal
// threshold for an answer-precision target on held-out predictions, and writes
// data/scorer/<name>.json and docs/scorer-<name>.md (the precision/recall curve). With EMBED_URL
// or EMBED_MODEL set to a model, the dense features take part and the name defaults to the model's.
// `--hold-out document` holds whole documents out of each fold (what a new document sees: no
// question about it was fitted); `--baseline FILE` scores the same questions with fitted weights
// already shipped, per set, so a refit is compared with what it would replace.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { openAppEngine } from "../src/app.js";
import { runCli } from "../src/cli/run.js";
import { loadConfig, secretsOf } from "../src/config.js";
import { answersQuestion, readQuestions } from "../src/eval/evaluate.js";
import {
  type CurvePoint,
  fitLogistic,
  folds,
  holdOutKeys,
  pairwiseSamples,
  predict,
  type QuestionOutcome,
  refusalCurve,
  type Sample,
} from "../src/eval/fit.js";
import { UserError } from "../src/errors.js";
import { createLogger } from "../src/log.js";
import { FEATURES, RANKER_FEATURES } from "../src/search/checks.js";
import { DECIDER_EXTRAS, MAX_MARGIN, SCORER_DIR, type ScorerWeights, scorerName } from "../src/search/scorer.js";

const DEFAULT_SETS = ["questions", "holdout", "blind", "blind2", "blind3", "blind4", "blind5", "realworld-dev"].map((n) => `test/eval/${n}.json`);
const DEFAULT_DOCS = ["data/docs", "test/eval/corpus"];
const THRESHOLDS = Array.from({ length: 19 }, (_, i) => Math.round((0.05 + i * 0.05) * 100) / 100);

interface LabelledQuestion {
  group: number;
  answerable: boolean;
  /** Its set file, and the document it is about: each document weighs the same in the fit. */
  set: string;
  about: string;
  weight: number;
  candidates: { x: number[]; y: 0 | 1; eligible: boolean }[];
}

runCli(async () => {
  const { values, positionals } = parseArgs({
    options: {
      name: { type: "string" },
      precision: { type: "string", default: "0.7" },
      folds: { type: "string", default: "5" },
      "hold-out": { type: "string", default: "question" },
      baseline: { type: "string" },
      l2: { type: "string", default: "0.003" },
      docs: { type: "string", multiple: true },
      out: { type: "string", default: SCORER_DIR },
      "data-dir": { type: "string" },
      ranker: { type: "string", default: "pointwise" },
    },
    allowPositionals: true,
  });
  const sets = positionals.length > 0 ? positionals : DEFAULT_SETS;
  if (values.ranker !== "pairwise" && values.ranker !== "pointwise") throw new UserError(`--ranker must be pairwise or pointwise, not ${values.ranker}`);
  const docs = values.docs ?? DEFAULT_DOCS;
  const precisionTarget = Number(values.precision);
  const k = Number(values.folds);
  const l2 = Number(values.l2);
  // A store already built from the documents (with a model's vectors, say) is reused as it is.
  const reuse = values["data-dir"];
  const dataDir = reuse ?? fs.mkdtempSync(path.join(os.tmpdir(), "docqa-fit-"));
  const config = loadConfig({ ...process.env, DATA_DIR: dataDir });
  const logger = createLogger(config.logLevelSet ?? "warn", secretsOf(config));
  const engine = await openAppEngine(config, logger);
  try {
    if (!reuse) await engine.ingest(docs, { exclude: ["**/SOURCES.md", "**/manifest.json", "**/README.md"] });
    const model = engine.dense?.modelId;
    const name = values.name ?? scorerName(model);
    const questions = sets.flatMap((file) => readQuestions(file).map((q) => ({ ...q, file })));
    process.stderr.write(`fitting "${name}" on ${questions.length} questions from ${sets.length} sets (${model ? `dense: ${model}` : "lexical only"})\n`);

    const labelled: LabelledQuestion[] = [];
    for (const [group, q] of questions.entries()) {
      const d = await engine.deliberate(q.question, { mode: model ? "hybrid" : "lexical" });
      labelled.push({
        group,
        answerable: q.answerable,
        set: path.basename(q.file),
        about: q.doc ?? path.basename(q.file),
        weight: 1,
        candidates: d.scored.map((s) => ({ x: FEATURES.map((f) => s.features[f]), y: answersQuestion(q, s.candidate) ? 1 : 0, eligible: !s.failed })),
      });
    }
    // Sets written about the two bundled documents must not outweigh the real-world documents:
    // every document (or set without document labels) carries the same total weight.
    const perDocument = new Map<string, number>();
    for (const l of labelled) perDocument.set(l.about, (perDocument.get(l.about) ?? 0) + 1);
    const mean = labelled.length / perDocument.size;
    for (const l of labelled) l.weight = mean / perDocument.get(l.about)!;
    const reachable = labelled.filter((l) => l.answerable && l.candidates.some((c) => c.y === 1 && c.eligible)).length;
    const answerable = labelled.filter((l) => l.answerable).length;
    process.stderr.write(`the right sentence is among the eligible candidates for ${reachable} of ${answerable} answerable questions\n`);

    const pointSamples = (qs: readonly LabelledQuestion[]): Sample[] =>
      qs.flatMap((l) => {
        const eligible = l.candidates.filter((c) => c.eligible);
        const positives = eligible.filter((c) => c.y === 1).length;
        const negatives = eligible.length - positives;
        // Every question weighs the same; within it, its right sentences as much as its wrong ones.
        return eligible.map((c) => ({ x: rankerInputs(c.x), y: c.y, w: l.weight * (c.y === 1 ? 1 / positives : 1 / Math.max(1, negatives)), group: l.group }));
      });
    const samplesOf = (qs: readonly LabelledQuestion[]): Sample[] =>
      values.ranker === "pairwise"
        ? pairwiseSamples(
            qs.map((l) => ({
              group: l.group,
              weight: l.weight,
              candidates: l.candidates.filter((c) => c.eligible).map((c) => ({ x: rankerInputs(c.x), y: c.y })),
            })),
          )
        : pointSamples(qs);
    // Stage 1, the ranker, cross-validated: every question's candidates are scored by a ranker
    // that never saw the question.
    // Folds hold out questions, or whole documents (every question about a document in one fold).
    const byDocument = values["hold-out"] === "document";
    const groups = holdOutKeys(labelled, byDocument ? "document" : "question");
    const keyOf = new Map(labelled.map((l, i) => [l.group, groups[i]!]));
    const foldKey = (l: LabelledQuestion): number => keyOf.get(l.group)!;
    const oofScores = new Map<number, number[]>();
    for (const fold of folds(groups, k)) {
      const held = new Set(fold);
      const ranker = fitLogistic(samplesOf(labelled.filter((l) => !held.has(foldKey(l)))), RANKER_FEATURES.length, { l2 });
      for (const l of labelled.filter((q) => held.has(foldKey(q))))
        oofScores.set(
          l.group,
          l.candidates.map((c) => logit(ranker, rankerInputs(c.x))),
        );
    }
    // Stage 2, the decider: does the best candidate (by held-out ranker score) answer?
    const deciderInputs = [...FEATURES, ...DECIDER_EXTRAS];
    const decisions = labelled.map((l) => {
      const scores = oofScores.get(l.group)!;
      const order = l.candidates
        .map((c, i) => ({ c, s: scores[i]! }))
        .filter((e) => e.c.eligible)
        .sort((a, b) => b.s - a.s);
      const best = order[0];
      if (!best) return { l, x: undefined, y: 0 as const };
      const margin = order[1] ? Math.min(MAX_MARGIN, best.s - order[1].s) : MAX_MARGIN;
      return { l, x: [...best.c.x, best.s, margin], y: (best.c.y === 1 ? 1 : 0) as 0 | 1 };
    });
    const deciderSamples = (ds: typeof decisions): Sample[] => ds.flatMap((d) => (d.x ? [{ x: d.x, y: d.y, w: d.l.weight, group: d.l.group }] : []));
    const outcomes: (QuestionOutcome & { set: string })[] = [];
    for (const fold of folds(groups, k)) {
      const held = new Set(fold);
      const decider = fitLogistic(deciderSamples(decisions.filter((d) => !held.has(foldKey(d.l)))), deciderInputs.length, { l2 });
      for (const d of decisions.filter((q) => held.has(foldKey(q.l)))) {
        outcomes.push({ answerable: d.l.answerable, best: d.x ? predict(decider, d.x) : 0, bestIsRight: d.y === 1, set: d.l.set });
      }
    }
    if (values.baseline) compareWithBaseline(values.baseline, labelled, outcomes);
    const curve = refusalCurve(outcomes, THRESHOLDS);
    const chosen = curve.find((p) => p.answerPrecision >= precisionTarget) ?? curve[curve.length - 1]!;
    const bySet = [...new Set(outcomes.map((o) => o.set))].map((set) => ({
      set,
      point: refusalCurve(
        outcomes.filter((o) => o.set === set),
        [chosen.threshold],
      )[0]!,
    }));
    // The real-world sets get their own curve: they are what new documents look like.
    const realWorld = outcomes.filter((o) => o.set.startsWith("realworld"));
    const realWorldCurve = realWorld.length > 0 ? refusalCurve(realWorld, THRESHOLDS) : [];
    const ranker = fitLogistic(samplesOf(labelled), RANKER_FEATURES.length, { l2 });
    const decider = fitLogistic(deciderSamples(decisions), deciderInputs.length, { l2 });
    const rounded = (xs: readonly number[]): number[] => xs.map((w) => Math.round(w * 1000) / 1000);
    const weights: ScorerWeights = {
      ranker: { inputs: [...RANKER_FEATURES], weights: rounded(ranker.weights), bias: Math.round(ranker.bias * 1000) / 1000 },
      decider: { inputs: deciderInputs, weights: rounded(decider.weights), bias: Math.round(decider.bias * 1000) / 1000 },
      threshold: chosen.threshold,
      fitted: {
        on: sets.map((s) => path.basename(s)),
        questions: labelled.length,
        candidates: labelled.reduce((n, l) => n + l.candidates.length, 0),
        model: model ?? "none",
        date: new Date().toISOString().slice(0, 10),
        precisionTarget,
        crossValidated: {
          hitRate: round(chosen.hitRate),
          answerPrecision: round(chosen.answerPrecision),
          notFoundPrecision: round(chosen.notFoundPrecision),
          notFoundRecall: round(chosen.notFoundRecall),
          bestIsRight: round(decisions.filter((d) => d.y === 1).length / Math.max(1, answerable)),
        },
      },
    };
    fs.mkdirSync(values.out, { recursive: true });
    fs.writeFileSync(path.join(values.out, `${name}.json`), `${JSON.stringify(weights, null, 2)}\n`);
    const report = curveReport(name, weights, curve, reachable, answerable, bySet, realWorldCurve, k, byDocument ? "document" : "question");
    fs.writeFileSync(path.join("docs", `scorer-${name}.md`), report);
    process.stdout.write(report);
    return 0;
  } finally {
    engine.close();
    if (!reuse) fs.rmSync(dataDir, { recursive: true, force: true });
  }
});

const RANKER_INDEX = RANKER_FEATURES.map((f) => FEATURES.indexOf(f));

/**
 * Prints, per set, the held-out outcomes of this fit beside those of weights already fitted
 * (each at its own threshold): hit rate, not-found recall and precision.
 */
function compareWithBaseline(file: string, labelled: readonly LabelledQuestion[], heldOut: readonly (QuestionOutcome & { set: string })[]): void {
  const shipped = JSON.parse(fs.readFileSync(file, "utf8")) as ScorerWeights;
  const byName = (inputs: readonly string[], values: (name: string) => number): number[] => inputs.map(values);
  const names: readonly string[] = FEATURES;
  const feature = (x: readonly number[], name: string): number => x[names.indexOf(name)] ?? 0;
  const baseline = labelled.map((l) => {
    const scored = l.candidates
      .filter((c) => c.eligible)
      .map((c) => ({
        c,
        s: logit(
          shipped.ranker,
          byName(shipped.ranker.inputs, (f) => feature(c.x, f)),
        ),
      }))
      .sort((a, b) => b.s - a.s);
    const best = scored[0];
    if (!best) return { answerable: l.answerable, best: 0, bestIsRight: false, set: l.set };
    const margin = scored[1] ? Math.min(MAX_MARGIN, best.s - scored[1].s) : MAX_MARGIN;
    const value = (f: string): number => (f === "ranker_score" ? best.s : f === "ranker_margin" ? margin : feature(best.c.x, f));
    const p = predict({ weights: shipped.decider.weights, bias: shipped.decider.bias }, byName(shipped.decider.inputs, value));
    return { answerable: l.answerable, best: p, bestIsRight: best.c.y === 1, set: l.set };
  });
  const pct = (x: number): string => `${Math.round(x * 100)}%`;
  const line = (label: string, o: readonly QuestionOutcome[], threshold: number): string => {
    const p = refusalCurve(o, [threshold])[0]!;
    return `${label} hit ${pct(p.hitRate)} nf-recall ${pct(p.notFoundRecall)} nf-precision ${pct(p.notFoundPrecision)}`;
  };
  // The refit is read at the threshold that refuses as many unanswerable questions as the
  // baseline does overall: hit rates are then compared at the same refusal rate.
  const target = refusalCurve(baseline, [shipped.threshold])[0]!.notFoundRecall;
  const fine = Array.from({ length: 99 }, (_, i) => (i + 1) / 100);
  const threshold = refusalCurve(heldOut, fine).find((p) => p.notFoundRecall >= target)?.threshold ?? 0.99;
  process.stderr.write(`refit read at threshold ${threshold} (baseline ${shipped.threshold}: not-found recall ${pct(target)})\n`);
  for (const set of [...new Set(labelled.map((l) => l.set)), "all"]) {
    const mine = heldOut.filter((o) => set === "all" || o.set === set);
    const theirs = baseline.filter((o) => set === "all" || o.set === set);
    process.stderr.write(`${set}: ${line("refit (held out)", mine, threshold)} | ${line("baseline", theirs, shipped.threshold)}\n`);
  }
}

/** A candidate's ranker inputs, from its full feature vector. */
function rankerInputs(x: readonly number[]): number[] {
  return RANKER_INDEX.map((i) => x[i] ?? 0);
}

function logit(fitted: { weights: number[]; bias: number }, x: readonly number[]): number {
  return fitted.weights.reduce((z, w, i) => z + w * (x[i] ?? 0), fitted.bias);
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}

function curveReport(
  name: string,
  weights: ScorerWeights,
  curve: readonly CurvePoint[],
  reachable: number,
  answerable: number,
  bySet: readonly { set: string; point: CurvePoint }[],
  realWorldCurve: readonly CurvePoint[],
  k: number,
  holdOut: string,
): string {
  const pct = (x: number): string => `${Math.round(x * 100)}%`;
  const lines = [
    `# Scorer "${name}"`,
    "",
    `Fitted ${weights.fitted.date} on ${weights.fitted.questions} questions (${weights.fitted.on.join(", ")}), ${weights.fitted.candidates} candidate sentences; model: ${weights.fitted.model}.`,
    `The right sentence was among the eligible candidates for ${reachable} of ${answerable} answerable questions (the ceiling of any threshold).`,
    "",
    `Refusal threshold ${weights.threshold}: the lowest whose cross-validated answer precision reaches ${pct(weights.fitted.precisionTarget)}.`,
    "",
    `Cross-validated (${k} folds by ${holdOut}): refusing below each threshold. Every document carries the same weight in the fit (the seven sets about the two bundled documents count as one document each).`,
    "",
    "| threshold | answer hit rate | answer precision | not-found precision | not-found recall |",
    "| --- | --- | --- | --- | --- |",
    ...curve.map(
      (p) =>
        `| ${p.threshold}${p.threshold === weights.threshold ? " ◀" : ""} | ${pct(p.hitRate)} | ${pct(p.answerPrecision)} | ${pct(p.notFoundPrecision)} | ${pct(p.notFoundRecall)} |`,
    ),
    "",
    ...(realWorldCurve.length > 0
      ? [
          "The same curve on the real-world set alone (documents nobody on the project wrote):",
          "",
          "| threshold | answer hit rate | answer precision | not-found precision | not-found recall |",
          "| --- | --- | --- | --- | --- |",
          ...realWorldCurve.map(
            (p) => `| ${p.threshold} | ${pct(p.hitRate)} | ${pct(p.answerPrecision)} | ${pct(p.notFoundPrecision)} | ${pct(p.notFoundRecall)} |`,
          ),
          "",
        ]
      : []),
    `At the chosen threshold, per question set (cross-validated):`,
    "",
    "| set | answer hit rate | answer precision | not-found precision | not-found recall |",
    "| --- | --- | --- | --- | --- |",
    ...bySet.map(({ set, point: p }) => `| ${set} | ${pct(p.hitRate)} | ${pct(p.answerPrecision)} | ${pct(p.notFoundPrecision)} | ${pct(p.notFoundRecall)} |`),
    "",
    `Cross-validated, the ranker's best candidate is the right sentence for ${pct(weights.fitted.crossValidated.bestIsRight ?? 0)} of answerable questions.`,
    "",
    "Weights (features as computed by the named checks in src/search/checks.ts): the ranker orders a question's candidates; the decider gives the probability that the best one answers.",
    "",
    "| input | ranker | decider |",
    "| --- | --- | --- |",
    ...weights.decider.inputs.map((f) => {
      const r = weights.ranker.inputs.indexOf(f);
      return `| ${f} | ${r >= 0 ? weights.ranker.weights[r] : ""} | ${weights.decider.weights[weights.decider.inputs.indexOf(f)]} |`;
    }),
    `| (bias) | ${weights.ranker.bias} | ${weights.decider.bias} |`,
    "",
  ];
  return lines.join("\n");
}
