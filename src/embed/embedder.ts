// Embedding models: the Embedder interface; where a model comes from (a local folder, MODELS_DIR,
// the download cache or the hub), the offline rules that keep loading from ever hanging on the
// network, ONNX threads, and batched text → normalised vector conversion through transformers.js.
// With EMBED_URL set, loadEmbedder hands over to the embeddings-server backend (remote.ts).
import fs from "node:fs";
import path from "node:path";
import { env, pipeline } from "@xenova/transformers";
import type { Config } from "../config.js";
import { UserError, oneLine } from "../errors.js";
import type { Logger } from "../log.js";
import { embedInLengthOrder, prefixesFor, QueryCache, withOverrides, type Prefixes } from "./prefixes.js";
import { loadRemoteEmbedder } from "./remote.js";

export { prefixesFor, type Prefixes };

/** Turns texts into unit-length vectors with one model. */
export interface Embedder {
  /** The id stored next to every vector (hub id, or the folder name of a local model). */
  readonly modelId: string;
  readonly dim: number;
  /** Embeds passages (with the model's passage prefix), in the order given. */
  embedPassages(texts: string[], onProgress?: (done: number, total: number) => void): Promise<Float32Array[]>;
  /** Embeds a search query (with the model's query prefix). */
  embedQuery(text: string): Promise<Float32Array>;
  /** Frees the ONNX session (or the server connections). */
  dispose?(): Promise<void>;
}

/** Where a model's files are, as decided before anything touches the network. */
export interface ModelSource {
  /** Id recorded with stored vectors. */
  modelId: string;
  /** Name handed to transformers.js (relative to `localModelPath`). */
  name: string;
  /** Value for transformers.js `env.localModelPath`. */
  localModelPath: string;
  /** Where the files were found; "remote" means they must be downloaded. */
  location: "folder" | "models-dir" | "cache" | "remote";
}

/** Options of loadEmbedder that tests and tools may change. */
export interface LoadEmbedderOptions {
  /** How long the hub may stay silent before loading gives up (ms, default 20 000). */
  timeoutMs?: number;
  /** Passages per ONNX call (default 16). */
  batchSize?: number;
}

/** A model that cannot be loaded without a network that isn't there (or isn't allowed). */
export class ModelUnavailableError extends UserError {
  readonly modelId: string;
  readonly reason: string;
  readonly hint: string;

  constructor(modelId: string, reason: string, hint: string) {
    super(`model ${modelId} is not available offline (${reason}). To enable dense search: ${hint}`);
    this.modelId = modelId;
    this.reason = reason;
    this.hint = hint;
  }
}

const DEFAULT_TIMEOUT_MS = 20_000;
const DEFAULT_BATCH_SIZE = 16;
// The files transformers.js 2.17 needs for a quantized feature-extraction pipeline; all are fatal.
const REQUIRED_FILES = ["config.json", "tokenizer.json", "tokenizer_config.json", "onnx/model_quantized.onnx"];

/** True when EMBED_MODEL turns dense search off. */
export function denseDisabled(config: Pick<Config, "embedModel">): boolean {
  return ["none", "off", "false", ""].includes(config.embedModel.trim().toLowerCase());
}

function hasFiles(dir: string): boolean {
  return REQUIRED_FILES.every((file) => fs.existsSync(path.join(dir, file)));
}

function missingFiles(dir: string): string[] {
  return REQUIRED_FILES.filter((file) => !fs.existsSync(path.join(dir, file)));
}

function isDirectory(p: string): boolean {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}

/**
 * Decides where EMBED_MODEL's files come from without touching the network; undefined when dense
 * search is off. A path (absolute, ./ ../ ~/, or an existing folder with a config.json) is a local
 * folder; anything else is a hub id looked up in MODELS_DIR, then the download cache, then the hub.
 */
