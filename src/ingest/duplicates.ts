// Near-duplicate documents: each document gets a fingerprint of its chunks — an exact key (the
// same text under the same headings) and a bottom-k MinHash sketch of its 5-token shingles, for
// estimating Jaccard similarity. Fingerprints of stored documents are cached in the store's
// meta table (computed from their chunks the first time they are needed). Only documents the
// target collection can see are compared: a chat's copy of a report is no duplicate of another
// chat's, but the shared library's copy already serves every chat.
import crypto from "node:crypto";
import type { CollectionId, Store } from "../store/store.js";

/** What is compared: the chunks of a document, as stored. */
export interface FingerprintInput {
  headingPath: readonly string[];
  text: string;
}

export interface Fingerprint {
  /** Equal keys mean the same text under the same headings. */
  exact: string;
  /** The k smallest shingle hashes, ascending. */
  sketch: Uint32Array;
  shingles: number;
}

export interface DuplicateMatch {
  documentId: number;
  source: string;
  title: string;
  /** Estimated Jaccard similarity of the shingle sets (1 for exact duplicates). */
  similarity: number;
  exact: boolean;
}

const SKETCH_SIZE = 128;
const SHINGLE = 5;
/** Estimated Jaccard similarity from which two documents count as near-duplicates. */
export const NEAR_DUPLICATE_SIMILARITY = 0.8;
// Below this many shingles a sketch says little; only exact duplicates are reported.
const MIN_SHINGLES = 20;
const META_PREFIX = "fingerprint:";
const TOKEN = /\p{Script=Han}|[\p{L}\p{N}]+/gu;

function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  // A final avalanche, so that near-identical shingles spread over the whole range.
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  return hash >>> 0;
}

/** The fingerprint of a document's chunks (order matters for the exact key only). */
export function fingerprint(chunks: readonly FingerprintInput[]): Fingerprint {
  const exact = crypto.createHash("sha256");
  for (const c of chunks) exact.update(`${c.headingPath.join("\u0001")}\u0002${c.text}\u0003`);
  const hashes = new Set<number>();
  for (const c of chunks) {
    const tokens = c.text.normalize("NFKC").toLowerCase().match(TOKEN) ?? [];
    if (tokens.length < SHINGLE) {
      if (tokens.length > 0) hashes.add(fnv1a(tokens.join("\u0001")));
      continue;
    }
    for (let i = 0; i + SHINGLE <= tokens.length; i++) hashes.add(fnv1a(tokens.slice(i, i + SHINGLE).join("\u0001")));
  }
  const sorted = Uint32Array.from(hashes).sort();
  return { exact: exact.digest("hex"), sketch: sorted.slice(0, SKETCH_SIZE), shingles: hashes.size };
}

/** Estimated Jaccard similarity of two documents from their bottom-k sketches. */
export function similarity(a: Uint32Array, b: Uint32Array): number {
  const k = Math.min(SKETCH_SIZE, new Set([...a, ...b]).size);
  if (k === 0) return 0;
  // The k smallest hashes of the union: the share present in both estimates |A ∩ B| / |A ∪ B|.
  let i = 0;
  let j = 0;
  let taken = 0;
  let shared = 0;
  while (taken < k && (i < a.length || j < b.length)) {
    const x = i < a.length ? a[i]! : Infinity;
    const y = j < b.length ? b[j]! : Infinity;
    if (x === y) {
      shared++;
      i++;
      j++;
    } else if (x < y) i++;
    else j++;
    taken++;
  }
  return shared / taken;
}

function encode(fp: Fingerprint, contentHash: string): string {
  return JSON.stringify({
    h: contentHash,
    e: fp.exact,
    n: fp.shingles,
    s: Buffer.from(fp.sketch.buffer, fp.sketch.byteOffset, fp.sketch.byteLength).toString("base64"),
  });
}

function decode(raw: string, contentHash: string): Fingerprint | undefined {
  try {
    const v = JSON.parse(raw) as { h: string; e: string; n: number; s: string };
    if (v.h !== contentHash) return undefined;
    const bytes = Buffer.from(v.s, "base64");
    const sketch = new Uint32Array(bytes.byteLength / 4);
    new Uint8Array(sketch.buffer).set(bytes);
    return { exact: v.e, sketch, shingles: v.n };
  } catch {
    return undefined;
  }
}

// A near-duplicate (estimated similarity ≥ NEAR_DUPLICATE_SIMILARITY) differs from the new
// sketch in at most ⌊(1 − 0.8) · 128⌋ = 25 of the first k hashes of the merged sketches, and
// those first k include the other sketch's smallest values. So it shares at least one of its
// INDEXED_VALUES smallest hashes with the new sketch: indexing that many values per document
// finds every near-duplicate without comparing against all stored documents (which made ingest
// quadratic: 73 % of the time at 2,600 documents).
const INDEXED_VALUES = Math.ceil((1 - NEAR_DUPLICATE_SIMILARITY) * SKETCH_SIZE) + 2;

interface KnownDocument {
  source: string;
  /** In the collection being written to (so the same source is an earlier version of itself). */
  own: boolean;
  title: string;
  fp: Fingerprint;
  /** Insertion order: ties go to the document met first, as a scan in insertion order would. */
  seq: number;
}

