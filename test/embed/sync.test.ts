import fs from "node:fs";
import path from "node:path";
import { Writable } from "node:stream";
import { beforeAll, describe, expect, it } from "vitest";
import type { Config } from "../../src/config.js";
import { loadEmbedder, type Embedder } from "../../src/embed/embedder.js";
import { progressLine, progressReporter } from "../../src/cli/progress.js";
import { passageText, syncVectors, VectorModelMismatchError } from "../../src/embed/sync.js";
import { isUserError } from "../../src/errors.js";
import { silentLogger } from "../../src/log.js";
import { createDenseRetriever } from "../../src/search/dense.js";
import { hnswFilePath } from "../../src/store/hnsw.js";
import { Store, type ChunkInput } from "../../src/store/store.js";
import { tempDir } from "../helpers/temp.js";
import { testConfig, testModelDir } from "../helpers/test-model.js";

function chunk(text: string, headingPath: string[] = []): ChunkInput {
  return { headingPath, text, start: 0, end: text.length, terms: text, headingTerms: headingPath.join(" ") };
}

const EDUCATION = [
  chunk("2019年学前教育毛入园率达到百分之八十一点七。", ["一、学前教育"]),
  chunk("义务教育巩固率提高到百分之九十四点八。", ["二、义务教育"]),
  chunk("高等教育毛入学率超过百分之五十，进入普及化阶段。", ["三、高等教育"]),
];
const TRADITIONAL = [chunk("教師工資待遇不低於當地公務員平均工資水平。", ["四、教師隊伍"])];
const ENGLISH = [chunk("The railway company reported revenue growth of twelve percent.", ["Finance"])];

function addDoc(store: Store, source: string, chunks: ChunkInput[]): number[] {
  return store.replaceDocument({ source, title: source, contentHash: source, language: "zh-Hans", bytes: 1 }, chunks).chunkIds;
}

