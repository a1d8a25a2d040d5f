// The real bot (createBot + runner + engine) under load and faults, against the fake Bot API:
// a burst of questions from many users (200 questions from 50 users; 1,000 from 200 under
// STRESS), all answered, with p95 latency and peak memory reported; one user flooding gets one
// polite message while everyone else is still answered; 429 with retry_after on getUpdates and on
// inline answers is waited out; 5xx and dropped connections on getUpdates don't stop polling;
// users who blocked the bot in the middle of a burst are logged and skipped; a group migrated to
// a supergroup is followed for every later message. (test/bot/private.test.ts covers the basic
// 429 on sendMessage, 403, the first migrated call and the per-window limit.)
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Message } from "grammy/types";
import { LOCALES, translator } from "../../src/bot/i18n.js";
import { RATE_LIMITS } from "../../src/bot/middleware/ratelimit.js";
import type { ApiCall } from "../bot/fake-bot-api.js";
import { sentTo, startHarness, type Harness } from "../bot/harness.js";
import { percentile } from "./helpers.js";

const STRESS = Boolean(process.env.STRESS);
const BURST_USERS = STRESS ? 200 : 50;
const BURST_QUESTIONS = STRESS ? 1000 : 200;
const QUESTIONS = [
  "2019年学前教育三年毛入园率的目标是多少？",
  "2019年學前教育三年毛入園率的目標是多少？",
  "What is the 2019 target for the gross kindergarten enrollment rate?",
  "2019年全市教育工作的总体要求是什么？",
  "交流了多少名义务教育学校教师？",
  "量子色动力学的渐近自由是谁发现的？",
];

/** The rate-limit notice, in whichever language the question was asked. */
const TOO_MANY_TEXTS = LOCALES.map((locale) => translator(locale)("rate-limit"));
let h: Harness;

beforeAll(async () => {
  h = await startHarness({ LOG_LEVEL: "info" });
});

afterAll(async () => {
  await h?.stop();
});

/** An answer is the message that carries the 👍/👎 buttons. */
function isAnswer(call: ApiCall): boolean {
  return call.method === "sendMessage" && call.ok && call.params.reply_markup !== undefined;
}

function replyTo(call: ApiCall): number | undefined {
  return (call.params.reply_parameters as { message_id?: number } | undefined)?.message_id;
}

