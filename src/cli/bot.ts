// `npm start`: the Telegram bot. Loads the config, refuses to start (one line, exit 2) without a
// well-formed BOT_TOKEN, opens the engine (building the index on first run), then polls — or
// serves a webhook when WEBHOOK_URL is set — until SIGINT/SIGTERM.
import { loadConfig, secretsOf } from "../config.js";
import { createLogger } from "../log.js";
import { checkBotToken, createBot } from "../bot/create-bot.js";
import { startBot } from "../bot/run.js";
import { openAppEngine } from "../app.js";
import { runCli } from "./run.js";

/** Longest wait for handlers in progress when stopping, before exiting anyway. */
const SHUTDOWN_GRACE_MS = 10_000;

runCli(async () => {
  const config = loadConfig();
  // Check the token before the slow part (opening the engine): a typo should fail at once.
  checkBotToken(config.botToken);
  const logger = createLogger(config.logLevel, secretsOf(config));
  const engine = await openAppEngine(config, logger, { autoIngest: true, onMessage: (message) => logger.info(message) });
  let running: Awaited<ReturnType<typeof startBot>>;
  try {
    const deps = { engine, config, logger };
    running = await startBot(createBot(deps), deps);
  } catch (error) {
    engine.close();
    throw error;
  }
  const bot = running;

  return new Promise<number>((resolve) => {
    let stopping = false;
    const shutdown = (signal: string): void => {
      if (stopping) return;
      stopping = true;
      logger.info({ signal }, "stopping: finishing the updates in progress");
      setTimeout(() => {
        logger.warn("handlers did not finish in time; exiting anyway");
        process.exit(1);
      }, SHUTDOWN_GRACE_MS).unref();
      bot
        .stop()
        .catch(() => undefined)
        .finally(() => {
          engine.close();
          logger.info("stopped");
          resolve(0);
        });
    };
    process.once("SIGINT", () => shutdown("SIGINT"));
    process.once("SIGTERM", () => shutdown("SIGTERM"));
    void bot.done.then(() => {
      if (stopping) return;
      // Polling ended by itself (e.g. 401, or 409: another instance is polling this token).
      engine.close();
      resolve(1);
    });
  });
});
