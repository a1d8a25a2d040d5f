// 👍/👎 under an answer (fb:<id>:1 / fb:<id>:-1): the vote is stored in SQLite with the question
// and the cited sources, so poor answers can be found and the retrieval tuned.
import { Composer, type Context } from "grammy";
import type { Message } from "grammy/types";
import { questionInMessage } from "../addressing.js";
import type { BotServices } from "../deps.js";
import { reportError } from "../errors.js";

const FEEDBACK_PATTERN = /^fb:([A-Za-z0-9_-]{1,16}):(1|-1)$/;

/** The feedback feature: records votes from the buttons under answers. */
export function feedbackFeature(services: BotServices): Composer<Context> {
  const { memory, engine, logger } = services;
  const composer = new Composer<Context>();

  composer.callbackQuery(FEEDBACK_PATTERN, async (ctx) => {
    const entry = memory.get(ctx.match[1]!);
    const vote = ctx.match[2] === "1" ? 1 : -1;
    const userId = ctx.from.id;
    const repeated = entry?.votes.get(userId) === vote;
    // Answer at once: the client shows a spinner until we do.
    await ctx.answerCallbackQuery({
      text: repeated ? "Already noted, thank you!" : vote === 1 ? "Thanks! Glad it helped." : "Thanks, noted: I'll try to do better.",
    });
    if (repeated) return;
    const message = ctx.callbackQuery.message;
    // After a restart the memory is empty; the answer still replies to the message that asked.
    const question = entry?.question ?? (message && message.date !== 0 ? questionInMessage((message as Message).reply_to_message, ctx.me) : undefined);
    if (!question) {
      logger.info({ vote }, "feedback on an answer whose question is no longer known: not stored");
      return;
    }
    try {
      engine.store.recordFeedback({ userId, chatId: ctx.chat?.id, question, vote, sources: entry?.sources ?? [] });
    } catch (error) {
      reportError(logger, ctx.api.token, error, "storing feedback failed");
      return;
    }
    entry?.votes.set(userId, vote);
    logger.info({ vote, remembered: entry !== undefined }, "feedback recorded");
  });

  return composer;
}
