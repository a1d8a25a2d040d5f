// The progress displays as a terminal user sees them: a live bar with counts, rate and the
// current file, and as a log reader sees them: one plain line per document.
import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { fileProgress, progressReporter } from "../../src/cli/progress.js";

/** A terminal-like stream that keeps what was written (cursor moves are no-ops). */
function fakeTerminal(): Writable & { text(): string } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      chunks.push(String(chunk));
      done();
    },
  }) as Writable & { text(): string; isTTY: boolean; columns: number; cursorTo(): boolean; clearLine(): boolean; moveCursor(): boolean };
  stream.isTTY = true;
  stream.columns = 200;
  stream.cursorTo = () => true;
  stream.clearLine = () => true;
  stream.moveCursor = () => true;
  stream.text = () => chunks.join("");
  return stream;
}

describe("progress on a terminal", () => {
  it("shows the ingest bar with counts and the current file", () => {
    const stream = fakeTerminal();
    const progress = fileProgress({ stream, tty: true });
    progress.start(3);
    progress.file({ index: 1, total: 3, path: "reports/first.md", outcome: "added" });
    progress.file({ index: 2, total: 3, path: "reports/second.md", outcome: "added" });
    progress.stop();
    expect(stream.text()).toMatch(/ingest \[.*\] \d+% \| 2\/3 \| [\d.]+\/s .*second\.md/);
  });

  it("shows no bar for a single document", () => {
    const stream = fakeTerminal();
    const progress = fileProgress({ stream, tty: true });
    progress.start(1);
    progress.file({ index: 1, total: 1, path: "one.md", outcome: "added" });
    progress.stop();
    expect(stream.text()).toBe("");
  });

  it("shows the embedding bar up to the total", () => {
    const stream = fakeTerminal();
    const reporter = progressReporter("embedding", { stream, tty: true });
    reporter.onProgress(10, 40);
    reporter.onProgress(40, 40);
    reporter.stop();
    expect(stream.text()).toMatch(/embedding \[.*\] 100% \| 40\/40/);
  });
});

describe("progress in a log", () => {
  it("writes one plain line per document", () => {
    const stream = fakeTerminal();
    const progress = fileProgress({ stream, tty: false });
    progress.start(2);
    progress.file({ index: 1, total: 2, path: "a.md", outcome: "added" });
    progress.file({ index: 2, total: 2, path: "b.md", outcome: "unchanged" });
    progress.stop();
    expect(stream.text().trim().split("\n")).toEqual(["[1/2] added     a.md", "[2/2] unchanged b.md"]);
  });
});
