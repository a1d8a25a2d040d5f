// Bytes → text: byte-order marks, the charset a page declares, then detection among UTF-8,
// UTF-16, GB18030/GBK and Big5. Binary files are refused with a one-line reason.
import chardet from "chardet";
import { UserError } from "../errors.js";

export interface Decoded {
  text: string;
  encoding: string;
}

const CANDIDATES = ["utf-8", "gb18030", "big5", "utf-16le", "utf-16be", "shift_jis", "euc-kr", "windows-1252"];

/** The WHATWG label a browser would use for a declared charset, if Node can decode it. */
export function normaliseCharset(label: string | undefined): string | undefined {
  if (!label) return undefined;
  const cleaned = label
    .trim()
    .toLowerCase()
    .replace(/^["']|["']$/g, "");
  // Browsers treat gb2312 and gbk as gb18030's subset; decoding with gb18030 is always safe.
  const alias = ["gb2312", "gbk", "x-gbk", "gb_2312-80", "csgb2312", "chinese", "gb18030"].includes(cleaned) ? "gb18030" : cleaned;
  try {
    return new TextDecoder(alias).encoding;
  } catch {
    return undefined;
  }
}

/** The charset a HTML document declares in its first 1024 bytes (<meta charset> or http-equiv). */
export function declaredHtmlCharset(bytes: Uint8Array): string | undefined {
  const head = Buffer.from(bytes.subarray(0, 1024)).toString("latin1");
  const meta = /<meta[^>]+charset\s*=\s*["']?\s*([\w:.-]+)/i.exec(head);
  return normaliseCharset(meta?.[1]);
}

function decodeStrict(bytes: Uint8Array, encoding: string): string | undefined {
  try {
    return new TextDecoder(encoding, { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
}

function looksLikeUtf16(bytes: Uint8Array): "utf-16le" | "utf-16be" | undefined {
  const n = Math.min(bytes.length, 4096) & ~1;
  if (n < 4) return undefined;
  let evenZeros = 0;
  let oddZeros = 0;
  for (let i = 0; i < n; i += 2) {
    if (bytes[i] === 0) evenZeros++;
    if (bytes[i + 1] === 0) oddZeros++;
  }
  const pairs = n / 2;
  if (oddZeros / pairs > 0.3 && evenZeros / pairs < 0.05) return "utf-16le";
  if (evenZeros / pairs > 0.3 && oddZeros / pairs < 0.05) return "utf-16be";
  return undefined;
}

/** Share of characters that are control characters or U+FFFD: high means binary or wrong encoding. */
export function garbageRatio(text: string): number {
  if (text.length === 0) return 0;
  let bad = 0;
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    if (code === 0xfffd || (code < 32 && code !== 9 && code !== 10 && code !== 13) || (code >= 0x7f && code < 0xa0)) bad++;
  }
  return bad / text.length;
}

/**
 * The text of bytes that are UTF-8 except for a few corrupt sequences: many well-formed multi-byte
 * characters and at most a handful of replacements. Other encodings (GBK, Big5, Latin-1) almost
 * never form valid multi-byte UTF-8 sequences, so they fail this test and go to detection.
 */
export function repairedUtf8(bytes: Uint8Array): string | undefined {
  const text = new TextDecoder("utf-8").decode(bytes);
  let replaced = 0;
  let multibyte = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 0xfffd) replaced++;
    else if (code >= 0x80) multibyte++;
  }
  return replaced > 0 && multibyte >= 20 * replaced && garbageRatio(text) < 0.01 ? text : undefined;
}

/** Decodes file bytes to text; `declared` is a charset from HTTP headers or <meta>, tried first. */
export function decodeBytes(bytes: Uint8Array, declared?: string): Decoded {
  if (bytes.length === 0) throw new UserError("the file is empty");
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { text: new TextDecoder("utf-8").decode(bytes.subarray(3)), encoding: "utf-8" };
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { text: new TextDecoder("utf-16le").decode(bytes.subarray(2)), encoding: "utf-16le" };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { text: new TextDecoder("utf-16be").decode(bytes.subarray(2)), encoding: "utf-16be" };
  const utf16 = looksLikeUtf16(bytes);
  if (utf16) return { text: new TextDecoder(utf16).decode(bytes), encoding: utf16 };
  if (bytes.subarray(0, 8192).includes(0)) throw new UserError("this looks like a binary file, not text");

  const utf8 = decodeStrict(bytes, "utf-8");
  if (utf8 !== undefined) return { text: utf8, encoding: "utf-8" };
  // A UTF-8 file with a few corrupt bytes must not go to the candidates below: single-byte
  // encodings (koi8-r, windows-1252) decode any bytes, and would turn all of it into mojibake.
  const mostlyUtf8 = repairedUtf8(bytes);
  if (mostlyUtf8 !== undefined) return { text: mostlyUtf8, encoding: "utf-8 (repaired)" };

  const tried = new Set<string>();
  const attempts: string[] = [];
  const declaredEncoding = normaliseCharset(declared);
  if (declaredEncoding) attempts.push(declaredEncoding);
  for (const match of chardet.analyse(bytes)) {
    const enc = normaliseCharset(match.name);
    if (enc && match.confidence >= 10) attempts.push(enc);
  }
  attempts.push(...CANDIDATES);
  for (const encoding of attempts) {
    if (tried.has(encoding)) continue;
    tried.add(encoding);
    const text = decodeStrict(bytes, encoding);
    if (text !== undefined && garbageRatio(text) < 0.01) return { text, encoding };
  }
  // Nothing decodes cleanly: take UTF-8 with replacement characters if the damage is small
  // (a few corrupt bytes in an otherwise good file), else give up.
  const lossy = new TextDecoder("utf-8").decode(bytes);
  if (garbageRatio(lossy) < 0.02) return { text: lossy, encoding: "utf-8 (repaired)" };
  throw new UserError("cannot decode the file as text (unknown encoding or binary data)");
}
