// Security of the bot end to end (fake Bot API, real bot and engine). Extends test/bot/admin.test.ts
// (allow-list basics, uploads refused to non-admins, one hostile upload name) and
// test/bot/cli.test.ts (malformed and rejected tokens):
//  - the allow-list holds for every kind of update: messages, commands (/sources would list the
//    collection), uploads, inline queries (first page and later pages), buttons, chosen results;
//  - admin commands and uploads are for ADMIN_USER_IDS only, in private chats and in groups;
//  - the token is never printed: a handler that throws it, failed getFile and downloads, webhook
//    requests with a bad secret or a broken body, and `npm start` against an unreachable API root
//    or with a bad WEBHOOK_SECRET (child processes, stdout and stderr captured);
//  - uploads with hostile file names land under generated names inside DATA_DIR/uploads;
//  - with allow-lists, every inline answer is personal (never cached for other users).
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Message } from "grammy/types";
import { translator } from "../../src/bot/i18n.js";
import { RATE_LIMITS } from "../../src/bot/middleware/ratelimit.js";
import { freePort } from "../../src/embed/local-server.js";
import { FakeBotApi, type ApiCall } from "../bot/fake-bot-api.js";
import { ADMIN_ID, REPO_ROOT, sentTo, startHarness, type Harness } from "../bot/harness.js";
import { tempDir } from "../helpers/temp.js";

const QUESTION = "2019年学前教育三年毛入园率的目标是多少？";
// Allowed users; each test uses its own, so the per-user rate limit never mixes tests up.
const FRIEND = 7101;
const MEMBER = 7103;
const ASKER = 7104;
const STRANGER = 7102;
const LISTED_GROUP = -710100;
const OTHER_GROUP = -710200;

const consoleOutput: string[] = [];
const NOT_ADMIN_UPLOAD_TEXT = translator("en")("not-admin-upload");
/** The refusal a stranger gets, in the language of their question (simplified Chinese). */
const NOT_ALLOWED_TEXT = translator("zh-Hans")("not-allowed");
let h: Harness;

beforeAll(async () => {
  for (const method of ["log", "error", "warn", "info", "debug"] as const) {
    const original = console[method].bind(console);
    vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
      const line = args.map(String).join(" ");
      consoleOutput.push(line);
      // Our own test reports still reach the terminal.
      if (line.startsWith("[")) original(...args);
    });
  }
  h = await startHarness({ ALLOWED_USER_IDS: [FRIEND, MEMBER, ASKER].join(","), ALLOWED_CHAT_IDS: String(LISTED_GROUP) });
});

afterAll(async () => {
  await h?.stop();
  vi.restoreAllMocks();
});

function lastSeq(): number {
  return h.api.calls.reduce((max, c) => Math.max(max, c.seq), 0);
}

/** Everything the bot wrote anywhere: logs, console, and every API call's parameters. */
function everythingWritten(): string {
  return [...h.logs, ...consoleOutput, ...h.api.calls.map((c) => JSON.stringify(c.params))].join("\n");
}

function expectNoToken(text: string, token = h.api.token): void {
  expect(text).not.toContain(token);
  expect(text).not.toContain(token.split(":")[1]);
}

