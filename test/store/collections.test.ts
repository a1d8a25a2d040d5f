// Collections: a document belongs to the shared library or to one chat; a chat's questions see
// the shared library and its own collection, nothing else, in the lexical leg (FTS5 filtered by
// document) and the dense leg (HNSW's filter); the shared library's answers do not move. Also
// the migration that introduced collections, and removal under the writer lock.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.js";
import { openAppEngine } from "../../src/app.js";
import { ingestPaths } from "../../src/ingest/ingest.js";
import { silentLogger } from "../../src/log.js";
import { acquireWriterLock } from "../../src/store/lock.js";
import { Store } from "../../src/store/store.js";
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
