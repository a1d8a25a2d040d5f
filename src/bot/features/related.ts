// The section buttons under an answer (sec:<id>:<n>): pressing one shows that neighbouring
// section of the cited document — its heading path, its key sentences for the question (figures
// in bold) and the citation — as a reply to the answer, in the answer's language.
import { Composer } from "grammy";
import { extractFigures } from "../../search/answer-kind.js";
import type { BotServices } from "../deps.js";
import { boldFigures, htmlBlock, MESSAGE_LIMIT, packSingleMessage, sourceBlock, type Block } from "../format.js";
import { tHtml, type BotContext, type Translate } from "../i18n.js";
import { sendHtmlMessages } from "../reply.js";
import { keySentences } from "../sections.js";
import type { ChunkRow } from "../../store/store.js";
import { ANSWER_ID } from "./ask.js";

const SECTION_PATTERN = new RegExp(`^sec:(${ANSWER_ID}):(\\d)$`);

/** The message for an opened section: heading, key sentences, citation. */
export function sectionBlocks(chunks: readonly ChunkRow[], question: string, t: Translate): Block[] {
  const first = chunks[0]!;
  const heading = first.headingPath.join(" › ");
  const sentences = keySentences(chunks, question);
  const blocks: Block[] = [htmlBlock(tHtml(t, "related-title", { heading }))];
  if (sentences.length === 0) blocks.push(htmlBlock(t("related-empty")));
  for (const s of sentences) blocks.push({ html: `• ${boldFigures(s.text, extractFigures(s.text))}`, plain: `• ${s.text}`, figures: extractFigures(s.text) });
  const page = sentences.find((s) => s.page !== null)?.page ?? first.page;
  const citation = sourceBlock(
    {
      n: 1,
      title: first.document.title,
      section: heading,
      source: first.document.source,
      ...(first.document.url ? { url: first.document.url } : {}),
      quote: "",
      score: 1,
      ...(page !== null ? { page } : {}),
      language: first.document.language,
      chunkId: first.id,
      documentId: first.documentId,
    },
    { t },
  );
  blocks.push(citation);
  return blocks;
}

/** The related-sections feature: the section buttons under answers. */
export function relatedFeature(services: BotServices): Composer<BotContext> {
  const { memory, engine, logger } = services;
  const composer = new Composer<BotContext>();

  composer.callbackQuery(SECTION_PATTERN, async (ctx) => {
    const recalled = memory.recall(ctx.match[1]!, ctx.chat?.id);
    if (recalled.status !== "ok") {
      if (recalled.status === "expired") ctx.i18n.useLocale(recalled.answer.locale);
      await ctx.answerCallbackQuery({ text: ctx.t(recalled.status === "expired" ? "toast-expired" : "toast-unknown-button") });
      return;
    }
    const answer = recalled.answer;
    ctx.i18n.useLocale(answer.locale);
    const section = answer.related[Number(ctx.match[2])];
    const document = section ? engine.store.documentById(section.documentId) : undefined;
    // The section must still exist, and still be one the chat may read.
    const visible = document !== undefined && (document.chatId === null || document.chatId === answer.chatId);
    const chunks = section && visible ? engine.store.chunksOfSection(section.documentId, section.headingPath) : [];
    if (chunks.length === 0) {
      await ctx.answerCallbackQuery({ text: ctx.t("toast-section-gone") });
      return;
    }
    await ctx.answerCallbackQuery();
    const html = packSingleMessage(sectionBlocks(chunks, answer.question, ctx.t), MESSAGE_LIMIT, ctx.t);
    await sendHtmlMessages(ctx, logger, [html], { replyTo: ctx.callbackQuery.message?.message_id });
  });

  return composer;
}