/** Finds stored documents that a new document duplicates; fingerprints are cached per document. */
export class DuplicateFinder {
  private readonly known = new Map<number, KnownDocument>();
  private readonly bySource = new Map<string, number>();
  private readonly byExact = new Map<string, Set<number>>();
  /** Smallest sketch hashes of each document (with enough shingles) → documents holding them. */
  private readonly byHash = new Map<number, number | number[]>();
  private seq = 0;
  private loaded = false;

  /** A finder for documents written to `collection` (default: the shared library). */
  constructor(
    private readonly store: Store,
    private readonly collection: CollectionId = null,
  ) {}

  private load(): void {
    if (this.loaded) return;
    this.loaded = true;
    for (const doc of this.store.documentsVisibleTo(this.collection)) {
      const key = `${META_PREFIX}${doc.id}`;
      let fp = decode(this.store.getMeta(key) ?? "", doc.contentHash);
      if (!fp) {
        fp = fingerprint(this.store.chunksOfDocument(doc.id));
        this.store.setMeta(key, encode(fp, doc.contentHash));
      }
      this.remember(doc.id, doc.source, doc.title, fp, doc.chatId === this.collection);
    }
  }

  /** The stored document (other than `source` itself) that this fingerprint duplicates most closely. */
  find(source: string, fp: Fingerprint): DuplicateMatch | undefined {
    this.load();
    let exact: [number, KnownDocument] | undefined;
    for (const id of this.byExact.get(fp.exact) ?? []) {
      const doc = this.known.get(id)!;
      if (!(doc.own && doc.source === source) && (!exact || doc.seq < exact[1].seq)) exact = [id, doc];
    }
    if (exact) return { documentId: exact[0], source: exact[1].source, title: exact[1].title, similarity: 1, exact: true };
    if (fp.shingles < MIN_SHINGLES) return undefined;
    const candidates = new Set<number>();
    for (const hash of fp.sketch) {
      const ids = this.byHash.get(hash);
      if (ids === undefined) continue;
      if (typeof ids === "number") candidates.add(ids);
      else for (const id of ids) candidates.add(id);
    }
    let best: (DuplicateMatch & { seq: number }) | undefined;
    for (const documentId of candidates) {
      const doc = this.known.get(documentId)!;
      if (doc.own && doc.source === source) continue;
      const s = similarity(fp.sketch, doc.fp.sketch);
      if (s < NEAR_DUPLICATE_SIMILARITY) continue;
      if (!best || s > best.similarity || (s === best.similarity && doc.seq < best.seq)) {
        best = { documentId, source: doc.source, title: doc.title, similarity: s, exact: false, seq: doc.seq };
      }
    }
    if (!best) return undefined;
    const { seq: _seq, ...match } = best;
    return match;
  }

  /** Records a document just stored (replacing any earlier version of the same source). */
  add(documentId: number, source: string, title: string, contentHash: string, fp: Fingerprint): void {
    this.load();
    const previous = this.bySource.get(source);
    if (previous !== undefined) this.forget(previous);
    this.remember(documentId, source, title, fp, true);
    this.store.setMeta(`${META_PREFIX}${documentId}`, encode(fp, contentHash));
  }

  /** Forgets a removed document. */
  forget(documentId: number): void {
    const doc = this.known.get(documentId);
    if (!doc) return;
    this.known.delete(documentId);
    if (doc.own && this.bySource.get(doc.source) === documentId) this.bySource.delete(doc.source);
    const sameText = this.byExact.get(doc.fp.exact);
    sameText?.delete(documentId);
    if (sameText?.size === 0) this.byExact.delete(doc.fp.exact);
    for (const hash of this.indexedHashes(doc.fp)) {
      const ids = this.byHash.get(hash);
      if (ids === undefined) continue;
      if (typeof ids === "number") {
        if (ids === documentId) this.byHash.delete(hash);
        continue;
      }
      const rest = ids.filter((id) => id !== documentId);
      if (rest.length === 0) this.byHash.delete(hash);
      else this.byHash.set(hash, rest.length === 1 ? rest[0]! : rest);
    }
  }

  private remember(documentId: number, source: string, title: string, fp: Fingerprint, own: boolean): void {
    if (this.known.has(documentId)) this.forget(documentId);
    this.known.set(documentId, { source, own, title, fp, seq: this.seq++ });
    if (own) this.bySource.set(source, documentId);
    const sameText = this.byExact.get(fp.exact);
    if (sameText) sameText.add(documentId);
    else this.byExact.set(fp.exact, new Set([documentId]));
    for (const hash of this.indexedHashes(fp)) {
      // Most hashes belong to one document: a bare number saves an array per entry.
      const ids = this.byHash.get(hash);
      if (ids === undefined) this.byHash.set(hash, documentId);
      else if (typeof ids === "number") this.byHash.set(hash, [ids, documentId]);
      else ids.push(documentId);
    }
  }

  /** The hashes a document is indexed under: none when it is too short for near-duplicate checks. */
  private indexedHashes(fp: Fingerprint): Uint32Array {
    return fp.shingles < MIN_SHINGLES ? new Uint32Array(0) : fp.sketch.subarray(0, INDEXED_VALUES);
  }
}
