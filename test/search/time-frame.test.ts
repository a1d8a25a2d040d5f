// Review or plan: the time a question asks about and the time a section speaks of, in both
// languages, and the answer it picks when a review and a plan say the same words.
import fs from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { explicitFrame, questionFrame, sectionFrame } from "../../src/search/time-frame.js";
import { engineWith } from "../helpers/engine.js";
import { tempDir } from "../helpers/temp.js";

describe("questionFrame", () => {
  it("reads the past from explicit markers and tense", () => {
    expect(questionFrame("How many parks were opened last year?")).toBe("past");
    expect(questionFrame("How many parks did the city open?")).toBe("past");
    expect(questionFrame("去年新建了多少个公园？")).toBe("past");
    expect(questionFrame("去年新建了多少個公園？")).toBe("past");
  });

  it("reads the future from plans and targets, even in the past tense", () => {
    expect(questionFrame("How many parks will the city open?")).toBe("future");
    expect(questionFrame("What was the target for new parks?")).toBe("future");
    expect(questionFrame("今年计划新建多少个公园？")).toBe("future");
  });

  it("says nothing when the question does not", () => {
    expect(questionFrame("How many parks are there?")).toBeUndefined();
    expect(questionFrame("公园有多少个？")).toBeUndefined();
  });
});

describe("explicitFrame", () => {
  it("names a frame only for words that say it outright", () => {
    expect(explicitFrame("What was the target for new parks?")).toBe("future");
    expect(explicitFrame("How many parks opened last year?")).toBe("past");
    expect(explicitFrame("去年新建了多少个公园？")).toBe("past");
    expect(explicitFrame("What rate is the city aiming for?")).toBe("future");
    expect(explicitFrame("How many parks were opened?")).toBeUndefined();
  });
});

describe("sectionFrame", () => {
  it("tells a review from a plan by its headings", () => {
    expect(sectionFrame("一、2022年工作回顾")).toBe("past");
    expect(sectionFrame("二、2023年工作重點 › (一)綠化")).toBe("future");
    expect(sectionFrame("Highlights of the year")).toBe("past");
    expect(sectionFrame("Plans for 2024")).toBe("future");
    expect(sectionFrame("Finances")).toBeUndefined();
  });
});

describe("a review and a plan in the same words", () => {
  const dir = tempDir("time-frame-");
  fs.writeFileSync(
    path.join(dir, "parks-zh.md"),
    [
      "# 绿城市园林工作报告",
      "",
      "## 一、2022年工作回顾",
      "",
      "全市新建口袋公园45个，绿道延长到210公里。",
      "古树名木保护条例正式实施，普查登记古树1800株。",
      "",
      "## 二、2023年工作重点",
      "",
      "全市新建口袋公园60个，新增绿道30公里。",
      "启动湿地保护修复工程，治理河道岸线。",
      "",
      "## 三、保障措施",
      "",
      "加强园林执法队伍建设，完善养护考核制度。",
      "",
    ].join("\n"),
  );
  fs.writeFileSync(
    path.join(dir, "parks-en.md"),
    [
      "# Greenville Parks Report",
      "",
      "## Review of the year",
      "",
      "The city opened 12 pocket parks across its districts.",
      "Volunteers planted trees along the riverside walk.",
      "",
      "## Plans for next year",
      "",
      "The city opened talks to add 20 pocket parks across its districts.",
      "A new cycling bridge will cross the canal.",
      "",
      "## Funding",
      "",
      "Maintenance is paid for by the municipal budget and by sponsors.",
      "",
    ].join("\n"),
  );
  const opened = engineWith([dir]);
  afterAll(async () => (await opened).close());
  const ask = async (q: string) => (await opened).answer(q);

  it("answers a question about last year from the review", async () => {
    expect((await ask("去年新建了多少个口袋公园？")).answer).toContain("45");
    expect((await ask("How many pocket parks did the city open last year?")).answer).toContain("12");
  });

  it("does not give a review's result for a target", async () => {
    // Only the review says how long the greenways became; the plan sets no length.
    expect((await ask("绿道延长到多少公里？")).answer).toContain("210");
    expect((await ask("绿道延长的目标是多少公里？")).found).toBe(false);
  });

  it("answers a question about the plan from the plan", async () => {
    expect((await ask("今年计划新建多少个口袋公园？")).answer).toContain("60");
    expect((await ask("How many pocket parks does the city plan to add?")).answer).toContain("20");
  });
});
