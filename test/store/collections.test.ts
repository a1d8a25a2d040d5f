// Collections: a document belongs to the shared library or to one chat; a chat's questions see
// the shared library and its own collection, nothing else, in the lexical leg (FTS5 filtered by
// document) and the dense leg (HNSW's filter); the shared library's answers do not move. Also
// the migration that introduced collections, and removal under the writer lock.
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.js";
import { openAppEngine } from "../../src/app.js";
import { ingestPaths } from "../../src/ingest/ingest.js";
import { silentLogger } from "../../src/log.js";
import { HnswIndexFile } from "../../src/store/hnsw.js";
import { acquireWriterLock } from "../../src/store/lock.js";
import { SCHEMA_VERSION } from "../../src/store/schema.js";
import { DATABASE_FILE, Store } from "../../src/store/store.js";
import { queryTerms } from "../../src/text/segment.js";
import { TEST_DICTIONARY_CACHE } from "../helpers/engine.js";
import { tempDir } from "../helpers/temp.js";

const SHARED_REPORT = [
  "# Harbour authority annual report 2023",
  "",
  "## Passengers",
  "",
  "The harbour ferries carried 2,480,000 passengers in 2023, up 4.1% on the year before.",
  "",
].join("\n");
const CHAT_REPORT = [
  "# Lighthouse keepers' roster 2024",
  "",
  "## Staffing",
  "",
  "The lighthouse service employs 37 keepers on rotating night shifts.",
  "",
].join("\n");

function writeDocs(): { dir: string; shared: string; chat: string } {
  const dir = tempDir("docqa-docs-");
  const shared = path.join(dir, "harbour.md");
  const chat = path.join(dir, "lighthouse.md");
  fs.writeFileSync(shared, SHARED_REPORT);
  fs.writeFileSync(chat, CHAT_REPORT);
  return { dir, shared, chat };
}

const LIGHTHOUSE = "How many keepers does the lighthouse service employ?";
const FERRIES = "How many passengers did the harbour ferries carry in 2023?";

