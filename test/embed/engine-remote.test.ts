// The engine with EMBED_URL, as `ingest` and `ask` use it: the bundled corpus embedded by a real
// loopback embeddings server, hybrid answers, and what a user sees when the server is down, goes
// away, fails mid-ingest or serves vectors of another dimension than those stored.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openAppEngine } from "../../src/app.js";
import type { Engine } from "../../src/engine.js";
import { silentLogger } from "../../src/log.js";
import { startFakeEmbeddings, type FakeEmbeddings } from "../helpers/fake-embeddings.js";
import { DOCS_DIR, tempDir } from "../helpers/temp.js";
import { testConfig } from "../helpers/test-model.js";

const QUESTION = "2019年学前教育三年毛入园率的目标是多少？";

function open(dataDir: string, url: string, env: Record<string, string> = {}, autoIngest = true): Promise<Engine> {
  const config = { ...testConfig(dataDir, "fake-embed", { EMBED_URL: url, ...env }), docsDir: DOCS_DIR };
  return openAppEngine(config, silentLogger(), { autoIngest });
}

describe("hybrid answers with an embeddings server", () => {
  let server: FakeEmbeddings;
  let engine: Engine;

  beforeAll(async () => {
    server = await startFakeEmbeddings({ dim: 96 });
    engine = await open(tempDir("remote-engine-"), server.url);
  });
  afterAll(async () => {
    engine.close();
    await server.close();
  });

  it("embeds every chunk through the server on the first build and answers in hybrid mode", async () => {
    expect(engine.warnings).toEqual([]);
    const stats = engine.store.stats();
    expect(stats.vectors).toBe(stats.chunks);
    expect(engine.store.vectorModels()).toEqual([{ model: "fake-embed", dim: 96, count: stats.chunks }]);
    const answer = await engine.answer(QUESTION);
    expect(answer.mode).toBe("hybrid");
    expect(answer.warnings).toEqual([]);
    expect(answer.answer).toContain("92.8%");
  });

  it("answers lexically, with one warning, when the server goes away after start", async () => {
    await server.close();
    const answer = await engine.answer("三類殘疾兒童入學率的目標是多少？");
    expect(answer.found).toBe(true);
    expect(answer.answer).toContain("93%");
    expect(answer.mode).toBe("lexical");
    expect(answer.warnings).toHaveLength(1);
    expect(answer.warnings[0]).toMatch(
      /^dense search failed for this question: the embeddings server at http:\/\/127\.0\.0\.1:\d+\/v1 is unreachable .*; answered with lexical search$/,
    );
    // The next question does not wait for the dead server again, and still gets its answer.
    const next = await engine.answer("交流了多少名义务教育学校教师？");
    expect(next.answer).toContain("2697");
    expect(next.mode).toBe("lexical");
  });
});

describe("an embeddings server that is down at start", () => {
  it("says so in one warning line, stores the documents, and answers lexically", async () => {
    const server = await startFakeEmbeddings();
    const url = server.url;
    await server.close();
    const engine = await open(tempDir("remote-down-"), url);
    try {
      expect(engine.warnings).toHaveLength(1);
      expect(engine.warnings[0]).toMatch(
        /^dense search off: the embeddings server at .* is unreachable \(connection refused\): start it .* or correct EMBED_URL; answers use lexical search$/,
      );
      expect(engine.store.stats().chunks).toBeGreaterThan(0);
      expect(engine.store.stats().vectors).toBe(0);
      const answer = await engine.answer(QUESTION);
      expect(answer.mode).toBe("lexical");
      expect(answer.answer).toContain("92.8%");
      expect(answer.warnings).toEqual(engine.warnings);
    } finally {
      engine.close();
    }
  });
});

