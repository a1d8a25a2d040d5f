// The SQLite schema and its migrations. Each migration runs once, in order, inside one
// transaction together with the bump of `user_version`, so a crash never leaves half a schema.
import type Database from "better-sqlite3";

const MIGRATIONS: string[] = [
  // 1: documents, chunks, lexical index, vectors, feedback and metadata.
  `
  CREATE TABLE documents (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    source        TEXT NOT NULL UNIQUE,      -- absolute path or URL: what identifies the document
    url           TEXT,                      -- link shown in citations, when the source has one
    title         TEXT NOT NULL,
    content_hash  TEXT NOT NULL,
    language      TEXT NOT NULL,
    doc_date      TEXT,
    bytes         INTEGER NOT NULL,
    chunk_count   INTEGER NOT NULL,
    ingested_at   TEXT NOT NULL
  );
  CREATE TABLE chunks (
    id            INTEGER PRIMARY KEY AUTOINCREMENT, -- never reused: it is the HNSW label
    document_id   INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    ord           INTEGER NOT NULL,
    heading_path  TEXT NOT NULL,             -- JSON array of headings, outermost first
    text          TEXT NOT NULL,
    start_offset  INTEGER NOT NULL,
    end_offset    INTEGER NOT NULL,
    page          INTEGER
  );
  CREATE INDEX chunks_by_document ON chunks(document_id, ord);
  -- Terms are segmented and folded in JS (see src/text/segment.ts); FTS5 only splits on spaces.
  CREATE VIRTUAL TABLE chunk_terms USING fts5(terms, heading, tokenize = "unicode61 remove_diacritics 0 tokenchars '.'");
  CREATE TABLE chunk_vectors (
    chunk_id  INTEGER PRIMARY KEY REFERENCES chunks(id) ON DELETE CASCADE,
    model     TEXT NOT NULL,
    dim       INTEGER NOT NULL,
    vector    BLOB NOT NULL                  -- float32, little endian, normalised
  );
  CREATE TABLE feedback (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    created_at  TEXT NOT NULL,
    user_id     INTEGER,
    chat_id     INTEGER,
    question    TEXT NOT NULL,
    vote        INTEGER NOT NULL CHECK (vote IN (-1, 1)),
    sources     TEXT NOT NULL                -- JSON: the cited sources
  );
  CREATE TABLE meta (
    key    TEXT PRIMARY KEY,
    value  TEXT NOT NULL
  );
  INSERT INTO meta(key, value) VALUES ('generation', '0'), ('questions_served', '0');
  `,
  // 2: the FTS5 vocabulary, so document frequencies of many terms come from one indexed query.
  `
  CREATE VIRTUAL TABLE chunk_terms_vocab USING fts5vocab(chunk_terms, 'row');
  `,
  // 3: each document's profile (src/store/document-profile.ts) as JSON: the places,
  // organisations and years that identify it. Rows from before read as an empty profile until
  // the next ingest re-processes them (the processing version in the content hash changed too).
  `
  ALTER TABLE documents ADD COLUMN profile TEXT NOT NULL DEFAULT '{}';
  `,
];

/** The schema version this code expects. */
export const SCHEMA_VERSION = MIGRATIONS.length;

/** Brings the database up to SCHEMA_VERSION; refuses a database newer than this code. */
export function migrate(db: Database.Database): void {
  const current = db.pragma("user_version", { simple: true }) as number;
  if (current > SCHEMA_VERSION) {
    throw new Error(`the store was written by a newer version (schema ${current} > ${SCHEMA_VERSION}); upgrade the code`);
  }
  for (let version = current; version < SCHEMA_VERSION; version++) {
    const step = db.transaction(() => {
      db.exec(MIGRATIONS[version]!);
      db.pragma(`user_version = ${version + 1}`);
    });
    step.immediate();
  }
}
