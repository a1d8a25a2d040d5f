// Health checks of an installation, for `npm run doctor`: the configuration, the SQLite store
// (present, intact, current schema, WAL), the dense index file against what the store recorded
// about it, the embedding model (or EMBED_URL's server, asked for one embedding), the writer
// lock, free disk space, and Telegram (getMe). Each check only reads — nothing is created,
// migrated or rebuilt — and each problem comes with the fix. The bot token never appears in a
// result: Telegram is asked with a URL built here and every text that could carry the token is
// redacted.
import { inspectStore, type StoreFacts } from "../store/inspect.js";
import { createHash } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Config } from "../config.js";
import { oneLine } from "../errors.js";
import { redact, silentLogger } from "../log.js";
import { BOT_TOKEN_PATTERN } from "../bot/create-bot.js";
import { denseDisabled, resolveModelSource, type Embedder } from "../embed/embedder.js";
import { displayUrl, loadRemoteEmbedder } from "../embed/remote.js";
import { HNSW_FILE, type HnswRecord } from "../store/hnsw.js";
import { LOCK_FILE, isProcessAlive } from "../store/lock.js";
import { SCHEMA_VERSION } from "../store/schema.js";
import { DATABASE_FILE } from "../store/store.js";

/** "ok" passes, "warn" is worth knowing but healthy, "fail" makes doctor exit 1. */
export type CheckStatus = "ok" | "warn" | "fail" | "info";

/** The outcome of one check: what was found, and for a problem, what to do. */
export interface CheckResult {
  name: string;
  status: CheckStatus;
  detail: string;
  fix?: string;
}

/** Options of the checks that touch the network. */
export interface DoctorOptions {
  /** Time limit of the Telegram getMe call (default 5 s). */
  telegramTimeoutMs?: number;
  /** Working directory for relative model paths. */
  cwd?: string;
}

// Below this much free space an ingest (WAL growth, a new index file) may fail half-way.
const MIN_FREE_BYTES = 512 * 1024 * 1024;

function megabytes(bytes: number): string {
  return bytes >= 1024 ** 3 ? `${(bytes / 1024 ** 3).toFixed(1)} GB` : `${(bytes / 1024 ** 2).toFixed(1)} MB`;
}

function fileSize(file: string): number {
  try {
    return fs.statSync(file).size;
  } catch {
    return 0;
  }
}

function sha256File(file: string): string {
  const hash = createHash("sha256");
  const fd = fs.openSync(file, "r");
  try {
    const buffer = Buffer.alloc(1024 * 1024);
    for (let read = fs.readSync(fd, buffer); read > 0; read = fs.readSync(fd, buffer)) hash.update(buffer.subarray(0, read));
  } finally {
    fs.closeSync(fd);
  }
  return hash.digest("hex");
}

const RESTORE_FIX =
  "stop the bot, restore store.sqlite from your last backup (README › Operations), or move DATA_DIR aside and run `npm run ingest` to rebuild it from the documents";

/** Checks the SQLite store: present, intact, schema version, WAL. Returns its facts when readable. */
export function checkDatabase(config: Config): { result: CheckResult; facts?: StoreFacts } {
  const file = path.join(config.dataDir, DATABASE_FILE);
  if (!fs.existsSync(file)) {
    return {
      result: {
        name: "database",
        status: "fail",
        detail: `no store at ${file}`,
        fix: "run `npm run ingest` (or `npm run ask` once) to build it, or point DATA_DIR at your data",
      },
    };
  }
  try {
    const inspection = inspectStore(file);
    const problems = inspection.integrityProblems;
    if (problems.length > 0) {
      return {
        result: {
          name: "database",
          status: "fail",
          detail: `integrity check failed: ${problems.slice(0, 3).join("; ")}${problems.length > 3 ? ` (+${problems.length - 3} more)` : ""}`,
          fix: RESTORE_FIX,
        },
      };
    }
    const version = inspection.version;
    const journal = inspection.journalMode;
    if (version !== SCHEMA_VERSION) {
      const newer = version > SCHEMA_VERSION;
      return {
        result: {
          name: "database",
          status: "fail",
          detail: `schema version ${version}, this code expects ${SCHEMA_VERSION}`,
          fix: newer ? "the store was written by a newer version: upgrade the code" : "run `npm run ingest` once: opening the store for writing migrates it",
        },
      };
    }
    const facts = inspection.facts!;
    const bytes = fileSize(file) + fileSize(`${file}-wal`);
    const summary = `${facts.documents} documents, ${facts.chunks} chunks, schema ${version}, integrity ok, ${megabytes(bytes)}`;
    if (journal.toLowerCase() !== "wal") {
      return {
        facts,
        result: {
          name: "database",
          status: "fail",
          detail: `${summary}; journal mode is ${journal}, not WAL (readers would wait for writers)`,
          fix: "run `npm run ingest` once: the store switches itself to WAL when opened for writing",
        },
      };
    }
    if (facts.documents === 0) {
      return { facts, result: { name: "database", status: "warn", detail: `${summary}; no documents yet`, fix: "run `npm run ingest -- <files or folders>`" } };
    }
    return { facts, result: { name: "database", status: "ok", detail: `${summary}, WAL` } };
  } catch (error) {
    return { result: { name: "database", status: "fail", detail: `cannot read ${file}: ${oneLine(error)}`, fix: RESTORE_FIX } };
  }
}

