// The answer's passage must say the question's main word when the collection says it elsewhere:
// an e-mail about small libraries does not name the library's curator. A passage that lacks the
// word may still be cited as related, and a word no document says does not count against it.
import fs from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { engineWith } from "../helpers/engine.js";
import { tempDir } from "../helpers/temp.js";

const dir = tempDir("docqa-main-word-");
fs.writeFileSync(path.join(dir, "river-letters.md"), "# 河城来信\n\n这对偏远地区的小型图书馆很有吸引力。\n");
fs.writeFileSync(path.join(dir, "river-museum.md"), "# 河城博物馆年报\n\n博物馆今年新开一个展厅。\n\n## 人员\n\n博物馆馆长是王芳。\n");
const engine = await engineWith([dir]);
const english = tempDir("docqa-main-word-en-");
fs.writeFileSync(path.join(english, "harbour-library.md"), "# Harbour Library Report\n\nThe library added 14 reading rooms this year.\n");
const englishEngine = await engineWith([english]);
afterAll(() => {
  engine.close();
  englishEngine.close();
});

describe("the question's main word", () => {
  it("refuses when no passage that could answer says the word the question turns on", async () => {
    // The letter says 图书馆 but not 馆长; the museum says 馆长 of another 馆.
    const answer = await engine.answer("图书馆馆长叫什么名字？");
    expect(answer.found).toBe(false);
  });

  it("answers from the passage that says it", async () => {
    const answer = await engine.answer("博物馆馆长叫什么名字？");
    expect(answer.found).toBe(true);
    expect(answer.answer).toContain("王芳");
  });

  it("does not hold a word no document says against the passage (asked 'add', written 'added')", async () => {
    const answer = await englishEngine.answer("How many reading rooms did the Harbour library add?");
    expect(answer.found).toBe(true);
    expect(answer.answer).toContain("14");
  });
});
