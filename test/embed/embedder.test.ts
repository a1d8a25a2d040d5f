import fs from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { loadEmbedder, ModelUnavailableError, prefixesFor, resolveModelSource, type Embedder } from "../../src/embed/embedder.js";
import { isUserError } from "../../src/errors.js";
import { silentLogger } from "../../src/log.js";
import { makeTestModel } from "../../scripts/make-test-model.js";
import { tempDir } from "../helpers/temp.js";
import { testConfig, testModelDir } from "../helpers/test-model.js";

function cosine(a: Float32Array, b: Float32Array): number {
  let dot = 0;
  for (let i = 0; i < a.length; i++) dot += a[i]! * b[i]!;
  return dot;
}

function norm(v: Float32Array): number {
  return Math.sqrt(cosine(v, v));
}

describe("the generated test model", () => {
  it("is deterministic and a few MB at most", async () => {
    const a = await makeTestModel(path.join(tempDir(), "m"));
    const b = await makeTestModel(path.join(tempDir(), "m"));
    expect(a.digest).toBe(b.digest);
    let bytes = 0;
    for (const file of ["config.json", "tokenizer.json", "tokenizer_config.json", "onnx/model.onnx", "onnx/model_quantized.onnx"]) {
      bytes += fs.statSync(path.join(a.dir, file)).size;
    }
    expect(bytes).toBeLessThan(5 * 1024 * 1024);
    expect(a.vocabSize).toBeGreaterThan(10_000);
  });
});

describe("loadEmbedder with the test model", () => {
  let embedder: Embedder;
  let modelDir: string;

  beforeAll(async () => {
    modelDir = await testModelDir();
    embedder = await loadEmbedder(testConfig(tempDir(), modelDir), silentLogger(), { batchSize: 4 });
  });

  it("names the model after its folder and reports its dimension", () => {
    expect(embedder.modelId).toBe("docqa-test-model");
    expect(embedder.dim).toBe(64);
  });

  it("returns one unit vector per passage, in the order given, whatever the batching", async () => {
    const texts = ["短", "一个长得多的句子，讲的是学校和老师", "revenue grew by ten percent in 2023", "中", "教育部召开全国教育工作会议", ""];
    const vectors = await embedder.embedPassages(texts);
    expect(vectors).toHaveLength(texts.length);
    for (const [i, v] of vectors.entries()) {
      expect(v).toBeInstanceOf(Float32Array);
      expect(v.length).toBe(64);
      // The empty text pools to nothing; it comes back as a zero vector rather than NaN.
      if (texts[i] === "") expect(norm(v)).toBe(0);
      else expect(norm(v)).toBeCloseTo(1, 5);
    }
    for (const [i, text] of texts.entries()) {
      const [alone] = await embedder.embedPassages([text]);
      expect(cosine(alone!, vectors[i]!)).toBeCloseTo(texts[i] === "" ? 0 : 1, 5);
    }
  });

  it("reports progress up to the total", async () => {
    const seen: [number, number][] = [];
    await embedder.embedPassages(
      Array.from({ length: 10 }, (_, i) => `第${i}段`),
      (done, total) => seen.push([done, total]),
    );
    expect(seen.at(-1)).toEqual([10, 10]);
    expect(seen.map(([d]) => d)).toEqual([...seen.map(([d]) => d)].sort((a, b) => a - b));
  });

  it("makes similarity follow shared tokens", async () => {
    const [question, paraphrase, unrelated] = await embedder.embedPassages(["学前教育的普及率提高了", "提高学前教育普及率", "今天天气很好，我们去公园散步"]);
    expect(cosine(question!, paraphrase!)).toBeGreaterThan(0.6);
    expect(cosine(question!, paraphrase!)).toBeGreaterThan(cosine(question!, unrelated!) + 0.3);
    const [en, enPara, enOther] = await embedder.embedPassages(["The company revenues grew", "company revenue growth", "children play football in the park"]);
    expect(cosine(en!, enPara!)).toBeGreaterThan(cosine(en!, enOther!) + 0.3);
  });

  it("maps traditional and simplified forms of a sentence to near-identical vectors", async () => {
    const [simplified, traditional, other] = await embedder.embedPassages(["义务教育学校的教师工资待遇", "義務教育學校的教師工資待遇", "体育运动会"]);
    expect(cosine(simplified!, traditional!)).toBeGreaterThan(0.99);
    expect(cosine(simplified!, other!)).toBeLessThan(0.5);
  });

  it("embeds a query like a passage when the model has no prefixes", async () => {
    const query = await embedder.embedQuery("教师工资");
    const [passage] = await embedder.embedPassages(["教师工资"]);
    expect(cosine(query, passage!)).toBeCloseTo(1, 5);
    // Cached queries come back as copies: mutating one must not poison the cache.
    query.fill(0);
    expect(norm(await embedder.embedQuery("教师工资"))).toBeCloseTo(1, 5);
  });
});

