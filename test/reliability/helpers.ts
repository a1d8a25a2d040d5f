// Helpers of the reliability tests: running a CLI entry point as a child process while measuring
// its peak memory, and writing zip archives byte by byte (to build .docx files that lie).
import { spawn } from "node:child_process";
import path from "node:path";
import zlib from "node:zlib";
import { ROOT } from "../helpers/temp.js";

/** Preloaded into child processes: prints their peak RSS on exit. */
const MAX_RSS_PRELOAD = path.join(ROOT, "test/reliability/max-rss.cjs");

/** What a finished child process left behind. */
export interface ChildResult {
  code: number | null;
  stdout: string;
  stderr: string;
  /** Peak resident memory of the child, in MB (from its own process.resourceUsage()). */
  maxRssMb: number;
}

/** Runs `node --import tsx <script> ...args` from the repo root; stderr without the RSS line. */
export function runNodeScript(script: string, args: readonly string[], env: Record<string, string | undefined>, timeoutMs = 120_000): Promise<ChildResult> {
  const child = spawn(process.execPath, ["--require", MAX_RSS_PRELOAD, "--import", "tsx", path.join(ROOT, script), ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
  return new Promise((resolve) => {
    child.once("close", (code) => {
      clearTimeout(timer);
      const match = /\nmax-rss-kb (\d+)\n/.exec(stderr);
      resolve({ code, stdout, stderr: stderr.replace(/\nmax-rss-kb \d+\n/, ""), maxRssMb: match ? Number(match[1]) / 1024 : Number.NaN });
    });
  });
}

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

/** Values at the given share of a sorted list (0.95 → p95). */
export function percentile(sorted: readonly number[], share: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * share))] ?? 0;
}
