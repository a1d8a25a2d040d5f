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

  it("keeps the lines of a text dump apart: a menu item or an article number ends well short of the wrap width", () => {
    // A page saved as text: one menu item or article per line, no blank lines between them.
    const dump = [
      "網站導覽",
      "會員登入",
      "第 1 條",
      "本法所稱之港口，指依本法設置並經主管機關公告之商港，其範圍由主管機關會同有關機關劃定之。",
      "第 2 條",
      "港口之經營管理，由港務機關為之；港務機關之組織，另以法律定之。港口設施之興建與維護，由港務機關辦理。",
    ].join("\n");
    const lines = joinSoftBreaks(dump).split("\n");
    expect(lines).toEqual(dump.split("\n"));
  });

  it("decodes the character references a web page's text dump keeps", () => {
    const { text, title } = markdownToText("# Fees &amp; charges\n\nThe fee is HK&#36;600 (&ldquo;application fee&rdquo;) &ndash; paid once.\n");
    expect(title).toBe("Fees & charges");
    expect(text).toContain("The fee is HK$600 (“application fee”) – paid once.");
  });
});

describe("markdown images", () => {
  it("keeps an image's alt text when it is a caption that says something, and drops a label", () => {
    const md = [
      "# 河城新聞",
      "",
      "![河城消委會指，涉事門票分別價值2099元和1699元，正聯絡有關消費者跟進。](https://example.org/photo.jpg)",
      "",
      "![logo](https://example.org/logo.png) 英國樂隊完成四場演出。",
    ].join("\n");
    const { text } = markdownToText(md);
    expect(text).toContain("河城消委會指，涉事門票分別價值2099元和1699元，正聯絡有關消費者跟進。");
    expect(text).not.toMatch(/logo|example\.org/);
    expect(text).toContain("英國樂隊完成四場演出。");
  });
});

describe("raw HTML in markdown", () => {
  // A conference site's page as GitHub Pages sites write it: Markdown prose, an HTML heading and
  // an HTML table of dates.
  const page = [
    "<center><h2><strong>Welcome to the Riverside Meeting 2031!</strong></h2></center>",
    "",
    '<p style="text-align: justify;">',
    "The meeting takes place at the <b>Harbour Hall</b>.",
    "</p>",
    "<table>",
    "  <tr>",
    "    <td>Abstract deadline:</td>",
    "    <td>2031/05/15</td>",
    "  </tr>",
    "  <tr>",
    "    <td>Fee payment due:</td>",
    "    <td>2031/06/01</td>",
    "  </tr>",
    "</table>",
    "",
    "See <https://riverside.example> and the code:",
    "",
    "```html",
    "<td>kept as written</td>",
    "```",
  ].join("\n");

  it("reads the page as a browser shows it: no tags, a heading line, each table row on one line", () => {
    const { text } = markdownToText(page);
    expect(text.slice(0, text.indexOf("```"))).not.toMatch(/<\/?(?:p|b|td|tr|table|center|strong)\b/);
    expect(text).toContain("## Welcome to the Riverside Meeting 2031!");
    expect(text).toContain("The meeting takes place at the Harbour Hall.");
    const lines = text.split("\n").map((l) => l.trim());
    expect(lines).toContain("Abstract deadline: 2031/05/15");
    expect(lines).toContain("Fee payment due: 2031/06/01");
  });

  it("leaves autolinks and code fences alone", () => {
    const { text } = markdownToText(page);
    expect(text).toContain("<td>kept as written</td>");
    expect(text).toContain("riverside.example");
  });
});
