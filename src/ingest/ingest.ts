// Ingestion of files, folders and web addresses into the store: load → title → clean → chunk →
// terms → profile → one atomic write per document. Unchanged documents (same content hash) are
// skipped, changed ones replaced, exact duplicates of another document skipped (near-duplicates
// stored and reported), and one bad input is reported without stopping the batch. ingestSources reads every
// format (PDF, Word and URLs need async parsing); ingestPaths is its synchronous sibling for
// text, Markdown and HTML files.
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import picomatch from "picomatch";
import type { Logger } from "../log.js";
import type { CollectionId, Store } from "../store/store.js";
import { isUserError, oneLine, UserError } from "../errors.js";
import { detectLanguage } from "../text/script.js";
import { indexText } from "../text/segment.js";
import { chunkText, type Chunk } from "./chunk.js";
import { cleanText } from "./clean.js";
import { DuplicateFinder, fingerprint } from "./duplicates.js";
import { isUrl, normaliseUrl } from "../urls.js";
import { assertSupportedFile, isSupportedFile, isSyncSupportedFile, loadUrl, parseDocument, parseFile, readFileChecked, type LoadedFile } from "./load.js";
import { findDocumentDate } from "./metadata.js";
import { buildProfile } from "./profile.js";
import { chooseTitle, withoutSiteName } from "./title.js";
import { markPages, pageAt, stripPageMarkers, type PageStart } from "./pages.js";

export type DocumentStatus = "added" | "updated" | "unchanged";

export interface IngestSummary {
  added: number;
  updated: number;
  unchanged: number;
  skipped: { path: string; reason: string }[];
  failed: { path: string; reason: string }[];
  removed: { path: string; title: string }[];
  /**
   * Documents whose text matches another document: `stored` false for exact duplicates (same
   * text: not stored, also listed in `skipped`), true for near-duplicates (stored, reported).
   */
  duplicates: { path: string; of: string; similarity: number; stored: boolean }[];
  chunks: number;
  /** PDF pages read by this run. */
  pages: number;
  seconds: number;
  /** One entry per document handled; `note` says when loading departed from the usual path (main content too small…). */
  documents: { path: string; title: string; status: DocumentStatus; chunks: number; note?: string }[];
  /** Ids of chunks written by this run (the dense leg embeds them). */
  newChunkIds: number[];
  /** Ids of chunks removed by this run (replaced or pruned documents). */
  removedChunkIds: number[];
}

export interface IngestOptions {
  prune?: boolean;
  /** The collection to add to: a chat's (its id) or, by default, the shared library. */
  chatId?: CollectionId;
  maxFileBytes: number;
  /** Globs a file inside a folder must match (relative to the folder; a pattern without "/" matches the file name). */
  include?: readonly string[];
  /** Globs of files and folders inside a folder to leave out. */
  exclude?: readonly string[];
  /** Time limit of one URL fetch (default 15 s). */
  fetchTimeoutMs?: number;
  /** Called once the inputs are expanded, with the number of documents to handle. */
  onStart?: (total: number) => void;
  /** Called once per file, after it is handled. */
  onFile?: (event: { index: number; total: number; path: string; outcome: string }) => void;
  logger?: Logger;
}

/** A chunk with the page it starts on (paged formats only). */
export interface PagedChunk extends Chunk {
  page?: number;
}

/** A document ready to store: what cleaning and chunking made of a loaded file. */
export interface PreparedDocument {
  title: string;
  language: string;
  /** The date the text states for itself (ISO yyyy-mm-dd), if any. */
  docDate?: string;
  cleanedText: string;
  chunks: PagedChunk[];
}

/**
 * Gives a chunk its page; a chunk that runs over a page break is cut there (page starts are
 * paragraph starts), so every citation names the page its passage is really on.
 */
