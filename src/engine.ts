// The engine: one object that owns the store and the retrieval legs (lexical, dictionary
// translation, dense), and offers answer(), analyse(), ingest() and removeDocument() to every interface
// (CLI, bot, eval, bench). Writes to the documents take the DATA_DIR writer lock. Questions
// search the shared library unless a scope names a chat, whose collection is searched too. When
// the embeddings server fails, answers go on lexically with a warning, and a long-running process
// reconnects by itself.
import type { Config } from "./config.js";
import type { Logger } from "./log.js";
import { Store, type CollectionId, type DocumentRow } from "./store/store.js";
import { findDocument } from "./store/find.js";

export { findDocument };
import { ingestSources, type IngestOptions, type IngestSummary } from "./ingest/ingest.js";
import { acquireWriterLock } from "./store/lock.js";
import { queryTerms } from "./text/segment.js";
import { type AnswerDeps, answerQuestion, type AnswerOptions, type Deliberation, deliberate } from "./search/answer.js";
import { questionFrequencies } from "./search/coverage.js";
import { analyseQuestion, type Question } from "./search/question.js";
import { createDenseRetriever, DenseSearchError, type DenseSetup } from "./search/dense.js";
import { EmbeddingInterruptedError, syncVectors, vectorModelProblem } from "./embed/sync.js";
import type { Answer, DenseRetriever, QueryTranslator } from "./search/types.js";

export type { IngestSummary };

/** What engine.ingest did: the ingest summary, the chunks embedded, and why embedding stopped short. */
export type EngineIngestSummary = IngestSummary & {
  embedded: number;
  /** Set when the embedding did not finish (the documents are stored; the next ingest embeds the rest). */
  embedWarning?: string;
};

// A process whose embeddings server was down at start tries again at most this often.
const DENSE_RETRY_MS = 60_000;

export interface EngineIngestOptions {
  prune?: boolean;
  /** Add to this chat's collection instead of the shared library. */
  chatId?: number;
  /** Wait this long for another writer to finish (default: fail at once). */
  waitMs?: number;
  /** Embed every chunk again (after changing EMBED_MODEL). */
  reembed?: boolean;
  /** Globs that files inside folders must match / must not match (see IngestOptions). */
  include?: readonly string[];
  exclude?: readonly string[];
  onStart?: IngestOptions["onStart"];
  onFile?: IngestOptions["onFile"];
  onEmbedProgress?: (done: number, total: number) => void;
}

export interface Engine {
  readonly store: Store;
  readonly config: Config;
  readonly logger: Logger;
  /** Standing warnings (e.g. dense search off), shown once at start-up and with answers. */
  readonly warnings: string[];
  /** The dense leg, when an embedding model is loaded. */
  readonly dense: DenseRetriever | undefined;
  answer(question: string, options?: AnswerOptions): Promise<Answer>;
  /** The checked and scored candidates of a question, before the decision (for fitting and diagnosis). */
  deliberate(question: string, options?: AnswerOptions): Promise<Deliberation>;
  /** A question analysed as answer() analyses it (the store's frequencies, the engine's translator), without answering it. */
  analyse(question: string): Question;
  /** Ingests under the DATA_DIR writer lock, then embeds the new chunks when a model is loaded. */
  ingest(paths: string[], options?: EngineIngestOptions): Promise<EngineIngestSummary>;
  /** Removes a document (under the writer lock); `within` limits the search to one collection. */
  removeDocument(ref: string, options?: RemoveOptions): Promise<RemovedDocument | undefined>;
  /** Moves a chat's collection to its new id (a group upgraded to a supergroup), under the writer lock. */
  moveCollection(from: number, to: number): Promise<number>;
  close(): void;
}

/** Options of removeDocument. */
export interface RemoveOptions {
  /** Only documents of this collection (a chat id, or null for the shared library). */
  within?: CollectionId;
  /** Only documents a chat sees (the shared library and its collection). */
  visibleTo?: CollectionId;
  /** Wait this long for another writer to finish (default: fail at once). */
  waitMs?: number;
}

