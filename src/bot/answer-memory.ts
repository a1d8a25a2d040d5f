// The answers behind the bot's buttons, kept in SQLite for 7 days (src/store/answers.ts) under a
// short id, since callback data holds at most 64 bytes: "More sources", 👍/👎 and the section
// buttons keep working after a restart, and a reply to an answer finds the question it answered.
// Votes already cast are remembered in memory only (per answer and person), so nobody's
// Telegram id is ever written to disk; after a restart a repeated tap may count twice.
import { randomBytes } from "node:crypto";
import {
  answerById,
  answerOfMessage,
  insertAnswer,
  linkAnswerMessages,
  purgeExpiredAnswers,
  type RelatedSection,
  type SourceRef,
  type StoredAnswer,
} from "../store/answers.js";
import type { Store } from "../store/store.js";

export type { RelatedSection, SourceRef, StoredAnswer };

/** How long an answer's buttons work. */
export const ANSWER_TTL_MS = 7 * 24 * 60 * 60 * 1000;

/** An answer looked up by a button: remembered, expired, or unknown (never seen, or purged). */
export type Recalled = { status: "ok"; answer: StoredAnswer } | { status: "expired"; answer: StoredAnswer } | { status: "unknown" };

/** What remember() needs: the answer without its id and times. */
export type NewAnswer = Omit<StoredAnswer, "id" | "createdAt" | "expiresAt">;

/** The bot's memory of its answers, over the store, with an injectable clock. */
export class AnswerMemory {
  private readonly votes = new Map<string, { vote: 1 | -1; feedbackId: number }>();
  private remembered = 0;

  constructor(
    private readonly store: Store,
    private readonly now: () => number = Date.now,
    private readonly ttlMs = ANSWER_TTL_MS,
  ) {}

  /** Stores an answer and returns its id (8 URL-safe characters). */
  remember(entry: NewAnswer): string {
    const createdAt = this.now();
    // Swept now and then, a week after they expired: until then a press is told the answer
    // expired; after it, that the button no longer works (polite either way).
    if (this.remembered++ % 200 === 0) purgeExpiredAnswers(this.store, createdAt - this.ttlMs);
    for (;;) {
      const id = randomBytes(6).toString("base64url");
      if (insertAnswer(this.store, { ...entry, id, createdAt, expiresAt: createdAt + this.ttlMs })) return id;
    }
  }

  /** Notes which sent messages carry an answer (a reply to any of them is a follow-up). */
  sentAs(id: string, chatId: number, messageIds: readonly number[]): void {
    linkAnswerMessages(this.store, id, chatId, messageIds);
  }

  /**
   * The answer under an id, and whether its buttons still work. A button pressed in another chat
   * than the answer's (a forwarded message) is unknown there: it would show that chat's documents.
   */
  recall(id: string, chatId: number | undefined): Recalled {
    const answer = answerById(this.store, id);
    if (!answer || (chatId !== undefined && chatId !== answer.chatId)) return { status: "unknown" };
    return answer.expiresAt < this.now() ? { status: "expired", answer } : { status: "ok", answer };
  }

  /** The unexpired answer a sent message carries, if any. */
  ofMessage(chatId: number, messageId: number): StoredAnswer | undefined {
    const answer = answerOfMessage(this.store, chatId, messageId);
    return answer && answer.expiresAt >= this.now() ? answer : undefined;
  }

  /** The vote a person already cast on an answer in this process, if any. */
  voteOf(id: string, userId: number): { vote: 1 | -1; feedbackId: number } | undefined {
    return this.votes.get(`${id}:${userId}`);
  }

  /** Remembers a vote (in memory only), forgetting the oldest beyond a few thousand. */
  noteVote(id: string, userId: number, vote: 1 | -1, feedbackId: number): void {
    const key = `${id}:${userId}`;
    this.votes.delete(key);
    this.votes.set(key, { vote, feedbackId });
    if (this.votes.size > 10_000) this.votes.delete(this.votes.keys().next().value!);
  }
}
