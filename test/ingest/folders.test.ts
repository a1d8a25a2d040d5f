// Folders and batches: recursion with include/exclude globs, symlink loops and unreadable files
// reported without stopping the batch, and near-duplicate documents detected at ingest.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { PDFDocument, StandardFonts } from "pdf-lib";
import { describe, expect, it } from "vitest";
import { ingestPaths, ingestSources } from "../../src/ingest/ingest.js";
import { Store } from "../../src/store/store.js";
import { askIn } from "../helpers/engine.js";
import { tempDir } from "../helpers/temp.js";

const LIMIT = { maxFileBytes: 10 * 1024 * 1024 };
const isRoot = process.getuid?.() === 0;

function write(root: string, file: string, text: string): string {
  const full = path.join(root, file);
  fs.mkdirSync(path.dirname(full), { recursive: true });
  fs.writeFileSync(full, text);
  return full;
}

const names = (list: { path: string }[]): string[] => list.map((item) => path.basename(item.path)).sort();

/** A folder tree with documents, an unsupported file, symlink loops, a FIFO and an unreadable file. */
function messyTree(): string {
  const root = tempDir("docqa-tree-");
  write(root, "alpha.txt", "The harbour handled 7,310 ships in 2021, most of them container vessels from Asia.");
  write(root, "sub/beta.md", "# Parks\n\nThe city planted 12,400 trees along the river and opened three new parks.");
  write(
    root,
    "sub/deep/gamma.html",
    "<html><head><title>Schools</title></head><body><p>Forty-one schools installed solar panels, saving 2.1 GWh a year.</p></body></html>",
  );
  write(root, "drafts/delta.txt", "Draft: the bridge repair budget may reach 88 million, pending council approval next spring.");
  write(root, "photo.png", "not an image");
  fs.symlinkSync("..", path.join(root, "sub/loop")); // sub/loop → root: a cycle
  fs.symlinkSync("self.txt", path.join(root, "self.txt")); // a link to itself
  fs.symlinkSync(path.join(root, "missing.txt"), path.join(root, "dangling.txt"));
  execFileSync("mkfifo", [path.join(root, "pipe.txt")]); // reading it would block forever
  const locked = write(root, "locked.txt", "The archive holds 9,900 maps.");
  fs.chmodSync(locked, 0o000);
  const lockedDir = path.join(root, "private");
  write(root, "private/secret.txt", "Hidden from the ingest by permissions.");
  fs.chmodSync(lockedDir, 0o000);
  return root;
}

describe("folder ingestion", () => {
  it("walks folders recursively and reports symlink loops, FIFOs and unreadable files without stopping", async () => {
    const root = messyTree();
    const dataDir = tempDir();
    const store = Store.open(dataDir);
    const summary = await ingestSources(store, [root], LIMIT);
    expect(names(summary.documents)).toEqual(
      isRoot ? ["alpha.txt", "beta.md", "delta.txt", "gamma.html", "locked.txt", "secret.txt"] : ["alpha.txt", "beta.md", "delta.txt", "gamma.html"],
    );
    const skipped = Object.fromEntries(summary.skipped.map((s) => [path.relative(root, s.path), s.reason]));
    expect(skipped["sub/loop"]).toMatch(/symlink loop/);
    expect(skipped["self.txt"]).toMatch(/symbolic link loop/);
    expect(skipped["dangling.txt"]).toMatch(/broken symbolic link/);
    expect(skipped["photo.png"]).toMatch(/unsupported file type/);
    const failed = Object.fromEntries(summary.failed.map((f) => [path.relative(root, f.path), f.reason]));
    expect(failed["pipe.txt"]).toBe("not a regular file");
    if (!isRoot) {
      // Root reads everything: permissions can only be tested as an ordinary user.
      expect(failed["locked.txt"]).toBe("cannot read the file (EACCES)");
      expect(failed.private).toBe("cannot read the folder (EACCES)");
    }
    for (const item of [...summary.failed, ...summary.skipped]) expect(item.reason).not.toContain("\n");
    const answer = await askIn(dataDir, "How many trees did the city plant?");
    expect(answer.answer).toContain("12,400");
  });

  it("keeps the files that --include matches and drops what --exclude matches (files and folders)", async () => {
    const root = messyTree();
    const dataDir = tempDir();
    const store = Store.open(dataDir);
    const onlyText = await ingestSources(store, [root], { ...LIMIT, include: ["*.md", "*.txt"], exclude: ["drafts/**", "private", "pipe.txt", "locked.txt"] });
    expect(names(onlyText.documents)).toEqual(["alpha.txt", "beta.md"]);
    expect(onlyText.failed).toEqual([]);

    const noDeep = ingestPaths(Store.open(tempDir()), [root], { ...LIMIT, exclude: ["deep", "drafts", "private", "*.png", "pipe.txt", "locked.txt"] });
    expect(names(noDeep.documents)).toEqual(["alpha.txt", "beta.md"]);
    expect(names(noDeep.skipped)).not.toContain("photo.png");

    const html = await ingestSources(Store.open(tempDir()), [root], { ...LIMIT, include: ["sub/**/*.html"] });
    expect(names(html.documents)).toEqual(["gamma.html"]);
  });

  it("ingests a file reached through two symbolic links once", async () => {
    const root = tempDir();
    const file = write(root, "docs/report.txt", "The orchestra gave 64 concerts and sold 51,000 tickets during the season.");
    fs.symlinkSync(file, path.join(root, "docs/alias.txt"));
    const summary = await ingestSources(Store.open(tempDir()), [path.join(root, "docs")], LIMIT);
    expect(summary.added).toBe(1);
    expect(summary.duplicates).toEqual([]);
  });
});

