// The bot in a team's daily use, end to end against the loopback Bot API with the real engine on
// a temporary DATA_DIR, over small reports this test writes itself: follow-up questions (reply
// and time based, in English, simplified and traditional Chinese; complete questions never
// merged), a collection per chat (admin uploads and /add in groups, answered in their group,
// refused elsewhere, /sources, /forget), /unanswered, buttons that survive a restart and expire
// politely, related sections, and the bot's own words in three languages — every message valid
// Telegram HTML within 4096 characters.
import type { Chat, InlineKeyboardMarkup, InlineQueryResultArticle, Message, User } from "grammy/types";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { translator } from "../../src/bot/i18n.js";
import { parseTelegramHtml, type ApiCall } from "./fake-bot-api.js";
import { ADMIN_ID, startHarness, type Harness } from "./harness.js";

const PROVINCES = `# Provincial Kindergarten Review 2019

## Kindergartens built in 2018

Jiangsu built 120 public kindergartens in 2018.

Zhejiang built 95 public kindergartens in 2018.

Shaoxing built 40 public kindergartens in 2018.

## Plans for 2019

For 2019, Jiangsu plans 150 new public kindergartens.
`;

const BRANCHES = `# Riverside City Library Branches 2023

${[
  ["Northgate", "41,200"],
  ["Southgate", "28,700"],
  ["Eastgate", "33,900"],
  ["Westgate", "19,400"],
  ["Harbour", "12,800"],
  ["Hillside", "22,100"],
  ["Old Town", "30,500"],
  ["Airport", "6,300"],
]
  .map(([name, books]) => `## ${name} branch\n\nThe ${name} branch lent ${books} books to readers in 2023.\n`)
  .join("\n")}`;

const STATISTICS = `# 全省学前教育统计公报

## 2018年幼儿园建设

2018年全省新建公办幼儿园210所，新增学位3.1万个。

## 2019年幼儿园建设

2019年全省新建公办幼儿园260所，新增学位4.2万个。
`;

const LIGHTHOUSE = `# Lighthouse keepers' roster 2024

## Staffing

The lighthouse service employs 37 keepers on rotating night shifts.
`;

const FERRY = `# Ferry timetable 2024

## Crossings

