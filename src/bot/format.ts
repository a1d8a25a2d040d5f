// Telegram formatting of answers: Answer → HTML blocks in the reader's language (the words come
// from the locale files through a Translate function), and packing blocks into messages that
// stay within Telegram's 4096-character limit without ever cutting a tag in half. Pure: no
// grammY, no I/O (the default English translator reads the locale files once).
import { escapeRegExp } from "../text/normalize.js";
import { isOtherLanguage } from "../text/script.js";
import type { Answer, Source } from "../search/types.js";
import { escapeAttr, escapeHtml, htmlToPlain } from "./html.js";
import { tHtml, translator, type Translate } from "./i18n.js";

export { escapeAttr, escapeHtml, htmlToPlain };

/** Telegram's limit on a message's text, counted in UTF-16 units after entity parsing. */
export const MESSAGE_LIMIT = 4096;
/** Longest quote shown under a source. */
export const QUOTE_LIMIT = 200;
/** Most glossary lines shown under an answer. */
const GLOSSARY_LIMIT = 8;

/** The English words, for callers that format outside an update. */
const ENGLISH: Translate = translator("en");

/**
 * Length of an HTML message as Telegram counts it: tags removed and the four entities decoded.
 * Assumes well-formed output of this module (tags never contain a raw ">").
 */
export function visibleLength(html: string): number {
  return html.replace(/<[^>]*>/g, "").replace(/&(?:lt|gt|amp|quot);/g, "_").length;
}

/** Cuts text to at most `limit` UTF-16 units, never inside a surrogate pair, adding "…" when cut. */
export function truncate(text: string, limit: number): string {
  if (text.length <= limit) return text;
  let cut = Math.max(0, limit - 1);
  // Don't strand half of an emoji or other astral character.
  const code = text.charCodeAt(cut - 1);
  if (code >= 0xd800 && code <= 0xdbff) cut--;
  // Prefer ending at a word or sentence boundary when one is reasonably close.
  const window = text.slice(0, cut);
  const boundary = Math.max(window.lastIndexOf(" "), ...[..."。！？；，、.!?;,"].map((c) => window.lastIndexOf(c) + 1));
  if (boundary > cut * 0.6) cut = boundary;
  return `${text.slice(0, cut).trimEnd()}…`;
}

/** Collapses runs of white space (quotes come from documents with ragged line breaks). */
function squash(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}

/** Only http(s) links are offered to Telegram: anything else is rejected or unsafe. */
function safeUrl(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    const parsed = new URL(url);
    return parsed.protocol === "http:" || parsed.protocol === "https:" ? parsed.href : undefined;
  } catch {
    return undefined;
  }
}

/** Text with each occurrence of a figure wrapped in <b>, everything escaped. */
export function boldFigures(text: string, figures: readonly string[]): string {
  const wanted = [...new Set(figures.map((f) => f.trim()).filter((f) => f.length > 0))].sort((a, b) => b.length - a.length);
  if (wanted.length === 0) return escapeHtml(text);
  const pattern = new RegExp(wanted.map(escapeRegExp).join("|"), "g");
  let out = "";
  let last = 0;
  for (const match of text.matchAll(pattern)) {
    const index = match.index ?? 0;
    out += `${escapeHtml(text.slice(last, index))}<b>${escapeHtml(match[0])}</b>`;
    last = index + match[0].length;
  }
  return out + escapeHtml(text.slice(last));
}

/**
 * A unit of a message that is never split across messages unless it alone is too long; then
 * its plain text is split on sentence boundaries and re-rendered piece by piece.
 */
export interface Block {
  html: string;
  /** The same content as plain text, used only when the block must be split. */
  plain: string;
  /** Figures to bold again in the pieces of a split block. */
  figures?: readonly string[];
}

/** A block of plain text (escaped), optionally with figures in bold. */
export function textBlock(text: string, figures: readonly string[] = []): Block {
  return { html: boldFigures(text, figures), plain: text, figures };
}

/** A block of ready HTML (from a locale message); its plain text is derived. */
export function htmlBlock(html: string): Block {
  return { html, plain: htmlToPlain(html) };
}

/** "title › section" for a source, without repeating the title when the section path starts with it (a Markdown h1). */
export function sourceLabel(source: Pick<Source, "title" | "section">, t: Translate = ENGLISH): string {
  const title = squash(source.title) || t("untitled");
  const section = squash(source.section);
  if (!section || section === title) return title;
  return section.startsWith(`${title} › `) ? section : `${title} › ${section}`;
}

