// `npm run docs -- list | show <id> | remove <id|path|url> | unanswered`: the management view
// of the collections — what is stored (title, collection, language, chunks, date, source, when
// ingested), what one document was cut into (chunks with heading paths and pages), removing a
// document, and the questions the bot could not answer (the same report as /unanswered).
import path from "node:path";
import { parseArgs } from "node:util";
import { loadConfig } from "../config.js";
import { UserError } from "../errors.js";
import { findDocument } from "../store/find.js";
import { acquireWriterLock } from "../store/lock.js";
import { Store, type ChunkRow, type CollectionId, type DocumentRow } from "../store/store.js";
import { unansweredReport, type UnansweredReport } from "../store/unanswered.js";
import { runCli } from "./run.js";

const USAGE =
  "usage: npm run docs -- list [--json] | show <id|path|url> [--full] [--json] | remove <id|path|url> [--wait SECONDS] | unanswered [--json] [--limit N]";

/** A document's collection as a column: "shared", or "chat <id>". */
function collectionName(chatId: CollectionId): string {
  return chatId === null ? "shared" : `chat ${chatId}`;
}

function displaySource(source: string): string {
  if (/^[a-z]+:\/\//i.test(source)) return source;
  const relative = path.relative(process.cwd(), source);
  return relative.startsWith("..") ? source : relative;
}

const WIDE = /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/;

/** Cuts or pads text to a display width, counting CJK characters as two columns. */
function fitWidth(text: string, width: number): string {
  const columns = (ch: string): number => (WIDE.test(ch) ? 2 : 1);
  const total = [...text].reduce((n, ch) => n + columns(ch), 0);
  if (total <= width) return text + " ".repeat(width - total);
  let out = "";
  let used = 0;
  for (const ch of text) {
    if (used + columns(ch) > width - 1) break;
    out += ch;
    used += columns(ch);
  }
  return `${out}…${" ".repeat(width - used - 1)}`;
}

/** The documents as a table, one line each. */
function formatDocumentList(docs: readonly DocumentRow[]): string {
  if (docs.length === 0) return "No documents yet: add some with `npm run ingest -- <files, folders or URLs>`.";
  const idWidth = Math.max(2, ...docs.map((d) => String(d.id).length));
  const collectionWidth = Math.max(10, ...docs.map((d) => collectionName(d.chatId).length));
  const lines = [
    `${"id".padStart(idWidth)}  ${fitWidth("title", 40)}  ${"collection".padEnd(collectionWidth)}  ${"language".padEnd(8)}  ${"chunks".padStart(6)}  ${"date".padEnd(10)}  ${"ingested at".padEnd(16)}  source`,
  ];
  for (const d of docs) {
    lines.push(
      [
        String(d.id).padStart(idWidth),
        fitWidth(d.title, 40),
        collectionName(d.chatId).padEnd(collectionWidth),
        d.language.padEnd(8),
        String(d.chunkCount).padStart(6),
        (d.docDate ?? "-").padEnd(10),
        d.ingestedAt.slice(0, 16).replace("T", " "),
        d.url ?? displaySource(d.source),
      ].join("  "),
    );
  }
  const chunks = docs.reduce((n, d) => n + d.chunkCount, 0);
  const chats = new Set(docs.filter((d) => d.chatId !== null).map((d) => d.chatId)).size;
  const shared = docs.filter((d) => d.chatId === null).length;
  lines.push(
    `${docs.length} document${docs.length === 1 ? "" : "s"}, ${chunks} chunks (shared library: ${shared}; ${chats} chat collection${chats === 1 ? "" : "s"}: ${docs.length - shared})`,
  );
  return lines.join("\n");
}

/** The unanswered questions as text: the most recent, then the most repeated. */
function formatUnanswered(report: UnansweredReport): string {
  if (report.total === 0) return "No unanswered questions logged yet.";
  const where = (chatId: number | null): string => (chatId === null ? "-" : chatId < 0 ? `group ${chatId}` : "private chat");
  const lines = [`${report.total} unanswered question${report.total === 1 ? "" : "s"} logged`, "", "Most recent:"];
  for (const e of report.recent) {
    lines.push(
      `  ${e.createdAt.slice(0, 16).replace("T", " ")}  ${where(e.chatId)}  ${e.reason}${e.check ? ` (${e.check})` : ""}  [${e.language}]  ${e.question}`,
    );
    if (e.candidate) lines.push(`      closest passage: ${e.candidate}`);
  }
  lines.push("", "Asked most often:");
  if (report.repeated.length === 0) lines.push("  (no question was asked twice yet)");
  for (const g of report.repeated) {
    lines.push(
      `  ${String(g.count).padStart(3)}×  ${g.question}  (last ${g.lastAskedAt.slice(0, 16).replace("T", " ")}; ${g.reasons.join(", ")}; ${g.chats} chat${g.chats === 1 ? "" : "s"})`,
    );
    if (g.candidate) lines.push(`      closest passage: ${g.candidate}`);
  }
  return lines.join("\n");
}

/** The document's profile as a reader checks it: dominant names and years first, with their counts. */
function profileLines(doc: DocumentRow): string[] {
  const { profile } = doc;
  const names = (list: readonly { name: string; count: number }[]): string => list.map((n) => `${n.name} (${n.count})`).join(", ");
  const lines: string[] = [];
  if (profile.places.length > 0) lines.push(`  places:    ${names(profile.places)}`);
  if (profile.organisations.length > 0) lines.push(`  bodies:    ${names(profile.organisations)}`);
  if (profile.years.length > 0) lines.push(`  years:     ${profile.years.map((y) => `${y.year} (${y.count})`).join(", ")}`);
  const opening = [...profile.titlePlaces, ...profile.titleOrganisations].map((n) => n.name);
  if (opening.length > 0 || profile.titleYears.length > 0) lines.push(`  opening:   ${[...opening, ...profile.titleYears].join(", ")}`);
  if (profile.pathWords.length > 0) lines.push(`  path:      ${profile.pathWords.join(" ")}`);
  return lines;
}

/** One document with its chunks: heading path, page and (shortened unless full) text. */
function formatDocument(doc: DocumentRow, chunks: readonly ChunkRow[], full = false): string {
  const lines = [
    `#${doc.id} ${doc.title}`,
    `  source:    ${displaySource(doc.source)}`,
    ...(doc.url && doc.url !== doc.source ? [`  url:       ${doc.url}`] : []),
    `  collection: ${doc.chatId === null ? "the shared library" : `chat ${doc.chatId}`}`,
    `  language:  ${doc.language}`,
    ...(doc.docDate ? [`  date:      ${doc.docDate}`] : []),
    `  ingested:  ${doc.ingestedAt}`,
    `  size:      ${doc.bytes} bytes, ${chunks.length} chunks`,
    ...profileLines(doc),
    "",
  ];
  for (const c of chunks) {
    const where = [c.page !== null ? `p. ${c.page}` : "", c.headingPath.join(" › ")].filter(Boolean).join("  ");
    lines.push(`[${c.ord + 1}] ${where || "(no heading)"}`);
    const text = c.text.replace(/\s*\n+\s*/g, " ");
    lines.push(`    ${full || text.length <= 200 ? text : `${text.slice(0, 199)}…`}`);
  }
  return lines.join("\n");
}

async function lookup(store: Store, ref: string | undefined): Promise<DocumentRow> {
  if (!ref) throw new UserError(`which document? ${USAGE}`);
  const doc = findDocument(store, ref);
  if (!doc) {
    const several = store.documentsBySource(ref.trim()).length > 1;
    throw new UserError(
      several
        ? `"${ref}" is in several collections: give the document id (see npm run docs -- list)`
        : `no document matches "${ref}" (see npm run docs -- list)`,
    );
  }
  return doc;
}

runCli(async () => {
  const { values, positionals } = parseArgs({
    options: {
      json: { type: "boolean", default: false },
      full: { type: "boolean", default: false },
      wait: { type: "string" },
      limit: { type: "string" },
      help: { type: "boolean", short: "h", default: false },
    },
    allowPositionals: true,
  });
  const [command, ref, ...extra] = positionals;
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (!command) throw new UserError(USAGE);
  if (extra.length > 0) throw new UserError(`unexpected argument "${extra[0]}" (${USAGE})`);
  const config = loadConfig();
  const store = Store.open(config.dataDir);
  try {
    switch (command) {
      case "list":
      case "ls": {
        const docs = store.listDocuments();
        process.stdout.write(values.json ? `${JSON.stringify(docs, null, 2)}\n` : `${formatDocumentList(docs)}\n`);
        return 0;
      }
      case "show": {
        const doc = await lookup(store, ref);
        const chunks = store.chunksOfDocument(doc.id);
        if (values.json) {
          const out = {
            ...doc,
            chunks: chunks.map((c) => ({ id: c.id, ord: c.ord, headingPath: c.headingPath, page: c.page, start: c.start, end: c.end, text: c.text })),
          };
          process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
        } else {
          process.stdout.write(`${formatDocument(doc, chunks, values.full)}\n`);
        }
        return 0;
      }
      case "remove":
      case "rm": {
        const waitSeconds = values.wait === undefined ? 0 : Number(values.wait);
        if (!Number.isFinite(waitSeconds) || waitSeconds < 0) throw new UserError("--wait takes a number of seconds");
        // Removing is a write: one writer at a time per DATA_DIR, like ingest.
        const lock = await acquireWriterLock(config.dataDir, "docs remove", waitSeconds * 1000);
        try {
          const doc = await lookup(store, ref);
          const chunkIds = store.removeDocument(doc.id);
          process.stdout.write(
            `removed #${doc.id} ${doc.title} from ${doc.chatId === null ? "the shared library" : `chat ${doc.chatId}'s collection`} (${chunkIds.length} chunks; ${doc.url ?? displaySource(doc.source)})\n`,
          );
        } finally {
          lock.release();
        }
        return 0;
      }
      case "unanswered": {
        if (ref !== undefined) throw new UserError(`unexpected argument "${ref}" (${USAGE})`);
        const limit = values.limit === undefined ? 10 : Number(values.limit);
        if (!Number.isInteger(limit) || limit < 1 || limit > 1000) throw new UserError("--limit takes a whole number from 1 to 1000");
        const report = unansweredReport(store, { recent: limit, repeated: limit });
        process.stdout.write(values.json ? `${JSON.stringify(report, null, 2)}\n` : `${formatUnanswered(report)}\n`);
        return 0;
      }
      default:
        throw new UserError(`unknown command "${command}" (${USAGE})`);
    }
  } finally {
    store.close();
  }
});
