// Measurement helpers of the benchmark: latency percentiles, exact (brute-force) nearest
// neighbours and tie-aware recall, memory and disk figures, and the facts about the machine
// that every published figure needs next to it; and throttled progress lines.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

/** Latency summary of one measured operation, in milliseconds. */
export interface Latency {
  n: number;
  mean: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

/** Nearest-rank percentile (p in 0..100) of sorted values. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))]!;
}

/** Summarises samples (milliseconds) as mean, p50/p95/p99 and max, rounded to 0.01 ms. */
export function summarise(samples: readonly number[]): Latency {
  const sorted = [...samples].sort((a, b) => a - b);
  const r = (x: number): number => Math.round(x * 100) / 100;
  const mean = sorted.reduce((s, x) => s + x, 0) / Math.max(1, sorted.length);
  return {
    n: sorted.length,
    mean: r(mean),
    p50: r(percentile(sorted, 50)),
    p95: r(percentile(sorted, 95)),
    p99: r(percentile(sorted, 99)),
    max: r(sorted[sorted.length - 1] ?? NaN),
  };
}

/** Runs fn and returns its result with the elapsed milliseconds. */
export async function timed<T>(fn: () => Promise<T> | T): Promise<{ value: T; ms: number }> {
  const started = performance.now();
  const value = await fn();
  return { value, ms: performance.now() - started };
}

/** Vectors held in one contiguous array, for exact search. */
export interface VectorMatrix {
  ids: Int32Array;
  dim: number;
  data: Float32Array;
}

/** Packs vectors (all of one dimension) into a VectorMatrix. */
export function packVectors(vectors: Iterable<{ chunkId: number; vector: Float32Array }>, dim: number, count: number): VectorMatrix {
  const ids = new Int32Array(count);
  const data = new Float32Array(count * dim);
  let n = 0;
  for (const { chunkId, vector } of vectors) {
    if (vector.length !== dim || n >= count) continue;
    ids[n] = chunkId;
    data.set(vector, n * dim);
    n++;
  }
  return { ids: ids.subarray(0, n), dim, data: data.subarray(0, n * dim) };
}

/** A neighbour found by exact search: chunk id and inner product (cosine for unit vectors). */
export interface Neighbour {
  chunkId: number;
  score: number;
}

/** Exact top-k by inner product: the full scan the HNSW index saves us from. */
export function bruteForceTopK(matrix: VectorMatrix, query: Float32Array, k: number): Neighbour[] {
  const { ids, dim, data } = matrix;
  const n = ids.length;
  // A small sorted buffer beats sorting all n scores for k ≪ n.
  const topScores = new Float64Array(k).fill(-Infinity);
  const topIds = new Int32Array(k).fill(-1);
  for (let i = 0; i < n; i++) {
    let dot = 0;
    const base = i * dim;
    for (let d = 0; d < dim; d++) dot += data[base + d]! * query[d]!;
    if (dot <= topScores[k - 1]!) continue;
    let j = k - 1;
    while (j > 0 && topScores[j - 1]! < dot) {
      topScores[j] = topScores[j - 1]!;
      topIds[j] = topIds[j - 1]!;
      j--;
    }
    topScores[j] = dot;
    topIds[j] = ids[i]!;
  }
  const out: Neighbour[] = [];
  for (let j = 0; j < k; j++) if (topIds[j]! >= 0) out.push({ chunkId: topIds[j]!, score: topScores[j]! });
  return out;
}

/**
 * Recall@k of an approximate result against the exact one. Tie-aware: an approximate neighbour
 * counts when its exact score reaches the k-th exact score, because among equal scores (repeated
 * passages, empty vectors) any choice is as right as the brute-force scan's.
 */
export function recallAtK(approx: readonly number[], exact: readonly Neighbour[], scoreOf: (chunkId: number) => number, k: number): number {
  if (exact.length === 0) return 1;
  const kth = exact[Math.min(k, exact.length) - 1]!.score;
  const exactIds = new Set(exact.slice(0, k).map((n) => n.chunkId));
  let hits = 0;
  for (const id of new Set(approx.slice(0, k))) {
    if (exactIds.has(id) || scoreOf(id) >= kth - 1e-6) hits++;
  }
  return Math.min(1, hits / Math.min(k, exact.length));
}

/** Inner product of two vectors of one dimension. */
export function dot(a: Float32Array, b: Float32Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

/** Resident set size and V8 heap in MB, now. */
export function memoryMb(): { rss: number; heapUsed: number } {
  const m = process.memoryUsage();
  return { rss: Math.round(m.rss / 1048576), heapUsed: Math.round(m.heapUsed / 1048576) };
}

/** Size in bytes of the files that exist among the given paths. */
export function fileBytes(files: readonly string[]): number {
  let total = 0;
  for (const file of files) {
    try {
      total += fs.statSync(file).size;
    } catch {
      // Optional files (the WAL after a checkpoint) may be absent.
    }
  }
  return total;
}

/** Bytes of every file under a folder (recursively). */
export function folderBytes(dir: string): number {
  let total = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    total += entry.isDirectory() ? folderBytes(full) : fs.statSync(full).size;
  }
  return total;
}

/** Facts about the machine and the run, published next to every figure. */
export interface MachineFacts {
  cpuModel: string;
  cores: number;
  memoryGb: number;
  node: string;
  platform: string;
  date: string;
  /** 1/5/15-minute load averages when the bench started: other work on the machine skews timings. */
  loadAverageAtStart: number[];
}

/** Reads the machine facts (CPU model, cores, memory, Node version, date, load). */
export function machineFacts(): MachineFacts {
  const cpus = os.cpus();
  return {
    cpuModel: cpus[0]?.model.trim() ?? "unknown",
    cores: cpus.length,
    memoryGb: Math.round(os.totalmem() / 1073741824),
    node: process.version,
    platform: `${os.type()} ${os.release()} ${os.arch()}`,
    date: new Date().toISOString(),
    loadAverageAtStart: os.loadavg().map((x) => Math.round(x * 100) / 100),
  };
}

/** A deterministic pseudo-random generator (mulberry32), so sampled queries repeat across runs. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Calls `report` at most every `ms` (and always for the final step). */
export function throttled(ms: number, report: (line: string) => void): (line: string, last?: boolean) => void {
  let at = 0;
  return (line, last = false) => {
    const now = performance.now();
    if (last || now - at >= ms) {
      at = now;
      report(line);
    }
  };
}