/** Checks vectors.hnsw against the record SQLite keeps of it and against the stored vectors. */
export function checkIndex(config: Config, facts: StoreFacts | undefined): CheckResult {
  const name = "index";
  if (denseDisabled(config)) return { name, status: "info", detail: "dense search is off (EMBED_MODEL=none): no vector index needed" };
  if (!facts) return { name, status: "info", detail: "not checked (the database could not be read)" };
  const file = path.join(config.dataDir, HNSW_FILE);
  const stored = facts.vectors.reduce((n, v) => n + v.count, 0);
  const rebuildFix =
    "nothing to fix by hand: the next start of the bot or `npm run ask` rebuilds it from the stored vectors (no re-embedding); `npm run ingest` does it now";
  if (stored === 0) {
    if (facts.chunks === 0) return { name, status: "ok", detail: "no vectors yet (no chunks)" };
    return {
      name,
      status: "fail",
      detail: `none of the ${facts.chunks} chunks has a vector: dense search cannot answer`,
      fix: `run \`npm run ingest\` with EMBED_MODEL=${config.embedModel} available to embed them`,
    };
  }
  let record: HnswRecord | undefined;
  try {
    record = facts.hnswRecord ? (JSON.parse(facts.hnswRecord) as HnswRecord) : undefined;
  } catch {
    record = undefined;
  }
  if (!fs.existsSync(file)) return { name, status: "fail", detail: `${HNSW_FILE} is missing (${stored} vectors are stored)`, fix: rebuildFix };
  if (!record) return { name, status: "fail", detail: `${HNSW_FILE} exists but the store has no record of how it was built`, fix: rebuildFix };
  const size = fileSize(file);
  if (size !== record.bytes || sha256File(file) !== record.sha256) {
    return {
      name,
      status: "fail",
      detail: `${HNSW_FILE} is not the file the store recorded (${megabytes(size)}, expected ${megabytes(record.bytes)}; damaged or from a crash)`,
      fix: rebuildFix,
    };
  }
  const forModel = facts.vectors.find((v) => v.model === record!.model && v.dim === record!.dim);
  const described = `${record.count} vectors of ${record.model} (${record.dim} dimensions), generation ${record.generation} of ${facts.generation}, ${megabytes(size)}`;
  if (!forModel) return { name, status: "fail", detail: `${described}, but the store has no vectors of that model`, fix: rebuildFix };
  if (forModel.count !== record.count) {
    // The bot brings the index up to date in memory; the file catches up at the next ingest.
    return {
      name,
      status: "warn",
      detail: `${described}; the store has ${forModel.count} such vectors`,
      fix: "applied automatically when the index is opened; `npm run ingest` writes the file up to date",
    };
  }
  return { name, status: "ok", detail: described };
}

