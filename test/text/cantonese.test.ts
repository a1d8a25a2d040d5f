// Cantonese question words read as standard written Chinese, in the question's own script.
import { describe, expect, it } from "vitest";
import { analyseQuestion } from "../../src/search/question.js";
import { fromCantonese } from "../../src/text/cantonese.js";

const seenOnce = (terms: readonly string[]): Map<string, number> => new Map(terms.map((t) => [t, 1]));

describe("fromCantonese", () => {
  it("rewrites spoken words in the question's script and keeps the rest as typed", () => {
    expect(fromCantonese("辦公室物業估值大概幾多錢？")).toBe("辦公室物業估值大概多少錢？");
    expect(fromCantonese("Alco今年有冇派息？")).toBe("Alco今年有没有派息？");
    expect(fromCantonese("你哋嘅網址係乜嘢？")).toBe("你們的網址係什麼？");
  });
  it("leaves standard written Chinese alone, 系统 included", () => {
    for (const text of ["系统几点关闭？", "今年新建了多少所学校？", "How much is the fee?"]) expect(fromCantonese(text)).toBe(text);
  });
});

describe("a Cantonese question, analysed", () => {
  it("asks for money with 幾多錢, and is still shown as typed", () => {
    const question = analyseQuestion("申請費幾多錢？", { frequencies: seenOnce, totalChunks: 10 });
    expect(question.kind.money).toBe(true);
    expect(question.text).toBe("申請費幾多錢？");
    expect(question.language).toBe("zh-Hant");
  });
});
