// Private chats end to end: the real bot and engine against the fake Bot API. Questions in
// simplified and traditional Chinese and in English, "More sources", feedback stored in SQLite,
// hostile text, Telegram errors (429, 403, migration, a failing call), a burst of 60 users,
// rate limiting, and the token never reaching the logs.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { InlineKeyboardMarkup, Message } from "grammy/types";
import { LOCALES, translator } from "../../src/bot/i18n.js";
import type { ApiCall } from "./fake-bot-api.js";
import { parseTelegramHtml } from "./fake-bot-api.js";
import { BRANCH_REPORT } from "./branch-report.js";
import { sentTo, startHarness, type Harness } from "./harness.js";

const FIGURE_QUESTION = "2019年学前教育三年毛入园率的目标是多少？";
const FIGURE_QUESTION_TRADITIONAL = "2019年學前教育三年毛入園率的目標是多少？";
const ENGLISH_QUESTION = "What is the 2019 target for the gross kindergarten enrollment rate?";

/** The rate-limit notice, in whichever language the question was asked. */
const TOO_MANY_TEXTS = LOCALES.map((locale) => translator(locale)("rate-limit"));
let h: Harness;
const consoleOutput: string[] = [];

beforeAll(async () => {
  // grammY's default error handler and the runner print with console.*: catch anything they print.
  for (const method of ["log", "error", "warn", "info", "debug"] as const) {
    vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
      consoleOutput.push(args.map(String).join(" "));
    });
  }
  h = await startHarness();
});

afterAll(async () => {
  await h?.stop();
  vi.restoreAllMocks();
});

function keyboardOf(call: ApiCall): InlineKeyboardMarkup | undefined {
  return call.params.reply_markup as InlineKeyboardMarkup | undefined;
}

function buttonData(call: ApiCall, prefix: string): string | undefined {
  return keyboardOf(call)
    ?.inline_keyboard.flat()
    .map((b) => ("callback_data" in b ? b.callback_data : ""))
    .find((d) => d.startsWith(prefix));
}

/** Sends a question from a fresh user and waits for the answer (the message carrying the buttons). */
async function ask(userId: number, text: string, harness: Harness = h): Promise<{ question: Message; reply: ApiCall }> {
  const user = harness.api.user(userId);
  const question = harness.api.userMessage(user, text);
  const reply = await harness.api.waitFor((c) => sentTo(userId)(c) && keyboardOf(c) !== undefined, 20_000, `the answer to ${userId}`);
  return { question, reply };
}

describe("private chat questions", () => {
  it("answers a simplified Chinese question with the figure in bold and a cited source", async () => {
    const { question, reply } = await ask(2001, FIGURE_QUESTION);
    const text = String(reply.params.text);
    expect(reply.params.parse_mode).toBe("HTML");
    expect(text).toContain("<b>92.8%</b>");
    expect(text).toContain("<b>[1]</b> 教育局局長在2019年全市教育工作會議上的講話");
    expect(text).toMatch(/<blockquote>[^<]*92\.8%[^<]*<\/blockquote>/);
    expect(reply.params.reply_parameters).toMatchObject({ message_id: question.message_id });
    // The user saw "typing…" before the answer.
    const typing = h.api.calls.find((c) => c.method === "sendChatAction" && Number(c.params.chat_id) === 2001);
    expect(typing?.params.action).toBe("typing");
    expect(typing!.seq).toBeLessThan(reply.seq);
    expect(buttonData(reply, "fb:")).toMatch(/^fb:[A-Za-z0-9_-]+:1$/);
    // No padding: only passages that support the answer or bear on the question are cited.
    expect(text).not.toContain("<b>[6]</b>");
  });

  it("answers the same question in traditional Chinese", async () => {
    const { reply } = await ask(2002, FIGURE_QUESTION_TRADITIONAL);
    expect(String(reply.params.text)).toContain("<b>92.8%</b>");
  });

  it("answers an English question from the Chinese document", async () => {
    const { reply } = await ask(2003, ENGLISH_QUESTION);
    expect(String(reply.params.text)).toContain("<b>92.8%</b>");
    expect(String(reply.params.text)).toContain("<b>[1]</b>");
    // Readers of the other language get the key terms explained.
    expect(String(reply.params.text)).toMatch(/<b>Key terms:<\/b>\n• <b>[^<]+<\/b> — /);
  });

  it("admits when the documents don't answer, and points to /sources", async () => {
    const { reply } = await ask(2004, "量子色动力学的渐近自由是谁发现的？");
    expect(String(reply.params.text)).toContain("/sources");
    expect(buttonData(reply, "more:")).toBeUndefined();
  });

  it("counts served questions", () => {
    expect(h.engine.store.stats().questionsServed).toBeGreaterThanOrEqual(4);
  });
});

