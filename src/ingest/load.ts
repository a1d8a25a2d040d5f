// Loading one document: checks (exists, size, type), decoding, and the loader for its format —
// plain text, Markdown and HTML synchronously (loadFile), PDF and Word asynchronously
// (loadDocument), and web addresses (loadUrl: the content type picks the loader).
// Returns structured text (Markdown-style headings) plus what the document says about itself.
import fs from "node:fs";
import path from "node:path";
import { UserError } from "../errors.js";
import { decodeBytes, declaredHtmlCharset, normaliseCharset } from "./decode.js";
import { fetchUrl } from "./fetch-url.js";
import { docxToText } from "./loaders/docx.js";
import { webPageToText } from "./loaders/html.js";
import { markdownToText } from "./loaders/markdown.js";
import { pdfToText } from "./loaders/pdf.js";

export interface LoadedFile {
  /** Structured text: paragraphs separated by line breaks, headings as "#" lines. */
  text: string;
  title?: string;
  url?: string;
  encoding: string;
  bytes: number;
  /** Raw bytes, for the content hash. */
  raw: Uint8Array;
  /** Paged formats (PDF): the offset in `text` where each page starts (index 0 is page 1). */
  pageStarts?: number[];
  /** The date the format's metadata declares (a web page's publication time), ISO yyyy-mm-dd. */
  date?: string;
  /** Where the title came from: metadata of the format (PDF, Word) is trusted less than a heading. */
  titleSource?: "metadata" | "heading";
  /** Said in the ingest summary when loading departed from the usual path (see webPageToText). */
  note?: string;
}

type Loader = (bytes: Uint8Array) => Omit<LoadedFile, "bytes" | "raw">;
type AsyncLoader = (bytes: Uint8Array) => Promise<Omit<LoadedFile, "bytes" | "raw">>;

const loadPlain: Loader = (bytes) => {
  const { text, encoding } = decodeBytes(bytes);
  return { text, encoding };
};

const loadMarkdown: Loader = (bytes) => {
  const { text, encoding } = decodeBytes(bytes);
  const md = markdownToText(text);
  return { text: md.text, title: md.title, encoding };
};

// A saved web page is a web page: its article is found the same way as a fetched one's.
const loadHtml: Loader = (bytes) => {
  const { text, encoding } = decodeBytes(bytes, declaredHtmlCharset(bytes));
  return { ...webPage(text), encoding };
};

function webPage(html: string): Pick<LoadedFile, "text" | "title" | "date" | "note"> {
  const page = webPageToText(html);
  return { text: page.text, title: page.title, ...(page.date ? { date: page.date } : {}), ...(page.note ? { note: page.note } : {}) };
}

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

const loadPdf: AsyncLoader = async (bytes) => {
  const pdf = await pdfToText(bytes);
  return { text: pdf.text, title: pdf.title, encoding: "pdf", pageStarts: pdf.pageStarts, ...(pdf.titleSource ? { titleSource: pdf.titleSource } : {}) };
};

const loadDocx: AsyncLoader = async (bytes) => {
  const docx = await docxToText(bytes);
  return { text: docx.text, title: docx.title, encoding: "docx", ...(docx.titleSource ? { titleSource: docx.titleSource } : {}) };
};

/** Loaders of binary formats, which parse asynchronously (pdf.js, mammoth). */
export const ASYNC_LOADERS: Record<string, AsyncLoader> = {
  ".pdf": loadPdf,
  ".docx": loadDocx,
};

/** The file extensions ingest accepts. */
export function supportedExtensions(): string[] {
  return [...Object.keys(LOADERS), ...Object.keys(ASYNC_LOADERS)];
}

/** True when a file name has an extension ingest can load. */
export function isSupportedFile(file: string): boolean {
  const ext = path.extname(file).toLowerCase();
  return ext in LOADERS || ext in ASYNC_LOADERS;
}

/** True when loadFile (synchronous) can load the file: text, Markdown and HTML. */
export function isSyncSupportedFile(file: string): boolean {
  return path.extname(file).toLowerCase() in LOADERS;
}

/** Throws UserError unless ingest can load files of this type. */
export function assertSupportedFile(file: string): void {
  if (!isSupportedFile(file)) {
    const ext = path.extname(file).toLowerCase();
    throw new UserError(`unsupported file type "${ext || "(none)"}" (supported: ${supportedExtensions().join(" ")})`);
  }
}

