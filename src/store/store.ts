// The document store: SQLite (WAL) is the source of truth for documents, chunks, their search
// terms, vectors and feedback. A document belongs to the shared library or to one chat's
// collection; searches are filtered to what a chat may see (chunkFilter). All SQL of the project
// lives under src/store/ (the bot's answer memory and the unanswered log: answers.ts, unanswered.ts).
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { type DocumentProfile, emptyProfile, parseProfile } from "./document-profile.js";
import { migrate, SCHEMA_VERSION } from "./schema.js";

export type { DocumentProfile, ProfileName, ProfileYear } from "./document-profile.js";
/** A collection: a Telegram chat id, or null for the shared library every chat sees. */
export type CollectionId = number | null;

export interface DocumentInput {
  source: string;
  /** The collection the document belongs to (default: the shared library). */
  chatId?: CollectionId;
  url?: string;
  title: string;
  contentHash: string;
  language: string;
  docDate?: string;
  bytes: number;
  /** What identifies the document as a whole (built at ingest); empty when omitted. */
  profile?: DocumentProfile;
}

export interface ChunkInput {
  headingPath: string[];
  text: string;
  start: number;
  end: number;
  page?: number;
  /** Space-separated search terms of the text (see indexText). */
  terms: string;
  /** Search terms of the heading path. */
  headingTerms: string;
}

export interface DocumentRow {
  id: number;
  source: string;
  url: string | null;
  title: string;
  contentHash: string;
  language: string;
  docDate: string | null;
  bytes: number;
  chunkCount: number;
  ingestedAt: string;
  /** The places, organisations and years that identify the document (see document-profile.ts). */
  profile: DocumentProfile;
  /** The chat whose collection holds the document; null for the shared library. */
  chatId: CollectionId;
}

/** Which chunks a search may return: the shared library plus, optionally, one chat's collection. */
export interface ChunkFilter {
  /** The chat whose collection is searched besides the shared library (null: the shared library only). */
  readonly chatId: CollectionId;
  /** True for a chunk the scope may see; chunks written after the filter was made are never seen. */
  allows(chunkId: number): boolean;
}

export interface ChunkRow {
  id: number;
  documentId: number;
  ord: number;
  headingPath: string[];
  text: string;
  start: number;
  end: number;
  page: number | null;
  document: Pick<DocumentRow, "id" | "source" | "url" | "title" | "language">;
}

/** A chunk id with a retrieval leg's score (higher is better). */
export interface RankedChunk {
  chunkId: number;
  score: number;
}

export interface StoredVector {
  chunkId: number;
  vector: Float32Array;
}

/** A vote on an answer; who voted is not stored, only the chat. */
export interface FeedbackInput {
  chatId?: number;
  question: string;
  vote: 1 | -1;
  sources: unknown;
}

export interface StoreStats {
  documents: number;
  chunks: number;
  vectors: number;
  vectorModel: string | null;
  generation: number;
  lastIngestAt: string | null;
  questionsServed: number;
  feedbackUp: number;
  feedbackDown: number;
  databaseBytes: number;
  schemaVersion: number;
}

interface RawChunkRow {
  id: number;
  document_id: number;
  ord: number;
  heading_path: string;
  text: string;
  start_offset: number;
  end_offset: number;
  page: number | null;
  source: string;
  url: string | null;
  title: string;
  language: string;
}

interface RawDocumentRow {
  id: number;
  source: string;
  url: string | null;
  title: string;
  content_hash: string;
  language: string;
  doc_date: string | null;
  bytes: number;
  chunk_count: number;
  ingested_at: string;
  profile: string;
  chat_id: number | null;
}

function toDocument(row: RawDocumentRow): DocumentRow {
  return {
    id: row.id,
    source: row.source,
    url: row.url,
    title: row.title,
    contentHash: row.content_hash,
    language: row.language,
    docDate: row.doc_date,
    bytes: row.bytes,
    chunkCount: row.chunk_count,
    ingestedAt: row.ingested_at,
    profile: parseProfile(row.profile),
    chatId: row.chat_id,
  };
}

