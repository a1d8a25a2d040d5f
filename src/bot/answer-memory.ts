// A small in-memory LRU of answered questions, so buttons under an answer ("More sources",
// 👍/👎) can carry a short id instead of the question: callback data is limited to 64 bytes.
// It is lost on restart; the buttons then fall back to the question the answer replied to.
import { randomBytes } from "node:crypto";

/** What feedback stores about one cited source. */
export interface SourceRef {
  n: number;
  title: string;
  section: string;
  source: string;
  chunkId: number;
  documentId: number;
  score: number;
}

/** One remembered answer. */
export interface RememberedAnswer {
  question: string;
  chatId: number;
  userId?: number;
  found: boolean;
  sources: SourceRef[];
  /** Votes already recorded, by user id, so a double tap is not counted twice. */
  votes: Map<number, 1 | -1>;
}

/** An LRU map from short ids to remembered answers. */
export class AnswerMemory {
  private entries = new Map<string, RememberedAnswer>();

  constructor(private readonly capacity = 5000) {}

  /** Stores an answer and returns its id (8 URL-safe characters). */
  remember(entry: Omit<RememberedAnswer, "votes">): string {
    let id = randomBytes(6).toString("base64url");
    while (this.entries.has(id)) id = randomBytes(6).toString("base64url");
    this.entries.set(id, { ...entry, votes: new Map() });
    while (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.entries.delete(oldest);
    }
    return id;
  }

  /** The answer stored under an id (refreshing its place in the LRU), if still remembered. */
  get(id: string): RememberedAnswer | undefined {
    const entry = this.entries.get(id);
    if (entry) {
      this.entries.delete(id);
      this.entries.set(id, entry);
    }
    return entry;
  }

  /** Number of remembered answers. */
  get size(): number {
    return this.entries.size;
  }
}