/** Checks that the embedding model is present locally (or may be downloaded), and fits the stored vectors. */
export function checkModel(config: Config, facts: StoreFacts | undefined, cwd = process.cwd()): CheckResult {
  const name = "model";
  if (denseDisabled(config)) return { name, status: "info", detail: "EMBED_MODEL=none: answers use lexical and dictionary search only" };
  let source: ReturnType<typeof resolveModelSource>;
  try {
    source = resolveModelSource(config, cwd);
  } catch (error) {
    return { name, status: "fail", detail: oneLine(error), fix: "point EMBED_MODEL at a transformers.js model folder, or set EMBED_MODEL=none" };
  }
  if (!source) return { name, status: "info", detail: "dense search is off" };
  const others = (facts?.vectors ?? []).filter((v) => v.model !== source.modelId);
  if (others.length > 0) {
    return {
      name,
      status: "fail",
      detail: `EMBED_MODEL is ${source.modelId}, but ${others.map((v) => `${v.count} stored vectors are from ${v.model}`).join(", ")}`,
      fix: "run `npm run ingest -- --reembed` to embed every chunk with the new model, or set EMBED_MODEL back",
    };
  }
  if (source.location === "remote") {
    const where = path.join(config.modelsDir, source.name);
    if (!config.allowRemoteModels) {
      return {
        name,
        status: "fail",
        detail: `${source.modelId} is not on this machine and ALLOW_MODEL_DOWNLOAD=false: dense search is off`,
        fix: `copy the model to ${where}, or set ALLOW_MODEL_DOWNLOAD=true and start once with network access`,
      };
    }
    return {
      name,
      status: "warn",
      detail: `${source.modelId} is not on this machine yet: the first start downloads it (needs network access to the model hub)`,
      fix: `to run offline, copy the model to ${where}`,
    };
  }
  const where =
    source.location === "folder"
      ? path.join(source.localModelPath, source.name)
      : source.location === "models-dir"
        ? path.join(config.modelsDir, source.name)
        : path.join(config.modelCacheDir, source.name);
  return { name, status: "ok", detail: `${source.modelId} is present (${where})` };
}

/** Checks that EMBED_URL's server embeds with EMBED_MODEL, at the dimension of the stored vectors. */
export async function checkEmbeddingServer(config: Config, facts: StoreFacts | undefined): Promise<CheckResult> {
  const name = "model";
  if (denseDisabled(config) || !config.embedRemote) return checkModel(config, facts);
  let embedder: Embedder;
  try {
    embedder = await loadRemoteEmbedder(config.embedRemote, config.prefixOverrides, silentLogger());
  } catch (error) {
    return {
      name,
      status: "fail",
      detail: `${oneLine(error)}: dense search is off`,
      fix: "start the server, or correct EMBED_URL, EMBED_API_KEY or EMBED_MODEL (see above)",
    };
  }
  await embedder.dispose?.();
  const served = `${embedder.modelId} on ${displayUrl(config.embedRemote.url)} answers (${embedder.dim} dimensions)`;
  const others = (facts?.vectors ?? []).filter((v) => v.model !== embedder.modelId || v.dim !== embedder.dim);
  if (others.length > 0) {
    return {
      name,
      status: "fail",
      detail: `${served}, but ${others.map((v) => `${v.count} stored vectors are from ${v.model} at ${v.dim} dimensions`).join(", ")}`,
      fix: "run `npm run ingest -- --reembed` to embed every chunk with this model, or point EMBED_URL / EMBED_MODEL back",
    };
  }
  return { name, status: "ok", detail: served };
}

/** Checks the DATA_DIR writer lock: free, held by a running ingest, or left by a crash. */
export function checkWriterLock(config: Config): CheckResult {
  const name = "writer lock";
  const file = path.join(config.dataDir, LOCK_FILE);
  if (!fs.existsSync(file)) return { name, status: "ok", detail: "free" };
  let owner: { pid?: number; host?: string; since?: string; purpose?: string } = {};
  try {
    owner = JSON.parse(fs.readFileSync(file, "utf8")) as typeof owner;
  } catch {
    // Unreadable: reported below as a lock of unknown origin.
  }
  const who = `${owner.purpose ?? "unknown writer"} (pid ${owner.pid ?? "?"} on ${owner.host ?? "?"}, since ${owner.since ?? "?"})`;
  if (owner.host === os.hostname() && typeof owner.pid === "number" && isProcessAlive(owner.pid))
    return { name, status: "ok", detail: `held by ${who}: an ingest is running` };
  if (owner.host && owner.host !== os.hostname())
    return { name, status: "warn", detail: `held by ${who}, another host`, fix: `if no ingest runs there, delete ${file}` };
  return {
    name,
    status: "warn",
    detail: `left behind by ${who}, which is no longer running (a crash or a kill)`,
    fix: "harmless: the next ingest takes the lock over; check the store with this command after any crash",
  };
}

/** Checks free space on the DATA_DIR file system against what the next ingest may need. */
export function checkDiskSpace(config: Config): CheckResult {
  const name = "disk space";
  let dir = config.dataDir;
  while (!fs.existsSync(dir) && path.dirname(dir) !== dir) dir = path.dirname(dir);
  const stats = fs.statfsSync(dir);
  const free = stats.bavail * stats.bsize;
  const used =
    ["", "-wal"].reduce((n, suffix) => n + fileSize(path.join(config.dataDir, DATABASE_FILE + suffix)), 0) + fileSize(path.join(config.dataDir, HNSW_FILE));
  // A re-ingest can briefly need the store and the index twice over (WAL, temp index file).
  const needed = Math.max(MIN_FREE_BYTES, 2 * used);
  const detail = `${megabytes(free)} free on the file system of ${dir} (the data uses ${megabytes(used)})`;
  if (free < needed) return { name, status: "fail", detail, fix: `free at least ${megabytes(needed)}: writes (ingest, feedback) fail when the disk is full` };
  return { name, status: "ok", detail };
}