function splitAtPages(text: string, chunk: Chunk, pages: readonly PageStart[]): PagedChunk[] {
  if (pages.length === 0) return [chunk];
  const cuts = pages.map((p) => p.offset).filter((offset) => offset > chunk.start && offset < chunk.end);
  const bounds = [chunk.start, ...new Set(cuts), chunk.end];
  const out: PagedChunk[] = [];
  for (let i = 0; i + 1 < bounds.length; i++) {
    const piece = text.slice(bounds[i], bounds[i + 1]);
    const start = bounds[i]! + (piece.length - piece.trimStart().length);
    const end = bounds[i + 1]! - (piece.length - piece.trimEnd().length);
    if (end <= start) continue;
    out.push({ headingPath: chunk.headingPath, start, end, text: text.slice(start, end), page: pageAt(pages, start) });
  }
  return out;
}

/**
 * The document's title heading says its title: a "# …" line that is the title with a site's name
 * after it ("# 國籍法-全國法規資料庫") is rewritten to the title, so passages cite "國籍法 › …".
 */
function titleHeading(text: string, title: string): string {
  return text.replace(/^(#{1,6}) (.+)$/m, (line, marks: string, label: string) =>
    label !== title && withoutSiteName(label) === title ? `${marks} ${title}` : line,
  );
}

/** Cleans and chunks loaded text; pure, so tests and benchmarks can call it directly. */
export function prepareDocument(loaded: Pick<LoadedFile, "text" | "title" | "pageStarts" | "date" | "titleSource">, fallbackTitle: string): PreparedDocument {
  // Page markers ride through the cleaner, then come out again with their offsets (pages.ts).
  const marked = loaded.pageStarts && loaded.pageStarts.length > 0 ? markPages(loaded.text, loaded.pageStarts) : loaded.text;
  const title = chooseTitle({ declared: loaded.title, declaredFromMetadata: loaded.titleSource === "metadata", text: loaded.text, fallback: fallbackTitle });
  const cleaned = cleanText(marked, title);
  const { text, pages } = stripPageMarkers(titleHeading(cleaned.text, title));
  const chunks: PagedChunk[] = chunkText(text).flatMap((chunk) => splitAtPages(text, chunk, pages));
  // The format's own date, a dateline of the loaded text, or one the cleaned text shows once menus are gone.
  const docDate = loaded.date ?? findDocumentDate(loaded.text) ?? findDocumentDate(text);
  return {
    title,
    language: detectLanguage(text),
    ...(docDate ? { docDate } : {}),
    cleanedText: text,
    chunks,
  };
}

interface Candidate {
  /** A file path, or a URL. */
  input: string;
  url: boolean;
}

interface ExpandOptions {
  include?: readonly string[];
  exclude?: readonly string[];
  /** Which files a folder walk picks up. */
  supported: (file: string) => boolean;
}

/** One matcher for several globs: a glob with "/" matches the relative path, one without matches the name. */
function globMatcher(patterns: readonly string[] | undefined): ((relative: string) => boolean) | undefined {
  if (!patterns || patterns.length === 0) return undefined;
  // picomatch's own `basename` option mishandles a list that mixes both kinds, so split them here.
  const matchers = patterns.map((pattern) => {
    const onPath = pattern.includes("/");
    const isMatch = picomatch(pattern.replace(/^\.\//, ""), { dot: true });
    return (relative: string): boolean => isMatch(onPath ? relative : path.posix.basename(relative));
  });
  return (relative) => matchers.some((m) => m(relative));
}

/** Expands files, folders (recursively, reporting symlink loops) and URLs into candidates. */
function expandInputs(inputs: readonly string[], summary: IngestSummary, options: ExpandOptions): Candidate[] {
  const out: Candidate[] = [];
  const include = globMatcher(options.include);
  const exclude = globMatcher(options.exclude);
  const seenDirs = new Set<string>();
  const seenFiles = new Set<string>();
  const addFile = (file: string): void => {
    let real = file;
    try {
      real = fs.realpathSync(file);
    } catch {
      // Reported when it is loaded.
    }
    if (seenFiles.has(real)) return; // the same file reached twice (a symbolic link to it)
    seenFiles.add(real);
    out.push({ input: file, url: false });
  };
  const walk = (dir: string, root: string): void => {
    let real: string;
    try {
      real = fs.realpathSync(dir);
    } catch {
      summary.failed.push({ path: dir, reason: "cannot resolve the folder" });
      return;
    }
    if (seenDirs.has(real)) {
      summary.skipped.push({ path: dir, reason: "folder already visited (symlink loop)" });
      return;
    }
    seenDirs.add(real);
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch (error) {
      summary.failed.push({ path: dir, reason: `cannot read the folder (${(error as NodeJS.ErrnoException).code ?? "error"})` });
      return;
    }
    for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
      if (entry.name.startsWith(".")) continue;
      const full = path.join(dir, entry.name);
      const relative = path.relative(root, full).split(path.sep).join("/");
      if (exclude?.(relative)) continue;
      let isDir = entry.isDirectory();
      if (entry.isSymbolicLink()) {
        try {
          isDir = fs.statSync(full).isDirectory();
        } catch (error) {
          const loop = (error as NodeJS.ErrnoException).code === "ELOOP";
          summary.skipped.push({ path: full, reason: loop ? "symbolic link loop" : "broken symbolic link" });
          continue;
        }
      }
      if (isDir) walk(full, root);
      else if (include && !include(relative)) continue;
      else if (options.supported(full)) addFile(full);
      else
        summary.skipped.push({
          path: full,
          reason: isSupportedFile(full) ? "PDF and Word files are read by ingestSources, not ingestPaths" : "unsupported file type",
        });
    }
  };
  for (const input of inputs) {
    if (isUrl(input)) {
      out.push({ input: input.trim(), url: true });
      continue;
    }
    const full = path.resolve(input);
    let stat: fs.Stats;
    try {
      stat = fs.statSync(full);
    } catch (error) {
      const loop = (error as NodeJS.ErrnoException).code === "ELOOP";
      summary.failed.push({ path: input, reason: loop ? "symbolic link loop" : "no such file or folder" });
      continue;
    }
    if (stat.isDirectory()) walk(full, full);
    else addFile(full);
  }
  return out;
}

function emptySummary(): IngestSummary {
  return {
    added: 0,
    updated: 0,
    unchanged: 0,
    skipped: [],
    failed: [],
    removed: [],
    duplicates: [],
    chunks: 0,
    pages: 0,
    seconds: 0,
    documents: [],
    newChunkIds: [],
    removedChunkIds: [],
  };
}

// Bumped whenever loading, cleaning, chunking or index terms change what a document yields: the hash then
// differs, so an existing index re-processes its documents once on the next ingest.
// 4: saved web pages through Readability, text said twice kept in the body, outline rules,
// titles by title.ts, every document gets its profile, and English index terms fold clitics
// ("what's") and -es plurals ("mixes"). 5: irregular past forms fold onto their verb ("lent").
// 6: <pre> keeps its line breaks, a list item's wrapped lines join, a paginated text's running
// footer goes, and more irregular past forms fold ("became"). 7: abbreviations a document
// defines. 8: CJK radicals and control characters in PDF text. 9: Markdown's raw HTML. 10–11: a
// calendar's dated items and a timetable's weekdays are sentences. 12: titles with initials.
// 13: one list of abbreviations for sentences and titles (Co., Corp., Dept. end no sentence).
// 14: compounds of "man" fold their plural ("chairmen" → "chairman").
const PROCESSING_VERSION = "14";

/** The content hash that decides "unchanged": the bytes and the processing that reads them. */
function sha256(data: Uint8Array | string): string {
  return crypto.createHash("sha256").update(`processing:${PROCESSING_VERSION}\0`).update(data).digest("hex");
}

/** Shared state of one ingest run. */
interface Run {
  store: Store;
  options: IngestOptions;
  summary: IngestSummary;
  duplicates: DuplicateFinder;
}

/** The outcome of one document for the progress line. */
type Outcome = string;

function unchanged(run: Run, source: string, contentHash: string): Outcome | undefined {
  const existing = run.store.documentBySource(source, run.options.chatId ?? null);
  if (!existing || existing.contentHash !== contentHash) return undefined;
  run.summary.unchanged++;
  run.summary.documents.push({ path: source, title: existing.title, status: "unchanged", chunks: existing.chunkCount });
  return "unchanged";
}

/** Cleans, chunks, checks for duplicates and stores one loaded document. */
function storeLoaded(run: Run, source: string, loaded: LoadedFile, contentHash: string, fallbackTitle: string): Outcome {
  const { store, summary } = run;
  if (loaded.pageStarts) summary.pages += loaded.pageStarts.length;
  const prepared = prepareDocument(loaded, fallbackTitle);
  if (prepared.chunks.length === 0) throw new UserError("no text content after cleaning");
  const fp = fingerprint(prepared.chunks);
  const duplicate = run.duplicates.find(source, fp);
  const existing = store.documentBySource(source, run.options.chatId ?? null);
  if (duplicate?.exact) {
    // The same text is already stored under another name: storing it twice would only make
    // answers cite one passage twice. A stale earlier version of this source goes too.
    if (existing) {
      summary.removedChunkIds.push(...store.removeDocument(existing.id));
      run.duplicates.forget(existing.id);
    }
    summary.duplicates.push({ path: source, of: duplicate.source, similarity: 1, stored: false });
    summary.skipped.push({ path: source, reason: `same text as "${duplicate.title}" (${duplicate.source})` });
    return "duplicate";
  }
  const profile = buildProfile({
    title: prepared.title,
    text: prepared.cleanedText,
    source: loaded.url ?? source,
    ...(prepared.docDate ? { date: prepared.docDate } : {}),
  });
  const result = store.replaceDocument(
    {
      source,
      chatId: run.options.chatId ?? null,
      url: loaded.url,
      title: prepared.title,
      contentHash,
      language: prepared.language,
      docDate: prepared.docDate,
      bytes: loaded.bytes,
      profile,
    },
    prepared.chunks.map((chunk) => ({
      headingPath: chunk.headingPath,
      text: chunk.text,
      start: chunk.start,
      end: chunk.end,
      ...(chunk.page !== undefined ? { page: chunk.page } : {}),
      terms: indexText(chunk.text),
      headingTerms: indexText(chunk.headingPath.join(" ")),
    })),
  );
  run.duplicates.add(result.documentId, source, prepared.title, contentHash, fp);
  if (duplicate) summary.duplicates.push({ path: source, of: duplicate.source, similarity: Math.round(duplicate.similarity * 100) / 100, stored: true });
  const status: DocumentStatus = existing ? "updated" : "added";
  summary[status]++;
  summary.chunks += result.chunkIds.length;
  summary.newChunkIds.push(...result.chunkIds);
  summary.removedChunkIds.push(...result.removedChunkIds);
  summary.documents.push({ path: source, title: prepared.title, status, chunks: result.chunkIds.length, ...(loaded.note ? { note: loaded.note } : {}) });
  return status;
}

/** The canonical path of a file that exists (a file may vanish between listing and loading). */
function realFile(file: string): string {
  try {
    return fs.realpathSync(file);
  } catch (error) {
    throw new UserError((error as NodeJS.ErrnoException).code === "ELOOP" ? "symbolic link loop" : "no such file");
  }
}

function fileTitle(file: string): string {
  return path.basename(file, path.extname(file));
}

function urlTitle(url: string): string {
  const parsed = new URL(url);
  const last = parsed.pathname.split("/").filter(Boolean).pop();
  if (!last) return parsed.hostname;
  let name = last;
  try {
    name = decodeURIComponent(last);
  } catch {
    // A malformed %-escape: the raw segment is still a fine last-resort title.
  }
  return name.replace(/\.[a-z0-9]+$/i, "");
}

function failure(run: Run, input: string, error: unknown): Outcome {
  const reason = oneLine(error);
  if (!isUserError(error)) run.options.logger?.error({ file: input, err: reason }, "ingest failed");
  run.summary.failed.push({ path: input, reason });
  return `failed: ${reason}`;
}

function finish(run: Run, started: number): IngestSummary {
  const { store, summary, options } = run;
  if (options.prune) {
    for (const doc of store.listDocuments()) {
      if (/^[a-z]+:\/\//i.test(doc.source) || fs.existsSync(doc.source)) continue;
      summary.removedChunkIds.push(...store.removeDocument(doc.id));
      run.duplicates.forget(doc.id);
      summary.removed.push({ path: doc.source, title: doc.title });
    }
  }
  summary.seconds = (performance.now() - started) / 1000;
  return summary;
}

/** Ingests files, folders and URLs of every supported format into the store and returns what happened. */
export async function ingestSources(store: Store, inputs: readonly string[], options: IngestOptions): Promise<IngestSummary> {
  const started = performance.now();
  const run: Run = { store, options, summary: emptySummary(), duplicates: new DuplicateFinder(store, options.chatId ?? null) };
  const candidates = expandInputs(inputs, run.summary, { include: options.include, exclude: options.exclude, supported: isSupportedFile });
  options.onStart?.(candidates.length);
  for (const [index, candidate] of candidates.entries()) {
    let outcome: Outcome;
    let source = candidate.input;
    try {
      if (candidate.url) {
        source = normaliseUrl(candidate.input);
        const loaded = await loadUrl(source, options.maxFileBytes, options.fetchTimeoutMs);
        // Pages change their chrome (ads, tokens) on every visit: hash what we keep, not the bytes.
        const contentHash = sha256(`text:${loaded.text}`);
        outcome = unchanged(run, loaded.source, contentHash) ?? storeLoaded(run, loaded.source, loaded, contentHash, urlTitle(loaded.url ?? source));
      } else {
        source = realFile(candidate.input);
        assertSupportedFile(source);
        const raw = readFileChecked(source, options.maxFileBytes);
        const contentHash = sha256(raw);
        // The hash decides before parsing: an unchanged PDF costs a read, not a parse.
        outcome = unchanged(run, source, contentHash) ?? storeLoaded(run, source, await parseDocument(source, raw), contentHash, fileTitle(source));
      }
    } catch (error) {
      outcome = failure(run, candidate.input, error);
    }
    options.onFile?.({ index: index + 1, total: candidates.length, path: source, outcome });
  }
  return finish(run, started);
}

/**
 * Ingests text, Markdown and HTML files and folders synchronously (PDF, Word and URLs need
 * ingestSources); returns what happened.
 */
export function ingestPaths(store: Store, inputs: readonly string[], options: IngestOptions): IngestSummary {
  const started = performance.now();
  const run: Run = { store, options, summary: emptySummary(), duplicates: new DuplicateFinder(store, options.chatId ?? null) };
  const candidates = expandInputs(inputs, run.summary, { include: options.include, exclude: options.exclude, supported: isSyncSupportedFile });
  options.onStart?.(candidates.length);
  candidates.forEach((candidate, index) => {
    let outcome: Outcome;
    let source = candidate.input;
    try {
      if (candidate.url) throw new UserError("URLs are fetched by the asynchronous ingest (ingestSources)");
      source = realFile(candidate.input);
      assertSupportedFile(source);
      const raw = readFileChecked(source, options.maxFileBytes);
      const contentHash = sha256(raw);
      outcome = unchanged(run, source, contentHash) ?? storeLoaded(run, source, parseFile(source, raw), contentHash, fileTitle(source));
    } catch (error) {
      outcome = failure(run, candidate.input, error);
    }
    options.onFile?.({ index: index + 1, total: candidates.length, path: source, outcome });
  });
  return finish(run, started);
}
