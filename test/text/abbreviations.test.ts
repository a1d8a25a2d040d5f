// The short forms a document defines for itself, on sentences written for this test: English
// initials in either order, quoted or not, Chinese 简称 in both scripts, and the brackets that
// define nothing (a year, a number, an aside whose letters are not the words' initials).
import { describe, expect, it } from "vitest";
import { abbreviationsIn, spellsInitials } from "../../src/text/abbreviations.js";

describe("spellsInitials", () => {
  it("reads the initials of the words, keeping or skipping linking words", () => {
    expect(spellsInitials("TOC", ["Technical", "Oversight", "Committee"])).toBe(true);
    expect(spellsInitials("AOA", ["angle", "of", "attack"])).toBe(true);
    expect(spellsInitials("DOT", ["Department", "of", "Transportation"])).toBe(true);
    expect(spellsInitials("BoE", ["Bank", "of", "England"])).toBe(true);
    expect(spellsInitials("FUR", ["Follow-Up", "Review"])).toBe(true);
  });

  it("refuses letters the words do not start with", () => {
    expect(spellsInitials("TOC", ["Table", "Of", "Figures"])).toBe(false);
    expect(spellsInitials("ABC", ["Technical", "Committee"])).toBe(false);
  });
});

describe("abbreviationsIn", () => {
  it("finds a long form followed by its short form in brackets, quoted or not", () => {
    const text = "The Technical Oversight Committee (“TOC”) meets monthly. Each Special Interest Group (SIG) reports to the TOC.";
    expect(abbreviationsIn(text)).toEqual([
      { short: "TOC", long: "Technical Oversight Committee" },
      { short: "SIG", long: "Special Interest Group" },
    ]);
  });

  it("finds a short form followed by its long form in brackets", () => {
    expect(abbreviationsIn("Pilots must set the AOA (angle of attack) alert.")).toEqual([{ short: "AOA", long: "angle of attack" }]);
  });

  it("takes only the words the initials spell, not the whole clause before the bracket", () => {
    expect(abbreviationsIn("Members of the public may write to the Standing Review Board (SRB) by June.")).toEqual([
      { short: "SRB", long: "Standing Review Board" },
    ]);
  });

  it("finds a Chinese 简称 whose characters are drawn in order from the long form, in either script", () => {
    expect(abbreviationsIn("国家发展和改革委员会（以下简称“国家发改委”）负责统筹。")).toEqual([{ short: "国家发改委", long: "国家发展和改革委员会" }]);
    expect(abbreviationsIn("本會由香港消費者委員會（簡稱「消委會」）主辦。")).toEqual([{ short: "消委會", long: "消費者委員會" }]);
  });

  it("defines nothing by a bracket that holds a year, a figure or an aside", () => {
    expect(abbreviationsIn("The plan (2024) sets 12 targets (see Annex B). Fees rose (by 5%) in May (UK only).")).toEqual([]);
    expect(abbreviationsIn("本办法（试行）自发布之日起施行（以下简称为准）。")).toEqual([]);
  });

  it("keeps the first definition of a short form", () => {
    const text = "The Data Protection Board (DPB) was set up. Later the Digital Policy Bureau (DPB) took over.";
    expect(abbreviationsIn(text)).toEqual([{ short: "DPB", long: "Data Protection Board" }]);
  });
});