/** Checks a file (exists, regular, not empty, within the size limit) and reads its bytes; one-line reasons. */
export function readFileChecked(file: string, maxBytes: number): Buffer {
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
  try {
    return fs.readFileSync(file);
  } catch (error) {
    throw new UserError(`cannot read the file (${(error as NodeJS.ErrnoException).code ?? "error"})`);
  }
}

/** Converts the bytes of a text, Markdown or HTML file (chosen by its extension). */
export function parseFile(file: string, raw: Uint8Array): LoadedFile {
  assertSupportedFile(file);
  const ext = path.extname(file).toLowerCase();
  const loader = LOADERS[ext];
  if (!loader) throw new UserError(`${ext} files are read asynchronously (loadDocument)`);
  return { ...loader(raw), bytes: raw.length, raw };
}

/** Converts the bytes of a file of any supported format (chosen by its extension). */
export async function parseDocument(file: string, raw: Uint8Array): Promise<LoadedFile> {
  const asyncLoader = ASYNC_LOADERS[path.extname(file).toLowerCase()];
  if (!asyncLoader) return parseFile(file, raw);
  return { ...(await asyncLoader(raw)), bytes: raw.length, raw };
}

/** Reads and converts one text, Markdown or HTML file; throws UserError with a one-line reason for user mistakes. */
export function loadFile(file: string, maxBytes: number): LoadedFile {
  assertSupportedFile(file);
  return parseFile(file, readFileChecked(file, maxBytes));
}

/** Reads and converts a file of any supported format (PDF and Word included). */
export async function loadDocument(file: string, maxBytes: number): Promise<LoadedFile> {
  assertSupportedFile(file);
  return parseDocument(file, readFileChecked(file, maxBytes));
}

const WORD_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

/** The loader for fetched bytes: by content type first, then by the URL's extension. */
function loaderForResponse(mediaType: string, url: string, bytes: Uint8Array): "pdf" | "docx" | "html" | "markdown" | "text" | undefined {
  if (mediaType === "application/pdf" || mediaType === "application/x-pdf") return "pdf";
  if (mediaType === WORD_TYPE) return "docx";
  if (mediaType === "text/html" || mediaType === "application/xhtml+xml") return "html";
  if (mediaType === "text/markdown" || mediaType === "text/x-markdown") return "markdown";
  if (mediaType === "text/plain") return /\.(md|markdown)$/i.test(new URL(url).pathname) ? "markdown" : "text";
  // Servers often say application/octet-stream: trust the extension, then the bytes.
  const ext = path.extname(new URL(url).pathname).toLowerCase();
  if (ext === ".pdf" || Buffer.from(bytes.subarray(0, 5)).toString("latin1") === "%PDF-") return "pdf";
  if (ext === ".docx") return "docx";
  if (ext === ".md" || ext === ".markdown") return "markdown";
  if (ext === ".txt") return "text";
  if (ext === ".html" || ext === ".htm" || /^\s*<(!doctype html|html)/i.test(Buffer.from(bytes.subarray(0, 256)).toString("latin1"))) return "html";
  return undefined;
}

/** Fetches a web address and converts what it serves (HTML page, PDF, Word, text). */
export async function loadUrl(input: string, maxBytes: number, timeoutMs?: number): Promise<LoadedFile & { source: string }> {
  const fetched = await fetchUrl(input, { maxBytes, timeoutMs });
  const { bytes } = fetched;
  if (bytes.length === 0) throw new UserError("the page is empty");
  const kind = loaderForResponse(fetched.mediaType, fetched.finalUrl, bytes);
  const base = { source: fetched.url, url: fetched.finalUrl, bytes: bytes.length, raw: bytes };
  switch (kind) {
    case "pdf":
      return { ...(await loadPdf(bytes)), ...base };
    case "docx":
      return { ...(await loadDocx(bytes)), ...base };
    case "html": {
      // The HTTP header outranks <meta>, which outranks detection (as in browsers).
      const declared = normaliseCharset(fetched.charset) ?? declaredHtmlCharset(bytes);
      const { text, encoding } = decodeBytes(bytes, declared);
      return { ...webPage(text), encoding, ...base };
    }
    case "markdown":
    case "text": {
      const { text, encoding } = decodeBytes(bytes, normaliseCharset(fetched.charset));
      const md = kind === "markdown" ? markdownToText(text) : { text, title: undefined };
      return { text: md.text, title: md.title, encoding, ...base };
    }
    default:
      throw new UserError(`unsupported content type "${fetched.mediaType || "(none)"}" at ${fetched.finalUrl}`);
  }
}
