// An English reader asking about a Chinese document: the cited answer labels the source's
// language, keeps the figures as written, and explains the key terms.
import { afterAll, describe, expect, it } from "vitest";
import { formatAnswer } from "../../src/bot/format.js";
import { engineWith } from "../helpers/engine.js";
import { SAMPLE_SPEECH } from "../helpers/temp.js";

const engine = await engineWith([SAMPLE_SPEECH]);
afterAll(() => engine.close());

describe("cross-language answers in Telegram", () => {
  it("labels the Chinese source, keeps the figure and adds a glossary for an English question", async () => {
    const answer = await engine.answer("What is the 2019 target for the gross kindergarten enrollment rate?");
    expect(answer.found).toBe(true);
    const text = formatAnswer(answer).join("\n");
    expect(text).toContain("<b>92.8%</b>");
    expect(text).toContain("Chinese (traditional)");
    expect(text).toMatch(/Key terms:[\s\S]*毛入園率/);
  });

  it("does not label the language for a reader of the same language", async () => {
    const answer = await engine.answer("2019年学前教育三年毛入园率的目标是多少？");
    const text = formatAnswer(answer).join("\n");
    expect(text).not.toContain("Chinese (traditional)");
    expect(text).not.toContain("Key terms:");
  });
});
