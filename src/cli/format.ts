// Plain-text rendering of answers and ingest summaries for the terminal.
import path from "node:path";
import type { Answer } from "../search/types.js";
import type { IngestSummary } from "../ingest/ingest.js";

function displaySource(source: string): string {
  if (/^[a-z]+:\/\//i.test(source)) return source;
  const relative = path.relative(process.cwd(), source);
  return relative.startsWith("..") ? source : relative;
}

/** The answer with numbered sources, as printed by `npm run ask`. */
export function formatAnswerText(answer: Answer): string {
  const lines: string[] = [];
  for (const warning of answer.warnings) lines.push(`warning: ${warning}`);
  if (!answer.found) {
    lines.push(answer.answer);
    return lines.join("\n");
  }
  lines.push(`${answer.answer} [1]`, "");
  if (answer.glossary.length > 0) {
    lines.push("Key terms: " + answer.glossary.map((g) => `${g.term} = ${g.gloss}`).join("; "), "");
  }
  lines.push("Sources:");
  for (const s of answer.sources) {
    const where = [s.title, s.section].filter(Boolean).join(" › ");
    const page = s.page !== undefined ? `, p. ${s.page}` : "";
    lines.push(`[${s.n}] ${where}${page} (${s.url ?? displaySource(s.source)}, score ${s.score})`);
    lines.push(`    “${s.quote.length > 240 ? s.quote.slice(0, 239) + "…" : s.quote}”`);
  }
  return lines.join("\n");
}

/** The end-of-ingest summary table. */
export function formatIngestSummary(summary: IngestSummary): string {
  const lines = [
    `added ${summary.added}, updated ${summary.updated}, unchanged ${summary.unchanged}, skipped ${summary.skipped.length}, failed ${summary.failed.length}, removed ${summary.removed.length}; ${summary.chunks} new chunks in ${summary.seconds.toFixed(1)} s`,
  ];
  for (const d of summary.documents) if (d.status !== "unchanged") lines.push(`  ${d.status.padEnd(9)} ${displaySource(d.path)} — ${d.title} (${d.chunks} chunks)`);
  for (const s of summary.skipped) lines.push(`  skipped   ${displaySource(s.path)}: ${s.reason}`);
  for (const f of summary.failed) lines.push(`  failed    ${displaySource(f.path)}: ${f.reason}`);
  for (const r of summary.removed) lines.push(`  removed   ${displaySource(r.path)} — ${r.title}`);
  return lines.join("\n");
}