export function resolveModelSource(config: Pick<Config, "embedModel" | "modelsDir" | "modelCacheDir">, cwd = process.cwd()): ModelSource | undefined {
  if (denseDisabled(config)) return undefined;
  const spec = config.embedModel.trim();
  const expanded = spec.startsWith("~/") ? path.join(process.env.HOME ?? "~", spec.slice(2)) : spec;
  const explicitPath = path.isAbsolute(expanded) || /^\.\.?([/\\]|$)/.test(expanded) || expanded !== spec;
  const asPath = path.resolve(cwd, expanded);
  const hubStyleLocal = isDirectory(path.join(config.modelsDir, spec));
  if (explicitPath || (!hubStyleLocal && isDirectory(asPath) && fs.existsSync(path.join(asPath, "config.json")))) {
    if (!isDirectory(asPath)) throw new UserError(`EMBED_MODEL=${spec}: no such folder (${asPath}); point it at a model folder or set EMBED_MODEL=none`);
    const missing = missingFiles(asPath);
    if (missing.length > 0)
      throw new UserError(`EMBED_MODEL=${spec}: the folder lacks ${missing.join(", ")} (a transformers.js model needs ${REQUIRED_FILES.join(", ")})`);
    return { modelId: path.basename(asPath), name: path.basename(asPath), localModelPath: path.dirname(asPath), location: "folder" };
  }
  if (hasFiles(path.join(config.modelsDir, spec))) return { modelId: spec, name: spec, localModelPath: config.modelsDir, location: "models-dir" };
  if (hasFiles(path.join(config.modelCacheDir, spec))) return { modelId: spec, name: spec, localModelPath: config.modelsDir, location: "cache" };
  return { modelId: spec, name: spec, localModelPath: config.modelsDir, location: "remote" };
}

function enableHint(config: Pick<Config, "modelsDir" | "modelCacheDir" | "allowRemoteModels">, name: string): string {
  const download = config.allowRemoteModels
    ? `run once with network access (the model is cached in ${config.modelCacheDir})`
    : `set ALLOW_MODEL_DOWNLOAD=true and run once with network access`;
  return `${download}, or set EMBED_MODEL to a local model folder, or copy the model to ${path.join(config.modelsDir, name)} (EMBED_MODEL=none turns dense search off quietly)`;
}

// transformers.js keeps its settings in one mutable object typed loosely; this is the part we set.
interface TransformersEnv {
  allowRemoteModels: boolean;
  allowLocalModels: boolean;
  localModelPath: string;
  cacheDir: string;
  remoteHost: string;
  backends: { onnx: { wasm?: { numThreads?: number } } };
}

const transformersEnv = env as unknown as TransformersEnv;

interface FeatureTensor {
  data: Float32Array;
  dims: number[];
}

interface MaskTensor {
  data: ArrayLike<bigint | number>;
  dims: number[];
}

/** The parts of a transformers.js pipeline that run() calls directly (see poolAndNormalise). */
interface PipelineParts {
  tokenizer?: (texts: string[], options: { padding: boolean; truncation: boolean }) => { attention_mask: MaskTensor };
  model?: ((inputs: unknown) => Promise<Record<string, FeatureTensor | undefined>>) & { config?: unknown };
}

interface FeatureExtractor extends PipelineParts {
  (texts: string[], options: { pooling: "mean"; normalize: boolean }): Promise<FeatureTensor>;
  dispose(): Promise<void>;
}

type SessionCreate = (model: unknown, options?: unknown, ...rest: unknown[]) => Promise<unknown>;

let wantedThreads = 0;
let sessionPatched = false;

/**
 * Applies ONNX_THREADS. transformers.js 2.17 creates sessions with only `executionProviders`, and
 * onnxruntime-node ignores `env.wasm.numThreads`, so the thread count has to be added to the
 * session options where the session is created.
 */
async function applyOnnxThreads(threads: number): Promise<void> {
  wantedThreads = threads;
  const wasm = transformersEnv.backends.onnx.wasm;
  if (threads > 0 && wasm) wasm.numThreads = threads;
  if (sessionPatched || threads <= 0) return;
  sessionPatched = true;
  // The same module instance transformers.js itself uses (the package has no "exports" map).
  const specifier = "@xenova/transformers/src/backends/onnx.js";
  const backend = (await import(specifier)) as { ONNX?: { InferenceSession?: { create: SessionCreate } } };
  const session = backend.ONNX?.InferenceSession;
  if (!session) return;
  const original = session.create.bind(session);
  session.create = (model: unknown, options?: unknown, ...rest: unknown[]) => {
    if (wantedThreads > 0 && options && typeof options === "object" && !("intraOpNumThreads" in options)) {
      options = { ...options, intraOpNumThreads: wantedThreads, interOpNumThreads: 1 };
    }
    return original(model, options, ...rest);
  };
}

/** Asks the hub for the model's config.json, so an unreachable hub fails in milliseconds, not minutes. */
async function probeHub(name: string, timeoutMs: number): Promise<string | undefined> {
  const url = `${transformersEnv.remoteHost.replace(/\/?$/, "/")}${name}/resolve/main/config.json`;
  try {
    const response = await fetch(url, { method: "HEAD", signal: AbortSignal.timeout(timeoutMs) });
    if (response.status === 401 || response.status === 404) return `the model hub has no model named ${name} (HTTP ${response.status})`;
    if (!response.ok) return `the model hub answered HTTP ${response.status}`;
    return undefined;
  } catch (error) {
    if (error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError")) {
      return `the model hub did not answer within ${Math.round(timeoutMs / 1000)} s`;
    }
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    return `the model hub is unreachable: ${cause?.code ?? cause?.message ?? oneLine(error)}`;
  }
}

