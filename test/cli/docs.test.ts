// `npm run docs -- list | show | remove`, run as real processes against a DATA_DIR in a temp dir.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ingestSources } from "../../src/ingest/ingest.js";
import { Store } from "../../src/store/store.js";
import { ROOT, SAMPLE_SPEECH, tempDir } from "../helpers/temp.js";

const TSX = path.join(ROOT, "node_modules/.bin/tsx");

function docs(args: string[], dataDir: string) {
  const result = spawnSync(TSX, [path.join(ROOT, "src/cli/docs.ts"), ...args], {
    cwd: ROOT,
    env: { ...process.env, DATA_DIR: dataDir, EMBED_MODEL: "none", LOG_LEVEL: "warn" },
    encoding: "utf8",
    timeout: 60_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe("npm run docs", () => {
  const dataDir = tempDir();
  const folder = tempDir();
  const report = path.join(folder, "museum-report.md");
  fs.writeFileSync(
    report,
    "# Museum report\n\nPublished 3 March 2023\n\n## Visitors\n\nThe museum welcomed 218,000 visitors in 2022, a record since the renovation.\n\n## Staff\n\nThe museum employed 64 people and 120 volunteers, who together guided more than nine hundred school classes through the galleries.",
  );
  fs.copyFileSync(SAMPLE_SPEECH, path.join(folder, "speech.txt"));
  const ready = (async () => {
    const store = Store.open(dataDir);
    await ingestSources(store, [folder], { maxFileBytes: 10 * 1024 * 1024 });
    const ids = Object.fromEntries(store.listDocuments().map((d) => [path.basename(d.source), d.id]));
    store.close();
    return ids;
  })();

  it("lists documents with id, title, language, chunks, date, ingest time and source", async () => {
    const ids = await ready;
    const { code, stdout, stderr } = docs(["list"], dataDir);
    expect(stderr).toBe("");
    expect(code).toBe(0);
    const lines = stdout.trim().split("\n");
    expect(lines[0]).toMatch(/^\s*id\s+title\s+language\s+chunks\s+date\s+ingested at\s+source$/);
    const museum = lines.find((l) => l.includes("Museum report"))!;
    expect(museum).toMatch(
      new RegExp(`^\\s*${ids["museum-report.md"]}\\s+Museum report\\s+en\\s+3\\s+2023-03-03\\s+\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d\\s+.*museum-report\\.md$`),
    );
    expect(lines.find((l) => l.includes("speech.txt"))).toMatch(/zh-Hant/);
    expect(lines.at(-1)).toMatch(/^2 documents, \d+ chunks$/);

    const json = JSON.parse(docs(["list", "--json"], dataDir).stdout) as { id: number; title: string }[];
    expect(json.map((d) => d.title)).toContain("Museum report");
  });

  it("shows one document's chunks with their heading paths", async () => {
    const ids = await ready;
    const { code, stdout } = docs(["show", String(ids["museum-report.md"])], dataDir);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^#\d+ Museum report$/m);
    expect(stdout).toMatch(/^\[\d\] Museum report › Visitors$/m);
    expect(stdout).toContain("The museum welcomed 218,000 visitors in 2022");
    expect(stdout).toMatch(/^\[\d\] Museum report › Staff$/m);
    // The profile: the years the report mentions and the words of its file name.
    expect(stdout).toMatch(/^ {2}years: {5}20(22|23) \(1\), 20(22|23) \(1\)$/m);
    expect(stdout).toMatch(/^ {2}path: {6}museum report$/m);
  });

  it("refuses unknown documents and commands with one line and exit code 2", async () => {
    await ready;
    for (const args of [["show", "999"], ["remove", "nope.txt"], ["frobnicate"], []]) {
      const { code, stderr } = docs(args, dataDir);
      expect(code).toBe(2);
      expect(stderr.trim().split("\n")).toHaveLength(1);
      expect(stderr).toMatch(/^error: /);
    }
  });

  it("removes a document by path (and by id), leaving the others", async () => {
    const ids = await ready;
    const byPath = docs(["remove", report], dataDir);
    expect(byPath.code).toBe(0);
    expect(byPath.stdout).toMatch(new RegExp(`^removed #${ids["museum-report.md"]} Museum report \\(3 chunks;`));
    const byId = docs(["remove", String(ids["speech.txt"])], dataDir);
    expect(byId.code).toBe(0);
    const { stdout } = docs(["list"], dataDir);
    expect(stdout).toMatch(/^No documents yet/);
  });
});
