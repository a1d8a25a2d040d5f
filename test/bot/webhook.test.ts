import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "../../src/embed/local-server.js";
import { startHarness, type Harness } from "./harness.js";

const SECRET = "test_webhook_secret-123";
let h: Harness;
let port: number;

beforeAll(async () => {
  port = await freePort();
  h = await startHarness({ WEBHOOK_URL: `http://127.0.0.1:${port}/telegram/hook`, WEBHOOK_SECRET: SECRET, PORT: String(port) });
});

afterAll(async () => {
  await h?.stop();
});

async function post(pathname: string, body: unknown, secret?: string): Promise<number> {
  const response = await fetch(`http://127.0.0.1:${port}${pathname}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...(secret ? { "x-telegram-bot-api-secret-token": secret } : {}) },
    body: JSON.stringify(body),
  });
  await response.arrayBuffer();
  return response.status;
}

describe("webhook mode", () => {
  it("registers the webhook with its secret token and does not poll", () => {
    const setWebhook = h.api.callsOf("setWebhook")[0];
    expect(setWebhook?.params).toMatchObject({ url: `http://127.0.0.1:${port}/telegram/hook`, secret_token: SECRET });
    expect(h.api.callsOf("getUpdates")).toEqual([]);
    expect(h.running.mode).toBe("webhook");
  });

  it("refuses updates without the right secret and answers those with it", async () => {
    const user = h.api.user(9001);
    // The fake records the chat; the update itself is delivered by POSTing it to the webhook.
    const message = h.api.userMessage(user, "2019年学前教育三年毛入园率的目标是多少？");
    const update = { update_id: 900001, message };
    expect(await post("/telegram/hook", update)).toBe(401);
    expect(await post("/telegram/hook", update, "wrong-secret")).toBe(401);
    expect(await post("/elsewhere", update, SECRET)).toBe(404);
    expect(h.api.callsOf("sendMessage")).toEqual([]);

    expect(await post("/telegram/hook", update, SECRET)).toBe(200);
    const answer = await h.api.waitFor((c) => c.method === "sendMessage" && c.ok && Number(c.params.chat_id) === 9001);
    expect(String(answer.params.text)).toContain("<b>92.8%</b>");
    expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
  });
});
