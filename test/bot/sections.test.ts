// Related sections under an answer (src/bot/sections.ts): the neighbours of the cited section,
// and the key sentences shown when one is opened.
import { describe, expect, it } from "vitest";
import { keySentences, neighbourSections } from "../../src/bot/sections.js";

const REPORT = [
  ["Report"],
  ["Report", "1. Visits"],
  ["Report", "2. Loans"],
  ["Report", "2. Loans", "E-books"],
  ["Report", "3. Events"],
  ["Report", "4. Budget"],
];

describe("neighbouring sections", () => {
  it("offers the nearest siblings first (the next before the previous), then subsections, then the parent", () => {
    expect(neighbourSections(REPORT, ["Report", "2. Loans"])).toEqual([
      ["Report", "3. Events"],
      ["Report", "1. Visits"],
      ["Report", "4. Budget"],
    ]);
    expect(neighbourSections(REPORT, ["Report", "2. Loans", "E-books"])).toEqual([["Report", "2. Loans"]]);
    expect(neighbourSections(REPORT, ["Report", "4. Budget"], 2)).toEqual([
      ["Report", "3. Events"],
      ["Report", "2. Loans"],
    ]);
  });

  it("offers nothing where the document has no headings", () => {
    expect(neighbourSections([[]], [])).toEqual([]);
    expect(neighbourSections([["Only"]], ["Only"])).toEqual([]);
  });
});

describe("key sentences", () => {
  it("picks the sentences closest to the question, figures first on ties, in the order written, each once", () => {
    const chunks = [
      { text: "The branch opened in 1998. It lent 28,700 books in 2023. Staff were friendly.", page: 4 },
      { text: "It lent 28,700 books in 2023. Children borrowed most of the books.", page: 5 },
    ];
    expect(keySentences(chunks, "How many books did the branch lend?", 1)).toEqual([{ text: "It lent 28,700 books in 2023.", page: 4 }]);
    expect(keySentences(chunks, "How many books did the branch lend?", 3)).toEqual([
      { text: "The branch opened in 1998.", page: 4 },
      { text: "It lent 28,700 books in 2023.", page: 4 },
      { text: "Children borrowed most of the books.", page: 5 },
    ]);
    expect(keySentences([{ text: "2019年新建幼儿园260所。师资队伍不断壮大。", page: null }], "幼儿园", 1)).toEqual([
      { text: "2019年新建幼儿园260所。", page: null },
    ]);
  });
});
