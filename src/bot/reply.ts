// Sending formatted replies: HTML messages in order, the first one replying to the question, the
// keyboard under the last one, links without previews; a "typing…" indicator kept alive while
// the bot works; and a plain-text fallback if Telegram ever refuses our HTML.
import type { Context } from "grammy";
import type { InlineKeyboardMarkup, Message } from "grammy/types";
import { isEntityParseError, reportError } from "./errors.js";
import { htmlToPlain } from "./html.js";
import type { Logger } from "../log.js";

/** Options of sendHtmlMessages. */
export interface SendOptions {
  /** The message the first part replies to. */
  replyTo?: number;
  /** Buttons shown under the last part. */
  keyboard?: InlineKeyboardMarkup;
}

export { htmlToPlain };

/** Sends HTML messages in order; returns the sent messages. */
export async function sendHtmlMessages(ctx: Context, logger: Logger, messages: readonly string[], options: SendOptions = {}): Promise<Message.TextMessage[]> {
  const sent: Message.TextMessage[] = [];
  for (const [i, html] of messages.entries()) {
    const last = i === messages.length - 1;
    const other = {
      link_preview_options: { is_disabled: true },
      ...(i === 0 && options.replyTo !== undefined ? { reply_parameters: { message_id: options.replyTo, allow_sending_without_reply: true } } : {}),
      ...(last && options.keyboard ? { reply_markup: options.keyboard } : {}),
    };
    try {
      sent.push(await ctx.reply(html, { ...other, parse_mode: "HTML" }));
    } catch (error) {
      if (!isEntityParseError(error)) throw error;
      // Our formatter has a bug; the reader should still get the answer.
      reportError(logger, ctx.api.token, error, "Telegram refused our HTML; sending plain text");
      sent.push(await ctx.reply(htmlToPlain(html).slice(0, 4096), other));
    }
  }
  return sent;
}

/** Shows "typing…" now and every 4.5 s until the returned function is called. */
export function keepTyping(ctx: Context, logger: Logger, action: "typing" | "upload_document" = "typing"): () => void {
  const send = (): void => {
    ctx.replyWithChatAction(action).catch((error: unknown) => reportError(logger, ctx.api.token, error, "chat action failed"));
  };
  send();
  // Telegram shows an action for 5 s; repeat it for slow answers (first question, big uploads).
  const timer = setInterval(send, 4500);
  return () => clearInterval(timer);
}
