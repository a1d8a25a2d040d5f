import { openAppEngine } from "../src/app.js";
import { loadConfig } from "../src/config.js";
import { readQuestions } from "../src/eval/evaluate.js";
import { createLogger } from "../src/log.js";
import { foldForSearch } from "../src/text/normalize.js";
const [file, ...ids] = process.argv.slice(2);
const engine = await openAppEngine(
  loadConfig({ ...process.env, DATA_DIR: process.env.DATA_DIR ?? "/tmp/dev/index", EMBED_MODEL: process.env.EMBED_MODEL ?? "none" }),
  createLogger("warn"),
);
for (const q of readQuestions(file!).filter((q) => ids.includes(q.id))) {
  const d = await engine.deliberate(q.question, { mode: "lexical" });
  const exp = q.expect.map(foldForSearch);
  const ok = (t: string) => exp.length > 0 && exp.every((e) => foldForSearch(t).includes(e));
  console.log(`\n## ${q.id} ${q.question}  expect=${q.expect}`);
  console.log(
    `terms: ${d.question.terms.original.map((t) => `${t.term}:${t.weight.toFixed(1)}`).join(" ")} | tr: ${d.question.terms.translated
      .slice(0, 30)
      .map((t) => `${t.term}:${t.weight.toFixed(1)}`)
      .join(" ")}`,
  );
  console.log(`names: ${JSON.stringify(d.question.names)} years ${d.question.years} kind ${JSON.stringify(d.question.kind)}`);
  d.scored.forEach((s, i) => {
    const right = ok(s.candidate.span.text) || ok(s.candidate.span.text + (s.candidate.next?.text ?? ""));
    if (i < 4 || right) {
      const f = Object.entries(s.features)
        .filter(([, v]) => v !== 0)
        .map(([k, v]) => `${k}=${v.toFixed(2)}`)
        .join(" ");
      console.log(
        `${right ? "**" : "  "}#${i} s=${s.score.toFixed(2)} p=${s.probability.toFixed(2)} ${s.failed ? "FAIL " + s.failed.reason : ""} [${s.candidate.chunk.document.title.slice(0, 12)}|${s.candidate.chunk.headingPath.join(">").slice(-20)}] ${s.candidate.span.text.slice(0, 90)}\n      ${f}`,
      );
    }
  });
}
engine.close();
