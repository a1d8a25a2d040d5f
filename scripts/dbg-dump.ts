import { openAppEngine } from "../src/app.js";
import { loadConfig } from "../src/config.js";
import { readQuestions } from "../src/eval/evaluate.js";
import { createLogger } from "../src/log.js";
import { foldForSearch } from "../src/text/normalize.js";
const [file] = process.argv.slice(2);
const engine = await openAppEngine(loadConfig({ ...process.env, DATA_DIR: "/tmp/dev/index", EMBED_MODEL: "none" }), createLogger("warn"));
for (const q of readQuestions(file!)) {
  const d = await engine.deliberate(q.question, { mode: "lexical" });
  const exp = q.expect.map(foldForSearch);
  const ok = (t: string) => exp.length > 0 && exp.every((e) => foldForSearch(t).includes(e));
  const el = d.scored.filter((s) => !s.failed);
  const right = el.findIndex((s) => ok(s.candidate.span.text) || ok(s.candidate.span.text + (s.candidate.next?.text ?? "")));
  const best = el[0];
  console.log(
    JSON.stringify({
      id: q.id,
      answerable: q.answerable,
      right,
      p: best?.probability,
      margin: best?.margin,
      f: best?.features,
      rf: right > 0 ? el[right]!.features : undefined,
      rp: right > 0 ? el[right]!.probability : undefined,
      lang: q.lang,
    }),
  );
}
engine.close();
