import fs from "node:fs";
import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.js";
import { createLogger, silentLogger } from "../../src/log.js";
import { HNSW_META_KEY, HnswIndexFile, hnswFilePath, updateIndexFile, type HnswRecord } from "../../src/store/hnsw.js";
import { Store, type ChunkInput } from "../../src/store/store.js";
import { tempDir } from "../helpers/temp.js";

const MODEL = "random-vectors";
const settings = loadConfig({}, tempDir()).hnsw;

/** A seeded PRNG, so failures reproduce. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function unitVector(next: () => number, dim: number): Float32Array {
  const v = new Float32Array(dim);
  let sum = 0;
  for (let i = 0; i < dim; i++) {
    // Box–Muller: Gaussian coordinates give directions uniform on the sphere.
    v[i] = Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next());
    sum += v[i]! * v[i]!;
  }
  const n = Math.sqrt(sum);
  for (let i = 0; i < dim; i++) v[i] = v[i]! / n;
  return v;
}

function chunks(n: number, label: string): ChunkInput[] {
  return Array.from({ length: n }, (_, i) => ({ headingPath: [], text: `${label} ${i}`, start: 0, end: 1, terms: `${label} ${i}`, headingTerms: "" }));
}

/** Adds a document of n chunks with random vectors; returns the chunk ids and their vectors. */
function addDocument(store: Store, source: string, n: number, next: () => number, dim = 16): { ids: number[]; vectors: Float32Array[] } {
  const { chunkIds } = store.replaceDocument({ source, title: source, contentHash: source, language: "en", bytes: 1 }, chunks(n, source));
  const vectors = chunkIds.map(() => unitVector(next, dim));
  store.putVectors(
    MODEL,
    chunkIds.map((chunkId, i) => ({ chunkId, vector: vectors[i]! })),
  );
  return { ids: chunkIds, vectors };
}

/** A logger whose lines are collected for assertions. */
function capturingLogger(): { logger: ReturnType<typeof createLogger>; lines: () => { level: number; msg: string; reason?: string }[] } {
  const out: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      out.push(chunk.toString());
      done();
    },
  });
  const logger = createLogger("debug", [], sink);
  return {
    logger,
    lines: () =>
      out
        .join("")
        .split("\n")
        .filter(Boolean)
        .map((l) => JSON.parse(l) as { level: number; msg: string; reason?: string }),
  };
}

function record(store: Store): HnswRecord {
  return JSON.parse(store.getMeta(HNSW_META_KEY)!) as HnswRecord;
}

