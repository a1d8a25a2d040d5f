import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { chunkText, detectHeading, textSize, DEFAULT_CHUNK_OPTIONS } from "../../src/ingest/chunk.js";
import { cleanText } from "../../src/ingest/clean.js";
import { markdownToText } from "../../src/ingest/loaders/markdown.js";
import { SAMPLE_SPEECH } from "../helpers/temp.js";

const OUTLINE = [
  "第一章 总则",
  "一、基本情况",
  "（一）学校建设。今年新建学校12所,投入资金3.5亿元。",
  "（二）师资队伍。教师总数达到1.2万人。",
  "二、下一步计划",
  "1. 扩大学位供给",
  "新增学位8000个,其中小学5000个。",
  "（1）城区学校",
  "城区新建学校4所。",
].join("\n\n");

describe("detectHeading", () => {
  it("recognises Chinese outline and Markdown headings with their labels", () => {
    expect(detectHeading("一、基本情况")?.label).toBe("一、基本情况");
    expect(detectHeading("（一）学校建设。今年新建学校12所。")?.label).toBe("（一）学校建设");
    expect(detectHeading("(二)强化党建培育新品牌。局班子成员…")?.label).toBe("(二)强化党建培育新品牌");
    expect(detectHeading("第三节 课程改革")?.label).toBe("第三节 课程改革");
    expect(detectHeading("## Results")?.label).toBe("Results");
    expect(detectHeading("1.44亿元用于补贴。")).toBeUndefined();
    expect(detectHeading("今年新建学校12所。")).toBeUndefined();
  });
});

describe("chunkText", () => {
  it("gives every chunk its heading path", () => {
    const chunks = chunkText(OUTLINE);
    const byText = (needle: string) => chunks.find((c) => c.text.includes(needle))!;
    expect(byText("投入资金3.5亿元").headingPath).toEqual(["第一章 总则", "一、基本情况", "（一）学校建设"]);
    expect(byText("1.2万人").headingPath).toEqual(["第一章 总则", "一、基本情况", "（二）师资队伍"]);
    expect(byText("新增学位8000个").headingPath).toEqual(["第一章 总则", "二、下一步计划", "1. 扩大学位供给"]);
    expect(byText("城区新建学校4所").headingPath).toEqual(["第一章 总则", "二、下一步计划", "1. 扩大学位供给", "（1）城区学校"]);
  });

  it("keeps offsets that map back to the cleaned text", () => {
    const cleaned = cleanText(fs.readFileSync(SAMPLE_SPEECH, "utf8")).text;
    const chunks = chunkText(cleaned);
    expect(chunks.length).toBeGreaterThan(10);
    for (const chunk of chunks) expect(cleaned.slice(chunk.start, chunk.end)).toBe(chunk.text);
  });

  it("splits only at sentence ends and never inside a number", () => {
    const cleaned = cleanText(fs.readFileSync(SAMPLE_SPEECH, "utf8")).text;
    for (const chunk of chunkText(cleaned)) {
      expect(chunk.text).toMatch(/[。！？；;!?”」)]$/);
      expect(textSize(chunk.text)).toBeLessThanOrEqual(DEFAULT_CHUNK_OPTIONS.max + DEFAULT_CHUNK_OPTIONS.overlap);
      const before = cleaned[chunk.start - 1] ?? "\n";
      expect(/\d/.test(before) && /\d/.test(chunk.text[0]!)).toBe(false);
    }
  });

  it("splits English at sentence ends, not after abbreviations or decimals", () => {
    const sentence = "The branch lent 1.5 million items, e.g. books and films, to 42,000 members. ";
    const text = `# Annual report\n\n## Lending\n\n${sentence.repeat(40)}`;
    const chunks = chunkText(markdownToText(text).text);
    expect(chunks.length).toBeGreaterThan(1);
    for (const chunk of chunks) {
      expect(chunk.headingPath).toEqual(["Annual report", "Lending"]);
      expect(chunk.text.startsWith("The branch lent 1.5 million items")).toBe(true);
      expect(chunk.text.endsWith("members.")).toBe(true);
    }
  });

  it("overlaps neighbouring chunks of a section by a short sentence", () => {
    const text = `一、情况\n\n${Array.from({ length: 30 }, (_, i) => `第${i + 1}项工作完成了预定的目标任务。`).join("")}`;
    const chunks = chunkText(text, { target: 60, max: 100, overlap: 30 });
    expect(chunks.length).toBeGreaterThan(2);
    for (let i = 1; i < chunks.length; i++) expect(chunks[i]!.start).toBeLessThan(chunks[i - 1]!.end);
  });
});
