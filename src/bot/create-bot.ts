// Assembles the bot: API transformers (retry on 429/5xx, follow chat migrations, tolerate "not
// modified", log failures), the error handler, the user's language (i18n), per-chat ordering of
// messages, allow-list, rate limits, and one Composer per feature. Running it (polling or
// webhook) is src/bot/run.ts.
import { sequentialize } from "@grammyjs/runner";
import { autoRetry } from "@grammyjs/auto-retry";
import { Bot } from "grammy";
import { UserError } from "../errors.js";
import { AnswerMemory } from "./answer-memory.js";
import type { BotDeps, BotServices } from "./deps.js";
import { followChatMigrations, ignoreNotModified, logFailedCalls, reportError } from "./errors.js";
import { RecentQuestions } from "./follow-ups.js";
import { adminFeature } from "./features/admin.js";
import { askFeature } from "./features/ask.js";
import { commandsFeature, fallbackFeature } from "./features/commands.js";
import { feedbackFeature } from "./features/feedback.js";
import { groupsFeature } from "./features/groups.js";
import { inlineFeature } from "./features/inline.js";
import { relatedFeature } from "./features/related.js";
import { unansweredFeature } from "./features/unanswered.js";
import { uploadsFeature } from "./features/uploads.js";
import { createI18n, type BotContext } from "./i18n.js";
import { allowlist } from "./middleware/allowlist.js";
import { rateLimits } from "./middleware/ratelimit.js";

/** Telegram's token format: the bot id, a colon, and about 35 URL-safe characters. */
export const BOT_TOKEN_PATTERN = /^\d{5,16}:[A-Za-z0-9_-]{30,64}$/;

/** Checks BOT_TOKEN, throwing a one-line UserError that never repeats the token. */
export function checkBotToken(token: string | undefined): string {
  if (!token) {
    throw new UserError("BOT_TOKEN is not set: create a bot with @BotFather and put its token in .env (BOT_TOKEN=123456789:AA…)");
  }
  if (!BOT_TOKEN_PATTERN.test(token)) {
    throw new UserError("BOT_TOKEN is malformed: expected <bot id digits>:<about 35 letters, digits, _ or -> as given by @BotFather");
  }
  return token;
}

/** Builds the Telegram bot over an engine; nothing is sent until it is started (see run.ts). */
export function createBot(deps: BotDeps): Bot<BotContext> {
  const { config, logger, engine } = deps;
  const token = checkBotToken(config.botToken);
  const bot = new Bot<BotContext>(token, config.botApiRoot ? { client: { apiRoot: config.botApiRoot.replace(/\/+$/, "") } } : {});

  // Innermost first. The failure log sits below the retries, so every failed attempt is one
  // line: above them, a getUpdates outage that autoRetry keeps retrying (network errors, for
  // ever) would leave a deaf bot with a silent log. Migrations are followed above the retries.
  bot.api.config.use(logFailedCalls(logger, token));
  bot.api.config.use(autoRetry({ maxRetryAttempts: 5, maxDelaySeconds: 120 }));
  bot.api.config.use(followChatMigrations(logger));
  bot.api.config.use(ignoreNotModified());

  // grammY's default handler prints the whole context, token included: never let it run.
  bot.catch((error) => {
    reportError(logger, token, error.error, "update failed", { update: error.ctx.update.update_id });
  });

  const clock = deps.clock ?? Date.now;
  const services: BotServices = {
    ...deps,
    clock,
    memory: new AnswerMemory(engine.store, clock),
    recent: new RecentQuestions(clock),
    isAdmin: (userId) => userId !== undefined && config.adminUserIds.has(userId),
  };

  // First, so every reply below — refusals and limits included — speaks the user's language.
  bot.use(createI18n());
  bot.use(allowlist(config, logger));
  bot.use(
    rateLimits<BotContext>(async (ctx, what) => {
      try {
        if (what === "button") await ctx.answerCallbackQuery({ text: ctx.t("rate-limit-button") });
        else if (what === "inline") await ctx.answerInlineQuery([], { cache_time: 5, is_personal: true });
        else await ctx.reply(ctx.t("rate-limit"));
      } catch (error) {
        reportError(logger, token, error, "rate-limit notice failed");
      }
    }, services.isAdmin),
  );

  // After the limits, so a flood is dropped at once instead of queueing. Messages of one chat are
  // handled in order; buttons and inline queries never wait behind them.
  bot.use(sequentialize<BotContext>((ctx) => (ctx.message ? `chat:${ctx.chat?.id}` : undefined)));

  bot.use(commandsFeature(services));
  bot.use(adminFeature(services));
  bot.use(unansweredFeature(services));
  bot.use(uploadsFeature(services));
  bot.use(feedbackFeature(services));
  bot.use(relatedFeature(services));
  bot.use(askFeature(services));
  bot.use(groupsFeature(services));
  bot.use(inlineFeature(services));
  bot.use(fallbackFeature());

  // Buttons from an older version of the bot must still stop spinning.
  bot.on("callback_query:data", (ctx) => ctx.answerCallbackQuery({ text: ctx.t("toast-unknown-button") }));

  return bot;
}
