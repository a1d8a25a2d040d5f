// End-to-end harness: the real bot (createBot + runner) against the fake Bot API server, over a
// real engine whose index is built in a temporary DATA_DIR — from data/docs, or from documents
// the test writes itself. Logs are captured from the pino destination so tests can check what
// was written (and that the token was not). A test clock moves time without waiting, and
// restart() replaces the bot process's state (engine and bot) on the same DATA_DIR.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Writable } from "node:stream";
import { fileURLToPath } from "node:url";
import type { Bot } from "grammy";
import type { BotContext } from "../../src/bot/i18n.js";
import { loadConfig, type Config } from "../../src/config.js";
import { createLogger } from "../../src/log.js";
import type { Engine } from "../../src/engine.js";
import { openAppEngine } from "../../src/app.js";
import { createBot } from "../../src/bot/create-bot.js";
import { startBot, type RunningBot } from "../../src/bot/run.js";
import { FakeBotApi } from "./fake-bot-api.js";

/** The repository root. */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

/** The admin of every harness. */
export const ADMIN_ID = 1001;

/** A running bot with everything around it. */
export interface Harness {
  api: FakeBotApi;
  bot: Bot<BotContext>;
  engine: Engine;
  config: Config;
  running: RunningBot;
  dataDir: string;
  /** Every log line written so far. */
  logs: string[];
  /** The bot's clock; move it with `advance`. */
  clock: TestClock;
  /** Stops the bot and its engine and starts new ones on the same DATA_DIR (a restarted process). */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

/** A clock tests move by hand. */
export interface TestClock {
  now(): number;
  advance(ms: number): void;
}

/** Options of startHarness. */
export interface HarnessOptions {
  /** Documents to build the index from (file name → text) instead of data/docs. */
  docs?: Record<string, string>;
}

function testClock(): TestClock {
  let now = Date.now();
  return {
    now: () => now,
    advance: (ms) => {
      now += ms;
    },
  };
}

/** Starts fake API, engine and bot; `env` overrides the configuration. */
export async function startHarness(env: Record<string, string> = {}, options: HarnessOptions = {}): Promise<Harness> {
  const api = await FakeBotApi.start();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "docqa-bot-"));
  let docsDir = path.join(REPO_ROOT, "data/docs");
  if (options.docs) {
    docsDir = path.join(dataDir, "docs");
    fs.mkdirSync(docsDir);
    for (const [name, text] of Object.entries(options.docs)) fs.writeFileSync(path.join(docsDir, name), text);
  }
  const logs: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer | string, _encoding, callback) {
      logs.push(chunk.toString());
      callback();
    },
  });
  const config = loadConfig(
    {
      DATA_DIR: dataDir,
      DOCS_DIR: docsDir,
      EMBED_MODEL: "none",
      ALLOW_MODEL_DOWNLOAD: "false",
      BOT_TOKEN: api.token,
      BOT_API_ROOT: api.apiRoot,
      ADMIN_USER_IDS: String(ADMIN_ID),
      LOG_LEVEL: "debug",
      ...env,
    },
    REPO_ROOT,
  );
  const logger = createLogger(config.logLevel, [config.botToken], destination);
  const clock = testClock();
  const launch = async (): Promise<{ engine: Engine; bot: Bot<BotContext>; running: RunningBot }> => {
    const engine = await openAppEngine(config, logger, { autoIngest: true });
    const deps = { engine, config, logger, clock: clock.now };
    const bot = createBot(deps);
    const running = await startBot(bot, deps, { pollTimeoutSeconds: 1 });
    return { engine, bot, running };
  };
  const harness: Harness = {
    api,
    ...(await launch()),
    config,
    dataDir,
    logs,
    clock,
    async restart() {
      await harness.running.stop();
      harness.engine.close();
      Object.assign(harness, await launch());
    },
    async stop() {
      await harness.running.stop();
      harness.engine.close();
      await api.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return harness;
}

/** True when a sendMessage call went to the chat. */
export function sentTo(chatId: number) {
  return (call: { method: string; ok: boolean; params: Record<string, unknown> }): boolean =>
    call.method === "sendMessage" && call.ok && Number(call.params.chat_id) === chatId;
}
