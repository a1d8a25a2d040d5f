// Builds a benchmark corpus of a given size in chunks: the bundled sample documents (which the
// eval questions are about) plus real distractor documents from several streams mixed in fixed
// shares, written as files into a folder for the real ingest pipeline to read. Streams are read
// in a fixed order, so a smaller corpus is a prefix of a larger one and sizes stay comparable.
import fs from "node:fs";
import path from "node:path";
import type { SourceDocument, StreamName } from "./sources.js";

/** Share of the distractor chunks each stream contributes; the last stream absorbs any shortfall. */
export const DEFAULT_MIX: readonly { stream: StreamName; share: number }[] = [
  { stream: "classics", share: 0.05 },
  { stream: "emails", share: 0.3 },
  { stream: "song-ci", share: 0.15 },
  { stream: "song-poems", share: 0.1 },
  { stream: "tang-poems", share: 0.4 },
];

/** What went into one corpus. */
export interface CorpusStats {
  targetChunks: number;
  /** Chunks the ingest pipeline will make of the files (counted with the same clean + chunk code). */
  chunks: number;
  files: number;
  bytes: number;
  /** Characters of text (what "MB of text" refers to: the files' UTF-8 bytes). */
  streams: Record<string, { files: number; chunks: number; bytes: number }>;
  dir: string;
}

export interface BuildOptions {
  targetChunks: number;
  outDir: string;
  /** Folder of the sample documents copied in as they are. */
  sampleDir: string;
  /** Fresh iterators over each stream's documents. */
  streams: Partial<Record<StreamName, () => Iterator<SourceDocument>>>;
  /** Chunks the pipeline makes of a file with this name and content. */
  countChunks: (name: string, bytes: Buffer) => number;
  mix?: readonly { stream: StreamName; share: number }[];
}

/** Writes a corpus of about `targetChunks` chunks into outDir (emptied first) and says what is in it. */
export function buildCorpus(options: BuildOptions): CorpusStats {
  const { outDir, targetChunks } = options;
  fs.rmSync(outDir, { recursive: true, force: true });
  fs.mkdirSync(outDir, { recursive: true });
  const stats: CorpusStats = { targetChunks, chunks: 0, files: 0, bytes: 0, streams: {}, dir: outDir };
  const add = (stream: string, file: string, bytes: Buffer, chunks: number): void => {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, bytes);
    const s = (stats.streams[stream] ??= { files: 0, chunks: 0, bytes: 0 });
    s.files++;
    s.chunks += chunks;
    s.bytes += bytes.length;
    stats.files++;
    stats.chunks += chunks;
    stats.bytes += bytes.length;
  };

  for (const name of fs.readdirSync(options.sampleDir).sort()) {
    const file = path.join(options.sampleDir, name);
    if (!fs.statSync(file).isFile() || name.startsWith(".")) continue;
    const bytes = fs.readFileSync(file);
    add("sample", path.join(outDir, "sample", name), bytes, options.countChunks(name, bytes));
  }

  const mix = options.mix ?? DEFAULT_MIX;
  const distractorTarget = Math.max(0, targetChunks - stats.chunks);
  let carry = 0;
  mix.forEach(({ stream, share }, i) => {
    const last = i === mix.length - 1;
    const quota = last ? distractorTarget - (stats.chunks - (stats.streams.sample?.chunks ?? 0)) : Math.round(distractorTarget * share) + carry;
    const open = options.streams[stream];
    let taken = 0;
    if (open && quota > 0) {
      const it = open();
      while (taken < quota) {
        const next = it.next();
        if (next.done) break;
        const doc = next.value;
        const bytes = Buffer.from(doc.text, "utf8");
        const chunks = options.countChunks(doc.name, bytes);
        if (chunks === 0) continue;
        add(stream, path.join(outDir, stream, doc.name), bytes, chunks);
        taken += chunks;
      }
    }
    // A stream that runs dry hands its remaining share to the next ones.
    carry = Math.max(0, quota - taken);
  });
  return stats;
}