describe("prefixes", () => {
  it("applies the prefixes a model declares in its config.json", async () => {
    const prefixed = await loadEmbedder(
      testConfig(tempDir(), await testModelDir("prefixed-model", { prefixes: { query: "query: ", passage: "passage: " } })),
      silentLogger(),
    );
    const plain = await loadEmbedder(testConfig(tempDir(), await testModelDir()), silentLogger());
    const question = "学校 teachers";
    const [rawQuery, rawPassage] = await plain.embedPassages([`query: ${question}`, `passage: ${question}`]);
    expect(cosine(await prefixed.embedQuery(question), rawQuery!)).toBeCloseTo(1, 5);
    expect(cosine((await prefixed.embedPassages([question]))[0]!, rawPassage!)).toBeCloseTo(1, 5);
    expect(cosine(await prefixed.embedQuery(question), (await prefixed.embedPassages([question]))[0]!)).toBeLessThan(0.99);
  });

  it("uses query:/passage: for E5 models and nothing for bge-m3", () => {
    expect(prefixesFor("Xenova/multilingual-e5-small")).toEqual({ query: "query: ", passage: "passage: " });
    expect(prefixesFor("intfloat/e5-base-v2")).toEqual({ query: "query: ", passage: "passage: " });
    expect(prefixesFor("Xenova/bge-m3")).toEqual({ query: "", passage: "" });
    expect(prefixesFor("docqa-test-model")).toEqual({ query: "", passage: "" });
    expect(prefixesFor("my-e5-copy", { prefixes: { query: "Q: ", passage: "" } })).toEqual({ query: "Q: ", passage: "" });
  });
});

