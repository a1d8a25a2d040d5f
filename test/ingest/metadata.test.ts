// Document metadata from text (dates, titles, language) and page numbers carried through cleaning.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { prepareDocument } from "../../src/ingest/ingest.js";
import { datesIn, findDocumentDate } from "../../src/ingest/metadata.js";
import { chooseTitle } from "../../src/ingest/title.js";
import { markPages, pageAt, stripPageMarkers } from "../../src/ingest/pages.js";

describe("document dates", () => {
  it.each([
    ["2019-04-08", "2019-04-08"],
    ["2019/4/8", "2019-04-08"],
    ["2019年4月8日", "2019-04-08"],
    ["二〇一九年四月八日", "2019-04-08"],
    ["二〇二〇年十二月三十一日", "2020-12-31"],
    ["8 April 2019", "2019-04-08"],
    ["8th Apr. 2019", "2019-04-08"],
    ["April 8, 2019", "2019-04-08"],
    ["Sept. 30, 2021", "2021-09-30"],
  ])("reads %s", (written, iso) => {
    expect(datesIn(written).map((d) => d.iso)).toEqual([iso]);
  });

  it("reads Republic-of-China dates and a day-month order that only one reading allows", () => {
    expect(datesIn("修正日期：民國 113 年 05 月 24 日").map((d) => d.iso)).toEqual(["2024-05-24"]);
    expect(datesIn("page revision date: 20-10-2025").map((d) => d.iso)).toEqual(["2025-10-20"]);
    expect(datesIn("10/20/2025").map((d) => d.iso)).toEqual(["2025-10-20"]);
    expect(datesIn("05-06-2025")).toEqual([]);
  });

  it("does not take the time a collector fetched a page for the page's date", () => {
    expect(findDocumentDate("Source: https://example.org/page\n\nFetched (UTC): 2026-01-20T04:16:36Z\n\nHTTP status: 200\n\nOrder of 3 May 2021")).toBe(
      "2021-05-03",
    );
  });

  it("ignores impossible dates, version numbers and bare years", () => {
    expect(datesIn("2019-02-30, 31 April 2020, v2.1.3, 1.2.2019.5, the year 2019")).toEqual([]);
  });

  it("prefers a dateline at the top or bottom over dates of events in the body", () => {
    const body = "The bridge opened on 3 May 2001 and was repaired on 2015-06-01 after the flood of that spring.";
    expect(findDocumentDate(`Annual report\n\nPublished: 8 April 2019\n\n${body}`)).toBe("2019-04-08");
    const speech = [
      "各位同志：",
      ...Array.from({ length: 20 }, (_, i) => `第${i + 1}段，2018年3月${i + 1}日召开了会议，研究部署相关工作。`),
      "市教育局",
      "2019年4月8日",
    ];
    expect(findDocumentDate(speech.join("\n"))).toBe("2019-04-08");
    expect(findDocumentDate(`${"Filler sentence without any date at all. ".repeat(20)}\n\n${body}`)).toBeUndefined();
  });
});

describe("titles and language", () => {
  it("takes the opening line of plain text as its title, but not a sentence or a date", () => {
    const title = (text: string): string => chooseTitle({ text, fallback: "(file name)" });
    expect(title("Riverton Harbour Statistics 2021\n\nThe harbour handled 7,310 ships.")).toBe("Riverton Harbour Statistics 2021");
    expect(title("The harbour handled 7,310 ships in 2021, most of them container vessels.\n\nMore.")).toBe("(file name)");
    expect(title("2021-05-01\n\nText")).toBe("(file name)");
    expect(
      prepareDocument({ text: "Riverton Harbour Statistics 2021\n\nThe harbour handled 7,310 ships in 2021, most of them container vessels." }, "harbour")
        .title,
    ).toBe("Riverton Harbour Statistics 2021");
    expect(prepareDocument({ text: "The harbour handled 7,310 ships in 2021, most of them container vessels." }, "harbour").title).toBe("harbour");
  });

  it("labels each document's language", () => {
    const lang = (text: string): string => prepareDocument({ text }, "t").language;
    expect(lang("全市教育系统深入推进教育改革，学前教育三年毛入园率达到百分之九十。")).toBe("zh-Hans");
    expect(lang("全市教育系統深入推進教育改革，學前教育三年毛入園率達到百分之九十。")).toBe("zh-Hant");
    expect(lang("The city schools enrolled more pupils than ever before, and the budget grew again.")).toBe("en");
    expect(lang("The Riverton library 图书馆 welcomed readers 读者 from across the region 全市各区 every single day 每天都有很多人来。")).toBe("mixed");
  });
});

describe("page markers", () => {
  it("survive cleaning and give every chunk the page it starts on", () => {
    const pages = [
      "# Overview\n\nThe first page reports that the authority served 48,200 households in the valley.",
      "The second page says that 3,415 samples were analysed by the laboratories.",
      "",
      "The fourth page notes capital spending of 12.7 million on pipe renewal work.",
    ];
    const text = pages.join("\n\n");
    const starts: number[] = [];
    let offset = 0;
    for (const page of pages) {
      starts.push(offset);
      offset += page.length + 2;
    }
    const prepared = prepareDocument({ text, pageStarts: starts }, "t");
    expect(prepared.cleanedText).not.toContain("\uE000");
    for (const c of prepared.chunks) expect(prepared.cleanedText.slice(c.start, c.end)).toBe(c.text);
    const pageOf = (figure: string): number | undefined => prepared.chunks.find((c) => c.text.includes(figure))?.page;
    expect([pageOf("48,200"), pageOf("3,415"), pageOf("12.7 million")]).toEqual([1, 2, 4]);
  });

  it("round-trip: stripping the markers gives back the text, and each page starts where it did", () => {
    fc.assert(
      fc.property(fc.array(fc.array(fc.stringMatching(/^[a-z][a-z ]{0,20}[a-z.]$/), { maxLength: 4 }), { minLength: 1, maxLength: 6 }), (pages) => {
        const paragraphs = pages.map((p) => p.filter((line) => line.trim() === line));
        const starts: number[] = [];
        const all: string[] = [];
        let length = 0;
        for (const page of paragraphs) {
          starts.push(all.length === 0 ? 0 : length + 2);
          for (const line of page) {
            length += (all.length > 0 ? 2 : 0) + line.length;
            all.push(line);
          }
        }
        const text = all.join("\n\n");
        const marked = markPages(text, starts).split("\n").filter(Boolean).join("\n\n");
        const stripped = stripPageMarkers(marked);
        expect(stripped.text).toBe(text);
        paragraphs.forEach((page, i) => {
          if (page.length > 0) expect(pageAt(stripped.pages, starts[i]!)).toBe(i + 1);
        });
      }),
    );
  });
});
