// `npm run bench -- [--sizes 1000,10000,100000] [--quick] [--dim 384] [--model DIR|e5-small] [--keep] [--out docs]`:
// benchmarks ingestion, query latency, HNSW recall, memory, disk, start-up and answer quality at
// several corpus sizes, on real text installed in a bench-only step, and writes
// docs/benchmarks.md and docs/benchmarks.json. Each size is ingested into a fresh DATA_DIR by
// a child process, and measured by another, so memory figures and timings of one phase are not
// coloured by the previous one. Embeddings come from the generated test model (`--dim` wide)
// unless `--model` names a local model folder. `--model e5-small` (a model of `npm run models`)
// runs the real-model bench instead (src/bench/real-model.ts): it starts the model's server,
// measures embedding, answers and HNSW recall over real vectors, and writes its own section of
// the report (`--embed-only` just fills its vector cache, the long step). (Internal: `--child
// ingest|query` runs a phase.)
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Writable } from "node:stream";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { makeTestModel } from "./make-test-model.js";
import { loadConfig, secretsOf, type Config } from "../src/config.js";
import { createLogger, type Logger } from "../src/log.js";
import { openAppEngine } from "../src/app.js";
import { loadEmbedder, resolveModelSource } from "../src/embed/embedder.js";
import { evaluate, readQuestions } from "../src/eval/evaluate.js";
import { parseFile } from "../src/ingest/load.js";
import { prepareDocument } from "../src/ingest/ingest.js";
import { DEFAULT_TUNING } from "../src/search/answer.js";
import { createDictionaryTranslator } from "../src/search/translate.js";
import { HnswIndexFile, hnswFilePath } from "../src/store/hnsw.js";
import { DATABASE_FILE } from "../src/store/store.js";
import { queryTerms } from "../src/text/segment.js";
import { buildCorpus } from "../src/bench/corpus.js";
import { chineseStreams, emails, installCorpusPackages } from "../src/bench/sources.js";
import {
  bruteForceTopK,
  dot,
  fileBytes,
  folderBytes,
  machineFacts,
  memoryMb,
  packVectors,
  recallAtK,
  seededRandom,
  summarise,
  throttled,
  type Latency,
} from "../src/bench/measure.js";
import {
  judgeTargets,
  recommendEf,
  renderMarkdown,
  startupSummary,
  type BenchReport,
  type EfPoint,
  type LatencyKey,
  type SizeResult,
} from "../src/bench/report.js";
import { measureBotStartup, measureRuntimeStartup, type StartupRun } from "../src/bench/startup.js";
import { runRealModelBench } from "../src/bench/real-model.js";
import { writeRealModelReport, keepRealModelSection } from "../src/bench/real-report.js";
import { LOCAL_MODELS, type LocalModel } from "../src/embed/local-server.js";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const SCRIPT = fileURLToPath(import.meta.url);
const QUESTIONS = path.join(ROOT, "test/eval/questions.json");
const CORPORA_DIR = path.join(ROOT, "data/bench/corpora");
const EF_SWEEP = [16, 32, 64, 128, 200, 400, 800, 1600];
const BOT_ENTRY = "src/cli/bot.ts";
const REAL_MODEL = "Xenova/multilingual-e5-small";

const USAGE =
  "usage: npm run bench -- [--sizes 1000,10000,100000] [--quick] [--dim 384] [--model DIR] [--keep] [--out docs]\n" +
  "       npm run bench -- --model e5-small [--sizes …] [--quick] [--embed-only] [--m 16,32] [--out docs]";

function parseBenchArgs(): ReturnType<typeof parseBenchArgsUnchecked> {
  try {
    return parseBenchArgsUnchecked();
  } catch (error) {
    process.stderr.write(`error: ${error instanceof Error ? error.message : String(error)}\n${USAGE}\n`);
    process.exit(2);
  }
}

const parseBenchArgsUnchecked = () =>
  parseArgs({
    options: {
      help: { type: "boolean", short: "h", default: false },
      sizes: { type: "string", default: "1000,10000,100000" },
      quick: { type: "boolean", default: false },
      dim: { type: "string", default: "384" },
      model: { type: "string" },
      keep: { type: "boolean", default: false },
      out: { type: "string", default: "docs" },
      "embed-only": { type: "boolean", default: false },
      m: { type: "string", default: "16,32" },
      child: { type: "string" },
      size: { type: "string" },
      work: { type: "string" },
      result: { type: "string" },
    },
    allowPositionals: false,
  });

const { values: args } = parseBenchArgs();
if (args.help) {
  process.stdout.write(`${USAGE}\n`);
  process.exit(0);
}

const quick = args.quick ?? false;
const repetitions = quick ? 2 : 5;
const recallQueries = quick ? 100 : 300;
const startupRuns = quick ? 1 : 3;