describe("where a model comes from", () => {
  it("treats an existing relative or absolute path as a local folder", async () => {
    const modelDir = await testModelDir();
    const cwd = path.dirname(modelDir);
    const config = testConfig(tempDir(), "./docqa-test-model");
    expect(resolveModelSource(config, cwd)).toMatchObject({ modelId: "docqa-test-model", location: "folder", localModelPath: cwd });
    expect(resolveModelSource({ ...config, embedModel: modelDir })).toMatchObject({ modelId: "docqa-test-model", location: "folder" });
  });

  it("finds hub ids in MODELS_DIR, then in the download cache, else needs the hub", async () => {
    const data = tempDir();
    const config = testConfig(data, "Xenova/multilingual-e5-small");
    expect(resolveModelSource(config)?.location).toBe("remote");
    await makeTestModel(path.join(config.modelCacheDir, "Xenova/multilingual-e5-small"));
    expect(resolveModelSource(config)?.location).toBe("cache");
    await makeTestModel(path.join(config.modelsDir, "Xenova/multilingual-e5-small"));
    expect(resolveModelSource(config)).toMatchObject({ location: "models-dir", modelId: "Xenova/multilingual-e5-small", localModelPath: config.modelsDir });
    expect(resolveModelSource({ ...config, embedModel: "none" })).toBeUndefined();
  });

  it("loads a hub id from MODELS_DIR without the network, with E5 prefixes", async () => {
    const config = testConfig(tempDir(), "Xenova/multilingual-e5-small", { ONNX_THREADS: "1" });
    await makeTestModel(path.join(config.modelsDir, "Xenova/multilingual-e5-small"));
    const embedder = await loadEmbedder(config, silentLogger());
    expect(embedder.modelId).toBe("Xenova/multilingual-e5-small");
    const plain = await loadEmbedder(testConfig(tempDir(), await testModelDir()), silentLogger());
    const [withPrefix] = await plain.embedPassages(["query: 教师"]);
    expect(cosine(await embedder.embedQuery("教师"), withPrefix!)).toBeCloseTo(1, 5);

    // A copy in the download cache (what a first online run leaves behind) loads offline too.
    const cached = testConfig(tempDir(), "Xenova/multilingual-e5-small");
    await makeTestModel(path.join(cached.modelCacheDir, "Xenova/multilingual-e5-small"));
    expect((await loadEmbedder(cached, silentLogger())).dim).toBe(64);
  });

  it("explains a model folder that lacks files", () => {
    const folder = tempDir();
    fs.writeFileSync(path.join(folder, "config.json"), "{}");
    expect(() => resolveModelSource(testConfig(tempDir(), folder))).toThrow(/lacks tokenizer\.json/);
  });
});

describe("offline", () => {
  it("fails fast with a one-line how-to when the default model is not local and the hub is unreachable", async () => {
    const config = testConfig(tempDir(), "Xenova/multilingual-e5-small", { ALLOW_MODEL_DOWNLOAD: "true" });
    const started = Date.now();
    const error = await loadEmbedder(config, silentLogger()).catch((e: unknown) => e);
    const elapsed = Date.now() - started;
    expect(error).toBeInstanceOf(ModelUnavailableError);
    expect(isUserError(error)).toBe(true);
    const message = (error as Error).message;
    expect(message).not.toContain("\n");
    expect(message).toMatch(/Xenova\/multilingual-e5-small is not available offline/);
    expect(message).toMatch(/EMBED_MODEL/);
    expect(message).toMatch(/network/);
    // The default timeout is 20 s; an unreachable hub must be noticed well before that.
    expect(elapsed).toBeLessThan(5000);
  });

  it("gives up within the timeout when the hub does not answer", async () => {
    // A listening socket that never answers stands in for a hub behind a black-holing firewall.
    const net = await import("node:net");
    const sockets: import("node:net").Socket[] = [];
    const server = net.createServer((socket) => sockets.push(socket));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const port = (server.address() as import("node:net").AddressInfo).port;
    const { env } = await import("@xenova/transformers");
    const previous = env.remoteHost;
    env.remoteHost = `http://127.0.0.1:${port}/`;
    try {
      const config = testConfig(tempDir(), "Xenova/multilingual-e5-small", { ALLOW_MODEL_DOWNLOAD: "true" });
      const started = Date.now();
      const error = await loadEmbedder(config, silentLogger(), { timeoutMs: 1000 }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ModelUnavailableError);
      expect((error as Error).message).toMatch(/did not answer within 1 s/);
      expect(Date.now() - started).toBeLessThan(4000);
    } finally {
      env.remoteHost = previous;
      for (const socket of sockets) socket.destroy();
      server.close();
    }
  });

  it("does not try the network at all when downloads are off", async () => {
    const config = testConfig(tempDir(), "Xenova/multilingual-e5-small");
    const started = Date.now();
    await expect(loadEmbedder(config, silentLogger())).rejects.toThrow(/ALLOW_MODEL_DOWNLOAD=false/);
    expect(Date.now() - started).toBeLessThan(1000);
  });
});
