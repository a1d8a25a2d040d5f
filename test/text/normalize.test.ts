// What the store keeps of text copied out of real files: radicals that PDF fonts put where
// characters belong read as those characters, and a control character that stands for a space
// keeps the words on either side apart. Strings written for this test.
import { describe, expect, it } from "vitest";
import { foldForSearch, normalizeForStore } from "../../src/text/normalize.js";

describe("normalizeForStore", () => {
  it("reads Kangxi radicals and the supplement's simplified radicals as the characters they look like", () => {
    expect(normalizeForStore("快速⼊⻔⼿册，⻛险提示")).toBe("快速入门手册，风险提示");
    expect(foldForSearch(normalizeForStore("⽤⼾"))).toBe("用户");
  });

  it("turns a control character between words into a space, and drops one at a line's edge", () => {
    expect(normalizeForStore("Robotic\u0001Arm\u0001A1\u0001\nnext")).toBe("Robotic Arm A1\nnext");
    expect(normalizeForStore("\u0007bell")).toBe("bell");
  });

  it("leaves radicals that do not stand as characters as written", () => {
    expect(normalizeForStore("⺮")).toBe("⺮");
  });
});
