// Admin work from Telegram: adding a document by sending it in a private chat (size checked
// before downloading, stored under a generated name in <DATA_DIR>/uploads, then ingested),
// /forget to remove one, /stats for the figures. Everyone else gets a polite refusal.
import fs from "node:fs";
import path from "node:path";
import { Composer, type Context } from "grammy";
import { oneLine } from "../../errors.js";
import { findDocument, type IngestSummary } from "../../engine.js";
import type { BotServices } from "../deps.js";
import { CLOUD_DOWNLOAD_LIMIT, downloadTelegramFile, SUPPORTED_UPLOAD_EXTENSIONS, uploadExtension } from "../download.js";
import { reportError } from "../errors.js";
import { escapeHtml, truncate } from "../format.js";
import { keepTyping } from "../reply.js";

/** Reply to a document from someone who is not an admin. */
export const NOT_ADMIN_UPLOAD_TEXT =
  "Thanks! Only the bot's admins can add documents. Ask them to add this one — meanwhile I can answer questions about the documents I have (/sources).";
const NOT_ADMIN_COMMAND_TEXT = "Sorry, that command is for the bot's admins.";

/** The folder uploads are stored in. */
export function uploadsDir(dataDir: string): string {
  return path.join(dataDir, "uploads");
}

function megabytes(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(bytes < 1024 * 1024 ? 2 : 1)} MB`;
}

/** The reply to an ingested upload; `displayName` is the name the admin sent (shown, never used as a path). */
export function uploadSummaryHtml(summary: IngestSummary, displayName: string, storedPath: string): string {
  const name = `“${escapeHtml(truncate(displayName, 80))}”`;
  // Reasons may quote our generated path: show the sender's name instead.
  const reason = (text: string): string => escapeHtml(text.split(storedPath).join(displayName));
  const doc = summary.documents[0];
  if (doc) {
    const title = escapeHtml(truncate(doc.title, 120));
    const passages = `${doc.chunks} passage${doc.chunks === 1 ? "" : "s"}`;
    if (doc.status === "unchanged") return `${name} is already in the collection as <b>${title}</b> (${passages}); nothing changed.`;
    const verb = doc.status === "added" ? "Added" : "Updated";
    return `✅ ${verb} ${name} as <b>${title}</b>: ${passages}, in ${summary.seconds.toFixed(1)} s. Ask me about it!`;
  }
  const problem = summary.failed[0] ?? summary.skipped[0];
  return `❌ I couldn't add ${name}: ${problem ? reason(problem.reason) : "nothing was read from it"}.`;
}

/** The /stats text. */
export function statsHtml(services: BotServices): string {
  const stats = services.engine.store.stats();
  const lines = [
    "<b>Index</b>",
    `Documents: ${stats.documents}`,
    `Chunks: ${stats.chunks}`,
    `Index size: ${megabytes(stats.databaseBytes)} (SQLite)`,
    `Model: ${escapeHtml(stats.vectorModel ?? `none — lexical search only (EMBED_MODEL=${services.config.embedModel})`)}`,
    `Vectors: ${stats.vectors}`,
    `Last ingest: ${escapeHtml(stats.lastIngestAt ?? "never")}`,
    `Generation: ${stats.generation}`,
    "",
    "<b>Usage</b>",
    `Questions served: ${stats.questionsServed}`,
    `Feedback: 👍 ${stats.feedbackUp} · 👎 ${stats.feedbackDown}`,
  ];
  if (services.engine.warnings.length > 0) lines.push("", "<b>Warnings</b>", ...services.engine.warnings.map((w) => `• ${escapeHtml(w)}`));
  return lines.join("\n");
}

