// Markdown → structured text: keeps "#" headings (the chunker reads them), drops front matter,
// images, link targets, HTML comments and emphasis markers, so only readable prose is indexed.

export interface MarkdownText {
  text: string;
  title?: string;
}

/** Converts Markdown to the plain structured text the cleaner and chunker expect. */
export function markdownToText(markdown: string): MarkdownText {
  let text = markdown.replace(/\r\n?/g, "\n");
  let title: string | undefined;
  const front = /^---\n([\s\S]*?)\n---\n/.exec(text);
  if (front) {
    title = /^title:\s*["']?(.+?)["']?\s*$/m.exec(front[1]!)?.[1];
    text = text.slice(front[0].length);
  }
  text = text
    .replace(/<!--[\s\S]*?-->/g, "")
    .replace(/!\[[^\]]*\]\([^)]*\)/g, "")
    .replace(/\[([^\]]+)\]\([^)]*\)/g, "$1")
    .replace(/^[ \t]{0,3}(#{1,6})[ \t]+(.+?)[ \t]*#*[ \t]*$/gm, "$1 $2")
    .replace(/^(.+)\n=+[ \t]*$/gm, "# $1")
    .replace(/^(.+)\n-{2,}[ \t]*$/gm, "## $1")
    .replace(/(\*\*|__)(.+?)\1/g, "$2")
    .replace(/(^|[^*\w])[*_]([^*_\n]+)[*_](?=[^*\w]|$)/g, "$1$2")
    .replace(/^[ \t]*[-*+][ \t]+/gm, "- ")
    .replace(/^[ \t]*>[ \t]?/gm, "");
  title ??= /^# (.+)$/m.exec(text)?.[1]?.trim();
  return { text: joinSoftBreaks(text), title };
}

// Lines that start a block of their own: headings, list items, tables, fences, rules.
const BLOCK_START = /^(?:#{1,6}\s|- |\d{1,3}[.)]\s|\||```|~~~|(?:-{3,}|\*{3,}|_{3,})\s*$)/;

/**
 * Joins the lines of a paragraph: in Markdown a single line break is a soft wrap, a space, so
 * "the busiest branch was Harbour⏎Road" is one sentence, not two. Blank lines, block starts,
 * fenced code and hard breaks (two trailing spaces or a backslash) keep their line breaks.
 */
export function joinSoftBreaks(text: string): string {
  const out: string[] = [];
  let inFence = false;
  for (const line of text.split("\n")) {
    const trimmed = line.trim();
    if (/^(?:```|~~~)/.test(trimmed)) inFence = !inFence;
    const previous = out[out.length - 1];
    const joinable =
      !inFence &&
      previous !== undefined &&
      previous.trim() !== "" &&
      trimmed !== "" &&
      !/^(?:```|~~~)/.test(trimmed) &&
      !/^(?:```|~~~)/.test(previous.trim()) &&
      !BLOCK_START.test(trimmed) &&
      !/^#{1,6}\s/.test(previous) &&
      !/^\|/.test(previous.trim()) &&
      !/(?: {2}|\\)$/.test(previous);
    if (joinable) {
      const glue = /[\p{Script=Han}，。；：！？、）」』]$/u.test(previous) && /^\p{Script=Han}/u.test(trimmed) ? "" : " ";
      out[out.length - 1] = previous.trimEnd() + glue + trimmed;
    } else {
      out.push(line);
    }
  }
  return out.join("\n");
}