describe("a burst of questions", () => {
  it(`answers ${BURST_QUESTIONS} questions from ${BURST_USERS} users`, async () => {
    const perUser = BURST_QUESTIONS / BURST_USERS;
    expect(perUser).toBeLessThanOrEqual(RATE_LIMITS.questionsPerUser.limit);
    const firstUser = 10_000;
    const asked = new Map<string, number>(); // chat:message → when it was sent
    let peakRss = process.memoryUsage().rss;
    const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 50);
    const rssBefore = process.memoryUsage().rss;
    const started = Date.now();
    for (let round = 0; round < perUser; round++) {
      for (let u = 0; u < BURST_USERS; u++) {
        const user = h.api.user(firstUser + u);
        const message = h.api.userMessage(user, QUESTIONS[(u + round) % QUESTIONS.length]!);
        asked.set(`${user.id}:${message.message_id}`, Date.now());
      }
    }
    const inBurstChat = (c: ApiCall): boolean => Number(c.params.chat_id) >= firstUser && Number(c.params.chat_id) < firstUser + BURST_USERS;
    const inBurst = (c: ApiCall): boolean => isAnswer(c) && inBurstChat(c);
    const answers = await h.api.waitForCount(inBurst, BURST_QUESTIONS, STRESS ? 600_000 : 180_000, "answers to the burst");
    clearInterval(sampler);
    const seconds = (Date.now() - started) / 1000;

    // Every question answered exactly once, none refused or rate-limited.
    const answered = new Set(answers.map((c) => `${Number(c.params.chat_id)}:${replyTo(c)}`));
    expect(answered.size).toBe(BURST_QUESTIONS);
    for (const key of asked.keys()) expect(answered.has(key), key).toBe(true);
    expect(h.api.calls.filter((c) => sentTo(firstUser)(c) && TOO_MANY_TEXTS.includes(String(c.params.text)))).toEqual([]);
    expect(h.api.calls.filter((c) => !c.ok && inBurstChat(c))).toEqual([]);
    for (const answer of answers) {
      const question = QUESTIONS[(Number(answer.params.chat_id) - firstUser + (replyTo(answer)! - 1)) % QUESTIONS.length]!;
      if (question.includes("毛入") || question.includes("enrollment")) expect(String(answer.params.text)).toContain("92.8%");
    }

    const latencies = answers.map((c) => c.at - asked.get(`${Number(c.params.chat_id)}:${replyTo(c)}`)!).sort((a, b) => a - b);
    console.log(
      `[bot load] ${BURST_QUESTIONS} questions from ${BURST_USERS} users answered in ${seconds.toFixed(1)} s ` +
        `(${(BURST_QUESTIONS / seconds).toFixed(0)}/s); latency p50 ${percentile(latencies, 0.5)} ms, p95 ${percentile(latencies, 0.95)} ms, max ${latencies.at(-1)} ms; ` +
        `peak RSS ${(peakRss / 1048576).toFixed(0)} MB (+${((peakRss - rssBefore) / 1048576).toFixed(0)} MB during the burst)`,
    );
  });

  it("limits a flooding user to one polite message, and still answers everyone else", async () => {
    const flooder = h.api.user(20_000);
    const others = Array.from({ length: 20 }, (_, i) => h.api.user(20_001 + i));
    const started = Date.now();
    for (let i = 0; i < 40; i++) {
      h.api.userMessage(flooder, `${QUESTIONS[0]} ${i}`);
      if (i % 2 === 0) h.api.userMessage(others[i / 2]!, QUESTIONS[i % 3]!);
    }
    const answers = await h.api.waitForCount(
      (c) => isAnswer(c) && Number(c.params.chat_id) > 20_000 && Number(c.params.chat_id) <= 20_020,
      others.length,
      60_000,
      "answers to the others",
    );
    await h.api.settle(600);
    const toFlooder = h.api.sentMessages(flooder.id);
    expect(toFlooder.filter((m) => m.reply_markup !== undefined)).toHaveLength(RATE_LIMITS.questionsPerUser.limit);
    expect(toFlooder.filter((m) => TOO_MANY_TEXTS.includes(m.text ?? ""))).toHaveLength(1);
    expect(toFlooder).toHaveLength(RATE_LIMITS.questionsPerUser.limit + 1);
    for (const user of others)
      expect(
        h.api.sentMessages(user.id).filter((m) => m.reply_markup !== undefined),
        `user ${user.id}`,
      ).toHaveLength(1);
    const waits = answers.map((c) => c.at - started).sort((a, b) => a - b);
    console.log(`[bot load] while one user flooded 40 messages, 20 others were answered within p95 ${percentile(waits, 0.95)} ms`);
  });
});

