// Inline mode end to end: the answer first, then passages, paged through next_offset; a help
// result for empty or meaningless queries; short cache; and no failure on odd input.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { InlineQueryResultArticle, InputTextMessageContent } from "grammy/types";
import type { ApiCall } from "./fake-bot-api.js";
import { BRANCH_REPORT } from "./branch-report.js";
import { startHarness, type Harness } from "./harness.js";

const QUESTION = "2019年学前教育三年毛入园率的目标是多少？";

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
});

afterAll(async () => {
  await h?.stop();
});

async function inline(userId: number, query: string, offset = "", on: Harness = h): Promise<ApiCall> {
  const id = on.api.inlineQuery(on.api.user(userId), query, offset);
  return on.api.waitFor(
    (c) => c.method === "answerInlineQuery" && c.params.inline_query_id === id,
    20_000,
    `the answer to inline query ${JSON.stringify(query)}`,
  );
}

function resultsOf(call: ApiCall): InlineQueryResultArticle[] {
  return call.params.results as InlineQueryResultArticle[];
}

function messageText(result: InlineQueryResultArticle): string {
  return (result.input_message_content as InputTextMessageContent).message_text;
}

describe("inline mode", () => {
  it("offers the cited answer first, then the passages that support it", async () => {
    const first = await inline(5001, QUESTION);
    expect(first.ok).toBe(true);
    const page0 = resultsOf(first);
    // The answer, then its passage and only the passages that support it or bear on the question.
    expect(page0.length).toBeGreaterThanOrEqual(2);
    expect(page0.length).toBeLessThanOrEqual(10);
    // The question is in Chinese, and so are the bot's words ("回答：", answer).
    expect(page0[0]!.title).toMatch(/^回答：/);
    expect(page0[0]!.description).toContain("92.8%");
    expect(messageText(page0[0]!)).toContain("<b>92.8%</b>");
    expect(messageText(page0[0]!)).toContain(QUESTION);
    expect(messageText(page0[0]!)).toContain("<b>[1]</b>");
    expect(page0[1]!.title).toContain("[1] 教育局局長在2019年全市教育工作會議上的講話");
    expect(messageText(page0[1]!)).toContain("<blockquote>");
    expect(first.params.cache_time).toBe(10);
    expect(first.params.is_personal).toBe(false);
    expect(first.params.button).toMatchObject({ text: "在私聊中提问", start_parameter: "ask" });

    const ids = new Set(page0.map((r) => r.id));
    let offset = String(first.params.next_offset ?? "");
    let total = page0.length;
    while (offset) {
      const page = await inline(5001, QUESTION, offset);
      expect(page.ok).toBe(true);
      for (const result of resultsOf(page)) {
        expect(ids.has(result.id)).toBe(false);
        ids.add(result.id);
      }
      total += resultsOf(page).length;
      offset = String(page.params.next_offset ?? "");
    }
    expect(total).toBeLessThanOrEqual(50);
  });

  it("shows a help result for empty or meaningless queries", async () => {
    for (const query of ["", " ", "?!", "😀", "学"]) {
      const call = await inline(5002, query);
      expect(call.ok).toBe(true);
      const results = resultsOf(call);
      expect(results).toHaveLength(1);
      expect(results[0]!.id).toBe("help");
      expect(messageText(results[0]!)).toContain(`@${h.api.me.username}`);
    }
  });

  it("answers honestly when nothing matches", async () => {
    const call = await inline(5003, "火星殖民地的氧气储备");
    expect(call.ok).toBe(true);
    const results = resultsOf(call);
    expect(results[0]!.title).toMatch(/no answer|没有找到答案/i);
    expect(call.params.next_offset).toBe("");
  });

  it("never fails on odd input up to 256 characters", async () => {
    const odd = [
      "<script>alert(1)</script> 学前教育",
      "<b>unbalanced & 毛入园率 &amp; &lt;",
      "\u202Eمرحبا بالعالم 2019年 教育",
      "'\"<>&'\"<>& 92.8%",
      "😀🎉👍🏽 学前教育 ".repeat(12).slice(0, 256),
      "学".repeat(256),
      "a".repeat(256),
      "\u0000\u0007 控制字符 教育",
    ];
    for (const query of odd) {
      const call = await inline(5004, query);
      expect(call.ok, `${JSON.stringify(query.slice(0, 30))}: ${call.error}`).toBe(true);
    }
  });
});

describe("inline paging", () => {
  let paging: Harness;
  beforeAll(async () => {
    paging = await startHarness({}, { docs: { "branches.md": BRANCH_REPORT } });
  });
  afterAll(async () => {
    await paging?.stop();
  });

  it("pages ten results at a time through next_offset, fifty at most, each once", async () => {
    const question = "东城分馆2023年借出了多少册图书？";
    const first = await inline(5101, question, "", paging);
    const page0 = resultsOf(first);
    expect(page0).toHaveLength(10);
    expect(page0[0]!.description).toContain("41000册");
    expect(first.params.next_offset).toBe("1");
    const ids = new Set(page0.map((r) => r.id));
    let offset = String(first.params.next_offset);
    let total = page0.length;
    while (offset) {
      const page = await inline(5101, question, offset, paging);
      for (const r of resultsOf(page)) {
        expect(ids.has(r.id), `result ${r.id} repeated`).toBe(false);
        ids.add(r.id);
      }
      total += resultsOf(page).length;
      offset = String(page.params.next_offset ?? "");
    }
    // The answer and the fifteen branches' passages.
    expect(total).toBeGreaterThan(10);
    expect(total).toBeLessThanOrEqual(50);
  });
});
