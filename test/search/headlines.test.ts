// A news digest puts its facts in the headlines: a heading that states a quantity is a candidate
// sentence, so a question is answered from it even when the item's body says nothing more, and
// among many English passages that match the question's common words better.
import fs from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { engineWith } from "../helpers/engine.js";
import { tempDir } from "../helpers/temp.js";

const dir = tempDir("docqa-headlines-");
// Thirty English reports whose every paragraph talks of complaints, the council and concerts.
for (let i = 0; i < 30; i++) {
  const paragraphs = Array.from(
    { length: 6 },
    (_, j) =>
      `The consumer council received complaints about concert ${i * 6 + j} and its obstructed views; the council said complaints about concerts rose as venues sold more seats.`,
  );
  fs.writeFileSync(path.join(dir, `council-report-${i + 1}.md`), [`# Consumer Council Report ${i + 1}`, "", ...paragraphs.flatMap((p) => [p, ""])].join("\n"));
}
fs.writeFileSync(
  path.join(dir, "river-radio-digest.md"),
  [
    "# 河城電台新聞摘要",
    "",
    "# Riverglow演唱會消委會至今接獲57宗涉「視線受阻」投訴",
    "",
    "英國樂隊Riverglow完成在河城體育館的四場演出。",
    "",
    "# 河城公園下月重開",
    "",
    "河城公園完成翻新工程，將於下月重新開放。",
    "",
  ].join("\n"),
);
const engine = await engineWith([dir]);
afterAll(() => engine.close());

describe("headlines", () => {
  it("answers from a headline that states the figure, found by the band's name among many English passages", async () => {
    const answer = await engine.answer("How many complaints about obstructed views did the consumer council receive over the Riverglow concerts?");
    expect(answer.found).toBe(true);
    expect(answer.answer).toContain("57宗");
    expect(answer.sources[0]?.source).toMatch(/river-radio-digest\.md$/);
  });
});
