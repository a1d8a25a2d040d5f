// Real-model vectors for the HNSW benchmark: a fixed list of short real texts (lines of poems,
// sentences of the classics and of e-mails, ~20–40 tokens each, so 100k of them embed in about an
// hour instead of the many hours whole chunks would take), and the on-disk cache of their
// embeddings under data/bench/vectors/ (git-ignored), keyed by model and text hash. The cache is
// append-only and synced batch by batch, so an interrupted run resumes where it stopped.
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import type { Embedder } from "../embed/embedder.js";
import { splitSentences } from "../text/sentences.js";
import { DEFAULT_MIX } from "./corpus.js";
import type { SourceDocument, StreamName } from "./sources.js";

/** Share of the texts each stream contributes: the main bench's chunk mix, largest share first (the cached texts' order). */
export const TEXT_MIX: readonly { stream: StreamName; share: number }[] = [...DEFAULT_MIX].sort((a, b) => b.share - a.share);

const ZH_MIN = 12;
const ZH_MAX = 64;
const EN_MIN_WORDS = 6;
const EN_MAX = 240;
const HASH_BYTES = 32;

/** Poem lines (couplets) in pairs: about 24–32 characters, 20–30 tokens. */
function* poemTexts(doc: SourceDocument): Generator<string> {
  for (const section of doc.text.split(/^## /m).slice(1)) {
    const lines = section
      .split("\n")
      .slice(1)
      .map((l) => l.trim())
      .filter(Boolean);
    for (let i = 0; i < lines.length; i += 2) {
      const text = lines.slice(i, i + 2).join("");
      if (text.length >= ZH_MIN) yield text.slice(0, ZH_MAX);
    }
  }
}

/** Sentences of a Chinese prose text, joined up to a short passage. */
function* chineseSentences(text: string): Generator<string> {
  let current = "";
  for (const { text: sentence } of splitSentences(text.replace(/^#.*$/gm, ""))) {
    if (current.length + sentence.length > ZH_MAX && current.length >= ZH_MIN) {
      yield current;
      current = "";
    }
    current += sentence;
  }
  if (current.length >= ZH_MIN) yield current.slice(0, ZH_MAX * 2);
}

/** Readable English sentences of an e-mail (headers, URLs, quoted lines and markup left out). */
function* emailSentences(doc: SourceDocument): Generator<string> {
  let body = doc.text;
  if (doc.name.endsWith(".html")) {
    body = body
      .replace(/<(script|style)[\s\S]*?<\/\1>/gi, " ")
      .replace(/<[^>]+>/g, " ")
      .replace(/&nbsp;/g, " ")
      .replace(/&amp;/g, "&");
  } else {
    body = body.slice(body.indexOf("\n\n") + 2);
  }
  const lines = body.split("\n").filter((l) => !/^\s*(>|--|[A-Z][\w-]+:\s)/.test(l));
  for (const { text } of splitSentences(lines.join(" ").replace(/\s+/g, " "))) {
    const sentence = text.trim();
    const words = sentence.split(/\s+/);
    const letters = sentence.replace(/[^A-Za-z]/g, "").length;
    if (words.length < EN_MIN_WORDS || sentence.length > EN_MAX || /https?:|www\.|@/.test(sentence) || letters < sentence.length * 0.6) continue;
    yield sentence;
  }
}

function* textsOf(stream: StreamName, docs: () => Iterator<SourceDocument>): Generator<string> {
  const it = docs();
  for (let next = it.next(); !next.done; next = it.next()) {
    const doc = next.value;
    if (stream === "emails") yield* emailSentences(doc);
    else if (stream === "classics") yield* chineseSentences(doc.text);
    else yield* poemTexts(doc);
  }
}

/**
 * The first `count` distinct texts: every sentence of the sample documents first, then the
 * streams interleaved in TEXT_MIX shares. Deterministic, so a shorter list is a prefix of a longer
 * one (1k ⊂ 10k ⊂ 100k) and the cache serves every size.
 */
export function benchTexts(count: number, sampleTexts: readonly string[], streams: Partial<Record<StreamName, () => Iterator<SourceDocument>>>): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  const push = (text: string): void => {
    const t = text.replace(/\s+/g, " ").trim();
    if (t && !seen.has(t) && out.length < count) {
      seen.add(t);
      out.push(t);
    }
  };
  for (const text of sampleTexts) for (const s of chineseOrEnglishSentences(text)) push(s);
  const live = TEXT_MIX.flatMap(({ stream, share }) => {
    const open = streams[stream];
    return open ? [{ stream, share, it: textsOf(stream, open), taken: 0 }] : [];
  });
  while (out.length < count && live.length > 0) {
    // The stream furthest behind its share goes next.
    const total = live.reduce((n, s) => n + s.taken, 0) + 1;
    const shareSum = live.reduce((n, s) => n + s.share, 0);
    const next = live.reduce((a, b) => (b.share / shareSum - b.taken / total > a.share / shareSum - a.taken / total ? b : a));
    const item = next.it.next();
    if (item.done) {
      live.splice(live.indexOf(next), 1);
      continue;
    }
    const before = out.length;
    push(item.value);
    if (out.length > before) next.taken++;
  }
  return out;
}

function chineseOrEnglishSentences(text: string): string[] {
  return splitSentences(text.replace(/^#+\s.*$/gm, ""))
    .map((s) => s.text.trim())
    .filter((s) => s.length >= ZH_MIN);
}

/** Hash of what is embedded: the kind (query or passage) and the text. */
function keyOf(kind: "query" | "passage", text: string): string {
  return crypto.createHash("sha256").update(`${kind}\u0000${text}`).digest("hex");
}

/** A model's cached vectors: an append-only file of (32-byte key, dim float32) records. */
export class VectorCache {
  readonly file: string;
  readonly dim: number;
  private readonly offsets = new Map<string, number>();
  private fd: number;

  private constructor(file: string, dim: number) {
    this.file = file;
    this.dim = dim;
    fs.mkdirSync(path.dirname(file), { recursive: true });
    this.fd = fs.openSync(file, fs.existsSync(file) ? "r+" : "w+");
    const record = HASH_BYTES + dim * 4;
    const size = fs.fstatSync(this.fd).size;
    // A record cut short by an interrupted write is dropped; it is embedded again.
    const whole = size - (size % record);
    if (whole !== size) fs.ftruncateSync(this.fd, whole);
    const key = Buffer.alloc(HASH_BYTES);
    for (let offset = 0; offset < whole; offset += record) {
      fs.readSync(this.fd, key, 0, HASH_BYTES, offset);
      this.offsets.set(key.toString("hex"), offset);
    }
  }

  /** Opens (or creates) the cache of `modelId` at `dim` dimensions under `dir`. */
  static open(dir: string, modelId: string, dim: number): VectorCache {
    const slug = modelId.replace(/[^\w.-]+/g, "_");
    return new VectorCache(path.join(dir, `${slug}-${dim}.f32`), dim);
  }

  /** Texts embedded into this cache so far and the seconds it took (runs that recorded them). */
  fillStats(): { embedded: number; seconds: number } {
    try {
      const stats = JSON.parse(fs.readFileSync(`${this.file}.stats.json`, "utf8")) as { embedded?: unknown; seconds?: unknown };
      return { embedded: Number(stats.embedded) || 0, seconds: Number(stats.seconds) || 0 };
    } catch {
      return { embedded: 0, seconds: 0 };
    }
  }

  /** Adds to fillStats (written at once, so an interrupted run keeps its share). */
  recordFill(embedded: number, seconds: number): void {
    const stats = this.fillStats();
    fs.writeFileSync(
      `${this.file}.stats.json`,
      JSON.stringify({ embedded: stats.embedded + embedded, seconds: Math.round((stats.seconds + seconds) * 10) / 10 }),
    );
  }

  /** Vectors cached so far. */
  get size(): number {
    return this.offsets.size;
  }

  /** True when the text's vector of that kind is cached. */
  has(kind: "query" | "passage", text: string): boolean {
    return this.offsets.has(keyOf(kind, text));
  }

  /** The cached vector, or undefined. */
  get(kind: "query" | "passage", text: string): Float32Array | undefined {
    const offset = this.offsets.get(keyOf(kind, text));
    if (offset === undefined) return undefined;
    const bytes = Buffer.alloc(this.dim * 4);
    fs.readSync(this.fd, bytes, 0, bytes.length, offset + HASH_BYTES);
    return new Float32Array(bytes.buffer, bytes.byteOffset, this.dim);
  }

  /** Appends vectors and syncs them to disk before returning. */
  append(kind: "query" | "passage", texts: readonly string[], vectors: readonly Float32Array[]): void {
    const record = HASH_BYTES + this.dim * 4;
    const buffer = Buffer.alloc(record * texts.length);
    texts.forEach((text, i) => {
      const vector = vectors[i]!;
      if (vector.length !== this.dim) throw new Error(`vector of ${vector.length} dimensions for a ${this.dim}-dimension cache`);
      Buffer.from(keyOf(kind, text), "hex").copy(buffer, i * record);
      Buffer.from(vector.buffer, vector.byteOffset, vector.byteLength).copy(buffer, i * record + HASH_BYTES);
    });
    const start = fs.fstatSync(this.fd).size;
    fs.writeSync(this.fd, buffer, 0, buffer.length, start);
    fs.fsyncSync(this.fd);
    texts.forEach((text, i) => this.offsets.set(keyOf(kind, text), start + i * record));
  }

  close(): void {
    fs.closeSync(this.fd);
  }
}

/**
 * Vectors of `texts` (as passages or queries) from the cache, embedding and caching the missing
 * ones in batches; `onProgress` sees texts done (cached included) out of the total.
 */
export async function cachedVectors(
  cache: VectorCache,
  embedder: Embedder,
  kind: "query" | "passage",
  texts: readonly string[],
  onProgress?: (done: number, total: number, embedded: number) => void,
  batchSize = 64,
): Promise<Float32Array[]> {
  const missing = [...new Set(texts.filter((t) => !cache.has(kind, t)))];
  let embedded = 0;
  const cachedCount = texts.length - missing.length;
  onProgress?.(cachedCount, texts.length, 0);
  for (let start = 0; start < missing.length; start += batchSize) {
    const batch = missing.slice(start, start + batchSize);
    const vectors: Float32Array[] = [];
    if (kind === "passage") vectors.push(...(await embedder.embedPassages(batch)));
    // One at a time: a server embeds one request at a time anyway, and queries have a short deadline.
    else for (const text of batch) vectors.push(await embedder.embedQuery(text));
    cache.append(kind, batch, vectors);
    embedded += batch.length;
    onProgress?.(cachedCount + embedded, texts.length, embedded);
  }
  return texts.map((t) => cache.get(kind, t)!);
}
