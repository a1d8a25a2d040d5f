// The everyday commands — /start, /help, /sources — the replies to anything the bot doesn't
// understand in a private chat, and the command menus registered with Telegram at start-up
// (separate menus for private chats, groups and admins; English and Chinese descriptions).
import path from "node:path";
import { Composer, type Api, type Context } from "grammy";
import type { BotCommand, BotCommandScope } from "grammy/types";
import type { Config } from "../../config.js";
import type { Logger } from "../../log.js";
import type { BotServices } from "../deps.js";
import { reportError } from "../errors.js";
import { escapeHtml, MESSAGE_LIMIT, packMessages, truncate, type Block } from "../format.js";
import { sendHtmlMessages } from "../reply.js";
import { EXAMPLE_QUESTIONS } from "./ask.js";
import { ASK_START_PARAMETER } from "./inline.js";

const PRIVATE_COMMANDS: BotCommand[] = [
  { command: "ask", description: "Ask a question about the documents" },
  { command: "sources", description: "List the documents I have read" },
  { command: "help", description: "How to use this bot" },
  { command: "start", description: "What this bot does" },
];
const GROUP_COMMANDS: BotCommand[] = [
  { command: "ask", description: "Ask a question about the documents" },
  { command: "sources", description: "List the documents I have read" },
  { command: "help", description: "How to use this bot" },
];
const ADMIN_COMMANDS: BotCommand[] = [
  ...PRIVATE_COMMANDS,
  { command: "stats", description: "Index and usage figures (admins)" },
  { command: "forget", description: "Remove a document: /forget <id> (admins)" },
];
const ZH_DESCRIPTIONS: Record<string, string> = {
  ask: "就文档提问",
  sources: "查看已收录的文档",
  help: "使用说明",
  start: "机器人简介",
  stats: "索引与使用统计（管理员）",
  forget: "删除文档：/forget <编号>（管理员）",
};

function inChinese(commands: BotCommand[]): BotCommand[] {
  return commands.map((c) => ({ command: c.command, description: ZH_DESCRIPTIONS[c.command] ?? c.description }));
}

/**
 * Registers the command menus (private, groups, each admin's chat; English and Chinese).
 * Never throws: a bot without menus still works.
 */
export async function registerCommands(api: Api, config: Config, logger: Logger): Promise<void> {
  const menus: { commands: BotCommand[]; scope: BotCommandScope }[] = [
    { commands: PRIVATE_COMMANDS, scope: { type: "all_private_chats" } },
    { commands: GROUP_COMMANDS, scope: { type: "all_group_chats" } },
    ...[...config.adminUserIds].map((id) => ({ commands: ADMIN_COMMANDS, scope: { type: "chat", chat_id: id } as BotCommandScope })),
  ];
  let failed = 0;
  for (const menu of menus) {
    for (const language of [undefined, "zh"] as const) {
      try {
        const commands = language ? inChinese(menu.commands) : menu.commands;
        await api.setMyCommands(commands, { scope: menu.scope, ...(language ? { language_code: language } : {}) });
      } catch (error) {
        failed++;
        // An admin who never opened the bot has no chat yet ("chat not found"): harmless.
        reportError(logger, api.token, error, `registering the ${menu.scope.type} command menu failed`);
      }
    }
  }
  logger.info({ menus: menus.length * 2 - failed, failed }, "command menus registered");
}

/** The /start text: what the bot is, three example questions, where to go next. */
export function startHtml(username: string): string {
  return [
    "<b>Hello! I answer questions from a collection of documents</b> and quote the passages I used, with numbered sources, so you can check every answer.",
    `Ask in Chinese or English, for example:\n${EXAMPLE_QUESTIONS.map((q) => `• ${escapeHtml(q)}`).join("\n")}`,
    `/sources lists what I have read · /help shows everything I can do.\nIn any chat you can also type <code>@${escapeHtml(username)} your question</code>.`,
  ].join("\n\n");
}