const started = performance.now();
// Children count from the parent's start, so progress lines read as one timeline.
const epoch = Number(process.env.DOCQA_BENCH_EPOCH) || Date.now();
const clock = (): string => `${((Date.now() - epoch) / 1000).toFixed(0).padStart(4)} s`;
/** One progress line on stderr, with the time since this process started. */
function say(line: string): void {
  process.stderr.write(`[bench ${clock()}] ${line}\n`);
}

const label = (size: number): string => (size >= 1000 ? `${Math.round(size / 1000)}k` : String(size));

interface Paths {
  work: string;
  model: string;
  corpus: string;
  data: string;
}

function pathsFor(work: string, size: number, dim: number): Paths {
  const model = args.model ? path.resolve(ROOT, args.model) : path.join(work, `model-${dim}`, "docqa-bench-test-model");
  return { work, model, corpus: path.join(work, `corpus-${size}`), data: path.join(work, `index-${size}`) };
}

/** What produced the vectors, for the report. */
const modelLabel = (): string =>
  args.model ? `local model ${path.basename(path.resolve(ROOT, args.model))} (--model)` : "generated test model (scripts/make-test-model.ts)";

/** The configuration of a bench DATA_DIR: the test model, no downloads, HNSW settings from the environment. */
function benchConfig(p: Paths, embedModel = p.model): Config {
  const env: Record<string, string | undefined> = {
    DATA_DIR: p.data,
    EMBED_MODEL: embedModel,
    MODELS_DIR: path.join(p.work, "models"),
    ALLOW_MODEL_DOWNLOAD: "false",
    HNSW_M: process.env.HNSW_M,
    HNSW_EF_CONSTRUCTION: process.env.HNSW_EF_CONSTRUCTION,
    HNSW_EF_SEARCH: process.env.HNSW_EF_SEARCH,
    ONNX_THREADS: process.env.ONNX_THREADS,
  };
  return loadConfig(env, ROOT);
}

/** A logger that passes warnings on to stderr and remembers how long the model took to load. */
function captureLogger(): { logger: Logger; modelLoadMs: () => number } {
  let modelMs = NaN;
  const sink = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      for (const line of chunk.toString("utf8").split("\n")) {
        if (!line.trim()) continue;
        try {
          const entry = JSON.parse(line) as { level?: number; msg?: string; ms?: number };
          if (entry.msg === "embedding model loaded" && typeof entry.ms === "number") modelMs = entry.ms;
          if ((entry.level ?? 0) >= 40) process.stderr.write(`  (log) ${entry.msg ?? line}\n`);
        } catch {
          process.stderr.write(`${line}\n`);
        }
      }
      callback();
    },
  });
  return { logger: createLogger("info", [], sink), modelLoadMs: () => modelMs };
}

// ---------------------------------------------------------------------------------------------
// Child: ingest one corpus into a fresh DATA_DIR, then embed it and build the HNSW file.

type IngestResult = Pick<SizeResult, "ingest" | "embedding" | "disk">;

