// Crash safety and one-writer-at-a-time, with real processes: an ingest killed with SIGKILL at
// random moments never leaves a half-written document, and the next ingest completes. With an
// embedding model, kills also land while chunks are embedded and while vectors.hnsw is saved:
// the file on disk is then either a complete earlier generation (its checksum matches the record
// in SQLite) or it is rebuilt from the stored vectors on the next open, and dense search answers.
import { spawn, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { Writable } from "node:stream";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { ROOT, SAMPLE_SPEECH, tempDir } from "../helpers/temp.js";
import { testConfig, testModelDir } from "../helpers/test-model.js";
import { acquireWriterLock, LOCK_FILE } from "../../src/store/lock.js";
import { HNSW_FILE, HNSW_META_KEY, type HnswRecord } from "../../src/store/hnsw.js";
import { openAppEngine } from "../../src/app.js";
import { createLogger } from "../../src/log.js";

const TSX = path.join(ROOT, "node_modules/.bin/tsx");
// `node --import tsx` runs the CLI in one process, so SIGKILL hits the ingest itself.
const NODE_TSX = ["--import", "tsx"];
const KILLS = process.env.STRESS ? 20 : 5;
const DENSE_KILLS = process.env.STRESS ? 20 : 4;
const FIGURE_QUESTION = "2019年学前教育三年毛入园率的目标是多少？";

/** A folder of distinct documents, big enough that ingesting takes a noticeable while. */
function writeCorpus(dir: string, count: number, round: number): void {
  const speech = fs.readFileSync(SAMPLE_SPEECH, "utf8");
  for (let i = 0; i < count; i++) {
    fs.writeFileSync(
      path.join(dir, `doc-${String(i).padStart(3, "0")}.txt`),
      `${speech}\n\n附件${i}：第${round}轮第${i}号补充说明，涉及${i * 7 + round}所学校。`,
    );
  }
}

function checkConsistent(dataDir: string): { documents: number } {
  const db = new Database(path.join(dataDir, "store.sqlite"), { readonly: true });
  try {
    expect(db.pragma("integrity_check", { simple: true })).toBe("ok");
    const docs = db.prepare("SELECT id, chunk_count FROM documents").all() as { id: number; chunk_count: number }[];
    for (const doc of docs) {
      const n = (db.prepare("SELECT count(*) AS n FROM chunks WHERE document_id = ?").get(doc.id) as { n: number }).n;
      expect(n).toBe(doc.chunk_count);
    }
    const chunks = (db.prepare("SELECT count(*) AS n FROM chunks").get() as { n: number }).n;
    const terms = (db.prepare("SELECT count(*) AS n FROM chunk_terms").get() as { n: number }).n;
    expect(terms).toBe(chunks);
    // Vectors only of chunks that exist (a replaced document takes its vectors with it).
    const orphanVectors = (
      db.prepare("SELECT count(*) AS n FROM chunk_vectors v LEFT JOIN chunks c ON c.id = v.chunk_id WHERE c.id IS NULL").get() as { n: number }
    ).n;
    expect(orphanVectors).toBe(0);
    return { documents: docs.length };
  } finally {
    db.close();
  }
}

function ingest(dataDir: string, docs: string, extra: string[] = [], embedModel = "none") {
  return spawn(process.execPath, [...NODE_TSX, path.join(ROOT, "src/cli/ingest.ts"), ...extra, docs], {
    cwd: ROOT,
    env: { ...process.env, DATA_DIR: dataDir, EMBED_MODEL: embedModel, ALLOW_MODEL_DOWNLOAD: "false", LOG_LEVEL: "warn" },
    stdio: ["ignore", "pipe", "pipe"],
  });
}

type HnswOnDisk = "consistent" | "missing" | "no record" | "differs from its record";

/** Whether vectors.hnsw is exactly the file the store's record describes (size and checksum). */
function hnswOnDisk(dataDir: string): { state: HnswOnDisk; record?: HnswRecord; generation: number } {
  const db = new Database(path.join(dataDir, "store.sqlite"), { readonly: true });
  let recordText: string | undefined;
  let generation: number;
  try {
    recordText = (db.prepare("SELECT value FROM meta WHERE key = ?").get(HNSW_META_KEY) as { value: string } | undefined)?.value;
    generation = Number((db.prepare("SELECT value FROM meta WHERE key = 'generation'").get() as { value: string }).value);
  } finally {
    db.close();
  }
  const file = path.join(dataDir, HNSW_FILE);
  if (!fs.existsSync(file)) return { state: "missing", generation };
  if (!recordText) return { state: "no record", generation };
  const record = JSON.parse(recordText) as HnswRecord;
  const bytes = fs.readFileSync(file);
  const matches = bytes.length === record.bytes && createHash("sha256").update(bytes).digest("hex") === record.sha256;
  return { state: matches ? "consistent" : "differs from its record", record, generation };
}

/** Resolves once the child's stderr shows `text`, or when it exits (false). */
function stderrShows(child: ReturnType<typeof spawn>, text: string): Promise<boolean> {
  return new Promise((resolve) => {
    let seen = "";
    child.stderr?.on("data", (chunk: Buffer) => {
      seen += chunk.toString();
      if (seen.includes(text)) resolve(true);
    });
    child.once("exit", () => resolve(false));
  });
}

function sleep(ms: number): Promise<"timeout"> {
  return new Promise((resolve) => setTimeout(() => resolve("timeout"), ms));
}

describe("crash safety", () => {
  it(`survives SIGKILL at ${KILLS} random moments and the next ingest completes`, async () => {
    const count = 120;
    const docs = tempDir("crash-docs-");
    const dataDir = tempDir("crash-data-");
    let killed = 0;
    for (let round = 0; killed < KILLS && round < KILLS * 3; round++) {
      // Every round changes every document, so each run has real writing to do when killed.
      writeCorpus(docs, count, round);
      const child = ingest(dataDir, docs);
      const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
      const delay = 700 + Math.floor(Math.random() * 2500);
      const finishedFirst = await Promise.race([exited.then(() => true), new Promise<boolean>((resolve) => setTimeout(() => resolve(false), delay))]);
      if (!finishedFirst) {
        child.kill("SIGKILL");
        killed++;
      }
      await exited;
      if (fs.existsSync(path.join(dataDir, "store.sqlite"))) checkConsistent(dataDir);
    }
    expect(killed).toBe(KILLS);
    console.log(`[crash] lexical: ${killed} kills, store consistent after each`);
    const final = spawnSync(TSX, [path.join(ROOT, "src/cli/ingest.ts"), docs], {
      cwd: ROOT,
      env: { ...process.env, DATA_DIR: dataDir, EMBED_MODEL: "none", LOG_LEVEL: "warn" },
      encoding: "utf8",
    });
    expect(final.status).toBe(0);
    expect(checkConsistent(dataDir).documents).toBe(count);
  });
});

describe("crash safety with dense search (vectors and vectors.hnsw)", () => {
  it(`survives SIGKILL at ${DENSE_KILLS} moments, half of them while embedding or saving the index`, async () => {
    const modelDir = await testModelDir();
    const docs = tempDir("crash-dense-docs-");
    const dataDir = tempDir("crash-dense-data-");
    // One document never changes, so its vectors survive every kill and dense search can answer.
    fs.copyFileSync(SAMPLE_SPEECH, path.join(docs, "stable-speech.txt"));
    const variants = 40;
    writeCorpus(docs, variants, 0);
    const first = ingest(dataDir, docs, [], modelDir);
    let firstStderr = "";
    first.stderr.on("data", (chunk: Buffer) => (firstStderr += chunk.toString()));
    expect(await new Promise((resolve) => first.once("exit", resolve)), firstStderr).toBe(0);
    expect(hnswOnDisk(dataDir).state).toBe("consistent");

    let killed = 0;
    const phases: string[] = [];
    const states: string[] = [];
    for (let round = 1; killed < DENSE_KILLS && round < DENSE_KILLS * 4; round++) {
      writeCorpus(docs, variants, round);
      const child = ingest(dataDir, docs, [], modelDir);
      const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
      let childStderr = "";
      child.stderr.on("data", (chunk: Buffer) => (childStderr += chunk.toString()));
      const embedding = stderrShows(child, "embedding:");
      let embeddingStarted = false;
      void embedding.then((seen) => (embeddingStarted = seen));
      // Kills alternate: any moment of the run, then a moment after embedding began (vectors
      // being stored in batches, or the index being compacted and saved); a run that ends first
      // is simply tried again.
      const anyMoment = killed % 2 === 0;
      const waited = anyMoment
        ? await Promise.race([exited.then(() => "exit"), sleep(500 + Math.random() * 5000)])
        : await Promise.race([exited.then(() => "exit"), embedding.then((seen) => (seen ? sleep(Math.random() * 800) : "exit"))]);
      if (waited !== "exit" && child.exitCode === null) {
        child.kill("SIGKILL");
        killed++;
        phases.push(embeddingStarted ? "embedding/saving" : "reading documents");
      }
      const code = await exited;
      // Killed, or finished cleanly: never a failed run.
      expect([null, 0], childStderr.slice(-2000)).toContain(code);
      checkConsistent(dataDir);

      // The next open uses the file only if it is exactly what SQLite recorded; otherwise it is
      // rebuilt from the stored vectors. Either way dense search answers.
      const before = hnswOnDisk(dataDir);
      states.push(before.state);
      if (before.state === "consistent") expect(before.record!.generation).toBeLessThanOrEqual(before.generation);
      const logs: string[] = [];
      const logger = createLogger(
        "info",
        [],
        new Writable({
          write: (chunk: Buffer, _encoding, callback) => {
            logs.push(chunk.toString());
            callback();
          },
        }),
      );
      const engine = await openAppEngine(testConfig(dataDir, modelDir), logger);
      const context = `round ${round}, index ${before.state}, warnings ${JSON.stringify(engine.warnings)}, log: ${logs.join("").slice(-1500)}`;
      try {
        expect(engine.dense, context).toBeDefined();
        const answer = await engine.answer(FIGURE_QUESTION, { mode: "dense" });
        expect(answer.mode, context).toBe("dense");
        expect(answer.found, context).toBe(true);
        expect(answer.answer).toContain("92.8%");
        if (before.state !== "consistent") expect(logs.join(""), context).toMatch(/dense index rebuilt from stored vectors/);
      } finally {
        engine.close();
      }
      expect(hnswOnDisk(dataDir).state, context).toBe("consistent");
    }
    expect(killed).toBe(DENSE_KILLS);
    expect(phases.filter((p) => p === "embedding/saving").length).toBeGreaterThanOrEqual(Math.floor(DENSE_KILLS / 2));

    const final = spawnSync(process.execPath, [...NODE_TSX, path.join(ROOT, "src/cli/ingest.ts"), docs], {
      cwd: ROOT,
      env: { ...process.env, DATA_DIR: dataDir, EMBED_MODEL: modelDir, ALLOW_MODEL_DOWNLOAD: "false", LOG_LEVEL: "warn" },
      encoding: "utf8",
    });
    expect(final.status, final.stderr).toBe(0);
    expect(checkConsistent(dataDir).documents).toBe(variants + 1);
    const after = hnswOnDisk(dataDir);
    expect(after.state).toBe("consistent");
    const db = new Database(path.join(dataDir, "store.sqlite"), { readonly: true });
    try {
      const chunks = (db.prepare("SELECT count(*) AS n FROM chunks").get() as { n: number }).n;
      const vectors = (db.prepare("SELECT count(*) AS n FROM chunk_vectors").get() as { n: number }).n;
      expect(vectors).toBe(chunks);
      expect(after.record!.count).toBe(vectors);
      expect(after.record!.generation).toBe(after.generation);
    } finally {
      db.close();
    }
    console.log(
      `[crash] dense: ${killed} kills (${phases.filter((p) => p !== "reading documents").length} while embedding or saving); index after a kill: ${[...new Set(states)].map((s) => `${s} ×${states.filter((x) => x === s).length}`).join(", ")}`,
    );
  });
});

describe("one writer at a time", () => {
  it("refuses a second writer with a clear message, and takes over a stale lock", async () => {
    const dataDir = tempDir();
    const first = await acquireWriterLock(dataDir, "ingest");
    await expect(acquireWriterLock(dataDir, "ingest")).rejects.toThrow(/being written by ingest \(pid \d+/);
    first.release();
    const again = await acquireWriterLock(dataDir, "ingest");
    again.release();
    // A lock left by a process that no longer exists is stale.
    fs.writeFileSync(
      path.join(dataDir, LOCK_FILE),
      JSON.stringify({ pid: 2 ** 22 + 12345, host: (await import("node:os")).hostname(), since: "then", purpose: "ingest" }),
    );
    const taken = await acquireWriterLock(dataDir, "ingest");
    taken.release();
    expect(fs.existsSync(path.join(dataDir, LOCK_FILE))).toBe(false);
  });

  it("a second ingest CLI exits with a one-line message while the first holds the lock", async () => {
    const dataDir = tempDir();
    const lock = await acquireWriterLock(dataDir, "ingest");
    try {
      const result = spawnSync(TSX, [path.join(ROOT, "src/cli/ingest.ts"), SAMPLE_SPEECH], {
        cwd: ROOT,
        env: { ...process.env, DATA_DIR: dataDir, EMBED_MODEL: "none" },
        encoding: "utf8",
      });
      expect(result.status).toBe(2);
      expect(result.stderr.trim().split("\n")).toHaveLength(1);
      expect(result.stderr).toMatch(/being written by ingest/);
    } finally {
      lock.release();
    }
  });
});
