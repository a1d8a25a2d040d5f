// End-to-end harness: the real bot (createBot + runner) against the fake Bot API server, over a
// real engine whose index is built from data/docs in a temporary DATA_DIR. Logs are captured
// from the pino destination so tests can check what was written (and that the token was not).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Writable } from "node:stream";
import { fileURLToPath } from "node:url";
import type { Bot } from "grammy";
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
  bot: Bot;
  engine: Engine;
  config: Config;
  running: RunningBot;
  dataDir: string;
  /** Every log line written so far. */
  logs: string[];
  stop(): Promise<void>;
}

/** Starts fake API, engine and bot; `env` overrides the configuration. */
export async function startHarness(env: Record<string, string> = {}): Promise<Harness> {
  const api = await FakeBotApi.start();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "docqa-bot-"));
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
      DOCS_DIR: path.join(REPO_ROOT, "data/docs"),
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
  const engine = await openAppEngine(config, logger, { autoIngest: true });
  const deps = { engine, config, logger };
  const bot = createBot(deps);
  const running = await startBot(bot, deps, { pollTimeoutSeconds: 1 });
  return {
    api,
    bot,
    engine,
    config,
    running,
    dataDir,
    logs,
    async stop() {
      await running.stop();
      engine.close();
      await api.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** True when a sendMessage call went to the chat. */
export function sentTo(chatId: number) {
  return (call: { method: string; ok: boolean; params: Record<string, unknown> }): boolean =>
    call.method === "sendMessage" && call.ok && Number(call.params.chat_id) === chatId;
}
