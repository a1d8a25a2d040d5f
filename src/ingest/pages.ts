// Page numbers through cleaning: a loader that knows pages (PDF) reports where each page starts
// in its text; before cleaning we turn those offsets into marker lines (which cleanText keeps
// verbatim), and after cleaning we strip the markers again, remembering where each page starts
// in the cleaned text. Chunks then look their page up by offset, and their text never holds a
// marker, so chunk.text === cleaned.slice(start, end) still holds.

// A private-use character: it never occurs in real documents, and no normalisation touches it.
const MARK = "\uE000";
const MARK_LINE = /^\uE000(\d+)$/;

/** Where a page starts in a text (page numbers are 1-based). */
export interface PageStart {
  page: number;
  offset: number;
}

/** The marker line that stands for the start of a page. */
export function pageMarker(page: number): string {
  return `${MARK}${page}`;
}

/** True when a (trimmed) line is a page marker. */
export function isPageMarker(line: string): boolean {
  return MARK_LINE.test(line);
}

/**
 * Inserts a marker line at the start of each page. `starts[i]` is the offset where page i + 1
 * begins; an offset inside a line moves to the next line start, so a paragraph that runs on
 * over a page break counts for the page it starts on.
 */
export function markPages(text: string, starts: readonly number[]): string {
  const parts: string[] = [];
  let from = 0;
  starts.forEach((offset, i) => {
    let at = Math.max(from, Math.min(offset, text.length));
    if (at > 0 && text[at - 1] !== "\n") {
      const next = text.indexOf("\n", at);
      at = next < 0 ? text.length : next + 1;
    }
    parts.push(text.slice(from, at));
    if (parts.length > 0 && !/(^|\n)$/.test(parts[parts.length - 1]!)) parts.push("\n");
    parts.push(`${pageMarker(i + 1)}\n`);
    from = at;
  });
  parts.push(text.slice(from));
  return parts.join("");
}

/**
 * Removes marker lines from cleaned text (where paragraphs are separated by blank lines) and
 * returns the text without them plus where each marked page starts in it.
 */
export function stripPageMarkers(cleaned: string): { text: string; pages: PageStart[] } {
  if (!cleaned.includes(MARK)) return { text: cleaned, pages: [] };
  const kept: string[] = [];
  const pages: PageStart[] = [];
  let length = 0;
  for (const line of cleaned.split("\n")) {
    const marker = MARK_LINE.exec(line.trim());
    if (marker) {
      // The next kept paragraph starts after the "\n\n" that will join it to the previous one.
      pages.push({ page: Number(marker[1]), offset: kept.length === 0 ? 0 : length + 2 });
      continue;
    }
    if (line === "") continue;
    if (kept.length > 0) length += 2;
    kept.push(line);
    length += line.length;
  }
  return { text: kept.join("\n\n"), pages };
}

/** The page a text offset falls on, or undefined when the text has no page starts. */
export function pageAt(pages: readonly PageStart[], offset: number): number | undefined {
  let found: number | undefined;
  for (const p of pages) {
    if (p.offset > offset) break;
    found = p.page;
  }
  return found ?? pages[0]?.page;
}
