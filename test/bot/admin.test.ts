// Admin work end to end: an admin adds a document by sending it (then it answers questions about
// it), others are refused, sizes and types are checked before downloading, sent file names
// never become paths, /forget and /stats; long listings split below 4096 characters; the
// allow-list; and command menus registered at start-up without a failure stopping the bot.
import { SUBMARINE_REPORT } from "../helpers/temp.js";
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { translator } from "../../src/bot/i18n.js";

const NOT_ADMIN_UPLOAD_TEXT = translator("en")("not-admin-upload");
/** The refusal a stranger gets, in the language of the question (simplified Chinese here). */
const NOT_ALLOWED_TEXT = translator("zh-Hans")("not-allowed");
import type { ApiCall } from "./fake-bot-api.js";
import { parseTelegramHtml } from "./fake-bot-api.js";
import { ADMIN_ID, sentTo, startHarness, type Harness } from "./harness.js";

const HOSTILE_DOC = `<html><head><title>Evil &lt;b&gt; title <x></title></head><body>
<h1>A &amp; B &lt;unbalanced</h1>
<p>火星基地的氧气储备是42.5%，见 &lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;b&gt;unbalanced 的说明。</p>
</body></html>`;

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
});

afterAll(async () => {
  await h?.stop();
});

async function nextReply(chatId: number, since: number): Promise<ApiCall> {
  return h.api.waitFor((c) => sentTo(chatId)(c) && c.seq > since, 30_000, `a reply in ${chatId}`);
}

function lastSeq(): number {
  return h.api.calls.reduce((max, c) => Math.max(max, c.seq), 0);
}

async function askAs(userId: number, text: string): Promise<ApiCall> {
  const since = lastSeq();
  h.api.userMessage(h.api.user(userId), text);
  return nextReply(userId, since);
}

