// The bot's languages: which locale a message gets (the question's script, then Telegram's
// language_code), the three Fluent files in step, and every message valid Telegram HTML.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { formatAnswer } from "../../src/bot/format.js";
import { LOCALES, LOCALES_DIR, localeOfLanguageCode, negotiateLocale, tHtml, translator } from "../../src/bot/i18n.js";
import type { Answer } from "../../src/search/types.js";
import { answerWith } from "../helpers/answers.js";
import { parseTelegramHtml } from "./fake-bot-api.js";

function keys(locale: string): string[] {
  const source = fs.readFileSync(path.join(LOCALES_DIR, `${locale}.ftl`), "utf8");
  return [...source.matchAll(/^([a-zA-Z][\w-]*)\s*=/gm)].map((m) => m[1]!);
}

const refused = (code: NonNullable<Answer["refusal"]>["code"]): Answer => answerWith({ found: false, refusal: { code } });

describe("choosing the language", () => {
  it("follows the question's script first", () => {
    expect(negotiateLocale("How many kindergartens?", "zh-TW")).toBe("en");
    expect(negotiateLocale("学前教育的目标是多少？", "en")).toBe("zh-Hans");
    expect(negotiateLocale("學前教育的目標是多少？", "zh-CN")).toBe("zh-Hant");
    expect(negotiateLocale("/ask@docqa_bot 學前教育的目標是多少？", "en")).toBe("zh-Hant");
  });

  it("falls back to language_code for characters both scripts share, and for no words at all", () => {
    expect(negotiateLocale("去年呢？", "zh-TW")).toBe("zh-Hant");
    expect(negotiateLocale("去年呢？", "zh-hk")).toBe("zh-Hant");
    expect(negotiateLocale("去年呢？", "en")).toBe("zh-Hans");
    expect(negotiateLocale("/help", "zh-hant")).toBe("zh-Hant");
    expect(negotiateLocale("/help", "zh")).toBe("zh-Hans");
    expect(negotiateLocale("2019?", "zh-CN")).toBe("zh-Hans");
    expect(negotiateLocale(undefined, "de")).toBe("en");
    expect(negotiateLocale(undefined, undefined)).toBe("en");
    expect(localeOfLanguageCode("zh_TW")).toBe("zh-Hant");
  });
});

describe("the locale files", () => {
  it("have the same messages in English, simplified and traditional Chinese", () => {
    const english = keys("en").sort();
    expect(english.length).toBeGreaterThan(80);
    for (const locale of LOCALES) expect(keys(locale).sort(), locale).toEqual(english);
  });

  it("render every message as valid Telegram HTML, variables escaped", () => {
    const variables = {
      question: "<b>&",
      examples: "• x",
      username: "bot",
      heading: "A › B",
      from: "1",
      to: "5",
      total: "9",
      page: "3",
      name: "a<b>.md",
      collection: "c",
      title: "t",
      passages: 3,
      seconds: "0.4",
      reason: "r",
      types: ".txt",
      size: "1 MB",
      limit: "20 MB",
      ref: "x",
      id: "12",
      documents: 2,
      count: 2,
      source: "s",
      shared: 1,
      chats: 1,
      chunks: 3,
      model: "m",
      vectors: 0,
      lastIngest: "never",
      generation: 1,
      questions: 1,
      up: 0,
      down: 0,
      unanswered: 0,
      when: "2024-01-01 10:00",
      where: "private chat",
      reasons: "r",
      candidate: "c",
      chat: "-1",
      example: "e",
      answer: "a",
      sources: 2,
    };
    for (const locale of LOCALES) {
      const t = translator(locale);
      // Command descriptions go to setMyCommands as plain text.
      for (const key of keys(locale).filter((k) => !k.startsWith("command-"))) {
        const html = tHtml(t, key, variables);
        expect(html, `${locale} ${key}`).not.toMatch(/\{\$|\{[a-z-]+\}/);
        expect(parseTelegramHtml(html).error, `${locale} ${key}: ${html}`).toBeUndefined();
      }
    }
  });

  it("word a refusal per code, and show the question as understood, in each language", () => {
    for (const locale of LOCALES) {
      const t = translator(locale);
      const texts = (["nothing_retrieved", "constraint_failed", "weak_evidence"] as const).map((code) => formatAnswer(refused(code), { t }).join("\n"));
      expect(new Set(texts).size).toBe(3);
      const understood = formatAnswer(refused("weak_evidence"), { t, understood: "去年的<目标>？" }).join("\n");
      expect(understood).toContain(tHtml(t, "answered-as", { question: "去年的<目标>？" }));
      expect(understood).toContain("&lt;目标&gt;");
    }
    expect(formatAnswer(refused("weak_evidence"), { t: translator("zh-Hant"), understood: "q" })[0]).toMatch(/^<i>按此理解：<\/i>q/);
  });
});
