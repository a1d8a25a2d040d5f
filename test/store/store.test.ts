import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { Store, DATABASE_FILE } from "../../src/store/store.js";
import { migrate, SCHEMA_VERSION } from "../../src/store/schema.js";
import { ingestPaths } from "../../src/ingest/ingest.js";
import { queryTerms } from "../../src/text/segment.js";
import { tempDir, SAMPLE_SPEECH } from "../helpers/temp.js";

const LIMIT = { maxFileBytes: 10 * 1024 * 1024 };

function chunk(text: string) {
  return { headingPath: ["一、测试"], text, start: 0, end: text.length, terms: text, headingTerms: "测试" };
}

describe("Store", () => {
  it("creates a WAL database at the current schema version", () => {
    const dir = tempDir();
    const store = Store.open(dir);
    store.close();
    const db = new Database(path.join(dir, DATABASE_FILE));
    expect(db.pragma("journal_mode", { simple: true })).toBe("wal");
    expect(db.pragma("user_version", { simple: true })).toBe(SCHEMA_VERSION);
    expect(db.pragma("integrity_check", { simple: true })).toBe("ok");
    db.close();
  });

  it("gives a store written before profiles the profile column, and the next ingest fills it in", () => {
    const dir = tempDir();
    const docs = tempDir();
    fs.writeFileSync(
      path.join(docs, "report.txt"),
      "浙江省政府工作报告\n\n浙江省全年地区生产总值增长百分之五，杭州市新建学校三十所，浙江省居民收入稳步增长。\n",
    );
    // The store of an older version: schema 2, no profile column, a document ingested then.
    const old = new Database(path.join(dir, DATABASE_FILE));
    migrate(old, 2);
    old
      .prepare(
        "INSERT INTO documents (source, title, content_hash, language, bytes, chunk_count, ingested_at) VALUES (?, ?, 'older processing', 'zh-Hans', 10, 0, ?)",
      )
      .run(fs.realpathSync(path.join(docs, "report.txt")), "浙江省政府工作报告", new Date().toISOString());
    old.close();
    const store = Store.open(dir);
    try {
      expect(store.listDocuments()[0]!.profile.places).toEqual([]);
      const summary = ingestPaths(store, [docs], LIMIT);
      expect(summary.updated).toBe(1);
      const profile = store.listDocuments()[0]!.profile;
      expect(profile.places[0]).toMatchObject({ name: "浙江省", key: "浙江省" });
      expect(profile.titlePlaces.map((p) => p.name)).toEqual(["浙江省", "杭州市"]);
    } finally {
      store.close();
    }
  });

  it("round-trips a document with its chunks and bumps the generation", () => {
    const store = Store.open(tempDir());
    const before = store.generation();
    const { documentId, chunkIds } = store.replaceDocument({ source: "/docs/a.txt", title: "A", contentHash: "h1", language: "zh-Hans", bytes: 10 }, [
      chunk("学前 教育"),
      chunk("教师 培训"),
    ]);
    expect(store.generation()).toBe(before + 1);
    const chunks = store.chunksOfDocument(documentId);
    expect(chunks.map((c) => c.text)).toEqual(["学前 教育", "教师 培训"]);
    expect(chunks[0]!.headingPath).toEqual(["一、测试"]);
    expect(store.chunksByIds([chunkIds[1]!, chunkIds[0]!]).map((c) => c.id)).toEqual([chunkIds[1], chunkIds[0]]);
    expect(store.lexicalSearch(["教师"], 5).map((r) => r.chunkId)).toEqual([chunkIds[1]]);
  });

  it("replaces a document atomically: a failing write leaves the old version whole", () => {
    const store = Store.open(tempDir());
    store.replaceDocument({ source: "/docs/a.txt", title: "Old", contentHash: "h1", language: "zh-Hans", bytes: 10 }, [chunk("旧 版本")]);
    const broken = { ...chunk("新 版本"), headingPath: undefined as unknown as string[], text: null as unknown as string };
    expect(() =>
      store.replaceDocument({ source: "/docs/a.txt", title: "New", contentHash: "h2", language: "zh-Hans", bytes: 10 }, [chunk("新 版本"), broken]),
    ).toThrow();
    const doc = store.documentBySource("/docs/a.txt")!;
    expect(doc.title).toBe("Old");
    expect(store.chunksOfDocument(doc.id).map((c) => c.text)).toEqual(["旧 版本"]);
    expect(store.lexicalSearch(["新"], 5)).toEqual([]);
  });

  it("removes a document with its chunks, terms and vectors", () => {
    const store = Store.open(tempDir());
    const { documentId, chunkIds } = store.replaceDocument({ source: "/d.txt", title: "D", contentHash: "h", language: "en", bytes: 1 }, [chunk("alpha beta")]);
    store.putVectors("m", [{ chunkId: chunkIds[0]!, vector: new Float32Array([1, 0]) }]);
    expect(store.removeDocument(documentId)).toEqual(chunkIds);
    expect(store.chunkCount()).toBe(0);
    expect(store.lexicalSearch(["alpha"], 5)).toEqual([]);
    expect(store.vectorModels()).toEqual([]);
  });
});