describe("buttons under an answer", () => {
  let paging: Harness;
  beforeAll(async () => {
    paging = await startHarness({}, { docs: { "branches.md": BRANCH_REPORT } });
  });
  afterAll(async () => {
    await paging?.stop();
  });

  it("pages through more sources, answering the button at once", async () => {
    const { reply } = await ask(2101, "东城分馆2023年借出了多少册图书？", paging);
    expect(String(reply.params.text)).toContain("<b>41000册</b>");
    const answerMessage = reply.result as Message;
    const user = paging.api.user(2101);
    const pressId = paging.api.pressButton(user, answerMessage, buttonData(reply, "more:")!);
    // The question is in Chinese: so is the page ("更多来源", more sources).
    const page1 = await paging.api.waitFor((c) => sentTo(2101)(c) && String(c.params.text).includes("更多来源"), 20_000, "page 1");
    const answered = paging.api.calls.find((c) => c.method === "answerCallbackQuery" && c.params.callback_query_id === pressId);
    expect(answered).toBeDefined();
    expect(answered!.seq).toBeLessThan(page1.seq);
    expect(String(page1.params.text)).toContain("<b>[6]</b>");
    expect(page1.params.reply_parameters).toMatchObject({ message_id: answerMessage.message_id });

    // Further pages edit the same message in place.
    const next = buttonData(page1, "more:")!;
    expect(next).toMatch(/:2:e$/);
    paging.api.pressButton(user, page1.result as Message, next);
    const edit = await paging.api.waitFor((c) => c.method === "editMessageText" && c.ok && Number(c.params.chat_id) === 2101, 20_000, "page 2");
    expect(String(edit.params.text)).toContain("<b>[11]</b>");

    // Pressing the same page again changes nothing: Telegram's "not modified" is not an error.
    const failuresBefore = paging.logs.filter((l) => l.includes("update failed")).length;
    const again = paging.api.pressButton(user, page1.result as Message, next);
    await paging.api.waitFor((c) => c.method === "editMessageText" && !c.ok && /not modified/.test(c.error ?? ""), 20_000, "the repeated edit");
    await paging.api.waitFor((c) => c.method === "answerCallbackQuery" && c.params.callback_query_id === again);
    await paging.api.settle();
    expect(paging.logs.filter((l) => l.includes("update failed")).length).toBe(failuresBefore);
  });

  it("stores 👍/👎 in SQLite with the question and the sources, once per user", async () => {
    const { reply } = await ask(2102, FIGURE_QUESTION_TRADITIONAL);
    const user = h.api.user(2102);
    const before = h.engine.store.stats().feedbackUp;
    const first = h.api.pressButton(user, reply.result as Message, buttonData(reply, "fb:")!);
    const toast = await h.api.waitFor((c) => c.method === "answerCallbackQuery" && c.params.callback_query_id === first);
    // Thanks in the question's script (traditional).
    expect(String(toast.params.text)).toMatch(/謝謝/);
    await h.api.settle();
    const second = h.api.pressButton(user, reply.result as Message, buttonData(reply, "fb:")!);
    await h.api.waitFor((c) => c.method === "answerCallbackQuery" && c.params.callback_query_id === second);
    await h.api.settle();
    expect(h.engine.store.stats().feedbackUp).toBe(before + 1);
    // Who voted is not stored: the chat is.
    const row = h.engine.store.db.prepare("SELECT * FROM feedback WHERE chat_id = ?").get(2102) as {
      question: string;
      vote: number;
      sources: string;
      chat_id: number;
    };
    expect(row.question).toBe(FIGURE_QUESTION_TRADITIONAL);
    expect(row.vote).toBe(1);
    expect(row.chat_id).toBe(2102);
    const sources = JSON.parse(row.sources) as { n: number; chunkId: number; title: string }[];
    expect(sources[0]).toMatchObject({ n: 1, title: "教育局局長在2019年全市教育工作會議上的講話" });
    expect(sources[0]!.chunkId).toBeGreaterThan(0);
  });
});

