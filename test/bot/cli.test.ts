// `npm start` (src/cli/bot.ts) as a child process: a missing, malformed or rejected BOT_TOKEN
// ends it with one line and exit code 2 (never echoing the token); with a good token it serves
// questions from the fake Bot API and stops cleanly on SIGTERM.
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FakeBotApi } from "./fake-bot-api.js";
import { REPO_ROOT } from "./harness.js";

interface Exit {
  code: number | null;
  stderr: string;
  stdout: string;
}

let dataDir: string;

beforeAll(() => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "docqa-cli-"));
});

afterAll(() => {
  fs.rmSync(dataDir, { recursive: true, force: true });
});

/** Starts the bot CLI; BOT_TOKEN="" (set but empty) keeps a developer's .env from filling it in. */
function startCli(env: Record<string, string>, options: { direct?: boolean } = {}) {
  // `npx tsx` is what `npm start` runs; signals are tested on a single node process (as a
  // service manager would run it), since npx does not pass SIGTERM on to its child.
  const [command, args] = options.direct ? [process.execPath, ["--import", "tsx", "src/cli/bot.ts"]] : ["npx", ["tsx", "src/cli/bot.ts"]];
  const child = spawn(command, args, {
    cwd: REPO_ROOT,
    env: {
      PATH: process.env.PATH ?? "",
      HOME: process.env.HOME ?? "",
      BOT_TOKEN: "",
      DATA_DIR: dataDir,
      EMBED_MODEL: "none",
      ALLOW_MODEL_DOWNLOAD: "false",
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stderr = "";
  let stdout = "";
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  const exited = new Promise<Exit>((resolve) => child.on("exit", (code) => resolve({ code, stderr, stdout })));
  return { child, exited, output: () => stderr };
}

describe("npm start (src/cli/bot.ts)", () => {
  it("exits with one line when BOT_TOKEN is missing", async () => {
    const { code, stderr } = await startCli({}).exited;
    expect(code).toBe(2);
    expect(stderr.trim().split("\n")).toHaveLength(1);
    expect(stderr).toMatch(/^error: BOT_TOKEN is not set/);
  });

  it("exits with one line when BOT_TOKEN is malformed, without repeating it", async () => {
    for (const token of ["12345:short", "not-a-token-at-all-but-quite-long-indeed-yes", "123456789:AAFakeTokenWith spaces_abcdefghijklmno"]) {
      const { code, stderr } = await startCli({ BOT_TOKEN: token }).exited;
      expect(code).toBe(2);
      expect(stderr.trim().split("\n")).toHaveLength(1);
      expect(stderr).toMatch(/^error: BOT_TOKEN is malformed/);
      expect(stderr).not.toContain(token);
    }
  });

  it("exits with one line when Telegram rejects the token", async () => {
    const api = await FakeBotApi.start();
    try {
      const other = "987654321:AAOtherTokenForTestsOnly_abcdefghij";
      const { code, stderr } = await startCli({ BOT_TOKEN: other, BOT_API_ROOT: api.apiRoot, DOCS_DIR: path.join(REPO_ROOT, "data/docs"), LOG_LEVEL: "error" })
        .exited;
      expect(code).toBe(2);
      expect(stderr.trim().split("\n").at(-1)).toMatch(/^error: Telegram rejected BOT_TOKEN/);
      expect(stderr).not.toContain(other.split(":")[1]);
    } finally {
      await api.close();
    }
  });

  it("answers questions and stops cleanly on SIGTERM", async () => {
    const api = await FakeBotApi.start();
    try {
      const run = startCli(
        { BOT_TOKEN: api.token, BOT_API_ROOT: api.apiRoot, DOCS_DIR: path.join(REPO_ROOT, "data/docs"), LOG_LEVEL: "info" },
        { direct: true },
      );
      await api.waitFor((c) => c.method === "getUpdates", 60_000, "the bot to start polling");
      api.userMessage(api.user(8001), "2019年学前教育三年毛入园率的目标是多少？");
      const answer = await api.waitFor((c) => c.method === "sendMessage" && c.ok && c.params.reply_markup !== undefined, 30_000, "the answer");
      expect(String(answer.params.text)).toContain("<b>92.8%</b>");
      run.child.kill("SIGTERM");
      const { code, stderr } = await run.exited;
      expect(code).toBe(0);
      expect(stderr).toContain("bot started");
      expect(stderr).toContain("stopped");
      expect(stderr).not.toContain(api.token.split(":")[1]);
    } finally {
      await api.close();
    }
  });
});
