// A document that defines a short form uses it from then on: a question that says the long form
// is answered from the sentence that says only the short one, and the reverse, through the
// definitions the document's profile keeps. Small documents written for this test.
import fs from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { engineWith } from "../helpers/engine.js";
import { tempDir } from "../helpers/temp.js";

const dir = tempDir("docqa-abbr-");
fs.writeFileSync(
  path.join(dir, "harbour-charter.md"),
  [
    "# Harbour Users Association Charter",
    "",
    "## 1. Bodies",
    "",
    "The association is run by a Members Council and an independent Safety Review Panel (“SRP”).",
    "The Members Council meets four times a year and publishes its minutes online.",
    "",
    "## 2. The panel",
    "",
    "The SRP shall be composed of seven (7) members, appointed for three-year terms.",
    "Panel members may not sit on the Members Council at the same time.",
    "",
    "## 3. Fees",
    "",
    "Mooring fees are reviewed every spring by the treasurer.",
  ].join("\n"),
);
const engine = await engineWith([dir]);
afterAll(() => engine.close());

describe("short forms a document defines", () => {
  it("answers a question in the long form from a sentence in the short form", async () => {
    const answer = await engine.answer("How many members sit on the Safety Review Panel?", { mode: "lexical" });
    expect(answer.found).toBe(true);
    expect(answer.answer).toMatch(/seven \(7\) members/);
  });

  it("still refuses what the document does not say about the body", async () => {
    const answer = await engine.answer("How much is the Safety Review Panel chair paid?", { mode: "lexical" });
    expect(answer.found).toBe(false);
  });
});
