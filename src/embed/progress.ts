// Progress reporting for long embedding runs: a live bar with rate and ETA on a terminal, and
// plain periodic lines (fit for logs and CI) everywhere else.
import cliProgress from "cli-progress";

/** Receives progress of a long run and is told when it ends. */
export interface ProgressReporter {
  /** Called with items done so far and the total. */
  onProgress(done: number, total: number): void;
  /** Ends the report (prints the final state). */
  stop(): void;
}

/** Options of progressReporter. */
export interface ProgressOptions {
  /** Where to write (default process.stderr). */
  stream?: NodeJS.WriteStream | NodeJS.WritableStream;
  /** Force the bar (true) or plain lines (false); default: bar when the stream is a TTY. */
  tty?: boolean;
  /** Minimum time between plain lines (ms, default 5000). */
  intervalMs?: number;
}

function formatSeconds(seconds: number): string {
  if (!Number.isFinite(seconds)) return "?";
  if (seconds < 90) return `${Math.round(seconds)} s`;
  if (seconds < 5400) return `${Math.round(seconds / 60)} min`;
  return `${(seconds / 3600).toFixed(1)} h`;
}

/** One line describing progress: count, share, rate and ETA (used by the plain reporter). */
export function progressLine(label: string, done: number, total: number, elapsedMs: number): string {
  const rate = elapsedMs > 0 ? (done / elapsedMs) * 1000 : 0;
  const percent = total > 0 ? Math.floor((done / total) * 100) : 100;
  const eta = rate > 0 ? (total - done) / rate : Number.POSITIVE_INFINITY;
  return `${label}: ${done}/${total} (${percent}%), ${rate.toFixed(1)}/s, ETA ${done >= total ? "0 s" : formatSeconds(eta)}`;
}

/** A progress reporter: a cli-progress bar on a TTY, otherwise a line every few seconds. */
export function progressReporter(label: string, options: ProgressOptions = {}): ProgressReporter {
  const stream = options.stream ?? process.stderr;
  const tty = options.tty ?? Boolean((stream as NodeJS.WriteStream).isTTY);
  const started = Date.now();
  if (tty) {
    const bar = new cliProgress.SingleBar(
      {
        stream,
        format: `${label} [{bar}] {percentage}% | {value}/{total} | {rate}/s | ETA {eta_formatted}`,
        hideCursor: true,
        etaBuffer: 50,
      },
      cliProgress.Presets.shades_classic,
    );
    let begun = false;
    return {
      onProgress(done, total) {
        const rate = ((done / Math.max(1, Date.now() - started)) * 1000).toFixed(1);
        if (!begun) {
          bar.start(total, done, { rate });
          begun = true;
        } else {
          bar.setTotal(total);
          bar.update(done, { rate });
        }
      },
      stop() {
        if (begun) bar.stop();
      },
    };
  }
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
        stream.write(progressLine(label, done, total, now - started) + "\n");
      }
    },
    stop() {
      if (last && !printedFinal) stream.write(progressLine(label, last.done, last.total, Date.now() - started) + "\n");
    },
  };
}
