// The eval harness on its own, with a stand-in answer function (the harness is what is tested
// here, not the answer core): question files keep the document each question is about, and an
// answer quoted from another document counts as a wrong-document answer.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { answersQuestion, evaluate, readQuestions } from "../../src/eval/evaluate.js";
import type { Answer } from "../../src/search/types.js";
import { answerWith } from "../helpers/answers.js";
import { tempDir } from "../helpers/temp.js";

/** An answer quoting `text` from the file `source`. */
function answerFrom(source: string, text: string): Answer {
  return answerWith({ answer: text, sources: [{ n: 1, title: "t", section: "", source, quote: text, score: 1, language: "en", chunkId: 1, documentId: 1 }] });
}

describe("readQuestions and the wrong-document rate", () => {
  const file = path.join(tempDir("harness-"), "set.json");
  fs.writeFileSync(
    file,
    JSON.stringify([
      { id: "a", lang: "en", question: "What is the fee in Northport?", answerable: true, expect: ["$5"], doc: "northport-fees.md" },
      { id: "b", lang: "en", question: "What is the fee in Southport?", answerable: true, expect: ["$7"], doc: "southport-fees.md" },
      { id: "c", lang: "en", question: "How tall is the tower?", answerable: true, expect: ["90 m"] },
    ]),
  );

  it("keeps the document a question is about", () => {
    expect(readQuestions(file).map((q) => q.doc)).toEqual(["northport-fees.md", "southport-fees.md", undefined]);
  });

  it("counts an answer quoted from another document, over the questions that name one", async () => {
    // Both fee questions are answered from Northport's file: one is right, one is the wrong document.
    const report = await evaluate(
      readQuestions(file),
      { answer: async () => answerFrom("/docs/northport-fees.md", "The fee is $5."), chunksByIds: () => [] },
      "lexical",
    );
    expect(report.results.map((r) => r.wrongDocument)).toEqual([false, true, undefined]);
    expect(report.overall.wrongDocument).toBe(0.5);
  });
});

describe("answersQuestion", () => {
  const q = { id: "x", lang: "zh-Hans", question: "?", answerable: true, expect: ["共借出图书4.1万册"] };
  it("finds the expected string in the sentence, or running on into the next one", () => {
    expect(answersQuestion(q, { span: { text: "东城分馆共借出图书4.1万册。" } })).toBe(true);
    expect(answersQuestion(q, { span: { text: "东城分馆共借出" }, next: { text: "图书4.1万册。" } })).toBe(true);
    expect(answersQuestion(q, { span: { text: "东城分馆共借出图书3.9万册。" } })).toBe(false);
    expect(answersQuestion({ ...q, answerable: false }, { span: { text: "东城分馆共借出图书4.1万册。" } })).toBe(false);
  });
});