function toChunk(row: RawChunkRow): ChunkRow {
  return {
    id: row.id,
    documentId: row.document_id,
    ord: row.ord,
    headingPath: JSON.parse(row.heading_path) as string[],
    text: row.text,
    start: row.start_offset,
    end: row.end_offset,
    page: row.page,
    document: { id: row.document_id, source: row.source, url: row.url, title: row.title, language: row.language },
  };
}

/** Builds an FTS5 MATCH expression that ORs the given terms, each quoted so no term is syntax. */
export function matchAny(terms: readonly string[]): string {
  return terms.map((t) => `"${t.replace(/"/g, '""')}"`).join(" OR ");
}

/**
 * The documents of chats other than the one bound to `?` (all chats' when it is null). Written as
 * a lookup of the chat index so that a library without chat collections costs nothing: joining
 * chunks to documents instead scanned every chunk (7 ms at 100k chunks, once for the filter and
 * once more inside each filtered search).
 */
const OTHER_CHATS_DOCUMENTS = "SELECT d.id FROM documents d WHERE d.chat_id IS NOT NULL AND d.chat_id IS NOT ?";

/** The file name of the database inside DATA_DIR. */
export const DATABASE_FILE = "store.sqlite";

/** The SQLite-backed store of documents, chunks, vectors and feedback. */
export class Store {
  readonly db: Database.Database;
  readonly dataDir: string;

  private constructor(db: Database.Database, dataDir: string) {
    this.db = db;
    this.dataDir = dataDir;
  }

  /** Opens (creating and migrating as needed) the store inside dataDir. */
  static open(dataDir: string, options: { readonly?: boolean } = {}): Store {
    fs.mkdirSync(dataDir, { recursive: true });
    const db = new Database(path.join(dataDir, DATABASE_FILE), { readonly: options.readonly ?? false });
    db.pragma("busy_timeout = 10000");
    if (!options.readonly) {
      db.pragma("journal_mode = WAL");
      db.pragma("synchronous = NORMAL");
      // Migrations rebuild tables: with foreign keys on, dropping one would cascade to its rows.
      db.pragma("foreign_keys = OFF");
      migrate(db);
      db.pragma("foreign_keys = ON");
    }
    return new Store(db, dataDir);
  }

  /** Closes the database. */
  close(): void {
    if (this.db.open) this.db.close();
  }

  /** The document stored under a source (path or URL) in a collection (default: the shared library), if any. */
  documentBySource(source: string, chatId: CollectionId = null): DocumentRow | undefined {
    const row = this.db.prepare("SELECT * FROM documents WHERE source = ? AND chat_id IS ?").get(source, chatId) as RawDocumentRow | undefined;
    return row ? toDocument(row) : undefined;
  }

  /** Every document stored under a source, in any collection. */
  documentsBySource(source: string): DocumentRow[] {
    return (this.db.prepare("SELECT * FROM documents WHERE source = ? ORDER BY id").all(source) as RawDocumentRow[]).map(toDocument);
  }

  /** A document by id. */
  documentById(id: number): DocumentRow | undefined {
    const row = this.db.prepare("SELECT * FROM documents WHERE id = ?").get(id) as RawDocumentRow | undefined;
    return row ? toDocument(row) : undefined;
  }

  /** All documents, oldest first. */
  listDocuments(): DocumentRow[] {
    return (this.db.prepare("SELECT * FROM documents ORDER BY id").all() as RawDocumentRow[]).map(toDocument);
  }

  /** The documents of one collection (null: the shared library), oldest first. */
  documentsInCollection(chatId: CollectionId): DocumentRow[] {
    return (this.db.prepare("SELECT * FROM documents WHERE chat_id IS ? ORDER BY id").all(chatId) as RawDocumentRow[]).map(toDocument);
  }

