// Properties of the ingest rules on generated documents (fast-check): the outline follows the
// document's own numbering whatever the section texts; a number range (三、四十年前) never opens a
// section; a toolbar or breadcrumb above a title never becomes the title; a profile's lists are
// ranked, their shares add up, and 民國 years always come out Gregorian.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { chunkText } from "../../src/ingest/chunk.js";
import { buildProfile, yearsIn } from "../../src/ingest/profile.js";
import { chooseTitle } from "../../src/ingest/title.js";

const RUNS = process.env.STRESS ? 1000 : 100;
const NUMERALS = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"];
const HAN = [..."教育学校发展工作提高建设服务质量水平推进加强实施改革中心经济社会农村投资项目计划管理完善体系目标任务科技创新医疗卫生交通环境保护"];

const hanRun = (min: number, max: number): fc.Arbitrary<string> =>
  fc.array(fc.constantFrom(...HAN), { minLength: min, maxLength: max }).map((chars) => chars.join(""));
const sentence = fc.tuple(hanRun(6, 20), hanRun(4, 12)).map(([a, b]) => `${a}，${b}。`);

describe("the outline", () => {
  it("puts every paragraph under its own section, numbered 一、二、三… and （一）（二）…", () => {
    const doc = fc.array(
      fc.record({ title: hanRun(2, 10), intro: sentence, subsections: fc.array(fc.record({ title: hanRun(2, 8), body: sentence }), { maxLength: 3 }) }),
      { minLength: 1, maxLength: 6 },
    );
    fc.assert(
      fc.property(doc, (sections) => {
        const lines: string[] = [];
        const expected: { text: string; path: string[] }[] = [];
        sections.forEach((section, i) => {
          const heading = `${NUMERALS[i]}、${section.title}`;
          lines.push(heading, section.intro);
          expected.push({ text: section.intro, path: [heading] });
          section.subsections.forEach((sub, j) => {
            const subheading = `（${NUMERALS[j]}）${sub.title}`;
            lines.push(subheading, sub.body);
            expected.push({ text: sub.body, path: [heading, subheading] });
          });
        });
        const text = lines.join("\n\n");
        const chunks = chunkText(text);
        for (const { text: paragraph, path } of expected) {
          const at = text.indexOf(`\n\n${paragraph}`) + 2;
          const chunk = chunks.find((c) => c.start <= at && at < c.end);
          expect(chunk?.headingPath).toEqual(path);
        }
      }),
      { numRuns: RUNS },
    );
  });

  it("never opens a section at a number range such as 三、四十年前", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 8 }), fc.constantFrom("十年前", "十个", "百人", "十多年"), sentence, (i, unit, rest) => {
        const text = ["一、总体情况", "全年工作进展顺利。", `${NUMERALS[i]}、${NUMERALS[i + 1]}${unit}，${rest}`].join("\n\n");
        for (const chunk of chunkText(text)) expect(chunk.headingPath).toEqual(["一、总体情况"]);
      }),
      { numRuns: RUNS },
    );
  });
});

describe("titles", () => {
  it("never take a toolbar or breadcrumb above the title for the title", () => {
    const item = hanRun(2, 4);
    const chrome = fc.oneof(
      fc.array(item, { minLength: 4, maxLength: 7 }).map((items) => items.join(" ")),
      fc.array(item, { minLength: 2, maxLength: 4 }).map((items) => ["首页", ...items].join(" > ")),
    );
    fc.assert(
      fc.property(chrome, hanRun(4, 12), sentence, (line, name, body) => {
        const title = `${name}工作报告`;
        const text = [line, title, `${body}${body}${body}`].join("\n\n");
        expect(chooseTitle({ text, fallback: "file" })).toBe(title);
      }),
      { numRuns: RUNS },
    );
  });
});

describe("profiles", () => {
  it("rank names by count with shares that add up to at most one (each rounded to three places)", () => {
    const places = fc.array(fc.constantFrom("江苏省", "浙江省", "南京市", "杭州市", "广东省"), { minLength: 1, maxLength: 30 });
    fc.assert(
      fc.property(places, fc.array(sentence, { minLength: 1, maxLength: 5 }), (named, filler) => {
        const text = named.map((place, i) => `${place}${filler[i % filler.length]}`).join("\n");
        const profile = buildProfile({ title: "", text, source: "/x.txt" });
        const counts = profile.places.map((p) => p.count);
        expect(counts).toEqual([...counts].sort((a, b) => b - a));
        expect(profile.places.reduce((sum, p) => sum + p.weight, 0)).toBeLessThanOrEqual(1.01);
        for (const place of new Set(named)) {
          const expected = named.filter((p) => p === place).length;
          if (expected >= 2) expect(profile.places.find((p) => p.name === place)?.count).toBe(expected);
        }
      }),
      { numRuns: RUNS },
    );
  });

  it("read every 民國 year as a Gregorian one", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 150 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 28 }), (year, month, day) => {
        expect(yearsIn(`修正日期：民國 ${year} 年 ${month} 月 ${day} 日`)).toEqual([year + 1911]);
      }),
      { numRuns: RUNS },
    );
  });
});
