// What a question's content is, once the words that only say how it asks are gone: the unit of
// the answer (多少亿元), "how big" (多大) and the form of the question (叫什么名字, "supposed to").
import { describe, expect, it } from "vitest";
import { matches } from "../../src/search/coverage.js";
import { questionUnits, searchTerms, withoutAnswerUnits, withoutQuestionForms } from "../../src/text/segment.js";

const words = (q: string): string[] => questionUnits(q).map((u) => u.word);

describe("question content", () => {
  it("drops the unit the answer is asked in, in both scripts", () => {
    expect(words(withoutAnswerUnits("全市教育经费总投入是多少亿元？"))).not.toContain("亿元");
    expect(words(withoutAnswerUnits("全市教育經費總投入是多少億元？"))).not.toContain("亿元");
    expect(words(withoutAnswerUnits("新开的分馆面积有多大？"))).toEqual(expect.arrayContaining(["分馆", "面积"]));
    expect(words(withoutAnswerUnits("新开的分馆面积有多大？"))).not.toContain("多大");
    // "How long" asks for a figure as 多长 does: "long" is no word to find (or to render as 悠久).
    expect(words(withoutAnswerUnits("How long is the timestamp of a request valid?"))).toEqual(expect.arrayContaining(["timestamp", "valid"]));
    expect(words(withoutAnswerUnits("How long is the timestamp of a request valid?"))).not.toContain("long");
    expect(words(withoutAnswerUnits("How often is the forecast updated?"))).not.toContain("often");
    expect(words(withoutAnswerUnits("Who gets a long service payment?"))).toContain("long");
  });

  it("drops how the question asks, not what it asks about", () => {
    expect(words(withoutQuestionForms("那个项目校叫什么名字？"))).toEqual(["项目"]);
    expect(withoutQuestionForms("When is the bridge supposed to open?")).not.toMatch(/supposed/);
    expect(withoutQuestionForms("When is the bridge supposed to open?")).toMatch(/bridge/);
  });

  it("lets a compound of two words be met by its words apart, and a longer word only by its pieces in a row", () => {
    const unit = (q: string, word: string) => questionUnits(q).find((u) => u.word === word)!;
    const met = (q: string, word: string, text: string) =>
      matches({ term: word, parts: unit(q, word).parts, weight: 1, group: word }, new Set(searchTerms(text)));
    // 粮食产量 is 粮食 + 产量: a report coordinates them ("粮食播种面积、产量").
    expect(met("全县粮食产量有多少？", "粮食产量", "全县粮食播种面积稳定，产量再创新高。")).toBe(true);
    expect(met("全县粮食产量有多少？", "粮食产量", "全县粮食播种面积稳定。")).toBe(false);
    // 入学率 is no two words: its bigrams must be there.
    expect(met("全县的入学率是多少？", "入学率", "入学人数增加，比率不变。")).toBe(false);
    expect(met("全县的入学率是多少？", "入学率", "全县入学率达到百分之九十。")).toBe(true);
  });
});

describe("question words after a number", () => {
  it("keeps a date's unit with its number instead of gluing it onto the next word", () => {
    // 年 and 月 belong to 2019 and 3; a passage never says 年旅客 or 月春季.
    expect(words("2019年旅客人数是多少？")).not.toContain("年旅客");
    expect(words("3月春季运动会在哪里举行？")).not.toContain("月春季");
    expect(words("2019 年旅客人数是多少？")).not.toContain("年旅客");
    expect(words("2019年旅客人数是多少？")).toEqual(expect.arrayContaining(["2019", "旅客", "人数"]));
    // A single character that does not follow a number still makes a compound with its neighbour.
    expect(words("去年湿垃圾有多少？")).toContain("湿垃圾");
  });
});

describe("words jieba does not know", () => {
  it("keeps two single characters in a row as one word, as passages index them, but not counting ones", () => {
    // jieba cuts 书号 ("ISBN") into 书 / 号; a passage's bigram index has 书号.
    const units = questionUnits("每次申请会发多少书号？");
    expect(units.find((u) => u.word === "书号")).toMatchObject({ parts: ["书号"], glued: true });
    expect(words("会发几本书？")).toEqual(["会发"]);
  });
});