  /** What a chat sees: the shared library and its own collection (none given: the shared library), oldest first. */
  documentsVisibleTo(chatId: CollectionId): DocumentRow[] {
    return (this.db.prepare("SELECT * FROM documents WHERE chat_id IS NULL OR chat_id IS ? ORDER BY id").all(chatId) as RawDocumentRow[]).map(toDocument);
  }

  /** True when some chat has a collection of its own (otherwise every search sees everything). */
  hasChatCollections(): boolean {
    return this.db.prepare("SELECT 1 FROM documents WHERE chat_id IS NOT NULL LIMIT 1").get() !== undefined;
  }

  /**
   * The chunks a chat may see, resolved now: the shared library and the chat's collection. Chunk
   * ids only grow, so a chunk written later (by a concurrent ingest) is left out rather than
   * guessed at: a chat never sees another chat's documents, even for a moment.
   */
  chunkFilter(chatId: CollectionId): ChunkFilter {
    const read = this.db.transaction(() => {
      const excluded = this.db.prepare(`SELECT c.id FROM chunks c WHERE c.document_id IN (${OTHER_CHATS_DOCUMENTS})`).pluck().all(chatId) as number[];
      const highest = (this.db.prepare("SELECT max(id) FROM chunks").pluck().get() as number | null) ?? 0;
      return { excluded: new Set(excluded), highest };
    });
    const { excluded, highest } = read();
    return { chatId, allows: (chunkId) => chunkId <= highest && !excluded.has(chunkId) };
  }

  /** Moves a chat's collection to a new chat id (a group that became a supergroup); returns how many documents moved. */
  moveCollection(from: number, to: number): number {
    const run = this.db.transaction(() => {
      const moved = this.db.prepare("UPDATE OR IGNORE documents SET chat_id = ? WHERE chat_id = ?").run(to, from).changes;
      if (moved > 0) this.bumpGeneration();
      return moved;
    });
    return run.immediate();
  }

  /**
   * Stores a document with its chunks, replacing any earlier version with the same source, in
   * one IMMEDIATE transaction that also bumps the index generation. Returns the document id and
   * the ids of its new chunks (in order).
   */
  replaceDocument(doc: DocumentInput, chunks: readonly ChunkInput[]): { documentId: number; chunkIds: number[]; removedChunkIds: number[] } {
    const run = this.db.transaction(() => {
      const previous = this.documentBySource(doc.source, doc.chatId ?? null);
      const removedChunkIds = previous ? this.deleteDocumentRows(previous.id) : [];
      const info = this.db
        .prepare(
          `INSERT INTO documents (source, url, title, content_hash, language, doc_date, bytes, chunk_count, ingested_at, profile, chat_id)
           VALUES (@source, @url, @title, @contentHash, @language, @docDate, @bytes, @chunkCount, @ingestedAt, @profile, @chatId)`,
        )
        .run({
          source: doc.source,
          url: doc.url ?? null,
          title: doc.title,
          contentHash: doc.contentHash,
          language: doc.language,
          docDate: doc.docDate ?? null,
          bytes: doc.bytes,
          chunkCount: chunks.length,
          ingestedAt: new Date().toISOString(),
          profile: JSON.stringify(doc.profile ?? emptyProfile()),
          chatId: doc.chatId ?? null,
        });
      const documentId = Number(info.lastInsertRowid);
      const insertChunk = this.db.prepare(
        `INSERT INTO chunks (document_id, ord, heading_path, text, start_offset, end_offset, page)
         VALUES (?, ?, ?, ?, ?, ?, ?)`,
      );
      const insertTerms = this.db.prepare("INSERT INTO chunk_terms (rowid, terms, heading) VALUES (?, ?, ?)");
      const chunkIds: number[] = [];
      chunks.forEach((chunk, ord) => {
        const result = insertChunk.run(documentId, ord, JSON.stringify(chunk.headingPath), chunk.text, chunk.start, chunk.end, chunk.page ?? null);
        const chunkId = Number(result.lastInsertRowid);
        insertTerms.run(chunkId, chunk.terms, chunk.headingTerms);
        chunkIds.push(chunkId);
      });
      this.bumpGeneration();
      return { documentId, chunkIds, removedChunkIds };
    });
    return run.immediate();
  }

