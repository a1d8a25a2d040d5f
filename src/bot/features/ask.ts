// Asking: any text in a private chat and /ask anywhere become a question, searched in the shared
// library and the chat's own collection, and completed from the previous question when it is a
// follow-up ("And in 2019?", "去年呢？"): a reply to one of the bot's answers, or the same
// person's question within 10 minutes. The reply quotes the answer with its figures in bold and
// numbered sources, shows the question as understood when it was completed, and carries
// buttons: "More sources" (more:<id>:<page>), neighbouring sections (sec:<id>:<n>), 👍/👎.
// Every "not found" is logged for /unanswered.
import { Composer } from "grammy";
import type { InlineKeyboardButton, InlineKeyboardMarkup, Message } from "grammy/types";
import type { Answer } from "../../search/types.js";
import { recordUnanswered } from "../../store/unanswered.js";
import { hasMeaning, tidyQuestion } from "../addressing.js";
import type { RelatedSection, SourceRef } from "../answer-memory.js";
import { MAX_SOURCES, SOURCES_PER_PAGE, type BotServices } from "../deps.js";
import { reportError } from "../errors.js";
import { understand } from "../follow-ups.js";
import { formatAnswer, MESSAGE_LIMIT, packSingleMessage, snippet, sourceLabel, sourcePageBlocks, truncate } from "../format.js";
import { asLocale, tHtml, type BotContext, type Translate } from "../i18n.js";
import { keepTyping, sendHtmlMessages } from "../reply.js";
import { neighbourSections } from "../sections.js";

/** The short ids in callback data: 8 URL-safe characters from AnswerMemory. */
export const ANSWER_ID = "[A-Za-z0-9_-]{1,16}";
const MORE_PATTERN = new RegExp(`^more:(${ANSWER_ID}):(\\d{1,2})(:e)?$`);

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

