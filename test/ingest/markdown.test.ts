// Markdown paragraphs are what a reader sees: a single line break inside one is a soft wrap, so a
// sentence wrapped across lines stays one sentence (and one citation).
import { describe, expect, it } from "vitest";
import { joinSoftBreaks, markdownToText } from "../../src/ingest/loaders/markdown.js";
import { splitSentences } from "../../src/text/sentences.js";

describe("markdown soft line breaks", () => {
  it("keeps a wrapped English sentence whole", () => {
    const { text } = markdownToText("## Visits\n\nThe busiest branch was Harbour\nRoad, with 161,000 visits.\n");
    const sentences = splitSentences(text).map((s) => s.text);
    expect(sentences).toContain("The busiest branch was Harbour Road, with 161,000 visits.");
  });

  it("joins wrapped Chinese lines without inventing a space", () => {
    expect(joinSoftBreaks("全市新建公园45个，\n绿道延长到210公里。")).toBe("全市新建公园45个，绿道延长到210公里。");
  });

  it("keeps headings, list items, tables, code and hard breaks on their own lines", () => {
    const source = ["# Title", "Intro line", "- one", "- two", "| a | b |", "| 1 | 2 |", "```", "code line", "more code", "```", "hard  ", "break"].join("\n");
    const lines = joinSoftBreaks(source).split("\n");
    expect(lines).toEqual(["# Title", "Intro line", "- one", "- two", "| a | b |", "| 1 | 2 |", "```", "code line", "more code", "```", "hard  ", "break"]);
  });

  it("joins the continuation of a list item to the item", () => {
    expect(joinSoftBreaks("- Loans reached 2.61\nmillion items.\n- Next item")).toBe("- Loans reached 2.61 million items.\n- Next item");
  });
});