async function ingestChild(p: Paths, size: number, corpusBytes: number): Promise<IngestResult> {
  fs.rmSync(p.data, { recursive: true, force: true });
  const config = benchConfig(p);
  const capture = captureLogger();
  const tag = `[${label(size)}]`;

  // The same path as `npm run ingest`: the app engine (dictionary, test model), then ingest,
  // which stores the text and terms first and then embeds the new chunks.
  const openStarted = performance.now();
  const engine = await openAppEngine(config, capture.logger);
  say(`${tag} engine open for ingest in ${(performance.now() - openStarted).toFixed(0)} ms (builds the dictionary cache in the fresh DATA_DIR)`);
  const progress = throttled(3000, say);
  const embedProgress = throttled(5000, say);
  let embedStarted = NaN;
  let embeddedAt = NaN;
  let lexicalDoneAt = NaN;
  const ingestStarted = performance.now();
  const summary = await engine.ingest([p.corpus], {
    onFile: (e) => {
      progress(`${tag} lexical ingest: ${e.index}/${e.total} files`, e.index === e.total);
      if (e.index === e.total) lexicalDoneAt = performance.now();
    },
    onEmbedProgress: (done, total) => {
      if (Number.isNaN(embedStarted)) embedStarted = performance.now();
      if (done === total) embeddedAt = performance.now();
      embedProgress(`${tag} embedding: ${done}/${total} passages`, done === total);
      // hnswlib adds points one by one with no progress to report.
      if (done === total) say(`${tag} building, saving and loading the HNSW index (no progress available) …`);
    },
  });
  const ingestEnded = performance.now();
  const chunks = summary.chunks;
  say(
    `${tag} lexical ingest: ${chunks} chunks, ${summary.added} documents in ${summary.seconds.toFixed(1)} s (${(chunks / summary.seconds).toFixed(0)} chunks/s); ${summary.skipped.length} skipped, ${summary.failed.length} failed`,
  );
  for (const f of summary.failed.slice(0, 3)) say(`${tag}   failed: ${f.path}: ${f.reason}`);
  if (Number.isNaN(embedStarted)) embedStarted = Number.isNaN(lexicalDoneAt) ? ingestStarted : lexicalDoneAt;
  const embedSeconds = (embeddedAt - embedStarted) / 1000;
  const hnswSeconds = (ingestEnded - embeddedAt) / 1000;
  say(
    `${tag} embedded ${summary.embedded} passages in ${embedSeconds.toFixed(1)} s (${(summary.embedded / embedSeconds).toFixed(0)}/s); HNSW build + save + load ${hnswSeconds.toFixed(1)} s`,
  );
  const stats = engine.store.stats();
  const dim = engine.store.vectorModels()[0]?.dim ?? 0;
  // Closing the last connection checkpoints the WAL into the database file.
  engine.close();
  const db = path.join(p.data, DATABASE_FILE);
  const sqliteBytes = fileBytes([db, `${db}-wal`, `${db}-shm`]);
  const hnswBytes = fileBytes([hnswFilePath(p.data)]);
  const per10k = (bytes: number): number => Math.round((bytes / Math.max(1, stats.chunks)) * 10_000);
  return {
    ingest: {
      seconds: summary.seconds,
      added: summary.added,
      skipped: summary.skipped.length,
      failed: summary.failed.length,
      chunks: stats.chunks,
      mbPerSecond: corpusBytes / 1048576 / summary.seconds,
      chunksPerSecond: chunks / summary.seconds,
    },
    embedding: {
      model: modelLabel(),
      dim,
      modelLoadMs: Math.round(capture.modelLoadMs()),
      passages: summary.embedded,
      seconds: embedSeconds,
      passagesPerSecond: summary.embedded / embedSeconds,
      hnswBuildSeconds: hnswSeconds,
    },
    disk: {
      sqliteBytes,
      vectorBlobBytes: stats.vectors * dim * 4,
      hnswBytes,
      totalBytes: sqliteBytes + hnswBytes,
      otherBytes: folderBytes(p.data) - sqliteBytes - hnswBytes,
      per10kChunks: { sqlite: per10k(sqliteBytes), hnsw: per10k(hnswBytes), total: per10k(sqliteBytes + hnswBytes) },
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Child: open the engine as the CLI and the bot do, and measure queries, recall and quality.

type QueryResult = Pick<SizeResult, "query" | "hnsw" | "quality"> & { firstAnswerMs: number };

/** A sentence of a passage, as a query that looks like something a reader might type. */
function firstSentence(text: string): string {
  const sentence = text.split(/(?<=[。！？!?；])|(?<=\.)\s/)[0] ?? text;
  return sentence.replace(/\s+/g, " ").trim().slice(0, 80);
}

async function queryChild(p: Paths, size: number): Promise<QueryResult> {
  const tag = `[${label(size)}]`;
  const config = benchConfig(p);
  const capture = captureLogger();
  const openStarted = performance.now();
  const engine = await openAppEngine(config, capture.logger);
  const engineOpenMs = performance.now() - openStarted;
  const rssAfterLoad = memoryMb().rss;
  if (!engine.dense) throw new Error(`dense search did not come up: ${engine.warnings.join("; ")}`);
  const questions = readQuestions(QUESTIONS).map((q) => q.question);
  const firstStarted = performance.now();
  await engine.answer(questions[0] ?? "测试", { mode: "hybrid" });
  const firstAnswerMs = performance.now() - firstStarted;
  say(
    `${tag} engine ready in ${engineOpenMs.toFixed(0)} ms (model ${capture.modelLoadMs().toFixed(0)} ms), first answer ${firstAnswerMs.toFixed(0)} ms, RSS ${rssAfterLoad} MB`,
  );

  // Instruments of our own, created after the RSS reading so they don't count in it.
  const translator = createDictionaryTranslator();
  const embedder = await loadEmbedder(config, capture.logger);
  const dense = engine.dense;
  const store = engine.store;
  const depth = DEFAULT_TUNING.legDepth;
  for (const q of questions) {
    // Warm-up: lazy loads and the engine's query-embedding cache.
    await engine.answer(q, { mode: "hybrid" });
    await engine.answer(q, { mode: "lexical" });
    translator.expand(q);
  }

  const samples: Record<LatencyKey, number[]> = {
    queryEmbedding: [],
    lexical: [],
    dictionary: [],
    dense: [],
    hybridRetrieval: [],
    answerLexical: [],
    answerHybrid: [],
  };
  const stageSums: Record<"lexical" | "hybrid", Record<string, number>> = { lexical: {}, hybrid: {} };
  const time = async (key: LatencyKey, fn: () => unknown): Promise<void> => {
    const t = performance.now();
    await fn();
    samples[key].push(performance.now() - t);
  };
  const progress = throttled(5000, say);
  for (let rep = 0; rep < repetitions; rep++) {
    for (const [i, q] of questions.entries()) {
      // A new text each repetition, so the embedder's own query cache never answers.
      await time("queryEmbedding", () => embedder.embedQuery(rep === 0 ? q : `${q} (${rep})`));
      await time("lexical", () => store.lexicalSearch(queryTerms(q), depth));
      await time("dictionary", () => {
        const terms = translator.expand(q).map((t) => t.term);
        return terms.length > 0 ? store.lexicalSearch(terms, depth) : [];
      });
      await time("dense", () => dense.search(q, depth));
      for (const mode of ["lexical", "hybrid"] as const) {
        const t = performance.now();
        const answer = await engine.answer(q, { mode });
        samples[mode === "lexical" ? "answerLexical" : "answerHybrid"].push(performance.now() - t);
        for (const [stage, ms] of Object.entries(answer.timings_ms)) stageSums[mode][stage] = (stageSums[mode][stage] ?? 0) + ms;
        // Hybrid retrieval as the real path times it: the analysed question, then the legs.
        const { analyse = 0, lexical = 0, dense: denseMs = 0 } = answer.timings_ms;
        if (mode === "hybrid") samples.hybridRetrieval.push(analyse + lexical + denseMs);
      }
      progress(`${tag} queries: repetition ${rep + 1}/${repetitions}, question ${i + 1}/${questions.length}`);
    }
  }
  const n = repetitions * questions.length;
  const answerStages = {
    lexical: Object.fromEntries(Object.entries(stageSums.lexical).map(([k, v]) => [k, Math.round((v / n) * 100) / 100])),
    hybrid: Object.fromEntries(Object.entries(stageSums.hybrid).map(([k, v]) => [k, Math.round((v / n) * 100) / 100])),
  };
  const latency = Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, summarise(v)])) as Record<LatencyKey, Latency>;
  say(
    `${tag} latency p50: lexical ${latency.lexical.p50} ms, dictionary ${latency.dictionary.p50} ms, dense ${latency.dense.p50} ms, hybrid retrieval ${latency.hybridRetrieval.p50} ms, answer ${latency.answerLexical.p50} / ${latency.answerHybrid.p50} ms (lexical / hybrid)`,
  );

  const evalQuestions = readQuestions(QUESTIONS);
  const deps = { answer: (q: string, o: Parameters<typeof engine.answer>[1]) => engine.answer(q, o), chunksByIds: (ids: number[]) => store.chunksByIds(ids) };
  const lexicalEval = await evaluate(evalQuestions, deps, "lexical");
  const hybridEval = await evaluate(evalQuestions, deps, "hybrid");
  say(
    `${tag} quality: lexical hit rate ${(lexicalEval.overall.hitRate * 100).toFixed(0)} %, recall@5 ${(lexicalEval.overall.recallAt5 * 100).toFixed(0)} %, not-found recall ${(lexicalEval.overall.notFoundRecall * 100).toFixed(0)} %`,
  );
  const afterQueries = memoryMb();

  // HNSW recall@10 and speed against the exact scan over every stored vector.
  const model = store.vectorModels().find((m) => m.model === embedder.modelId);
  if (!model) throw new Error("no stored vectors of the test model");
  const matrix = packVectors(store.iterateVectors(model.model), model.dim, model.count);
  const rowOf = new Map<number, number>();
  matrix.ids.forEach((id, row) => rowOf.set(id, row));
  const random = seededRandom(size);
  const sampleIds = Array.from({ length: Math.max(0, recallQueries - questions.length) }, () => matrix.ids[Math.floor(random() * matrix.ids.length)]!);
  const queryTexts = [
    ...questions,
    ...store
      .chunksByIds(sampleIds)
      .map((c) => firstSentence(c.text))
      .filter((t) => t.length > 0),
  ];
  const queryVectors: Float32Array[] = [];
  for (const text of queryTexts) queryVectors.push(await embedder.embedQuery(text));
  const exact: ReturnType<typeof bruteForceTopK>[] = [];
  const exactMs: number[] = [];
  // Similarity at ranks 1, 10 and 100: how far apart the true neighbours are from the crowd.
  const atRank = [0, 0, 0];
  for (const v of queryVectors) {
    const t = performance.now();
    const top = bruteForceTopK(matrix, v, 100);
    exactMs.push(performance.now() - t);
    exact.push(top.slice(0, 10));
    [0, 9, 99].forEach((rank, i) => (atRank[i]! += top[Math.min(rank, top.length - 1)]?.score ?? 0));
  }
  const bruteForce = summarise(exactMs);
  const similarityAtRank = { 1: 0, 10: 0, 100: 0 };
  [1, 10, 100].forEach((rank, i) => (similarityAtRank[rank as 1 | 10 | 100] = Math.round((atRank[i]! / queryVectors.length) * 1000) / 1000));
  const settings = { ...config.hnsw };
  const index = await HnswIndexFile.open(store, model.model, model.dim, settings, capture.logger, { persist: false });
  const sweep: EfPoint[] = [];
  for (const ef of [...new Set([...EF_SWEEP, config.hnsw.efSearch])].sort((a, b) => a - b)) {
    settings.efSearch = ef;
    index.search(queryVectors[0]!, 10);
    const ms: number[] = [];
    let recall = 0;
    let ratio = 0;
    queryVectors.forEach((v, qi) => {
      const t = performance.now();
      const found = index.search(v, 10);
      ms.push(performance.now() - t);
      const scoreOf = (id: number): number => {
        const row = rowOf.get(id);
        return row === undefined ? -Infinity : dot(matrix.data.subarray(row * matrix.dim, (row + 1) * matrix.dim), v);
      };
      const truth = exact[qi]!;
      recall += recallAtK(
        found.map((f) => f.chunkId),
        truth,
        scoreOf,
        10,
      );
      const last = found[Math.min(9, found.length - 1)];
      ratio += last && truth.length > 0 ? scoreOf(last.chunkId) / truth[Math.min(9, truth.length - 1)]!.score : 0;
    });
    const lat = summarise(ms);
    const round3 = (x: number): number => Math.round(x * 1000) / 1000;
    sweep.push({
      ef,
      recallAt10: round3(recall / queryVectors.length),
      tenthScoreRatio: round3(ratio / queryVectors.length),
      latency: lat,
      speedup: Math.round((bruteForce.p50 / Math.max(lat.p50, 0.001)) * 10) / 10,
    });
  }
  say(`${tag} HNSW: exact scan p50 ${bruteForce.p50} ms; ${sweep.map((s) => `ef ${s.ef}: recall ${s.recallAt10}, ${s.latency.p50} ms`).join("; ")}`);
  await embedder.dispose?.();
  engine.close();
  return {
    firstAnswerMs,
    query: {
      engineOpenMs: Math.round(engineOpenMs),
      modelLoadMs: Math.round(capture.modelLoadMs()),
      rssAfterLoadMb: rssAfterLoad,
      rssAfterQueriesMb: afterQueries.rss,
      heapAfterQueriesMb: afterQueries.heapUsed,
      questions: questions.length,
      repetitions,
      latency,
      answerStages,
    },
    hnsw: {
      vectors: matrix.ids.length,
      dim: model.dim,
      m: config.hnsw.m,
      efConstruction: config.hnsw.efConstruction,
      defaultEf: config.hnsw.efSearch,
      queries: queryVectors.length,
      bruteForce,
      similarityAtRank,
      sweep,
    },
    quality: { lexical: lexicalEval.overall, hybrid: hybridEval.overall },
  };
}

