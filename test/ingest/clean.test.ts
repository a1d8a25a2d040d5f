import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { cleanText, isPinyinNote, removePinyinNotes } from "../../src/ingest/clean.js";
import { splitSentences } from "../../src/text/sentences.js";
import { SAMPLE_SPEECH } from "../helpers/temp.js";

// A scraped page written for this test: spam keywords, slogan, breadcrumb, metadata, a teaser
// that repeats the opening, pinyin notes, real parentheticals, then footer and disclaimer.
const SCRAPED = [
  "免费电影下载,在线小说阅读,热门游戏攻略,明星八卦新闻",
  "",
  "学习资料 > 工作报告 > 市卫生局2021年工作总结",
  "",
  "市卫生局2021年工作总结",
  "",
  "来源:本站 | 发布时间:2021-12-30 | 作者:办公室",
  "",
  "市卫生局2021年工作总结 摘要:",
  "",
  "2021年,全市卫生系统扎实推进医疗改革,新建社区卫生服务中心12个,基层首诊率达到65%。下面汇报三方面",
  "",
  "一、主要成绩",
  "",
  "2021年,全市卫生系统扎实推进医疗改革,新建社区卫生服务中心12个,基层首诊率达到65%。下面汇报三方面情况。",
  "",
  "(一)医疗服务能力提升。全市三级医院达到9家(含2家专科医院),床位总数增加1200张。當(dāng)前重点是完善分级诊疗(e.g. 家庭医生签约),签约率达到45.6%。",
  "",
  "(二)公共卫生体系健全。疫苗接种率保持在98%以上。",
  "",
  "市卫生局2021年工作总结 关键词:卫生局,工作总结,医疗,改革",
  "",
  "免责声明:本文来自网络,版权归原作者所有,如有侵权请联系我们删除。",
  "原文链接:https://example.org/articles/123.html",
  "热门推荐",
].join("\n");

function sentencesOf(text: string): string[] {
  return splitSentences(text).map((s) => s.text);
}

describe("pinyin notes", () => {
  it("recognises toned pinyin and rejects ordinary bracketed words", () => {
    expect(isPinyinNote("dāng")).toBe(true);
    expect(isPinyinNote("xué")).toBe(true);
    expect(isPinyinNote("zhong1")).toBe(true);
    expect(isPinyinNote("XX")).toBe(false);
    expect(isPinyinNote("an")).toBe(false); // no tone: could be an English word
    expect(isPinyinNote("e.g. note")).toBe(false);
  });

  it("removes readings after Han characters but keeps real parentheticals", () => {
    expect(removePinyinNotes("當(dāng)前任務(wù)")).toBe("當前任務");
    expect(removePinyinNotes("（一）建設(XX)學校(含2所)")).toBe("（一）建設(XX)學校(含2所)");
    expect(removePinyinNotes("縣(區)和(e.g. 鄉鎮)")).toBe("縣(區)和(e.g. 鄉鎮)");
  });
});

describe("cleanText on a scraped page", () => {
  const result = cleanText(SCRAPED);

  it("drops spam keywords, breadcrumb, metadata, keyword labels, footer and disclaimer", () => {
    expect(result.text).not.toContain("免费电影");
    expect(result.text).not.toContain("学习资料 >");
    expect(result.text).not.toContain("发布时间");
    expect(result.text).not.toContain("关键词");
    expect(result.text).not.toContain("免责声明");
    expect(result.text).not.toContain("https://");
    expect(result.text).not.toContain("热门推荐");
  });

  it("finds the title the page repeats", () => {
    expect(result.title).toBe("市卫生局2021年工作总结");
  });

  it("drops the teaser but keeps the full opening once", () => {
    const occurrences = result.text.split("新建社区卫生服务中心12个").length - 1;
    expect(occurrences).toBe(1);
    expect(result.text).toContain("下面汇报三方面情况。");
  });

  it("keeps a review sentence that a later plan sentence echoes with other figures", () => {
    const report = [
      "# Parks report",
      "",
      "## Review",
      "",
      "The city opened 12 pocket parks across its districts.",
      "",
      "## Plans",
      "",
      "The city opened talks to add 20 pocket parks across its districts.",
      "",
    ].join("\n");
    const cleaned = cleanText(report).text;
    expect(cleaned).toContain("opened 12 pocket parks");
    expect(cleaned).toContain("add 20 pocket parks");
  });

  it("keeps every content sentence, headings and real parentheticals", () => {
    for (const sentence of ["全市三级医院达到9家(含2家专科医院),床位总数增加1200张。", "疫苗接种率保持在98%以上。", "一、主要成绩", "(一)医疗服务能力提升。"]) {
      expect(result.text).toContain(sentence);
    }
    expect(result.text).toContain("當前重点是完善分级诊疗(e.g. 家庭医生签约),签约率达到45.6%。");
  });

  it("is idempotent", () => {
    expect(cleanText(result.text).text).toBe(result.text);
  });
});

describe("cleanText on the bundled sample speech", () => {
  const raw = fs.readFileSync(SAMPLE_SPEECH, "utf8");
  const result = cleanText(raw);

  it("leaves no pinyin note, no spam line, no footer", () => {
    expect(result.text).not.toMatch(/\p{Script=Han}\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+\)/u);
    const firstLine = raw.split("\n")[0]!;
    expect(result.text).not.toContain(firstLine);
    expect(result.text).not.toMatch(/https?:\/\//);
    expect(result.text).not.toMatch(/免責聲明|轉載/);
  });

  it("keeps every sentence of the body (pinyin notes aside)", () => {
    // From the line after "…本文內容:" to the line before the keyword footer.
    const body = raw.slice(raw.indexOf("本文內(nèi)容:"), raw.lastIndexOf("\n", raw.indexOf("本文關(guān)鍵詞")));
    const cleanedBody = removePinyinNotes(body);
    const kept = result.text.replace(/\s+/g, "");
    const lines = cleanedBody
      .split("\n")
      .slice(1)
      .filter((l) => l.trim().length > 0);
    let lost = 0;
    for (const line of lines) {
      for (const sentence of sentencesOf(line.trim())) {
        if (sentence.length > 8 && !kept.includes(sentence.replace(/\s+/g, ""))) lost++;
      }
    }
    expect(lines.length).toBeGreaterThan(10);
    expect(lost).toBe(0);
  });
});

describe("cleanText on structured documents", () => {
  it("keeps a last section of short list items and headings after the final sentence", () => {
    const text = [
      "# Annual report",
      "The library served 12,000 members this year and opened a new branch in the east of the city.",
      "## Plans for next year",
      "- Two new reading rooms",
      "- Longer weekend hours",
      "## Contact",
    ].join("\n\n");
    const cleaned = cleanText(text).text;
    expect(cleaned).toContain("- Two new reading rooms");
    expect(cleaned).toContain("- Longer weekend hours");
    expect(cleaned).toContain("## Plans for next year");
  });
});
