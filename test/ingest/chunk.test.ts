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
    // Two parallel phrases are a heading too; a clause of a definition is not.
    expect(detectHeading("(六)培育优秀团队，提升教师专业素养。促进师德自觉。")?.label).toBe("(六)培育优秀团队，提升教师专业素养");
    expect(detectHeading("（二）厨余垃圾，是指家庭中产生的菜帮菜叶、瓜果皮核等易腐性垃圾。其他垃圾另行规定。")).toBeUndefined();
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

describe("outline headings that are really sentences", () => {
  const pathOf = (chunks: ReturnType<typeof chunkText>, needle: string): string[] | undefined => chunks.find((c) => c.text.includes(needle))?.headingPath;

  it("reads 三、四十年前 as a number range in a sentence, not as heading 三", () => {
    expect(detectHeading("三、四十年前，这里还是一片农田，如今已是新城区。")).toBeUndefined();
    expect(detectHeading("一、二年级学生每天锻炼一小时。")).toBeUndefined();
    expect(detectHeading("二、一流营商环境建设")?.label).toBe("二、一流营商环境建设");
    const text = ["一、发展回顾", "全年经济平稳运行。", "二、城市变迁", "三、四十年前，这里还是一片农田，如今高楼林立。", "城区面积扩大了五倍。"].join("\n\n");
    const chunks = chunkText(text);
    expect(pathOf(chunks, "城区面积扩大了五倍")).toEqual(["二、城市变迁"]);
    expect(pathOf(chunks, "四十年前")).toEqual(["二、城市变迁"]);
  });

  it("keeps list items of an article (clauses, closing 。 or ；) as body text under the chapter", () => {
    const law = [
      "第三章 分类投放",
      "第二十条 管理责任人按照下列规定确定：",
      "（一）居住区，实行物业管理的，由物业服务企业负责；",
      "（二）机关、团体、企业事业单位的办公场所，由本单位负责；",
      "（三）国家和本市规定的其他情形。",
      "第二十一条 管理责任人应当建立日常管理制度，并向社会公开。",
      "第四章 收集运输",
      "第三十条 收集单位应当按照规定的时间和路线收集。",
    ].join("\n\n");
    const chunks = chunkText(law);
    expect(pathOf(chunks, "第二十一条")).toEqual(["第三章 分类投放"]);
    expect(pathOf(chunks, "由本单位负责")).toEqual(["第三章 分类投放"]);
    expect(pathOf(chunks, "第三十条")).toEqual(["第四章 收集运输"]);
  });

  it("takes a numbered line as a heading only when it counts on from its siblings", () => {
    const text = [
      "一、总体情况",
      "全年完成投资120亿元。",
      "二、主要工作",
      "新建学校8所。",
      "五、深化改革。各项改革任务全面推进。",
      "新增学位8000个。",
      "三、下一步计划",
      "扩大学位供给。",
    ].join("\n\n");
    const chunks = chunkText(text);
    // 五、 after 二、 opening a paragraph is no heading: the passage stays in section 二, and 三、 follows 二、.
    expect(pathOf(chunks, "新增学位8000个")).toEqual(["二、主要工作"]);
    expect(pathOf(chunks, "扩大学位供给")).toEqual(["三、下一步计划"]);
  });

  it("nests numbering styles in the order the document uses them", () => {
    // An agenda: Roman parts, then numbered questions, each asking （一） （二）.
    const agenda = [
      "I. 提交文件",
      "1. 第5號 ─ 河城基金",
      "截至2013年8月31日止年度的財務報表",
      "II. 以書面答覆的質詢",
      "1. 李議員問：",
      "就港口交通，政府可否告知本會：",
      "(一) 過去一年，港口每日平均有多少旅客；",
      "(二) 會否增加接駁巴士班次；若會，詳情為何？",
      "2. 王議員問：",
      "關於街市的租金，政府可否告知本會：",
      "(一) 空置檔位的數目為何？",
    ].join("\n\n");
    const chunks = chunkText(agenda);
    expect(pathOf(chunks, "財務報表")).toEqual(["I. 提交文件", "1. 第5號 ─ 河城基金"]);
    expect(pathOf(chunks, "接駁巴士")).toEqual(["II. 以書面答覆的質詢", "1. 李議員問"]);
    expect(pathOf(chunks, "空置檔位")).toEqual(["II. 以書面答覆的質詢", "2. 王議員問"]);
  });

  it("reads consecutive numbered lines with nothing between them as a list, not as headings", () => {
    const text = ["附屬法例", "1. 《河城港口規例》", "2. 《河城街市規例》", "3. 《河城公園規例》", "其他文件", "本會將於下周討論上述規例。"].join("\n\n");
    const chunks = chunkText(text);
    expect(pathOf(chunks, "本會將於下周討論")).toEqual([]);
  });
});
