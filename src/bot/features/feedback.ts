// 👍/👎 under an answer (fb:<id>:1 / fb:<id>:-1): the vote is stored in SQLite with the question
// as understood, the chat and the cited sources (never who voted), so poor answers can be found
// and the retrieval tuned; a 👎 also goes to the log of unanswered questions. A second tap of the
// same button is noted once; the other button changes the vote.
import { Composer } from "grammy";
import { DOWNVOTED, recordUnanswered } from "../../store/unanswered.js";
import { ANSWER_ID, candidateLine } from "./ask.js";
import type { BotServices } from "../deps.js";
import { reportError } from "../errors.js";
import { sourceLabel } from "../format.js";
import type { BotContext } from "../i18n.js";
import { detectLanguage } from "../../text/script.js";

const FEEDBACK_PATTERN = new RegExp(`^fb:(${ANSWER_ID}):(1|-1)$`);

/** The feedback feature: records votes from the buttons under answers. */
export function feedbackFeature(services: BotServices): Composer<BotContext> {
  const { memory, engine, logger } = services;
  const composer = new Composer<BotContext>();

  composer.callbackQuery(FEEDBACK_PATTERN, async (ctx) => {
    const id = ctx.match[1]!;
    const vote = ctx.match[2] === "1" ? 1 : -1;
    const recalled = memory.recall(id, ctx.chat?.id);
    if (recalled.status !== "ok") {
      if (recalled.status === "expired") ctx.i18n.useLocale(recalled.answer.locale);
      await ctx.answerCallbackQuery({ text: ctx.t(recalled.status === "expired" ? "toast-expired" : "toast-unknown-button") });
      return;
    }
    const entry = recalled.answer;
    ctx.i18n.useLocale(entry.locale);
    const previous = memory.voteOf(id, ctx.from.id);
    const repeated = previous?.vote === vote;
    // Answer at once: the client shows a spinner until we do.
    await ctx.answerCallbackQuery({
      text: ctx.t(repeated ? "feedback-already" : previous ? "feedback-changed" : vote === 1 ? "feedback-up" : "feedback-down"),
    });
    if (repeated) return;
    try {
      let feedbackId: number;
      if (previous) {
        engine.store.changeFeedbackVote(previous.feedbackId, vote);
        feedbackId = previous.feedbackId;
      } else {
        feedbackId = engine.store.recordFeedback({ chatId: entry.chatId, question: entry.question, vote, sources: entry.sources });
      }
      memory.noteVote(id, ctx.from.id, vote, feedbackId);
      if (vote === -1) {
        const best = entry.sources[0];
        recordUnanswered(
          engine.store,
          {
            chatId: entry.chatId,
            question: entry.question,
            language: detectLanguage(entry.question),
            reason: DOWNVOTED,
            ...(best ? { candidateChunkId: best.chunkId, candidate: candidateLine(services, best.chunkId) ?? sourceLabel(best) } : {}),
          },
          new Date(services.clock()),
        );
      }
    } catch (error) {
      reportError(logger, ctx.api.token, error, "storing feedback failed");
      return;
    }
    logger.info({ vote, changed: previous !== undefined }, "feedback recorded");
  });

  return composer;
}
