// The allow-list: when ALLOWED_CHAT_IDS or ALLOWED_USER_IDS is set, only those chats and users
// (and admins) get answers. An update passes when its user OR its chat is listed. Others are
// refused politely in private (once per hour each), answered with nothing for inline queries
// and buttons, and ignored in groups.
import type { Context, MiddlewareFn } from "grammy";
import type { Config } from "../../config.js";
import type { Logger } from "../../log.js";
import type { BotContext } from "../i18n.js";

const REFUSAL_INTERVAL_MS = 60 * 60 * 1000;

/** True when allow-lists are configured (results then depend on who asks). */
export function isRestricted(config: Config): boolean {
  return config.allowedChatIds.size > 0 || config.allowedUserIds.size > 0;
}

/** True when the user or chat may use the bot under the configured allow-lists. */
export function isAllowed(config: Config, userId: number | undefined, chatId: number | undefined): boolean {
  if (!isRestricted(config)) return true;
  if (userId !== undefined && (config.adminUserIds.has(userId) || config.allowedUserIds.has(userId))) return true;
  return chatId !== undefined && config.allowedChatIds.has(chatId);
}

/** Middleware that stops updates from users and chats outside the allow-lists. */
export function allowlist(config: Config, logger: Logger): MiddlewareFn<BotContext> {
  const refusedAt = new Map<number, number>();
  return async (ctx, next) => {
    if (isAllowed(config, ctx.from?.id, ctx.chat?.id)) return next();
    logger.info({ user: ctx.from?.id, chat: ctx.chat?.id, kind: updateKind(ctx) }, "not on the allow-list: ignored");
    if (ctx.inlineQuery) {
      await ctx.answerInlineQuery([], { cache_time: 300, is_personal: true });
    } else if (ctx.callbackQuery) {
      await ctx.answerCallbackQuery({ text: ctx.t("not-allowed-button") });
    } else if (ctx.message && ctx.chat?.type === "private" && ctx.from) {
      const now = Date.now();
      const last = refusedAt.get(ctx.from.id) ?? 0;
      if (now - last > REFUSAL_INTERVAL_MS) {
        refusedAt.set(ctx.from.id, now);
        if (refusedAt.size > 10_000) refusedAt.clear();
        await ctx.reply(ctx.t("not-allowed"));
      }
    }
  };
}

function updateKind(ctx: Context): string {
  return Object.keys(ctx.update).find((k) => k !== "update_id") ?? "unknown";
}
