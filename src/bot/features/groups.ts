// Groups: the bot answers only when addressed — /ask (handled by the ask feature), a reply to
// one of its messages (a follow-up of the answer replied to), or an @mention (stripped from the
// question) — and stays silent otherwise. Answers reply to the asking message so the thread
// stays readable. A group upgraded to a supergroup takes its collection along.
import { Composer } from "grammy";
import { questionOf } from "../addressing.js";
import type { BotServices } from "../deps.js";
import { reportError } from "../errors.js";
import type { BotContext } from "../i18n.js";
import { replyToQuestion } from "./ask.js";

/** The groups feature: answers replies to the bot and @mentions in groups and supergroups. */
export function groupsFeature(services: BotServices): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  const inGroups = composer.chatType(["group", "supergroup"]);

  inGroups.on("message:text", async (ctx, next) => {
    const question = questionOf(ctx.msg, ctx.me);
    if (question === undefined) return next();
    await replyToQuestion(ctx, services, question, ctx.msg.message_id, ctx.msg.reply_to_message);
  });

  inGroups.on("message:migrate_to_chat_id", async (ctx) => {
    const to = ctx.msg.migrate_to_chat_id;
    try {
      const moved = await services.engine.moveCollection(ctx.chat.id, to);
      services.logger.info({ from: ctx.chat.id, to, documents: moved }, "group became a supergroup: its collection moved along");
    } catch (error) {
      reportError(services.logger, ctx.api.token, error, "moving the group's collection failed", { chat: ctx.chat.id });
    }
  });

  inGroups.on("my_chat_member", (ctx) => {
    services.logger.info({ chat: ctx.chat.id, status: ctx.myChatMember.new_chat_member.status }, "membership in a group changed");
  });

  return composer;
}