// ---------------------------------------------------------------------------------------------
// Parent: corpora, children, start-up, report.

function runChild(phase: string, extra: string[], resultFile: string): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", SCRIPT, "--child", phase, ...extra, "--result", resultFile, ...(quick ? ["--quick"] : [])], {
      cwd: ROOT,
      env: { ...process.env, DOCQA_BENCH_EPOCH: String(epoch) },
      stdio: ["ignore", "inherit", "inherit"],
    });
    child.once("error", reject);
    child.once("exit", (code) => {
      if (code !== 0) reject(new Error(`bench ${phase} phase exited with code ${code}`));
      else resolve(JSON.parse(fs.readFileSync(resultFile, "utf8")));
    });
  });
}

function realModelStatus(): BenchReport["realModel"] {
  if (args.model) return { id: args.model, available: true, note: `this run embedded with it (--model ${args.model})` };
  const config = loadConfig({ EMBED_MODEL: REAL_MODEL, ALLOW_MODEL_DOWNLOAD: "false" }, ROOT);
  const source = resolveModelSource(config);
  if (!source || source.location === "remote") {
    return {
      id: REAL_MODEL,
      available: false,
      note: `not available (no local copy in ${path.relative(ROOT, config.modelsDir) || "."} or the download cache, and the model hub is unreachable here), so not measured`,
    };
  }
  return {
    id: REAL_MODEL,
    available: true,
    note: `found locally (${source.location}); not measured by this run: set EMBED_MODEL to it and compare embed passages/s`,
  };
}