The island ferry makes 14 crossings a day in summer.
`;

const EN = translator("en");
const HANS = translator("zh-Hans");
const HANT = translator("zh-Hant");

let h: Harness;

beforeAll(async () => {
  h = await startHarness({}, { docs: { "provinces.md": PROVINCES, "branches.md": BRANCHES, "statistics.md": STATISTICS } });
});

afterAll(async () => {
  await h?.stop();
});

function lastSeq(): number {
  return h.api.calls.reduce((max, c) => Math.max(max, c.seq), 0);
}

function keyboardOf(call: ApiCall): InlineKeyboardMarkup | undefined {
  return call.params.reply_markup as InlineKeyboardMarkup | undefined;
}

function buttons(call: ApiCall): { text: string; data: string }[] {
  return (keyboardOf(call)?.inline_keyboard.flat() ?? []).map((b) => ({ text: b.text, data: "callback_data" in b ? (b.callback_data ?? "") : "" }));
}

function text(call: ApiCall): string {
  return String(call.params.text);
}

/** Sends a message and waits for the bot's answer to it (the message carrying the buttons). */
async function ask(user: User, message: string, options: { chat?: Chat; replyTo?: Message } = {}): Promise<ApiCall> {
  const since = lastSeq();
  const chatId = options.chat?.id ?? user.id;
  const sent = h.api.userMessage(user, message, options);
  return h.api.waitFor(
    (c) =>
      c.seq > since &&
      c.method === "sendMessage" &&
      c.ok &&
      Number(c.params.chat_id) === chatId &&
      keyboardOf(c) !== undefined &&
      (c.params.reply_parameters as { message_id?: number } | undefined)?.message_id === sent.message_id,
    20_000,
    `the answer to ${JSON.stringify(message)}`,
  );
}

/** Sends a message and waits for the bot's next message in that chat. */
async function reply(user: User, message: string, chat?: Chat, replyTo?: Message): Promise<ApiCall> {
  const since = lastSeq();
  h.api.userMessage(user, message, { ...(chat ? { chat } : {}), ...(replyTo ? { replyTo } : {}) });
  const chatId = chat?.id ?? user.id;
  return h.api.waitFor((c) => c.seq > since && c.method === "sendMessage" && c.ok && Number(c.params.chat_id) === chatId, 30_000, `a reply to ${message}`);
}

/** Presses a button and waits for the callback to be answered. */
async function press(user: User, message: Message, data: string): Promise<ApiCall> {
  const id = h.api.pressButton(user, message, data);
  return h.api.waitFor((c) => c.method === "answerCallbackQuery" && c.params.callback_query_id === id, 20_000, `the answer to button ${data}`);
}

describe("follow-up questions", () => {
  it("completes a reply to an answer from the question it answered (English, a place)", async () => {
    const user = h.api.user(8001);
    const first = await ask(user, "How many public kindergartens were built in Jiangsu?");
    expect(text(first)).toContain("120");
    expect(text(first)).not.toContain("Answered as");
    const second = await ask(user, "What about Zhejiang?", { replyTo: first.result as Message });
    expect(text(second)).toContain("<i>Answered as:</i> How many public kindergartens were built in Zhejiang?");
    expect(text(second)).toContain("95");
  });

  it("completes a question asked within 10 minutes that cannot stand alone (English, verb and year)", async () => {
    const user = h.api.user(8002);
    await ask(user, "How many public kindergartens were built?");
    h.clock.advance(5 * 60_000);
    const second = await ask(user, "And how many are planned for 2019?");
    expect(text(second)).toContain("<i>Answered as:</i> How many public kindergartens are planned for 2019?");
    expect(text(second)).toContain("150");
  });

  it("takes a question asked after 10 minutes as it is", async () => {
    const user = h.api.user(8003);
    await ask(user, "How many public kindergartens were built in Jiangsu?");
    h.clock.advance(11 * 60_000);
    const later = await ask(user, "What about Zhejiang?");
    expect(text(later)).not.toContain("Answered as");
  });

  it("never merges a complete new question with the previous one", async () => {
    const user = h.api.user(8004);
    await ask(user, "How many public kindergartens were built in Jiangsu?");
    const next = await ask(user, "How many books did the Northgate branch lend in 2023?");
    expect(text(next)).not.toContain("Answered as");
    expect(text(next)).toContain("41,200");
  });

  it("completes a simplified Chinese follow-up and says how it understood it", async () => {
    const user = h.api.user(8005);
    const first = await ask(user, "2019年全省新建了多少所公办幼儿园？");
    expect(text(first)).toContain("260");
    const second = await ask(user, "2018年呢？");
    expect(text(second)).toContain(`${HANS("answered-as", { question: "2018年全省新建了多少所公办幼儿园？" })}`);
    expect(text(second)).toContain("210");
    expect(text(second)).toContain(HANS("sources-heading"));
  });

  it("completes a traditional Chinese follow-up in reply to an answer, in traditional characters", async () => {
    // The follow-up's characters are the same in both scripts: the user's language_code decides.
    const user = h.api.user(8006, "Mei", "zh-TW");
    const first = await ask(user, "2019年全省新建了多少所公辦幼兒園？");
    expect(text(first)).toContain("260");
    expect(text(first)).toContain(HANT("sources-heading"));
    const second = await ask(user, "那2018年呢？", { replyTo: first.result as Message });
    expect(text(second)).toContain(HANT("answered-as", { question: "2018年全省新建了多少所公辦幼兒園？" }));
    expect(text(second)).toContain("210");
  });

  it("completes a reply to the bot's answer in a group, whoever replies", async () => {
    const group = h.api.group(-100800);
    const first = await ask(h.api.user(8007), "/ask How many public kindergartens were built in Jiangsu?", { chat: group });
    const second = await ask(h.api.user(8008), "And Zhejiang?", { chat: group, replyTo: first.result as Message });
    expect(text(second)).toContain("<i>Answered as:</i> How many public kindergartens were built in Zhejiang?");
    expect(text(second)).toContain("95");
  });

  it("carries a place the dictionary knows from a Chinese follow-up into the English question it follows", async () => {
    // 绍兴 is on no list of the bot's: CC-CEDICT names it, and its English name, Shaoxing.
    const user = h.api.user(8009);
    const first = await ask(user, "How many public kindergartens were built in Jiangsu?");
    expect(text(first)).toContain("120");
    const second = await ask(user, "那绍兴呢？", { replyTo: first.result as Message });
    expect(text(second)).toContain(HANS("answered-as", { question: "How many public kindergartens were built in Shaoxing?" }));
    expect(text(second)).toContain("40");
  });
});

const admin = (): User => h.api.user(ADMIN_ID);

describe("a collection per chat", () => {
  const LIGHTHOUSE_QUESTION = "How many keepers does the lighthouse service employ?";

  it("adds an admin's upload in a group to that group's collection, answered there and refused elsewhere", async () => {
    const groupA = h.api.group(-100901, "Keepers");
    const groupB = h.api.group(-100902, "Others");
    const since = lastSeq();
    h.api.userDocument(admin(), "lighthouse roster.md", LIGHTHOUSE, { chat: groupA, mimeType: "text/markdown" });
    const added = await h.api.waitFor((c) => c.seq > since && c.method === "sendMessage" && Number(c.params.chat_id) === groupA.id);
    expect(text(added)).toContain("✅ Added “lighthouse roster.md” to this group's collection as <b>Lighthouse keepers' roster 2024</b>");
    const document = h.engine.store.listDocuments().find((d) => d.title.startsWith("Lighthouse"))!;
    expect(document.chatId).toBe(groupA.id);

    const inA = await ask(h.api.user(8101), `/ask ${LIGHTHOUSE_QUESTION}`, { chat: groupA });
    expect(text(inA)).toContain("37");
    const inB = await ask(h.api.user(8102), `/ask ${LIGHTHOUSE_QUESTION}`, { chat: groupB });
    expect(text(inB)).not.toContain("37");
    expect(text(inB)).toContain(EN("not-found-hint"));
    const inPrivate = await ask(h.api.user(8103), LIGHTHOUSE_QUESTION);
    expect(text(inPrivate)).not.toContain("37");
    // Inline answers come from the shared library only.
    const id = h.api.inlineQuery(h.api.user(8104), LIGHTHOUSE_QUESTION);
    const inline = await h.api.waitFor((c) => c.method === "answerInlineQuery" && c.params.inline_query_id === id);
    const results = inline.params.results as InlineQueryResultArticle[];
    expect(results.map((r) => r.id)).toEqual(["notfound"]);

    // /sources shows what each chat sees.
    const sourcesA = await reply(h.api.user(8101), "/sources", groupA);
    expect(text(sourcesA)).toContain(EN("sources-chat"));
    expect(text(sourcesA)).toContain("Lighthouse keepers' roster 2024");
    expect(text(sourcesA)).toContain("Riverside City Library Branches 2023");
    const sourcesB = await reply(h.api.user(8102), "/sources", groupB);
    expect(text(sourcesB)).not.toContain("Lighthouse");
    expect(text(sourcesB)).toContain("Riverside City Library Branches 2023");
  });

  it("adds a document an admin replies /add to, and refuses /add from others", async () => {
    const group = h.api.group(-100903, "Ferry crew");
    const member = h.api.user(8201);
    const before = lastSeq();
    const posted = h.api.userDocument(member, "ferry.md", FERRY, { chat: group, mimeType: "text/markdown" });
    // A member's file is group chatter: no reply, nothing downloaded.
    const refused = await reply(member, "/add", group, posted);
    expect(text(refused)).toBe(EN("not-admin-upload"));
    expect(h.api.calls.filter((c) => c.seq > before && c.method === "getFile")).toEqual([]);
    const added = await reply(admin(), "/add", group, posted);
    expect(text(added)).toContain("✅ Added “ferry.md” to this group's collection");
    const answer = await ask(member, "/ask How many crossings a day does the island ferry make in summer?", { chat: group });
    expect(text(answer)).toContain("14");
    const usage = await reply(admin(), "/add", group);
    expect(text(usage)).toBe(EN("add-usage", { collection: EN("collection-group") }));
  });

  it("/forget in a group removes only from that group's collection", async () => {
    const groupA = h.api.group(-100901, "Keepers");
    const shared = h.engine.store.documentsInCollection(null)[0]!;
    const own = h.engine.store.documentsInCollection(groupA.id)[0]!;
    const refusal = await reply(admin(), `/forget ${shared.id}`, groupA);
    expect(text(refusal)).toBe(EN("forget-shared-in-group", { id: String(shared.id) }));
    expect(h.engine.store.documentById(shared.id)).toBeDefined();
    const removed = await reply(admin(), `/forget ${own.id}`, groupA);
    expect(text(removed)).toContain(`Removed #${own.id} “Lighthouse keepers' roster 2024” from this group's collection`);
    const after = await ask(h.api.user(8101), `/ask ${LIGHTHOUSE_QUESTION}`, { chat: groupA });
    expect(text(after)).not.toContain("37");
  });
});

