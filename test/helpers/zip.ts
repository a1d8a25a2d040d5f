// Zip archives written by hand, so tests control every size they declare: honest entries,
// lying ones and zip bombs, for the Word loader and the hostile-input tests.
import zlib from "node:zlib";

/** One file of a zip archive. */
export interface ZipFile {
  name: string;
  /** Deflated (method 8) or stored (method 0) bytes, as written. */
  data: Buffer;
  method: 0 | 8;
  crc: number;
  /** The uncompressed size the archive claims (may be a lie). */
  declaredSize: number;
}

/** A stored or deflated zip entry that tells the truth about its size. */
export function zipEntry(name: string, content: Buffer | string, method: 0 | 8 = 8): ZipFile {
  const raw = typeof content === "string" ? Buffer.from(content, "utf8") : content;
  return { name, data: method === 8 ? zlib.deflateRawSync(raw) : raw, method, crc: zlib.crc32(raw), declaredSize: raw.length };
}

/** A deflated entry of `bytes` zero bytes, produced in slices so the test never holds them all. */
export async function zeroEntry(name: string, bytes: number): Promise<ZipFile> {
  const deflate = zlib.createDeflateRaw({ level: 9 });
  const out: Buffer[] = [];
  deflate.on("data", (chunk: Buffer) => out.push(chunk));
  const slice = Buffer.alloc(1024 * 1024);
  let crc = 0;
  for (let written = 0; written < bytes; written += slice.length) {
    const part = slice.subarray(0, Math.min(slice.length, bytes - written));
    crc = zlib.crc32(part, crc);
    if (!deflate.write(part)) await new Promise((resolve) => deflate.once("drain", resolve));
  }
  await new Promise((resolve) => deflate.end(resolve));
  return { name, data: Buffer.concat(out), method: 8, crc, declaredSize: bytes };
}

/** Writes a zip archive: local headers and data, central directory, end record. */
export function zipArchive(files: readonly ZipFile[]): Buffer {
  const parts: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const file of files) {
    const name = Buffer.from(file.name, "utf8");
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(file.method, 8);
    local.writeUInt32LE(file.crc >>> 0, 14);
    local.writeUInt32LE(file.data.length, 18);
    local.writeUInt32LE(file.declaredSize, 22);
    local.writeUInt16LE(name.length, 26);
    parts.push(local, name, file.data);
    const entry = Buffer.alloc(46);
    entry.writeUInt32LE(0x02014b50, 0);
    entry.writeUInt16LE(20, 4);
    entry.writeUInt16LE(20, 6);
    entry.writeUInt16LE(file.method, 10);
    entry.writeUInt32LE(file.crc >>> 0, 16);
    entry.writeUInt32LE(file.data.length, 20);
    entry.writeUInt32LE(file.declaredSize, 24);
    entry.writeUInt16LE(name.length, 28);
    entry.writeUInt32LE(offset, 42);
    central.push(entry, name);
    offset += local.length + name.length + file.data.length;
  }
  const directory = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(files.length, 8);
  end.writeUInt16LE(files.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...parts, directory, end]);
}
