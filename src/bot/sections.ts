// Related sections under an answer: the sections next to the cited passage's in its document
// (siblings first, nearest first, then its subsections, then its parent), and a section's key
// sentences when one is opened. Pure functions over heading paths and chunk texts.
import { extractFigures } from "../search/answer-kind.js";
import { searchTerms } from "../text/segment.js";
import { splitSentences } from "../text/sentences.js";

/** Most section buttons under one answer. */
export const MAX_RELATED = 3;
/** Most key sentences shown for an opened section. */
export const MAX_KEY_SENTENCES = 3;

const same = (a: readonly string[], b: readonly string[]): boolean => a.length === b.length && a.every((h, i) => h === b[i]);
const startsWith = (path: readonly string[], prefix: readonly string[]): boolean => prefix.every((h, i) => path[i] === h);

/**
 * The sections near `cited` among a document's sections (heading paths in document order):
 * its siblings by distance (the next before the previous), then its own subsections, then
 * its parent. Empty when the document has no headings to speak of.
 */
export function neighbourSections(sections: readonly (readonly string[])[], cited: readonly string[], max = MAX_RELATED): string[][] {
  if (cited.length === 0) return [];
  const parent = cited.slice(0, -1);
  const out: string[][] = [];
  const add = (s: readonly string[]): void => {
    if (out.length < max && s.length > 0 && !same(s, cited) && !out.some((o) => same(o, s))) out.push([...s]);
  };
  // Distance counts siblings only: the subsections between two siblings do not push them apart.
  const family = sections.filter((s) => s.length === cited.length && startsWith(s, parent));
  const at = family.findIndex((s) => same(s, cited));
  const siblings = family
    .map((s, i) => ({ s, i }))
    .filter(({ s }) => !same(s, cited))
    .sort((a, b) => Math.abs(a.i - at) - Math.abs(b.i - at) || b.i - a.i);
  for (const { s } of siblings) add(s);
  for (const s of sections) if (s.length === cited.length + 1 && startsWith(s, cited)) add(s);
  if (parent.length > 0 && sections.some((s) => same(s, parent))) add(parent);
  return out;
}

/** True when a sentence states a figure other than a bare year. */
function statesQuantity(text: string): boolean {
  return extractFigures(text).some((f) => !/^(?:1[89]|20)\d\d年?$/.test(f));
}

/** A key sentence of a section, with the page it is on. */
export interface KeySentence {
  text: string;
  page: number | null;
}

/**
 * The sentences that best sum up a section for a question: those sharing the most of its words,
 * then those with figures, earlier ones on ties; at most `max`, in the order written, each once
 * (overlapping chunks repeat sentences).
 */
export function keySentences(chunks: readonly { text: string; page: number | null }[], question: string, max = MAX_KEY_SENTENCES): KeySentence[] {
  const wanted = new Set(searchTerms(question, { dropStopwords: true }));
  const seen = new Set<string>();
  const candidates: { text: string; page: number | null; order: number; score: number }[] = [];
  for (const chunk of chunks) {
    for (const span of splitSentences(chunk.text)) {
      const text = span.text.replace(/\s+/g, " ").trim();
      const key = text.replace(/\s+/g, "");
      if (!/[\p{L}\p{N}]/u.test(text) || seen.has(key)) continue;
      seen.add(key);
      const terms = new Set(searchTerms(text, { dropStopwords: true }));
      const shared = [...wanted].filter((t) => terms.has(t)).length;
      const order = candidates.length;
      candidates.push({ text, page: chunk.page, order, score: shared + (statesQuantity(text) ? 0.5 : 0) - order * 0.01 });
    }
  }
  return candidates
    .sort((a, b) => b.score - a.score)
    .slice(0, max)
    .sort((a, b) => a.order - b.order)
    .map(({ text, page }) => ({ text, page }));
}
