// `npm run eval -- [--json] [--mode lexical|dense|hybrid|all] [--misses] [--model e5-small]
// [--floors FILE] [file…]`: runs question sets (default test/eval/questions.json) through the
// answer core and prints metrics per set. `--model` starts that model's local server (see
// `npm run models`) on a free port, embeds what DATA_DIR lacks, evaluates, and stops it; a dense
// leg that does not come up is then an error, not a silent lexical run. `--floors` checks the
// figures against a floors file and exits 1 when one is missed. `--misses` lists every miss with
// where it went wrong (not retrieved, failed a check, outranked, refused as weak), grouped.
import { parseArgs } from "node:util";
import path from "node:path";
import { loadConfig, secretsOf, loadEnvFile } from "../src/config.js";
import { UserError } from "../src/errors.js";
import { createLogger } from "../src/log.js";
import { openAppEngine } from "../src/app.js";
import { progressReporter } from "../src/cli/progress.js";
import { runCli } from "../src/cli/run.js";
import { findLocalModel, startLocalServer, type LocalServer } from "../src/embed/local-server.js";
import { displayUrl } from "../src/embed/remote.js";
import { evaluate, formatReport, readQuestions, type EvalReport } from "../src/eval/evaluate.js";
import { checkFloors, readFloors } from "../src/eval/floors.js";
import type { SearchMode } from "../src/search/types.js";

runCli(async () => {
  const { values, positionals } = parseArgs({
    options: {
      json: { type: "boolean", default: false },
      mode: { type: "string", default: "hybrid" },
      misses: { type: "boolean", default: false },
      model: { type: "string" },
      floors: { type: "string" },
    },
    allowPositionals: true,
  });
  const files = positionals.length > 0 ? positionals : [path.join(process.cwd(), "test/eval/questions.json")];
  const modes: SearchMode[] = values.mode === "all" ? ["lexical", "dense", "hybrid"] : [values.mode as SearchMode];
  if (!modes.every((m) => ["lexical", "dense", "hybrid"].includes(m))) throw new UserError("--mode must be lexical, dense, hybrid or all");
  // Read every set (and the floors) first: a typo in the third file should not cost the first two runs.
  const sets = files.map((file) => ({ file, questions: readQuestions(file) }));
  const floors = values.floors ? readFloors(values.floors) : undefined;
  const model = values.model ? findLocalModel(values.model) : undefined;
  loadEnvFile();
  const baseConfig = loadConfig();
  let server: LocalServer | undefined;
  if (model) {
    process.stderr.write(`starting the ${model.name} server on 127.0.0.1 …\n`);
    server = await startLocalServer(baseConfig, model);
  }
  try {
    const config = server ? loadConfig({ ...process.env, ...server.env }) : baseConfig;
    const embedding = progressReporter("embedding");
    const engine = await openAppEngine(config, createLogger(config.logLevelSet ?? "warn", secretsOf(config)), {
      autoIngest: true,
      onMessage: (m) => process.stderr.write(`${m}\n`),
      onEmbedProgress: (d, t) => embedding.onProgress(d, t),
    });
    try {
      if (engine.dense) {
        // Chunks ingested without this model (or before the server was up) are embedded now.
        const { embedded, embedWarning } = await engine.ingest([], { onEmbedProgress: (d, t) => embedding.onProgress(d, t) });
        embedding.stop();
        if (embedded > 0) process.stderr.write(`embedded ${embedded} chunks with ${engine.dense.modelId}\n`);
        if (embedWarning) throw new UserError(embedWarning);
      }
      for (const warning of engine.warnings) process.stderr.write(`warning: ${warning}\n`);
      // A model asked for (--model, EMBED_URL) that is not working would make this a lexical run in disguise.
      if ((model || config.embedRemote) && (!engine.dense || engine.warnings.length > 0)) {
        const asked = model ? `--model ${model.name}` : `EMBED_URL ${config.embedRemote ? displayUrl(config.embedRemote.url) : ""}`;
        throw new UserError(`${asked}: dense search is not working, so this would be a lexical run: ${engine.warnings.join("; ") || "no dense leg"}`);
      }
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
      } else {
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
      }
      if (!floors) return 0;
      const verdict = checkFloors(floors, runs);
      // On stderr, so `--json` output stays one JSON document.
      for (const line of verdict.lines) process.stderr.write(`${line}\n`);
      return verdict.ok ? 0 : 1;
    } finally {
      engine.close();
    }
  } finally {
    await server?.stop();
  }
});
