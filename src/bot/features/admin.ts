// Admin work from Telegram: /forget removes a document — in a group only from that group's own
// collection, in a private chat from the shared library (or that chat's collection) — and
// /stats shows the figures. Everyone else gets a polite refusal. Adding documents is
// src/bot/features/uploads.ts; the unanswered questions are src/bot/features/unanswered.ts.
import fs from "node:fs";
import path from "node:path";
import { Composer } from "grammy";
import { findDocument } from "../../engine.js";
import { unansweredReport } from "../../store/unanswered.js";
import { isGroupChat } from "../addressing.js";
import type { BotServices } from "../deps.js";
import { escapeHtml, truncate } from "../format.js";
import { tHtml, type BotContext, type Translate } from "../i18n.js";
import { megabytes } from "./uploads.js";

/** The /stats text, with the chat's id (what `npm run ingest -- --chat` takes). */
export function statsHtml(services: BotServices, t: Translate, chatId?: number): string {
  const { store } = services.engine;
  const stats = store.stats();
  const shared = store.documentsInCollection(null).length;
  const html = tHtml(t, "stats", {
    documents: stats.documents,
    shared,
    chats: stats.documents - shared,
    chunks: stats.chunks,
    size: megabytes(stats.databaseBytes),
    model: stats.vectorModel ?? t("stats-no-model", { model: services.config.embedModel }),
    vectors: stats.vectors,
    lastIngest: stats.lastIngestAt ?? t("stats-never"),
    generation: stats.generation,
    questions: stats.questionsServed,
    up: stats.feedbackUp,
    down: stats.feedbackDown,
    unanswered: unansweredReport(store, { recent: 0, repeated: 0 }).total,
  });
  const warnings = services.engine.warnings.map((w) => `• ${escapeHtml(w)}`);
  const withChat = chatId === undefined ? html : `${html}\n${tHtml(t, "stats-chat", { chat: String(chatId) })}`;
  return warnings.length > 0 ? `${withChat}\n\n${t("stats-warnings")}\n${warnings.join("\n")}` : withChat;
}

/** The admin feature: /forget and /stats. */
export function adminFeature(services: BotServices): Composer<BotContext> {
  const { engine, config, logger } = services;
  const composer = new Composer<BotContext>();

  composer.command("forget", async (ctx) => {
    if (!services.isAdmin(ctx.from?.id)) {
      await ctx.reply(ctx.t("not-admin-command"));
      return;
    }
    const ref = ctx.match.trim();
    if (!ref) {
      await ctx.reply(ctx.t("forget-usage"), { parse_mode: "HTML" });
      return;
    }
    const inGroup = isGroupChat(ctx.msg);
    const collection = ctx.t(inGroup ? "collection-group" : "collection-shared");
    // In a group only its own collection; the shared library is managed in a private chat.
    const removed = await engine.removeDocument(ref, inGroup ? { within: ctx.chat.id, waitMs: 30_000 } : { visibleTo: ctx.chat.id, waitMs: 30_000 });
    if (!removed) {
      const shared = inGroup ? findDocument(engine.store, ref, engine.store.documentsInCollection(null)) : undefined;
      await ctx.reply(shared ? ctx.t("forget-shared-in-group", { id: String(shared.id) }) : ctx.t("forget-not-found", { collection, ref: truncate(ref, 100) }));
      return;
    }
    // An uploaded file has no other home: delete it with its document (unless another collection holds it too).
    const uploads = path.join(config.dataDir, "uploads") + path.sep;
    if (removed.source.startsWith(uploads) && engine.store.documentsBySource(removed.source).length === 0) fs.rmSync(removed.source, { force: true });
    logger.info({ document: removed.id, collection: removed.chatId === null ? "shared" : "chat" }, "document removed");
    await ctx.reply(
      ctx.t("forget-removed", {
        id: String(removed.id),
        title: truncate(removed.title, 120),
        collection: ctx.t(removed.chatId === null ? "collection-shared" : inGroup ? "collection-group" : "collection-chat"),
      }),
    );
  });

  composer.command("stats", async (ctx) => {
    if (!services.isAdmin(ctx.from?.id)) {
      await ctx.reply(ctx.t("not-admin-command"));
      return;
    }
    await ctx.reply(statsHtml(services, ctx.t, ctx.chat.id), { parse_mode: "HTML" });
  });

  return composer;
}
