// Plain-text rendering of answers and ingest summaries for the terminal.
import path from "node:path";
import type { Answer, RefusalCode } from "../search/types.js";
import { isOtherLanguage, languageName } from "../text/script.js";
import type { IngestSummary } from "../ingest/ingest.js";
import { printable } from "../errors.js";

function displaySource(source: string): string {
  if (/^[a-z]+:\/\//i.test(source)) return source;
  const relative = path.relative(process.cwd(), source);
  return relative.startsWith("..") ? source : relative;
}

// The terminal's wording of a refusal, in the question's language (the core returns a code).
const REFUSALS: Record<RefusalCode, { en: string; zh: string }> = {
  empty_question: { en: "Please ask a question.", zh: "请输入一个问题。" },
  nothing_retrieved: { en: "Nothing in the documents matches this question.", zh: "文档中没有与这个问题相关的内容。" },
  constraint_failed: {
    en: "The documents mention this, but none of the passages states what the question asks for.",
    zh: "文档提到了相关内容，但没有一段说明问题所问的。",
  },
  weak_evidence: { en: "I couldn't find the answer to this in the documents.", zh: "文档中没有找到这个问题的答案。" },
};

/** A refusal in the question's language, with a hint to rephrase. */
export function refusalText(answer: Pick<Answer, "refusal" | "questionLanguage">): string {
  const wording = REFUSALS[answer.refusal?.code ?? "weak_evidence"];
  const chinese = answer.questionLanguage === "zh-Hans" || answer.questionLanguage === "zh-Hant";
  return chinese ? `${wording.zh}可以换个说法再问。` : `${wording.en} Try rephrasing it.`;
}

/** The answer with numbered sources, as printed by `npm run ask`. */
export function formatAnswerText(answer: Answer): string {
  const lines: string[] = [];
  for (const warning of answer.warnings) lines.push(`warning: ${warning}`);
  if (!answer.found) {
    lines.push(refusalText(answer));
    return lines.join("\n");
  }
  // An answer that quotes two passages numbers its quotes itself.
  lines.push(/\[\d+\]$/.test(answer.answer) ? answer.answer : `${answer.answer} [1]`, "");
  if (answer.glossary.length > 0) {
    lines.push(`Key terms: ${answer.glossary.map((g) => `${g.term} = ${g.gloss}`).join("; ")}`, "");
  }
  lines.push("Sources:");
  for (const s of answer.sources) {
    const where = [s.title, s.section].filter(Boolean).join(" › ");
    const page =
      (s.page !== undefined ? `, p. ${s.page}` : "") + (isOtherLanguage(answer.questionLanguage, s.language) ? `, in ${languageName(s.language)}` : "");
    lines.push(`[${s.n}] ${where}${page} (${s.url ?? displaySource(s.source)}, score ${s.score})`);
    lines.push(`    “${s.quote.length > 240 ? `${s.quote.slice(0, 239)}…` : s.quote}”`);
  }
  return lines.join("\n");
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

// Long folders can skip hundreds of unsupported files: list some, count the rest.
const MAX_SKIPPED_LINES = 20;

/** The end-of-ingest summary: a headline, a table of documents and chunks by outcome, then the details. */
export function formatIngestSummary(summary: IngestSummary): string {
  const sumChunks = (status: string): number => summary.documents.filter((d) => d.status === status).reduce((n, d) => n + d.chunks, 0);
  const identical = summary.duplicates.filter((d) => !d.stored).length;
  const similar = summary.duplicates.length - identical;
  const handled = summary.added + summary.updated + summary.unchanged + summary.failed.length + identical;
  const rate = summary.seconds > 0 ? ` (${(handled / summary.seconds).toFixed(1)} documents/s)` : "";
  const lines = [
    `added ${summary.added}, updated ${summary.updated}, unchanged ${summary.unchanged}, skipped ${summary.skipped.length}, failed ${summary.failed.length}, removed ${summary.removed.length}; ${summary.chunks} new chunks in ${summary.seconds.toFixed(1)} s`,
    "",
  ];
  const rows: [string, number, string, string][] = [
    ["added", summary.added, String(sumChunks("added")), ""],
    ["updated", summary.updated, String(sumChunks("updated")), ""],
    ["unchanged", summary.unchanged, String(sumChunks("unchanged")), ""],
    ["duplicates", summary.duplicates.length, "", summary.duplicates.length > 0 ? `${identical} identical (not stored), ${similar} similar (stored)` : ""],
    ["skipped", summary.skipped.length, "", identical > 0 ? `including the ${plural(identical, "identical duplicate")}` : ""],
    ["failed", summary.failed.length, "", ""],
    ["removed", summary.removed.length, "", ""],
  ];
  lines.push(`  ${"".padEnd(10)} ${"documents".padStart(9)} ${"chunks".padStart(7)}`);
  for (const [label, count, chunks, note] of rows)
    lines.push(`  ${label.padEnd(10)} ${String(count).padStart(9)} ${chunks.padStart(7)}${note ? `  ${note}` : ""}`.trimEnd());
  const pages = summary.pages > 0 ? `; ${plural(summary.pages, "PDF page")}` : "";
  lines.push(`  ${"time".padEnd(10)} ${`${summary.seconds.toFixed(1)} s`.padStart(9)}${rate}${pages}`, "");
  for (const d of summary.documents) {
    if (d.status === "unchanged") continue;
    lines.push(`  ${d.status.padEnd(9)} ${displaySource(d.path)} — ${d.title} (${plural(d.chunks, "chunk")})`);
    if (d.note) lines.push(`  ${"note".padEnd(9)} ${displaySource(d.path)}: ${d.note}`);
  }
  for (const d of summary.duplicates) {
    const how = d.stored
      ? `similar to ${displaySource(d.of)} (${Math.round(d.similarity * 100)}% alike), stored`
      : `same text as ${displaySource(d.of)}, not stored`;
    lines.push(`  duplicate ${displaySource(d.path)}: ${how}`);
  }
  const skipped = summary.skipped.filter((s) => !summary.duplicates.some((d) => !d.stored && d.path === s.path));
  for (const s of skipped.slice(0, MAX_SKIPPED_LINES)) lines.push(`  skipped   ${displaySource(s.path)}: ${s.reason}`);
  if (skipped.length > MAX_SKIPPED_LINES) lines.push(`  skipped   … and ${skipped.length - MAX_SKIPPED_LINES} more`);
  for (const f of summary.failed) lines.push(`  failed    ${displaySource(f.path)}: ${f.reason}`);
  for (const r of summary.removed) lines.push(`  removed   ${displaySource(r.path)} — ${r.title}`);
  while (lines[lines.length - 1] === "") lines.pop();
  // Paths, titles and reasons come from file names: one entry must stay one line.
  return lines.map(printable).join("\n");
}