/** Short data-driven sentences that read the tables. */
function reading(report: BenchReport): string[] {
  const lines: string[] = [];
  const sizes = report.sizes;
  const largest = sizes[sizes.length - 1];
  if (!largest) return lines;
  const l = largest.query.latency;
  lines.push(
    `At ${label(largest.size)} chunks, hybrid retrieval takes p50 ${l.hybridRetrieval.p50} ms / p95 ${l.hybridRetrieval.p95} ms without query embedding: lexical leg ${l.lexical.p50} ms, dictionary leg ${l.dictionary.p50} ms (mostly the dictionary expansion itself), HNSW ${l.dense.p50} ms. A query embedding with the test model costs p50 ${l.queryEmbedding.p50} ms; a real encoder costs far more and is the figure to add.`,
  );
  const st = largest.query.answerStages.lexical;
  lines.push(
    `A whole lexical + dictionary answer takes p50 ${l.answerLexical.p50} ms; its stages average ${Object.entries(st)
      .filter(([k]) => k !== "total")
      .map(([k, v]) => `${k} ${v} ms`)
      .join(", ")}.`,
  );
  lines.push(
    `Lexical ingestion runs at ${sizes.map((s) => `${Math.round(s.ingest.chunksPerSecond)} chunks/s (${s.ingest.mbPerSecond.toFixed(2)} MB/s) at ${label(s.size)}`).join(", ")}; embedding with the test model at ${sizes.map((s) => `${Math.round(s.embedding.passagesPerSecond)}/s`).join(", ")}.`,
  );
  const ef = recommendEf(sizes);
  const def = largest.hnsw.sweep.find((p) => p.ef === largest.hnsw.defaultEf);
  lines.push(
    `HNSW at ${label(largest.size)}: the configured ef ${largest.hnsw.defaultEf} gives recall@10 ${def?.recallAt10 ?? "?"} at p50 ${def?.latency.p50 ?? "?"} ms, ${def?.speedup ?? "?"}× faster than the exact scan (${largest.hnsw.bruteForce.p50} ms). ${ef !== undefined ? `The smallest swept ef with recall@10 ≥ 0.97 at every size is ${ef}.` : "No swept ef reached recall@10 ≥ 0.97 everywhere."}`,
  );
  if (def && def.recallAt10 < 0.97) {
    const r = largest.hnsw.similarityAtRank;
    const best = [...largest.hnsw.sweep].sort((a, b) => b.ef - a.ef)[0]!;
    lines.push(
      `Why recall falls with size: the vectors crowd together (mean similarity ${r[1]} at rank 1, ${r[10]} at rank 10, ${r[100]} at rank 100), so hundreds of passages are nearly as close as the true 10th neighbour and the graph search stops among them. The misses are near-ties: the index's 10th result is on average ${(def.tenthScoreRatio * 100).toFixed(1)} % as similar as the true 10th (ef ${best.ef}: recall ${best.recallAt10}, ${(best.tenthScoreRatio * 100).toFixed(1)} %, p50 ${best.latency.p50} ms).`,
    );
  }
  const first = sizes[0]!;
  lines.push(
    `Quality under scale (lexical): answer hit rate ${sizes.map((s) => `${Math.round(s.quality.lexical.hitRate * 100)} %`).join(" → ")}, recall@5 ${sizes.map((s) => `${Math.round(s.quality.lexical.recallAt5 * 100)} %`).join(" → ")}, not-found recall ${sizes.map((s) => `${Math.round(s.quality.lexical.notFoundRecall * 100)} %`).join(" → ")} from ${label(first.size)} to ${label(largest.size)} chunks.`,
  );
  const start = startupSummary(largest.startup);
  lines.push(
    `Start-up at ${label(largest.size)}: ready in ${Math.round(start.lexicalReadyMs)} ms lexical-only and ${Math.round(start.modelReadyMs)} ms with the test model (model load ${Math.round(start.modelLoadMs)} ms); ${largest.startup.runtimeMs} ms of any start is Node + tsx itself.`,
  );
  lines.push(
    `Memory at ${label(largest.size)}: RSS ${largest.query.rssAfterLoadMb} MB after loading the engine, ${largest.query.rssAfterQueriesMb} MB after the query run; on disk ${(largest.disk.per10kChunks.total / 1048576).toFixed(1)} MB per 10k chunks (SQLite ${(largest.disk.per10kChunks.sqlite / 1048576).toFixed(1)} MB, .hnsw ${(largest.disk.per10kChunks.hnsw / 1048576).toFixed(1)} MB).`,
  );
  return lines;
}

