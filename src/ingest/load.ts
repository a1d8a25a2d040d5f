// Loading one file: checks (exists, size, type), decoding, and the loader for its format.
// Returns structured text (Markdown-style headings) plus what the file says about itself.
import fs from "node:fs";
import path from "node:path";
import { UserError } from "../errors.js";
import { decodeBytes, declaredHtmlCharset } from "./decode.js";
import { htmlToText } from "./loaders/html.js";
import { markdownToText } from "./loaders/markdown.js";

export interface LoadedFile {
  /** Structured text: paragraphs separated by line breaks, headings as "#" lines. */
  text: string;
  title?: string;
  url?: string;
  encoding: string;
  bytes: number;
  /** Raw bytes, for the content hash. */
  raw: Uint8Array;
}

type Loader = (bytes: Uint8Array) => Omit<LoadedFile, "bytes" | "raw">;

const loadPlain: Loader = (bytes) => {
  const { text, encoding } = decodeBytes(bytes);
  return { text, encoding };
};

const loadMarkdown: Loader = (bytes) => {
  const { text, encoding } = decodeBytes(bytes);
  const md = markdownToText(text);
  return { text: md.text, title: md.title, encoding };
};

const loadHtml: Loader = (bytes) => {
  const { text, encoding } = decodeBytes(bytes, declaredHtmlCharset(bytes));
  const html = htmlToText(text);
  return { text: html.text, title: html.title, encoding };
};

/** Loaders by file extension (lower case, with the dot). */
export const LOADERS: Record<string, Loader> = {
  ".txt": loadPlain,
  ".text": loadPlain,
  ".md": loadMarkdown,
  ".markdown": loadMarkdown,
  ".html": loadHtml,
  ".htm": loadHtml,
  ".xhtml": loadHtml,
};

/** The file extensions ingest accepts. */
export function supportedExtensions(): string[] {
  return Object.keys(LOADERS);
}

/** True when a file name has an extension ingest can load. */
export function isSupportedFile(file: string): boolean {
  return path.extname(file).toLowerCase() in LOADERS;
}

/** Reads and converts one file; throws UserError with a one-line reason for user mistakes. */
export function loadFile(file: string, maxBytes: number): LoadedFile {
  const ext = path.extname(file).toLowerCase();
  const loader = LOADERS[ext];
  if (!loader) throw new UserError(`unsupported file type "${ext || "(none)"}" (supported: ${supportedExtensions().join(" ")})`);
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch {
    throw new UserError("no such file");
  }
  if (!stat.isFile()) throw new UserError("not a regular file");
  if (stat.size === 0) throw new UserError("the file is empty");
  if (stat.size > maxBytes) {
    throw new UserError(`the file is ${(stat.size / 1048576).toFixed(1)} MB, over the ${(maxBytes / 1048576).toFixed(0)} MB limit (MAX_FILE_MB)`);
  }
  let raw: Buffer;
  try {
    raw = fs.readFileSync(file);
  } catch (error) {
    throw new UserError(`cannot read the file (${(error as NodeJS.ErrnoException).code ?? "error"})`);
  }
  const loaded = loader(raw);
  return { ...loaded, bytes: raw.length, raw };
}
