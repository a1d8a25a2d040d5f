// `npm run eval -- [--json] [--mode lexical|dense|hybrid|all] [--misses] [file…]`: runs question
// sets (default test/eval/questions.json) through the answer core and prints metrics per set.
import { parseArgs } from "node:util";
import path from "node:path";
import { loadConfig } from "../src/config.js";
import { UserError } from "../src/errors.js";
import { createLogger } from "../src/log.js";
import { openAppEngine } from "../src/app.js";
import { runCli } from "../src/cli/run.js";
import { evaluate, formatReport, readQuestions, type EvalReport } from "../src/eval/evaluate.js";
import type { SearchMode } from "../src/search/types.js";

runCli(async () => {
  const { values, positionals } = parseArgs({
    options: {
      json: { type: "boolean", default: false },
      mode: { type: "string", default: "hybrid" },
      misses: { type: "boolean", default: false },
    },
    allowPositionals: true,
  });
  const files = positionals.length > 0 ? positionals : [path.join(process.cwd(), "test/eval/questions.json")];
  const modes: SearchMode[] = values.mode === "all" ? ["lexical", "dense", "hybrid"] : [values.mode as SearchMode];
  if (!modes.every((m) => ["lexical", "dense", "hybrid"].includes(m))) throw new UserError("--mode must be lexical, dense, hybrid or all");
  // Read every set first: a typo in the third file should not cost the first two runs.
  const sets = files.map((file) => ({ file, questions: readQuestions(file) }));
  const config = loadConfig();
  const engine = await openAppEngine(config, createLogger(process.env.LOG_LEVEL ?? "warn"), {
    autoIngest: true,
    onMessage: (m) => process.stderr.write(`${m}\n`),
  });
  try {
    const runs: { file: string; report: EvalReport }[] = [];
    for (const { file, questions } of sets) {
      for (const mode of modes) {
        runs.push({
          file,
          report: await evaluate(
            questions,
            {
              answer: (q, o) => engine.answer(q, o),
              chunksByIds: (ids) => engine.store.chunksByIds(ids),
              ...(values.misses ? { deliberate: (q: string, o: { mode: SearchMode }) => engine.deliberate(q, o) } : {}),
            },
            mode,
          ),
        });
      }
    }
    if (values.json) {
      const reports = runs.map((r) => (sets.length > 1 ? { file: path.relative(process.cwd(), r.file), ...r.report } : r.report));
      process.stdout.write(`${JSON.stringify(reports.length === 1 ? reports[0] : reports)}\n`);
      return 0;
    }
    for (const { file, report } of runs) {
      if (sets.length > 1) process.stdout.write(`${path.relative(process.cwd(), file)}\n\n`);
      process.stdout.write(`${formatReport(report)}\n\n`);
      if (values.misses) {
        const groups = new Map<string, number>();
        for (const r of report.results) {
          const wrong = r.answerable ? !r.hit : r.found;
          if (!wrong) continue;
          const group = (r.diagnosis ?? "?").replace(/ \(.*$/, "");
          groups.set(group, (groups.get(group) ?? 0) + 1);
          process.stdout.write(
            `miss ${r.id} [${r.lang}] ${r.diagnosis ?? ""}: ${r.question} → ${r.found ? r.answer.slice(0, 80) : "(not found)"} (rank ${r.rank})\n`,
          );
        }
        process.stdout.write(
          `\nmisses by where they went wrong: ${[...groups]
            .sort((a, b) => b[1] - a[1])
            .map(([g, n]) => `${g} ${n}`)
            .join(", ")}\n\n`,
        );
      }
    }
    return 0;
  } finally {
    engine.close();
  }
});
