// Quality floors: a JSON file naming, per question set, mode and language, the least hit rate,
// recall@5 and not-found recall an eval run must reach (CI's real-model step holds the real model to them). One
// file, so raising a floor is a one-line change next to the figure it came from.
import fs from "node:fs";
import path from "node:path";
import { UserError } from "../errors.js";
import type { EvalReport, Metrics } from "./evaluate.js";
import type { SearchMode } from "../search/types.js";

/** One floor: the set (a path relative to the project root), mode, language ("all" for overall) and minimum figures. */
export interface Floor {
  set: string;
  mode: SearchMode;
  language: string;
  hitRate?: number;
  recallAt5?: number;
  /** The share of unanswerable questions refused: a model that answers everything must not pass. */
  notFoundRecall?: number;
}

const METRICS = ["hitRate", "recallAt5", "notFoundRecall"] as const;

/** Reads a floors file: `{ "floors": [{ set, mode, language, hitRate?, recallAt5?, notFoundRecall? }, …] }`. */
export function readFloors(file: string): Floor[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(fs.readFileSync(file, "utf8"));
  } catch (error) {
    throw new UserError(`cannot read floors file ${file}: ${(error as Error).message.split("\n")[0]}`);
  }
  const list = (parsed as { floors?: unknown } | null)?.floors;
  if (!Array.isArray(list)) throw new UserError(`${file} must hold {"floors": [...]}`);
  return list.map((f, i) => {
    const floor = f as Partial<Floor>;
    const wellFormed =
      typeof floor.set === "string" &&
      (floor.mode === "lexical" || floor.mode === "dense" || floor.mode === "hybrid") &&
      typeof floor.language === "string" &&
      METRICS.some((m) => typeof floor[m] === "number") &&
      METRICS.every((m) => floor[m] === undefined || (typeof floor[m] === "number" && floor[m] >= 0 && floor[m] <= 1));
    if (!wellFormed)
      throw new UserError(
        `${file}: floor ${i + 1} needs "set", "mode" (lexical|dense|hybrid), "language" and hitRate, recallAt5 and/or notFoundRecall between 0 and 1`,
      );
    return floor as Floor;
  });
}

/** One line per floor (met or not) and whether all were met; `runs` name their set by path. */
export function checkFloors(
  floors: readonly Floor[],
  runs: readonly { file: string; report: EvalReport }[],
  root = process.cwd(),
): { ok: boolean; lines: string[] } {
  const lines: string[] = [];
  let ok = true;
  const pct = (x: number): string => `${Math.round(x * 1000) / 10}%`;
  for (const floor of floors) {
    const run = runs.find((r) => path.resolve(root, r.file) === path.resolve(root, floor.set) && r.report.mode === floor.mode);
    if (!run)
      throw new UserError(`the floors name ${floor.set} in ${floor.mode} mode, which this run did not evaluate (add the file, or --mode ${floor.mode})`);
    const metrics: Metrics | undefined = floor.language === "all" ? run.report.overall : run.report.byLanguage[floor.language];
    if (!metrics) throw new UserError(`the floors name language ${floor.language}, which ${floor.set} has no questions in`);
    for (const name of METRICS) {
      const wanted = floor[name];
      if (wanted === undefined) continue;
      const measured = metrics[name];
      const met = measured + 1e-9 >= wanted;
      ok &&= met;
      lines.push(`${met ? "floor met  " : "BELOW FLOOR"} ${floor.set} ${floor.mode} ${floor.language} ${name}: ${pct(measured)} (floor ${pct(wanted)})`);
    }
  }
  return { ok, lines };
}