/** One numbered source: label, page, language (for readers of another), link, and a short quote. */
export function sourceBlock(source: Source, options: { questionLanguage?: string; t?: Translate } = {}): Block {
  const t = options.t ?? ENGLISH;
  const label = truncate(sourceLabel(source, t), 300);
  const quote = truncate(squash(source.quote), QUOTE_LIMIT);
  const language = options.questionLanguage && isOtherLanguage(options.questionLanguage, source.language) ? ` · ${t(`language-${source.language}`)}` : "";
  const page = (typeof source.page === "number" ? ` · ${t("page", { page: String(source.page) })}` : "") + language;
  const url = safeUrl(source.url);
  let html = `<b>[${source.n}]</b> ${escapeHtml(label)}${page}`;
  let plain = `[${source.n}] ${label}${page}`;
  if (url) {
    html += ` · <a href="${escapeAttr(url)}">${escapeHtml(linkText(url))}</a>`;
    plain += ` · ${url}`;
  }
  if (quote) {
    html += `\n<blockquote>${escapeHtml(quote)}</blockquote>`;
    plain += `\n${quote}`;
  }
  return { html, plain };
}

function linkText(url: string): string {
  try {
    return new URL(url).hostname || "link";
  } catch {
    return "link";
  }
}

/** The "Key terms:" block for readers of the other language, or undefined when there are none. */
export function glossaryBlock(answer: Pick<Answer, "glossary">, t: Translate = ENGLISH): Block | undefined {
  const entries = answer.glossary.filter((g) => g.term.trim() && g.gloss.trim()).slice(0, GLOSSARY_LIMIT);
  if (entries.length === 0) return undefined;
  const lines = entries.map((g) => ({ term: truncate(squash(g.term), 60), gloss: truncate(squash(g.gloss), 160) }));
  const heading = t("key-terms");
  return {
    html: `${heading}\n${lines.map((l) => `• <b>${escapeHtml(l.term)}</b> — ${escapeHtml(l.gloss)}`).join("\n")}`,
    plain: `${htmlToPlain(heading)}\n${lines.map((l) => `• ${l.term} — ${l.gloss}`).join("\n")}`,
  };
}

/** Options of answerBlocks and formatAnswer. */
export interface AnswerFormat {
  /** A line above the answer (inline results show the question). */
  heading?: string;
  /** The question as the bot understood it, shown when it differs from what was typed (a follow-up). */
  understood?: string;
  /** The reader's language (default English). */
  t?: Translate;
}

/** The wording of a refusal: one sentence per refusal code, in the reader's language. */
export function refusalText(answer: Pick<Answer, "refusal">, t: Translate = ENGLISH): string {
  return t(`not-found-${answer.refusal?.code ?? "weak_evidence"}`);
}

/** The blocks of a reply to a question: answer, sources, key terms (or an honest "not found"). */
export function answerBlocks(answer: Answer, options: AnswerFormat = {}): Block[] {
  const t = options.t ?? ENGLISH;
  const blocks: Block[] = [];
  if (options.heading) blocks.push({ html: `<i>${escapeHtml(options.heading)}</i>`, plain: options.heading });
  if (options.understood) blocks.push(htmlBlock(tHtml(t, "answered-as", { question: truncate(squash(options.understood), 300) })));
  if (!answer.found) {
    // The core returns a code, not a sentence ("" as the answer): it is worded here.
    const text = squash(answer.answer) || refusalText(answer, t);
    blocks.push(textBlock(text));
    blocks.push(htmlBlock(t("not-found-hint")));
    return blocks;
  }
  blocks.push(textBlock(answer.answer.trim(), answer.figures));
  const heading = t("sources-heading");
  answer.sources.forEach((source, i) => {
    const block = sourceBlock(source, { questionLanguage: answer.questionLanguage, t });
    // The heading travels with the first source so it is never left alone at a message's end.
    blocks.push(i === 0 ? { html: `${heading}\n${block.html}`, plain: `${htmlToPlain(heading)}\n${block.plain}` } : block);
  });
  const glossary = glossaryBlock(answer, t);
  if (glossary) blocks.push(glossary);
  return blocks;
}

/** The blocks listing a page of sources (for "More sources"). */
export function sourcePageBlocks(question: string, sources: readonly Source[], from: number, total: number, t: Translate = ENGLISH): Block[] {
  const header = tHtml(t, "more-sources-header", {
    from: String(from),
    to: String(from + sources.length - 1),
    total: String(total),
    question: truncate(squash(question), 200),
  });
  return [htmlBlock(header), ...sources.map((source) => sourceBlock(source, { t }))];
}

