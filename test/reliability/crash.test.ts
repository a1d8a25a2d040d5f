// Crash safety and one-writer-at-a-time, with real processes: an ingest killed with SIGKILL at
// random moments never leaves a half-written document, and the next ingest completes.
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { ROOT, SAMPLE_SPEECH, tempDir } from "../helpers/temp.js";
import { acquireWriterLock, LOCK_FILE } from "../../src/store/lock.js";

const TSX = path.join(ROOT, "node_modules/.bin/tsx");
// `node --import tsx` runs the CLI in one process, so SIGKILL hits the ingest itself.
const NODE_TSX = ["--import", "tsx"];
const KILLS = process.env.STRESS ? 20 : 5;

/** A folder of distinct documents, big enough that ingesting takes a noticeable while. */
function writeCorpus(dir: string, count: number, round: number): void {
  const speech = fs.readFileSync(SAMPLE_SPEECH, "utf8");
  for (let i = 0; i < count; i++) {
    fs.writeFileSync(path.join(dir, `doc-${String(i).padStart(3, "0")}.txt`), `${speech}\n\n附件${i}：第${round}轮第${i}号补充说明，涉及${i * 7 + round}所学校。`);
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
    return { documents: docs.length };
  } finally {
    db.close();
  }
}

function ingest(dataDir: string, docs: string, extra: string[] = []) {
  return spawn(process.execPath, [...NODE_TSX, path.join(ROOT, "src/cli/ingest.ts"), ...extra, docs], {
    cwd: ROOT,
    env: { ...process.env, DATA_DIR: dataDir, EMBED_MODEL: "none", LOG_LEVEL: "warn" },
    stdio: ["ignore", "pipe", "pipe"],
  });
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
    const final = spawnSync(TSX, [path.join(ROOT, "src/cli/ingest.ts"), docs], {
      cwd: ROOT,
      env: { ...process.env, DATA_DIR: dataDir, EMBED_MODEL: "none", LOG_LEVEL: "warn" },
      encoding: "utf8",
    });
    expect(final.status).toBe(0);
    expect(checkConsistent(dataDir).documents).toBe(count);
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
    fs.writeFileSync(path.join(dataDir, LOCK_FILE), JSON.stringify({ pid: 2 ** 22 + 12345, host: (await import("node:os")).hostname(), since: "then", purpose: "ingest" }));
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
