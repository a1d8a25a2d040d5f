// The query/passage prefixes each model family is trained with (E5: "query: " / "passage: ",
// bge-m3 and most others: none), the EMBED_QUERY_PREFIX / EMBED_PASSAGE_PREFIX overrides, and
// the small LRU cache of query embeddings that every backend keeps, and the length-ordered batching
// both backends embed passages with.
import type { Config } from "../config.js";

/** Text prepended to queries and passages before embedding (E5 models are trained with them). */
export interface Prefixes {
  query: string;
  passage: string;
}

const E5_PREFIXES: Prefixes = { query: "query: ", passage: "passage: " };
const NO_PREFIXES: Prefixes = { query: "", passage: "" };

/**
 * The query/passage prefixes of a model: a `prefixes: {query, passage}` object in its config.json
 * wins; E5 models (id containing "e5") use "query: " / "passage: "; others (bge-m3, …) use none.
 */
export function prefixesFor(modelId: string, modelConfig?: unknown): Prefixes {
  const declared = (modelConfig as { prefixes?: unknown } | undefined)?.prefixes as Partial<Prefixes> | undefined;
  if (declared && typeof declared === "object" && (typeof declared.query === "string" || typeof declared.passage === "string")) {
    return { query: typeof declared.query === "string" ? declared.query : "", passage: typeof declared.passage === "string" ? declared.passage : "" };
  }
  return /(^|[^a-z0-9])e5([^a-z0-9]|$)/i.test(modelId) ? E5_PREFIXES : NO_PREFIXES;
}

/** The prefixes with EMBED_QUERY_PREFIX / EMBED_PASSAGE_PREFIX applied where they are set. */
export function withOverrides(prefixes: Prefixes, overrides: Config["prefixOverrides"]): Prefixes {
  return { query: overrides.query ?? prefixes.query, passage: overrides.passage ?? prefixes.passage };
}

const QUERY_CACHE_SIZE = 128;

/** The last 128 query embeddings: a bot is asked the same questions again (buttons, inline typing). */
export class QueryCache {
  private readonly entries = new Map<string, Float32Array>();

  /** A copy of the cached vector (callers may mutate theirs), refreshed in the LRU order. */
  get(text: string): Float32Array | undefined {
    const cached = this.entries.get(text);
    if (!cached) return undefined;
    this.entries.delete(text);
    this.entries.set(text, cached);
    return cached.slice();
  }

  /** Remembers a vector, evicting the least recently used one past the size. */
  set(text: string, vector: Float32Array): void {
    this.entries.set(text, vector.slice());
    if (this.entries.size > QUERY_CACHE_SIZE) this.entries.delete(this.entries.keys().next().value!);
  }
}

/**
 * Embeds passages in batches of similar length (longest first: a batch pads to its longest text),
 * returning the vectors in the texts' order.
 */
export async function embedInLengthOrder(
  texts: readonly string[],
  batchSize: number,
  embedBatch: (batch: string[]) => Promise<Float32Array[]>,
  onProgress?: (done: number, total: number) => void,
): Promise<Float32Array[]> {
  const order = texts.map((_, i) => i).sort((a, b) => texts[b]!.length - texts[a]!.length || a - b);
  const out = new Array<Float32Array>(texts.length);
  for (let start = 0; start < order.length; start += batchSize) {
    const ids = order.slice(start, start + batchSize);
    const vectors = await embedBatch(ids.map((i) => texts[i]!));
    ids.forEach((id, k) => (out[id] = vectors[k]!));
    onProgress?.(start + ids.length, texts.length);
  }
  return out;
}
