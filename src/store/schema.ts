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
  // 4: collections (a document belongs to the shared library or to one chat), the answers behind
  // the bot's buttons, and the log of unanswered questions; feedback no longer names its user.
  // The documents table is rebuilt because a source is now unique per collection, not overall
  // (SQLite cannot drop a UNIQUE constraint in place); ids and their sequence are kept.
  `
  CREATE TABLE documents_v4 (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    source        TEXT NOT NULL,             -- absolute path or URL: with the collection, what identifies the document
    url           TEXT,
    title         TEXT NOT NULL,
    content_hash  TEXT NOT NULL,
    language      TEXT NOT NULL,
    doc_date      TEXT,
    bytes         INTEGER NOT NULL,
    chunk_count   INTEGER NOT NULL,
    ingested_at   TEXT NOT NULL,
    profile       TEXT NOT NULL DEFAULT '{}', -- JSON: see migration 3
    chat_id       INTEGER                    -- NULL: the shared library; else the Telegram chat whose collection it is
  );
  INSERT INTO documents_v4 (id, source, url, title, content_hash, language, doc_date, bytes, chunk_count, ingested_at, profile)
    SELECT id, source, url, title, content_hash, language, doc_date, bytes, chunk_count, ingested_at, profile FROM documents;
  -- Ids are shown to admins (/forget 12): never hand out one that was used before.
  DELETE FROM sqlite_sequence WHERE name = 'documents_v4';
  INSERT INTO sqlite_sequence (name, seq) SELECT 'documents_v4', max(seq) FROM sqlite_sequence WHERE name = 'documents' HAVING count(*) > 0;
  DROP TABLE documents;
  ALTER TABLE documents_v4 RENAME TO documents;
  -- Telegram chat ids are never 0, so 0 stands for the shared library in the uniqueness key.
  CREATE UNIQUE INDEX documents_by_source ON documents(source, ifnull(chat_id, 0));
  CREATE INDEX documents_by_chat ON documents(chat_id);

  ALTER TABLE feedback DROP COLUMN user_id;

  CREATE TABLE answers (
    id          TEXT PRIMARY KEY,            -- the short id carried by the buttons' callback data
    chat_id     INTEGER NOT NULL,
    created_at  INTEGER NOT NULL,            -- milliseconds since the epoch
    expires_at  INTEGER NOT NULL,
    question    TEXT NOT NULL,               -- as understood (a follow-up completed)
    locale      TEXT NOT NULL,               -- the language the bot answered in
    found       INTEGER NOT NULL,
    refusal     TEXT,                        -- the refusal code when not found
    sources     TEXT NOT NULL,               -- JSON: the cited sources
    related     TEXT NOT NULL                -- JSON: the neighbouring sections offered as buttons
  );
  CREATE INDEX answers_by_expiry ON answers(expires_at);
  -- Which sent message carries which answer, so a reply to it is a follow-up of its question.
  CREATE TABLE answer_messages (
    chat_id     INTEGER NOT NULL,
    message_id  INTEGER NOT NULL,
    answer_id   TEXT NOT NULL REFERENCES answers(id) ON DELETE CASCADE,
    PRIMARY KEY (chat_id, message_id)
  ) WITHOUT ROWID;
  CREATE INDEX answer_messages_by_answer ON answer_messages(answer_id);

  CREATE TABLE unanswered (
    id                  INTEGER PRIMARY KEY AUTOINCREMENT,
    created_at          TEXT NOT NULL,
    chat_id             INTEGER,
    question            TEXT NOT NULL,       -- as understood
    normalized          TEXT NOT NULL,       -- folded, without punctuation: what groups repeats
    language            TEXT NOT NULL,
    reason              TEXT NOT NULL,       -- a refusal code, or 'downvoted'
    check_name          TEXT,                -- the check that ruled out the best candidate, if one did
    candidate_chunk_id  INTEGER,             -- the best candidate passage (no foreign key: it may be removed later)
    candidate           TEXT                 -- its heading and a short quote, as it was then
  );
  CREATE INDEX unanswered_by_question ON unanswered(normalized);
  CREATE INDEX unanswered_by_time ON unanswered(created_at);
  `,
];

/** The schema version this code expects. */
export const SCHEMA_VERSION = MIGRATIONS.length;

/**
 * Brings the database up to SCHEMA_VERSION; refuses a database newer than this code. Call it
 * before turning foreign keys on: PRAGMA foreign_keys cannot change inside a transaction.
 */
export function migrate(db: Database.Database, target = SCHEMA_VERSION): void {
  const current = db.pragma("user_version", { simple: true }) as number;
  if (current > SCHEMA_VERSION) {
    throw new Error(`the store was written by a newer version (schema ${current} > ${SCHEMA_VERSION}); upgrade the code`);
  }
  for (let version = current; version < Math.min(target, SCHEMA_VERSION); version++) {
    const step = db.transaction(() => {
      db.exec(MIGRATIONS[version]!);
      // Migrations run with foreign keys off (a rebuilt table must not cascade its deletes), so
      // check them before committing.
      const broken = db.pragma("foreign_key_check") as unknown[];
      if (broken.length > 0) throw new Error(`migration ${version + 1} left ${broken.length} broken foreign key(s)`);
      db.pragma(`user_version = ${version + 1}`);
    });
    step.immediate();
  }
}
