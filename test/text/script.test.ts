// Script and language detection: the Chinese share of a text, and the language guessed from it,
// on short texts of both languages written for these tests.
import { describe, expect, it } from "vitest";
import { detectLanguage, hanShare } from "../../src/text/script.js";

describe("hanShare", () => {
  it("weighs an English word as two Han characters", () => {
    expect(hanShare("图书馆")).toBe(1);
    expect(hanShare("library hours")).toBe(0);
    // 4 Han characters against 2 English words (4): half and half.
    expect(hanShare("opening hours 开放时间")).toBe(0.5);
    expect(hanShare("2024 …")).toBeUndefined();
  });
});

describe("detectLanguage", () => {
  it("tells English, both Chinese scripts and a mix", () => {
    expect(detectLanguage("The library opens at nine on weekdays.")).toBe("en");
    expect(detectLanguage("图书馆工作日九点开门，周末十点开门。")).toBe("zh-Hans");
    expect(detectLanguage("圖書館工作日九點開門，週末十點開門。")).toBe("zh-Hant");
    expect(detectLanguage("The 图书馆 opens at nine 点钟")).toBe("mixed");
  });
});