describe("incremental ingestion", () => {
  it("skips unchanged files, replaces changed ones and prunes deleted ones", () => {
    const store = Store.open(tempDir());
    const docs = tempDir();
    const a = path.join(docs, "a.txt");
    const b = path.join(docs, "b.md");
    fs.writeFileSync(a, "一、概况\n\n今年全市新建图书馆5座,藏书总量达到120万册。");
    fs.writeFileSync(b, "# Report\n\nThe museum welcomed 52,000 visitors in 2020.");
    const first = ingestPaths(store, [docs], LIMIT);
    expect([first.added, first.updated, first.unchanged]).toEqual([2, 0, 0]);
    const second = ingestPaths(store, [docs], LIMIT);
    expect([second.added, second.updated, second.unchanged]).toEqual([0, 0, 2]);
    fs.writeFileSync(a, "一、概况\n\n今年全市新建图书馆6座,藏书总量达到130万册。");
    const third = ingestPaths(store, [docs], LIMIT);
    expect([third.added, third.updated, third.unchanged]).toEqual([0, 1, 1]);
    expect(store.lexicalSearch(queryTerms("130万册"), 5)).toHaveLength(1);
    expect(store.lexicalSearch(["120"], 5)).toHaveLength(0);
    const texts = store.listDocuments().flatMap((d) => store.chunksOfDocument(d.id).map((c) => c.text));
    expect(texts.join(" ")).not.toContain("120万册");
    fs.unlinkSync(b);
    const fourth = ingestPaths(store, [docs], { ...LIMIT, prune: true });
    expect(fourth.removed.map((r) => path.basename(r.path))).toEqual(["b.md"]);
    expect(store.listDocuments()).toHaveLength(1);
  });

  it("reports bad files and goes on with the rest of the batch", () => {
    const store = Store.open(tempDir());
    const docs = tempDir();
    fs.writeFileSync(path.join(docs, "empty.txt"), "");
    fs.writeFileSync(path.join(docs, "binary.txt"), Buffer.from(Array.from({ length: 3000 }, (_, i) => (i * 31) % 256)));
    fs.writeFileSync(path.join(docs, "image.png"), "not really");
    fs.copyFileSync(SAMPLE_SPEECH, path.join(docs, "speech.txt"));
    const summary = ingestPaths(store, [docs, path.join(docs, "missing.txt")], LIMIT);
    expect(summary.added).toBe(1);
    const reasons = Object.fromEntries(summary.failed.map((f) => [path.basename(f.path), f.reason]));
    expect(reasons["empty.txt"]).toMatch(/empty/);
    expect(reasons["binary.txt"]).toMatch(/binary|decode/);
    expect(reasons["missing.txt"]).toMatch(/no such file/);
    expect(summary.skipped.map((s) => path.basename(s.path))).toContain("image.png");
    for (const f of summary.failed) expect(f.reason).not.toContain("\n");
  });

  it("stores no pinyin notes, spam keywords or site footer from the sample page", () => {
    const store = Store.open(tempDir());
    ingestPaths(store, [SAMPLE_SPEECH], LIMIT);
    const raw = fs.readFileSync(SAMPLE_SPEECH, "utf8");
    const spamLine = raw.split("\n")[0]!.trim();
    const doc = store.listDocuments()[0]!;
    expect(doc.language).toBe("zh-Hant");
    expect(doc.title).not.toMatch(/\.txt$/);
    for (const c of store.chunksOfDocument(doc.id)) {
      expect(c.text).not.toMatch(/\p{Script=Han}\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+\)/u);
      expect(c.text).not.toContain(spamLine.split(/[,，]/)[0]!);
      expect(c.text).not.toMatch(/https?:|免責|版權/);
    }
  });
});
