// The everyday commands — /start, /help, /sources (what this chat can search: the shared
// library and its own collection) — the replies to anything the bot doesn't understand in a
// private chat, and the command menus registered with Telegram at start-up (private chats,
// groups and each admin's chat; English and Chinese descriptions from the locale files).
import path from "node:path";
import { Composer, type Api } from "grammy";
import type { BotCommand, BotCommandScope } from "grammy/types";
import type { Config } from "../../config.js";
import type { Logger } from "../../log.js";
import type { DocumentRow } from "../../store/store.js";
import type { BotServices } from "../deps.js";
import { reportError } from "../errors.js";
import { htmlBlock, MESSAGE_LIMIT, packMessages, truncate, type Block } from "../format.js";
import { tHtml, translator, type BotContext, type Translate } from "../i18n.js";
import { sendHtmlMessages } from "../reply.js";
import { ASK_START_PARAMETER } from "./inline.js";

const PRIVATE_COMMANDS = ["ask", "sources", "help", "start"];
const GROUP_COMMANDS = ["ask", "sources", "help"];
const ADMIN_COMMANDS = [...PRIVATE_COMMANDS, "add", "stats", "forget", "unanswered"];

function menu(names: readonly string[], t: Translate): BotCommand[] {
  return names.map((command) => ({ command, description: t(`command-${command}`) }));
}

/**
 * Registers the command menus (private, groups, each admin's chat; English and Chinese — the
 * Bot API takes two-letter language codes, so Chinese menus are in simplified characters).
 * Never throws: a bot without menus still works.
 */
export async function registerCommands(api: Api, config: Config, logger: Logger): Promise<void> {
  const menus: { commands: readonly string[]; scope: BotCommandScope }[] = [
    { commands: PRIVATE_COMMANDS, scope: { type: "all_private_chats" } },
    { commands: GROUP_COMMANDS, scope: { type: "all_group_chats" } },
    ...[...config.adminUserIds].map((id) => ({ commands: ADMIN_COMMANDS, scope: { type: "chat", chat_id: id } as BotCommandScope })),
  ];
  let failed = 0;
  for (const entry of menus) {
    for (const language of [undefined, "zh"] as const) {
      try {
        const commands = menu(entry.commands, translator(language ? "zh-Hans" : "en"));
        await api.setMyCommands(commands, { scope: entry.scope, ...(language ? { language_code: language } : {}) });
      } catch (error) {
        failed++;
        // An admin who never opened the bot has no chat yet ("chat not found"): harmless.
        reportError(logger, api.token, error, `registering the ${entry.scope.type} command menu failed`);
      }
    }
  }
  logger.info({ menus: menus.length * 2 - failed, failed }, "command menus registered");
}

/** The /start text: what the bot is, three example questions, where to go next. */
export function startHtml(username: string, t: Translate): string {
  return tHtml(t, "start", { username, examples: t("examples") });
}

/** The /help text; admins also see their commands. */
export function helpHtml(username: string, admin: boolean, t: Translate): string {
  const help = tHtml(t, "help", { username });
  return admin ? `${help}\n\n${t("help-admin")}` : help;
}

function describeSource(source: string): string {
  return /^https?:\/\//i.test(source) ? source : path.basename(source);
}

/** The /sources listing for a chat as blocks: the shared library, then the chat's own collection. */
export function sourcesBlocks(services: BotServices, chatId: number | undefined, t: Translate): Block[] {
  const documents = services.engine.store.documentsVisibleTo(chatId ?? null);
  if (documents.length === 0) return [htmlBlock(t("sources-none"))];
  const total = documents.reduce((sum, d) => sum + d.chunkCount, 0);
  const blocks: Block[] = [htmlBlock(t("sources-header", { documents: documents.length, passages: total }))];
  const shared = documents.filter((d) => d.chatId === null);
  const own = documents.filter((d) => d.chatId !== null);
  const section = (heading: string, docs: readonly DocumentRow[], room: number): void => {
    if (docs.length === 0) return;
    blocks.push(htmlBlock(t(heading)));
    const shown = docs.slice(0, room);
    // One block per document: a long list is split between documents, never inside one.
    for (const d of shown) {
      blocks.push(
        htmlBlock(
          tHtml(t, "sources-line", {
            id: String(d.id),
            title: truncate(d.title, 120),
            passages: d.chunkCount,
            source: truncate(describeSource(d.source), 120),
          }),
        ),
      );
    }
    if (docs.length > shown.length) blocks.push(htmlBlock(t("sources-more", { count: docs.length - shown.length })));
  };
  // Headings only when there are two lists to tell apart.
  if (own.length > 0) {
    section("sources-shared", shared, 150);
    section("sources-chat", own, 150);
  } else {
    for (const d of shared.slice(0, 200)) {
      blocks.push(
        htmlBlock(
          tHtml(t, "sources-line", {
            id: String(d.id),
            title: truncate(d.title, 120),
            passages: d.chunkCount,
            source: truncate(describeSource(d.source), 120),
          }),
        ),
      );
    }
    if (shared.length > 200) blocks.push(htmlBlock(t("sources-more", { count: shared.length - 200 })));
  }
  return blocks;
}

/** The commands feature: /start, /help and /sources. */
export function commandsFeature(services: BotServices): Composer<BotContext> {
  const composer = new Composer<BotContext>();

  composer.command("start", async (ctx) => {
    if (ctx.match === ASK_START_PARAMETER) {
      await ctx.reply(ctx.t("start-ask"));
      return;
    }
    await ctx.reply(startHtml(ctx.me.username, ctx.t), {
      parse_mode: "HTML",
      link_preview_options: { is_disabled: true },
    });
  });

  composer.command("help", async (ctx) => {
    await ctx.reply(helpHtml(ctx.me.username, services.isAdmin(ctx.from?.id), ctx.t), { parse_mode: "HTML", link_preview_options: { is_disabled: true } });
  });

  composer.command("sources", async (ctx) => {
    const messages = packMessages(sourcesBlocks(services, ctx.chat.id, ctx.t), MESSAGE_LIMIT, "\n");
    await sendHtmlMessages(ctx, services.logger, messages, { replyTo: ctx.msg.message_id });
  });

  return composer;
}

/** Last handlers: unknown commands and non-text messages in private chats get a pointer to /help. */
export function fallbackFeature(): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  const inPrivate = composer.chatType("private");
  inPrivate.on("message:text", async (ctx) => {
    if (ctx.msg.text.startsWith("/")) await ctx.reply(ctx.t("unknown-command"));
  });
  inPrivate.on("message", async (ctx) => {
    if (ctx.msg.via_bot) return;
    await ctx.reply(ctx.t("not-text"));
  });
  return composer;
}
