// The engine: one object that owns the store and the retrieval legs, and offers answer(),
// ingest() and removeDocument() to every interface (CLI, bot, eval, bench).
import fs from "node:fs";
import type { Config } from "./config.js";
import type { Logger } from "./log.js";
import { Store, type DocumentRow } from "./store/store.js";
import { ingestPaths, type IngestSummary } from "./ingest/ingest.js";
import { queryTerms } from "./text/segment.js";
import { answerQuestion, type AnswerOptions } from "./search/answer.js";
import type { Answer, DenseRetriever, QueryTranslator } from "./search/types.js";

export type { IngestSummary };

export interface Engine {
  readonly store: Store;
  readonly config: Config;
  readonly logger: Logger;
  /** Standing warnings (e.g. dense search off), shown once at start-up and with answers. */
  readonly warnings: string[];
  answer(question: string, options?: AnswerOptions): Promise<Answer>;
  ingest(paths: string[], options?: { prune?: boolean; onFile?: Parameters<typeof ingestPaths>[2]["onFile"] }): Promise<IngestSummary>;
  removeDocument(ref: string): { id: number; title: string } | undefined;
  close(): void;
}

export interface EngineOptions {
  /** Build the index from config.docsDir when the store is empty (first `ask`). */
  autoIngest?: boolean;
  /** Print progress of the automatic first ingest. */
  onAutoIngest?: (message: string) => void;
  translator?: QueryTranslator;
  dense?: DenseRetriever;
}

/** Finds a document by numeric id, source path or URL (or a unique suffix of a path). */
export function findDocument(store: Store, ref: string): DocumentRow | undefined {
  const trimmed = ref.trim();
  if (/^\d+$/.test(trimmed)) return store.documentById(Number(trimmed));
  const docs = store.listDocuments();
  const exact = docs.find((d) => d.source === trimmed);
  if (exact) return exact;
  let resolved = trimmed;
  try {
    resolved = fs.realpathSync(trimmed);
  } catch {
    // Not a path on this machine: try the suffix match below.
  }
  const byPath = docs.find((d) => d.source === resolved);
  if (byPath) return byPath;
  const suffix = docs.filter((d) => d.source.endsWith(`/${trimmed}`) || d.title === trimmed);
  return suffix.length === 1 ? suffix[0] : undefined;
}

/** Opens the store and the retrieval legs; with autoIngest, builds the index on first use. */
export async function openEngine(config: Config, logger: Logger, options: EngineOptions = {}): Promise<Engine> {
  const store = Store.open(config.dataDir);
  const warnings: string[] = [];
  if (options.autoIngest && store.listDocuments().length === 0) {
    options.onAutoIngest?.(`No index yet: building it from ${config.docsDir} …`);
    const summary = ingestPaths(store, [config.docsDir], { maxFileBytes: config.maxFileBytes, logger });
    options.onAutoIngest?.(`Indexed ${summary.added} document(s), ${summary.chunks} chunks in ${summary.seconds.toFixed(1)} s.`);
  }
  // Load the segmenter's dictionary now, so the first question is not charged for it.
  queryTerms("预热 warm-up");
  const translator = options.translator;
  const dense = options.dense;
  const engine: Engine = {
    store,
    config,
    logger,
    warnings,
    answer: (question, answerOptions) => answerQuestion(question, { store, translator, dense, warnings }, answerOptions),
    ingest: async (paths, ingestOptions) =>
      ingestPaths(store, paths, { maxFileBytes: config.maxFileBytes, logger, prune: ingestOptions?.prune, onFile: ingestOptions?.onFile }),
    removeDocument: (ref) => {
      const doc = findDocument(store, ref);
      if (!doc) return undefined;
      store.removeDocument(doc.id);
      return { id: doc.id, title: doc.title };
    },
    close: () => store.close(),
  };
  return engine;
}
