// Questions that name a document's place: besides the whole library, the lexical legs search the
// documents that identify themselves by that name (title, title places, file name), so that in a
// library of same-genre reports the named one's passages are not crowded out by the others'.
import fs from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { engineWith } from "../helpers/engine.js";
import { tempDir } from "../helpers/temp.js";

const TOWNS = ["Northtown", "Eastville", "Westford"];

/** A town report whose transport section talks about buses at length. */
function busyReport(town: string): string {
  const paragraphs = Array.from(
    { length: 12 },
    (_, i) =>
      `Electric buses on route ${i + 1} ran every ${10 + i} minutes; the electric buses fleet kept electric buses charging overnight at depot ${i + 1}.`,
  );
  return [`# ${town} Council Annual Report 2023`, "", "## Transport", "", ...paragraphs.flatMap((p) => [p, ""])].join("\n");
}

const dir = tempDir("docqa-named-");
for (const town of TOWNS) fs.writeFileSync(path.join(dir, `${town.toLowerCase()}-report.md`), busyReport(town));
fs.writeFileSync(
  path.join(dir, "southbury-report.md"),
  [
    "# Southbury Council Annual Report 2023",
    "",
    "## Transport",
    "",
    "The council added 14 electric buses this year.",
    "",
    "## Parks",
    "",
    "Two new parks opened in the spring.",
  ].join("\n"),
);
const engine = await engineWith([dir]);
afterAll(() => engine.close());

describe("a question that names one of several same-genre documents", () => {
  const question = "How many electric buses did Southbury add?";

  it("searches the named document's passages in a leg of their own, and no other document's", async () => {
    const d = await engine.deliberate(question);
    const named = d.scored.filter((s) => s.candidate.ranks.legs.named !== undefined).map((s) => s.candidate.chunk.document.title);
    expect(named.length).toBeGreaterThan(0);
    expect(new Set(named)).toEqual(new Set(["Southbury Council Annual Report 2023"]));
  });

  it("answers from the named report", async () => {
    const answer = await engine.answer(question);
    expect(answer.found).toBe(true);
    expect(answer.answer).toContain("14");
    expect(answer.sources[0]!.title).toBe("Southbury Council Annual Report 2023");
  });

  it("adds no leg when the question names no document", async () => {
    const d = await engine.deliberate("How often do the electric buses run?");
    expect(d.scored.every((s) => s.candidate.ranks.legs.named === undefined)).toBe(true);
  });
});
