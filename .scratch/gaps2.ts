import fs from "node:fs";
import Database from "better-sqlite3";
import { createDictionaryTranslator } from "/work/main/src/search/translate.ts";
import { foldForSearch } from "/work/main/src/text/normalize.ts";
import { toSimplified } from "/work/main/src/text/script.ts";
const db = new Database("/tmp/all/index-new/store.sqlite", { readonly: true });
const vocabQ = db.prepare("select 1 from chunk_terms_vocab where term = ?");
const vocab = (known: readonly string[]) => new Set(known.filter((w) => vocabQ.get(w)));
const chunks = db.prepare("select c.text as text, d.source as path from chunks c join documents d on d.id = c.document_id").all() as { text: string; path: string }[];
const folded = chunks.map((c) => ({ ...c, f: foldForSearch(toSimplified(c.text)) }));
const ids = new Set(fs.readFileSync(process.argv[2]!, "utf8").split("\n").filter(Boolean));
const t = createDictionaryTranslator({});
const sets = fs.readdirSync("/work/main/test/eval").filter((f) => f.endsWith(".json") && !f.includes("floors"));
const missing = new Map<string, number>();
for (const f of sets) {
  for (const q of JSON.parse(fs.readFileSync(`/work/main/test/eval/${f}`, "utf8"))) {
    if (!ids.has(q.id) || !q.expect?.length) continue;
    const e = foldForSearch(toSimplified(q.expect[0]));
    const chunk = folded.find((c) => c.f.includes(e) && (!q.doc || c.path.includes(q.doc)));
    if (!chunk || !/\p{Script=Han}/u.test(chunk.f)) continue;
    const parts = t.concepts(q.question, vocab).filter((c) => c.weight > 0).map((c) => {
      const hit = c.renderings.find((r) => chunk.f.includes(r.text));
      if (!hit && c.source.split(/\s+/).length === 1) missing.set(c.source.toLowerCase(), (missing.get(c.source.toLowerCase()) ?? 0) + 1);
      return hit ? `${c.source}=${hit.text}` : `!${c.source}[${c.renderings.slice(0, 3).map((r) => r.text).join(",")}]`;
    });
    console.log(q.id, "|", q.question.slice(0, 90), "\n    ", parts.join("  "), "\n     chunk:", chunk.f.slice(Math.max(0, chunk.f.indexOf(e) - 60), chunk.f.indexOf(e) + 60).replace(/\n/g, " "));
  }
}
console.log([...missing.entries()].sort((a, b) => b[1] - a[1]).slice(0, 80).map(([w, n]) => `${w}:${n}`).join(" "));
