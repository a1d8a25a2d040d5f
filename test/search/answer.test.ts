import { afterAll, describe, expect, it } from "vitest";
import { engineWith } from "../helpers/engine.js";
import { SAMPLE_SPEECH } from "../helpers/temp.js";

const engine = await engineWith([SAMPLE_SPEECH]);
afterAll(() => engine.close());
const ask = (q: string) => engine.answer(q);

// Questions written for these tests, each with the figure the answer must quote and a piece
// of the section it must cite (in the document's own traditional script).
const ANSWERABLE: { q: string; figure: string; section: string }[] = [
  { q: "2019年学前教育三年毛入园率的目标是多少？", figure: "92.8%", section: "工作重點" },
  { q: "2019年學前教育三年毛入園率的目標是多少？", figure: "92.8%", section: "工作重點" },
  { q: "三类残疾儿童入学率要达到多少？", figure: "93%", section: "工作重點" },
  { q: "今年计划建设多少所义务教育标准化学校？", figure: "150所", section: "工作重點" },
  { q: "交流了多少名义务教育学校教师？", figure: "2697", section: "隊伍建設" },
  { q: "發放鄉村教師補貼多少錢？", figure: "1.44億", section: "隊伍建設" },
  { q: "高中阶段教育毛入学率是多少", figure: "96.7%", section: "事業水平" },
  { q: "中考一次性合格率", figure: "90.65%", section: "素質教育" },
  { q: "市屬院校大中專應屆畢業生就業率達到多少？", figure: "93.74%", section: "教育服務" },
  { q: "滚动培训多少名市级骨干教师？", figure: "1200", section: "教師專業素養" },
];

const UNANSWERABLE = [
  "2025年医院建设的预算是多少？",
  "北京明天的天气怎么样？",
  "What is the population of Paris?",
  "股票市场今年的收益率是多少？",
  "全市有多少家三甲醫院？",
];

describe("answers on the sample speech", () => {
  for (const { q, figure, section } of ANSWERABLE) {
    it(`answers "${q}" with ${figure}, citing ${section}`, async () => {
      const answer = await ask(q);
      expect(answer.found).toBe(true);
      expect(answer.answer).toContain(figure);
      expect(answer.sources[0]!.section).toContain(section);
      expect(answer.sources[0]!.quote).toContain(figure);
      expect(answer.sources[0]!.title).toContain("教育工作會議");
      expect(answer.figures.some((f) => f.includes(figure.replace(/[%所億]$/, "")))).toBe(true);
    });
  }

  it("answers the same in simplified and traditional script", async () => {
    const simplified = await ask("2019年学前教育三年毛入园率的目标是多少？");
    const traditional = await ask("2019年學前教育三年毛入園率的目標是多少？");
    expect(traditional.answer).toBe(simplified.answer);
    expect(traditional.sources.map((s) => s.chunkId)).toEqual(simplified.sources.map((s) => s.chunkId));
  });

  it("never cites the same sentence twice", async () => {
    const answer = await ask("2019年学前教育三年毛入园率的目标是多少？");
    const quotes = answer.sources.flatMap((s) => s.quote.split(/(?<=[。；;])\s*/)).filter(Boolean);
    expect(new Set(quotes).size).toBe(quotes.length);
  });
});

describe("questions the documents do not answer", () => {
  for (const q of UNANSWERABLE) {
    it(`refuses "${q}"`, async () => {
      const answer = await ask(q);
      expect(answer.found).toBe(false);
      expect(answer.sources).toEqual([]);
      // The core says why in a code; the interfaces word it in the reader's language.
      expect(answer.answer).toBe("");
      expect(["constraint_failed", "weak_evidence", "nothing_retrieved"]).toContain(answer.refusal?.code);
    });
  }

  it("refuses an empty question", async () => {
    const answer = await ask("   ");
    expect(answer.found).toBe(false);
    expect(answer.refusal?.code).toBe("empty_question");
  });
});
