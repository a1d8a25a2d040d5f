// Cantonese question words read as standard written Chinese, in the question's own script.
import { describe, expect, it } from "vitest";
import { fromCantonese } from "../../src/text/cantonese.js";

describe("fromCantonese", () => {
  it("rewrites spoken words in the question's script and keeps the rest as typed", () => {
    expect(fromCantonese("辦公室物業估值大概幾多錢？")).toBe("辦公室物業估值大概多少錢？");
    expect(fromCantonese("河城公司今年有冇派息？")).toBe("河城公司今年有没有派息？");
    expect(fromCantonese("你哋嘅網址係乜嘢？")).toBe("你們的網址係什麼？");
  });
  it("leaves standard written Chinese alone, 系统 included", () => {
    for (const text of ["系统几点关闭？", "今年新建了多少所学校？", "How much is the fee?"]) expect(fromCantonese(text)).toBe(text);
  });
});