describe("concurrency", () => {
  it("answers a button at once even while a message of the same chat is still being handled", async () => {
    const { reply } = await ask(2601, FIGURE_QUESTION);
    h.api.delayNext("sendMessage", 1, 1500);
    h.api.userMessage(h.api.user(2601), FIGURE_QUESTION_TRADITIONAL);
    // The second question is in progress once "typing…" was sent for it.
    await h.api.waitForCount((c) => c.method === "sendChatAction" && Number(c.params.chat_id) === 2601, 2);
    const press = h.api.pressButton(h.api.user(2601), reply.result as Message, buttonData(reply, "fb:")!);
    await h.api.waitFor((c) => c.method === "answerCallbackQuery" && c.params.callback_query_id === press);
    const slowAnswer = await h.api.waitForCount((c) => sentTo(2601)(c), 2);
    // Calls are recorded when they complete: the button was answered before the slow reply landed.
    const order = (predicate: (c: ApiCall) => boolean): number => h.api.calls.findIndex(predicate);
    expect(order((c) => c.params.callback_query_id === press)).toBeLessThan(order((c) => c === slowAnswer[1]));
  });
});

describe("hostile input", () => {
  it("keeps every message valid HTML whatever the question contains", async () => {
    for (const [i, text] of [
      "<script>alert(1)</script> 学前教育 & 毛入园率",
      "<b>unbalanced 2019年 & &amp; &lt;",
      "\u202Eمرحبا 92.8% 😀 </i>",
      "?!…",
      "/unknown command",
    ].entries()) {
      h.api.userMessage(h.api.user(2200 + i), text);
    }
    await h.api.waitForCount((c) => c.method === "sendMessage" && Number(c.params.chat_id) >= 2200 && Number(c.params.chat_id) < 2205, 5, 20_000, "replies");
    await h.api.settle();
    const refused = h.api.calls.filter((c) => !c.ok && /parse entities|too long|text is empty/.test(c.error ?? ""));
    expect(refused).toEqual([]);
    for (const call of h.api.calls.filter((c) => c.method === "sendMessage" && c.params.parse_mode === "HTML")) {
      expect(parseTelegramHtml(String(call.params.text)).error).toBeUndefined();
    }
  });
});

