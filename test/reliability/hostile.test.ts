// Hostile input to `npm run ingest`, as a real child process: random bytes, an empty file, invalid
// UTF-8 inside good text, a "PDF" that is not one, 100,000 nested <div>s, .docx zip bombs (honest
// and lying about their size), a 600 MB sparse file, a named pipe, file names with control
// characters, bidi overrides and backslashes, and symbolic-link loops. Each bad input gets one
// line with a reason, the good ones are stored, nothing prints a stack trace, and the process's
// peak memory stays far below 2 GB.
import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { beforeAll, describe, expect, it } from "vitest";
import { SAMPLE_SPEECH, tempDir } from "../helpers/temp.js";
import { runNodeScript, type ChildResult } from "./helpers.js";
import { zeroEntry, zipArchive, zipEntry } from "../helpers/zip.js";

const GOOD_SENTENCE = "火星基地的氧气储备在2030年达到了42.5%，比上一年提高了三个百分点。";
const DEEP_SENTENCE = "深海观测站记录到的最低水温是1.7摄氏度。";
// Names that are legal on Linux but dangerous to print or to use as paths.
const ODD_NAMES = ["line\nbreak.txt", "esc\u001b[31mred.md", "back\\slash\\name.txt", "rtl\u202Etxt.md", "tab\tand\rcr.txt"];

let docs: string;
let dataDir: string;
let result: ChildResult;

/** The summary line of a file ("failed    path: reason"), by a fragment of its name. */
function lineFor(fragment: string): string | undefined {
  return result.stdout.split("\n").find((line) => /^\s+(added|updated|failed|skipped)\s/.test(line) && line.includes(fragment));
}

