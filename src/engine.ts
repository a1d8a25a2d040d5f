// The engine: one object that owns the store and the retrieval legs (lexical, dictionary
// translation, dense), and offers answer(), ingest() and removeDocument() to every interface
// (CLI, bot, eval, bench). Writes take the DATA_DIR writer lock.
import type { Config } from "./config.js";
import type { Logger } from "./log.js";
import { Store } from "./store/store.js";
import { findDocument } from "./store/find.js";

export { findDocument };
import { ingestSources, type IngestOptions, type IngestSummary } from "./ingest/ingest.js";
import { acquireWriterLock } from "./store/lock.js";
import { queryTerms } from "./text/segment.js";
import { answerQuestion, type AnswerOptions, type Deliberation, deliberate } from "./search/answer.js";
import { createDenseRetriever, type DenseSetup } from "./search/dense.js";
import { syncVectors } from "./embed/sync.js";
import type { Answer, DenseRetriever, QueryTranslator } from "./search/types.js";

export type { IngestSummary };

export interface EngineIngestOptions {
  prune?: boolean;
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
  /** Ingests under the DATA_DIR writer lock, then embeds the new chunks when a model is loaded. */
  ingest(paths: string[], options?: EngineIngestOptions): Promise<IngestSummary & { embedded: number }>;
  removeDocument(ref: string): { id: number; title: string } | undefined;
  close(): void;
}

export interface EngineOptions {
  /** Build the index from config.docsDir when the store is empty (first `ask`). */
  autoIngest?: boolean;
  /** Progress lines of the automatic first ingest. */
  onMessage?: (message: string) => void;
  /** The dictionary translator (cross-language questions); none when omitted. */
  translator?: QueryTranslator;
  /** Skip the embedding model entirely (lexical and dictionary legs only). */
  lexicalOnly?: boolean;
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

  const embedNew = async (reembed: boolean, onProgress?: (done: number, total: number) => void): Promise<number> => {
    if (!dense.embedder) return 0;
    const { embedded } = await syncVectors(store, dense.embedder, config, logger, { reembed, onProgress });
    if (!dense.retriever || reembed) {
      // The first vectors (or a new model's) make dense search possible now.
      dense = await createDenseRetriever(store, config, logger, { embedder: dense.embedder });
      warnings.splice(0, warnings.length, ...(dense.warning ? [dense.warning] : []));
    }
    return embedded;
  };

  const ingest = async (paths: string[], ingestOptions: EngineIngestOptions = {}, purpose = "ingest"): Promise<IngestSummary & { embedded: number }> => {
    const lock = await acquireWriterLock(config.dataDir, purpose, ingestOptions.waitMs ?? 0);
    try {
      const summary = await ingestSources(store, paths, {
        maxFileBytes: config.maxFileBytes,
        logger,
        prune: ingestOptions.prune,
        include: ingestOptions.include,
        exclude: ingestOptions.exclude,
        onStart: ingestOptions.onStart,
        onFile: ingestOptions.onFile,
      });
      const embedded = await embedNew(ingestOptions.reembed ?? false, ingestOptions.onEmbedProgress);
      return { ...summary, embedded };
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
      const summary = await ingest([config.docsDir], { waitMs: 300_000 }, "first-use index build");
      options.onMessage?.(`Indexed ${summary.added} document(s), ${summary.chunks} chunks in ${summary.seconds.toFixed(1)} s.`);
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
    answer: (question, answerOptions) => answerQuestion(question, { store, translator, dense: dense.retriever, warnings }, answerOptions),
    deliberate: (question, answerOptions) => deliberate(question, { store, translator, dense: dense.retriever, warnings }, answerOptions),
    ingest: (paths, ingestOptions) => ingest(paths, ingestOptions),
    removeDocument: (ref) => {
      const doc = findDocument(store, ref);
      if (!doc) return undefined;
      store.removeDocument(doc.id);
      return { id: doc.id, title: doc.title };
    },
    close: () => store.close(),
  };
}
