// Rate limits with @grammyjs/ratelimiter: per user and per chat for questions, per user for
// buttons and inline queries. Each window starts at a user's first request (our in-memory
// counter store, given to the plugin through its Redis-like interface), and the polite
// "please wait" message is sent once per window, not once per message.
import { limit } from "@grammyjs/ratelimiter";
import type { Context, MiddlewareFn } from "grammy";
import { isAddressed } from "../addressing.js";

/** The limits: requests allowed per window. */
export const RATE_LIMITS = {
  questionsPerUser: { limit: 5, windowMs: 10_000 },
  questionsPerChat: { limit: 20, windowMs: 10_000 },
  buttonsPerUser: { limit: 10, windowMs: 10_000 },
  inlinePerUser: { limit: 30, windowMs: 10_000 },
} as const;

/**
 * A counter store with per-key expiry, shaped like the two Redis calls the plugin uses. Unlike
 * the plugin's memory store (one global window for everybody), each key's window starts at its
 * first hit.
 */
export class ExpiringCounters {
  private counters = new Map<string, { count: number; expiresAt: number }>();
  private operations = 0;

  /** Increments a counter (starting over if its window has passed) and returns the new count. */
  async incr(key: string): Promise<number> {
    const now = Date.now();
    if (++this.operations % 1000 === 0) this.sweep(now);
    const entry = this.counters.get(key);
    if (!entry || entry.expiresAt <= now) {
      this.counters.set(key, { count: 1, expiresAt: Number.POSITIVE_INFINITY });
      return 1;
    }
    entry.count++;
    return entry.count;
  }

  /** Sets when a counter's window ends. */
  async pexpire(key: string, milliseconds: number): Promise<number> {
    const entry = this.counters.get(key);
    if (!entry) return 0;
    entry.expiresAt = Date.now() + milliseconds;
    return 1;
  }

  private sweep(now: number): void {
    for (const [key, entry] of this.counters) if (entry.expiresAt <= now) this.counters.delete(key);
  }
}

/**
 * Middleware applying every limit; only messages addressed to the bot count as questions, and
 * exempt users (the admins, who may upload a batch of files at once) are never limited.
 */
export function rateLimits<C extends Context>(
  onLimited: (ctx: C, what: "question" | "button" | "inline") => Promise<void>,
  isExempt: (userId: number | undefined) => boolean = () => false,
): MiddlewareFn<C> {
  type Kind = "question" | "button" | "inline";
  // One limiter per rule, each with its own counters; the default key is the user.
  const limiter = (rule: { limit: number; windowMs: number }, keyPrefix: string, what: Kind, options: { perChat?: boolean; alwaysReply?: boolean } = {}) =>
    limit<C, ExpiringCounters>({
      timeFrame: rule.windowMs,
      limit: rule.limit,
      storageClient: new ExpiringCounters(),
      keyPrefix,
      keyGenerator: (ctx: C) => (options.perChat ? ctx.chat?.id : ctx.from?.id)?.toString(),
      ...(options.alwaysReply ? { alwaysReply: true } : {}),
      onLimitExceeded: (ctx: C) => void onLimited(ctx, what),
    });
  const perUser = limiter(RATE_LIMITS.questionsPerUser, "q-user:", "question");
  const perChat = limiter(RATE_LIMITS.questionsPerChat, "q-chat:", "question", { perChat: true });
  // Every press of a button or inline query must be answered, so the refusal is sent each time
  // (a toast or an empty result, not a message).
  const buttons = limiter(RATE_LIMITS.buttonsPerUser, "button:", "button", { alwaysReply: true });
  const inline = limiter(RATE_LIMITS.inlinePerUser, "inline:", "inline", { alwaysReply: true });
  return async (ctx, next) => {
    if (isExempt(ctx.from?.id)) return next();
    if (ctx.callbackQuery) return buttons(ctx, next);
    if (ctx.inlineQuery) return inline(ctx, next);
    if (ctx.message && isAddressed(ctx)) return perUser(ctx, () => perChat(ctx, next));
    return next();
  };
}