  /** Removes a document and everything derived from it; returns the removed chunk ids. */
  removeDocument(documentId: number): number[] {
    const run = this.db.transaction(() => {
      const removed = this.deleteDocumentRows(documentId);
      this.bumpGeneration();
      return removed;
    });
    return run.immediate();
  }

  private deleteDocumentRows(documentId: number): number[] {
    const ids = (this.db.prepare("SELECT id FROM chunks WHERE document_id = ?").all(documentId) as { id: number }[]).map((r) => r.id);
    const deleteTerms = this.db.prepare("DELETE FROM chunk_terms WHERE rowid = ?");
    for (const id of ids) deleteTerms.run(id);
    this.db.prepare("DELETE FROM chunk_vectors WHERE chunk_id IN (SELECT id FROM chunks WHERE document_id = ?)").run(documentId);
    this.db.prepare("DELETE FROM chunks WHERE document_id = ?").run(documentId);
    this.db.prepare("DELETE FROM documents WHERE id = ?").run(documentId);
    return ids;
  }

  private bumpGeneration(): void {
    this.db.prepare("UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'generation'").run();
    this.db
      .prepare("INSERT INTO meta(key, value) VALUES ('last_ingest_at', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value")
      .run(new Date().toISOString());
  }

  /** The index generation: bumped by every committed change to the chunks. */
  generation(): number {
    const row = this.db.prepare("SELECT value FROM meta WHERE key = 'generation'").get() as { value: string } | undefined;
    return row ? Number(row.value) : 0;
  }

  /** Reads a metadata value. */
  getMeta(key: string): string | undefined {
    const row = this.db.prepare("SELECT value FROM meta WHERE key = ?").get(key) as { value: string } | undefined;
    return row?.value;
  }

  /** Writes a metadata value. */
  setMeta(key: string, value: string): void {
    this.db.prepare("INSERT INTO meta(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value").run(key, value);
  }

  /** Number of chunks in the store. */
  chunkCount(): number {
    return (this.db.prepare("SELECT count(*) AS n FROM chunks").get() as { n: number }).n;
  }

  /**
   * BM25 search over chunk terms (text weighted over heading). Higher score is better; the
   * score is FTS5's rank negated. With a filter, only chunks of the documents it allows.
   */
  lexicalSearch(terms: readonly string[], limit: number, filter?: ChunkFilter): RankedChunk[] {
    if (terms.length === 0 || limit <= 0) return [];
    // Other chats' chunks are few next to the shared library: excluding them is the cheap side,
    // and it is decided inside this one statement, so a concurrent ingest cannot slip through.
    const rows = (
      filter
        ? this.db
            .prepare(
              `SELECT rowid AS id, bm25(chunk_terms, 1.0, 0.4) AS rank FROM chunk_terms WHERE chunk_terms MATCH ?
               AND rowid NOT IN (SELECT c.id FROM chunks c WHERE c.document_id IN (${OTHER_CHATS_DOCUMENTS}))
               ORDER BY rank LIMIT ?`,
            )
            .all(matchAny(terms), filter.chatId, limit)
        : this.db
            .prepare("SELECT rowid AS id, bm25(chunk_terms, 1.0, 0.4) AS rank FROM chunk_terms WHERE chunk_terms MATCH ? ORDER BY rank LIMIT ?")
            .all(matchAny(terms), limit)
    ) as { id: number; rank: number }[];
    return rows.map((r) => ({ chunkId: r.id, score: -r.rank }));
  }

