// Quality floors: reading the floors file and judging eval runs against it, one line per floor.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { EvalReport, Metrics } from "../../src/eval/evaluate.js";
import { checkFloors, readFloors } from "../../src/eval/floors.js";
import { ROOT, tempDir } from "../helpers/temp.js";

function metrics(hitRate: number, recallAt5: number, notFoundRecall = 1): Metrics {
  return {
    questions: 25,
    answerable: 20,
    unanswerable: 5,
    hitRate,
    recallAt1: hitRate,
    recallAt5,
    mrr: hitRate,
    notFoundPrecision: 1,
    notFoundRecall,
    wrongDocument: 0,
    meanMs: 1,
  };
}

function report(mode: EvalReport["mode"], en: Metrics): EvalReport {
  return { mode, overall: en, byLanguage: { en }, results: [] };
}

describe("eval floors", () => {
  it("reads the real-model floors CI uses", () => {
    const floors = readFloors(path.join(ROOT, "test/eval/real-model-floors.json"));
    expect(floors.length).toBeGreaterThan(0);
    expect(floors.every((f) => fs.existsSync(path.join(ROOT, f.set)))).toBe(true);
  });

  it("reports each floor met or missed, and fails when one is missed", () => {
    const floors = [{ set: "test/eval/questions.json", mode: "hybrid" as const, language: "en", hitRate: 0.9, recallAt5: 0.95 }];
    const met = checkFloors(floors, [{ file: path.join(ROOT, "test/eval/questions.json"), report: report("hybrid", metrics(0.95, 0.95)) }], ROOT);
    expect(met).toEqual({
      ok: true,
      lines: [
        "floor met   test/eval/questions.json hybrid en hitRate: 95% (floor 90%)",
        "floor met   test/eval/questions.json hybrid en recallAt5: 95% (floor 95%)",
      ],
    });
    const missed = checkFloors(floors, [{ file: "test/eval/questions.json", report: report("hybrid", metrics(0.85, 1)) }], ROOT);
    expect(missed.ok).toBe(false);
    expect(missed.lines[0]).toBe("BELOW FLOOR test/eval/questions.json hybrid en hitRate: 85% (floor 90%)");
    expect(() => checkFloors(floors, [{ file: "test/eval/questions.json", report: report("lexical", metrics(1, 1)) }], ROOT)).toThrow(
      /did not evaluate \(add the file, or --mode hybrid\)/,
    );
  });

  it("fails a run that answers the unanswerable questions, whatever its hit rate", () => {
    const floors = [{ set: "test/eval/questions.json", mode: "hybrid" as const, language: "all", notFoundRecall: 0.6 }];
    const answersEverything = checkFloors(floors, [{ file: "test/eval/questions.json", report: report("hybrid", metrics(1, 1, 0)) }], ROOT);
    expect(answersEverything).toEqual({ ok: false, lines: ["BELOW FLOOR test/eval/questions.json hybrid all notFoundRecall: 0% (floor 60%)"] });
  });

  it("refuses a malformed floors file in one line", () => {
    const file = path.join(tempDir("floors-"), "floors.json");
    fs.writeFileSync(file, JSON.stringify({ floors: [{ set: "x.json", mode: "hybrid", language: "en", hitRate: 90 }] }));
    expect(() => readFloors(file)).toThrow(/floor 1 needs .* between 0 and 1/);
  });
});
