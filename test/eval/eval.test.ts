// The eval harness, offline with no model (lexical + dictionary), on the collection the scorer is
// fitted on: the bundled documents and the real-world evaluation corpus. Its output shape, where
// each miss went wrong, and the quality floors the answer core must keep — below the figures
// the README reports, so a regression fails here while the fitted weights may still move a little.
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openAppEngine } from "../../src/app.js";
import { loadConfig } from "../../src/config.js";
import type { Engine } from "../../src/engine.js";
import { type EvalDeps, type EvalReport, evaluate, formatReport, readQuestions } from "../../src/eval/evaluate.js";
import { silentLogger } from "../../src/log.js";
import { TEST_DICTIONARY_CACHE } from "../helpers/engine.js";
import { DOCS_DIR, ROOT, tempDir } from "../helpers/temp.js";

let engine: Engine;
let deps: EvalDeps;
let report: EvalReport;
const run = (file: string): Promise<EvalReport> => evaluate(readQuestions(path.join(ROOT, "test/eval", file)), deps, "lexical");

beforeAll(async () => {
  const config = loadConfig({ DATA_DIR: tempDir("eval-"), DOCS_DIR, EMBED_MODEL: "none", DICTIONARY_CACHE_DIR: TEST_DICTIONARY_CACHE });
  engine = await openAppEngine(config, silentLogger());
  await engine.ingest([DOCS_DIR, path.join(ROOT, "test/eval/corpus")], { exclude: ["**/SOURCES.md", "**/manifest.json"] });
  deps = {
    answer: (q, o) => engine.answer(q, o),
    chunksByIds: (ids) => engine.store.chunksByIds(ids),
    deliberate: (q, o) => engine.deliberate(q, o),
  };
  report = await run("questions.json");
});
afterAll(() => engine.close());

describe("eval harness", () => {
  it("reports every metric per language and overall", () => {
    expect(Object.keys(report.byLanguage).sort()).toEqual(["en", "zh-Hans", "zh-Hant"]);
    for (const m of [report.overall, ...Object.values(report.byLanguage)]) {
      for (const key of ["hitRate", "recallAt1", "recallAt5", "mrr", "notFoundPrecision", "notFoundRecall"] as const) {
        expect(m[key]).toBeGreaterThanOrEqual(0);
        expect(m[key]).toBeLessThanOrEqual(1);
      }
    }
    expect(report.results).toHaveLength(report.overall.questions);
    expect(formatReport(report)).toMatch(/^\| mode \| language \|/);
  });

  it("says where every miss went wrong", () => {
    const misses = report.results.filter((r) => (r.answerable ? !r.hit : r.found));
    expect(misses.length).toBeGreaterThan(0);
    for (const miss of misses) {
      expect(miss.diagnosis, miss.id).toMatch(/^(not retrieved|failed \w+|outranked|outranked, then refused|refused: weak|answer cut short|answered \(.*\))$/);
    }
  });
});

describe("quality floors (lexical + dictionary, no model)", () => {
  it("answers the developers' set about the bundled documents, and refuses its near misses", () => {
    expect(report.overall.hitRate).toBeGreaterThanOrEqual(FLOORS.questions.hit);
    expect(report.byLanguage.en!.hitRate).toBeGreaterThanOrEqual(FLOORS.questions.englishHit);
    expect(report.overall.notFoundRecall).toBeGreaterThanOrEqual(FLOORS.questions.refused);
  });

  it("holds up on sets written by someone who had not seen the code", async () => {
    for (const [file, floor] of Object.entries(FLOORS.blind)) {
      const set = await run(file);
      expect(set.overall.hitRate, `${file} answer hit rate`).toBeGreaterThanOrEqual(floor.hit);
      expect(set.overall.notFoundRecall, `${file} not-found recall`).toBeGreaterThanOrEqual(floor.refused);
    }
  });

  it("answers questions about real documents nobody here wrote, and refuses their near misses", async () => {
    const set = await run("realworld-dev.json");
    expect(set.overall.hitRate).toBeGreaterThanOrEqual(FLOORS.realWorld.hit);
    expect(set.overall.notFoundRecall).toBeGreaterThanOrEqual(FLOORS.realWorld.refused);
    // Two cities' regulations share their words: an answer from the other city's is the worst outcome.
    expect(set.overall.wrongDocument).toBeLessThanOrEqual(FLOORS.realWorld.wrongDocument);
  });
});

// Measured on this test's collection (the bundled documents and test/eval/corpus, lexical only):
// questions.json 84% hit (English 75%), 7/10 refused; holdout 95%, 8/10; blind 87%, 6/10; blind2
// 73%, 4/10; realworld-dev 52%, 26/30 refused, one answer of 62 from the wrong document. Each floor is
// one to four questions below its figure (blind2's refusals sit on theirs), so a regression fails
// here while the fitted weights may still move a little.
const FLOORS = {
  questions: { hit: 0.78, englishHit: 0.65, refused: 0.6 },
  blind: {
    "holdout.json": { hit: 0.89, refused: 0.7 },
    "blind.json": { hit: 0.8, refused: 0.5 },
    "blind2.json": { hit: 0.66, refused: 0.4 },
  } as Record<string, { hit: number; refused: number }>,
  realWorld: { hit: 0.48, refused: 0.83, wrongDocument: 0.05 },
};
