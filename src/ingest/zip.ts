// Safe reading of zip containers (.docx): the central directory is checked before anything is
// inflated — entry count, declared total size and compression ratio — so a zip bomb is refused
// with a one-line reason instead of being unpacked. Entries are then inflated with an output cap
// equal to their declared size, so an archive that lies about its sizes is refused too.
import zlib from "node:zlib";
import { UserError } from "../errors.js";

export interface ZipEntry {
  name: string;
  method: number;
  compressedSize: number;
  uncompressedSize: number;
  localHeaderOffset: number;
}

export interface ZipLimits {
  /** Largest total of declared uncompressed sizes. */
  maxTotalBytes: number;
  /** Largest ratio of uncompressed to compressed bytes, over the archive and per large entry. */
  maxRatio: number;
  maxEntries: number;
}

/** Limits for documents: 200 MB unpacked, 100:1 compression, 10,000 entries. */
export const DEFAULT_ZIP_LIMITS: ZipLimits = { maxTotalBytes: 200 * 1024 * 1024, maxRatio: 100, maxEntries: 10_000 };

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
// Small entries compress absurdly well (a 2 KB run of spaces) without being a threat.
const RATIO_FLOOR_BYTES = 1024 * 1024;

function megabytes(bytes: number): string {
  return `${Math.round(bytes / 1048576)} MB`;
}

/** Reads the central directory of a zip archive; throws UserError when it is not one. */
export function readZipDirectory(bytes: Uint8Array): ZipEntry[] {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // The end-of-central-directory record sits in the last 22 bytes plus a comment of up to 64 KB.
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 65535); i--) {
    if (buf.readUInt32LE(i) === EOCD) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new UserError("not a zip archive");
  const count = buf.readUInt16LE(eocd + 10);
  const size = buf.readUInt32LE(eocd + 12);
  const offset = buf.readUInt32LE(eocd + 16);
  if (count === 0xffff || offset === 0xffffffff) throw new UserError("ZIP64 archives are not supported");
  if (offset + size > buf.length) throw new UserError("damaged zip archive (central directory out of range)");
  const entries: ZipEntry[] = [];
  let at = offset;
  for (let i = 0; i < count; i++) {
    if (at + 46 > buf.length || buf.readUInt32LE(at) !== CENTRAL) throw new UserError("damaged zip archive (bad central directory)");
    const nameLength = buf.readUInt16LE(at + 28);
    const extraLength = buf.readUInt16LE(at + 30);
    const commentLength = buf.readUInt16LE(at + 32);
    entries.push({
      name: buf.toString("utf8", at + 46, at + 46 + nameLength),
      method: buf.readUInt16LE(at + 10),
      compressedSize: buf.readUInt32LE(at + 20),
      uncompressedSize: buf.readUInt32LE(at + 24),
      localHeaderOffset: buf.readUInt32LE(at + 42),
    });
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/** Refuses an archive whose central directory declares too much data or too much compression. */
export function checkZipBomb(entries: readonly ZipEntry[], limits: ZipLimits = DEFAULT_ZIP_LIMITS): void {
  if (entries.length > limits.maxEntries) throw new UserError(`refused as a zip bomb: ${entries.length} entries (limit ${limits.maxEntries})`);
  let total = 0;
  let compressed = 0;
  for (const entry of entries) {
    // 0xFFFFFFFF is a ZIP64 placeholder for "over 4 GB", which no document needs.
    if (entry.uncompressedSize === 0xffffffff) throw new UserError(`refused as a zip bomb: "${entry.name}" declares over 4 GB`);
    total += entry.uncompressedSize;
    compressed += entry.compressedSize;
  }
  if (total > limits.maxTotalBytes) throw new UserError(`refused as a zip bomb: it unpacks to ${megabytes(total)} (limit ${megabytes(limits.maxTotalBytes)})`);
  for (const entry of entries) {
    const ratio = entry.uncompressedSize / Math.max(1, entry.compressedSize);
    if (entry.uncompressedSize > RATIO_FLOOR_BYTES && ratio > limits.maxRatio) {
      throw new UserError(
        `refused as a zip bomb: "${entry.name}" expands ${Math.round(ratio)}:1 to ${megabytes(entry.uncompressedSize)} (limit ${limits.maxRatio}:1)`,
      );
    }
  }
  const ratio = total / Math.max(1, compressed);
  if (total > RATIO_FLOOR_BYTES && ratio > limits.maxRatio)
    throw new UserError(`refused as a zip bomb: compression ratio ${Math.round(ratio)}:1 (limit ${limits.maxRatio}:1)`);
}

/** Inflates one entry, never producing more than its declared size. */
export function readZipEntry(bytes: Uint8Array, entry: ZipEntry): Buffer {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const at = entry.localHeaderOffset;
  if (at + 30 > buf.length || buf.readUInt32LE(at) !== LOCAL) throw new UserError(`damaged zip archive (bad entry "${entry.name}")`);
  const start = at + 30 + buf.readUInt16LE(at + 26) + buf.readUInt16LE(at + 28);
  const data = buf.subarray(start, start + entry.compressedSize);
  if (data.length < entry.compressedSize) throw new UserError(`damaged zip archive (truncated entry "${entry.name}")`);
  if (entry.method === 0) return Buffer.from(data);
  if (entry.method !== 8) throw new UserError(`unsupported zip compression method ${entry.method} in "${entry.name}"`);
  try {
    // One byte of slack: inflating more than declared means the archive lies about its sizes.
    const out = zlib.inflateRawSync(data, { maxOutputLength: Math.max(1, entry.uncompressedSize + 1) });
    if (out.length !== entry.uncompressedSize) throw new UserError(`refused: "${entry.name}" does not match its declared size`);
    return out;
  } catch (error) {
    if (error instanceof UserError) throw error;
    if ((error as NodeJS.ErrnoException).code === "ERR_BUFFER_TOO_LARGE")
      throw new UserError(`refused as a zip bomb: "${entry.name}" inflates beyond its declared size`);
    throw new UserError(`damaged zip archive (cannot inflate "${entry.name}")`);
  }
}

/** Checks every entry's real size against its declaration without keeping the output. */
export function verifyZipEntries(bytes: Uint8Array, entries: readonly ZipEntry[]): void {
  for (const entry of entries) if (!entry.name.endsWith("/")) readZipEntry(bytes, entry);
}
