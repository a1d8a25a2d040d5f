// The bot's answer memory in SQLite: what an answer's buttons need (the question as understood,
// the chat whose documents it searched, the cited sources, the related sections, the language)
// under a short id that fits callback data, with an expiry, so buttons keep working after a
// restart; and which sent messages carry which answer, so a reply to one is a follow-up of its
// question. Nothing about the person who asked is stored, only the chat.
import type { Store } from "./store.js";

/** What feedback and "More sources" keep of one cited source. */
export interface SourceRef {
  n: number;
  title: string;
  section: string;
  source: string;
  chunkId: number;
  documentId: number;
  score: number;
}

/** A section offered under an answer: a document and a heading path in it. */
export interface RelatedSection {
  documentId: number;
  headingPath: string[];
}

/** One remembered answer. */
export interface StoredAnswer {
  id: string;
  chatId: number;
  /** Milliseconds since the epoch. */
  createdAt: number;
  expiresAt: number;
  /** The question as understood (a follow-up completed). */
  question: string;
  locale: string;
  found: boolean;
  refusal?: string;
  sources: SourceRef[];
  related: RelatedSection[];
}

interface RawAnswer {
  id: string;
  chat_id: number;
  created_at: number;
  expires_at: number;
  question: string;
  locale: string;
  found: number;
  refusal: string | null;
  sources: string;
  related: string;
}

function toAnswer(row: RawAnswer): StoredAnswer {
  return {
    id: row.id,
    chatId: row.chat_id,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    question: row.question,
    locale: row.locale,
    found: row.found === 1,
    ...(row.refusal ? { refusal: row.refusal } : {}),
    sources: JSON.parse(row.sources) as SourceRef[],
    related: JSON.parse(row.related) as RelatedSection[],
  };
}

/** Stores an answer; false when the id is taken (the caller draws another). */
export function insertAnswer(store: Store, answer: StoredAnswer): boolean {
  const info = store.db
    .prepare(
      `INSERT OR IGNORE INTO answers (id, chat_id, created_at, expires_at, question, locale, found, refusal, sources, related)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(
      answer.id,
      answer.chatId,
      answer.createdAt,
      answer.expiresAt,
      answer.question,
      answer.locale,
      answer.found ? 1 : 0,
      answer.refusal ?? null,
      JSON.stringify(answer.sources),
      JSON.stringify(answer.related),
    );
  return info.changes === 1;
}

/** The answer stored under an id, expired or not (the caller tells the two apart). */
export function answerById(store: Store, id: string): StoredAnswer | undefined {
  const row = store.db.prepare("SELECT * FROM answers WHERE id = ?").get(id) as RawAnswer | undefined;
  return row ? toAnswer(row) : undefined;
}

/** Records which sent messages carry an answer. */
export function linkAnswerMessages(store: Store, answerId: string, chatId: number, messageIds: readonly number[]): void {
  const insert = store.db.prepare("INSERT OR REPLACE INTO answer_messages (chat_id, message_id, answer_id) VALUES (?, ?, ?)");
  store.db.transaction(() => {
    for (const messageId of messageIds) insert.run(chatId, messageId, answerId);
  })();
}

/** The answer a sent message carries, if it is remembered. */
export function answerOfMessage(store: Store, chatId: number, messageId: number): StoredAnswer | undefined {
  const row = store.db
    .prepare("SELECT a.* FROM answer_messages m JOIN answers a ON a.id = m.answer_id WHERE m.chat_id = ? AND m.message_id = ?")
    .get(chatId, messageId) as RawAnswer | undefined;
  return row ? toAnswer(row) : undefined;
}

/** Deletes answers that expired before `now` (their messages go with them); returns how many. */
export function purgeExpiredAnswers(store: Store, now: number): number {
  return store.db.prepare("DELETE FROM answers WHERE expires_at < ?").run(now).changes;
}
