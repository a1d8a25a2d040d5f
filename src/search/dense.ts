// The dense retrieval leg: embeds the question with the configured model (in process, or on the
// embeddings server of EMBED_URL) and searches the HNSW index of the stored chunk vectors.
// Setting it up never fails the caller: when the model, the server or the vectors are unusable it
// returns a one-line warning and answers fall back to lexical search; a question whose embedding
// fails later (the server went away) raises DenseSearchError, which the engine answers lexically.
import type { Config } from "../config.js";
import { isUserError, oneLine, UserError } from "../errors.js";
import type { Logger } from "../log.js";
import { denseDisabled, loadEmbedder, ModelUnavailableError, type Embedder, type LoadEmbedderOptions } from "../embed/embedder.js";
import { EmbeddingServerError } from "../embed/remote.js";
import { vectorModelProblem } from "../embed/sync.js";
import { HnswIndexFile } from "../store/hnsw.js";
import type { ChunkFilter, Store } from "../store/store.js";
import type { DenseRetriever, RankedChunk } from "./types.js";

/** What createDenseRetriever could set up; `warning` explains, in one line, what is missing. */
export interface DenseSetup {
  retriever?: DenseRetriever;
  embedder?: Embedder;
  warning?: string;
  /** The embeddings server was down or busy: setting up again later may work. */
  retryable?: boolean;
}

/** The question could not be embedded (e.g. the embeddings server went away); the message says why. */
export class DenseSearchError extends UserError {}

/** Options of createDenseRetriever. */
export interface DenseOptions extends LoadEmbedderOptions {
  /** An embedder already loaded by the caller (e.g. the ingest run), reused instead of loading. */
  embedder?: Embedder;
}

const FALLBACK = "answers use lexical search";

/** The one-line warning shown when the embedding model cannot be loaded. */
export function modelWarning(error: unknown): string {
  if (error instanceof ModelUnavailableError) {
    return `dense search off: model ${error.modelId} is not available offline (${error.reason}); ${FALLBACK}. To enable: ${error.hint}`;
  }
  return `dense search off: ${oneLine(error)}; ${FALLBACK}`;
}

class HnswDenseRetriever implements DenseRetriever {
  readonly modelId: string;
  private readonly embedder: Embedder;
  private readonly index: HnswIndexFile;
  private readonly logger: Logger;
  private refreshing: Promise<void> | undefined;

  constructor(embedder: Embedder, index: HnswIndexFile, logger: Logger) {
    this.modelId = embedder.modelId;
    this.embedder = embedder;
    this.index = index;
    this.logger = logger;
  }

  async search(question: string, limit: number, filter?: Pick<ChunkFilter, "allows">): Promise<RankedChunk[]> {
    await this.ensureCurrent();
    if (this.index.size === 0 || limit <= 0) return [];
    let vector: Float32Array;
    try {
      vector = await this.embedder.embedQuery(question);
    } catch (error) {
      if (!isUserError(error)) throw error;
      throw new DenseSearchError(`dense search failed for this question: ${oneLine(error)}; answered with lexical search`);
    }
    return this.index.search(vector, limit, filter ? (chunkId) => filter.allows(chunkId) : undefined);
  }

  /** Two small meta reads per search notice another process's ingest; only then reload. */
  private async ensureCurrent(): Promise<void> {
    if (!this.refreshing) {
      if (this.index.isCurrent()) return;
      this.refreshing = this.index
        .refresh()
        .catch((error: unknown) => {
          // A failed refresh must not fail the question: the previous index still answers.
          this.logger.error({ err: error instanceof Error ? error.message : String(error) }, "could not refresh the dense index");
        })
        .finally(() => {
          this.refreshing = undefined;
        });
    }
    await this.refreshing;
  }
}

/**
 * Loads the embedding model and the HNSW index (verifying, updating or rebuilding it from the
 * stored vectors) and returns the dense retriever; or, when dense search cannot work, a one-line
 * warning saying why and how to enable it. EMBED_MODEL=none returns neither.
 */
export async function createDenseRetriever(store: Store, config: Config, logger: Logger, options: DenseOptions = {}): Promise<DenseSetup> {
  if (denseDisabled(config)) return {};
  let embedder = options.embedder;
  if (!embedder) {
    try {
      embedder = await loadEmbedder(config, logger, options);
    } catch (error) {
      const warning = modelWarning(error);
      if (isUserError(error)) logger.warn({ model: config.embedModel }, warning);
      else logger.error({ err: error instanceof Error ? error.stack : String(error) }, warning);
      return { warning, retryable: error instanceof EmbeddingServerError && error.transient };
    }
  }
  const problem = vectorModelProblem(store, embedder.modelId, embedder.dim);
  const ownVectors = store.vectorModels().find((m) => m.model === embedder.modelId && m.dim === embedder.dim)?.count ?? 0;
  if (problem && ownVectors === 0) {
    const warning = `dense search off: ${problem}; ${FALLBACK} meanwhile`;
    logger.warn(warning);
    return { embedder, warning };
  }
  let index: HnswIndexFile;
  try {
    index = await HnswIndexFile.open(store, embedder.modelId, embedder.dim, config.hnsw, logger);
  } catch (error) {
    // The index is a cache; failing to build it must cost dense search, not the whole answer.
    const warning = `dense search off: the vector index could not be loaded (${oneLine(error)}); ${FALLBACK}`;
    logger.error({ err: error instanceof Error ? error.stack : String(error) }, warning);
    return { embedder, warning };
  }
  const retriever = new HnswDenseRetriever(embedder, index, logger);
  if (problem) return { retriever, embedder, warning: `dense search is partial: ${problem}` };
  const chunks = store.chunkCount();
  if (index.size === 0 && chunks > 0) {
    return { retriever, embedder, warning: `dense search has no vectors yet: run \`npm run ingest\` to embed the ${chunks} chunks; ${FALLBACK} meanwhile` };
  }
  return { retriever, embedder };
}
