// Escaping for Telegram's HTML parse mode: text nodes (&, <, >) and double-quoted attributes.
// Its own module so the formatter and the locale helpers share it without importing each other.

/** Escapes text for Telegram HTML (text nodes): &, < and >. */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** Escapes text for a double-quoted HTML attribute value. */
export function escapeAttr(text: string): string {
  return escapeHtml(text).replace(/"/g, "&quot;");
}

/** Plain text of our HTML (tags dropped, entities decoded). */
export function htmlToPlain(html: string): string {
  return html
    .replace(/<[^>]*>/g, "")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, "&");
}
