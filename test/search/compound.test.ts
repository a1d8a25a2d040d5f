// A question that asks two things ("when are payouts made, and what balance do I need?") is
// answered by the two sentences in a row that state them, though the second states no date.
import fs from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { engineWith } from "../helpers/engine.js";
import { tempDir } from "../helpers/temp.js";
import { asksTwoThings } from "../../src/search/answer-kind.js";

const dir = tempDir("docqa-compound-");
fs.writeFileSync(
  path.join(dir, "riverbank-sponsor-terms.md"),
  [
    "# Riverbank Sponsors Terms",
    "",
    "## Payment timing",
    "",
    "If you are paid through bank transfer, you will receive payouts on the second Tuesday of the month. A payout is issued for any month that your balance reaches $250. Contributions from the matching fund do not count towards this threshold.",
    "",
    "## Fees",
    "",
    "Riverbank charges no fee on sponsorships paid by bank transfer.",
    "",
  ].join("\n"),
);
const engine = await engineWith([dir]);
afterAll(() => engine.close());

describe("questions that ask two things", () => {
  it("knows a question that asks two things from one that asks one", () => {
    expect(asksTwoThings("when are payouts made and what balance do i need?")).toBe(true);
    expect(asksTwoThings("理事会同意购买的付费版花多少钱？谁负责？")).toBe(true);
    expect(asksTwoThings("门票和停车费分别是多少？")).toBe(true);
    expect(asksTwoThings("when are payouts made?")).toBe(false);
    expect(asksTwoThings("what fee is charged for bank and card payments?")).toBe(false);
  });

  it("quotes the next sentence too, where the second thing is stated", async () => {
    const answer = await engine.answer("If I am paid by bank transfer, when are payouts made, and what balance do I need?");
    expect(answer.found).toBe(true);
    expect(answer.answer).toContain("second Tuesday");
    expect(answer.answer).toContain("$250");
  });

  it("quotes one sentence for a question that asks one thing", async () => {
    const answer = await engine.answer("If I am paid by bank transfer, when are payouts made?");
    expect(answer.answer).toContain("second Tuesday");
    expect(answer.answer).not.toContain("$250");
  });
});
