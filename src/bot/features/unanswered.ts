// /unanswered for admins, in a private chat only (questions may be sensitive): the most recent
// questions the bot could not answer or that got a 👎, and the most repeated ones (grouped by
// the question folded), with the closest passage when there was one.
import { Composer } from "grammy";
import { unansweredReport, type UnansweredReport } from "../../store/unanswered.js";
import type { BotServices } from "../deps.js";
import { htmlBlock, MESSAGE_LIMIT, packMessages, truncate, type Block } from "../format.js";
import { tHtml, type BotContext, type Translate } from "../i18n.js";
import { sendHtmlMessages } from "../reply.js";

/** A stored ISO time as "2024-05-01 14:03" (UTC). */
function shortTime(iso: string): string {
  return iso.slice(0, 16).replace("T", " ");
}

/** The /unanswered listing as blocks (one per question, so long lists split between them). */
export function unansweredBlocks(report: UnansweredReport, t: Translate): Block[] {
  if (report.total === 0) return [htmlBlock(t("unanswered-none"))];
  const reason = (code: string): string => t(`reason-${code}`);
  const blocks: Block[] = [htmlBlock(t("unanswered-title", { total: report.total })), htmlBlock(t("unanswered-recent"))];
  for (const entry of report.recent) {
    const where = entry.chatId !== null && entry.chatId < 0 ? t("unanswered-group-chat", { chat: String(entry.chatId) }) : t("unanswered-private");
    let html = tHtml(t, "unanswered-line", { when: shortTime(entry.createdAt), where, reason: reason(entry.reason), question: truncate(entry.question, 300) });
    if (entry.candidate) html += `\n${tHtml(t, "unanswered-candidate", { candidate: truncate(entry.candidate, 300) })}`;
    blocks.push(htmlBlock(html));
  }
  blocks.push(htmlBlock(t("unanswered-repeated")));
  if (report.repeated.length === 0) blocks.push(htmlBlock(t("unanswered-no-repeats")));
  for (const group of report.repeated) {
    let html = tHtml(t, "unanswered-group", {
      count: String(group.count),
      question: truncate(group.question, 300),
      when: shortTime(group.lastAskedAt),
      reasons: group.reasons.map(reason).join(", "),
    });
    if (group.candidate) html += `\n${tHtml(t, "unanswered-candidate", { candidate: truncate(group.candidate, 300) })}`;
    blocks.push(htmlBlock(html));
  }
  return blocks;
}

/** The unanswered feature: /unanswered. */
export function unansweredFeature(services: BotServices): Composer<BotContext> {
  const composer = new Composer<BotContext>();

  composer.command("unanswered", async (ctx) => {
    if (!services.isAdmin(ctx.from?.id)) {
      await ctx.reply(ctx.t("not-admin-command"));
      return;
    }
    if (ctx.chat.type !== "private") {
      await ctx.reply(ctx.t("private-only"));
      return;
    }
    const report = unansweredReport(services.engine.store, { recent: 10, repeated: 10 });
    await sendHtmlMessages(ctx, services.logger, packMessages(unansweredBlocks(report, ctx.t), MESSAGE_LIMIT, "\n"), { replyTo: ctx.msg.message_id });
  });

  return composer;
}
