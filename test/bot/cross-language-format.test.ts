// An English reader asking about a Chinese document: the cited answer labels the source's
// language, keeps the figures as written, and explains the key terms.
import { afterAll, describe, expect, it } from "vitest";
import { answerQuestion } from "../../src/search/answer.js";
import { createDictionaryTranslator } from "../../src/search/translate.js";
import { formatAnswer } from "../../src/bot/format.js";
import { storeWith, SAMPLE_SPEECH } from "../helpers/temp.js";

const store = storeWith([SAMPLE_SPEECH]);
const translator = createDictionaryTranslator();
afterAll(() => store.close());

describe("cross-language answers in Telegram", () => {
  it("labels the Chinese source, keeps the figure and adds a glossary for an English question", async () => {
    const answer = await answerQuestion("What is the 2019 target for the gross kindergarten enrollment rate?", { store, translator });
    expect(answer.found).toBe(true);
    const text = formatAnswer(answer).join("\n");
    expect(text).toContain("<b>92.8%</b>");
    expect(text).toContain("Chinese (traditional)");
    expect(text).toMatch(/Key terms:[\s\S]*毛入園率/);
  });

  it("does not label the language for a reader of the same language", async () => {
    const answer = await answerQuestion("2019年学前教育三年毛入园率的目标是多少？", { store, translator });
    const text = formatAnswer(answer).join("\n");
    expect(text).not.toContain("Chinese (traditional)");
    expect(text).not.toContain("Key terms:");
  });
});