describe("syncVectors", () => {
  let embedder: Embedder;
  let modelDir: string;

  beforeAll(async () => {
    modelDir = await testModelDir();
    embedder = await loadEmbedder(testConfig(tempDir(), modelDir), silentLogger());
  });

  function setup(): { store: Store; config: Config } {
    const dir = tempDir();
    return { store: Store.open(dir), config: testConfig(dir, modelDir) };
  }

  it("embeds heading path and text of every chunk once, and writes the index file", async () => {
    const { store, config } = setup();
    addDoc(store, "edu", EDUCATION);
    const progress: [number, number][] = [];
    const first = await syncVectors(store, embedder, config, silentLogger(), { onProgress: (d, t) => progress.push([d, t]) });
    expect(first.embedded).toBe(3);
    expect(progress.at(-1)).toEqual([3, 3]);
    expect(store.vectorModels()).toEqual([{ model: "docqa-test-model", dim: 64, count: 3 }]);
    expect(fs.existsSync(hnswFilePath(store.dataDir))).toBe(true);
    const [stored] = [...store.iterateVectors("docqa-test-model")];
    const [expected] = await embedder.embedPassages([passageText(store.chunksByIds([stored!.chunkId])[0]!)]);
    expect(Array.from(stored!.vector)).toEqual(Array.from(expected!));

    const again = await syncVectors(store, embedder, config, silentLogger());
    expect(again.embedded).toBe(0);
    addDoc(store, "en", ENGLISH);
    expect((await syncVectors(store, embedder, config, silentLogger())).embedded).toBe(1);
  });

  it("joins the heading path with › above the text", () => {
    expect(passageText({ headingPath: ["第一章", "第二节"], text: "正文" })).toBe("第一章 › 第二节\n正文");
    expect(passageText({ headingPath: [], text: "正文" })).toBe("正文");
  });

  it("refuses to mix models, pointing to --reembed, and re-embeds everything when asked", async () => {
    const { store, config } = setup();
    addDoc(store, "edu", EDUCATION);
    await syncVectors(store, embedder, config, silentLogger());
    const otherDir = await testModelDir("another-model");
    const other = await loadEmbedder(testConfig(tempDir(), otherDir), silentLogger());
    const error = await syncVectors(store, other, testConfig(store.dataDir, otherDir), silentLogger()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(VectorModelMismatchError);
    expect(isUserError(error)).toBe(true);
    expect((error as Error).message).toMatch(/made by docqa-test-model \(3 chunks\), but EMBED_MODEL is another-model .*npm run ingest -- --reembed/);

    const result = await syncVectors(store, other, testConfig(store.dataDir, otherDir), silentLogger(), { reembed: true });
    expect(result.embedded).toBe(3);
    expect(store.vectorModels()).toEqual([{ model: "another-model", dim: 64, count: 3 }]);
  });
});

describe("createDenseRetriever", () => {
  let modelDir: string;

  beforeAll(async () => {
    modelDir = await testModelDir();
  });

  it("finds the passage a question paraphrases, across scripts, with cosine scores", async () => {
    const dir = tempDir();
    const store = Store.open(dir);
    const config = testConfig(dir, modelDir);
    const [, compulsory] = addDoc(store, "edu", EDUCATION);
    const [teachers] = addDoc(store, "tw", TRADITIONAL);
    const [railway] = addDoc(store, "en", ENGLISH);
    const { embedder } = await createDenseRetriever(store, config, silentLogger());
    await syncVectors(store, embedder!, config, silentLogger());

    const { retriever, warning } = await createDenseRetriever(store, config, silentLogger(), { embedder });
    expect(warning).toBeUndefined();
    expect(retriever!.modelId).toBe("docqa-test-model");
    const compulsoryHits = await retriever!.search("义务教育的巩固率是多少", 3);
    expect(compulsoryHits[0]!.chunkId).toBe(compulsory);
    expect(compulsoryHits[0]!.score).toBeGreaterThan(compulsoryHits[1]!.score);
    expect(compulsoryHits[0]!.score).toBeLessThanOrEqual(1.0001);
    // Simplified question, traditional passage.
    expect((await retriever!.search("教师工资待遇", 1))[0]!.chunkId).toBe(teachers);
    expect((await retriever!.search("railway revenue", 1))[0]!.chunkId).toBe(railway);
    expect(await retriever!.search("教师", 0)).toEqual([]);
  });

  it("picks up another process's ingest without being recreated", async () => {
    const dir = tempDir();
    const bot = Store.open(dir);
    const config = testConfig(dir, modelDir);
    addDoc(bot, "edu", EDUCATION);
    const { embedder } = await createDenseRetriever(bot, config, silentLogger());
    await syncVectors(bot, embedder!, config, silentLogger());
    const { retriever } = await createDenseRetriever(bot, config, silentLogger(), { embedder });
    expect((await retriever!.search("railway revenue", 1))[0]!.chunkId).not.toBe(undefined);

    // The ingest CLI: its own connection, its own embedder, its own index object.
    const ingest = Store.open(dir);
    const [railway] = addDoc(ingest, "en", ENGLISH);
    const ingestEmbedder = await loadEmbedder(config, silentLogger());
    await syncVectors(ingest, ingestEmbedder, config, silentLogger());
    ingest.close();

    expect((await retriever!.search("railway revenue", 1))[0]!.chunkId).toBe(railway);
    // Removing a document hides its chunks at the next question.
    const writer = Store.open(dir);
    writer.removeDocument(writer.documentBySource("en")!.id);
    writer.close();
    expect((await retriever!.search("railway revenue", 5)).map((h) => h.chunkId)).not.toContain(railway);
  });

  it("warns in one line and returns no retriever when the model is not available offline", async () => {
    const dir = tempDir();
    const started = Date.now();
    const setup = await createDenseRetriever(
      Store.open(dir),
      testConfig(dir, "Xenova/multilingual-e5-small", { ALLOW_MODEL_DOWNLOAD: "true" }),
      silentLogger(),
    );
    expect(Date.now() - started).toBeLessThan(5000);
    expect(setup.retriever).toBeUndefined();
    expect(setup.warning).toMatch(
      /^dense search off: model Xenova\/multilingual-e5-small is not available offline \(.*\); answers use lexical search\. To enable: /,
    );
    expect(setup.warning).not.toContain("\n");
  });

  it("says clearly when the stored vectors come from another model", async () => {
    const dir = tempDir();
    const store = Store.open(dir);
    addDoc(store, "edu", EDUCATION);
    const oldConfig = testConfig(dir, modelDir);
    const { embedder } = await createDenseRetriever(store, oldConfig, silentLogger());
    await syncVectors(store, embedder!, oldConfig, silentLogger());
    const setup = await createDenseRetriever(store, testConfig(dir, await testModelDir("another-model")), silentLogger());
    expect(setup.retriever).toBeUndefined();
    expect(setup.warning).toMatch(
      /dense search off: the stored vectors were made by docqa-test-model .* EMBED_MODEL is another-model .*npm run ingest -- --reembed/,
    );
  });

  it("returns nothing at all for EMBED_MODEL=none, and a hint when nothing is embedded yet", async () => {
    const dir = tempDir();
    const store = Store.open(dir);
    expect(await createDenseRetriever(store, testConfig(dir, "none"), silentLogger())).toEqual({});
    addDoc(store, "edu", EDUCATION);
    const setup = await createDenseRetriever(store, testConfig(dir, modelDir), silentLogger());
    expect(setup.retriever).toBeDefined();
    expect(setup.warning).toMatch(/no vectors yet: run `npm run ingest`/);
    expect(await setup.retriever!.search("教育", 5)).toEqual([]);
    expect(fs.existsSync(path.join(dir, "vectors.hnsw"))).toBe(true);
  });
});

describe("progressReporter", () => {
  it("writes plain lines with rate and ETA when not on a terminal", () => {
    let out = "";
    const stream = new Writable({
      write(chunk: Buffer, _enc, done) {
        out += chunk.toString();
        done();
      },
    });
    const reporter = progressReporter("embedding", { stream, tty: false, intervalMs: 0 });
    reporter.onProgress(0, 100);
    reporter.onProgress(50, 100);
    reporter.onProgress(100, 100);
    reporter.stop();
    const lines = out.trim().split("\n");
    expect(lines).toHaveLength(3);
    expect(lines[1]).toMatch(/^embedding: 50\/100 \(50%\), [\d.]+\/s, ETA /);
    expect(lines[2]).toMatch(/100\/100 \(100%\).*ETA 0 s$/);
    expect(progressLine("x", 25, 100, 5000)).toBe("x: 25/100 (25%), 5.0/s, ETA 15 s");
  });
});
