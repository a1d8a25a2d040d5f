// Telegram formatting of answers: HTML escaping, Answer → HTML blocks, and packing blocks into
// messages that stay within Telegram's 4096-character limit without ever cutting a tag in half.
// Everything here is pure: no grammY, no I/O.
import { isOtherLanguage, languageName } from "../text/script.js";
import type { Answer, Source } from "../search/types.js";

/** Telegram's limit on a message's text, counted in UTF-16 units after entity parsing. */
export const MESSAGE_LIMIT = 4096;
/** Longest quote shown under a source. */
export const QUOTE_LIMIT = 200;
/** Most glossary lines shown under an answer. */
const GLOSSARY_LIMIT = 8;

/** Escapes text for Telegram HTML (text nodes): &, < and >. */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** Escapes text for a double-quoted HTML attribute value. */
export function escapeAttr(text: string): string {
  return escapeHtml(text).replace(/"/g, "&quot;");
}

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
  const pattern = new RegExp(wanted.map((f) => f.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("|"), "g");
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

/** "title › section" for a source, without repeating a section equal to the title. */
export function sourceLabel(source: Pick<Source, "title" | "section">): string {
  const title = squash(source.title) || "Untitled";
  const section = squash(source.section);
  return section && section !== title ? `${title} › ${section}` : title;
}

/** One numbered source: label, page, language (for readers of another), link, and a short quote. */
export function sourceBlock(source: Source, options: { questionLanguage?: string } = {}): Block {
  const label = truncate(sourceLabel(source), 300);
  const quote = truncate(squash(source.quote), QUOTE_LIMIT);
  const language = options.questionLanguage && isOtherLanguage(options.questionLanguage, source.language) ? ` · ${languageName(source.language)}` : "";
  const page = (typeof source.page === "number" ? ` · p. ${source.page}` : "") + language;
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
export function glossaryBlock(answer: Pick<Answer, "glossary">): Block | undefined {
  const entries = answer.glossary.filter((g) => g.term.trim() && g.gloss.trim()).slice(0, GLOSSARY_LIMIT);
  if (entries.length === 0) return undefined;
  const lines = entries.map((g) => ({ term: truncate(squash(g.term), 60), gloss: truncate(squash(g.gloss), 160) }));
  return {
    html: `<b>Key terms:</b>\n${lines.map((l) => `• <b>${escapeHtml(l.term)}</b> — ${escapeHtml(l.gloss)}`).join("\n")}`,
    plain: `Key terms:\n${lines.map((l) => `• ${l.term} — ${l.gloss}`).join("\n")}`,
  };
}

/** Hint shown under every "not found" reply. */
export const NOT_FOUND_HINT = "Try other words from the documents, or see /sources for what I have read.";

/** The blocks of a reply to a question: answer, sources, key terms (or an honest "not found"). */
export function answerBlocks(answer: Answer, options: { heading?: string } = {}): Block[] {
  const blocks: Block[] = [];
  if (options.heading) blocks.push({ html: `<i>${escapeHtml(options.heading)}</i>`, plain: options.heading });
  if (!answer.found) {
    const text = squash(answer.answer) || "I couldn't find an answer to that in the documents.";
    blocks.push(textBlock(text));
    // The engine's own message may already point to /sources; don't say it twice.
    if (!text.includes("/sources")) blocks.push({ html: `<i>${escapeHtml(NOT_FOUND_HINT)}</i>`, plain: NOT_FOUND_HINT });
    return blocks;
  }
  blocks.push(textBlock(answer.answer.trim(), answer.figures));
  answer.sources.forEach((source, i) => {
    const block = sourceBlock(source, { questionLanguage: answer.questionLanguage });
    // The heading travels with the first source so it is never left alone at a message's end.
    blocks.push(i === 0 ? { html: `<b>Sources</b>\n${block.html}`, plain: `Sources\n${block.plain}` } : block);
  });
  const glossary = glossaryBlock(answer);
  if (glossary) blocks.push(glossary);
  return blocks;
}

/** The blocks listing a page of sources (for "More sources"). */
export function sourcePageBlocks(question: string, sources: readonly Source[], from: number, total: number): Block[] {
  const last = from + sources.length - 1;
  const header = `More sources (${from}–${last} of ${total}) for: ${truncate(squash(question), 200)}`;
  return [{ html: `<i>${escapeHtml(header)}</i>`, plain: header }, ...sources.map((source) => sourceBlock(source))];
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
export function packSingleMessage(blocks: readonly Block[], limit = MESSAGE_LIMIT): string {
  const note = "<i>(shortened: ask me in a private chat for every source)</i>";
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
export function formatAnswer(answer: Answer, options: { heading?: string; limit?: number } = {}): string[] {
  return packMessages(answerBlocks(answer, options), options.limit ?? MESSAGE_LIMIT);
}

/** A short plain-text snippet (inline result descriptions, button labels). */
export function snippet(text: string, limit = 120): string {
  return truncate(squash(text), limit);
}
