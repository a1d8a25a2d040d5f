// Progress of an ingest run, per document: on a terminal a cli-progress bar with rate, ETA and
// the current file; elsewhere (logs, CI, pipes) one plain line per document, plus a rate/ETA
// line every few seconds on long runs.
import cliProgress from "cli-progress";
import { progressLine } from "../embed/progress.js";
import { printable } from "../errors.js";

export interface FileEvent {
  index: number;
  total: number;
  path: string;
  outcome: string;
}

export interface FileProgress {
  /** The run knows how many documents it will handle. */
  start(total: number): void;
  /** One document is done. */
  file(event: FileEvent): void;
  /** Ends the display; safe to call more than once. */
  stop(): void;
}

export interface FileProgressOptions {
  stream?: NodeJS.WriteStream | NodeJS.WritableStream;
  /** Force the bar (true) or plain lines (false); default: bar when the stream is a TTY. */
  tty?: boolean;
  /** Minimum time between rate/ETA lines in plain mode (ms, default 5000). */
  intervalMs?: number;
}

function shorten(text: string, max: number): string {
  return text.length <= max ? text : `…${text.slice(text.length - max + 1)}`;
}

/** A per-document progress display for the ingest CLI. */
export function fileProgress(options: FileProgressOptions = {}): FileProgress {
  const stream = options.stream ?? process.stderr;
  const tty = options.tty ?? Boolean((stream as NodeJS.WriteStream).isTTY);
  const started = Date.now();
  if (tty) {
    const bar = new cliProgress.SingleBar(
      {
        stream,
        format: "ingest [{bar}] {percentage}% | {value}/{total} | {rate}/s | ETA {eta_formatted} | {file}",
        hideCursor: true,
        etaBuffer: 20,
        clearOnComplete: false,
      },
      cliProgress.Presets.shades_classic,
    );
    let state: "idle" | "running" | "stopped" = "idle";
    return {
      start(total) {
        // A single document needs no bar: the summary follows at once.
        if (state !== "idle" || total < 2) return;
        bar.start(total, 0, { rate: "0.0", file: "" });
        state = "running";
      },
      file({ index, path }) {
        if (state !== "running") return;
        const rate = ((index / Math.max(1, Date.now() - started)) * 1000).toFixed(1);
        bar.update(index, { rate, file: shorten(printable(path), 40) });
      },
      stop() {
        if (state === "running") bar.stop();
        state = "stopped";
      },
    };
  }
  const intervalMs = options.intervalMs ?? 5000;
  let lastRateLine = Date.now();
  return {
    start() {},
    file({ index, total, path, outcome }) {
      stream.write(`[${index}/${total}] ${printable(outcome).padEnd(9)} ${printable(path)}\n`);
      const now = Date.now();
      if (index < total && now - lastRateLine >= intervalMs) {
        lastRateLine = now;
        stream.write(`${progressLine("ingest", index, total, now - started)}\n`);
      }
    },
    stop() {},
  };
}