  /** Like lexicalSearch, within the chunks of some documents only (those a question names). */
  lexicalSearchIn(terms: readonly string[], limit: number, documentIds: readonly number[], filter?: ChunkFilter): RankedChunk[] {
    if (terms.length === 0 || limit <= 0 || documentIds.length === 0) return [];
    // `+rowid`: a plain `rowid IN (…)` is handed to FTS5 as a rowid constraint, and FTS5 then
    // runs the whole MATCH once per listed chunk (half a second for a few hundred chunks among
    // 100k); with the unary plus the MATCH runs once and the list only filters its rows.
    const rows = this.db
      .prepare(
        `SELECT rowid AS id, bm25(chunk_terms, 1.0, 0.4) AS rank FROM chunk_terms WHERE chunk_terms MATCH ?
         AND +rowid IN (SELECT c.id FROM chunks c WHERE c.document_id IN (SELECT value FROM json_each(?))
                       AND (? OR c.document_id NOT IN (${OTHER_CHATS_DOCUMENTS})))
         ORDER BY rank LIMIT ?`,
      )
      .all(matchAny(terms), JSON.stringify(documentIds), filter ? 0 : 1, filter?.chatId ?? null, limit) as { id: number; rank: number }[];
    return rows.map((r) => ({ chunkId: r.id, score: -r.rank }));
  }

  /** How many chunks contain each term (for IDF weights in sentence selection). */
  documentFrequencies(terms: readonly string[]): Map<string, number> {
    const out = new Map<string, number>(terms.map((t) => [t, 0]));
    if (terms.length === 0) return out;
    // The vocabulary counts rows per token (text and heading columns together), like the index.
    const stmt = this.db.prepare("SELECT term, doc FROM chunk_terms_vocab WHERE term = ?");
    for (const term of new Set(terms)) {
      const row = stmt.get(term) as { term: string; doc: number } | undefined;
      if (row) out.set(term, row.doc);
    }
    return out;
  }

  /** Chunks by id, with their document, in the order asked. */
  chunksByIds(ids: readonly number[]): ChunkRow[] {
    if (ids.length === 0) return [];
    const rows = this.db
      .prepare(
        `SELECT c.*, d.source, d.url, d.title, d.language FROM chunks c JOIN documents d ON d.id = c.document_id
         WHERE c.id IN (SELECT value FROM json_each(?))`,
      )
      .all(JSON.stringify(ids)) as RawChunkRow[];
    const byId = new Map(rows.map((r) => [r.id, toChunk(r)]));
    return ids.flatMap((id) => byId.get(id) ?? []);
  }

  /** The chunks of one document in order. */
  chunksOfDocument(documentId: number): ChunkRow[] {
    const rows = this.db
      .prepare(
        `SELECT c.*, d.source, d.url, d.title, d.language FROM chunks c JOIN documents d ON d.id = c.document_id
         WHERE c.document_id = ? ORDER BY c.ord`,
      )
      .all(documentId) as RawChunkRow[];
    return rows.map(toChunk);
  }

  /** The sections of a document: each distinct heading path, in the order the document first reaches it. */
  sectionsOfDocument(documentId: number): string[][] {
    const rows = this.db
      .prepare("SELECT heading_path FROM chunks WHERE document_id = ? GROUP BY heading_path ORDER BY min(ord)")
      .pluck()
      .all(documentId) as string[];
    return rows.map((r) => JSON.parse(r) as string[]);
  }

  /** The chunks of one section of a document, in order. */
  chunksOfSection(documentId: number, headingPath: readonly string[]): ChunkRow[] {
    const rows = this.db
      .prepare(
        `SELECT c.*, d.source, d.url, d.title, d.language FROM chunks c JOIN documents d ON d.id = c.document_id
         WHERE c.document_id = ? AND c.heading_path = ? ORDER BY c.ord`,
      )
      .all(documentId, JSON.stringify(headingPath)) as RawChunkRow[];
    return rows.map(toChunk);
  }

  /** Stores vectors for chunks (float32, normalised) under a model id, in one transaction. */
  putVectors(model: string, vectors: readonly StoredVector[]): void {
    const insert = this.db.prepare(
      "INSERT INTO chunk_vectors (chunk_id, model, dim, vector) VALUES (?, ?, ?, ?) ON CONFLICT(chunk_id) DO UPDATE SET model = excluded.model, dim = excluded.dim, vector = excluded.vector",
    );
    const run = this.db.transaction(() => {
      for (const { chunkId, vector } of vectors) {
        insert.run(chunkId, model, vector.length, Buffer.from(vector.buffer, vector.byteOffset, vector.byteLength));
      }
    });
    run.immediate();
  }