async function parent(): Promise<number> {
  const sizes = (args.sizes ?? "")
    .split(",")
    .map((s) => Number(s.trim()))
    .filter((n) => Number.isInteger(n) && n > 0)
    .sort((a, b) => a - b);
  const dim = Number(args.dim);
  if (sizes.length === 0 || !Number.isInteger(dim) || dim < 8) {
    process.stderr.write("error: --sizes must list whole numbers of chunks (e.g. 1000,10000,100000) and --dim a whole number ≥ 8\n");
    return 2;
  }
  const machine = machineFacts();
  say(`machine: ${machine.cpuModel}, ${machine.cores} cores, ${machine.memoryGb} GB, Node ${machine.node}, load ${machine.loadAverageAtStart.join(" / ")}`);
  say(
    `sizes ${sizes.map(label).join(", ")}; ${quick ? "quick" : "full"} run (${repetitions} repetitions, ${recallQueries} recall queries, ${startupRuns} start-up runs per mode)`,
  );

  let packages: ReturnType<typeof installCorpusPackages>;
  try {
    packages = installCorpusPackages(CORPORA_DIR, say);
  } catch (error) {
    process.stderr.write(`error: could not install the benchmark corpora: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "docqa-bench-"));
  say(`work folder ${work}${args.keep ? " (kept)" : " (removed at the end)"}`);
  const notes: string[] = [];
  try {
    const modelDir = pathsFor(work, 0, dim).model;
    if (!args.model) await makeTestModel(modelDir, { dim });
    else if (!fs.existsSync(modelDir)) throw new Error(`--model ${args.model}: no such folder`);
    const emptyModule = path.join(work, "empty.mjs");
    fs.writeFileSync(emptyModule, "");
    const runtimeMs = await measureRuntimeStartup(ROOT, emptyModule);
    const botEntry = fs.existsSync(path.join(ROOT, BOT_ENTRY)) ? BOT_ENTRY : undefined;
    if (!botEntry) notes.push(`${BOT_ENTRY} does not exist: start-up is the in-process engine open + first answer ("engine ready").`);

    const zh = chineseStreams(packages.poetryDir);
    const results: SizeResult[] = [];
    for (const size of sizes) {
      const p = pathsFor(work, size, dim);
      const tag = `[${label(size)}]`;
      say(`${tag} building the corpus (${size} chunks) in ${p.corpus}`);
      let prepareMs = 0;
      const buildStarted = performance.now();
      const corpus = buildCorpus({
        targetChunks: size,
        outDir: p.corpus,
        sampleDir: path.join(ROOT, "data/docs"),
        streams: { ...zh, emails: () => emails(packages.spamDir) },
        countChunks: (name, bytes) => {
          const t = performance.now();
          try {
            return prepareDocument(parseFile(name, bytes), name).chunks.length;
          } catch {
            return 0;
          } finally {
            prepareMs += performance.now() - t;
          }
        },
      });
      const buildSeconds = (performance.now() - buildStarted) / 1000;
      say(
        `${tag} corpus: ${corpus.files} files, ${(corpus.bytes / 1048576).toFixed(1)} MB, ${corpus.chunks} chunks (${Object.entries(corpus.streams)
          .map(([k, v]) => `${k} ${v.chunks}`)
          .join(", ")}) in ${buildSeconds.toFixed(1)} s`,
      );

      const extra = ["--size", String(size), "--work", work, "--dim", String(dim), ...(args.model ? ["--model", args.model] : [])];
      const ingested = (await runChild("ingest", extra, path.join(work, `ingest-${size}.json`))) as IngestResult;
      const queried = (await runChild("query", extra, path.join(work, `query-${size}.json`))) as QueryResult;

      say(`${tag} start-up: ${startupRuns} run(s) lexical-only and ${startupRuns} with the test model`);
      const lexicalOnly: StartupRun[] = [];
      const withModel: StartupRun[] = [];
      if (botEntry) {
        for (let i = 0; i < startupRuns; i++) {
          lexicalOnly.push(await measureBotStartup(ROOT, botEntry, { DATA_DIR: p.data, EMBED_MODEL: "none", ALLOW_MODEL_DOWNLOAD: "false" }));
          withModel.push(
            await measureBotStartup(ROOT, botEntry, {
              DATA_DIR: p.data,
              EMBED_MODEL: p.model,
              ALLOW_MODEL_DOWNLOAD: "false",
              MODELS_DIR: path.join(work, "models"),
            }),
          );
        }
      } else {
        withModel.push({ ok: true, readyMs: Math.round(queried.query.engineOpenMs + queried.firstAnswerMs), modelLoadMs: queried.query.modelLoadMs });
      }
      const failed = [...lexicalOnly, ...withModel].filter((r) => !r.ok);
      if (failed.length > 0) {
        say(`${tag} start-up failed: ${failed[0]!.error}`);
        notes.push(`Start-up at ${label(size)}: ${failed.length} run(s) failed (${failed[0]!.error}).`);
      }
      const startup = { runtimeMs, lexicalOnly, withModel, entry: botEntry ?? "openAppEngine + first answer (in-process)" };
      const st = startupSummary(startup);
      say(
        `${tag} ready: ${Math.round(st.lexicalReadyMs)} ms lexical-only, ${Math.round(st.modelReadyMs)} ms with the model (model load ${Math.round(st.modelLoadMs)} ms); Node + tsx alone ${runtimeMs} ms`,
      );

      results.push({
        size,
        corpus: { chunks: corpus.chunks, files: corpus.files, bytes: corpus.bytes, streams: corpus.streams, buildSeconds, prepareSeconds: prepareMs / 1000 },
        ...ingested,
        query: queried.query,
        hnsw: queried.hnsw,
        quality: queried.quality,
        startup,
      });
      // The corpus files are no longer needed; the index stays until the end (start-up used it).
      fs.rmSync(p.corpus, { recursive: true, force: true });
    }

    notes.push(
      "Timings come from one run on a shared 2-core machine: compare sizes with each other, and read the load average above before comparing runs.",
      args.model
        ? `Embedding and HNSW figures use ${args.model}.`
        : `Embedding and HNSW figures use the generated test model at ${dim} dimensions (a lookup table, not a trained encoder): recall and latency of the index depend on the vectors' distribution, so re-run with \`--model <folder of the real model>\` where it is available.`,
      "Hybrid retrieval and the hybrid answer reuse the engine's cached query embedding (warm-up pass), so they exclude embedding time by construction; the query embedding row gives that cost separately.",
    );
    const report: BenchReport = {
      machine: { ...machine, loadAverageAtEnd: os.loadavg().map((x) => Math.round(x * 100) / 100) },
      options: { sizes, quick, dim, repetitions },
      realModel: realModelStatus(),
      seconds: (performance.now() - started) / 1000,
      sizes: results,
      targets: judgeTargets(results),
      notes,
    };
    const outDir = path.resolve(ROOT, args.out ?? "docs");
    fs.mkdirSync(outDir, { recursive: true });
    // The real-model section comes from another run (--model e5-small): keep it.
    const real = keepRealModelSection(outDir);
    fs.writeFileSync(path.join(outDir, "benchmarks.json"), `${JSON.stringify(real ? { ...report, realModelRun: real.json } : report, null, 2)}\n`);
    fs.writeFileSync(path.join(outDir, "benchmarks.md"), `${renderMarkdown(report, reading(report))}\n${real ? `\n${real.markdown}\n` : ""}`);
    say(`wrote ${path.relative(ROOT, path.join(outDir, "benchmarks.md"))} and benchmarks.json`);
    process.stderr.write("\nTargets (at the largest size):\n");
    for (const t of report.targets) {
      process.stderr.write(`  ${t.met === undefined ? "?     " : t.met ? "met   " : "MISSED"} ${t.name}: ${t.measured} (want ${t.target}; ${t.gap})\n`);
    }
    process.stderr.write(`\nwhole bench: ${(report.seconds / 60).toFixed(1)} min\n`);
    return 0;
  } finally {
    if (!args.keep) fs.rmSync(work, { recursive: true, force: true });
  }
}

