// `npm run docs -- list | show <id> | remove <id|path|url>`: the management view of the
// collection — what is stored (title, language, chunks, date, source, when ingested), what one
// document was cut into (chunks with heading paths and pages), and removing a document.
import path from "node:path";
import { parseArgs } from "node:util";
import { loadConfig } from "../config.js";
import { UserError } from "../errors.js";
import { findDocument } from "../store/find.js";
import { acquireWriterLock } from "../store/lock.js";
import { Store, type ChunkRow, type DocumentRow } from "../store/store.js";
import { runCli } from "./run.js";

const USAGE = "usage: npm run docs -- list [--json] | show <id|path|url> [--full] [--json] | remove <id|path|url> [--wait SECONDS]";

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
  const lines = [
    `${"id".padStart(idWidth)}  ${fitWidth("title", 40)}  ${"language".padEnd(8)}  ${"chunks".padStart(6)}  ${"date".padEnd(10)}  ${"ingested at".padEnd(16)}  source`,
  ];
  for (const d of docs) {
    lines.push(
      [
        String(d.id).padStart(idWidth),
        fitWidth(d.title, 40),
        d.language.padEnd(8),
        String(d.chunkCount).padStart(6),
        (d.docDate ?? "-").padEnd(10),
        d.ingestedAt.slice(0, 16).replace("T", " "),
        d.url ?? displaySource(d.source),
      ].join("  "),
    );
  }
  const chunks = docs.reduce((n, d) => n + d.chunkCount, 0);
  lines.push(`${docs.length} document${docs.length === 1 ? "" : "s"}, ${chunks} chunks`);
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
  if (!doc) throw new UserError(`no document matches "${ref}" (see npm run docs -- list)`);
  return doc;
}

runCli(async () => {
  const { values, positionals } = parseArgs({
    options: {
      json: { type: "boolean", default: false },
      full: { type: "boolean", default: false },
      wait: { type: "string" },
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
          process.stdout.write(`removed #${doc.id} ${doc.title} (${chunkIds.length} chunks; ${doc.url ?? displaySource(doc.source)})\n`);
        } finally {
          lock.release();
        }
        return 0;
      }
      default:
        throw new UserError(`unknown command "${command}" (${USAGE})`);
    }
  } finally {
    store.close();
  }
});
