// Properties of the Telegram formatting of whole answers (src/bot/format.ts), on generated
// answers with hostile text (HTML specials, emoji, bidi marks, very long sentences), any number
// of sources with odd titles, links and pages, and glossaries: every message is valid Telegram
// HTML (the fake Bot API's strict parser), at most 4096 characters after entity parsing, and the
// messages keep every figure of the answer, each whole within one message.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { answerBlocks, formatAnswer, MESSAGE_LIMIT, packSingleMessage, sourcePageBlocks } from "../../src/bot/format.js";
import { extractFigures } from "../../src/search/answer.js";
import type { Answer, Source } from "../../src/search/types.js";
import { parseTelegramHtml } from "../bot/fake-bot-api.js";
import { chineseSentence, englishSentence, figure } from "./generators.js";

const RUNS = process.env.STRESS ? 1000 : 150;
const OPTIONS = { numRuns: RUNS, interruptAfterTimeLimit: 60_000 };

const hostile = fc.constantFrom(
  "<b>",
  "</i>",
  "&amp;",
  "&",
  "<",
  ">",
  '"',
  "'",
  '<a href="javascript:x">',
  "😀",
  "👍🏽",
  "\u202E",
  "\u200F",
  "&lt;",
  "<<>>",
  "</blockquote>",
  "\\",
  "`",
  "*_~",
);
/** Text a document might hold, and worse. */
const text = (maxParts: number): fc.Arbitrary<string> =>
  fc
    .array(
      fc.oneof(
        { arbitrary: chineseSentence, weight: 3 },
        { arbitrary: englishSentence, weight: 3 },
        hostile,
        figure,
        fc.string({ unit: "grapheme", maxLength: 30 }),
      ),
      { maxLength: maxParts },
    )
    .map((parts) => parts.join(" "));
// A sentence of several thousand characters without a full stop: forces the plain-text splitter.
const runOn = fc
  .array(fc.oneof(fc.constantFrom("river", "学前教育", "毛入园率", "budget", "<&>"), figure), { minLength: 400, maxLength: 1500, size: "max" })
  .map((parts) => parts.join(" "));

const source: fc.Arbitrary<Omit<Source, "n">> = fc.record({
  title: text(4),
  section: text(3),
  source: fc.oneof(fc.constant("/data/docs/a.txt"), fc.webUrl()),
  url: fc.option(
    fc.oneof(
      fc.webUrl({ withQueryParameters: true, withFragments: true }),
      fc.constantFrom("javascript:alert(1)", "tg://resolve?domain=x", 'https://e.com/"><b>x', "not a url"),
    ),
    { nil: undefined },
  ),
  quote: fc.oneof(text(8), runOn),
  score: fc.double({ min: 0, max: 1, noNaN: true }),
  page: fc.option(fc.integer({ min: 1, max: 5000 }), { nil: undefined }),
  language: fc.constantFrom("zh-Hans", "zh-Hant", "en"),
  chunkId: fc.nat(),
  documentId: fc.nat(),
});

const answerArb: fc.Arbitrary<Answer> = fc
  .record({
    question: text(3),
    found: fc.boolean(),
    answer: fc.oneof({ arbitrary: text(6), weight: 4 }, { arbitrary: runOn, weight: 1 }),
    sources: fc.array(source, { maxLength: 20 }),
    glossary: fc.array(fc.record({ term: text(1), gloss: text(2) }), { maxLength: 10 }),
  })
  .map((a) => ({
    ...a,
    sources: a.sources.map((s, i) => ({ ...s, n: i + 1 })),
    // As answerQuestion does: the figures are those the answer text states.
    figures: a.found ? extractFigures(a.answer) : [],
    questionLanguage: "en" as const,
    mode: "lexical" as const,
    warnings: [],
    timings_ms: { total: 1 },
  }));

function visibleTexts(messages: readonly string[]): string[] {
  return messages.map((message) => {
    const parsed = parseTelegramHtml(message);
    expect(parsed.error, message.slice(0, 300)).toBeUndefined();
    expect(parsed.text.length).toBeLessThanOrEqual(MESSAGE_LIMIT);
    expect(parsed.text.trim().length).toBeGreaterThan(0);
    return parsed.text;
  });
}

function squash(value: string): string {
  return value.replace(/\s+/g, " ").trim();
}

describe("answers formatted for Telegram", () => {
  it("are valid HTML within 4096 characters and keep every figure whole", () => {
    fc.assert(
      fc.property(answerArb, (answer) => {
        const texts = visibleTexts(formatAnswer(answer)).map(squash);
        for (const figureText of answer.figures) {
          const wanted = squash(figureText);
          expect(
            texts.some((t) => t.includes(wanted)),
            `figure "${wanted}" of ${JSON.stringify(answer.answer.slice(0, 120))}`,
          ).toBe(true);
        }
      }),
      OPTIONS,
    );
  });

  it("fit one valid message as an inline result, and as a page of more sources", () => {
    fc.assert(
      fc.property(answerArb, (answer) => {
        visibleTexts([packSingleMessage(answerBlocks(answer, { heading: `❓ ${answer.question}` }))]);
        if (answer.sources.length > 0)
          visibleTexts([packSingleMessage(sourcePageBlocks(answer.question, answer.sources.slice(0, 5), 6, answer.sources.length + 5))]);
      }),
      OPTIONS,
    );
  });
});