// transformers.js settings are process-global, so two loads must not interleave.
let loadQueue: Promise<unknown> = Promise.resolve();

function serialised<T>(task: () => Promise<T>): Promise<T> {
  const run = loadQueue.then(task, task);
  loadQueue = run.catch(() => undefined);
  return run;
}

/** Loads the pipeline; a remote load is abandoned when the hub stays silent for timeoutMs. */
async function loadPipeline(source: ModelSource, config: Config, logger: Logger, timeoutMs: number): Promise<FeatureExtractor> {
  const hint = enableHint(config, source.name);
  transformersEnv.allowLocalModels = true;
  transformersEnv.localModelPath = source.localModelPath.endsWith(path.sep) ? source.localModelPath : source.localModelPath + path.sep;
  transformersEnv.cacheDir = config.modelCacheDir;
  if (source.location !== "remote") {
    transformersEnv.allowRemoteModels = false;
    const extractor = await pipeline("feature-extraction", source.name, { quantized: true, local_files_only: true });
    return extractor as unknown as FeatureExtractor;
  }
  if (!config.allowRemoteModels) {
    throw new ModelUnavailableError(source.modelId, `no copy in ${config.modelsDir} or ${config.modelCacheDir} and ALLOW_MODEL_DOWNLOAD=false`, hint);
  }
  const unreachable = await probeHub(source.name, timeoutMs);
  if (unreachable) throw new ModelUnavailableError(source.modelId, `no local copy and ${unreachable}`, hint);
  transformersEnv.allowRemoteModels = true;
  logger.info({ model: source.modelId, cacheDir: config.modelCacheDir }, "downloading the embedding model (first run only)");
  return await new Promise<FeatureExtractor>((resolve, reject) => {
    let timer: NodeJS.Timeout | undefined;
    const arm = (): void => {
      clearTimeout(timer);
      timer = setTimeout(
        () => reject(new ModelUnavailableError(source.modelId, `the download stalled for ${Math.round(timeoutMs / 1000)} s`, hint)),
        timeoutMs,
      );
    };
    arm();
    const progress = (event: { status?: string; file?: string }): void => {
      // Once the weights are in, building the ONNX session is local work that may take a while.
      if (event.status === "done" && event.file?.endsWith(".onnx")) clearTimeout(timer);
      else if (event.status !== "done" && event.status !== "ready") arm();
    };
    pipeline("feature-extraction", source.name, { quantized: true, progress_callback: progress }).then(
      (extractor) => {
        clearTimeout(timer);
        resolve(extractor as unknown as FeatureExtractor);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(new ModelUnavailableError(source.modelId, `download failed: ${oneLine(error)}`, hint));
      },
    );
  });
}

/**
 * Mean pooling over the unmasked tokens, then L2 normalisation: the same arithmetic, in the same
 * order and precision, as transformers.js `mean_pooling` + `normalize(2, -1)`, so the vectors are
 * bit-for-bit those of `extractor(texts, { pooling: "mean", normalize: true })`. transformers.js
 * reads every element through a Proxy there, which cost 75 % of passage embedding time with
 * the generated test model (and a fixed share with real ones); this reads the typed arrays directly.
 */
export function poolAndNormalise(hidden: Float32Array, dims: readonly number[], mask: ArrayLike<bigint | number>): FeatureTensor {
  const [batch = 0, seq = 0, dim = 0] = dims;
  const out = new Float32Array(batch * dim);
  const weights = Float64Array.from({ length: batch * seq }, (_, i) => Number(mask[i]));
  for (let b = 0; b < batch; b++) {
    const offset = b * dim * seq;
    const maskOffset = b * seq;
    for (let k = 0; k < dim; k++) {
      let sum = 0;
      let count = 0;
      for (let j = 0; j < seq; j++) {
        const attn = weights[maskOffset + j]!;
        count += attn;
        sum += hidden[offset + k + j * dim]! * attn;
      }
      out[b * dim + k] = sum / count;
    }
    // transformers.js accumulates the squared norm in the tensor's own float32 type.
    let squares = 0;
    for (let k = 0; k < dim; k++) squares = Math.fround(squares + out[b * dim + k]! ** 2);
    const norm = Math.fround(squares ** (1 / 2));
    for (let k = 0; k < dim; k++) out[b * dim + k] = out[b * dim + k]! / norm;
  }
  return { data: out, dims: [batch, dim] };
}

