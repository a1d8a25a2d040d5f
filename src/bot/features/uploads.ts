// Adding documents from Telegram: an admin sends a file (or replies /add to one, or captions it
// /add) — in a private chat it joins the shared library, in a group that group's own collection.
// The size is checked before downloading, the file is stored under a generated name (in
// <DATA_DIR>/uploads, or uploads/chat<id> for a group's collection; the sent name is shown,
// never used as a path), then ingested. Everyone else is refused politely; in groups a document
// nobody asked the bot to add is group chatter and gets no reply.
import fs from "node:fs";
import path from "node:path";
import { Composer } from "grammy";
import type { Document, Message } from "grammy/types";
import { oneLine } from "../../errors.js";
import type { IngestSummary } from "../../engine.js";
import { isGroupChat } from "../addressing.js";
import type { BotServices } from "../deps.js";
import { CLOUD_DOWNLOAD_LIMIT, downloadTelegramFile, SUPPORTED_UPLOAD_EXTENSIONS, uploadExtension } from "../download.js";
import { reportError } from "../errors.js";
import { truncate } from "../format.js";
import { tHtml, type BotContext, type Translate } from "../i18n.js";
import { keepTyping } from "../reply.js";

/** The folder uploads of a collection are stored in (the shared library's, or a chat's). */
export function uploadsDir(dataDir: string, chatId: number | null = null): string {
  const root = path.join(dataDir, "uploads");
  return chatId === null ? root : path.join(root, `chat${chatId}`);
}

/** A file size for people: "0.42 MB", "12.3 MB". */
export function megabytes(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(bytes < 1024 * 1024 ? 2 : 1)} MB`;
}

/** The reply to an ingested upload; `displayName` is the name the admin sent (shown, never used as a path). */
export function uploadSummaryHtml(summary: IngestSummary, displayName: string, storedPath: string, collection: string, t: Translate): string {
  const name = truncate(displayName, 80);
  // Reasons may quote our generated path: show the sender's name instead.
  const reason = (text: string): string => text.split(storedPath).join(displayName);
  const doc = summary.documents[0];
  if (doc) {
    const vars = { name, collection, title: truncate(doc.title, 120), passages: t("passages", { count: doc.chunks }), seconds: summary.seconds.toFixed(1) };
    if (doc.status === "unchanged") return tHtml(t, "upload-unchanged", vars);
    return tHtml(t, doc.status === "added" ? "upload-added" : "upload-updated", vars);
  }
  const problem = summary.failed[0] ?? summary.skipped[0];
  return tHtml(t, "upload-not-read", { name, reason: problem ? reason(problem.reason) : t("upload-nothing-read") });
}

/** True when a caption or text starts with /add addressed to this bot. */
function isAddCommand(text: string | undefined, username: string): boolean {
  const match = /^\/add(?:@(\w+))?(?:\s|$)/i.exec(text ?? "");
  return match !== null && (match[1] === undefined || match[1].toLowerCase() === username.toLowerCase());
}

/** The uploads feature: documents sent by admins, and /add. */
export function uploadsFeature(services: BotServices): Composer<BotContext> {
  const { engine, config, logger } = services;
  const composer = new Composer<BotContext>();
  // One ingest at a time: uploads arriving together are queued, not interleaved.
  let ingestQueue: Promise<unknown> = Promise.resolve();
  const serially = <T>(task: () => Promise<T>): Promise<T> => {
    const run = ingestQueue.then(task, task);
    ingestQueue = run.catch(() => undefined);
    return run;
  };

  const addDocument = async (ctx: BotContext, document: Document, replyTo: number): Promise<void> => {
    const chat = ctx.chat!;
    const replyParameters = { reply_parameters: { message_id: replyTo, allow_sending_without_reply: true } };
    if (!services.isAdmin(ctx.from?.id)) {
      await ctx.reply(ctx.t("not-admin-upload"), replyParameters);
      return;
    }
    // A group's documents are its own; in a private chat an admin adds to the shared library.
    const chatId = isGroupChat({ chat }) ? chat.id : null;
    const collection = ctx.t(chatId === null ? "collection-shared" : "collection-group");
    const displayName = document.file_name?.trim() || "file";
    const extension = uploadExtension(document.file_name);
    if (!extension) {
      await ctx.reply(ctx.t("upload-unsupported", { types: SUPPORTED_UPLOAD_EXTENSIONS.join(" "), name: truncate(displayName, 80) }), replyParameters);
      return;
    }
    // The cloud Bot API refuses downloads over 20 MB; a local Bot API server (BOT_API_ROOT) does not.
    const maxBytes = config.botApiRoot ? config.maxUploadBytes : Math.min(config.maxUploadBytes, CLOUD_DOWNLOAD_LIMIT);
    if (document.file_size !== undefined && document.file_size > maxBytes) {
      await ctx.reply(
        ctx.t("upload-too-big", { name: truncate(displayName, 80), size: megabytes(document.file_size), limit: megabytes(maxBytes) }),
        replyParameters,
      );
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
        directory: uploadsDir(config.dataDir, chatId),
        extension,
      });
      stored = download.path;
      // Wait for a CLI ingest that holds the writer lock rather than failing the upload.
      const summary = await serially(() => engine.ingest([download.path], { waitMs: 120_000, ...(chatId !== null ? { chatId } : {}) }));
      const added = summary.documents.length > 0;
      // A file that could not be read is not kept; one that is indexed stays as the document's source.
      if (!added && download.isNew) fs.rmSync(download.path, { force: true });
      logger.info(
        { chat: chat.type, bytes: download.bytes, status: summary.documents[0]?.status ?? "failed", collection: chatId === null ? "shared" : "chat" },
        "upload ingested",
      );
      stopTyping();
      await ctx.reply(uploadSummaryHtml(summary, displayName, download.path, collection, ctx.t), { parse_mode: "HTML", ...replyParameters });
    } catch (error) {
      stopTyping();
      reportError(logger, ctx.api.token, error, "upload failed", { chat: chat.id });
      if (stored && engine.store.documentsBySource(stored).length === 0) fs.rmSync(stored, { force: true });
      await ctx.reply(
        ctx.t("upload-failed", { name: truncate(displayName, 80), reason: oneLine(error).split(ctx.api.token).join("[redacted]") }),
        replyParameters,
      );
    }
  };

  composer.on("message:document", async (ctx, next) => {
    // In a group, only a document the bot is asked to add: by an admin, or captioned /add.
    const inGroup = isGroupChat(ctx.msg);
    const asked = isAddCommand(ctx.msg.caption, ctx.me.username);
    if (inGroup && !asked && !services.isAdmin(ctx.from.id)) return next();
    if (!inGroup && ctx.chat.type !== "private") return next();
    await addDocument(ctx, ctx.msg.document, ctx.msg.message_id);
  });

  composer.command("add", async (ctx) => {
    const target: Message | undefined = ctx.msg.reply_to_message;
    if (!target?.document) {
      const collection = ctx.t(isGroupChat(ctx.msg) ? "collection-group" : "collection-shared");
      await ctx.reply(services.isAdmin(ctx.from?.id) ? ctx.t("add-usage", { collection }) : ctx.t("not-admin-command"));
      return;
    }
    await addDocument(ctx, target.document, target.message_id);
  });

  return composer;
}