async function reportAsPdf(paragraphs: string[]): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const page = doc.addPage([595, 842]);
  let y = 780;
  for (const text of paragraphs) {
    // Wrap at roughly 80 characters, as a typesetter would.
    const lines = text.match(/.{1,80}(\s|$)/g) ?? [text];
    for (const line of lines) {
      page.drawText(line.trim(), { x: 50, y, size: 11, font });
      y -= 14;
    }
    y -= 12;
  }
  return doc.save();
}

describe("near-duplicate documents", () => {
  const paragraphs = [
    "The museum welcomed 218,000 visitors in 2022, a record for the institution since it reopened after the renovation of the east wing.",
    "School groups accounted for 31% of all visits, and the education team ran 940 workshops for pupils from the whole region during the year.",
    "The new gallery of maritime history opened in May and showed 1,200 objects, many of them lent by families of former dock workers.",
    "Admission stayed free for children under twelve, while the adult ticket price rose from eight to nine euros in September.",
  ];

  it("skips a second copy of the same text and reports it; stores and reports a near copy", async () => {
    const root = tempDir();
    write(root, "a-report.txt", paragraphs.join("\n\n"));
    write(root, "b-copy.txt", paragraphs.join("\n\n"));
    write(root, "c-extended.txt", [...paragraphs, "Volunteers gave 12,000 hours of their time to the museum."].join("\n\n"));
    write(root, "d-other.txt", "The zoo counted 96 species and 1,450 animals at the end of the year, including two new red pandas.");
    const dataDir = tempDir();
    const store = Store.open(dataDir);
    const summary = await ingestSources(store, [root], LIMIT);
    expect(names(summary.documents)).toEqual(["a-report.txt", "c-extended.txt", "d-other.txt"]);
    expect(summary.duplicates).toEqual([
      { path: path.join(root, "b-copy.txt"), of: path.join(root, "a-report.txt"), similarity: 1, stored: false },
      { path: path.join(root, "c-extended.txt"), of: path.join(root, "a-report.txt"), similarity: expect.any(Number), stored: true },
    ]);
    expect(summary.duplicates[1]!.similarity).toBeGreaterThanOrEqual(0.8);
    expect(summary.skipped.find((s) => s.path.endsWith("b-copy.txt"))!.reason).toMatch(/^same text as /);

    // Answers cite the passage once, not once per copy.
    const answer = await askIn(dataDir, "How many visitors did the museum welcome?");
    expect(answer.sources.filter((s) => s.quote.includes("218,000")).length).toBeLessThanOrEqual(2);
    expect(answer.sources.filter((s) => s.source.endsWith("b-copy.txt"))).toEqual([]);

    // A later run, with fingerprints read back from the store, still knows the copy.
    const again = await ingestSources(store, [path.join(root, "b-copy.txt")], LIMIT);
    expect(again.duplicates).toHaveLength(1);
  });

  it("recognises a web page and its PDF as the same document", async () => {
    const root = tempDir();
    write(root, "museum.html", `<html><head><title>Museum report</title></head><body>${paragraphs.map((p) => `<p>${p}</p>`).join("")}</body></html>`);
    fs.writeFileSync(path.join(root, "museum.pdf"), await reportAsPdf(paragraphs));
    const summary = await ingestSources(Store.open(tempDir()), [path.join(root, "museum.html"), path.join(root, "museum.pdf")], LIMIT);
    expect(summary.duplicates).toHaveLength(1);
    expect(summary.duplicates[0]).toMatchObject({ path: path.join(root, "museum.pdf"), of: path.join(root, "museum.html") });
    expect(summary.duplicates[0]!.similarity).toBeGreaterThanOrEqual(0.8);
  });
});
