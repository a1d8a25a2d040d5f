// Finding a document from what a person types: an id, a path, a URL or a file name.
import fs from "node:fs";
import { isUrl, normaliseUrl } from "../urls.js";
import type { DocumentRow, Store } from "./store.js";

/**
 * Finds a document by numeric id, source path or URL (also as typed without the trailing slash
 * the store keeps, or as the address a redirect ended at), or a unique suffix of a path.
 */
export function findDocument(store: Store, ref: string): DocumentRow | undefined {
  const trimmed = ref.trim();
  if (/^\d+$/.test(trimmed)) return store.documentById(Number(trimmed));
  const docs = store.listDocuments();
  const exact = docs.find((d) => d.source === trimmed);
  if (exact) return exact;
  if (isUrl(trimmed)) {
    let url: string;
    try {
      url = normaliseUrl(trimmed);
    } catch {
      return undefined;
    }
    return docs.find((d) => d.source === url) ?? docs.find((d) => d.url === url);
  }
  let resolved = trimmed;
  try {
    resolved = fs.realpathSync(trimmed);
  } catch {
    // Not a path on this machine: try the suffix match below.
  }
  const byPath = docs.find((d) => d.source === resolved);
  if (byPath) return byPath;
  const suffix = docs.filter((d) => d.source.endsWith(`/${trimmed}`) || d.title === trimmed);
  return suffix.length === 1 ? suffix[0] : undefined;
}