describe("admin uploads", () => {
  it("ingests a document an admin sends, then answers questions about it", async () => {
    const admin = h.api.user(ADMIN_ID);
    const since = lastSeq();
    h.api.userDocument(admin, "submarine plan.md", SUBMARINE_REPORT, { mimeType: "text/markdown" });
    const summary = await nextReply(ADMIN_ID, since);
    expect(String(summary.params.text)).toContain("✅ Added “submarine plan.md”");
    expect(String(summary.params.text)).toContain("潜水艇训练基地2020年度计划");
    // Stored under a generated name in DATA_DIR/uploads.
    const stored = fs.readdirSync(path.join(h.dataDir, "uploads"));
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatch(/^upload-[0-9a-f]{16}\.md$/);

    const answer = await askAs(ADMIN_ID + 1, "潜水艇训练基地的年度预算增加了多少？");
    expect(String(answer.params.text)).toContain("<b>17.5%</b>");

    // Sending the same file again changes nothing.
    const again = lastSeq();
    h.api.userDocument(admin, "copy.md", SUBMARINE_REPORT);
    expect(String((await nextReply(ADMIN_ID, again)).params.text)).toContain("is already in the shared library");
    expect(fs.readdirSync(path.join(h.dataDir, "uploads"))).toHaveLength(1);
  });

  it("keeps hostile names and contents out of paths and out of the HTML", async () => {
    const admin = h.api.user(ADMIN_ID);
    const since = lastSeq();
    h.api.userDocument(admin, "../../../etc/<b>evil & name.html", HOSTILE_DOC, { mimeType: "text/html" });
    const summary = await nextReply(ADMIN_ID, since);
    expect(summary.ok).toBe(true);
    expect(String(summary.params.text)).toContain("&lt;b&gt;evil &amp; name.html");
    for (const file of fs.readdirSync(path.join(h.dataDir, "uploads"))) expect(file).toMatch(/^upload-[0-9a-f]{16}\.(md|html)$/);
    expect(fs.existsSync(path.join(h.dataDir, "etc"))).toBe(false);

    const answer = await askAs(ADMIN_ID + 2, "火星基地的氧气储备是多少？");
    expect(String(answer.params.text)).toContain("<b>42.5%</b>");
    const refused = h.api.calls.filter((c) => !c.ok && /parse entities/.test(c.error ?? ""));
    expect(refused).toEqual([]);
    expect(parseTelegramHtml(String(answer.params.text)).error).toBeUndefined();
  });

  it("refuses uploads from non-admins without downloading", async () => {
    const user = h.api.user(6001);
    const since = lastSeq();
    h.api.userDocument(user, "notes.txt", "一些内容。");
    const reply = await nextReply(6001, since);
    expect(reply.params.text).toBe(NOT_ADMIN_UPLOAD_TEXT);
    expect(h.api.calls.filter((c) => c.method === "getFile" && c.seq > since)).toEqual([]);
  });

  it("checks type and size before downloading", async () => {
    const admin = h.api.user(ADMIN_ID);
    let since = lastSeq();
    h.api.userDocument(admin, "tool.exe", "MZ");
    expect(String((await nextReply(ADMIN_ID, since)).params.text)).toContain("I can read");
    since = lastSeq();
    h.api.userDocument(admin, "huge.txt", "small really", { declaredSize: 30 * 1024 * 1024 });
    expect(String((await nextReply(ADMIN_ID, since)).params.text)).toMatch(/30\.0 MB; I can take files up to 20\.0 MB/);
    expect(h.api.calls.filter((c) => c.method === "getFile" && c.seq > since)).toEqual([]);
  });

  it("reports a file it cannot read and keeps nothing of it", async () => {
    const admin = h.api.user(ADMIN_ID);
    const before = fs.readdirSync(path.join(h.dataDir, "uploads")).length;
    const since = lastSeq();
    h.api.userDocument(admin, "empty.txt", "   \n");
    const reply = await nextReply(ADMIN_ID, since);
    expect(String(reply.params.text)).toMatch(/^❌ I couldn't add “empty.txt”/);
    expect(fs.readdirSync(path.join(h.dataDir, "uploads")).length).toBe(before);
  });
});

describe("admin commands", () => {
  it("/forget removes a document (and its uploaded file); others may not", async () => {
    const doc = h.engine.store.listDocuments().find((d) => d.title.includes("潜水艇"))!;
    expect(doc).toBeDefined();
    expect(String((await askAs(6002, `/forget ${doc.id}`)).params.text)).toContain("for the bot's admins");
    expect(String((await askAs(ADMIN_ID, `/forget ${doc.id}`)).params.text)).toContain(`Removed #${doc.id}`);
    expect(fs.existsSync(doc.source)).toBe(false);
    expect(String((await askAs(ADMIN_ID, "/forget 99999")).params.text)).toContain("No document in the shared library matches");
    const answer = await askAs(6003, "潜水艇训练基地的年度预算增加了多少？");
    expect(String(answer.params.text)).not.toContain("17.5%");
  });

  it("/stats shows the figures to admins only", async () => {
    const stats = String((await askAs(ADMIN_ID, "/stats")).params.text);
    for (const label of ["Documents:", "Chunks:", "Index size:", "Model:", "Last ingest:", "Questions served:", "Feedback: 👍"]) expect(stats).toContain(label);
    expect(String((await askAs(6004, "/stats")).params.text)).toContain("for the bot's admins");
  });

  it("/start and /help introduce the bot with examples", async () => {
    const start = String((await askAs(6005, "/start")).params.text);
    expect(start).toContain("2019年学前教育三年毛入园率的目标是多少？");
    expect(start).toContain("What is the 2019 target");
    expect(String((await askAs(6005, "/help")).params.text)).not.toContain("/forget");
    expect(String((await askAs(ADMIN_ID, "/help")).params.text)).toContain("/forget");
  });

  it("splits a long /sources listing into messages under 4096 characters", async () => {
    const folder = path.join(h.dataDir, "many");
    fs.mkdirSync(folder);
    for (let i = 0; i < 60; i++) {
      fs.writeFileSync(path.join(folder, `doc-${i}.md`), `# ${"很长的标题 & <tag> ".repeat(10)}${i}\n\n第${i}份文件的内容。\n`);
    }
    await h.engine.ingest([folder]);
    const since = lastSeq();
    h.api.userMessage(h.api.user(6006), "/sources");
    await h.api.waitFor((c) => sentTo(6006)(c) && c.seq > since);
    await h.api.settle();
    const parts = h.api.calls.filter((c) => c.seq > since && c.method === "sendMessage" && Number(c.params.chat_id) === 6006);
    expect(parts.length).toBeGreaterThan(1);
    for (const part of parts) {
      expect(part.ok, part.error).toBe(true);
      expect(parseTelegramHtml(String(part.params.text)).text.length).toBeLessThanOrEqual(4096);
    }
    expect(parts.map((p) => String(p.params.text)).join("\n")).toContain("#");
  });
});

describe("allow-list", () => {
  let locked: Harness;

  beforeAll(async () => {
    locked = await startHarness({ ALLOWED_USER_IDS: "7001", ALLOWED_CHAT_IDS: "-700100" });
  });

  afterAll(async () => {
    await locked?.stop();
  });

  it("serves listed users and chats and politely refuses the rest", async () => {
    const api = locked.api;
    const stranger = api.user(7002);
    api.userMessage(stranger, "2019年学前教育三年毛入园率的目标是多少？");
    api.userMessage(stranger, "还有一个问题");
    const refusal = await api.waitFor(sentTo(7002));
    expect(refusal.params.text).toBe(NOT_ALLOWED_TEXT);

    // A stranger's inline query gets nothing; a listed user's gets personal results.
    const strangerQuery = api.inlineQuery(stranger, "2019年学前教育三年毛入园率的目标是多少？");
    const none = await api.waitFor((c) => c.method === "answerInlineQuery" && c.params.inline_query_id === strangerQuery);
    expect(none.params.results).toEqual([]);
    const friendQuery = api.inlineQuery(api.user(7001), "2019年学前教育三年毛入园率的目标是多少？");
    const some = await api.waitFor((c) => c.method === "answerInlineQuery" && c.params.inline_query_id === friendQuery);
    expect((some.params.results as unknown[]).length).toBeGreaterThan(0);
    expect(some.params.is_personal).toBe(true);

    // Groups: silent in an unlisted group, answering in a listed one.
    const other = api.group(-700200);
    const listed = api.group(-700100);
    api.userMessage(stranger, `/ask 2019年学前教育三年毛入园率的目标是多少？`, { chat: other });
    api.userMessage(stranger, `/ask 2019年学前教育三年毛入园率的目标是多少？`, { chat: listed });
    const answer = await api.waitFor(sentTo(-700100));
    expect(String(answer.params.text)).toContain("92.8%");

    // A stranger's button press in a private chat is answered (so the spinner stops) but does nothing.
    const press = api.pressButton(stranger, api.sentMessages(7002)[0]!, "fb:whatever:1");
    const toast = await api.waitFor((c) => c.method === "answerCallbackQuery" && c.params.callback_query_id === press);
    expect(String(toast.params.text)).toContain("private");

    await api.settle();
    expect(api.sentMessages(7002)).toHaveLength(1);
    expect(api.sentMessages(-700200)).toHaveLength(0);
    expect(locked.engine.store.stats().feedbackUp).toBe(0);
  });

  it("registered the command menus, surviving a failing scope", async () => {
    const calls = await locked.api.waitForCount((c) => c.method === "setMyCommands", 6, 20_000, "setMyCommands calls");
    const scopes = calls.filter((c) => c.ok).map((c) => (c.params.scope as { type: string }).type);
    expect(scopes).toContain("all_private_chats");
    expect(scopes).toContain("all_group_chats");
    expect(calls.some((c) => c.ok && c.params.language_code === "zh")).toBe(true);
    // The admin never opened a chat with this bot: Telegram says "chat not found", the bot goes on.
    expect(calls.some((c) => !c.ok && (c.params.scope as { type: string }).type === "chat")).toBe(true);
    await expect.poll(() => locked.logs.some((l) => l.includes("command menus registered"))).toBe(true);
  });
});
