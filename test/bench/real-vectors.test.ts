// The real-model bench's helpers: the short-text list (deterministic, sizes are prefixes), the
// resumable vector cache (against the loopback embeddings server), the HNSW choice, and the
// report section that another bench run must leave in place.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { chooseHnsw, type RealHnswResult } from "../../src/bench/real-model.js";
import { keepRealModelSection, spliceSection } from "../../src/bench/real-report.js";
import { benchTexts, cachedVectors, VectorCache } from "../../src/bench/real-vectors.js";
import type { SourceDocument } from "../../src/bench/sources.js";
import { loadEmbedder } from "../../src/embed/embedder.js";
import { silentLogger } from "../../src/log.js";
import { startFakeEmbeddings } from "../helpers/fake-embeddings.js";
import { tempDir } from "../helpers/temp.js";
import { testConfig } from "../helpers/test-model.js";

function* poems(): Generator<SourceDocument> {
  for (let v = 0; v < 20; v++) {
    const body = Array.from(
      { length: 8 },
      (_, i) => `## 詩${v}-${i}（佚名）\n\n春眠不覺曉第${v}${i}句，處處聞啼鳥。\n夜來風雨聲第${v}${i}句，花落知多少。\n`,
    ).join("\n");
    yield { name: `tang-${v}.md`, text: `# 全唐詩 卷${v}\n\n${body}`, stream: "tang-poems", language: "zh-Hant" };
  }
}

function* mails(): Generator<SourceDocument> {
  for (let m = 0; m < 40; m++) {
    yield {
      name: `mail-${m}.txt`,
      text: `Subject: note ${m}\nFrom: a@example.com\n\nThe library opened its new reading room number ${m} last spring. Visitors can borrow up to ten books at a time there.\n`,
      stream: "emails",
      language: "en",
    };
  }
}

describe("the bench's short texts", () => {
  const streams = { "tang-poems": poems, emails: mails };
  const samples = ["学前教育三年毛入园率达到百分之九十二点八。义务教育巩固率提高到百分之九十五。"];

  it("are distinct, start with the sample sentences, mix the streams, and a shorter list is a prefix of a longer one", () => {
    const long = benchTexts(120, samples, streams);
    const short = benchTexts(40, samples, streams);
    expect(long.slice(0, 40)).toEqual(short);
    expect(new Set(long).size).toBe(long.length);
    expect(long[0]).toBe("学前教育三年毛入园率达到百分之九十二点八。");
    expect(long.some((t) => /^春眠不覺曉/.test(t))).toBe(true);
    expect(long.some((t) => /^The library opened/.test(t))).toBe(true);
    // Headers and addresses of the mails are no text to embed.
    expect(long.some((t) => /Subject:|@/.test(t))).toBe(false);
  });
});

describe("the vector cache", () => {
  it("embeds only what it lacks, survives a torn last record, and serves vectors again", async () => {
    const server = await startFakeEmbeddings({ dim: 16 });
    try {
      const embedder = await loadEmbedder(testConfig(tempDir(), "fake-embed", { EMBED_URL: server.url }), silentLogger());
      const dir = tempDir("vector-cache-");
      const texts = ["one text", "two texts", "three texts", "four texts"];
      const cache = VectorCache.open(dir, embedder.modelId, embedder.dim);
      const first = await cachedVectors(cache, embedder, "passage", texts.slice(0, 2), undefined, 1);
      cache.close();
      // An interrupted write leaves part of a record behind.
      fs.appendFileSync(cache.file, Buffer.alloc(10));

      const reopened = VectorCache.open(dir, embedder.modelId, embedder.dim);
      expect(reopened.size).toBe(2);
      const before = server.embeddingRequests().length;
      const seen: number[] = [];
      const all = await cachedVectors(reopened, embedder, "passage", texts, (done) => seen.push(done), 1);
      expect(server.embeddingRequests().length - before).toBe(2);
      expect(seen).toEqual([2, 3, 4]);
      expect(Array.from(all[0]!)).toEqual(Array.from(first[0]!));
      // Queries are kept apart from passages of the same text.
      expect(reopened.has("query", "one text")).toBe(false);
      reopened.close();
      expect(fs.statSync(reopened.file).size % (32 + 16 * 4)).toBe(0);
      await embedder.dispose?.();
    } finally {
      await server.close();
    }
  });
});

describe("the HNSW defaults and the report section", () => {
  const point = (ef: number, recallAt10: number, p50: number, speedup: number) => ({
    ef,
    recallAt10,
    speedup,
    latency: { n: 1, mean: p50, p50, p95: p50, p99: p50, max: p50 },
  });
  const result = (size: number, m: number, sweep: ReturnType<typeof point>[]): RealHnswResult => ({
    size,
    m,
    efConstruction: 200,
    buildSeconds: 1,
    exactScan: { n: 1, mean: 50, p50: 50, p95: 50, p99: 50, max: 50 },
    sweep,
  });

  it("chooses the smallest M, then ef, with recall@10 ≥ 0.97 at the largest size and at least 5× faster than the exact scan", () => {
    const results = [
      result(1000, 16, [point(32, 0.99, 0.1, 20)]),
      result(100_000, 16, [point(64, 0.95, 1, 50), point(200, 0.975, 3, 16), point(400, 0.99, 5, 10), point(1600, 0.999, 12, 4)]),
      result(100_000, 32, [point(64, 0.972, 2, 25)]),
    ];
    expect(chooseHnsw(results)).toEqual({ m: 16, ef: 200, recallAt10: 0.975, speedup: 16 });
    expect(chooseHnsw([result(100_000, 16, [point(1600, 0.999, 12, 4)])])).toBeUndefined();
  });

  it("replaces only the marked section, and the main bench can carry it over", () => {
    const section = "<!-- real-model:start -->\nnew\n<!-- real-model:end -->";
    expect(spliceSection("# B\n\ntoy\n", section)).toBe(`# B\n\ntoy\n\n${section}\n`);
    expect(spliceSection(`# B\n\n<!-- real-model:start -->\nold\n<!-- real-model:end -->\n\ntail\n`, section)).toBe(`# B\n\n${section}\n\ntail\n`);
    const dir = tempDir("bench-docs-");
    fs.writeFileSync(path.join(dir, "benchmarks.md"), `# B\n\n${section}\n`);
    fs.writeFileSync(path.join(dir, "benchmarks.json"), JSON.stringify({ realModelRun: { date: "x" } }));
    expect(keepRealModelSection(dir)).toEqual({ json: { date: "x" }, markdown: section });
  });
});
