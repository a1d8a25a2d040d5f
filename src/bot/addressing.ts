// Deciding whether a message is meant for the bot, and what the question is. In private chats
// every text is a question; in groups only /ask, replies to the bot and @mentions are — the bot
// stays silent otherwise. Pure functions over Telegram's Message, shared by features and the
// rate limiter (so group chatter never counts against anyone's limit).
import type { Context } from "grammy";
import type { Message, UserFromGetMe } from "grammy/types";
import { MAX_QUESTION_LENGTH } from "./deps.js";

/** True for a message in a group or supergroup. */
export function isGroupChat(message: Pick<Message, "chat">): boolean {
  return message.chat.type === "group" || message.chat.type === "supergroup";
}

/** The ranges of the text that mention the bot by @username. */
function botMentions(message: Message, me: UserFromGetMe): { offset: number; length: number }[] {
  const text = message.text ?? "";
  const handle = `@${me.username}`.toLowerCase();
  return (message.entities ?? []).filter((e) => e.type === "mention" && text.substr(e.offset, e.length).toLowerCase() === handle);
}

/** The text without the bot's @mentions, white space tidied. */
function withoutMentions(message: Message, me: UserFromGetMe): string {
  let text = message.text ?? "";
  for (const m of botMentions(message, me).sort((a, b) => b.offset - a.offset)) {
    text = `${text.slice(0, m.offset)} ${text.slice(m.offset + m.length)}`;
  }
  return tidyQuestion(text);
}

/** Drops control characters, collapses white space, trims, and caps the length of a question. */
export function tidyQuestion(text: string): string {
  const tidy = text
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g, "")
    .replace(/\s+/g, " ")
    .trim();
  return tidy.length > MAX_QUESTION_LENGTH ? tidy.slice(0, MAX_QUESTION_LENGTH) : tidy;
}

/** True when the message starts with a bot command (handled by the command features). */
function startsWithCommand(message: Message): boolean {
  return (message.entities ?? []).some((e) => e.type === "bot_command" && e.offset === 0);
}

/** The command at the start of a message addressed to this bot ("ask" for "/ask@me …"), if any. */
export function commandFor(message: Message, me: UserFromGetMe): string | undefined {
  const entity = (message.entities ?? []).find((e) => e.type === "bot_command" && e.offset === 0);
  if (!entity || !message.text) return undefined;
  const [name, target] = message.text.slice(1, entity.length).split("@");
  if (target !== undefined && target.toLowerCase() !== me.username.toLowerCase()) return undefined;
  return name?.toLowerCase();
}

/**
 * The question a text message asks the bot, or undefined when it is not addressed to it.
 * An empty string means "addressed, but no question" (e.g. a bare @mention).
 */
export function questionOf(message: Message, me: UserFromGetMe): string | undefined {
  if (message.text === undefined || startsWithCommand(message)) return undefined;
  // Our own inline answers, posted by users, come back "via" the bot: they are not questions.
  if (message.via_bot?.id === me.id) return undefined;
  if (message.chat.type === "private") return tidyQuestion(message.text);
  if (!isGroupChat(message)) return undefined;
  const repliesToBot = message.reply_to_message?.from?.id === me.id;
  if (!repliesToBot && botMentions(message, me).length === 0) return undefined;
  return withoutMentions(message, me);
}

/** True when an update is a message the bot will act on (for rate limits): not group chatter. */
export function isAddressed(ctx: Context): boolean {
  const message = ctx.message;
  if (!message) return false;
  if (message.chat.type === "private") return true;
  if (!isGroupChat(message)) return false;
  return commandFor(message, ctx.me) !== undefined || questionOf(message, ctx.me) !== undefined;
}

/** True when the text has at least `min` letters or digits (emoji and punctuation don't count). */
export function hasMeaning(text: string, min = 2): boolean {
  return (text.match(/[\p{L}\p{N}]/gu) ?? []).length >= min;
}
