// Progress displays of the long CLI runs (ingest per document, embedding per chunk): a live
// cli-progress bar with rate and ETA on a terminal, and plain lines (fit for logs and CI)
// everywhere else. One bar helper serves both.
import cliProgress from "cli-progress";
import { printable } from "../errors.js";

type Stream = NodeJS.WriteStream | NodeJS.WritableStream;

/** Where and how to show progress. */
export interface ProgressOptions {
  /** Where to write (default process.stderr). */
  stream?: Stream;
  /** Force the bar (true) or plain lines (false); default: bar when the stream is a TTY. */
  tty?: boolean;
  /** Minimum time between plain rate/ETA lines (ms, default 5000). */
  intervalMs?: number;
}

function formatSeconds(seconds: number): string {
  if (!Number.isFinite(seconds)) return "?";
  if (seconds < 90) return `${Math.round(seconds)} s`;
  if (seconds < 5400) return `${Math.round(seconds / 60)} min`;
  return `${(seconds / 3600).toFixed(1)} h`;
}

/** One line describing progress: count, share, rate and ETA (used by the plain displays). */
export function progressLine(label: string, done: number, total: number, elapsedMs: number): string {
  const rate = elapsedMs > 0 ? (done / elapsedMs) * 1000 : 0;
  const percent = total > 0 ? Math.floor((done / total) * 100) : 100;
  const eta = rate > 0 ? (total - done) / rate : Number.POSITIVE_INFINITY;
  return `${label}: ${done}/${total} (${percent}%), ${rate.toFixed(1)}/s, ETA ${done >= total ? "0 s" : formatSeconds(eta)}`;
}

interface LiveBar {
  /** Shows the bar at done/total (starting it on the first call), with extra payload fields. */
  show(done: number, total: number, payload?: Record<string, string>): void;
  stop(): void;
}

/** A cli-progress bar whose {rate} is computed from the start of the run. */
function liveBar(stream: Stream, format: string, etaBuffer: number): LiveBar {
  const bar = new cliProgress.SingleBar({ stream, format, hideCursor: true, etaBuffer, clearOnComplete: false }, cliProgress.Presets.shades_classic);
  const started = Date.now();
  let begun = false;
  return {
    show(done, total, payload = {}) {
      const values = { rate: ((done / Math.max(1, Date.now() - started)) * 1000).toFixed(1), ...payload };
      if (!begun) {
        bar.start(total, done, values);
        begun = true;
      } else {
        bar.setTotal(total);
        bar.update(done, values);
      }
    },
    stop() {
      if (begun) bar.stop();
      begun = false;
    },
  };
}

function isTty(options: ProgressOptions, stream: Stream): boolean {
  return options.tty ?? Boolean((stream as NodeJS.WriteStream).isTTY);
}

/** Receives progress of a long run and is told when it ends. */
export interface ProgressReporter {
  /** Called with items done so far and the total. */
  onProgress(done: number, total: number): void;
  /** Ends the report (prints the final state). */
  stop(): void;
}

/** A progress reporter for counted work (embedding): a bar on a TTY, otherwise a line every few seconds. */
export function progressReporter(label: string, options: ProgressOptions = {}): ProgressReporter {
  const stream = options.stream ?? process.stderr;
  if (isTty(options, stream)) {
    const bar = liveBar(stream, `${label} [{bar}] {percentage}% | {value}/{total} | {rate}/s | ETA {eta_formatted}`, 50);
    return { onProgress: (done, total) => bar.show(done, total), stop: () => bar.stop() };
  }
  const started = Date.now();
  const intervalMs = options.intervalMs ?? 5000;
  let lastLine = 0;
  let last: { done: number; total: number } | undefined;
  let printedFinal = false;
  return {
    onProgress(done, total) {
      last = { done, total };
      const now = Date.now();
      // A line at most every intervalMs, plus the final one, keeps logs short on long runs.
      if (done >= total || now - lastLine >= intervalMs) {
        lastLine = now;
        printedFinal = done >= total;
        stream.write(`${progressLine(label, done, total, now - started)}\n`);
      }
    },
    stop() {
      if (last && !printedFinal) stream.write(`${progressLine(label, last.done, last.total, Date.now() - started)}\n`);
    },
  };
}

/** One document of an ingest run, done. */
export interface FileEvent {
  index: number;
  total: number;
  path: string;
  outcome: string;
}

/** The per-document progress of an ingest run. */
export interface FileProgress {
  /** The run knows how many documents it will handle. */
  start(total: number): void;
  /** One document is done. */
  file(event: FileEvent): void;
  /** Ends the display; safe to call more than once. */
  stop(): void;
}

function shorten(text: string, max: number): string {
  return text.length <= max ? text : `…${text.slice(text.length - max + 1)}`;
}

/** A per-document progress display for the ingest CLI: a bar with the current file, or one line per document. */
export function fileProgress(options: ProgressOptions = {}): FileProgress {
  const stream = options.stream ?? process.stderr;
  if (isTty(options, stream)) {
    const bar = liveBar(stream, "ingest [{bar}] {percentage}% | {value}/{total} | {rate}/s | ETA {eta_formatted} | {file}", 20);
    let total = 0;
    return {
      start(count) {
        // A single document needs no bar: the summary follows at once.
        if (total > 0 || count < 2) return;
        total = count;
        bar.show(0, total, { file: "" });
      },
      file({ index, path }) {
        if (total > 0) bar.show(index, total, { file: shorten(printable(path), 40) });
      },
      stop() {
        bar.stop();
        total = 0;
      },
    };
  }
  const started = Date.now();
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