/** A removed document, as it was. */
export type RemovedDocument = Pick<DocumentRow, "id" | "title" | "source" | "chatId"> & { chunks: number };

export interface EngineOptions {
  /** Build the index from config.docsDir when the store is empty (first `ask`). */
  autoIngest?: boolean;
  /** Progress lines of the automatic first ingest. */
  onMessage?: (message: string) => void;
  /** Embedding progress of the automatic first ingest (slow with a real model: a minute or more). */
  onEmbedProgress?: (done: number, total: number) => void;
  /** The dictionary translator (cross-language questions); none when omitted. */
  translator?: QueryTranslator;
  /** Skip the embedding model entirely (lexical and dictionary legs only). */
  lexicalOnly?: boolean;
  /** How often to try an embeddings server that was down again (ms, default 60 000). */
  denseRetryMs?: number;
}

/** Opens the store and the retrieval legs; with autoIngest, builds the index on first use. */
export async function openEngine(config: Config, logger: Logger, options: EngineOptions = {}): Promise<Engine> {
  const store = Store.open(config.dataDir);
  const warnings: string[] = [];
  // Load the segmenter's dictionary now, so the first question is not charged for it.
  queryTerms("预热 warm-up");
  let dense: DenseSetup = options.lexicalOnly ? {} : await createDenseRetriever(store, config, logger);
  if (dense.warning) warnings.push(dense.warning);
  const translator = options.translator;

  const setDense = (next: DenseSetup): void => {
    dense = next;
    warnings.splice(0, warnings.length, ...(dense.warning ? [dense.warning] : []));
  };

  // The server was down at start: a bot must not need a restart once it is back.
  const retryMs = options.denseRetryMs ?? DENSE_RETRY_MS;
  let nextRetry = dense.retryable ? Date.now() + retryMs : Number.POSITIVE_INFINITY;
  let reconnecting: Promise<void> | undefined;
  const reconnectDense = async (): Promise<void> => {
    if (!dense.retryable || Date.now() < nextRetry) return;
    reconnecting ??= (async () => {
      nextRetry = Date.now() + retryMs;
      const next = await createDenseRetriever(store, config, logger);
      if (next.retryable) return;
      setDense(next);
      if (next.retriever) logger.info({ model: next.retriever.modelId }, "dense search is on: the embeddings server answers");
    })().finally(() => {
      reconnecting = undefined;
    });
    await reconnecting;
  };

  const embedNew = async (reembed: boolean, onProgress?: (done: number, total: number) => void): Promise<{ embedded: number; embedWarning?: string }> => {
    if (!dense.embedder) return { embedded: 0 };
    // Vectors of another model: the standing warning says to re-embed; embedding now would mix them.
    if (!reembed && vectorModelProblem(store, dense.embedder.modelId, dense.embedder.dim)) return { embedded: 0 };
    let embedded: number;
    let embedWarning: string | undefined;
    try {
      ({ embedded } = await syncVectors(store, dense.embedder, config, logger, { reembed, onProgress }));
    } catch (error) {
      if (!(error instanceof EmbeddingInterruptedError)) throw error;
      embedded = error.embedded;
      embedWarning = error.message;
    }
    if (!dense.retriever || reembed || (embedded > 0 && dense.warning)) {
      // The first vectors (or a new model's) make dense search possible now, and a standing
      // warning about missing vectors no longer holds.
      setDense(await createDenseRetriever(store, config, logger, { embedder: dense.embedder }));
    }
    return { embedded, embedWarning };
  };

  const ingest = async (paths: string[], ingestOptions: EngineIngestOptions = {}, purpose = "ingest"): Promise<EngineIngestSummary> => {
    const lock = await acquireWriterLock(config.dataDir, purpose, ingestOptions.waitMs ?? 0);
    try {
      const summary = await ingestSources(store, paths, {
        maxFileBytes: config.maxFileBytes,
        chatId: ingestOptions.chatId ?? null,
        logger,
        prune: ingestOptions.prune,
        include: ingestOptions.include,
        exclude: ingestOptions.exclude,
        onStart: ingestOptions.onStart,
        onFile: ingestOptions.onFile,
      });
      return { ...summary, ...(await embedNew(ingestOptions.reembed ?? false, ingestOptions.onEmbedProgress)) };
    } finally {
      lock.release();
    }
  };

  if (options.autoIngest && store.listDocuments().length === 0) {
    // Two first `ask`s at once: the second waits for the first one's build, then finds it done.
    const lock = await acquireWriterLock(config.dataDir, "first-use index build", 300_000);
    lock.release();
    if (store.listDocuments().length === 0) {
      options.onMessage?.(`No index yet: building it from ${config.docsDir} …`);
      const summary = await ingest([config.docsDir], { waitMs: 300_000, onEmbedProgress: options.onEmbedProgress }, "first-use index build");
      options.onMessage?.(`Indexed ${summary.added} document(s), ${summary.chunks} chunks in ${summary.seconds.toFixed(1)} s.`);
    }
  }

  /**
   * Runs a question with every leg; when the dense leg fails mid-question (the server went away),
   * again without it — the lexical legs do not need the server — and says so in a warning.
   */
  async function withLexicalFallback<T>(
    options: AnswerOptions | undefined,
    run: (deps: AnswerDeps, options: AnswerOptions) => Promise<T>,
    warn: (result: T, warning: string) => T,
  ): Promise<T> {
    await reconnectDense();
    // No scope means the shared library: a chat's documents are only ever searched on its behalf.
    const scoped = { ...options, scope: options?.scope ?? {} };
    try {
      return await run({ store, translator, dense: dense.retriever, warnings }, scoped);
    } catch (error) {
      if (!(error instanceof DenseSearchError)) throw error;
      return warn(await run({ store, translator, warnings }, { ...scoped, mode: "lexical" }), error.message);
    }
  }

  return {
    store,
    config,
    logger,
    warnings,
    get dense() {
      return dense.retriever;
    },
    // No scope means the shared library: a chat's documents are only ever searched on its behalf.
    answer: (question, answerOptions) =>
      withLexicalFallback(
        answerOptions,
        (deps, options) => answerQuestion(question, deps, options),
        (answer, warning) => ({
          ...answer,
          warnings: [...answer.warnings, warning],
        }),
      ),
    deliberate: (question, answerOptions) =>
      withLexicalFallback(
        answerOptions,
        (deps, options) => deliberate(question, deps, options),
        (d, warning) => ({ ...d, warnings: [...d.warnings, warning] }),
      ),
    // The same context deliberate() gives analyseQuestion, so a follow-up reads both questions as the answer core does.
    analyse: (question) => analyseQuestion(question, { frequencies: questionFrequencies(store), totalChunks: store.chunkCount(), translator }),
    ingest: (paths, ingestOptions) => ingest(paths, ingestOptions),
    removeDocument: async (ref, removeOptions = {}) => {
      const lock = await acquireWriterLock(config.dataDir, "removing a document", removeOptions.waitMs ?? 0);
      try {
        const candidates =
          removeOptions.within !== undefined
            ? store.documentsInCollection(removeOptions.within)
            : removeOptions.visibleTo !== undefined
              ? store.documentsVisibleTo(removeOptions.visibleTo)
              : undefined;
        const doc = findDocument(store, ref, candidates);
        if (!doc) return undefined;
        const chunks = store.removeDocument(doc.id).length;
        return { id: doc.id, title: doc.title, source: doc.source, chatId: doc.chatId, chunks };
      } finally {
        lock.release();
      }
    },
    moveCollection: async (from, to) => {
      const lock = await acquireWriterLock(config.dataDir, "moving a chat's collection", 120_000);
      try {
        return store.moveCollection(from, to);
      } finally {
        lock.release();
      }
    },
    close: () => store.close(),
  };
}
