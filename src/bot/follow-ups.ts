// Which earlier question a new one may follow: the question of the answer it replies to, or —
// within 10 minutes — the same person's previous question in the same chat. The recent
// questions live in memory only (they are keyed by person); the completion itself is the pure
// completeFollowUp() of src/search/follow-up.ts, over both questions as the engine analyses them.
import { completeFollowUp, type FollowUp } from "../search/follow-up.js";
import type { Question } from "../search/question.js";

/** How long a question can be followed up without replying to its answer. */
export const FOLLOW_UP_WINDOW_MS = 10 * 60 * 1000;

/** The last question (as understood) of each person in each chat, with when it was asked. */
export class RecentQuestions {
  private readonly last = new Map<string, { question: string; at: number }>();

  constructor(
    private readonly now: () => number = Date.now,
    private readonly windowMs = FOLLOW_UP_WINDOW_MS,
  ) {}

  /** Notes a question a person asked in a chat. */
  note(chatId: number, userId: number, question: string): void {
    const key = `${chatId}:${userId}`;
    this.last.delete(key);
    this.last.set(key, { question, at: this.now() });
    if (this.last.size > 20_000) this.last.delete(this.last.keys().next().value!);
  }

  /** The person's previous question in the chat, if it was asked within the window. */
  previous(chatId: number, userId: number): string | undefined {
    const entry = this.last.get(`${chatId}:${userId}`);
    return entry && this.now() - entry.at <= this.windowMs ? entry.question : undefined;
  }
}

/** A question as the bot understands it: completed from an earlier one when it leans on it. */
export interface Understood {
  question: string;
  followUp?: FollowUp & { previous: string };
}

/** Completes a question from the earlier one it may follow (none: taken as asked), analysing each once. */
export function understand(question: string, previous: string | undefined, analyse: (text: string) => Question): Understood {
  if (previous === undefined) return { question };
  const followUp = completeFollowUp(analyse(previous), analyse(question));
  return followUp ? { question: followUp.question, followUp: { ...followUp, previous } } : { question };
}
