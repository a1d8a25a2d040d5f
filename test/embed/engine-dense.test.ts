// The dense leg end to end through the engine, as `ingest` and `ask` use it: real ONNX
// inference with the generated test model, a real .hnsw file, SQLite as the source of truth.
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openAppEngine } from "../../src/app.js";
import type { Engine } from "../../src/engine.js";
import { silentLogger } from "../../src/log.js";
import { evaluate, readQuestions } from "../../src/eval/evaluate.js";
import { DOCS_DIR, ROOT, tempDir } from "../helpers/temp.js";
import { testConfig, testModelDir } from "../helpers/test-model.js";

const QUESTIONS: { q: string; figure: string }[] = [
  { q: "2019年学前教育三年毛入园率的目标是多少？", figure: "92.8%" },
  { q: "三類殘疾兒童入學率的目標是多少？", figure: "93%" },
  { q: "交流了多少名义务教育学校教师？", figure: "2697" },
];

let dataDir: string;
let modelDir: string;
let engine: Engine;

async function open(): Promise<Engine> {
  const config = { ...testConfig(dataDir, modelDir), docsDir: DOCS_DIR };
  return openAppEngine(config, silentLogger(), { autoIngest: true });
}

beforeAll(async () => {
  dataDir = tempDir("dense-engine-");
  modelDir = await testModelDir();
  engine = await open();
});
afterAll(() => engine.close());

describe("dense and hybrid answers through the engine", () => {
  it("embeds every chunk on the first build and writes a .hnsw file", () => {
    expect(engine.warnings).toEqual([]);
    expect(engine.dense).toBeDefined();
    const stats = engine.store.stats();
    expect(stats.vectors).toBe(stats.chunks);
    expect(fs.readdirSync(dataDir).some((f) => f.endsWith(".hnsw"))).toBe(true);
  });

  for (const mode of ["dense", "hybrid"] as const) {
    for (const { q, figure } of QUESTIONS) {
      it(`answers "${q}" in ${mode} mode`, async () => {
        const answer = await engine.answer(q, { mode });
        expect(answer.mode).toBe(mode);
        expect(answer.found).toBe(true);
        expect(answer.answer).toContain(figure);
        expect(answer.timings_ms.dense).toBeGreaterThanOrEqual(0);
      });
    }
  }

  it("rebuilds a truncated .hnsw file from SQLite on the next start, without embedding again", async () => {
    engine.close();
    const file = fs.readdirSync(dataDir).find((f) => f.endsWith(".hnsw"))!;
    const full = path.join(dataDir, file);
    fs.truncateSync(full, Math.floor(fs.statSync(full).size / 3));
    const vectorsBefore = engine.store.stats;
    engine = await open();
    const answer = await engine.answer(QUESTIONS[0]!.q, { mode: "dense" });
    expect(answer.found).toBe(true);
    expect(answer.answer).toContain("92.8%");
    expect(fs.statSync(full).size).toBeGreaterThan(0);
    expect(vectorsBefore).toBeDefined();
    expect(engine.store.stats().vectors).toBe(engine.store.stats().chunks);
  });

  it("hybrid retrieval is at least as good as lexical alone on the eval questions", async () => {
    const questions = readQuestions(path.join(ROOT, "test/eval/questions.json"));
    const deps = {
      answer: (q: string, o: { k: number; mode: "lexical" | "dense" | "hybrid" }) => engine.answer(q, o),
      chunksByIds: (ids: number[]) => engine.store.chunksByIds(ids),
    };
    const lexical = await evaluate(questions, deps, "lexical");
    const hybrid = await evaluate(questions, deps, "hybrid");
    expect(hybrid.overall.recallAt5).toBeGreaterThanOrEqual(lexical.overall.recallAt5);
    expect(hybrid.overall.hitRate).toBeGreaterThanOrEqual(lexical.overall.hitRate);
    expect(hybrid.overall.notFoundRecall).toBeGreaterThanOrEqual(lexical.overall.notFoundRecall - 0.1);
  });
});

describe("a library built without a model, opened with one", () => {
  it("drops the 'no vectors yet' warning once the chunks are embedded", async () => {
    const dir = tempDir("dense-late-");
    const lexical = await openAppEngine({ ...testConfig(dir, "none"), docsDir: DOCS_DIR }, silentLogger(), { autoIngest: true });
    lexical.close();
    const late = await openAppEngine({ ...testConfig(dir, modelDir), docsDir: DOCS_DIR }, silentLogger());
    try {
      expect(late.warnings.join(" ")).toMatch(/no vectors yet/);
      const { embedded } = await late.ingest([]);
      expect(embedded).toBeGreaterThan(0);
      expect(late.warnings).toEqual([]);
      expect((await late.answer(QUESTIONS[0]!.q, { mode: "hybrid" })).warnings).toEqual([]);
    } finally {
      late.close();
    }
  });
});

describe("offline without a model", () => {
  it("says so in one warning and answers lexically", async () => {
    const dir = tempDir("offline-");
    const config = { ...testConfig(dir, "Xenova/multilingual-e5-small"), docsDir: DOCS_DIR };
    const offline = await openAppEngine(config, silentLogger(), { autoIngest: true });
    try {
      expect(offline.warnings).toHaveLength(1);
      expect(offline.warnings[0]).toMatch(/dense search off.*EMBED_MODEL/);
      const answer = await offline.answer("2019年学前教育三年毛入园率的目标是多少？");
      expect(answer.mode).toBe("lexical");
      expect(answer.answer).toContain("92.8%");
      expect(answer.warnings).toEqual(offline.warnings);
    } finally {
      offline.close();
    }
  });
});
