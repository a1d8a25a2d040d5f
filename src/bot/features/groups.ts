// Groups: the bot answers only when addressed — /ask (handled by the ask feature), a reply to
// one of its messages, or an @mention (stripped from the question) — and stays silent
// otherwise. Answers reply to the asking message so the thread stays readable.
import { Composer, type Context } from "grammy";
import { questionOf } from "../addressing.js";
import type { BotServices } from "../deps.js";
import { replyToQuestion } from "./ask.js";

/** The groups feature: answers replies to the bot and @mentions in groups and supergroups. */
export function groupsFeature(services: BotServices): Composer<Context> {
  const composer = new Composer<Context>();
  const inGroups = composer.chatType(["group", "supergroup"]);

  inGroups.on("message:text", async (ctx, next) => {
    const question = questionOf(ctx.msg, ctx.me);
    if (question === undefined) return next();
    await replyToQuestion(ctx, services, question, ctx.msg.message_id);
  });

  inGroups.on("my_chat_member", (ctx) => {
    services.logger.info({ chat: ctx.chat.id, status: ctx.myChatMember.new_chat_member.status }, "membership in a group changed");
  });

  return composer;
}
