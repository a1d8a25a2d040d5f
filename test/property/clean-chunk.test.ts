// Properties of the text pipeline, checked on generated documents (fast-check): the cleaner
// keeps every content sentence while dropping keyword lists, breadcrumbs and URL lines, and
// cleaning twice changes nothing; the chunker's offsets map back to the cleaned text exactly and
// no chunk boundary falls inside a number.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { chunkText } from "../../src/ingest/chunk.js";
import { cleanText } from "../../src/ingest/clean.js";
import { normalizeForStore } from "../../src/text/normalize.js";
import { longText, noisyDocument, noiseLine } from "./generators.js";

const RUNS = process.env.STRESS ? 2000 : 200;
// Shrinking long generated texts can take minutes; past the limit fast-check reports what it has.
const OPTIONS = { numRuns: RUNS, interruptAfterTimeLimit: 60_000 };
// A number as it must stay whole: digits with decimal points, thousands separators and %.
const NUMBER = /\d+(?:[.,:]\d+)*%?/g;

function squash(text: string): string {
  return text.replace(/\s+/g, " ");
}

describe("the cleaner", () => {
  it("never loses a content sentence", () => {
    fc.assert(
      fc.property(noisyDocument, ({ text, sentences }) => {
        const cleaned = squash(cleanText(text).text);
        for (const sentence of sentences) expect(cleaned).toContain(squash(normalizeForStore(sentence)));
      }),
      OPTIONS,
    );
  });

  it("drops keyword lists, breadcrumbs and URL lines standing between paragraphs", () => {
    fc.assert(
      fc.property(noisyDocument, noiseLine, ({ text }, noise) => {
        const lines = text.split("\n");
        // The noise line on a line of its own, between blank lines: nothing can glue it to content.
        const withNoise = [...lines.slice(0, 1), "", noise, "", ...lines.slice(1)].join("\n");
        const cleaned = cleanText(withNoise).text.split("\n");
        expect(cleaned).not.toContain(normalizeForStore(noise).trim());
      }),
      OPTIONS,
    );
  });

  it("is idempotent: cleaning cleaned text changes nothing", () => {
    fc.assert(
      fc.property(noisyDocument, ({ text }) => {
        const once = cleanText(text).text;
        expect(cleanText(once).text).toBe(once);
      }),
      OPTIONS,
    );
  });
});

describe("the chunker", () => {
  it("gives offsets that map back to the cleaned text", () => {
    fc.assert(
      fc.property(longText, (raw) => {
        const cleaned = cleanText(raw).text;
        for (const chunk of chunkText(cleaned)) {
          expect(chunk.start).toBeGreaterThanOrEqual(0);
          expect(chunk.end).toBeLessThanOrEqual(cleaned.length);
          expect(chunk.text).toBe(cleaned.slice(chunk.start, chunk.end));
          expect(chunk.text.trim()).toBe(chunk.text);
          expect(chunk.text.length).toBeGreaterThan(0);
        }
      }),
      OPTIONS,
    );
  });

  it("never cuts a number in two", () => {
    fc.assert(
      fc.property(longText, (raw) => {
        const cleaned = cleanText(raw).text;
        // A chunk cuts a number when one of its ends falls strictly inside it.
        const ends = new Map<number, [number, number]>();
        for (const chunk of chunkText(cleaned)) {
          ends.set(chunk.start, [chunk.start, chunk.end]);
          ends.set(chunk.end, [chunk.start, chunk.end]);
        }
        for (const match of cleaned.matchAll(NUMBER)) {
          for (let at = match.index + 1; at < match.index + match[0].length; at++) {
            const chunk = ends.get(at);
            expect(
              chunk,
              `"${match[0]}" at ${match.index} is cut by the chunk [${chunk?.join(", ")}): …${cleaned.slice(at - 10, at)}|${cleaned.slice(at, at + 10)}…`,
            ).toBeUndefined();
          }
        }
      }),
      OPTIONS,
    );
  });
});