/** The admin feature: document uploads, /forget and /stats. */
export function adminFeature(services: BotServices): Composer<Context> {
  const { engine, config, logger } = services;
  const composer = new Composer<Context>();
  // One ingest at a time: uploads arriving together are queued, not interleaved.
  let ingestQueue: Promise<unknown> = Promise.resolve();
  const serially = <T>(task: () => Promise<T>): Promise<T> => {
    const run = ingestQueue.then(task, task);
    ingestQueue = run.catch(() => undefined);
    return run;
  };

  composer.chatType("private").on("message:document", async (ctx) => {
    const document = ctx.msg.document;
    const replyTo = { reply_parameters: { message_id: ctx.msg.message_id, allow_sending_without_reply: true } };
    if (!services.isAdmin(ctx.from.id)) {
      await ctx.reply(NOT_ADMIN_UPLOAD_TEXT, replyTo);
      return;
    }
    const displayName = document.file_name?.trim() || "the file";
    const extension = uploadExtension(document.file_name);
    if (!extension) {
      await ctx.reply(`I can read ${SUPPORTED_UPLOAD_EXTENSIONS.join(" ")} files; “${truncate(displayName, 80)}” is not one of them.`, replyTo);
      return;
    }
    // The cloud Bot API refuses downloads over 20 MB; a local Bot API server (BOT_API_ROOT) does not.
    const maxBytes = config.botApiRoot ? config.maxUploadBytes : Math.min(config.maxUploadBytes, CLOUD_DOWNLOAD_LIMIT);
    if (document.file_size !== undefined && document.file_size > maxBytes) {
      await ctx.reply(`“${truncate(displayName, 80)}” is ${megabytes(document.file_size)}; I can take files up to ${megabytes(maxBytes)}.`, replyTo);
      return;
    }
    const stopTyping = keepTyping(ctx, logger, "upload_document");
    let stored: string | undefined;
    try {
      const file = await ctx.api.getFile(document.file_id);
      if (!file.file_path) throw new Error("Telegram returned no file_path");
      const download = await downloadTelegramFile({
        apiRoot: config.botApiRoot ?? "https://api.telegram.org",
        token: ctx.api.token,
        filePath: file.file_path,
        maxBytes,
        directory: uploadsDir(config.dataDir),
        extension,
      });
      stored = download.path;
      // Wait for a CLI ingest that holds the writer lock rather than failing the upload.
      const summary = await serially(() => engine.ingest([download.path], { waitMs: 120_000 }));
      const added = summary.documents.length > 0;
      // A file that could not be read is not kept; one that is indexed stays as the document's source.
      if (!added && download.isNew) fs.rmSync(download.path, { force: true });
      logger.info({ user: ctx.from.id, bytes: download.bytes, status: summary.documents[0]?.status ?? "failed" }, "upload ingested");
      stopTyping();
      await ctx.reply(uploadSummaryHtml(summary, displayName, download.path), { parse_mode: "HTML", ...replyTo });
    } catch (error) {
      stopTyping();
      reportError(logger, ctx.api.token, error, "upload failed", { user: ctx.from.id });
      if (stored && !engine.store.documentBySource(stored)) fs.rmSync(stored, { force: true });
      await ctx.reply(`Sorry, I couldn't add “${truncate(displayName, 80)}”: ${oneLine(error).split(ctx.api.token).join("[redacted]")}.`, replyTo);
    }
  });

  composer.command("forget", async (ctx) => {
    if (!services.isAdmin(ctx.from?.id)) {
      await ctx.reply(NOT_ADMIN_COMMAND_TEXT);
      return;
    }
    const ref = ctx.match.trim();
    if (!ref) {
      await ctx.reply("Usage: /forget <document id or source> — the ids are listed by /sources.");
      return;
    }
    const document = findDocument(engine.store, ref);
    const removed = engine.removeDocument(ref);
    if (!removed) {
      await ctx.reply(`No document matches “${truncate(ref, 100)}”. /sources lists the ids.`);
      return;
    }
    // An uploaded file has no other home: delete it with its document.
    const uploads = uploadsDir(config.dataDir) + path.sep;
    if (document?.source.startsWith(uploads)) fs.rmSync(document.source, { force: true });
    logger.info({ user: ctx.from?.id, document: removed.id }, "document removed");
    await ctx.reply(`Removed #${removed.id} “${truncate(removed.title, 120)}”. It no longer appears in answers.`);
  });

  composer.command("stats", async (ctx) => {
    if (!services.isAdmin(ctx.from?.id)) {
      await ctx.reply(NOT_ADMIN_COMMAND_TEXT);
      return;
    }
    await ctx.reply(statsHtml(services), { parse_mode: "HTML" });
  });

  return composer;
}
