// Running the bot: long polling with @grammyjs/runner (concurrent, ordered per chat by
// sequentialize), or a webhook on node:http when WEBHOOK_URL is set, with Telegram's secret
// token checked on every request. Start-up registers the command menus and prints standing
// warnings once; stop() ends polling or closes the server and waits for handlers to finish.
import http from "node:http";
import { randomBytes } from "node:crypto";
import { run, type RunnerHandle } from "@grammyjs/runner";
import { GrammyError, webhookCallback, type Bot, type Context } from "grammy";
import { oneLine, UserError } from "../errors.js";
import { redact } from "../log.js";
import type { BotDeps } from "./deps.js";
import { reportError } from "./errors.js";
import { registerCommands } from "./features/commands.js";

/** The update types the bot handles (anything else is not even fetched). */
export const ALLOWED_UPDATES = ["message", "callback_query", "inline_query", "chosen_inline_result", "my_chat_member"] as const;

/** A started bot. */
export interface RunningBot {
  mode: "polling" | "webhook";
  /** Resolves when polling ends by itself (a fatal error such as 401 or 409); never in webhook mode. */
  done: Promise<void>;
  /** Stops taking updates and waits for the ones in progress. */
  stop(): Promise<void>;
}

/** Options of startBot. */
export interface StartOptions {
  /** Long-poll timeout in seconds (tests use short ones). */
  pollTimeoutSeconds?: number;
  /** Register command menus with setMyCommands (default true). */
  registerCommands?: boolean;
  /** Give up reaching the Bot API at start-up after this long (default STARTUP_TIMEOUT_MS). */
  startupTimeoutMs?: number;
}

/** How long start-up keeps trying to reach the Bot API before giving up with one line. */
export const STARTUP_TIMEOUT_MS = 20_000;

/** Fetches the bot's identity, turning a rejected token into a one-line UserError. */
async function initBot<C extends Context>(bot: Bot<C>, apiRoot: string | undefined, timeoutMs: number): Promise<void> {
  try {
    // grammY and autoRetry retry network errors for ever: a mistyped BOT_API_ROOT (or no route
    // to Telegram) would hang start-up without a word. Give up after a while instead.
    await bot.init(AbortSignal.timeout(timeoutMs) as unknown as Parameters<Bot<C>["init"]>[0]);
  } catch (error) {
    if (error instanceof GrammyError && (error.error_code === 401 || error.error_code === 404)) {
      throw new UserError("Telegram rejected BOT_TOKEN (401 Unauthorized): check the token from @BotFather");
    }
    const root = redact(apiRoot ?? "https://api.telegram.org", [bot.token]);
    const seconds = Math.round(timeoutMs / 1000);
    if (error instanceof GrammyError) throw new UserError(`the Telegram Bot API at ${root} failed at start-up: ${redact(oneLine(error), [bot.token])}`);
    // Timed out while retrying: each failed attempt is in the log with its cause (ECONNREFUSED…).
    throw new UserError(
      `could not reach the Telegram Bot API at ${root} within ${seconds} s; check BOT_API_ROOT, the network or the proxy (the log shows each attempt)`,
    );
  }
}

/** Starts the bot in the mode the config asks for. */
export async function startBot<C extends Context>(bot: Bot<C>, deps: BotDeps, options: StartOptions = {}): Promise<RunningBot> {
  const { config, logger, engine } = deps;
  // A malformed secret is the user's to fix: say so before any network call.
  const secret = config.webhookUrl ? webhookSecret(config.webhookSecret) : undefined;
  await initBot(bot, config.botApiRoot, options.startupTimeoutMs ?? STARTUP_TIMEOUT_MS);
  for (const warning of engine.warnings) logger.warn(warning);
  if (options.registerCommands !== false) {
    void registerCommands(bot.api, config, logger);
  }
  if (secret !== undefined) return startWebhook(bot, deps, secret);

  try {
    // A webhook left over from an earlier deployment would make getUpdates fail with 409.
    await bot.api.deleteWebhook();
  } catch (error) {
    reportError(logger, bot.token, error, "deleteWebhook failed");
  }
  const runner: RunnerHandle = run(bot, {
    runner: {
      fetch: { timeout: options.pollTimeoutSeconds ?? 30, allowed_updates: ALLOWED_UPDATES },
      // The runner would print raw errors with console.error; failed calls are logged by our transformer.
      silent: true,
      retryInterval: "exponential",
    },
  });
  logger.info({ username: bot.botInfo.username, mode: "polling" }, "bot started");
  const done = (runner.task() ?? Promise.resolve()).catch((error: unknown) => {
    reportError(logger, bot.token, error, "polling stopped");
  });
  return {
    mode: "polling",
    done,
    stop: async () => {
      if (runner.isRunning()) await runner.stop();
    },
  };
}

/** WEBHOOK_SECRET checked (Telegram's alphabet), or a random one when it is not set. */
function webhookSecret(configured: string | undefined): string {
  const secret = configured ?? randomBytes(24).toString("hex");
  if (!/^[A-Za-z0-9_-]{1,256}$/.test(secret)) throw new UserError("WEBHOOK_SECRET may contain only A-Z, a-z, 0-9, _ and - (1–256 characters)");
  return secret;
}

async function startWebhook<C extends Context>(bot: Bot<C>, deps: BotDeps, secret: string): Promise<RunningBot> {
  const { config, logger } = deps;
  const url = new URL(config.webhookUrl!);
  // grammY answers 401 to any request whose X-Telegram-Bot-Api-Secret-Token header is wrong.
  const handle = webhookCallback(bot, "http", { secretToken: secret, onTimeout: "return", timeoutMilliseconds: 50_000 });
  const server = http.createServer((req, res) => {
    const pathname = new URL(req.url ?? "/", "http://localhost").pathname;
    if (req.method === "GET" && pathname === "/healthz") {
      res.writeHead(200, { "content-type": "text/plain" }).end("ok\n");
      return;
    }
    if (req.method !== "POST" || pathname !== url.pathname) {
      res.writeHead(404).end();
      return;
    }
    handle(req, res).catch((error: unknown) => {
      reportError(logger, bot.token, error, "webhook request failed");
      if (!res.headersSent) res.writeHead(500).end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", (error) => reject(new UserError(`cannot listen on port ${config.port}: ${error.message}`)));
    server.listen(config.port, resolve);
  });
  await bot.api.setWebhook(url.href, { secret_token: secret, allowed_updates: ALLOWED_UPDATES });
  logger.info({ username: bot.botInfo.username, mode: "webhook", port: config.port, path: url.pathname }, "bot started");
  return {
    mode: "webhook",
    done: new Promise<void>(() => undefined),
    stop: () =>
      new Promise<void>((resolve) => {
        // The webhook stays registered: Telegram keeps updates until the next start.
        server.close(() => resolve());
        server.closeIdleConnections();
      }),
  };
}
