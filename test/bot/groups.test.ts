// Groups end to end: the bot answers /ask, /ask@bot, replies to its own messages and @mentions,
// replying to the asking message — and stays silent for everything else, without letting group
// chatter count against the rate limit.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Message } from "grammy/types";
import { LOCALES, translator } from "../../src/bot/i18n.js";
import { startHarness, type Harness } from "./harness.js";

const QUESTION = "2019年学前教育三年毛入园率的目标是多少？";

/** The rate-limit notice, in whichever language the question was asked. */
const TOO_MANY_TEXTS = LOCALES.map((locale) => translator(locale)("rate-limit"));
let h: Harness;

beforeAll(async () => {
  h = await startHarness();
});

afterAll(async () => {
  await h?.stop();
});

/** Replies the bot sent to a chat, by the id of the message they reply to. */
function repliesIn(chatId: number): Map<number, string[]> {
  const out = new Map<number, string[]>();
  for (const call of h.api.calls) {
    if (call.method !== "sendMessage" || !call.ok || Number(call.params.chat_id) !== chatId) continue;
    const to = (call.params.reply_parameters as { message_id?: number } | undefined)?.message_id ?? 0;
    out.set(to, [...(out.get(to) ?? []), String(call.params.text)]);
  }
  return out;
}

describe("groups", () => {
  it("answers only messages addressed to the bot, replying to each", async () => {
    const group = h.api.group(-100500);
    const alice = h.api.user(4001, "Alice");
    const bob = h.api.user(4002, "Bob");
    const username = h.api.me.username ?? "docqa_test_bot";

    // Not addressed: plain talk, commands for another bot, mentions of someone else, replies to people.
    const chatter: Message[] = [];
    chatter.push(h.api.userMessage(alice, QUESTION, { chat: group }));
    chatter.push(h.api.userMessage(bob, `/ask@other_bot ${QUESTION}`, { chat: group }));
    chatter.push(h.api.userMessage(bob, `@someone_else ${QUESTION}`, { chat: group }));
    chatter.push(h.api.userMessage(alice, QUESTION, { chat: group, replyTo: chatter[0] }));

    // Addressed, four ways.
    const askAt = h.api.userMessage(alice, `/ask@${username} ${QUESTION}`, { chat: group });
    const ask = h.api.userMessage(bob, `/ask ${QUESTION}`, { chat: group });
    const mention = h.api.userMessage(alice, `@${username} ${QUESTION}`, { chat: group });
    await h.api.waitForCount(
      (c) => c.method === "sendMessage" && c.ok && Number(c.params.chat_id) === -100500 && c.params.reply_markup !== undefined,
      3,
      20_000,
      "three answers",
    );
    const botMessage = h.api.sentMessages(-100500)[0]!;
    const reply = h.api.userMessage(bob, "2019年學前教育三年毛入園率的目標是多少？", { chat: group, replyTo: botMessage });
    await h.api.waitForCount(
      (c) => c.method === "sendMessage" && c.ok && Number(c.params.chat_id) === -100500 && c.params.reply_markup !== undefined,
      4,
      20_000,
      "four answers",
    );
    await h.api.settle();

    const replies = repliesIn(-100500);
    for (const addressed of [askAt, ask, mention, reply]) {
      const texts = replies.get(addressed.message_id) ?? [];
      expect(texts.join("\n"), `reply to ${addressed.text}`).toContain("<b>92.8%</b>");
    }
    for (const silent of chatter) expect(replies.has(silent.message_id), `silence for ${silent.text}`).toBe(false);
    expect([...replies.keys()].sort()).toEqual([askAt, ask, mention, reply].map((m) => m.message_id).sort());
    // No "typing…" for messages the bot ignores either: exactly one per answer.
    expect(h.api.calls.filter((c) => c.method === "sendChatAction" && Number(c.params.chat_id) === -100500).length).toBe(4);
  });

  it("strips the mention from the question and asks for one when there is none", async () => {
    const group = h.api.group(-100501);
    const user = h.api.user(4003);
    const bare = h.api.userMessage(user, `@${h.api.me.username}`, { chat: group });
    const call = await h.api.waitFor((c) => c.method === "sendMessage" && c.ok && Number(c.params.chat_id) === -100501);
    expect(call.params.reply_parameters).toMatchObject({ message_id: bare.message_id });
    expect(String(call.params.text)).toContain("Ask me a question");

    // The mention may come anywhere in the message.
    h.api.userMessage(user, `${QUESTION} @${(h.api.me.username ?? "").toUpperCase()}`, { chat: group });
    const answer = await h.api.waitFor(
      (c) => c.method === "sendMessage" && c.ok && Number(c.params.chat_id) === -100501 && c.params.reply_markup !== undefined,
    );
    expect(String(answer.params.text)).toContain("92.8%");
  });

  it("does not count group chatter against the rate limit", async () => {
    const group = h.api.group(-100502);
    const user = h.api.user(4004);
    for (let i = 0; i < 25; i++) h.api.userMessage(user, `chatter ${i}`, { chat: group });
    const asked = h.api.userMessage(user, `/ask ${QUESTION}`, { chat: group });
    const answer = await h.api.waitFor((c) => c.method === "sendMessage" && c.ok && Number(c.params.chat_id) === -100502);
    expect(answer.params.reply_parameters).toMatchObject({ message_id: asked.message_id });
    await h.api.settle();
    expect(h.api.sentMessages(-100502).some((m) => TOO_MANY_TEXTS.includes(m.text ?? ""))).toBe(false);
  });

  it("answers /sources@bot in a group", async () => {
    const group = h.api.group(-100503);
    const user = h.api.user(4005);
    h.api.userMessage(user, `/sources@${h.api.me.username}`, { chat: group });
    const sources = await h.api.waitFor((c) => c.method === "sendMessage" && c.ok && Number(c.params.chat_id) === -100503);
    expect(String(sources.params.text)).toContain("教育局局長在2019年全市教育工作會議上的講話");
    expect(String(sources.params.text)).toMatch(/#1 .* \d+ passages/);
  });
});
