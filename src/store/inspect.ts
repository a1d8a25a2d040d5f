// Read-only inspection of a store file for `npm run doctor`: integrity, schema version, journal
// mode and the counts the later checks need. Opens the database read-only, never migrates it, so
// a damaged or newer store is reported, not changed. All SQL of the doctor lives here.
import Database from "better-sqlite3";
import { HNSW_META_KEY } from "./hnsw.js";

/** What the database says about itself. */
export interface StoreFacts {
  documents: number;
  chunks: number;
  generation: number;
  vectors: { model: string; dim: number; count: number }[];
  hnswRecord?: string;
}

/** The result of inspecting a store file. */
export interface StoreInspection {
  /** Problems integrity_check found (empty when the file is intact). */
  integrityProblems: string[];
  version: number;
  journalMode: string;
  /** The counts, when the file is intact. */
  facts?: StoreFacts;
}

/** Inspects the store file read-only; throws when it cannot be opened at all. */
export function inspectStore(file: string): StoreInspection {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    db.pragma("busy_timeout = 5000");
    const integrityProblems = (db.pragma("integrity_check") as { integrity_check: string }[]).map((r) => r.integrity_check).filter((r) => r !== "ok");
    const version = db.pragma("user_version", { simple: true }) as number;
    const journalMode = String(db.pragma("journal_mode", { simple: true }));
    if (integrityProblems.length > 0) return { integrityProblems, version, journalMode };
    const count = (sql: string): number => (db.prepare(sql).get() as { n: number }).n;
    const meta = (key: string): string | undefined => (db.prepare("SELECT value FROM meta WHERE key = ?").get(key) as { value: string } | undefined)?.value;
    const facts: StoreFacts = {
      documents: count("SELECT count(*) AS n FROM documents"),
      chunks: count("SELECT count(*) AS n FROM chunks"),
      generation: Number(meta("generation") ?? 0),
      vectors: db.prepare("SELECT model, dim, count(*) AS count FROM chunk_vectors GROUP BY model, dim").all() as StoreFacts["vectors"],
      hnswRecord: meta(HNSW_META_KEY),
    };
    return { integrityProblems, version, journalMode, facts };
  } finally {
    db.close();
  }
}
