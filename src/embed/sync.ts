// Keeps the stored vectors in step with the chunks: embeds every chunk that has no vector for the
// current model, stores the vectors in batches (so an interrupted run keeps its progress), and
// brings the HNSW file up to date. Also owns the "vectors from another model" check.
import type { Config } from "../config.js";
import { UserError } from "../errors.js";
import type { Logger } from "../log.js";
import { updateIndexFile } from "../store/hnsw.js";
import type { Store } from "../store/store.js";
import type { Embedder } from "./embedder.js";
import { EmbeddingServerError } from "./remote.js";

/** Options of syncVectors. */
export interface SyncOptions {
  /** Delete every stored vector first and embed all chunks again (after changing EMBED_MODEL). */
  reembed?: boolean;
  /** Progress of the embedding, in chunks (see progressReporter). */
  onProgress?: (done: number, total: number) => void;
}

/** What syncVectors did. */
export interface SyncResult {
  embedded: number;
  seconds: number;
}

/** Stored vectors were made by another model than EMBED_MODEL; re-embedding is a deliberate step. */
export class VectorModelMismatchError extends UserError {}

/** The embeddings server failed part-way: what was embedded is stored and indexed, the rest waits. */
export class EmbeddingInterruptedError extends UserError {
  readonly embedded: number;

  constructor(embedded: number, total: number, reason: string) {
    super(`embedding stopped after ${embedded} of ${total} chunks: ${reason}; the documents are stored, and \`npm run ingest\` embeds the rest`);
    this.embedded = embedded;
  }
}

// Chunks per store transaction: small enough that an interrupted run loses little work (64
// passages are half a minute with a small model on an embeddings server on two cores).
const STORE_BATCH = 64;

/** The text embedded for a chunk: its heading path (" › "), a newline, then the chunk text. */
export function passageText(chunk: { headingPath: readonly string[]; text: string }): string {
  const heading = chunk.headingPath.filter((h) => h.trim() !== "").join(" › ");
  return heading ? `${heading}\n${chunk.text}` : chunk.text;
}

/**
 * A one-line explanation when the stored vectors don't fit the model (made by another model, or
 * with another dimension); undefined when they fit or there are none.
 */
export function vectorModelProblem(store: Store, modelId: string, dim: number): string | undefined {
  const models = store.vectorModels();
  const others = models.filter((m) => m.model !== modelId || m.dim !== dim);
  if (others.length === 0) return undefined;
  const described = others
    .map((m) => (m.model === modelId ? `${m.model} at ${m.dim} dimensions (${m.count} chunks)` : `${m.model} (${m.count} chunks)`))
    .join(", ");
  const mine = models.find((m) => m.model === modelId && m.dim === dim)?.count ?? 0;
  const scope =
    mine > 0 ? `${others.reduce((n, m) => n + m.count, 0)} stored vectors were made by ${described}` : `the stored vectors were made by ${described}`;
  return `${scope}, but EMBED_MODEL is ${modelId} (${dim} dimensions); run \`npm run ingest -- --reembed\` to embed every chunk again with it`;
}

/**
 * Embeds the chunks that lack a vector for the embedder's model, stores the vectors, and updates
 * vectors.hnsw. Refuses (VectorModelMismatchError) when vectors of another model exist, unless
 * `reembed` is set, because silently re-embedding a whole corpus can take hours.
 */
export async function syncVectors(store: Store, embedder: Embedder, config: Config, logger: Logger, options: SyncOptions = {}): Promise<SyncResult> {
  const started = Date.now();
  if (options.reembed) {
    store.clearVectors();
    logger.info({ model: embedder.modelId }, "cleared stored vectors; re-embedding every chunk");
  } else {
    const problem = vectorModelProblem(store, embedder.modelId, embedder.dim);
    if (problem) throw new VectorModelMismatchError(problem);
  }
  // Longest first across the whole run keeps padding small in every batch.
  const pending = store.chunksWithoutVectors(embedder.modelId).map((c) => ({ id: c.id, text: passageText(c) }));
  pending.sort((a, b) => b.text.length - a.text.length || a.id - b.id);
  let done = 0;
  if (pending.length > 0) options.onProgress?.(0, pending.length);
  for (let start = 0; start < pending.length; start += STORE_BATCH) {
    const batch = pending.slice(start, start + STORE_BATCH);
    let vectors: Float32Array[];
    try {
      vectors = await embedder.embedPassages(
        batch.map((c) => c.text),
        (batchDone) => options.onProgress?.(done + batchDone, pending.length),
      );
    } catch (error) {
      if (!(error instanceof EmbeddingServerError)) throw error;
      // Index what is stored, so dense search covers the chunks embedded before the failure.
      if (done > 0) await updateIndexFile(store, embedder.modelId, embedder.dim, config.hnsw, logger, { rebuild: options.reembed });
      throw new EmbeddingInterruptedError(done, pending.length, error.message);
    }
    // A concurrent ingest may have replaced a document meanwhile; its old chunks are gone and
    // their vectors would violate the foreign key.
    const existing = new Set(store.chunksByIds(batch.map((c) => c.id)).map((c) => c.id));
    store.putVectors(
      embedder.modelId,
      batch.flatMap((c, i) => (existing.has(c.id) ? [{ chunkId: c.id, vector: vectors[i]! }] : [])),
    );
    done += batch.length;
  }
  const index = await updateIndexFile(store, embedder.modelId, embedder.dim, config.hnsw, logger, { rebuild: options.reembed });
  const seconds = (Date.now() - started) / 1000;
  if (pending.length > 0 || options.reembed) {
    logger.info({ model: embedder.modelId, embedded: pending.length, vectors: index.size, seconds: Number(seconds.toFixed(2)) }, "vectors up to date");
  }
  return { embedded: pending.length, seconds };
}
