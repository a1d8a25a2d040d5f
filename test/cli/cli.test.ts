// The command-line contract: exit codes, one-line errors, and the JSON shape of `ask --json`.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT, tempDir, SAMPLE_SPEECH } from "../helpers/temp.js";

const TSX = path.join(ROOT, "node_modules/.bin/tsx");

function run(script: "ask" | "ingest", args: string[], env: Record<string, string>) {
  const result = spawnSync(TSX, [path.join(ROOT, `src/cli/${script}.ts`), ...args], {
    cwd: ROOT,
    env: { ...process.env, EMBED_MODEL: "none", LOG_LEVEL: "warn", ...env },
    encoding: "utf8",
    timeout: 120_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe("npm run ask", () => {
  const dataDir = tempDir();
  const docsDir = tempDir();
  fs.copyFileSync(SAMPLE_SPEECH, path.join(docsDir, path.basename(SAMPLE_SPEECH)));
  const env = { DATA_DIR: dataDir, DOCS_DIR: docsDir };

  it("builds the index on first use and prints exactly one JSON object", () => {
    const { code, stdout, stderr } = run("ask", ["--json", "2019年学前教育三年毛入园率的目标是多少？"], env);
    expect(code).toBe(0);
    expect(stderr).toMatch(/building/i);
    const answer = JSON.parse(stdout) as Record<string, unknown>;
    expect(Object.keys(answer)).toEqual(expect.arrayContaining(["question", "found", "answer", "sources", "timings_ms"]));
    expect(answer.found).toBe(true);
    expect(answer.answer).toContain("92.8%");
    const sources = answer.sources as Record<string, unknown>[];
    expect(sources[0]).toMatchObject({ n: 1, title: expect.stringContaining("講話"), section: expect.stringContaining("工作重點") });
    expect(sources[0]!.source).toContain("2019-education-work-conference.txt");
    expect(typeof sources[0]!.quote).toBe("string");
    expect(typeof sources[0]!.score).toBe("number");
    expect((answer.timings_ms as { total: number }).total).toBeGreaterThan(0);
    expect(fs.existsSync(path.join(dataDir, "store.sqlite"))).toBe(true);
  });

  it("answers a traditional-Chinese question from the existing index and honours --k", () => {
    const { code, stdout, stderr } = run("ask", ["--json", "--k", "2", "發放鄉村教師補貼多少錢？"], env);
    expect(code).toBe(0);
    expect(stderr).not.toMatch(/building/i);
    const answer = JSON.parse(stdout) as { found: boolean; answer: string; sources: unknown[] };
    expect(answer.answer).toContain("1.44億");
    expect(answer.sources.length).toBeLessThanOrEqual(2);
  });

  it("says plainly when the documents do not answer", () => {
    const { code, stdout } = run("ask", ["--json", "北京明天的天气怎么样？"], env);
    expect(code).toBe(0);
    const answer = JSON.parse(stdout) as { found: boolean; sources: unknown[] };
    expect(answer.found).toBe(false);
    expect(answer.sources).toEqual([]);
  });

  it("prints a readable answer with numbered sources", () => {
    const { code, stdout } = run("ask", ["交流了多少名义务教育学校教师？"], env);
    expect(code).toBe(0);
    expect(stdout).toContain("2697");
    expect(stdout).toMatch(/^\[1\] .+ › .+/m);
  });

  it("rejects a missing question and a bad --k with one line and exit code 2", () => {
    for (const args of [[], ["--k", "zero", "question"]]) {
      const { code, stderr } = run("ask", args, env);
      expect(code).toBe(2);
      expect(stderr.trim().split("\n")).toHaveLength(1);
      expect(stderr).not.toMatch(/\n\s+at /);
    }
  });
});

describe("npm run ingest", () => {
  it("reports a bad file in one line, ingests the rest, and fails only when everything fails", () => {
    const dataDir = tempDir();
    const docs = tempDir();
    fs.copyFileSync(SAMPLE_SPEECH, path.join(docs, "speech.txt"));
    fs.writeFileSync(path.join(docs, "empty.md"), "");
    const batch = run("ingest", [docs], { DATA_DIR: dataDir });
    expect(batch.code).toBe(0);
    expect(batch.stdout).toMatch(/added 1/);
    expect(batch.stdout).toMatch(/failed .*empty\.md: the file is empty/);
    expect(batch.stderr + batch.stdout).not.toMatch(/\n\s+at /);

    const again = run("ingest", [docs], { DATA_DIR: dataDir });
    expect(again.stdout).toMatch(/unchanged 1/);

    const missing = run("ingest", [path.join(docs, "nope.txt")], { DATA_DIR: dataDir });
    expect(missing.code).toBe(2);
    expect(missing.stdout).toMatch(/no such file/);

    const unsupported = path.join(docs, "photo.jpg");
    fs.writeFileSync(unsupported, "jpeg");
    const bad = run("ingest", [unsupported], { DATA_DIR: dataDir });
    expect(bad.code).toBe(2);
    expect(bad.stdout).toMatch(/unsupported file type/);
  });
});