/** The /help text; admins also see their commands. */
export function helpHtml(username: string, admin: boolean): string {
  const lines = [
    "<b>How to ask</b>",
    "• In this chat: just send your question (Chinese or English).",
    `• In a group: <code>/ask your question</code>, mention <code>@${escapeHtml(username)}</code>, or reply to one of my messages.`,
    `• Anywhere: type <code>@${escapeHtml(username)} your question</code> and pick the answer or a passage.`,
    "",
    "Every answer quotes the documents; [1], [2]… are its sources. <b>More sources</b> shows further passages; 👍/👎 tell the maintainers whether it helped.",
    "",
    "<b>Commands</b>",
    "/ask &lt;question&gt; — ask a question",
    "/sources — the documents I have read",
    "/help — this message",
  ];
  if (admin) {
    lines.push(
      "",
      "<b>Admin</b>",
      "Send me a .txt, .md or .html file to add it to the collection.",
      "/stats — documents, chunks, index size, questions served, feedback",
      "/forget &lt;id or source&gt; — remove a document (ids are in /sources)",
    );
  }
  return lines.join("\n");
}

function describeSource(source: string): string {
  return /^https?:\/\//i.test(source) ? source : path.basename(source);
}

/** The /sources listing as blocks, one per document. */
export function sourcesBlocks(services: BotServices): Block[] {
  const documents = services.engine.store.listDocuments();
  if (documents.length === 0) {
    const text = "I haven't read any documents yet.";
    return [{ html: escapeHtml(text), plain: text }];
  }
  const total = documents.reduce((sum, d) => sum + d.chunkCount, 0);
  const header = `<b>${documents.length} document${documents.length === 1 ? "" : "s"}</b>, ${total} passages:`;
  const shown = documents.slice(0, 200);
  const lines = shown.map((d) => {
    const line = `#${d.id} ${truncate(d.title, 120)} — ${d.chunkCount} passage${d.chunkCount === 1 ? "" : "s"} (${truncate(describeSource(d.source), 120)})`;
    return { html: escapeHtml(line), plain: line };
  });
  if (documents.length > shown.length) {
    const more = `… and ${documents.length - shown.length} more.`;
    lines.push({ html: escapeHtml(more), plain: more });
  }
  // One block per document: a long list is split between documents, never inside one.
  return [{ html: header, plain: header }, ...lines];
}

/** The commands feature: /start, /help, /sources and replies to what the bot doesn't understand. */
export function commandsFeature(services: BotServices): Composer<Context> {
  const composer = new Composer<Context>();

  composer.command("start", async (ctx) => {
    if (ctx.match === ASK_START_PARAMETER) {
      await ctx.reply("Send me your question — as long as you like — and I'll answer from the documents with sources.");
      return;
    }
    await ctx.reply(startHtml(ctx.me.username), { parse_mode: "HTML", link_preview_options: { is_disabled: true } });
  });

  composer.command("help", async (ctx) => {
    await ctx.reply(helpHtml(ctx.me.username, services.isAdmin(ctx.from?.id)), { parse_mode: "HTML", link_preview_options: { is_disabled: true } });
  });

  composer.command("sources", async (ctx) => {
    const messages = packMessages(sourcesBlocks(services), MESSAGE_LIMIT, "\n");
    await sendHtmlMessages(ctx, services.logger, messages, { replyTo: ctx.msg.message_id });
  });

  return composer;
}

/** Last handlers: unknown commands and non-text messages in private chats get a pointer to /help. */
export function fallbackFeature(): Composer<Context> {
  const composer = new Composer<Context>();
  const inPrivate = composer.chatType("private");
  inPrivate.on("message:text", async (ctx) => {
    if (ctx.msg.text.startsWith("/")) await ctx.reply("I don't know that command. /help lists what I can do; any other text is a question.");
  });
  inPrivate.on("message", async (ctx) => {
    if (ctx.msg.via_bot) return;
    await ctx.reply("I read questions as text. Send me your question in words, or see /help.");
  });
  return composer;
}
