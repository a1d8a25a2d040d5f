// The HNSW index over chunk vectors, persisted as <dataDir>/vectors.hnsw. It is a cache derived
// from the vectors in SQLite: every load checks it against the database (model, dimension, size,
// checksum, labels) and anything missing, damaged or built for another model is rebuilt from the
// stored vectors, never by re-embedding. Writes are crash-safe (temp file, fsync, rename, fsync
// of the directory) and compare-and-swap on the meta record, so two processes never leave a
// file and a record that disagree without the next load noticing.
import { isProcessAlive } from "./lock.js";
import { createHash, randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import hnswlib from "hnswlib-node";
import type { HierarchicalNSW } from "hnswlib-node";
import type { HnswSettings } from "../config.js";
import type { Logger } from "../log.js";
import type { RankedChunk, Store } from "./store.js";

/** The index file's name inside DATA_DIR. */
export const HNSW_FILE = "vectors.hnsw";
/** Meta key of the JSON record describing the index file on disk. */
export const HNSW_META_KEY = "hnsw_index";
/** Meta key holding only the file's checksum: cheap to compare on every search. */
export const HNSW_VERSION_KEY = "hnsw_index_sha256";

// Marked-deleted labels still cost memory and search time; past this share, rebuild instead.
const COMPACT_RATIO = 0.2;
const MIN_CAPACITY = 64;
const GROWTH = 1.5;
const RANDOM_SEED = 100;
const FETCH_BATCH = 1000;
const SAVE_ATTEMPTS = 3;
const STALE_TEMP_MS = 60 * 60 * 1000;
const ORPHAN_TEMP_MS = 60 * 1000;

/** What the meta table records about the index file on disk. */
export interface HnswRecord {
  format: 1;
  model: string;
  dim: number;
  space: "ip";
  /** Store generation the index was reconciled with. */
  generation: number;
  /** Live vectors in the index. */
  count: number;
  /** Labels marked deleted (still in the file); kept so a reload knows which labels are live. */
  deleted: number[];
  bytes: number;
  sha256: string;
  m: number;
  efConstruction: number;
  savedAt: string;
}

/** How open() obtained the index. */
export type HnswOrigin = "loaded" | "updated" | "rebuilt";

/** Options of HnswIndexFile.open. */
export interface HnswOpenOptions {
  /** Rebuild from the stored vectors even if the file is valid (after re-embedding). */
  rebuild?: boolean;
  /** Write the index back when it changed (default true). */
  persist?: boolean;
  /**
   * The caller defines which model the file is for (the ingest run). Other processes (a running
   * bot still on an older EMBED_MODEL) keep their rebuild in memory rather than overwrite a
   * file built for another model.
   */
  owner?: boolean;
}

/** The file path of the index inside a data directory. */
export function hnswFilePath(dataDir: string): string {
  return path.join(dataDir, HNSW_FILE);
}

function parseRecord(text: string | undefined): HnswRecord | undefined {
  if (!text) return undefined;
  try {
    const record = JSON.parse(text) as HnswRecord;
    return record && record.format === 1 && Array.isArray(record.deleted) ? record : undefined;
  } catch {
    return undefined;
  }
}

async function sha256File(file: string): Promise<{ sha256: string; bytes: number }> {
  const hash = createHash("sha256");
  let bytes = 0;
  for await (const chunk of fs.createReadStream(file)) {
    const buffer = chunk as Buffer;
    bytes += buffer.length;
    hash.update(buffer);
  }
  return { sha256: hash.digest("hex"), bytes };
}

function fsyncFile(file: string): void {
  const fd = fs.openSync(file, "r+");
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/** Makes a rename durable; some filesystems refuse fsync on a directory, where it is skipped. */
function fsyncDirectory(dir: string): void {
  let fd: number | undefined;
  try {
    fd = fs.openSync(dir, "r");
    fs.fsyncSync(fd);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== "EISDIR" && code !== "EINVAL" && code !== "EPERM" && code !== "EBADF") throw error;
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

/** Chunk ids with a vector of this model and dimension, and the generation, read as one snapshot. */
function snapshotIds(store: Store, model: string, dim: number): { generation: number; ids: number[] } {
  const read = store.db.transaction(() => {
    const generation = store.generation();
    const ids = store.db.prepare("SELECT chunk_id FROM chunk_vectors WHERE model = ? AND dim = ? ORDER BY chunk_id").pluck().all(model, dim) as number[];
    return { generation, ids };
  });
  return read();
}

function* vectorsByIds(store: Store, model: string, ids: readonly number[]): Generator<{ chunkId: number; vector: number[] }> {
  const stmt = store.db.prepare("SELECT chunk_id, vector FROM chunk_vectors WHERE model = ? AND chunk_id IN (SELECT value FROM json_each(?))");
  for (let start = 0; start < ids.length; start += FETCH_BATCH) {
    const rows = stmt.all(model, JSON.stringify(ids.slice(start, start + FETCH_BATCH))) as { chunk_id: number; vector: Buffer }[];
    for (const row of rows) {
      const floats = new Float32Array(row.vector.buffer.slice(row.vector.byteOffset, row.vector.byteOffset + row.vector.byteLength));
      yield { chunkId: row.chunk_id, vector: Array.from(floats) };
    }
  }
}

function capacityFor(count: number): number {
  return Math.max(MIN_CAPACITY, Math.ceil(count * 1.25));
}

interface Loaded {
  index: HierarchicalNSW;
  record: HnswRecord;
  recordText: string;
}

/** The in-memory HNSW index of one model, tied to its file and meta record. */
export class HnswIndexFile {
  readonly model: string;
  readonly dim: number;
  readonly file: string;
  /** How the last open/refresh obtained the index. */
  origin: HnswOrigin = "loaded";
  private readonly store: Store;
  private readonly settings: HnswSettings;
  private readonly logger: Logger;
  private readonly persist: boolean;
  private readonly owner: boolean;
  private index: HierarchicalNSW;
  /** Every label in the graph, live or marked deleted. */
  private labels = new Set<number>();
  private live = new Set<number>();
  private generation = -1;
  /** The meta record this in-memory state was loaded from or saved as (for compare-and-swap). */
  private recordText: string | undefined;
  private versionSeen: string | undefined;
  private dirty = false;

  private constructor(store: Store, model: string, dim: number, settings: HnswSettings, logger: Logger, persist: boolean, owner: boolean) {
    this.store = store;
    this.model = model;
    this.dim = dim;
    this.settings = settings;
    this.logger = logger;
    this.persist = persist;
    this.owner = owner;
    this.file = hnswFilePath(store.dataDir);
    this.index = new hnswlib.HierarchicalNSW("ip", dim);
  }

  /**
   * Loads the index of `model` from its file, verifies it against the store, and brings it up to
   * date: adds vectors stored since, marks removed chunks deleted, compacts past 20 % deletions,
   * or rebuilds from the stored vectors when the file is missing, damaged or for another model.
   */
  static async open(store: Store, model: string, dim: number, settings: HnswSettings, logger: Logger, options: HnswOpenOptions = {}): Promise<HnswIndexFile> {
    const self = new HnswIndexFile(store, model, dim, settings, logger, options.persist ?? true, options.owner ?? false);
    await self.load(options.rebuild ? "a rebuild was requested" : undefined);
    return self;
  }

  /** Live vectors in the index. */
  get size(): number {
    return this.live.size;
  }

  /** Labels marked deleted but still in the graph. */
  get deletedCount(): number {
    return this.labels.size - this.live.size;
  }

  /** The store generation this index reflects. */
  get reconciledGeneration(): number {
    return this.generation;
  }

  /**
   * Nearest chunks to a unit vector, best first; score is the cosine similarity. With `allows`,
   * only chunks it accepts: hnswlib applies the filter while walking the graph, so k allowed
   * chunks come back whenever there are that many.
   */
  search(vector: Float32Array, limit: number, allows?: (chunkId: number) => boolean): RankedChunk[] {
    const k = Math.min(Math.floor(limit), this.live.size);
    if (k <= 0) return [];
    this.index.setEf(Math.max(this.settings.efSearch, k));
    const result = allows ? this.index.searchKnn(Array.from(vector), k, allows) : this.index.searchKnn(Array.from(vector), k);
    return result.neighbors.map((chunkId, i) => ({ chunkId, score: 1 - (result.distances[i] ?? 1) }));
  }

  /** True when neither the chunks (store generation) nor the file (another process saved) changed since. */
  isCurrent(): boolean {
    return this.store.generation() === this.generation && this.store.getMeta(HNSW_VERSION_KEY) === this.versionSeen;
  }

  /** Brings the index up to date after another process changed the store or the file. */
  async refresh(): Promise<void> {
    const record = this.store.getMeta(HNSW_META_KEY);
    if (record !== this.recordText) {
      // Another process saved a newer file: start from it rather than patching ours.
      await this.load(undefined);
    } else {
      // Patched in memory only: a reader (the bot) refreshes while a writer commits document
      // after document, and saving the whole file each time would cost it an fsync of the index
      // and a wait for the writer's lock per commit. The writer saves once when it is done; an
      // unsaved patch is redone from the stored vectors by the next open.
      await this.reconcile();
    }
  }

  /**
   * Writes the index (temp file, fsync, rename, fsync dir) and its record, unless another process
   * saved since this state was loaded. Returns whether this process's index is now on disk.
   */
  async save(): Promise<boolean> {
    const dir = path.dirname(this.file);
    const temp = `${this.file}.tmp-${process.pid}-${randomBytes(4).toString("hex")}`;
    try {
      this.removeStaleTemps(dir);
      await this.index.writeIndex(temp);
      fsyncFile(temp);
      const { sha256, bytes } = await sha256File(temp);
      const record: HnswRecord = {
        format: 1,
        model: this.model,
        dim: this.dim,
        space: "ip",
        generation: this.generation,
        count: this.live.size,
        deleted: [...this.labels].filter((label) => !this.live.has(label)).sort((a, b) => a - b),
        bytes,
        sha256,
        m: this.settings.m,
        efConstruction: this.settings.efConstruction,
        savedAt: new Date().toISOString(),
      };
      const text = JSON.stringify(record);
      // The IMMEDIATE transaction is the cross-process lock: the rename and the record change
      // together, and only if nobody saved since our state was read.
      const committed = this.store.db
        .transaction(() => {
          if (this.store.getMeta(HNSW_META_KEY) !== this.recordText) return false;
          fs.renameSync(temp, this.file);
          fsyncDirectory(dir);
          this.store.setMeta(HNSW_META_KEY, text);
          this.store.setMeta(HNSW_VERSION_KEY, sha256);
          return true;
        })
        .immediate();
      if (!committed) {
        fs.rmSync(temp, { force: true });
        return false;
      }
      this.recordText = text;
      this.versionSeen = sha256;
      this.dirty = false;
      return true;
    } catch (error) {
      fs.rmSync(temp, { force: true });
      // A read-only data dir must not break search: the in-memory index still works.
      this.logger.warn({ err: error instanceof Error ? error.message : String(error), file: this.file }, "could not save the dense index; it stays in memory");
      return false;
    }
  }

  private removeStaleTemps(dir: string): void {
    const prefix = `${HNSW_FILE}.tmp-`;
    for (const name of fs.readdirSync(dir)) {
      if (!name.startsWith(prefix)) continue;
      const full = path.join(dir, name);
      try {
        // Only temps no live writer can own (a crash left them behind), each the size of a whole
        // index: old ones, or those whose process is gone (after a grace period, in case the pid
        // is from another container's pid namespace and its writer is still at work).
        const age = Date.now() - fs.statSync(full).mtimeMs;
        const pid = Number(/^\d+/.exec(name.slice(prefix.length))?.[0]);
        const orphan = pid > 0 && pid !== process.pid && age > ORPHAN_TEMP_MS && !isProcessAlive(pid);
        if (orphan || age > STALE_TEMP_MS) fs.rmSync(full, { force: true });
      } catch {
        // Another process removed it first.
      }
    }
  }

  private async load(forceReason: string | undefined): Promise<void> {
    const started = Date.now();
    // Read before building, so a save by another process during our build wins the CAS.
    const recordBefore = this.store.getMeta(HNSW_META_KEY);
    const versionBefore = this.store.getMeta(HNSW_VERSION_KEY);
    const loaded = forceReason ? { reason: forceReason } : await this.readFile();
    let keepInMemory = false;
    if ("reason" in loaded) {
      // Overwriting is fine when nobody can use the old file any more (its vectors are gone).
      keepInMemory = !this.owner && loaded.otherModel !== undefined && this.store.vectorModels().some((m) => m.model === loaded.otherModel);
      this.build();
      this.recordText = recordBefore;
      this.versionSeen = versionBefore;
      this.origin = "rebuilt";
      this.dirty = true;
      const log = fs.existsSync(this.file) && !forceReason ? this.logger.warn.bind(this.logger) : this.logger.info.bind(this.logger);
      log({ reason: loaded.reason, vectors: this.live.size, ms: Date.now() - started }, `dense index rebuilt from stored vectors: ${loaded.reason}`);
    } else {
      this.index = loaded.index;
      this.labels = new Set(loaded.index.getIdsList());
      const deleted = new Set(loaded.record.deleted);
      this.live = new Set([...this.labels].filter((label) => !deleted.has(label)));
      this.generation = loaded.record.generation;
      this.recordText = loaded.recordText;
      this.versionSeen = loaded.record.sha256;
      this.origin = "loaded";
      this.dirty = false;
      const change = await this.reconcile();
      if (change) {
        this.origin = change.rebuilt ? "rebuilt" : "updated";
        this.logger.info(
          { added: change.added, removed: change.removed, vectors: this.live.size, ms: Date.now() - started },
          change.rebuilt ? "dense index compacted" : "dense index updated",
        );
      }
    }
    if (this.dirty && this.persist && !keepInMemory) await this.save();
  }

  /** Reads and verifies the file against its record; a reason when it cannot be used. */
  private async readFile(): Promise<Loaded | { reason: string; otherModel?: string }> {
    let problem = "";
    for (let attempt = 0; attempt < SAVE_ATTEMPTS; attempt++) {
      const recordText = this.store.getMeta(HNSW_META_KEY);
      const record = parseRecord(recordText);
      if (!fs.existsSync(this.file)) return { reason: "the index file is missing" };
      if (!record || !recordText) return { reason: "the store has no record of how the index file was built" };
      if (record.model !== this.model) return { reason: `the index file was built for model ${record.model}`, otherModel: record.model };
      if (record.dim !== this.dim || record.space !== "ip")
        return { reason: `the index file has ${record.dim} dimensions, the model ${this.dim}`, otherModel: record.model };
      const before = fs.statSync(this.file);
      if (before.size !== record.bytes) {
        problem = `the index file is truncated or damaged (${before.size} bytes, expected ${record.bytes})`;
      } else if ((await sha256File(this.file)).sha256 !== record.sha256) {
        problem = "the index file is damaged (checksum mismatch)";
      } else {
        // Size and checksum match what was written, so hnswlib gets a complete file (it can
        // crash on a truncated one, which is why it never sees an unverified file).
        const index = new hnswlib.HierarchicalNSW("ip", this.dim);
        try {
          await index.readIndex(this.file);
          const after = fs.statSync(this.file);
          if (after.ino === before.ino && after.mtimeMs === before.mtimeMs && index.getNumDimensions() === this.dim) return { index, record, recordText };
          problem = "the index file changed while it was read";
          continue;
        } catch (error) {
          problem = `hnswlib could not read the index file (${error instanceof Error ? error.message : String(error)})`;
        }
      }
      // A mismatch right after another process replaced file and record is not damage: retry.
      if (this.store.getMeta(HNSW_META_KEY) === recordText) break;
    }
    return { reason: problem };
  }

  /** Builds a fresh graph from every stored vector of the model (no embedding involved). */
  private build(): void {
    const index = new hnswlib.HierarchicalNSW("ip", this.dim);
    const labels = new Set<number>();
    const run = this.store.db.transaction(() => {
      const generation = this.store.generation();
      const count = this.store.db.prepare("SELECT count(*) FROM chunk_vectors WHERE model = ? AND dim = ?").pluck().get(this.model, this.dim) as number;
      index.initIndex({ maxElements: capacityFor(count), m: this.settings.m, efConstruction: this.settings.efConstruction, randomSeed: RANDOM_SEED });
      for (const { chunkId, vector } of this.store.iterateVectors(this.model)) {
        if (vector.length !== this.dim) continue;
        index.addPoint(Array.from(vector), chunkId);
        labels.add(chunkId);
      }
      return generation;
    });
    this.generation = run();
    this.index = index;
    this.labels = labels;
    this.live = new Set(labels);
  }

  /** Applies the difference between the graph and the stored vectors; compacts when needed. */
  private async reconcile(): Promise<{ added: number; removed: number; rebuilt: boolean } | undefined> {
    const { generation, ids } = snapshotIds(this.store, this.model, this.dim);
    const stored = new Set(ids);
    const removed = [...this.live].filter((label) => !stored.has(label));
    const added = ids.filter((id) => !this.live.has(id));
    if (removed.length === 0 && added.length === 0) {
      // Same vectors, newer generation (text-only commits): nothing worth rewriting the file for.
      this.generation = generation;
      return undefined;
    }
    const labelsAfter = new Set([...this.labels, ...added]).size;
    const deletedAfter = labelsAfter - ids.length;
    if (deletedAfter > COMPACT_RATIO * labelsAfter) {
      this.build();
      this.dirty = true;
      return { added: added.length, removed: removed.length, rebuilt: true };
    }
    for (const label of removed) {
      this.index.markDelete(label);
      this.live.delete(label);
    }
    if (labelsAfter > this.index.getMaxElements()) {
      this.index.resizeIndex(Math.max(labelsAfter, Math.ceil(this.index.getMaxElements() * GROWTH)));
    }
    // Re-adding a label that was marked deleted replaces its vector and unmarks it (hnswlib).
    for (const { chunkId, vector } of vectorsByIds(this.store, this.model, added)) {
      this.index.addPoint(vector, chunkId);
      this.labels.add(chunkId);
      this.live.add(chunkId);
    }
    this.generation = generation;
    this.dirty = true;
    return { added: added.length, removed: removed.length, rebuilt: false };
  }
}

/**
 * Brings vectors.hnsw up to date with the stored vectors of a model and makes sure the result is
 * on disk, retrying when another process saved in between. Returns the up-to-date index.
 */
export async function updateIndexFile(
  store: Store,
  model: string,
  dim: number,
  settings: HnswSettings,
  logger: Logger,
  options: { rebuild?: boolean } = {},
): Promise<HnswIndexFile> {
  let index = await HnswIndexFile.open(store, model, dim, settings, logger, { rebuild: options.rebuild, persist: true, owner: true });
  for (let attempt = 1; attempt < SAVE_ATTEMPTS && !index.isCurrent(); attempt++) {
    index = await HnswIndexFile.open(store, model, dim, settings, logger, { persist: true, owner: true });
  }
  return index;
}