describe("Telegram faults", () => {
  it("waits out 429 retry_after on getUpdates and on an inline answer", async () => {
    h.api.rateLimitNext("getUpdates", 1, 1);
    h.api.rateLimitNext("answerInlineQuery", 1, 1);
    const user = h.api.user(30_001);
    const message = h.api.userMessage(user, QUESTIONS[0]!);
    const queryId = h.api.inlineQuery(user, QUESTIONS[2]!);
    const answer = await h.api.waitFor(
      (c) => isAnswer(c) && replyTo(c) === message.message_id && Number(c.params.chat_id) === user.id,
      30_000,
      "the answer after a 429",
    );
    expect(String(answer.params.text)).toContain("92.8%");
    const inline = await h.api.waitFor(
      (c) => c.method === "answerInlineQuery" && c.ok && c.params.inline_query_id === queryId,
      30_000,
      "the inline answer after a 429",
    );
    const limited = h.api.calls.filter((c) => c.error?.startsWith("Too Many Requests") && (c.method === "getUpdates" || c.params.inline_query_id === queryId));
    expect(limited.map((c) => c.method).sort()).toEqual(["answerInlineQuery", "getUpdates"]);
    // Retried after retry_after, not before.
    const inlineLimited = limited.find((c) => c.method === "answerInlineQuery")!;
    expect(inline.at - inlineLimited.at).toBeGreaterThanOrEqual(900);
  });

  it("keeps polling through a 502 and a dropped connection on getUpdates", async () => {
    // Wait for a poll in flight to finish, so the next getUpdates calls are the faulty ones.
    await h.api.settle(400);
    h.api.failNext("getUpdates", 1, { error_code: 502, description: "Bad Gateway" });
    h.api.dropNext("getUpdates", 1);
    const since = h.api.calls.length;
    await h.api.waitFor((c) => c.method === "getUpdates" && c.error === "connection dropped" && c.seq > 0, 30_000, "the dropped poll");
    const user = h.api.user(30_002);
    const message = h.api.userMessage(user, QUESTIONS[1]!);
    const answer = await h.api.waitFor(
      (c) => isAnswer(c) && Number(c.params.chat_id) === user.id && replyTo(c) === message.message_id,
      60_000,
      "the answer after the outage",
    );
    expect(String(answer.params.text)).toContain("92.8%");
    const failed = h.api.calls.slice(since).filter((c) => c.method === "getUpdates" && !c.ok);
    expect(failed.map((c) => c.error)).toEqual(expect.arrayContaining(["Bad Gateway", "connection dropped"]));
    expect(h.running.mode).toBe("polling");
    // Logged as one warning each, nothing worse.
    expect(h.logs.some((l) => l.includes("Telegram refused getUpdates") && l.includes("Bad Gateway"))).toBe(true);
    expect(h.logs.some((l) => l.includes("call to getUpdates failed"))).toBe(true);
    expect(h.logs.filter((l) => l.includes('"level":50') || l.includes('"level":60'))).toEqual([]);
  });

  it("logs users who blocked the bot during a burst and answers the rest", async () => {
    const users = Array.from({ length: 30 }, (_, i) => h.api.user(40_000 + i));
    const blocked = users.filter((_, i) => i % 6 === 0);
    for (const user of blocked) h.api.blockChat(user.id);
    for (const user of users) h.api.userMessage(user, QUESTIONS[0]!);
    const open = users.filter((u) => !blocked.includes(u));
    await h.api.waitForCount(
      (c) => isAnswer(c) && Number(c.params.chat_id) >= 40_000 && Number(c.params.chat_id) < 40_030,
      open.length,
      60_000,
      "answers to the users who did not block the bot",
    );
    await h.api.settle(500);
    for (const user of blocked) {
      expect(h.logs.filter((l) => l.includes("blocked the bot") && l.includes(`"update"`)).length).toBeGreaterThan(0);
      // One attempt each (the typing indicator may fail too): no retry storm against a 403.
      expect(h.api.calls.filter((c) => c.method === "sendMessage" && Number(c.params.chat_id) === user.id).length).toBeLessThanOrEqual(1);
    }
  });

  it("follows a group migrated to a supergroup for every later message", async () => {
    const group = h.api.group(-5_000, "Old group", "group");
    const user = h.api.user(50_001);
    h.api.migrateChat(-5_000, -1_000_005_000);
    const first = h.api.userMessage(user, `/ask ${QUESTIONS[0]}`, { chat: group });
    const answer1 = await h.api.waitFor((c) => isAnswer(c) && Number(c.params.chat_id) === -1_000_005_000, 30_000, "the first answer in the supergroup");
    expect(replyTo(answer1)).toBe(first.message_id);
    const failuresAfterFirst = h.api.calls.filter((c) => !c.ok && Number(c.params.chat_id) === -5_000).length;
    // A later message still arrives with the old id (as Telegram's own update may): sent straight to the new chat.
    h.api.userMessage(user, `/ask ${QUESTIONS[2]}`, { chat: group });
    const answer2 = await h.api.waitForCount(
      (c) => isAnswer(c) && Number(c.params.chat_id) === -1_000_005_000,
      2,
      30_000,
      "the second answer in the supergroup",
    );
    expect(String(answer2[1]!.params.text)).toContain("92.8%");
    await h.api.settle(300);
    expect(h.api.calls.filter((c) => !c.ok && Number(c.params.chat_id) === -5_000).length).toBe(failuresAfterFirst);
    expect((answer1.result as Message).chat.id).toBe(-1_000_005_000);
  });
});