  /** All stored vectors of a model, in chunk id order. */
  *iterateVectors(model: string): IterableIterator<StoredVector> {
    const stmt = this.db.prepare("SELECT chunk_id, vector FROM chunk_vectors WHERE model = ? ORDER BY chunk_id");
    for (const row of stmt.iterate(model) as IterableIterator<{ chunk_id: number; vector: Buffer }>) {
      const copy = new Float32Array(row.vector.byteLength / 4);
      new Uint8Array(copy.buffer).set(row.vector);
      yield { chunkId: row.chunk_id, vector: copy };
    }
  }

  /** Count of vectors per model (usually one model). */
  vectorModels(): { model: string; dim: number; count: number }[] {
    return this.db.prepare("SELECT model, dim, count(*) AS count FROM chunk_vectors GROUP BY model, dim").all() as {
      model: string;
      dim: number;
      count: number;
    }[];
  }

  /** Chunks that have no vector for the given model: what embedding still has to do. */
  chunksWithoutVectors(model: string): { id: number; text: string; headingPath: string[] }[] {
    const rows = this.db
      .prepare(
        `SELECT c.id, c.text, c.heading_path FROM chunks c
         LEFT JOIN chunk_vectors v ON v.chunk_id = c.id AND v.model = ?
         WHERE v.chunk_id IS NULL ORDER BY c.id`,
      )
      .all(model) as { id: number; text: string; heading_path: string }[];
    return rows.map((r) => ({ id: r.id, text: r.text, headingPath: JSON.parse(r.heading_path) as string[] }));
  }

  /** Deletes every vector (before re-embedding with another model). */
  clearVectors(): void {
    this.db.prepare("DELETE FROM chunk_vectors").run();
  }

  /** Records a 👍/👎 on an answer; returns the row id (a changed vote updates it). */
  recordFeedback(input: FeedbackInput): number {
    const info = this.db
      .prepare("INSERT INTO feedback (created_at, chat_id, question, vote, sources) VALUES (?, ?, ?, ?, ?)")
      .run(new Date().toISOString(), input.chatId ?? null, input.question, input.vote, JSON.stringify(input.sources));
    return Number(info.lastInsertRowid);
  }

  /** Changes a recorded vote (the same person pressed the other button). */
  changeFeedbackVote(id: number, vote: 1 | -1): void {
    this.db.prepare("UPDATE feedback SET vote = ? WHERE id = ?").run(vote, id);
  }

  /** Counts one answered question (for /stats). */
  countQuestion(): void {
    this.db.prepare("UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'questions_served'").run();
  }

  /** Figures for /stats and doctor. */
  stats(): StoreStats {
    const count = (sql: string): number => (this.db.prepare(sql).get() as { n: number }).n;
    const models = this.vectorModels();
    let databaseBytes = 0;
    for (const suffix of ["", "-wal"]) {
      try {
        databaseBytes += fs.statSync(path.join(this.dataDir, DATABASE_FILE + suffix)).size;
      } catch {
        // The WAL file exists only while the database is open for writing.
      }
    }
    return {
      documents: count("SELECT count(*) AS n FROM documents"),
      chunks: count("SELECT count(*) AS n FROM chunks"),
      vectors: models.reduce((sum, m) => sum + m.count, 0),
      vectorModel: models[0]?.model ?? null,
      generation: this.generation(),
      lastIngestAt: this.getMeta("last_ingest_at") ?? null,
      questionsServed: Number(this.getMeta("questions_served") ?? 0),
      feedbackUp: count("SELECT count(*) AS n FROM feedback WHERE vote = 1"),
      feedbackDown: count("SELECT count(*) AS n FROM feedback WHERE vote = -1"),
      databaseBytes,
      schemaVersion: SCHEMA_VERSION,
    };
  }
}
