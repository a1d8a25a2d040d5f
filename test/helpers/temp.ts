// Temporary folders and a store built from the bundled corpus, shared by tests.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

/** The repository root. */
export const ROOT = path.resolve(import.meta.dirname, "../..");
/** The bundled sample corpus folder. */
export const DOCS_DIR = path.join(ROOT, "data/docs");
/** The Chinese sample speech. */
export const SAMPLE_SPEECH = path.join(DOCS_DIR, "2019-education-work-conference.txt");

/** A new empty folder under the OS temp dir. */
export function tempDir(prefix = "docqa-"): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** A short Chinese report unrelated to the bundled corpus, for "add a document, then ask" tests. */
export const SUBMARINE_REPORT = [
  "# 潜水艇训练基地2020年度计划",
  "",
  "## 预算",
  "",
  "潜水艇训练基地2020年的年度预算增加了17.5%，主要用于更新声呐设备。",
  "训练基地同时新建了三座维修船坞。",
  "",
].join("\n");