describe("unanswered questions", () => {
  it("logs refusals and 👎 for admins, grouped by question, in a private chat only", async () => {
    const refused = await ask(h.api.user(8301), "How many submarines does the navy have?");
    expect(text(refused)).toContain(EN("not-found-nothing_retrieved"));
    await ask(h.api.user(8302), "how many submarines does the navy have");
    const answered = await ask(h.api.user(8303), "How many books did the Southgate branch lend in 2023?");
    const down = buttons(answered).find((b) => b.data.endsWith(":-1"))!;
    const toast = await press(h.api.user(8303), answered.result as Message, down.data);
    expect(String(toast.params.text)).toBe(EN("feedback-down"));
    await h.api.settle();

    const listing = await reply(admin(), "/unanswered");
    expect(text(listing)).toContain("<b>Unanswered questions</b>");
    expect(text(listing)).toContain("How many submarines does the navy have?");
    expect(text(listing)).toContain(`${EN("reason-downvoted")}: How many books did the Southgate branch lend in 2023?`);
    expect(text(listing)).toMatch(/• 2× how many submarines does the navy have \(last .*; nothing matched\)/);
    // The 👎 keeps the passage it was shown.
    expect(text(listing)).toContain("↳ closest passage: Riverside City Library Branches 2023 › Southgate branch");

    const inGroup = await reply(admin(), "/unanswered", h.api.group(-100904));
    expect(text(inGroup)).toBe(EN("private-only"));
    const stranger = await reply(h.api.user(8304), "/unanswered");
    expect(text(stranger)).toBe(EN("not-admin-command"));
    // Only the chat is kept, never who asked.
    const columns = (h.engine.store.db.prepare("PRAGMA table_info(unanswered)").all() as { name: string }[]).map((c) => c.name);
    expect(columns.some((c) => /user/.test(c))).toBe(false);
  });
});

