// Ingestion of files and folders into the store: load → clean → chunk → terms → one atomic
// write per document. Unchanged files (same content hash) are skipped, changed ones replaced,
// and one bad file is reported without stopping the batch.
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import type { Logger } from "../log.js";
import type { Store } from "../store/store.js";
import { isUserError, oneLine, UserError } from "../errors.js";
import { detectLanguage } from "../text/script.js";
import { indexText } from "../text/segment.js";
import { chunkText, type Chunk } from "./chunk.js";
import { cleanText } from "./clean.js";
import { isSupportedFile, loadFile, type LoadedFile } from "./load.js";

export type DocumentStatus = "added" | "updated" | "unchanged";

export interface IngestSummary {
  added: number;
  updated: number;
  unchanged: number;
  skipped: { path: string; reason: string }[];
  failed: { path: string; reason: string }[];
  removed: { path: string; title: string }[];
  chunks: number;
  seconds: number;
  documents: { path: string; title: string; status: DocumentStatus; chunks: number }[];
  /** Ids of chunks written by this run (the dense leg embeds them). */
  newChunkIds: number[];
  /** Ids of chunks removed by this run (replaced or pruned documents). */
  removedChunkIds: number[];
}

export interface IngestOptions {
  prune?: boolean;
  maxFileBytes: number;
  /** Called once per file, after it is handled. */
  onFile?: (event: { index: number; total: number; path: string; outcome: string }) => void;
  logger?: Logger;
}

/** A document ready to store: what cleaning and chunking made of a loaded file. */
export interface PreparedDocument {
  title: string;
  language: string;
  cleanedText: string;
  chunks: Chunk[];
}

/** Cleans and chunks loaded text; pure, so tests and benchmarks can call it directly. */
export function prepareDocument(loaded: Pick<LoadedFile, "text" | "title">, fallbackTitle: string): PreparedDocument {
  const cleaned = cleanText(loaded.text, loaded.title);
  const chunks = chunkText(cleaned.text);
  return {
    title: (loaded.title ?? cleaned.title ?? fallbackTitle).trim() || fallbackTitle,
    language: detectLanguage(cleaned.text),
    cleanedText: cleaned.text,
    chunks,
  };
}

interface Candidate {
  file: string;
  explicit: boolean;
}

/** Expands files and folders (recursively, following no symlink loop) into candidate files. */
function expandPaths(inputs: readonly string[], failed: IngestSummary["failed"], skipped: IngestSummary["skipped"]): Candidate[] {
  const out: Candidate[] = [];
  const seenDirs = new Set<string>();
  const walk = (dir: string): void => {
    let real: string;
    try {
      real = fs.realpathSync(dir);
    } catch {
      failed.push({ path: dir, reason: "cannot resolve the folder" });
      return;
    }
    if (seenDirs.has(real)) {
      skipped.push({ path: dir, reason: "folder already visited (symlink loop)" });
      return;
    }
    seenDirs.add(real);
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch (error) {
      failed.push({ path: dir, reason: `cannot read the folder (${(error as NodeJS.ErrnoException).code ?? "error"})` });
      return;
    }
    for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
      if (entry.name.startsWith(".")) continue;
      const full = path.join(dir, entry.name);
      let isDir = entry.isDirectory();
      if (entry.isSymbolicLink()) {
        try {
          isDir = fs.statSync(full).isDirectory();
        } catch {
          skipped.push({ path: full, reason: "broken symbolic link" });
          continue;
        }
      }
      if (isDir) walk(full);
      else if (isSupportedFile(full)) out.push({ file: full, explicit: false });
      else skipped.push({ path: full, reason: "unsupported file type" });
    }
  };
  for (const input of inputs) {
    const full = path.resolve(input);
    let stat: fs.Stats;
    try {
      stat = fs.statSync(full);
    } catch {
      failed.push({ path: input, reason: "no such file or folder" });
      continue;
    }
    if (stat.isDirectory()) walk(full);
    else out.push({ file: full, explicit: true });
  }
  return out;
}

/** Ingests files and folders into the store and returns what happened. */
export function ingestPaths(store: Store, inputs: readonly string[], options: IngestOptions): IngestSummary {
  const started = performance.now();
  const summary: IngestSummary = {
    added: 0,
    updated: 0,
    unchanged: 0,
    skipped: [],
    failed: [],
    removed: [],
    chunks: 0,
    seconds: 0,
    documents: [],
    newChunkIds: [],
    removedChunkIds: [],
  };
  const candidates = expandPaths(inputs, summary.failed, summary.skipped);
  candidates.forEach((candidate, index) => {
    const outcome = ingestOne(store, candidate.file, options, summary);
    options.onFile?.({ index: index + 1, total: candidates.length, path: candidate.file, outcome });
  });
  if (options.prune) {
    for (const doc of store.listDocuments()) {
      if (/^[a-z]+:\/\//i.test(doc.source) || fs.existsSync(doc.source)) continue;
      summary.removedChunkIds.push(...store.removeDocument(doc.id));
      summary.removed.push({ path: doc.source, title: doc.title });
    }
  }
  summary.seconds = (performance.now() - started) / 1000;
  return summary;
}

function ingestOne(store: Store, file: string, options: IngestOptions, summary: IngestSummary): string {
  let source = file;
  try {
    source = fs.realpathSync(file);
    const loaded = loadFile(source, options.maxFileBytes);
    const contentHash = crypto.createHash("sha256").update(loaded.raw).digest("hex");
    const existing = store.documentBySource(source);
    if (existing && existing.contentHash === contentHash) {
      summary.unchanged++;
      summary.documents.push({ path: source, title: existing.title, status: "unchanged", chunks: existing.chunkCount });
      return "unchanged";
    }
    const prepared = prepareDocument(loaded, path.basename(source, path.extname(source)));
    if (prepared.chunks.length === 0) throw new UserError("no text content after cleaning");
    const result = store.replaceDocument(
      { source, url: loaded.url, title: prepared.title, contentHash, language: prepared.language, bytes: loaded.bytes },
      prepared.chunks.map((chunk) => ({
        headingPath: chunk.headingPath,
        text: chunk.text,
        start: chunk.start,
        end: chunk.end,
        terms: indexText(chunk.text),
        headingTerms: indexText(chunk.headingPath.join(" ")),
      })),
    );
    const status: DocumentStatus = existing ? "updated" : "added";
    summary[status]++;
    summary.chunks += result.chunkIds.length;
    summary.newChunkIds.push(...result.chunkIds);
    summary.removedChunkIds.push(...result.removedChunkIds);
    summary.documents.push({ path: source, title: prepared.title, status, chunks: result.chunkIds.length });
    return status;
  } catch (error) {
    const reason = oneLine(error);
    if (!isUserError(error)) options.logger?.error({ file: source, err: reason }, "ingest failed");
    summary.failed.push({ path: file, reason });
    return `failed: ${reason}`;
  }
}
