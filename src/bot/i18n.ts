// The bot's languages: English, simplified and traditional Chinese, in Fluent files under
// src/bot/locales (through @grammyjs/i18n). A reply is in the language of the question's script
// (traditional characters get traditional), then of the user's Telegram language_code; the
// messages' variables are HTML-escaped here, so the locale files hold the only markup.
import path from "node:path";
import { fileURLToPath } from "node:url";
import { I18n, type I18nFlavor } from "@grammyjs/i18n";
import type { Context } from "grammy";
import { toSimplified, toTraditional } from "../text/script.js";
import { escapeHtml } from "./html.js";

/** The bot's context: grammY's, with the i18n plugin's `t` and `i18n`. */
export type BotContext = Context & I18nFlavor;

/** The languages the bot speaks. */
export type Locale = "en" | "zh-Hans" | "zh-Hant";

/** Every locale, default first. */
export const LOCALES: readonly Locale[] = ["en", "zh-Hans", "zh-Hant"];

/** A message by key, in one language; variables are used as given (plain text). */
export type Translate = (key: string, variables?: Record<string, string | number>) => string;

/** The folder of the .ftl files. */
export const LOCALES_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), "locales");

/** Counts Han characters that only one script writes that way: traditional-only minus simplified-only. */
function scriptLean(text: string): number {
  let lean = 0;
  for (const ch of text.match(/\p{Script=Han}/gu) ?? []) {
    if (toSimplified(ch) !== ch) lean++;
    else if (toTraditional(ch) !== ch) lean--;
  }
  return lean;
}

/** The locale Telegram's language_code asks for (zh-TW, zh-HK, zh-Hant → traditional; zh, zh-CN → simplified). */
export function localeOfLanguageCode(code: string | undefined): Locale | undefined {
  const lower = code?.toLowerCase().replace(/_/g, "-");
  if (!lower) return undefined;
  if (/^zh-(?:tw|hk|mo|hant)\b/.test(lower)) return "zh-Hant";
  if (/^zh\b/.test(lower)) return "zh-Hans";
  return "en";
}

/**
 * The locale to answer in: the script of what the user wrote (a bot command and mentions don't
 * count), then their Telegram language_code, then English.
 */
export function negotiateLocale(text: string | undefined, languageCode: string | undefined): Locale {
  const words = (text ?? "").replace(/^\/\S+/, " ").replace(/@\w+/g, " ");
  const han = (words.match(/\p{Script=Han}/gu) ?? []).length;
  const latin = (words.match(/[A-Za-z]{2,}/g) ?? []).length;
  const fromCode = localeOfLanguageCode(languageCode);
  if (han > 0 && han >= latin) {
    const lean = scriptLean(words);
    if (lean > 0) return "zh-Hant";
    if (lean < 0) return "zh-Hans";
    // Characters both scripts share (去年呢？): the user's own setting tells which.
    return fromCode === "zh-Hant" ? "zh-Hant" : "zh-Hans";
  }
  if (latin > 0) return "en";
  return fromCode ?? "en";
}

/** Narrows any string to a locale the bot speaks (English when unknown). */
export function asLocale(value: string | undefined): Locale {
  return (LOCALES as readonly string[]).includes(value ?? "") ? (value as Locale) : "en";
}

/** What an update says in words: a message's text or caption, an inline query. */
function wordsOf(ctx: Context): string | undefined {
  return ctx.message?.text ?? ctx.message?.caption ?? ctx.inlineQuery?.query;
}

/** The i18n plugin over the locale files; Unicode isolation marks are off (Telegram shows them). */
export function createI18n(): I18n<BotContext> {
  return new I18n<BotContext>({
    defaultLocale: "en",
    directory: LOCALES_DIR,
    fluentBundleOptions: { useIsolating: false },
    localeNegotiator: (ctx) => negotiateLocale(wordsOf(ctx), ctx.from?.language_code),
  });
}

let shared: I18n<BotContext> | undefined;

/** A translator for one locale, outside any update (formatting tests, the CLI). */
export function translator(locale: Locale = "en"): Translate {
  shared ??= createI18n();
  const i18n = shared;
  return (key, variables) => i18n.t(locale, key, variables);
}

/** Translates for an HTML message: every variable is escaped first, the markup comes from the locale file. */
export function tHtml(t: Translate, key: string, variables: Record<string, string | number> = {}): string {
  const escaped: Record<string, string | number> = {};
  for (const [name, value] of Object.entries(variables)) escaped[name] = typeof value === "string" ? escapeHtml(value) : value;
  return t(key, escaped);
}