beforeAll(async () => {
  docs = tempDir("hostile-docs-");
  dataDir = tempDir("hostile-data-");
  const speech = fs.readFileSync(SAMPLE_SPEECH);

  fs.writeFileSync(path.join(docs, "good.txt"), `# 火星基地报告\n\n${GOOD_SENTENCE}\n\n基地还新建了两座温室。\n`);
  fs.writeFileSync(path.join(docs, "random.txt"), randomBytes(256 * 1024));
  fs.writeFileSync(path.join(docs, "empty.txt"), "");
  // Valid UTF-8 with stray bytes in the middle: repaired, not read as some single-byte encoding.
  const middle = Math.floor(speech.length / 2);
  let cut = middle;
  while ((speech[cut]! & 0xc0) === 0x80) cut++;
  fs.writeFileSync(path.join(docs, "bad-utf8.txt"), Buffer.concat([speech.subarray(0, cut), Buffer.from([0xff, 0xc3, 0x28, 0x80]), speech.subarray(cut)]));
  fs.writeFileSync(path.join(docs, "not-a.pdf"), "Hello, I am a plain text file wearing a .pdf extension.\n");
  fs.writeFileSync(path.join(docs, "truncated.pdf"), "%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n<< /Type /Pa");
  const depth = 100_000;
  fs.writeFileSync(
    path.join(docs, "nested.html"),
    `<html><head><title>深层页面</title></head><body>${"<div>".repeat(depth)}<p>${DEEP_SENTENCE}</p>${"</div>".repeat(depth)}</body></html>`,
  );
  // Zip bombs: 256 MB of zeros deflate to about 250 KB. One archive says so; the other claims 1 MB.
  const zeros = await zeroEntry("word/document.xml", 256 * 1024 * 1024);
  const contentTypes = zipEntry("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>');
  fs.writeFileSync(path.join(docs, "bomb.docx"), zipArchive([contentTypes, zeros]));
  fs.writeFileSync(path.join(docs, "lying-bomb.docx"), zipArchive([contentTypes, { ...zeros, declaredSize: 1024 * 1024 }]));
  fs.writeFileSync(path.join(docs, "zip-but-not-word.docx"), zipArchive([zipEntry("hello.txt", "hello")]));
  // 600 MB that cost no disk: refused by its size, never read.
  const huge = fs.openSync(path.join(docs, "huge.txt"), "w");
  fs.ftruncateSync(huge, 600 * 1024 * 1024);
  fs.closeSync(huge);
  // A named pipe: reading it would block forever.
  spawnSync("mkfifo", [path.join(docs, "pipe.txt")]);
  ODD_NAMES.forEach((name, i) =>
    fs.writeFileSync(path.join(docs, name), `# 奇怪的文件名${i}\n\n第${i}号文件记录了${i * 11 + 3}项观测数据，观测持续了${i + 2}年。\n`),
  );
  // Symbolic-link loops: a folder that contains itself, and a link that points to itself.
  fs.mkdirSync(path.join(docs, "loop"));
  fs.symlinkSync("..", path.join(docs, "loop", "parent"));
  fs.symlinkSync("self.txt", path.join(docs, "self.txt"));

  result = await runNodeScript("src/cli/ingest.ts", [docs], { DATA_DIR: dataDir, EMBED_MODEL: "none", LOG_LEVEL: "warn", MAX_FILE_MB: "50" });
  console.log(`[hostile] ingest of ${fs.readdirSync(docs).length} hostile entries: exit ${result.code}, peak RSS ${result.maxRssMb.toFixed(0)} MB`);
}, 180_000);

describe("ingest of hostile files", () => {
  it("finishes the batch, stores the good files, and stays well under 2 GB", () => {
    expect(result.code, result.stderr).toBe(0);
    expect(result.maxRssMb).toBeGreaterThan(0);
    expect(result.maxRssMb).toBeLessThan(1024);
    expect(lineFor("good.txt")).toMatch(/^\s+added\s/);
  });

  it("gives each bad file one line with its reason", () => {
    const expected: [string, RegExp][] = [
      ["random.txt", /failed .*random\.txt: (this looks like a binary file|cannot decode)/],
      ["empty.txt", /failed .*empty\.txt: the file is empty/],
      ["not-a.pdf", /failed .*not-a\.pdf: not a valid PDF/],
      ["truncated.pdf", /failed .*truncated\.pdf: (not a valid PDF|.*no text)/i],
      ["lying-bomb.docx", /failed .*lying-bomb\.docx: refused as a zip bomb/],
      ["bomb.docx", /failed .*\/bomb\.docx: refused as a zip bomb/],
      ["zip-but-not-word.docx", /failed .*zip-but-not-word\.docx: not a Word document/],
      ["huge.txt", /failed .*huge\.txt: the file is 600\.0 MB, over the 50 MB limit/],
      ["pipe.txt", /failed .*pipe\.txt: not a regular file/],
      ["self.txt", /(failed|skipped) .*self\.txt: symbolic link loop/],
      ["parent", /skipped .*loop\/parent: folder already visited \(symlink loop\)/],
    ];
    for (const [name, pattern] of expected) expect(lineFor(name), name).toMatch(pattern);
  });

  it("repairs invalid UTF-8 in good text and reads 100,000 nested <div>s", () => {
    expect(lineFor("bad-utf8.txt")).toMatch(/^\s+added\s/);
    expect(lineFor("nested.html")).toMatch(/^\s+added\s/);
    const db = new Database(path.join(dataDir, "store.sqlite"), { readonly: true });
    try {
      const textOf = (file: string): string =>
        (
          db
            .prepare("SELECT group_concat(c.text, '\n') AS t FROM chunks c JOIN documents d ON d.id = c.document_id WHERE d.source LIKE ?")
            .get(`%/${file}`) as { t: string | null }
        ).t ?? "";
      const repaired = textOf("bad-utf8.txt");
      // The whole speech survives in its own script, with one replacement mark where the bytes were bad.
      expect(repaired).toContain("學前教育三年毛入園率");
      expect(repaired).toContain("92.8%");
      expect(repaired).not.toMatch(/[ÐÑ]{3}|Ã¤|å­/);
      expect(textOf("nested.html")).toContain(DEEP_SENTENCE);
    } finally {
      db.close();
    }
  });

  it("stores files with odd names and prints each of them on one line, escaped", () => {
    for (const [i, name] of ODD_NAMES.entries()) {
      const shown = name.replace(/[\u0000-\u001f\u202e]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, "0")}`);
      expect(result.stdout, name).toContain(shown);
      expect(lineFor(shown), name).toMatch(new RegExp(`^\\s+added .*奇怪的文件名${i}`));
    }
    // Nothing a terminal would interpret: no escape, carriage return or bidi override reaches it.
    expect(result.stdout).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f\u202a-\u202e]/);
    expect(result.stderr).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f\u202a-\u202e]/);
  });

  it("prints no stack trace and no internal error", () => {
    const output = result.stdout + result.stderr;
    expect(output).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m);
    expect(output).not.toContain("internal error");
    expect(output).not.toMatch(/RangeError|Maximum call stack/);
  });
});
