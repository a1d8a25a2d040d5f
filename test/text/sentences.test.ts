// Sentence boundaries: a calendar's dated items, as PDF extraction joins a table's cells on one
// line, are sentences of their own; prose that mentions dates is not cut.
import { describe, expect, it } from "vitest";
import { datedItemStarts, splitSentences } from "../../src/text/sentences.js";

const texts = (text: string): string[] => splitSentences(text).map((s) => s.text);

describe("abbreviations", () => {
  it("ends no sentence at a name's abbreviation", () => {
    expect(texts("Riverton Ferry Co. Ltd. ran 12 boats. Fares rose by 5%.")).toEqual(["Riverton Ferry Co. Ltd. ran 12 boats.", "Fares rose by 5%."]);
  });
});

describe("dated items", () => {
  it("ends a sentence before each dated item of an unpunctuated line", () => {
    const line = "3月2日 教职工大会 3月9日-3月13日 新生体检周 3月20日 校运会 2030年4月-2030年5月 研究生复试";
    expect(texts(line)).toEqual(["3月2日 教职工大会", "3月9日-3月13日 新生体检周", "3月20日 校运会", "2030年4月-2030年5月 研究生复试"]);
  });

  it("ends a sentence before each weekday of a timetable line", () => {
    expect(texts("Monday 6:00 am to 10:00 pm Tuesday 6:00 am to 1:00 pm Wednesday 1:00 pm to 10:00 pm")).toEqual([
      "Monday 6:00 am to 10:00 pm",
      "Tuesday 6:00 am to 1:00 pm",
      "Wednesday 1:00 pm to 10:00 pm",
    ]);
    expect(texts("週一 09:00-17:00 週三 09:00-12:00 星期五 休館")).toHaveLength(3);
  });

  it("keeps offsets that point at each item", () => {
    const line = "2030/01/05 Registration opens 2030/02/10 Papers due 2030/03/01 Results";
    for (const span of splitSentences(line, 100)) expect(line.slice(span.start - 100, span.end - 100)).toBe(span.text);
  });

  it("leaves prose that mentions dates whole", () => {
    expect(texts("会议于6月3日、6月4日和6月5日举行，6月8日闭幕。")).toHaveLength(1);
    expect(datedItemStarts("Between 2030/01/05 and 2030/02/10 we met 2030/03/01, and again later")).toEqual([]);
  });

  it("needs three items, and a line that starts with one", () => {
    expect(datedItemStarts("3月2日 教职工大会 3月9日 新生体检")).toEqual([]);
    expect(datedItemStarts("通知 3月2日 教职工大会 3月9日 新生体检 3月20日 校运会")).toEqual([]);
  });
});