async function child(phase: string): Promise<number> {
  const size = Number(args.size);
  const p = pathsFor(args.work!, size, Number(args.dim));
  const result = phase === "ingest" ? await ingestChild(p, size, corpusBytes(p.corpus)) : await queryChild(p, size);
  fs.writeFileSync(args.result!, JSON.stringify(result));
  return 0;
}

function corpusBytes(dir: string): number {
  let total = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) total += fs.statSync(path.join(entry.parentPath, entry.name)).size;
  }
  return total;
}

/** `--model <name of npm run models>`: the real-model bench, written into its own report section. */
async function realParent(model: LocalModel): Promise<number> {
  const sizes = (args.sizes ?? "")
    .split(",")
    .map((s) => Number(s.trim()))
    .filter((n) => Number.isInteger(n) && n > 0)
    .sort((a, b) => a - b);
  const ms = (args.m ?? "")
    .split(",")
    .map((s) => Number(s.trim()))
    .filter((n) => Number.isInteger(n) && n >= 2);
  if (sizes.length === 0 || ms.length === 0) {
    process.stderr.write("error: --sizes and --m must list whole numbers (e.g. --sizes 1000,10000,100000 --m 16,32)\n");
    return 2;
  }
  const machine = machineFacts();
  say(`machine: ${machine.cpuModel}, ${machine.cores} cores, ${machine.memoryGb} GB, Node ${machine.node}, load ${machine.loadAverageAtStart.join(" / ")}`);
  // The user's settings (.env, the environment): where models are installed, the configured ef.
  const config = loadConfig(process.env, ROOT);
  const logger = createLogger(config.logLevel === "info" ? "warn" : config.logLevel, secretsOf(config));
  const report = await runRealModelBench({
    root: ROOT,
    config,
    model,
    sizes,
    quick,
    embedOnly: args["embed-only"] ?? false,
    ms,
    efs: [...new Set([...EF_SWEEP, config.hnsw.efSearch])].sort((a, b) => a - b),
    logger,
    say,
  });
  if (!report) return 0;
  const outDir = path.resolve(ROOT, args.out ?? "docs");
  writeRealModelReport(outDir, report);
  say(`wrote the real-model section of ${path.relative(ROOT, path.join(outDir, "benchmarks.md"))} and benchmarks.json`);
  process.stderr.write(`\nwhole real-model bench: ${(report.seconds / 60).toFixed(1)} min\n`);
  return 0;
}

const localModel = args.model && !args.child ? LOCAL_MODELS.find((m) => m.name === args.model) : undefined;

(args.child ? child(args.child) : localModel ? realParent(localModel) : parent()).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  },
);
