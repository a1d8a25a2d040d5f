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
  return { text, title };
}
