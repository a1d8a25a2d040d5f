// How the bot survives Telegram's errors: API transformers that retry in a migrated supergroup,
// treat "message is not modified" as success and log failed calls, and the one place that turns
// any error into ONE redacted log line (never the context or the error object: both can carry
// the bot token).
import { GrammyError, HttpError, type Transformer } from "grammy";
import { isUserError, oneLine } from "../errors.js";
import { redact, type Logger } from "../log.js";

/** True for Telegram's "message is not modified" (an edit that changes nothing). */
export function isNotModified(error: unknown): boolean {
  return error instanceof GrammyError && error.error_code === 400 && /message is not modified/i.test(error.description);
}

/** True when the user blocked the bot, or the bot was removed from the chat. */
export function isForbidden(error: unknown): boolean {
  return error instanceof GrammyError && error.error_code === 403;
}

/** True when Telegram refused our HTML (a formatting bug: the caller can fall back to plain text). */
export function isEntityParseError(error: unknown): boolean {
  return error instanceof GrammyError && error.error_code === 400 && /can't parse entities|message is too long/i.test(error.description);
}

/**
 * The system error code under a network failure (ECONNREFUSED, ENOTFOUND, ETIMEDOUT…), safe to
 * print: grammY's HttpError wraps an error whose message holds the request URL, token included.
 */
export function networkCause(error: unknown): string | undefined {
  const inner = error instanceof HttpError ? (error.error as { code?: unknown; cause?: { code?: unknown } } | undefined) : undefined;
  const code = inner?.code ?? inner?.cause?.code;
  return typeof code === "string" && /^[A-Z][A-Z0-9_]{1,40}$/.test(code) ? code : undefined;
}

/** Logs an error as one line, token redacted; `what` says what the bot was doing. */
export function reportError(logger: Logger, token: string, error: unknown, what: string, fields: Record<string, string | number | undefined> = {}): void {
  const message = redact(oneLine(error), [token]);
  if (isForbidden(error)) {
    logger.info({ ...fields, code: 403 }, `${what}: ${message} (the user blocked the bot or removed it; going on)`);
  } else if (error instanceof GrammyError) {
    logger.warn({ ...fields, method: error.method, code: error.error_code }, `${what}: ${message}`);
  } else if (error instanceof HttpError) {
    const cause = networkCause(error);
    logger.warn(fields, `${what}: network error talking to Telegram: ${message}${cause ? ` (${cause})` : ""}`);
  } else if (isUserError(error)) {
    logger.info(fields, `${what}: ${message}`);
  } else {
    // A bug: keep the first stack frame that points into our code, still on one line.
    const frame =
      error instanceof Error
        ? (error.stack ?? "")
            .split("\n")
            .find((l) => l.includes("/src/"))
            ?.trim()
        : undefined;
    logger.error({ ...fields, at: frame ? redact(frame, [token]) : undefined }, `${what}: ${message}`);
  }
}

function chatIdOf(payload: unknown): number | string | undefined {
  if (payload && typeof payload === "object" && "chat_id" in payload) {
    const id = (payload as { chat_id: unknown }).chat_id;
    if (typeof id === "number" || typeof id === "string") return id;
  }
  return undefined;
}

/**
 * When a group was upgraded to a supergroup, Telegram answers with `migrate_to_chat_id`: repeat
 * the call there, and send every later call for the old id straight to the new one.
 */
export function followChatMigrations(logger: Logger): Transformer {
  const moved = new Map<string, number>();
  return async (prev, method, payload, signal) => {
    const chatId = chatIdOf(payload);
    let current = payload;
    const known = chatId === undefined ? undefined : moved.get(String(chatId));
    if (known !== undefined) current = { ...payload, chat_id: known };
    const result = await prev(method, current, signal);
    const target = !result.ok ? result.parameters?.migrate_to_chat_id : undefined;
    if (target === undefined || chatId === undefined) return result;
    moved.set(String(chatId), target);
    logger.info({ method, from: chatId, to: target }, "group became a supergroup: repeating the call in the new chat");
    return prev(method, { ...current, chat_id: target }, signal);
  };
}

/** Turns "message is not modified" into success: pressing the same page twice is not an error. */
export function ignoreNotModified(): Transformer {
  return async (prev, method, payload, signal) => {
    const result = await prev(method, payload, signal);
    type Result = typeof result;
    if (!result.ok && result.error_code === 400 && /message is not modified/i.test(result.description)) {
      // editMessageText's result is the edited message or `true`; callers don't read it.
      return { ok: true, result: true } as unknown as Result;
    }
    return result;
  };
}

/**
 * Logs failed API calls as one line each (method, code, description; never the payload). The
 * runner is silenced, so this is where failing getUpdates calls become visible.
 */
export function logFailedCalls(logger: Logger, token: string): Transformer {
  return async (prev, method, payload, signal) => {
    try {
      const result = await prev(method, payload, signal);
      if (!result.ok) {
        const level = method === "getUpdates" || result.error_code >= 500 ? "warn" : "debug";
        logger[level]({ method, code: result.error_code }, `Telegram refused ${method}: ${redact(result.description, [token])}`);
      }
      return result;
    } catch (error) {
      const cause = networkCause(error);
      if (!signal?.aborted) logger.warn({ method }, `call to ${method} failed: ${redact(oneLine(error), [token])}${cause ? ` (${cause})` : ""}`);
      throw error;
    }
  };
}
