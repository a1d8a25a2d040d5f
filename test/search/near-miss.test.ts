// Near misses: questions that share words with the documents but ask for something they do not
// state. A demanding user would rather hear "not found" than get a sentence about another rate,
// a percentage for a count, or a subsidy total for an average salary. Each refusal is paired
// with a question the same documents do answer, so the rules cannot pass by refusing everything.
import fs from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { engineWith } from "../helpers/engine.js";
import { tempDir } from "../helpers/temp.js";

// Two small reports written for these tests, about a subject unrelated to the bundled corpus.
const ENGLISH_REPORT = [
  "# Harbor City Transit Review 2022",
  "",
  "## Service",
  "",
  "The city's buses made 2,150,000 trips in total. Bus trips made up 38% of all city trips in 2022.",
  "The on-time rate of buses reached 91% after the new timetable. The average bus was 7 years old.",
  "",
  "## Staff",
  "",
  "Driver salaries rose by 4% in April, and 120 new drivers were hired.",
  "The new depot on the east side houses 85 buses.",
  "",
].join("\n");

const CHINESE_REPORT = [
  "# 海港市2022年公交工作报告",
  "",
  "## 一、车辆与线路",
  "",
  "全市投入新能源公交车300辆，新开公交线路12条。",
  "公交准点率达到91%，乘客满意度提高到88%。",
  "",
  "## 二、职工队伍",
  "",
  "落实驾驶员待遇，新招聘驾驶员120名。",
  "改造城区公交站台80个，新建一批农村公交候车亭。",
  "",
].join("\n");

const dir = tempDir("near-miss-");
fs.writeFileSync(path.join(dir, "transit-review.md"), ENGLISH_REPORT);
fs.writeFileSync(path.join(dir, "transit-report-zh.md"), CHINESE_REPORT);
const engine = await engineWith([dir]);
afterAll(() => engine.close());
const ask = (q: string) => engine.answer(q);

describe("a word the collection never uses", () => {
  it("refuses a rate the documents do not report, though they report another rate", async () => {
    expect((await ask("What is the unemployment rate in Harbor City?")).found).toBe(false);
  });

  it("answers the rate they do report", async () => {
    const answer = await ask("What was the on-time rate of buses?");
    expect(answer.found).toBe(true);
    expect(answer.answer).toContain("91%");
  });
});

describe("the kind of figure asked for", () => {
  it("answers 'how many' with a count, not with a percentage of the same thing", async () => {
    const answer = await ask("How many bus trips were there in 2022?");
    expect(answer.found).toBe(true);
    expect(answer.answer).toContain("2,150,000");
  });

  it("does not answer an average with a pay rise, nor with another average", async () => {
    expect((await ask("What is the average salary of drivers?")).found).toBe(false);
  });

  it("does not answer an amount of money with a number of buses", async () => {
    expect((await ask("全市公交总投入是多少亿元？")).found).toBe(false);
    const buses = await ask("全市投入了多少辆新能源公交车？");
    expect(buses.found).toBe(true);
    expect(buses.answer).toContain("300");
  });

  it("does not answer a question about one thing with a figure about another in the same sentence", async () => {
    // 12 lines and 300 buses share a sentence; the buses are what the question is about.
    const answer = await ask("新开了多少条公交线路？");
    expect(answer.found).toBe(true);
    expect(answer.answer).toContain("12");
  });
});

describe("what the figure counts", () => {
  it("does not answer a count of drivers with a count of buses", async () => {
    // The depot sentence matches "new depot" and states a count, but it counts buses.
    const answer = await ask("How many drivers work at the new depot?");
    expect(answer.answer).not.toContain("85");
  });
});

describe("a counted Chinese phrase", () => {
  it("is not answered by a clause that shares only one of its words", async () => {
    // 80 counts city platforms; the rural shelters the question counts come in "a batch".
    expect((await ask("今年新建了多少个农村公交候车亭？")).found).toBe(false);
    expect((await ask("改造了多少个城区公交站台？")).answer).toContain("80");
  });
});

describe("names in the question", () => {
  it("does not answer about one named place with a sentence about another", async () => {
    // The fleet sentence has the figure and the words, but not the named district.
    expect((await ask("How many bus trips were made in Northgate?")).found).toBe(false);
    expect((await ask("海港市Northgate区新开了多少条公交线路？")).found).toBe(false);
  });
});

describe("across languages", () => {
  it("answers an English question from the Chinese report", async () => {
    const answer = await ask("How many new drivers were recruited?");
    expect(answer.found).toBe(true);
    expect(answer.answer).toContain("120");
  });

  it("refuses an English near miss about the Chinese report", async () => {
    expect((await ask("What is the average monthly wage of bus drivers?")).found).toBe(false);
  });
});