describe("an embeddings server that comes up after the engine", () => {
  it("is picked up without a restart, and answers turn hybrid", async () => {
    const dataDir = tempDir("remote-late-");
    const first = await startFakeEmbeddings();
    const engine1 = await open(dataDir, first.url);
    engine1.close();
    const port = first.port;
    await first.close();

    const config = { ...testConfig(dataDir, "fake-embed", { EMBED_URL: `http://127.0.0.1:${port}/v1` }), docsDir: DOCS_DIR };
    const engine = await openAppEngine(config, silentLogger(), { denseRetryMs: 0 });
    try {
      expect(engine.warnings[0]).toMatch(/^dense search off: the embeddings server .* is unreachable/);
      expect((await engine.answer(QUESTION)).mode).toBe("lexical");
      const server = await startFakeEmbeddings({ port });
      try {
        const answer = await engine.answer(QUESTION);
        expect(answer.mode).toBe("hybrid");
        expect(answer.warnings).toEqual([]);
        expect(engine.warnings).toEqual([]);
        expect(answer.answer).toContain("92.8%");
      } finally {
        await server.close();
      }
    } finally {
      engine.close();
    }
  });
});

describe("an ingest the server fails part-way", () => {
  it("keeps the documents, says what happened, and the next ingest embeds the rest", async () => {
    const server = await startFakeEmbeddings();
    const dataDir = tempDir("remote-interrupted-");
    try {
      const engine = await open(dataDir, server.url, { EMBED_RETRIES: "0" }, false);
      // The probe at start succeeded; every embedding request of the ingest now fails.
      for (let i = 0; i < 50; i++) server.faults.push({ status: 503 });
      const summary = await engine.ingest([DOCS_DIR]);
      expect(summary.added).toBe(2);
      expect(summary.embedded).toBe(0);
      expect(summary.embedWarning).toMatch(
        /^embedding stopped after 0 of \d+ chunks: the embeddings server .* kept failing \(HTTP 503.*\): see the server.s log; the documents are stored, and `npm run ingest` embeds the rest$/,
      );
      expect(engine.store.listDocuments()).toHaveLength(2);
      expect((await engine.answer(QUESTION)).answer).toContain("92.8%");

      server.faults.splice(0);
      const again = await engine.ingest([DOCS_DIR]);
      expect(again.embedWarning).toBeUndefined();
      expect(again.embedded).toBe(engine.store.stats().chunks);
      const answer = await engine.answer(QUESTION);
      expect(answer.mode).toBe("hybrid");
      expect(answer.warnings).toEqual([]);
      engine.close();
    } finally {
      await server.close();
    }
  });
});

describe("a server whose vectors do not fit the stored ones", () => {
  it("turns dense search off with a one-line fix, loses nothing, and --reembed switches over", async () => {
    const server = await startFakeEmbeddings({ dim: 64 });
    const dataDir = tempDir("remote-dim-");
    try {
      const first = await open(dataDir, server.url);
      const chunks = first.store.stats().chunks;
      expect(first.store.stats().vectors).toBe(chunks);
      first.close();

      // The same model name now answers with another dimension (another model pulled under it).
      server.dim = 32;
      const engine = await open(dataDir, server.url);
      expect(engine.warnings).toEqual([
        `dense search off: the stored vectors were made by fake-embed at 64 dimensions (${chunks} chunks), but EMBED_MODEL is fake-embed (32 dimensions); run \`npm run ingest -- --reembed\` to embed every chunk again with it; answers use lexical search meanwhile`,
      ]);
      const answer = await engine.answer(QUESTION);
      expect(answer.mode).toBe("lexical");
      expect(answer.answer).toContain("92.8%");
      // A plain ingest neither mixes dimensions nor drops the stored vectors.
      const summary = await engine.ingest([DOCS_DIR]);
      expect(summary.embedded).toBe(0);
      expect(engine.store.vectorModels()).toEqual([{ model: "fake-embed", dim: 64, count: chunks }]);

      const reembedded = await engine.ingest([DOCS_DIR], { reembed: true });
      expect(reembedded.embedded).toBe(chunks);
      expect(engine.store.vectorModels()).toEqual([{ model: "fake-embed", dim: 32, count: chunks }]);
      expect(engine.warnings).toEqual([]);
      expect((await engine.answer(QUESTION)).mode).toBe("hybrid");
      engine.close();
    } finally {
      await server.close();
    }
  });
});