describe("buttons that survive a restart", () => {
  it("pages through more sources, votes and opens a related section after the bot restarted, and expires politely", async () => {
    const user = h.api.user(8401);
    const answer = await ask(user, "How many books did the Northgate branch lend in 2023?");
    const message = answer.result as Message;
    const labels = buttons(answer);
    expect(labels.map((b) => b.text)).toEqual(["More sources", "§ Southgate branch", "§ Eastgate branch", "§ Westgate branch", "👍", "👎"]);
    for (const b of labels) expect(Buffer.byteLength(b.data)).toBeLessThanOrEqual(64);

    await h.restart();

    const since = lastSeq();
    const more = await press(user, message, labels[0]!.data);
    expect(more.params.text).toBeUndefined();
    const page = await h.api.waitFor((c) => c.seq > since && c.method === "sendMessage" && Number(c.params.chat_id) === user.id, 20_000, "the page of sources");
    expect(text(page)).toMatch(/More sources \(6–\d of \d\) for: How many books did the Northgate branch lend in 2023\?/);
    expect(text(page)).toContain("<b>[6]</b>");

    const vote = await press(user, message, labels[4]!.data);
    expect(String(vote.params.text)).toBe(EN("feedback-up"));
    // The vote is stored right after the button is answered.
    await h.api.settle();
    expect(h.engine.store.stats().feedbackUp).toBe(1);

    const before = lastSeq();
    await press(user, message, labels[1]!.data);
    const section = await h.api.waitFor((c) => c.seq > before && c.method === "sendMessage" && Number(c.params.chat_id) === user.id, 20_000, "the section");
    expect(text(section)).toContain("<b>Riverside City Library Branches 2023 › Southgate branch</b>");
    expect(text(section)).toContain("<b>28,700</b>");
    expect(text(section)).toContain("<b>[1]</b> Riverside City Library Branches 2023 › Southgate branch");

    // The same button pressed elsewhere (a forwarded answer) shows nothing of this chat's documents.
    const elsewhere = await press(h.api.user(8402), { ...message, chat: h.api.group(-100905) } as Message, labels[0]!.data);
    expect(String(elsewhere.params.text)).toBe(EN("toast-unknown-button"));

    h.clock.advance(8 * 24 * 60 * 60_000);
    const expired = await press(user, message, labels[0]!.data);
    expect(String(expired.params.text)).toBe(EN("toast-expired"));
    const expiredVote = await press(user, message, labels[5]!.data);
    expect(String(expiredVote.params.text)).toBe(EN("toast-expired"));
    expect(h.engine.store.stats().feedbackDown).toBe(1); // only the 👎 of the unanswered test
  });
});