/** Asks Telegram who the bot is (getMe), with a short time limit; never reveals the token. */
export async function checkTelegram(config: Config, timeoutMs = 5000): Promise<CheckResult> {
  const name = "telegram";
  const token = config.botToken;
  if (!token) return { name, status: "info", detail: "BOT_TOKEN is not set (only `npm start` needs it)" };
  if (!BOT_TOKEN_PATTERN.test(token))
    return {
      name,
      status: "fail",
      detail: "BOT_TOKEN is malformed",
      fix: "copy the token from @BotFather: <bot id digits>:<about 35 letters, digits, _ or ->",
    };
  const root = (config.botApiRoot ?? "https://api.telegram.org").replace(/\/+$/, "");
  const shownRoot = redact(root, [token]);
  const safe = (text: string): string => redact(text, [token]);
  try {
    const response = await fetch(`${root}/bot${token}/getMe`, { signal: AbortSignal.timeout(timeoutMs) });
    const body = (await response.json().catch(() => undefined)) as
      | { ok?: boolean; description?: string; result?: { username?: string; id?: number } }
      | undefined;
    if (response.status === 401 || response.status === 404) {
      return {
        name,
        status: "fail",
        detail: `${shownRoot} rejected BOT_TOKEN (${response.status})`,
        fix: "check the token with @BotFather (/token), or BOT_API_ROOT if you run your own Bot API server",
      };
    }
    if (!response.ok || !body?.ok)
      return {
        name,
        status: "fail",
        detail: `${shownRoot} answered ${response.status}: ${safe(oneLine(body?.description ?? response.statusText))}`,
        fix: "try again later; if it persists, check BOT_API_ROOT",
      };
    const mode = config.webhookUrl ? `webhook ${safe(config.webhookUrl)}` : "long polling";
    return { name, status: "ok", detail: `@${body.result?.username ?? "?"} (id ${body.result?.id ?? "?"}) via ${shownRoot}, ${mode}` };
  } catch (error) {
    // fetch says only "fetch failed"; the reason (ECONNREFUSED, ENOTFOUND, …) is its cause.
    const cause = (error as { cause?: unknown }).cause;
    const code = (cause as { code?: unknown } | undefined)?.code;
    const why =
      error instanceof Error && error.name === "TimeoutError"
        ? `no answer within ${Math.round(timeoutMs / 1000)} s`
        : typeof code === "string"
          ? code
          : safe(oneLine(cause ?? error));
    return {
      name,
      status: "fail",
      detail: `cannot reach ${shownRoot}: ${why}`,
      fix: "check the network (or proxy) and BOT_API_ROOT; the bot cannot start without it",
    };
  }
}

/** Runs every check in order. */
export async function runChecks(config: Config, options: DoctorOptions = {}): Promise<CheckResult[]> {
  const { result: database, facts } = checkDatabase(config);
  return [
    database,
    checkIndex(config, facts),
    config.embedRemote ? await checkEmbeddingServer(config, facts) : checkModel(config, facts, options.cwd),
    checkWriterLock(config),
    checkDiskSpace(config),
    await checkTelegram(config, options.telegramTimeoutMs),
  ];
}

const MARKS: Record<CheckStatus, string> = { ok: "✓", warn: "!", fail: "✗", info: "•" };

/** The report as printed: one line per check, the fix indented under each problem, a verdict. */
export function formatReport(results: readonly CheckResult[]): string {
  const width = Math.max(...results.map((r) => r.name.length));
  const lines: string[] = [];
  for (const r of results) {
    lines.push(`${MARKS[r.status]} ${r.name.padEnd(width)}  ${r.detail}`);
    if (r.fix && r.status !== "ok") lines.push(`  ${"".padEnd(width)}  fix: ${r.fix}`);
  }
  const failures = results.filter((r) => r.status === "fail").length;
  const warnings = results.filter((r) => r.status === "warn").length;
  lines.push(
    "",
    failures > 0
      ? `${failures} problem${failures === 1 ? "" : "s"} found.`
      : `healthy${warnings > 0 ? ` (${warnings} note${warnings === 1 ? "" : "s"} above)` : ""}.`,
  );
  return lines.join("\n");
}