/** The buttons under an answer: more sources, the neighbouring sections, 👍/👎. */
export function answerKeyboard(id: string, answer: Answer, related: readonly RelatedSection[], t: Translate): InlineKeyboardMarkup {
  const rows: InlineKeyboardButton[][] = [];
  if (answer.found && answer.sources.length >= SOURCES_PER_PAGE) rows.push([{ text: t("button-more-sources"), callback_data: `more:${id}:1` }]);
  related.forEach((section, n) => {
    const heading = section.headingPath[section.headingPath.length - 1] ?? "";
    rows.push([{ text: `§ ${snippet(heading, 40)}`, callback_data: `sec:${id}:${n}` }]);
  });
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
export function emptyQuestionHtml(t: Translate): string {
  return t("empty-question", { examples: t("examples") });
}

/** The sections next to the cited passage of an answer, when its document has headings. */
function relatedSectionsOf(services: BotServices, answer: Answer): RelatedSection[] {
  const first = answer.sources[0];
  if (!answer.found || !first) return [];
  const [chunk] = services.engine.store.chunksByIds([first.chunkId]);
  if (!chunk) return [];
  const sections = services.engine.store.sectionsOfDocument(first.documentId);
  return neighbourSections(sections, chunk.headingPath).map((headingPath) => ({ documentId: first.documentId, headingPath }));
}

/** A candidate passage (the best a refusal ruled out, or the one a 👎 was shown), as a line for /unanswered. */
export function candidateLine(services: BotServices, chunkId: number | undefined): string | undefined {
  if (chunkId === undefined) return undefined;
  const [chunk] = services.engine.store.chunksByIds([chunkId]);
  if (!chunk) return undefined;
  return `${sourceLabel({ title: chunk.document.title, section: chunk.headingPath.join(" › ") })} — ${truncate(chunk.text.replace(/\s+/g, " ").trim(), 160)}`;
}

/** Logs a refused question; failing to log must not cost the user their answer. */
export function logUnanswered(services: BotServices, token: string, chatId: number | undefined, question: string, answer: Answer): void {
  try {
    recordUnanswered(
      services.engine.store,
      {
        chatId,
        question,
        language: answer.questionLanguage,
        reason: answer.refusal?.code ?? "weak_evidence",
        check: answer.refusal?.check,
        candidateChunkId: answer.candidateChunkId,
        candidate: candidateLine(services, answer.candidateChunkId),
      },
      new Date(services.clock()),
    );
  } catch (error) {
    reportError(services.logger, token, error, "logging the unanswered question failed");
  }
}

/** The question an earlier answer (replied to) or the same person's recent question asked. */
function previousQuestion(ctx: BotContext, services: BotServices, repliedTo: Message | undefined): string | undefined {
  const chatId = ctx.chat?.id;
  const userId = ctx.from?.id;
  if (chatId === undefined) return undefined;
  if (repliedTo && repliedTo.from?.id === ctx.me.id) {
    const remembered = services.memory.ofMessage(chatId, repliedTo.message_id);
    if (remembered) return remembered.question;
  }
  return userId === undefined ? undefined : services.recent.previous(chatId, userId);
}

/**
 * Answers a question in the current chat, replying to the message that asked it: completion of
 * a follow-up, typing indicator, engine answer over what the chat may see, formatted reply with
 * buttons, the answer remembered, a refusal logged, the question counted.
 */
export async function replyToQuestion(
  ctx: BotContext,
  services: BotServices,
  rawQuestion: string,
  replyTo: number | undefined,
  repliedTo?: Message,
): Promise<void> {
  const { engine, logger, memory } = services;
  const asked = tidyQuestion(rawQuestion);
  const replyParameters = replyTo !== undefined ? { reply_parameters: { message_id: replyTo, allow_sending_without_reply: true } } : {};
  if (!hasMeaning(asked)) {
    await ctx.reply(emptyQuestionHtml(ctx.t), { parse_mode: "HTML", ...replyParameters });
    return;
  }
  const chatId = ctx.chat?.id;
  const understood = understand(asked, previousQuestion(ctx, services, repliedTo), (text) => engine.analyse(text));
  const question = understood.question;
  const stopTyping = keepTyping(ctx, logger);
  const started = Date.now();
  let answer: Answer;
  try {
    answer = await engine.answer(question, { k: SOURCES_PER_PAGE, scope: chatId === undefined ? {} : { chatId } });
  } catch (error) {
    stopTyping();
    reportError(logger, ctx.api.token, error, "answering failed", { chat: chatId });
    await ctx.reply(ctx.t("answer-failed"), replyParameters);
    return;
  }
  stopTyping();
  countServed(services, ctx.api.token);
  if (chatId !== undefined && ctx.from) services.recent.note(chatId, ctx.from.id, question);
  if (!answer.found) logUnanswered(services, ctx.api.token, chatId, question, answer);
  const related = relatedSectionsOf(services, answer);
  const locale = asLocale(await ctx.i18n.getLocale());
  const id = memory.remember({
    chatId: chatId ?? 0,
    question,
    locale,
    found: answer.found,
    ...(answer.refusal ? { refusal: answer.refusal.code } : {}),
    sources: sourceRefs(answer),
    related,
  });
  const messages = formatAnswer(answer, { t: ctx.t, ...(understood.followUp ? { understood: question } : {}) });
  const sent = await sendHtmlMessages(ctx, logger, messages, { replyTo, keyboard: answerKeyboard(id, answer, related, ctx.t) });
  if (chatId !== undefined)
    memory.sentAs(
      id,
      chatId,
      sent.map((m) => m.message_id),
    );
  logger.info(
    {
      chat: ctx.chat?.type,
      found: answer.found,
      sources: answer.sources.length,
      language: answer.questionLanguage,
      locale,
      followUp: understood.followUp?.changed.join(","),
      ms: Date.now() - started,
    },
    "question answered",
  );
}

/** The "More sources" page `page` (1-based, after the sources shown with the answer). */
async function showMoreSources(ctx: BotContext, services: BotServices, match: RegExpMatchArray): Promise<void> {
  const { engine, memory, logger } = services;
  const recalled = memory.recall(match[1]!, ctx.chat?.id);
  if (recalled.status !== "ok") {
    if (recalled.status === "expired") ctx.i18n.useLocale(recalled.answer.locale);
    await ctx.answerCallbackQuery({ text: ctx.t(recalled.status === "expired" ? "toast-expired" : "toast-unknown-button"), show_alert: false });
    return;
  }
  const remembered = recalled.answer;
  ctx.i18n.useLocale(remembered.locale);
  // Answer the button press at once, so the client stops its spinner whatever happens next.
  await ctx.answerCallbackQuery();
  const id = match[1]!;
  const page = Math.max(1, Number(match[2]));
  const edit = match[3] !== undefined;
  const message = ctx.callbackQuery?.message;
  const question = remembered.question;
  // The same documents as the answer: the shared library and the chat it was asked in.
  const answer = await engine.answer(question, { k: MAX_SOURCES, scope: { chatId: remembered.chatId } });
  const from = page * SOURCES_PER_PAGE;
  const sources = answer.sources.slice(from, from + SOURCES_PER_PAGE);
  let html: string;
  const buttons: InlineKeyboardButton[] = [];
  if (sources.length === 0) {
    html = tHtml(ctx.t, "more-sources-end", { question: truncate(question, 200) });
  } else {
    html = packSingleMessage(sourcePageBlocks(question, sources, from + 1, answer.sources.length, ctx.t), MESSAGE_LIMIT, ctx.t);
    if (page > 1) buttons.push({ text: ctx.t("button-previous"), callback_data: `more:${id}:${page - 1}:e` });
    if (from + SOURCES_PER_PAGE < answer.sources.length) buttons.push({ text: ctx.t("button-next"), callback_data: `more:${id}:${page + 1}:e` });
  }
  const keyboard = buttons.length > 0 ? { inline_keyboard: [buttons] } : undefined;
  if (edit) {
    await ctx.editMessageText(html, { parse_mode: "HTML", link_preview_options: { is_disabled: true }, ...(keyboard ? { reply_markup: keyboard } : {}) });
  } else {
    await sendHtmlMessages(ctx, logger, [html], { replyTo: message?.message_id, keyboard });
  }
}

/** The ask feature: /ask, private text questions, and the "More sources" button. */
export function askFeature(services: BotServices): Composer<BotContext> {
  const composer = new Composer<BotContext>();

  composer.command("ask", async (ctx) => {
    await replyToQuestion(ctx, services, ctx.match, ctx.msg.message_id, ctx.msg.reply_to_message);
  });

  composer.callbackQuery(MORE_PATTERN, async (ctx) => {
    if (typeof ctx.match !== "string") await showMoreSources(ctx, services, ctx.match);
  });

  const inPrivate = composer.chatType("private");
  inPrivate.on("message:text", async (ctx, next) => {
    if (ctx.msg.via_bot?.id === ctx.me.id) return;
    if (ctx.msg.text.startsWith("/")) return next();
    await replyToQuestion(ctx, services, ctx.msg.text, ctx.msg.message_id, ctx.msg.reply_to_message);
  });

  return composer;
}