function toVectors(output: FeatureTensor, count: number): Float32Array[] {
  const dim = output.dims[output.dims.length - 1] ?? 0;
  const vectors: Float32Array[] = [];
  for (let i = 0; i < count; i++) {
    const vector = output.data.slice(i * dim, (i + 1) * dim);
    // A text with no known token pools to a zero vector, which normalises to NaN; zero scores
    // nothing and keeps NaN out of SQLite and the index.
    if (!vector.every(Number.isFinite)) vector.fill(0);
    vectors.push(vector);
  }
  return vectors;
}

class TransformersEmbedder implements Embedder {
  readonly modelId: string;
  readonly dim: number;
  private readonly extractor: FeatureExtractor;
  private readonly prefixes: Prefixes;
  private readonly batchSize: number;
  private readonly queryCache = new QueryCache();

  constructor(modelId: string, dim: number, extractor: FeatureExtractor, prefixes: Prefixes, batchSize: number) {
    this.modelId = modelId;
    this.dim = dim;
    this.extractor = extractor;
    this.prefixes = prefixes;
    this.batchSize = batchSize;
  }

  async embedPassages(texts: string[], onProgress?: (done: number, total: number) => void): Promise<Float32Array[]> {
    return embedInLengthOrder(texts, this.batchSize, (batch) => this.run(batch.map((text) => this.prefixes.passage + text)), onProgress);
  }

  async embedQuery(text: string): Promise<Float32Array> {
    const cached = this.queryCache.get(text);
    if (cached) return cached;
    const [vector] = await this.run([this.prefixes.query + text]);
    this.queryCache.set(text, vector!);
    return vector!;
  }

  async dispose(): Promise<void> {
    await this.extractor.dispose();
  }

  private async run(texts: string[]): Promise<Float32Array[]> {
    if (texts.length === 0) return [];
    const { tokenizer, model } = this.extractor;
    if (!tokenizer || typeof model !== "function") {
      return toVectors(await this.extractor(texts, { pooling: "mean", normalize: true }), texts.length);
    }
    // What the pipeline does (tokenize with padding and truncation, run the model), with the
    // pooling done on the typed arrays.
    const inputs = tokenizer(texts, { padding: true, truncation: true });
    const outputs = await model(inputs);
    const hidden = outputs.last_hidden_state ?? outputs.logits ?? outputs.token_embeddings;
    if (!hidden) throw new Error("the model returned no hidden states (last_hidden_state)");
    const mask = inputs.attention_mask;
    return toVectors(poolAndNormalise(hidden.data, hidden.dims, mask.data), texts.length);
  }
}

/**
 * Loads EMBED_MODEL for feature extraction (or connects to EMBED_URL's server when set). Throws
 * ModelUnavailableError (a UserError with a one-line "how to enable" message) when the model would
 * have to come from an unreachable or disallowed hub; never waits on the network longer than
 * `timeoutMs` without progress.
 */
export async function loadEmbedder(config: Config, logger: Logger, options: LoadEmbedderOptions = {}): Promise<Embedder> {
  if (config.embedRemote && !denseDisabled(config)) return loadRemoteEmbedder(config.embedRemote, config.prefixOverrides, logger);
  const source = resolveModelSource(config);
  if (!source) throw new UserError("dense search is off (EMBED_MODEL=none)");
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const started = Date.now();
  const extractor = await serialised(async () => {
    await applyOnnxThreads(config.onnxThreads);
    return loadPipeline(source, config, logger, timeoutMs);
  });
  const prefixes = withOverrides(prefixesFor(source.modelId, extractor.model?.config), config.prefixOverrides);
  // One real inference up front: it gives the dimension and fails early on a broken model.
  const probe = await extractor(["dimension probe"], { pooling: "mean", normalize: true });
  const dim = probe.dims[probe.dims.length - 1] ?? 0;
  if (!(dim > 0)) throw new UserError(`EMBED_MODEL=${config.embedModel}: the model returned no embedding (dims ${JSON.stringify(probe.dims)})`);
  logger.info({ model: source.modelId, from: source.location, dim, ms: Date.now() - started }, "embedding model loaded");
  return new TransformersEmbedder(source.modelId, dim, extractor, prefixes, options.batchSize ?? DEFAULT_BATCH_SIZE);
}