describe("the allow-list holds for every kind of update", () => {
  it("gives a stranger nothing but one polite refusal, whatever they send", async () => {
    const stranger = h.api.user(STRANGER);
    const since = lastSeq();
    h.api.userMessage(stranger, QUESTION);
    await h.api.waitFor((c) => sentTo(STRANGER)(c) && c.seq > since);
    for (const text of ["/sources", "/start", "/help", "/stats", "/forget 1", `/ask ${QUESTION}`]) h.api.userMessage(stranger, text);
    h.api.userDocument(stranger, "notes.md", "# 笔记\n\n一些内容。");
    const inlineFirst = h.api.inlineQuery(stranger, QUESTION);
    const inlineLater = h.api.inlineQuery(stranger, QUESTION, "1");
    const friendAnswer = await (async () => {
      const s = lastSeq();
      h.api.userMessage(h.api.user(FRIEND), QUESTION);
      return h.api.waitFor((c) => sentTo(FRIEND)(c) && c.seq > s && c.params.reply_markup !== undefined);
    })();
    // The stranger presses buttons under an answer they were shown (say, forwarded to them).
    const forged = { ...(friendAnswer.result as Message), chat: (friendAnswer.result as Message).chat };
    const presses = ["more:abcdefgh:1", "fb:abcdefgh:1", "more:abcdefgh:2:e"].map((data) => h.api.pressButton(stranger, forged, data));
    h.api.pushUpdate({ chosen_inline_result: { result_id: "answer", from: stranger, query: QUESTION } });
    await h.api.settle(500);

    const toStranger = h.api.calls.filter((c) => c.seq > since && c.ok && Number(c.params.chat_id) === STRANGER);
    expect(toStranger.map((c) => c.method)).toEqual(["sendMessage"]);
    expect(toStranger[0]!.params.text).toBe(NOT_ALLOWED_TEXT);
    expect(h.api.calls.filter((c) => c.seq > since && c.method === "getFile")).toEqual([]);
    for (const id of [inlineFirst, inlineLater]) {
      const answer = h.api.calls.find((c) => c.method === "answerInlineQuery" && c.params.inline_query_id === id)!;
      expect(answer.params.results).toEqual([]);
      expect(answer.params.is_personal).toBe(true);
    }
    for (const id of presses) {
      const toast = h.api.calls.find((c) => c.method === "answerCallbackQuery" && c.params.callback_query_id === id)!;
      expect(String(toast.params.text)).toContain("private");
    }
    // No "More sources" page was sent anywhere, no vote stored, nothing counted for the stranger.
    expect(
      h.api.calls.filter(
        (c) => c.seq > friendAnswer.seq && (c.method === "editMessageText" || (c.method === "sendMessage" && String(c.params.text).includes("More sources"))),
      ),
    ).toEqual([]);
    expect(h.engine.store.stats().feedbackUp).toBe(0);
  });

  it("stays silent in an unlisted group, even to buttons and mentions", async () => {
    const group = h.api.group(OTHER_GROUP);
    const stranger = h.api.user(STRANGER + 97);
    h.api.userMessage(stranger, `/ask ${QUESTION}`, { chat: group });
    h.api.userMessage(stranger, `@${h.api.me.username} ${QUESTION}`, { chat: group });
    h.api.userMessage(stranger, "/sources", { chat: group });
    await h.api.settle(500);
    expect(h.api.sentMessages(OTHER_GROUP)).toEqual([]);
    expect(h.api.calls.filter((c) => c.method === "sendChatAction" && Number(c.params.chat_id) === OTHER_GROUP)).toEqual([]);
  });
});

describe("admin powers are for ADMIN_USER_IDS only", () => {
  it("refuses /stats, /forget and uploads to allowed users who are not admins, in private and in groups", async () => {
    const friend = h.api.user(MEMBER);
    const group = h.api.group(LISTED_GROUP);
    const documents = h.engine.store.listDocuments().length;
    const since = lastSeq();
    h.api.userMessage(friend, "/stats");
    h.api.userMessage(friend, "/forget 1");
    h.api.userMessage(friend, `/stats@${h.api.me.username}`, { chat: group });
    h.api.userMessage(friend, `/forget@${h.api.me.username} 1`, { chat: group });
    h.api.userDocument(friend, "notes.md", "# 笔记\n\n一些内容。");
    // A non-admin's file in a group is group chatter: no reply, nothing downloaded.
    h.api.userDocument(friend, "group-notes.md", "# 笔记\n\n群里的内容。", { chat: group });
    await h.api.settle(600);
    const replies = h.api.calls.filter((c) => c.seq > since && c.method === "sendMessage" && c.ok).map((c) => String(c.params.text));
    expect(replies.filter((t) => t.includes("for the bot's admins"))).toHaveLength(4);
    expect(replies).toContain(NOT_ADMIN_UPLOAD_TEXT);
    expect(replies.some((t) => t.includes("Documents:"))).toBe(false);
    expect(h.api.calls.filter((c) => c.seq > since && c.method === "getFile")).toEqual([]);
    expect(h.engine.store.listDocuments()).toHaveLength(documents);
  });

  it("lets the admin use them even though the admin is on no allow-list", async () => {
    const since = lastSeq();
    h.api.userMessage(h.api.user(ADMIN_ID), "/stats");
    const stats = await h.api.waitFor((c) => sentTo(ADMIN_ID)(c) && c.seq > since);
    expect(String(stats.params.text)).toContain("Documents:");
  });
});