describe("HnswIndexFile", () => {
  it("saves the index with a record of what it was built for, and loads it back as is", async () => {
    const store = Store.open(tempDir());
    const next = random(1);
    const { ids, vectors } = addDocument(store, "a", 50, next);
    const built = await HnswIndexFile.open(store, MODEL, 16, settings, silentLogger());
    expect(built.origin).toBe("rebuilt");
    expect(fs.existsSync(hnswFilePath(store.dataDir))).toBe(true);
    expect(record(store)).toMatchObject({ model: MODEL, dim: 16, count: 50, generation: store.generation(), deleted: [] });
    expect(record(store).bytes).toBe(fs.statSync(hnswFilePath(store.dataDir)).size);

    const { logger, lines } = capturingLogger();
    const loaded = await HnswIndexFile.open(store, MODEL, 16, settings, logger);
    expect(loaded.origin).toBe("loaded");
    expect(lines()).toEqual([]);
    const hits = loaded.search(vectors[7]!, 3);
    expect(hits[0]).toEqual({ chunkId: ids[7], score: expect.closeTo(1, 5) as number });
    expect(hits[1]!.score).toBeLessThan(hits[0]!.score);
    expect(loaded.isCurrent()).toBe(true);
  });

  it("rebuilds a deleted file from the stored vectors with one log line", async () => {
    const store = Store.open(tempDir());
    const { ids, vectors } = addDocument(store, "a", 40, random(2));
    await HnswIndexFile.open(store, MODEL, 16, settings, silentLogger());
    fs.rmSync(hnswFilePath(store.dataDir));
    const { logger, lines } = capturingLogger();
    const index = await HnswIndexFile.open(store, MODEL, 16, settings, logger);
    expect(index.origin).toBe("rebuilt");
    expect(index.size).toBe(40);
    expect(index.search(vectors[3]!, 1)[0]!.chunkId).toBe(ids[3]);
    expect(lines()).toHaveLength(1);
    expect(lines()[0]!.msg).toMatch(/rebuilt from stored vectors: the index file is missing/);
    expect(fs.existsSync(hnswFilePath(store.dataDir))).toBe(true);
  });

  it("never hands hnswlib a truncated or altered file: it rebuilds instead", async () => {
    const store = Store.open(tempDir());
    const { ids, vectors } = addDocument(store, "a", 40, random(3));
    await HnswIndexFile.open(store, MODEL, 16, settings, silentLogger());
    const file = hnswFilePath(store.dataDir);
    const size = fs.statSync(file).size;

    fs.truncateSync(file, Math.floor(size / 3));
    let log = capturingLogger();
    let index = await HnswIndexFile.open(store, MODEL, 16, settings, log.logger);
    expect(index.origin).toBe("rebuilt");
    expect(log.lines()).toHaveLength(1);
    expect(log.lines()[0]!.reason).toMatch(/truncated or damaged/);
    expect(index.search(vectors[5]!, 1)[0]!.chunkId).toBe(ids[5]);
    expect(fs.statSync(file).size).toBe(size);

    // Same size, one byte changed: only the checksum can tell.
    const bytes = fs.readFileSync(file);
    bytes[bytes.length - 10] = bytes[bytes.length - 10]! ^ 0xff;
    fs.writeFileSync(file, bytes);
    log = capturingLogger();
    index = await HnswIndexFile.open(store, MODEL, 16, settings, log.logger);
    expect(index.origin).toBe("rebuilt");
    expect(log.lines()[0]!.reason).toMatch(/checksum/);

    store.setMeta(HNSW_META_KEY, "{not json");
    log = capturingLogger();
    index = await HnswIndexFile.open(store, MODEL, 16, settings, log.logger);
    expect(index.origin).toBe("rebuilt");
    expect(log.lines()[0]!.reason).toMatch(/no record/);
  });

  it("rebuilds when the file was built for another model or dimension", async () => {
    const store = Store.open(tempDir());
    addDocument(store, "a", 10, random(4));
    await HnswIndexFile.open(store, MODEL, 16, settings, silentLogger());
    const next = random(5);
    const { chunkIds } = store.replaceDocument({ source: "b", title: "b", contentHash: "b", language: "en", bytes: 1 }, chunks(10, "b"));
    store.putVectors(
      "other-model",
      chunkIds.map((chunkId) => ({ chunkId, vector: unitVector(next, 8) })),
    );
    const log = capturingLogger();
    const index = await HnswIndexFile.open(store, "other-model", 8, settings, log.logger);
    expect(index.origin).toBe("rebuilt");
    expect(index.size).toBe(10);
    expect(log.lines()[0]!.reason).toBe(`the index file was built for model ${MODEL}`);
    // A reader (say a bot still on the old EMBED_MODEL) must not overwrite a file another model
    // still uses; the ingest run, which owns the choice of model, does.
    expect(record(store)).toMatchObject({ model: MODEL, dim: 16 });
    await updateIndexFile(store, "other-model", 8, settings, silentLogger());
    expect(record(store)).toMatchObject({ model: "other-model", dim: 8 });
    expect((await HnswIndexFile.open(store, "other-model", 8, settings, silentLogger())).origin).toBe("loaded");

    // Once the old model's vectors are gone, nobody needs its file: a reader may replace it.
    await updateIndexFile(store, MODEL, 16, settings, silentLogger());
    store.removeDocument(store.documentBySource("a")!.id);
    const reader = await HnswIndexFile.open(store, "other-model", 8, settings, silentLogger());
    expect(reader.origin).toBe("rebuilt");
    expect(record(store)).toMatchObject({ model: "other-model", count: 10 });
  });

  it("adds new vectors (growing the graph) and marks removed chunks deleted, across reloads", async () => {
    const store = Store.open(tempDir());
    const next = random(6);
    const a = addDocument(store, "a", 100, next);
    await HnswIndexFile.open(store, MODEL, 16, settings, silentLogger());
    // 200 more than the initial capacity: the graph has to be resized.
    const b = addDocument(store, "b", 200, next);
    let index = await HnswIndexFile.open(store, MODEL, 16, settings, silentLogger());
    expect(index.origin).toBe("updated");
    expect(index.size).toBe(300);
    expect(index.search(b.vectors[150]!, 1)[0]!.chunkId).toBe(b.ids[150]);

    const small = addDocument(store, "c", 10, next);
    store.removeDocument(store.documentBySource("a")!.id);
    index = await HnswIndexFile.open(store, MODEL, 16, settings, silentLogger());
    // 100 deleted of 310 labels is past the 20 % threshold, so the graph was compacted.
    expect(index.origin).toBe("rebuilt");
    expect(index.deletedCount).toBe(0);
    expect(index.size).toBe(210);
    expect(index.search(a.vectors[0]!, 210).some((hit) => a.ids.includes(hit.chunkId))).toBe(false);
    expect(index.search(small.vectors[2]!, 1)[0]!.chunkId).toBe(small.ids[2]);
  });

  it("keeps a few deletions as marks, persisted so a reload still hides them", async () => {
    const store = Store.open(tempDir());
    const next = random(7);
    addDocument(store, "big", 100, next);
    const gone = addDocument(store, "gone", 5, next);
    await HnswIndexFile.open(store, MODEL, 16, settings, silentLogger());
    store.removeDocument(store.documentBySource("gone")!.id);
    let index = await HnswIndexFile.open(store, MODEL, 16, settings, silentLogger());
    expect(index.origin).toBe("updated");
    expect(index.deletedCount).toBe(5);
    expect(record(store).deleted).toEqual(gone.ids);
    index = await HnswIndexFile.open(store, MODEL, 16, settings, silentLogger());
    expect(index.origin).toBe("loaded");
    expect(index.size).toBe(100);
    const hits = index.search(gone.vectors[0]!, 100);
    expect(hits).toHaveLength(100);
    expect(hits.some((hit) => gone.ids.includes(hit.chunkId))).toBe(false);
  });

  it("notices another process's change and lets only one writer's save win", async () => {
    const dir = tempDir();
    const first = Store.open(dir);
    const second = Store.open(dir);
    const next = random(8);
    addDocument(first, "a", 20, next);
    const reader = await HnswIndexFile.open(first, MODEL, 16, settings, silentLogger());
    expect(reader.isCurrent()).toBe(true);

    // "Another process" (a second connection) ingests and updates the file.
    const added = addDocument(second, "b", 20, next);
    const writer = await updateIndexFile(second, MODEL, 16, settings, silentLogger());
    expect(writer.size).toBe(40);
    expect(reader.isCurrent()).toBe(false);
    // The reader's stale state may not overwrite the newer file.
    expect(await reader.save()).toBe(false);
    await reader.refresh();
    expect(reader.isCurrent()).toBe(true);
    expect(reader.size).toBe(40);
    expect(reader.search(added.vectors[4]!, 1)[0]!.chunkId).toBe(added.ids[4]);
    expect(fs.readdirSync(dir).filter((name) => name.includes(".tmp-"))).toEqual([]);
  });

  it("answers with nothing (not an error) when the model has no vectors yet", async () => {
    const store = Store.open(tempDir());
    const index = await HnswIndexFile.open(store, MODEL, 16, settings, silentLogger());
    expect(index.size).toBe(0);
    expect(index.search(new Float32Array(16).fill(0.25), 10)).toEqual([]);
    const again = await HnswIndexFile.open(store, MODEL, 16, settings, silentLogger());
    expect(again.origin).toBe("loaded");
    expect(again.size).toBe(0);
  });

  it("finds ≥ 95 % of the exact top 10 on 10,000 random unit vectors", async () => {
    const dim = 64;
    const n = 10_000;
    const store = Store.open(tempDir());
    const next = random(9);
    const { ids, vectors } = addDocument(store, "corpus", n, next, dim);
    const started = performance.now();
    // Uniform random directions are the hardest case for HNSW: at the ef of 64 recall@10 is about
    // 0.83, at 200 about 0.98 for 0.15 ms a query, so this runs with HNSW_EF_SEARCH=200.
    const tuned = loadConfig({ HNSW_EF_SEARCH: "200" }, tempDir()).hnsw;
    const index = await HnswIndexFile.open(store, MODEL, dim, tuned, silentLogger());
    const buildMs = performance.now() - started;
    expect(index.size).toBe(n);

    const queries = Array.from({ length: 200 }, () => unitVector(next, dim));
    let found = 0;
    const searchStarted = performance.now();
    const approximate = queries.map((q) => index.search(q, 10));
    const searchMs = performance.now() - searchStarted;
    for (const [qi, q] of queries.entries()) {
      const exact = vectors
        .map((v, i) => {
          let dot = 0;
          for (let d = 0; d < dim; d++) dot += v[d]! * q[d]!;
          return { id: ids[i]!, dot };
        })
        .sort((x, y) => y.dot - x.dot)
        .slice(0, 10)
        .map((x) => x.id);
      const got = new Set(approximate[qi]!.map((hit) => hit.chunkId));
      found += exact.filter((id) => got.has(id)).length;
    }
    const recall = found / (queries.length * 10);
    console.info(
      `HNSW recall@10 ${recall.toFixed(3)} on ${n} × ${dim}; build+save ${(buildMs / 1000).toFixed(1)} s; ${(searchMs / queries.length).toFixed(2)} ms/query`,
    );
    expect(recall).toBeGreaterThanOrEqual(0.95);
  });
});
