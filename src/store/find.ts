// Finding a document from what a person types: an id, a path, a URL or a file name.
import fs from "node:fs";
import { isUrl, normaliseUrl } from "../urls.js";
import type { DocumentRow, Store } from "./store.js";

/**
 * Finds a document by numeric id (with or without "#"), source path or URL (also as typed
 * without the trailing slash the store keeps, or as the address a redirect ended at), or a
 * unique suffix of a path — among `candidates` (default: every document). A path held by
 * several collections is ambiguous: only its id names one.
 */
export function findDocument(store: Store, ref: string, candidates?: readonly DocumentRow[]): DocumentRow | undefined {
  const trimmed = ref.trim();
  if (/^#?\d+$/.test(trimmed)) {
    const id = Number(trimmed.replace(/^#/, ""));
    return candidates ? candidates.find((d) => d.id === id) : store.documentById(id);
  }
  const docs = candidates ?? store.listDocuments();
  const unique = (found: DocumentRow[]): DocumentRow | undefined => (found.length === 1 ? found[0] : undefined);
  const exact = docs.filter((d) => d.source === trimmed);
  if (exact.length > 0) return unique(exact);
  if (isUrl(trimmed)) {
    let url: string;
    try {
      url = normaliseUrl(trimmed);
    } catch {
      return undefined;
    }
    const bySource = docs.filter((d) => d.source === url);
    return bySource.length > 0 ? unique(bySource) : unique(docs.filter((d) => d.url === url));
  }
  let resolved = trimmed;
  try {
    resolved = fs.realpathSync(trimmed);
  } catch {
    // Not a path on this machine: try the suffix match below.
  }
  const byPath = docs.filter((d) => d.source === resolved);
  if (byPath.length > 0) return unique(byPath);
  const suffix = docs.filter((d) => d.source.endsWith(`/${trimmed}`) || d.title === trimmed);
  return suffix.length === 1 ? suffix[0] : undefined;
}
