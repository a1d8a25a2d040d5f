// An Answer for tests of what consumes one (the bot's formatting, its locales, the eval harness):
// neutral defaults, with what the test is about given as overrides.
import type { Answer } from "../../src/search/types.js";

/** A found, empty-handed lexical answer in English, with the given fields replaced. */
export function answerWith(overrides: Partial<Answer> = {}): Answer {
  return {
    question: "q",
    found: true,
    answer: "",
    sources: [],
    figures: [],
    glossary: [],
    questionLanguage: "en",
    mode: "lexical",
    warnings: [],
    timings_ms: { total: 1 },
    ...overrides,
  };
}
