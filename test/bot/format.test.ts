// Formatting for Telegram: every message our formatter produces must be accepted by Telegram's
// HTML parser (checked with the fake server's strict parser) and stay within 4096 characters,
// whatever the documents or the question contain.
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import type { Answer, Source } from "../../src/search/types.js";
import {
  answerBlocks,
  boldFigures,
  escapeAttr,
  escapeHtml,
  formatAnswer,
  MESSAGE_LIMIT,
  packMessages,
  packSingleMessage,
  splitPlainText,
  textBlock,
  truncate,
  visibleLength,
} from "../../src/bot/format.js";
import { parseTelegramHtml } from "./fake-bot-api.js";
import { answerWith } from "../helpers/answers.js";

function source(n: number, overrides: Partial<Source> = {}): Source {
  return {
    n,
    title: "教育局局長在2019年全市教育工作會議上的講話",
    section: "二、2019年工作重點",
    source: "/data/docs/2019.txt",
    quote: "具體目標是:建設公辦幼兒園30所,學前教育三年毛入園率達92.8%,公辦園和普惠性民辦園占全市幼兒園總數的72%;",
    score: 0.8,
    language: "zh-Hant",
    chunkId: n,
    documentId: 1,
    ...overrides,
  };
}

function answer(overrides: Partial<Answer> = {}): Answer {
  return answerWith({
    question: "2019年学前教育三年毛入园率的目标是多少？",
    answer: "具體目標是:建設公辦幼兒園30所,學前教育三年毛入園率達92.8%,公辦園和普惠性民辦園占全市幼兒園總數的72%;",
    sources: [source(1), source(2)],
    figures: ["30所", "92.8%", "72%"],
    questionLanguage: "zh-Hans",
    ...overrides,
  });
}

function expectValid(messages: readonly string[]): void {
  for (const message of messages) {
    const parsed = parseTelegramHtml(message);
    expect(parsed.error, message.slice(0, 200)).toBeUndefined();
    expect(parsed.text.length).toBeLessThanOrEqual(MESSAGE_LIMIT);
    expect(visibleLength(message)).toBe(parsed.text.length);
  }
}

describe("escaping", () => {
  it("escapes the three HTML specials in text and the quote in attributes", () => {
    expect(escapeHtml(`<script>alert("x")</script> & co`)).toBe(`&lt;script&gt;alert("x")&lt;/script&gt; &amp; co`);
    expect(escapeAttr(`https://e.com/?a=1&b="2"`)).toBe("https://e.com/?a=1&amp;b=&quot;2&quot;");
  });

  it("bolds every figure and escapes the rest", () => {
    const html = boldFigures("rate <92.8%> & 92.8% again, 30所", ["92.8%", "30所"]);
    expect(html).toBe("rate &lt;<b>92.8%</b>&gt; &amp; <b>92.8%</b> again, <b>30所</b>");
    expect(parseTelegramHtml(html).error).toBeUndefined();
  });

  it("treats figures as literal text, not regular expressions", () => {
    expect(boldFigures("a (1+1) b", ["(1+1)", ""])).toBe("a <b>(1+1)</b> b");
  });
});

describe("answer formatting", () => {
  it("shows the answer with figures in bold, then numbered sources with quotes", () => {
    const [message, ...rest] = formatAnswer(answer({ sources: [source(1, { page: 3, url: "https://example.org/a?x=1&y=2" })] }));
    expect(rest).toEqual([]);
    expect(message).toContain("<b>92.8%</b>");
    expect(message).toContain("<b>[1]</b> 教育局局長在2019年全市教育工作會議上的講話 › 二、2019年工作重點 · p. 3");
    expect(message).toContain('<a href="https://example.org/a?x=1&amp;y=2">example.org</a>');
    expect(message).toMatch(/<blockquote>具體目標是.*<\/blockquote>/);
    expectValid([message!]);
  });

  it("lists key terms when the answer has a glossary", () => {
    const [message] = formatAnswer(answer({ glossary: [{ term: "毛入园率", gloss: "gross enrolment rate <GER>" }] }));
    expect(message).toContain("<b>Key terms:</b>\n• <b>毛入园率</b> — gross enrolment rate &lt;GER&gt;");
  });

  it("says honestly when nothing was found, with a pointer to /sources", () => {
    const [message] = formatAnswer(answer({ found: false, answer: "Not found.", sources: [], figures: [] }));
    expect(message).toContain("Not found.");
    expect(message).toContain("/sources");
  });

  it("never links anything but http(s)", () => {
    const [message] = formatAnswer(answer({ sources: [source(1, { url: "javascript:alert(1)" })] }));
    expect(message).not.toContain("<a ");
  });

  it("cuts quotes to about 200 characters", () => {
    const [message] = formatAnswer(answer({ sources: [source(1, { quote: "很长的句子。".repeat(200) })] }));
    const quote = /<blockquote>(.*)<\/blockquote>/s.exec(message!)![1]!;
    expect(quote.length).toBeLessThanOrEqual(200);
    expect(quote.endsWith("…")).toBe(true);
  });
});

describe("splitting long replies", () => {
  it("packs whole blocks and keeps every message under 4096 characters", () => {
    const long = answer({
      answer: "学前教育三年毛入园率达92.8%。".repeat(400),
      sources: Array.from({ length: 20 }, (_, i) => source(i + 1, { title: `T${i} <&> `.repeat(60), quote: "引文 & <i>".repeat(80) })),
    });
    const messages = formatAnswer(long);
    expect(messages.length).toBeGreaterThan(2);
    expectValid(messages);
    // Figures are still bold in the pieces of the split answer.
    expect(messages[0]).toContain("<b>92.8%</b>");
  });

  it("splits plain text at sentence ends when a paragraph is too long", () => {
    const pieces = splitPlainText("第一句。第二句很长。".repeat(100), 100);
    for (const piece of pieces) {
      expect(piece.length).toBeLessThanOrEqual(100);
      expect(piece.endsWith("。")).toBe(true);
    }
    expect(pieces.join("")).toBe("第一句。第二句很长。".repeat(100));
  });

  it("never cuts an emoji in half", () => {
    const pieces = splitPlainText("😀".repeat(3000), 4095);
    for (const piece of pieces) expect(piece).not.toMatch(/[\uD800-\uDBFF]$/);
    expect(truncate("😀".repeat(10), 6)).not.toMatch(/[\uD800-\uDBFF](…)?$/);
  });

  it("fits one message for inline results, noting what was left out", () => {
    const long = answer({ sources: Array.from({ length: 20 }, (_, i) => source(i + 1, { title: "标题".repeat(100), quote: "引文".repeat(100) })) });
    const message = packSingleMessage(answerBlocks(long, { heading: "❓ question" }));
    expectValid([message]);
    expect(message).toContain("shortened");
  });

  it("keeps any text valid and within the limit (property)", () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ text: fc.string({ unit: "binary", maxLength: 3000 }), figures: fc.array(fc.string({ maxLength: 5 }), { maxLength: 3 }) }), {
          maxLength: 8,
        }),
        fc.integer({ min: 50, max: MESSAGE_LIMIT }),
        (blocks, limit) => {
          const messages = packMessages(
            blocks.map((b) => textBlock(b.text, b.figures)),
            limit,
          );
          for (const message of messages) {
            const parsed = parseTelegramHtml(message);
            expect(parsed.error).toBeUndefined();
            expect(parsed.text.length).toBeLessThanOrEqual(limit);
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});