describe("collections in the store", () => {
  it("keeps a chat's documents to that chat in the lexical leg", () => {
    const { shared, chat } = writeDocs();
    const store = Store.open(tempDir());
    ingestPaths(store, [shared], { maxFileBytes: 1 << 20 });
    ingestPaths(store, [chat], { maxFileBytes: 1 << 20, chatId: -100200 });
    const terms = queryTerms("lighthouse keepers");
    expect(store.lexicalSearch(terms, 10)).toHaveLength(1);
    expect(store.lexicalSearch(terms, 10, store.chunkFilter(-100200))).toHaveLength(1);
    expect(store.lexicalSearch(terms, 10, store.chunkFilter(-100300))).toEqual([]);
    expect(store.lexicalSearch(terms, 10, store.chunkFilter(null))).toEqual([]);
    // Every chat sees the shared library.
    expect(store.lexicalSearch(queryTerms("harbour ferries"), 10, store.chunkFilter(-100300))).toHaveLength(1);
    // Searching within named documents keeps to the scope as well.
    const lighthouse = store.documentsInCollection(-100200).map((d) => d.id);
    expect(store.lexicalSearchIn(terms, 10, lighthouse, store.chunkFilter(-100200))).toHaveLength(1);
    expect(store.lexicalSearchIn(terms, 10, lighthouse, store.chunkFilter(-100300))).toEqual([]);
    expect(store.lexicalSearchIn(terms, 10, lighthouse)).toHaveLength(1);
    expect(
      store.lexicalSearchIn(
        terms,
        10,
        store.documentsInCollection(null).map((d) => d.id),
      ),
    ).toEqual([]);
    expect(store.documentsVisibleTo(-100200).map((d) => d.title)).toEqual(["Harbour authority annual report 2023", "Lighthouse keepers' roster 2024"]);
    expect(store.documentsVisibleTo(-100300).map((d) => d.chatId)).toEqual([null]);
    store.close();
  });

  it("answers from a chat's collection only in that chat, and the shared library's answer does not move", async () => {
    const { shared, chat } = writeDocs();
    const dataDir = tempDir();
    const config = loadConfig({ DATA_DIR: dataDir, EMBED_MODEL: "none", DICTIONARY_CACHE_DIR: TEST_DICTIONARY_CACHE }, dataDir);
    const engine = await openAppEngine(config, silentLogger(), { lexicalOnly: true });
    try {
      await engine.ingest([shared]);
      const before = await engine.answer(FERRIES, { scope: {} });
      await engine.ingest([chat], { chatId: -100200 });
      const inChat = await engine.answer(LIGHTHOUSE, { scope: { chatId: -100200 } });
      expect(inChat.found).toBe(true);
      expect(inChat.answer).toContain("37 keepers");
      const elsewhere = await engine.answer(LIGHTHOUSE, { scope: { chatId: -100300 } });
      expect(elsewhere.found).toBe(false);
      expect(elsewhere.sources).toEqual([]);
      const after = await engine.answer(FERRIES, { scope: { chatId: -100300 } });
      expect(after.answer).toBe(before.answer);
      expect(after.sources.map((s) => [s.chunkId, s.quote])).toEqual(before.sources.map((s) => [s.chunkId, s.quote]));
    } finally {
      engine.close();
    }
  });

  it("keeps the same file in two collections apart, and an exact copy of a shared document out of a chat's", () => {
    const { shared } = writeDocs();
    const store = Store.open(tempDir());
    expect(ingestPaths(store, [shared], { maxFileBytes: 1 << 20 }).added).toBe(1);
    // The chat already sees the shared copy: storing it again would only cite it twice.
    const copy = ingestPaths(store, [shared], { maxFileBytes: 1 << 20, chatId: -100200 });
    expect(copy.added).toBe(0);
    expect(copy.skipped[0]?.reason).toMatch(/same text as/);
    const other = path.join(path.dirname(shared), "roster.md");
    fs.writeFileSync(other, CHAT_REPORT);
    expect(ingestPaths(store, [other], { maxFileBytes: 1 << 20, chatId: -100200 }).added).toBe(1);
    expect(ingestPaths(store, [other], { maxFileBytes: 1 << 20, chatId: -100300 }).added).toBe(1);
    expect(ingestPaths(store, [other], { maxFileBytes: 1 << 20, chatId: -100300 }).unchanged).toBe(1);
    expect(store.documentsBySource(fs.realpathSync(other)).map((d) => d.chatId)).toEqual([-100200, -100300]);
    store.close();
  });

  it("filters the dense leg with hnswlib's filter function", async () => {
    const store = Store.open(tempDir());
    const chunk = (text: string) => ({ headingPath: [], text, start: 0, end: text.length, terms: text, headingTerms: "" });
    const a = store.replaceDocument({ source: "a", title: "a", contentHash: "a", language: "en", bytes: 1 }, [chunk("a0"), chunk("a1")]);
    const b = store.replaceDocument({ source: "b", chatId: -5, title: "b", contentHash: "b", language: "en", bytes: 1 }, [chunk("b0"), chunk("b1")]);
    const unit = (i: number): Float32Array => {
      const v = new Float32Array(4);
      v[i % 4] = 1;
      return v;
    };
    store.putVectors(
      "toy",
      [...a.chunkIds, ...b.chunkIds].map((chunkId, i) => ({ chunkId, vector: unit(i) })),
    );
    const index = await HnswIndexFile.open(store, "toy", 4, loadConfig({}, tempDir()).hnsw, silentLogger());
    const query = unit(2); // b's first chunk
    expect(index.search(query, 1)[0]!.chunkId).toBe(b.chunkIds[0]);
    const outside = store.chunkFilter(-6);
    const hits = index.search(query, 4, (id) => outside.allows(id));
    expect(hits.map((h) => h.chunkId).sort()).toEqual([...a.chunkIds].sort());
    const inside = store.chunkFilter(-5);
    expect(index.search(query, 1, (id) => inside.allows(id))[0]!.chunkId).toBe(b.chunkIds[0]);
    // A chunk written after the filter was made is not seen through it.
    const c = store.replaceDocument({ source: "c", chatId: -7, title: "c", contentHash: "c", language: "en", bytes: 1 }, [chunk("c0")]);
    expect(outside.allows(c.chunkIds[0]!)).toBe(false);
    store.close();
  });
});