const SEPARATOR = "\n\n";

/**
 * Splits plain text into pieces of at most `limit` units: at paragraph breaks if possible, then
 * sentence ends, then spaces, and only as a last resort anywhere (never inside a surrogate pair).
 */
export function splitPlainText(text: string, limit = MESSAGE_LIMIT): string[] {
  const pieces: string[] = [];
  let rest = text.trim();
  while (rest.length > limit) {
    // One character past the limit, so a lookahead at the edge sees what really follows.
    const window = rest.slice(0, limit + 1);
    let cut = cutPoint(window, /\n\s*\n/g, limit);
    if (cut < limit * 0.3) cut = Math.max(cut, cutPoint(window, /[。！？；!?;][”’」』）)】"']*|\.(?=\s)|\n/g, limit));
    // A comma between digits is a thousands separator (1,234,567), not a place to break.
    if (cut < limit * 0.3) cut = Math.max(cut, cutPoint(window, /[\s，、]|(?<!\d),|,(?!\d)/g, limit));
    if (cut <= 0) {
      cut = limit;
      const code = rest.charCodeAt(cut - 1);
      if (code >= 0xd800 && code <= 0xdbff) cut--;
    }
    const piece = rest.slice(0, cut).trim();
    if (piece) pieces.push(piece);
    rest = rest.slice(cut).trim();
  }
  if (rest) pieces.push(rest);
  return pieces;
}

/** The end offset of the last match of `pattern` in `window` that ends within `limit` (0 when none). */
function cutPoint(window: string, pattern: RegExp, limit: number): number {
  let best = 0;
  for (const match of window.matchAll(pattern)) {
    const end = (match.index ?? 0) + match[0].length;
    if (end <= limit) best = end;
  }
  return best;
}

/**
 * Packs whole blocks into messages of at most `limit` visible characters, separated by blank
 * lines (or `separator`); a block that alone exceeds the limit is split as plain text on
 * sentence boundaries.
 */
export function packMessages(blocks: readonly Block[], limit = MESSAGE_LIMIT, separator = SEPARATOR): string[] {
  const messages: string[] = [];
  let current = "";
  let currentLength = 0;
  const flush = (): void => {
    if (current) messages.push(current);
    current = "";
    currentLength = 0;
  };
  const add = (html: string, length: number): void => {
    if (current && currentLength + separator.length + length > limit) flush();
    currentLength += (current ? separator.length : 0) + length;
    current = current ? current + separator + html : html;
  };
  for (const block of blocks) {
    const length = visibleLength(block.html);
    if (length === 0) continue;
    if (length <= limit) {
      add(block.html, length);
      continue;
    }
    for (const piece of splitPlainText(block.plain, limit)) {
      const html = boldFigures(piece, block.figures ?? []);
      add(html, visibleLength(html));
    }
  }
  flush();
  return messages;
}

/**
 * Packs blocks into ONE message (inline results can post only one): whole blocks while they
 * fit, then a note that the rest was left out.
 */
export function packSingleMessage(blocks: readonly Block[], limit = MESSAGE_LIMIT, t: Translate = ENGLISH): string {
  const note = t("shortened");
  const noteLength = visibleLength(note) + SEPARATOR.length;
  let out = "";
  let length = 0;
  for (const block of blocks) {
    const blockLength = visibleLength(block.html);
    const extra = out ? SEPARATOR.length : 0;
    if (length + extra + blockLength <= limit - noteLength) {
      out = out ? out + SEPARATOR + block.html : block.html;
      length += extra + blockLength;
      continue;
    }
    if (!out) {
      // Even the first block is too long: keep its first piece as plain text.
      const piece = splitPlainText(block.plain, limit - noteLength)[0] ?? "";
      out = boldFigures(piece, block.figures ?? []);
    }
    return out + SEPARATOR + note;
  }
  return out;
}

/** The reply to a question as messages ready for sendMessage with parse_mode HTML. */
export function formatAnswer(answer: Answer, options: AnswerFormat & { limit?: number } = {}): string[] {
  return packMessages(answerBlocks(answer, options), options.limit ?? MESSAGE_LIMIT);
}

/** A short plain-text snippet (inline result descriptions, button labels). */
export function snippet(text: string, limit = 120): string {
  return truncate(squash(text), limit);
}