describe("the token is never printed", () => {
  it("not when a handler throws an error that contains it", async () => {
    const original = h.engine.answer;
    h.engine.answer = async () => {
      throw new Error(`database exploded while calling ${h.api.apiRoot}/bot${h.api.token}/getMe`);
    };
    try {
      const since = lastSeq();
      h.api.userMessage(h.api.user(ASKER), "一个会失败的问题");
      const reply = await h.api.waitFor((c) => sentTo(ASKER)(c) && c.seq > since);
      expect(String(reply.params.text)).toBe(translator("zh-Hans")("answer-failed"));
      const inline = h.api.inlineQuery(h.api.user(ASKER), "另一个会失败的问题");
      await h.api.waitFor((c) => c.method === "answerInlineQuery" && c.params.inline_query_id === inline);
      await h.api.settle(300);
    } finally {
      h.engine.answer = original;
    }
    const failures = h.logs.filter((l) => l.includes("answering failed") || l.includes("inline answer failed"));
    expect(failures.length).toBe(2);
    for (const line of failures) expect(line).toContain("[redacted]");
    expectNoToken(everythingWritten().replace(/"url":"[^"]*"/g, ""));
  });

  it("not when getFile or the download fails", async () => {
    const admin = h.api.user(ADMIN_ID);
    let since = lastSeq();
    h.api.failNext("getFile", 1, { error_code: 400, description: `Bad Request: invalid file_id for bot${h.api.token}` });
    h.api.userDocument(admin, "first.md", "# 第一份\n\n内容。");
    const first = await h.api.waitFor((c) => sentTo(ADMIN_ID)(c) && c.seq > since && String(c.params.text).includes("first.md"));
    expect(String(first.params.text)).toContain("[redacted]");
    since = lastSeq();
    h.api.failDownloadsNext(1);
    h.api.userDocument(admin, "second.md", "# 第二份\n\n内容。");
    const second = await h.api.waitFor((c) => sentTo(ADMIN_ID)(c) && c.seq > since && String(c.params.text).includes("second.md"));
    expect(String(second.params.text)).toMatch(/Telegram refused the download \(HTTP 404\)/);
    await h.api.settle(300);
    expect(h.logs.filter((l) => l.includes("upload failed")).length).toBeGreaterThanOrEqual(2);
    expectNoToken(h.logs.join("\n") + consoleOutput.join("\n") + first.params.text + second.params.text);
    // Nothing half-downloaded is left behind.
    const uploads = path.join(h.dataDir, "uploads");
    if (fs.existsSync(uploads)) expect(fs.readdirSync(uploads).filter((f) => f.includes(".part"))).toEqual([]);
  });

  it("not in webhook mode, for requests with a wrong secret or a broken body", async () => {
    const port = await freePort();
    const secret = "webhook_secret_for_tests-123";
    const hook = await startHarness({ WEBHOOK_URL: `http://127.0.0.1:${port}/hook`, WEBHOOK_SECRET: secret, PORT: String(port) });
    try {
      const post = async (body: string, headerSecret?: string): Promise<{ status: number; text: string }> => {
        const response = await fetch(`http://127.0.0.1:${port}/hook`, {
          method: "POST",
          headers: { "content-type": "application/json", ...(headerSecret ? { "x-telegram-bot-api-secret-token": headerSecret } : {}) },
          body,
        });
        return { status: response.status, text: await response.text() };
      };
      const update = JSON.stringify({ update_id: 1, message: hook.api.userMessage(hook.api.user(9101), QUESTION) });
      const responses = [
        await post(update),
        await post(update, "wrong"),
        await post(update, `${secret}x`),
        await post("{not json", secret),
        await post("[]", secret),
      ];
      expect(responses.slice(0, 3).map((r) => r.status)).toEqual([401, 401, 401]);
      for (const r of responses) {
        expectNoToken(r.text, hook.api.token);
        expect(r.text).not.toContain(secret);
      }
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(hook.api.callsOf("sendMessage")).toEqual([]);
      const written = hook.logs.join("\n") + consoleOutput.join("\n");
      expectNoToken(written, hook.api.token);
      expect(written).not.toContain(secret);
    } finally {
      await hook.stop();
    }
  });

  it("not by `npm start` when the API root is unreachable or WEBHOOK_SECRET is invalid", async () => {
    const dataDir = tempDir("security-cli-");
    const token = "123456789:AAFakeTokenForTestsOnly_abcdefghijk";
    const unreachable = await runBotCli({ BOT_TOKEN: token, BOT_API_ROOT: `http://127.0.0.1:${await freePort()}`, DATA_DIR: dataDir });
    expect(unreachable.code).toBe(2);
    expect(unreachable.stderr.trim().split("\n").at(-1)).toMatch(/^error: could not reach the Telegram Bot API at http:\/\/127\.0\.0\.1:\d+ within 20 s/);
    expectNoToken(unreachable.stdout + unreachable.stderr, token);

    const api = await FakeBotApi.start({ token });
    try {
      const secret = "not a valid secret!";
      const badSecret = await runBotCli({
        BOT_TOKEN: token,
        BOT_API_ROOT: api.apiRoot,
        DATA_DIR: dataDir,
        WEBHOOK_URL: "https://example.org/hook",
        WEBHOOK_SECRET: secret,
        PORT: String(await freePort()),
      });
      expect(badSecret.code).toBe(2);
      expect(badSecret.stderr.trim().split("\n").at(-1)).toMatch(/^error: WEBHOOK_SECRET may contain only/);
      expectNoToken(badSecret.stdout + badSecret.stderr, token);
      expect(badSecret.stdout + badSecret.stderr).not.toContain(secret);
    } finally {
      await api.close();
    }
  });
});

describe("uploads with hostile names", () => {
  it("are stored under generated names inside DATA_DIR/uploads", async () => {
    const admin = h.api.user(ADMIN_ID);
    const names = [
      "../../../../tmp/escape.md",
      "/etc/passwd.txt",
      "C:\\Windows\\System32\\evil.txt",
      "..\\..\\up.md",
      "line\nbreak.md",
      "nul\u0000byte.txt",
      "esc\u001b[31mred.md",
      "rtl\u202Egnp.md",
      `${"很长的名字".repeat(100)}.md`,
      ".md",
      "..md",
    ];
    const uploads = path.join(h.dataDir, "uploads");
    const parentBefore = new Set(fs.readdirSync(path.dirname(h.dataDir)));
    for (const [i, name] of names.entries()) {
      const since = lastSeq();
      h.api.userDocument(admin, name, `# 上传文件${i}\n\n第${i}份上传文件记录了${i * 13 + 7}项数据。\n`);
      const reply = await h.api.waitFor((c) => sentTo(ADMIN_ID)(c) && c.seq > since, 30_000, `the reply to upload ${JSON.stringify(name)}`);
      expect(reply.ok, reply.error).toBe(true);
    }
    const stored = fs.readdirSync(uploads);
    expect(stored.length).toBeGreaterThanOrEqual(names.length - 2);
    // Generated names only; a group's collection has its own folder (chat<id>), named by us too.
    for (const file of stored) expect(file).toMatch(/^upload-[0-9a-f]{16}\.(txt|md|markdown|html|htm|pdf|docx)$|^chat-?\d+$/);
    for (const doc of h.engine.store.listDocuments().filter((d) => d.source.includes(`${path.sep}uploads${path.sep}`))) {
      expect(path.dirname(doc.source)).toBe(doc.chatId === null ? fs.realpathSync(uploads) : fs.realpathSync(path.join(uploads, `chat${doc.chatId}`)));
    }
    // Nothing appeared next to DATA_DIR, nor where the names pointed.
    const parentAfter = fs.readdirSync(path.dirname(h.dataDir)).filter((f) => !parentBefore.has(f) && f.startsWith("docqa-bot-"));
    expect(parentAfter).toEqual([]);
    expect(fs.existsSync("/tmp/escape.md")).toBe(false);
    expect(fs.existsSync(path.join(h.dataDir, "up.md"))).toBe(false);
  });
});

describe("inline answers with allow-lists", () => {
  it("are always personal: answers, later pages, help and rate-limit notices", async () => {
    const friend = h.api.user(FRIEND + 50);
    const locked = await startHarness({ ALLOWED_USER_IDS: String(friend.id) });
    try {
      const ids = [
        locked.api.inlineQuery(friend, QUESTION),
        locked.api.inlineQuery(friend, QUESTION, "1"),
        locked.api.inlineQuery(friend, ""),
        locked.api.inlineQuery(friend, "?!"),
      ];
      for (let i = 0; i < RATE_LIMITS.inlinePerUser.limit + 2; i++) ids.push(locked.api.inlineQuery(friend, `${QUESTION}${i}`));
      const calls: ApiCall[] = await locked.api.waitForCount((c) => c.method === "answerInlineQuery" && c.ok, ids.length, 60_000, "inline answers");
      expect(calls).toHaveLength(ids.length);
      for (const call of calls) {
        expect(call.params.is_personal, JSON.stringify(call.params).slice(0, 200)).toBe(true);
        expect(Number(call.params.cache_time)).toBeLessThanOrEqual(10);
      }
      expect(calls.some((c) => (c.params.results as unknown[]).length > 1)).toBe(true);
    } finally {
      await locked.stop();
    }
  });
});

/** Runs `npm start`'s entry point with a clean environment; debug logging, so every line that could leak is written. */
function runBotCli(env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ["--import", "tsx", "src/cli/bot.ts"], {
    cwd: REPO_ROOT,
    env: {
      PATH: process.env.PATH ?? "",
      HOME: process.env.HOME ?? "",
      DOCS_DIR: path.join(REPO_ROOT, "data/docs"),
      EMBED_MODEL: "none",
      ALLOW_MODEL_DOWNLOAD: "false",
      LOG_LEVEL: "debug",
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const timer = setTimeout(() => child.kill("SIGKILL"), 90_000);
  return new Promise((resolve) =>
    child.once("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    }),
  );
}