describe("Telegram errors", () => {
  it("waits retry_after on 429 and sends the answer", async () => {
    h.api.rateLimitNext("sendMessage", 1, 1);
    const { reply } = await ask(2301, FIGURE_QUESTION);
    const limited = h.api.calls.find((c) => c.method === "sendMessage" && c.error?.startsWith("Too Many Requests"));
    expect(limited).toBeDefined();
    expect(limited!.seq).toBeLessThan(reply.seq);
    expect(String(reply.params.text)).toContain("92.8%");
  });

  it("follows a group that became a supergroup", async () => {
    const oldGroup = h.api.group(-2302, "Old group", "group");
    const user = h.api.user(2302);
    h.api.migrateChat(-2302, -1002302);
    h.api.userMessage(user, `/ask ${FIGURE_QUESTION}`, { chat: oldGroup });
    const reply = await h.api.waitFor(sentTo(-1002302), 20_000, "the answer in the supergroup");
    expect(String(reply.params.text)).toContain("92.8%");
  });

  it("logs a user who blocked the bot and goes on serving others", async () => {
    h.api.blockChat(2303);
    h.api.userMessage(h.api.user(2303), FIGURE_QUESTION);
    await h.api.waitFor((c) => c.method === "sendMessage" && Number(c.params.chat_id) === 2303 && c.error?.startsWith("Forbidden") === true);
    const { reply } = await ask(2304, FIGURE_QUESTION);
    expect(String(reply.params.text)).toContain("92.8%");
    expect(h.logs.some((l) => l.includes("blocked the bot"))).toBe(true);
  });

  it("never writes the token to the logs, even when a handler throws", async () => {
    h.api.failNext("sendMessage", 1, {
      error_code: 400,
      description: `Bad Request: wrong chat for ${h.api.token} in ${h.api.apiRoot}/bot${h.api.token}/sendMessage`,
    });
    h.api.userMessage(h.api.user(2305), FIGURE_QUESTION);
    await h.api.waitFor((c) => c.method === "sendMessage" && Number(c.params.chat_id) === 2305 && !c.ok);
    await h.api.settle();
    const failure = h.logs.filter((l) => l.includes("update failed"));
    expect(failure.length).toBeGreaterThan(0);
    expect(failure.join("")).toContain("[redacted]");
    // One line per error.
    for (const line of failure) expect(line.trim().split("\n")).toHaveLength(1);
    expect(h.logs.join("")).not.toContain(h.api.token);
    expect(h.logs.join("")).not.toContain(h.api.token.split(":")[1]);
    expect(consoleOutput.join("\n")).not.toContain(h.api.token.split(":")[1]);
  });
});

describe("load", () => {
  it("answers a burst of 60 users asking at once", async () => {
    const questions = [FIGURE_QUESTION, FIGURE_QUESTION_TRADITIONAL, "2019年全市教育工作的总体要求是什么？"];
    const ids = Array.from({ length: 60 }, (_, i) => 3000 + i);
    const started = Date.now();
    for (const [i, id] of ids.entries()) h.api.userMessage(h.api.user(id), questions[i % questions.length]!);
    const replies = await h.api.waitForCount(
      (c) => c.method === "sendMessage" && c.ok && ids.includes(Number(c.params.chat_id)) && c.params.reply_markup !== undefined,
      60,
      60_000,
      "answers",
    );
    const seconds = (Date.now() - started) / 1000;
    process.stderr.write(`[bot e2e] burst of 60 users: ${replies.length} answered in ${seconds.toFixed(2)} s\n`);
    expect(new Set(replies.map((r) => Number(r.params.chat_id))).size).toBe(60);
    for (const reply of replies) {
      const id = Number(reply.params.chat_id);
      if ((id - 3000) % 3 !== 2) expect(String(reply.params.text)).toContain("92.8%");
    }
  });

  it("tells a user who asks too fast to wait, once per window", async () => {
    const user = h.api.user(2401);
    for (let i = 0; i < 9; i++) h.api.userMessage(user, `${FIGURE_QUESTION} ${i}`);
    await h.api.waitForCount((c) => sentTo(2401)(c) && c.params.reply_markup !== undefined, 5, 20_000, "answers");
    await h.api.settle(600);
    const sent = h.api.sentMessages(2401);
    expect(sent.filter((m) => m.reply_markup !== undefined)).toHaveLength(5);
    expect(sent.filter((m) => TOO_MANY_TEXTS.includes(m.text ?? ""))).toHaveLength(1);
  });
});
