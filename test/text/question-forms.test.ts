// What a question's content is, once the words that only say how it asks are gone: the unit of
// the answer (多少亿元), "how big" (多大) and the form of the question (叫什么名字, "supposed to").
import { describe, expect, it } from "vitest";
import { questionUnits, withoutAnswerUnits, withoutQuestionForms } from "../../src/text/segment.js";

const words = (q: string): string[] => questionUnits(q).map((u) => u.word);

describe("question content", () => {
  it("drops the unit the answer is asked in, in both scripts", () => {
    expect(words(withoutAnswerUnits("全市教育经费总投入是多少亿元？"))).not.toContain("亿元");
    expect(words(withoutAnswerUnits("全市教育經費總投入是多少億元？"))).not.toContain("亿元");
    expect(words(withoutAnswerUnits("新开的分馆面积有多大？"))).toEqual(expect.arrayContaining(["分馆", "面积"]));
    expect(words(withoutAnswerUnits("新开的分馆面积有多大？"))).not.toContain("多大");
  });

  it("drops how the question asks, not what it asks about", () => {
    expect(words(withoutQuestionForms("那个项目校叫什么名字？"))).toEqual(["项目"]);
    expect(withoutQuestionForms("When is the bridge supposed to open?")).not.toMatch(/supposed/);
    expect(withoutQuestionForms("When is the bridge supposed to open?")).toMatch(/bridge/);
  });
});
