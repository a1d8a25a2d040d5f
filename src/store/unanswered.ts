// The log of unanswered questions: every "not found" and every 👎, with the chat (no person),
// the language, the reason (a refusal code, or "downvoted") and the best candidate passage when
// there was one, so the maintainers see what the documents lack. Repeats are grouped by the
// question folded (script, width, case) and stripped of punctuation and spaces.
import { foldForSearch } from "../text/normalize.js";
import type { Store } from "./store.js";

/** The reason recorded for a 👎 on an answer that was given. */
export const DOWNVOTED = "downvoted";

/** One question the bot could not answer (or answered badly). */
export interface UnansweredInput {
  chatId?: number;
  /** The question as understood (a follow-up completed). */
  question: string;
  language: string;
  /** A refusal code, or DOWNVOTED. */
  reason: string;
  check?: string;
  candidateChunkId?: number;
  /** The candidate passage's heading and a short quote, kept as it was (the chunk may go). */
  candidate?: string;
}

/** One logged question. */
export interface UnansweredEntry {
  id: number;
  createdAt: string;
  chatId: number | null;
  question: string;
  language: string;
  reason: string;
  check: string | null;
  candidateChunkId: number | null;
  candidate: string | null;
}

/** Questions that are the same once folded, with how often and when they were asked. */
export interface UnansweredGroup {
  normalized: string;
  /** The latest wording. */
  question: string;
  count: number;
  chats: number;
  lastAskedAt: string;
  reasons: string[];
  languages: string[];
  /** The latest candidate passage, if any. */
  candidate: string | null;
}

/** What /unanswered and `docs unanswered` show. */
export interface UnansweredReport {
  total: number;
  recent: UnansweredEntry[];
  /** Groups asked at least twice, most asked first. */
  repeated: UnansweredGroup[];
}

/** The grouping key of a question: folded, without punctuation, symbols or spaces. */
export function questionKey(question: string): string {
  return foldForSearch(question).replace(/[^\p{L}\p{N}]+/gu, "");
}

/** Logs an unanswered question. */
export function recordUnanswered(store: Store, input: UnansweredInput, now: Date = new Date()): void {
  store.db
    .prepare(
      `INSERT INTO unanswered (created_at, chat_id, question, normalized, language, reason, check_name, candidate_chunk_id, candidate)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(
      now.toISOString(),
      input.chatId ?? null,
      input.question,
      questionKey(input.question) || input.question,
      input.language,
      input.reason,
      input.check ?? null,
      input.candidateChunkId ?? null,
      input.candidate ?? null,
    );
}

interface RawEntry {
  id: number;
  created_at: string;
  chat_id: number | null;
  question: string;
  language: string;
  reason: string;
  check_name: string | null;
  candidate_chunk_id: number | null;
  candidate: string | null;
}

/** The most recent questions and the most repeated ones. */
export function unansweredReport(store: Store, limits: { recent?: number; repeated?: number } = {}): UnansweredReport {
  const total = store.db.prepare("SELECT count(*) FROM unanswered").pluck().get() as number;
  const recent = (store.db.prepare("SELECT * FROM unanswered ORDER BY id DESC LIMIT ?").all(limits.recent ?? 10) as RawEntry[]).map((r) => ({
    id: r.id,
    createdAt: r.created_at,
    chatId: r.chat_id,
    question: r.question,
    language: r.language,
    reason: r.reason,
    check: r.check_name,
    candidateChunkId: r.candidate_chunk_id,
    candidate: r.candidate,
  }));
  const groups = store.db
    .prepare(
      `SELECT normalized, count(*) AS count, count(DISTINCT chat_id) AS chats, max(created_at) AS last_at,
              group_concat(DISTINCT reason) AS reasons, group_concat(DISTINCT language) AS languages,
              (SELECT question FROM unanswered l WHERE l.normalized = u.normalized ORDER BY id DESC LIMIT 1) AS question,
              (SELECT candidate FROM unanswered l WHERE l.normalized = u.normalized AND candidate IS NOT NULL ORDER BY id DESC LIMIT 1) AS candidate
       FROM unanswered u GROUP BY normalized HAVING count(*) > 1 ORDER BY count DESC, last_at DESC LIMIT ?`,
    )
    .all(limits.repeated ?? 10) as {
    normalized: string;
    count: number;
    chats: number;
    last_at: string;
    reasons: string;
    languages: string;
    question: string;
    candidate: string | null;
  }[];
  return {
    total,
    recent,
    repeated: groups.map((g) => ({
      normalized: g.normalized,
      question: g.question,
      count: g.count,
      chats: g.chats,
      lastAskedAt: g.last_at,
      reasons: g.reasons.split(","),
      languages: g.languages.split(","),
      candidate: g.candidate,
    })),
  };
}