describe("the bot's own words", () => {
  it("speaks English, simplified or traditional Chinese by the question's script, then by language_code", async () => {
    const help = async (id: number, code: string): Promise<string> => text(await reply(h.api.user(id, `U${id}`, code), "/help"));
    expect(await help(8501, "en")).toContain("<b>How to ask</b>");
    expect(await help(8502, "zh-hans")).toContain("<b>如何提问</b>");
    expect(await help(8503, "zh-TW")).toContain("<b>如何提問</b>");
    expect(await help(8504, "zh-HK")).toContain("<b>如何提問</b>");

    // Not found, worded per refusal code, in the question's language whatever the user's setting.
    const english = await ask(h.api.user(8505, "A", "zh-TW"), "How many submarines does the navy have?");
    expect(text(english)).toContain(EN("not-found-nothing_retrieved"));
    const simplified = await ask(h.api.user(8506), "潜水艇有多少艘？");
    expect(text(simplified)).toContain(HANS("not-found-nothing_retrieved"));
    expect(text(simplified)).toContain(HANS("not-found-hint"));
    const traditional = await ask(h.api.user(8507), "潛水艇有多少艘？");
    expect(text(traditional)).toContain(HANT("not-found-nothing_retrieved"));
    const constraint = await ask(h.api.user(8508), "How many books did the Northgate branch lend in 2019?");
    expect(text(constraint)).toContain(EN("not-found-constraint_failed"));

    // A button's answer speaks the language of the answer it sits under.
    const chinese = await ask(h.api.user(8509), "2019年全省新建了多少所公办幼儿园？");
    const up = buttons(chinese).find((b) => b.text === "👍")!;
    expect(String((await press(h.api.user(8509), chinese.result as Message, up.data)).params.text)).toBe(HANS("feedback-up"));
  });

  it("keeps every message valid Telegram HTML within 4096 characters, and every button's data within 64 bytes", async () => {
    await h.api.settle();
    const refused = h.api.calls.filter((c) => !c.ok && /parse entities|too long|BUTTON_DATA_INVALID|text is empty/.test(c.error ?? ""));
    expect(refused).toEqual([]);
    const html = h.api.calls.filter((c) => (c.method === "sendMessage" || c.method === "editMessageText") && c.params.parse_mode === "HTML");
    expect(html.length).toBeGreaterThan(30);
    for (const call of html) {
      const parsed = parseTelegramHtml(text(call));
      expect(parsed.error, text(call).slice(0, 200)).toBeUndefined();
      expect(parsed.text.length).toBeLessThanOrEqual(4096);
    }
  });
});
