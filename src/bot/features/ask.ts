// Asking: any text in a private chat and /ask anywhere become a question; the reply quotes the
// answer with its figures in bold and numbered sources, under it "More sources" and 👍/👎.
// "More sources" pages through further sources of the same question (more:<id>:<page>).
import { Composer, type Context } from "grammy";
import type { InlineKeyboardButton, InlineKeyboardMarkup, Message } from "grammy/types";
import type { Answer } from "../../search/types.js";
import { hasMeaning, questionInMessage, tidyQuestion } from "../addressing.js";
import type { SourceRef } from "../answer-memory.js";
import { MAX_SOURCES, SOURCES_PER_PAGE, type BotServices } from "../deps.js";
import { reportError } from "../errors.js";
import { escapeHtml, formatAnswer, MESSAGE_LIMIT, packSingleMessage, sourcePageBlocks } from "../format.js";
import { keepTyping, sendHtmlMessages } from "../reply.js";

/** Example questions offered by /start, /help and when a question is empty. */
export const EXAMPLE_QUESTIONS = [
  "2019年学前教育三年毛入园率的目标是多少？",
  "2019年全市教育工作的总体要求是什么？",
  "What is the 2019 target for the gross kindergarten enrollment rate?",
];

/** The short ids in callback data: 8 URL-safe characters from AnswerMemory. */
const ID = "[A-Za-z0-9_-]{1,16}";
const MORE_PATTERN = new RegExp(`^more:(${ID}):(\\d{1,2})(:e)?$`);

function sourceRefs(answer: Answer): SourceRef[] {
  return answer.sources.map((s) => ({
    n: s.n,
    title: s.title,
    section: s.section,
    source: s.source,
    chunkId: s.chunkId,
    documentId: s.documentId,
    score: s.score,
  }));
}

/** The buttons under an answer. */
export function answerKeyboard(id: string, answer: Answer): InlineKeyboardMarkup {
  const rows: InlineKeyboardButton[][] = [];
  if (answer.found && answer.sources.length >= SOURCES_PER_PAGE) rows.push([{ text: "More sources", callback_data: `more:${id}:1` }]);
  rows.push([
    { text: "👍", callback_data: `fb:${id}:1` },
    { text: "👎", callback_data: `fb:${id}:-1` },
  ]);
  return { inline_keyboard: rows };
}

/** Counts a served question; a busy database must not cost the user their answer. */
export function countServed(services: BotServices, token: string): void {
  try {
    services.engine.store.countQuestion();
  } catch (error) {
    reportError(services.logger, token, error, "counting the question failed");
  }
}

/** Reply for a message that is addressed to the bot but asks nothing. */
export function emptyQuestionHtml(): string {
  return `Ask me a question about the documents, for example:\n${EXAMPLE_QUESTIONS.map((q) => `• ${escapeHtml(q)}`).join("\n")}`;
}

/**
 * Answers a question in the current chat, replying to the message that asked it: typing
 * indicator, engine answer, formatted reply with buttons, question counted.
 */
export async function replyToQuestion(ctx: Context, services: BotServices, rawQuestion: string, replyTo: number | undefined): Promise<void> {
  const { engine, logger, memory } = services;
  const question = tidyQuestion(rawQuestion);
  if (!hasMeaning(question)) {
    await ctx.reply(emptyQuestionHtml(), {
      parse_mode: "HTML",
      ...(replyTo !== undefined ? { reply_parameters: { message_id: replyTo, allow_sending_without_reply: true } } : {}),
    });
    return;
  }
  const stopTyping = keepTyping(ctx, logger);
  const started = Date.now();
  let answer: Answer;
  try {
    answer = await engine.answer(question, { k: SOURCES_PER_PAGE });
  } catch (error) {
    stopTyping();
    reportError(logger, ctx.api.token, error, "answering failed", { chat: ctx.chat?.id });
    await ctx.reply("Sorry, something went wrong while searching the documents. Please try again in a moment.", {
      ...(replyTo !== undefined ? { reply_parameters: { message_id: replyTo, allow_sending_without_reply: true } } : {}),
    });
    return;
  }
  stopTyping();
  countServed(services, ctx.api.token);
  const id = memory.remember({ question, chatId: ctx.chat?.id ?? 0, userId: ctx.from?.id, found: answer.found, sources: sourceRefs(answer) });
  await sendHtmlMessages(ctx, logger, formatAnswer(answer), { replyTo, keyboard: answerKeyboard(id, answer) });
  logger.info(
    { chat: ctx.chat?.type, found: answer.found, sources: answer.sources.length, language: answer.questionLanguage, ms: Date.now() - started },
    "question answered",
  );
}

/** The "More sources" page `page` (1-based, after the sources shown with the answer). */
async function showMoreSources(ctx: Context, services: BotServices, match: RegExpMatchArray): Promise<void> {
  const { engine, memory, logger } = services;
  // Answer the button press at once, so the client stops its spinner whatever happens next.
  await ctx.answerCallbackQuery();
  const id = match[1]!;
  const page = Math.max(1, Number(match[2]));
  const edit = match[3] !== undefined;
  const message = ctx.callbackQuery?.message;
  // After a restart the memory is empty; the answer still replies to the message that asked.
  const question = memory.get(id)?.question ?? (message && message.date !== 0 ? questionInMessage((message as Message).reply_to_message, ctx.me) : undefined);
  const replyTo = message?.message_id;
  if (!question) {
    await ctx.reply("That answer is too old for me to page through. Please ask the question again.");
    return;
  }
  const answer = await engine.answer(question, { k: MAX_SOURCES });
  const from = page * SOURCES_PER_PAGE;
  const sources = answer.sources.slice(from, from + SOURCES_PER_PAGE);
  let html: string;
  const buttons: InlineKeyboardButton[] = [];
  if (sources.length === 0) {
    html = `<i>${escapeHtml(`That was every source I found for: ${question}`)}</i>`;
  } else {
    html = packSingleMessage(sourcePageBlocks(question, sources, from + 1, answer.sources.length), MESSAGE_LIMIT);
    if (page > 1) buttons.push({ text: "« Previous", callback_data: `more:${id}:${page - 1}:e` });
    if (from + SOURCES_PER_PAGE < answer.sources.length) buttons.push({ text: "More sources »", callback_data: `more:${id}:${page + 1}:e` });
  }
  const keyboard = buttons.length > 0 ? { inline_keyboard: [buttons] } : undefined;
  if (edit) {
    await ctx.editMessageText(html, { parse_mode: "HTML", link_preview_options: { is_disabled: true }, ...(keyboard ? { reply_markup: keyboard } : {}) });
  } else {
    await sendHtmlMessages(ctx, logger, [html], { replyTo, keyboard });
  }
}

/** The ask feature: /ask, private text questions, and the "More sources" button. */
export function askFeature(services: BotServices): Composer<Context> {
  const composer = new Composer<Context>();

  composer.command("ask", async (ctx) => {
    await replyToQuestion(ctx, services, ctx.match, ctx.msg.message_id);
  });

  composer.callbackQuery(MORE_PATTERN, async (ctx) => {
    if (typeof ctx.match !== "string") await showMoreSources(ctx, services, ctx.match);
  });

  const inPrivate = composer.chatType("private");
  inPrivate.on("message:text", async (ctx, next) => {
    if (ctx.msg.via_bot?.id === ctx.me.id) return;
    if (ctx.msg.text.startsWith("/")) return next();
    await replyToQuestion(ctx, services, ctx.msg.text, ctx.msg.message_id);
  });

  return composer;
}
