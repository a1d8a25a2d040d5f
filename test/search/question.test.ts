// The analysed question: what one pass over the text finds — language, years, names (in either
// language), the time frame and the kind of answer — on questions written for these tests.
import { describe, expect, it } from "vitest";
import { analyseQuestion, yearsOf } from "../../src/search/question.js";
import { placeStem } from "../../src/text/proper-names.js";
import { createDictionaryTranslator } from "../../src/search/translate.js";
import { TEST_DICTIONARY_CACHE } from "../helpers/engine.js";

const translator = createDictionaryTranslator({ cacheDir: TEST_DICTIONARY_CACHE });
const ask = (text: string) => analyseQuestion(text, { frequencies: (terms) => new Map(terms.map((t) => [t, 1])), totalChunks: 10, translator });

describe("analyseQuestion", () => {
  it("reads a Cantonese question in standard written Chinese, and keeps it as typed", () => {
    const q = ask("申請費幾多錢？");
    expect(q.kind.money).toBe(true);
    expect(q.text).toBe("申請費幾多錢？");
    expect(q.language).toBe("zh-Hant");
  });
  it("reads language, years, frame and form once", () => {
    const q = ask("What was Zhejiang's GDP growth target for 2026?");
    expect(q.language).toBe("en");
    expect(q.years).toEqual([2026]);
    expect(q.frame.named).toBe("future");
    expect(q.kind.form).toBe("figure");
    expect(q.names.map((n) => n.surface)).toEqual(["Zhejiang"]);
    expect(q.names[0]!.forms).toContain("浙江");
  });

  it("finds places the segmenter tags in Chinese, and leaves out common words it also tags", () => {
    const q = ask("廣東省今年新建了多少所學校？");
    expect(q.language).toBe("zh-Hant");
    expect(q.names.map((n) => n.surface)).toEqual(["广东省"]);
    expect(q.names[0]!.forms).toEqual(expect.arrayContaining(["广东省", "广东"]));
    expect(ask("新建了多少所学校？").names).toEqual([]);
  });

  it("names a foreign place in English with and without its kind (Manhattan Island, Manhattan)", () => {
    const q = ask("曼哈頓去年有多少家書店？");
    expect(q.names[0]!.forms).toEqual(expect.arrayContaining(["曼哈顿", "manhattan"]));
  });

  it("tells who, when, lists and yes/no apart", () => {
    expect(ask("Which department enforces the rules?").kind.form).toBe("name");
    expect(ask("When does the regulation take effect?").kind.form).toBe("date");
    expect(ask("What's the deadline for comments?").kind.form).toBe("date");
    expect(ask("垃圾分为哪些类别？").kind.form).toBe("list");
    expect(ask("Are hotels allowed to give out free toiletries?").kind.form).toBe("yesno");
  });

  it("reads a place's government as its place (documents say 政府 and are about the place)", () => {
    const q = ask("香港政府的资助计划为期多少年？");
    expect(q.names.map((n) => [n.surface, n.kind])).toEqual([["香港", "place"]]);
    expect(ask("财政部发布了什么？").names.map((n) => n.kind)).toEqual(["organisation"]);
  });

  it("keeps months and possessives out of names", () => {
    expect(ask("How many people did the city evacuate in July?").names).toEqual([]);
    expect(ask("What is the FAA's deadline?").names).toEqual([]);
  });

  it("ends a name at its possessive: the place and the act it owns are two names", () => {
    const surfaces = ask("How long is maternity leave under Taiwan's Labor Standards Act?").names.map((n) => n.surface);
    expect(surfaces).toContain("Taiwan");
    expect(surfaces.some((s) => s.startsWith("Labor Standards"))).toBe(true);
    expect(surfaces.some((s) => s.includes("Taiwan Labor"))).toBe(false);
  });
});

describe("small readers", () => {
  it("reads four-digit years, with or without 年", () => {
    expect(yearsOf("2019年和2020 plans, not 120 or 20190")).toEqual([2019, 2020]);
  });
  it("reads years written in Chinese digits, as annual reports write them", () => {
    expect(yearsOf("截至二零二六年三月三十一日止年度，二〇二五年")).toEqual([2026, 2025]);
    expect(yearsOf("三十一年来")).toEqual([]);
  });
  it("strips an administrative suffix when a name remains", () => {
    expect(placeStem("广东省")).toBe("广东");
    expect(placeStem("北京市")).toBe("北京");
    expect(placeStem("省")).toBeUndefined();
  });
});
