// Inline mode (@bot question, in any chat): the first result posts the whole cited answer, the
// next ones post single passages; pages of 10 through next_offset, at most 50 results; short
// cache and is_personal when allow-lists make results depend on who asks. Inline answers come
// from the shared library only: an inline query does not say which chat it will be posted in.
// Inline queries fire on every keystroke, so answers are cached briefly per question and index
// generation.
import { Composer } from "grammy";
import type { InlineQueryResultArticle } from "grammy/types";
import type { Answer } from "../../search/types.js";
import { hasMeaning, tidyQuestion } from "../addressing.js";
import { MAX_SOURCES, type BotServices } from "../deps.js";
import { reportError } from "../errors.js";
import { answerBlocks, escapeHtml, htmlToPlain, packSingleMessage, refusalText, snippet, sourceBlock, sourceLabel } from "../format.js";
import { tHtml, translator, type BotContext, type Translate } from "../i18n.js";
import { isRestricted } from "../middleware/allowlist.js";
import { countServed } from "./ask.js";

/** Results per page of an inline answer. */
export const INLINE_PAGE_SIZE = 10;
/** Most results an inline query ever returns (Telegram's limit). */
export const INLINE_MAX_RESULTS = 50;
/** Seconds Telegram may cache inline results (its default of 300 would hide new documents). */
export const INLINE_CACHE_SECONDS = 10;
const ANSWER_CACHE_MS = 60_000;
const ANSWER_CACHE_SIZE = 200;

/** Deep-link payload of the "Ask in private chat" button (/start ask). */
export const ASK_START_PARAMETER = "ask";

function article(id: string, title: string, description: string, html: string): InlineQueryResultArticle {
  return {
    type: "article",
    id,
    title: snippet(title, 100) || "Answer",
    description: snippet(description, 200),
    input_message_content: { message_text: html, parse_mode: "HTML", link_preview_options: { is_disabled: true } },
  };
}

/** The result shown for an empty or too short query. */
export function helpResult(username: string, t: Translate = translator("en")): InlineQueryResultArticle {
  const examples = t("examples")
    .split("\n")
    .map((line) => line.replace(/^•\s*/, ""));
  const html = tHtml(t, "inline-help", { username, examples: examples.map((q) => `• @${username} ${q}`).join("\n") });
  return article("help", t("inline-help-title"), t("inline-help-description", { example: examples[0] ?? "" }), html);
}

/** All inline results for an answer: the answer first, then one per source passage. */
export function inlineResults(answer: Answer, t: Translate = translator("en")): InlineQueryResultArticle[] {
  const heading = `❓ ${answer.question}`;
  if (!answer.found) {
    const html = packSingleMessage(answerBlocks(answer, { heading, t }), undefined, t);
    return [article("notfound", t("inline-not-found-title"), `${refusalText(answer, t)} ${htmlToPlain(t("not-found-hint"))}`, html)];
  }
  const results = [
    article(
      "answer",
      t("inline-answer-title", { answer: answer.answer }),
      t("inline-answer-description", { answer: snippet(answer.answer, 160), sources: answer.sources.length }),
      packSingleMessage(answerBlocks(answer, { heading, t }), undefined, t),
    ),
  ];
  for (const source of answer.sources) {
    const html = packSingleMessage([{ html: `<i>${escapeHtml(heading)}</i>`, plain: heading }, sourceBlock(source, { t })], undefined, t);
    results.push(article(`s${source.n}`, `[${source.n}] ${sourceLabel(source, t)}`, source.quote, html));
  }
  return results.slice(0, INLINE_MAX_RESULTS);
}

/** The inline feature: answers inline queries. */
export function inlineFeature(services: BotServices): Composer<BotContext> {
  const { engine, config, logger } = services;
  const cache = new Map<string, { answer: Answer; at: number }>();
  const composer = new Composer<BotContext>();

  const cachedAnswer = async (question: string): Promise<Answer> => {
    const key = `${engine.store.generation()}\u0000${question}`;
    const hit = cache.get(key);
    if (hit && Date.now() - hit.at < ANSWER_CACHE_MS) return hit.answer;
    const answer = await engine.answer(question, { k: MAX_SOURCES, scope: {} });
    cache.set(key, { answer, at: Date.now() });
    if (cache.size > ANSWER_CACHE_SIZE) cache.delete(cache.keys().next().value!);
    return answer;
  };

  composer.on("inline_query", async (ctx) => {
    const question = tidyQuestion(ctx.inlineQuery.query);
    const common = {
      cache_time: INLINE_CACHE_SECONDS,
      is_personal: isRestricted(config),
      // Inline queries stop at 256 characters; longer questions go to the private chat.
      button: { text: ctx.t("inline-private-button"), start_parameter: ASK_START_PARAMETER },
    };
    if (!hasMeaning(question)) {
      await ctx.answerInlineQuery([helpResult(ctx.me.username, ctx.t)], common);
      return;
    }
    const page = /^\d{1,2}$/.test(ctx.inlineQuery.offset) ? Number(ctx.inlineQuery.offset) : 0;
    let results: InlineQueryResultArticle[];
    try {
      results = inlineResults(await cachedAnswer(question), ctx.t);
    } catch (error) {
      reportError(logger, ctx.api.token, error, "inline answer failed");
      results = [helpResult(ctx.me.username, ctx.t)];
    }
    const start = page * INLINE_PAGE_SIZE;
    const more = start + INLINE_PAGE_SIZE < results.length;
    await ctx.answerInlineQuery(results.slice(start, start + INLINE_PAGE_SIZE), { ...common, next_offset: more ? String(page + 1) : "" });
  });

  // Inline queries fire on every keystroke: a question counts as served only when a result is
  // posted (Telegram reports that when inline feedback is on in @BotFather).
  composer.on("chosen_inline_result", (ctx) => {
    if (ctx.chosenInlineResult.result_id !== "help") countServed(services, ctx.api.token);
  });

  return composer;
}