describe("the collections migration", () => {
  it("keeps every document, id and sequence, and drops the user id from feedback", () => {
    const dir = tempDir();
    // A store as schema 2 left it: one document kept, one removed (its id must not come back).
    const db = new Database(path.join(dir, DATABASE_FILE));
    db.exec(`
      CREATE TABLE documents (id INTEGER PRIMARY KEY AUTOINCREMENT, source TEXT NOT NULL UNIQUE, url TEXT, title TEXT NOT NULL,
        content_hash TEXT NOT NULL, language TEXT NOT NULL, doc_date TEXT, bytes INTEGER NOT NULL, chunk_count INTEGER NOT NULL, ingested_at TEXT NOT NULL);
      CREATE TABLE chunks (id INTEGER PRIMARY KEY AUTOINCREMENT, document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        ord INTEGER NOT NULL, heading_path TEXT NOT NULL, text TEXT NOT NULL, start_offset INTEGER NOT NULL, end_offset INTEGER NOT NULL, page INTEGER);
      CREATE INDEX chunks_by_document ON chunks(document_id, ord);
      CREATE VIRTUAL TABLE chunk_terms USING fts5(terms, heading, tokenize = "unicode61 remove_diacritics 0 tokenchars '.'");
      CREATE TABLE chunk_vectors (chunk_id INTEGER PRIMARY KEY REFERENCES chunks(id) ON DELETE CASCADE, model TEXT NOT NULL, dim INTEGER NOT NULL, vector BLOB NOT NULL);
      CREATE TABLE feedback (id INTEGER PRIMARY KEY AUTOINCREMENT, created_at TEXT NOT NULL, user_id INTEGER, chat_id INTEGER, question TEXT NOT NULL,
        vote INTEGER NOT NULL CHECK (vote IN (-1, 1)), sources TEXT NOT NULL);
      CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
      INSERT INTO meta(key, value) VALUES ('generation', '0'), ('questions_served', '0');
      CREATE VIRTUAL TABLE chunk_terms_vocab USING fts5vocab(chunk_terms, 'row');
      INSERT INTO documents VALUES (1, '/docs/kept.md', NULL, 'Kept', 'h1', 'en', NULL, 10, 1, '2024-01-01T00:00:00Z');
      INSERT INTO documents VALUES (2, '/docs/gone.md', NULL, 'Gone', 'h2', 'en', NULL, 10, 0, '2024-01-01T00:00:00Z');
      INSERT INTO chunks VALUES (1, 1, 0, '[]', 'kept text', 0, 9, NULL);
      INSERT INTO chunk_terms(rowid, terms, heading) VALUES (1, 'kept text', '');
      DELETE FROM documents WHERE id = 2;
      INSERT INTO feedback VALUES (1, '2024-01-01T00:00:00Z', 777, 42, 'q', 1, '[]');
      PRAGMA user_version = 2;
    `);
    db.close();
    const store = Store.open(dir);
    expect(store.db.pragma("user_version", { simple: true })).toBe(SCHEMA_VERSION);
    expect(store.listDocuments().map((d) => [d.id, d.title, d.chatId])).toEqual([[1, "Kept", null]]);
    expect(store.chunksOfDocument(1).map((c) => c.text)).toEqual(["kept text"]);
    const columns = (store.db.prepare("PRAGMA table_info(feedback)").all() as { name: string }[]).map((c) => c.name);
    expect(columns).not.toContain("user_id");
    const { documentId } = store.replaceDocument({ source: "/docs/new.md", title: "New", contentHash: "h3", language: "en", bytes: 1 }, []);
    expect(documentId).toBe(3);
    expect(store.db.pragma("foreign_keys", { simple: true })).toBe(1);
    store.close();
  });
});

describe("removing a document", () => {
  it("takes the writer lock, and only removes within the collection asked for", async () => {
    const { dir, chat } = writeDocs();
    const dataDir = tempDir();
    const config = loadConfig({ DATA_DIR: dataDir, DOCS_DIR: dir, EMBED_MODEL: "none" }, dataDir);
    const engine = await openAppEngine(config, silentLogger(), { lexicalOnly: true });
    await engine.ingest([chat], { chatId: -100200 });
    const id = String(engine.store.listDocuments()[0]!.id);
    expect(await engine.removeDocument(id, { within: -100300 })).toBeUndefined();
    expect(await engine.removeDocument(id, { within: null })).toBeUndefined();
    const lock = await acquireWriterLock(dataDir, "another ingest");
    await expect(engine.removeDocument(id, { within: -100200 })).rejects.toThrow(/is being written by another ingest/);
    lock.release();
    const removed = await engine.removeDocument(id, { within: -100200 });
    expect(removed).toMatchObject({ title: "Lighthouse keepers' roster 2024", chatId: -100200 });
    expect(engine.store.listDocuments()).toEqual([]);
    engine.close();
  });
});
