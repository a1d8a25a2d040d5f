// Readers are never blocked by a writer: an engine keeps answering questions (hybrid and dense)
// while a separate ingest process writes documents, vectors and a new vectors.hnsw into the same
// DATA_DIR (SQLite WAL), and once that ingest is done the same engine — not restarted — answers
// a question about the new document, in dense mode too (it picked up the new index generation).
// A backup taken with VACUUM INTO in the middle of the ingest (as README › Operations advises)
// is a consistent store: intact, and every document in it complete.
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { openAppEngine } from "../../src/app.js";
import type { Engine } from "../../src/engine.js";
import { HNSW_FILE } from "../../src/store/hnsw.js";
import { silentLogger } from "../../src/log.js";
import { DOCS_DIR, ROOT, SAMPLE_SPEECH, tempDir, SUBMARINE_REPORT } from "../helpers/temp.js";
import { testConfig, testModelDir } from "../helpers/test-model.js";
import { percentile } from "./helpers.js";

const KNOWN_QUESTION = "2019年学前教育三年毛入园率的目标是多少？";
const NEW_QUESTION = "潜水艇训练基地的年度预算增加了多少？";

let dataDir: string;
let modelDir: string;
let engine: Engine;

beforeAll(async () => {
  modelDir = await testModelDir();
  dataDir = tempDir("readers-data-");
  engine = await openAppEngine({ ...testConfig(dataDir, modelDir), docsDir: DOCS_DIR }, silentLogger(), { autoIngest: true });
});

afterAll(() => engine?.close());

describe("readers while another process ingests", () => {
  it("keeps answering during the ingest and then answers about the new document without a restart", async () => {
    expect(engine.dense).toBeDefined();
    const before = (await engine.answer(NEW_QUESTION, { mode: "hybrid" })).answer;
    expect(before).not.toContain("17.5%");

    // Enough documents that the writer is busy for several seconds: reading, storing, embedding, saving the index.
    const incoming = tempDir("readers-docs-");
    const speech = fs.readFileSync(SAMPLE_SPEECH, "utf8");
    for (let i = 0; i < 30; i++) fs.writeFileSync(path.join(incoming, `filler-${i}.txt`), `${speech}\n\n附录${i}：本附录记录了第${i}批学校的补充材料。`);
    fs.writeFileSync(path.join(incoming, "submarine.md"), SUBMARINE_REPORT);

    const child = spawn(process.execPath, ["--import", "tsx", path.join(ROOT, "src/cli/ingest.ts"), incoming], {
      cwd: ROOT,
      env: {
        ...process.env,
        DATA_DIR: dataDir,
        EMBED_MODEL: modelDir,
        MODELS_DIR: path.join(dataDir, "models"),
        ALLOW_MODEL_DOWNLOAD: "false",
        LOG_LEVEL: "warn",
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    let running = true;
    const exited = new Promise<number | null>((resolve) =>
      child.once("exit", (code) => {
        running = false;
        resolve(code);
      }),
    );

    // The reader patches its index in memory; rewriting the whole file on every commit of the
    // writer would cost the bot an fsync per commit (and a wait for the writer's lock).
    const rename = fs.renameSync;
    let readerSaves = 0;
    const spy = vi.spyOn(fs, "renameSync").mockImplementation((from, to) => {
      if (String(to).endsWith(HNSW_FILE)) readerSaves++;
      rename(from, to);
    });
    const latencies: number[] = [];
    const generations = new Set<number>();
    const backup = path.join(tempDir("readers-backup-"), "store.sqlite");
    let backedUp = false;
    let question = 0;
    while (running) {
      const mode = question++ % 2 === 0 ? "hybrid" : "dense";
      const started = performance.now();
      const answer = await engine.answer(KNOWN_QUESTION, { mode });
      latencies.push(performance.now() - started);
      expect(answer.found, `${mode} answer during the ingest`).toBe(true);
      expect(answer.answer).toContain("92.8%");
      generations.add(engine.store.generation());
      if (!backedUp && generations.size >= 3) {
        backedUp = true;
        const reader = new Database(path.join(dataDir, "store.sqlite"), { readonly: true });
        reader.prepare("VACUUM INTO ?").run(backup);
        reader.close();
      }
      // Let the child's exit event through between questions.
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    expect(await exited, stderr).toBe(0);
    spy.mockRestore();
    expect(readerSaves).toBe(0);

    // The reader saw the writer's commits as they happened, and was never stopped by them.
    expect(latencies.length).toBeGreaterThan(0);
    expect(generations.size).toBeGreaterThan(1);
    expect(backedUp).toBe(true);
    const copy = new Database(backup, { readonly: true });
    try {
      expect(copy.pragma("integrity_check", { simple: true })).toBe("ok");
      const documents = copy
        .prepare("SELECT d.id, d.chunk_count AS expected, (SELECT count(*) FROM chunks c WHERE c.document_id = d.id) AS actual FROM documents d")
        .all() as { expected: number; actual: number }[];
      expect(documents.length).toBeGreaterThan(1);
      for (const doc of documents) expect(doc.actual).toBe(doc.expected);
    } finally {
      copy.close();
    }
    const sorted = [...latencies].sort((a, b) => a - b);
    console.log(
      `[readers] ${latencies.length} answers (${readerSaves} index saves by the reader) during the ingest across ${generations.size} generations; latency p50 ${percentile(sorted, 0.5).toFixed(0)} ms, p95 ${percentile(sorted, 0.95).toFixed(0)} ms, max ${sorted[sorted.length - 1]!.toFixed(0)} ms`,
    );

    for (const mode of ["dense", "hybrid"] as const) {
      const answer = await engine.answer(NEW_QUESTION, { mode });
      expect(answer.mode).toBe(mode);
      expect(answer.found, `${mode} answer about the new document`).toBe(true);
      expect(answer.answer).toContain("17.5%");
      expect(answer.sources[0]?.title).toContain("潜水艇训练基地");
    }
  });
});
