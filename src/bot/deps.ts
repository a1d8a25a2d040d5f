// What the bot's features share: the engine, the config, the logger, the clock, and the state
// of a running bot (the answer memory behind buttons, the recent questions follow-ups lean on).
import type { Config } from "../config.js";
import type { Engine } from "../engine.js";
import type { Logger } from "../log.js";
import type { AnswerMemory } from "./answer-memory.js";
import type { RecentQuestions } from "./follow-ups.js";

/** What createBot needs from the rest of the program. */
export interface BotDeps {
  engine: Engine;
  config: Config;
  logger: Logger;
  /** Milliseconds since the epoch (tests move time forward without waiting). */
  clock?: () => number;
}

/** BotDeps plus the state every feature of one bot instance shares. */
export interface BotServices extends BotDeps {
  clock: () => number;
  memory: AnswerMemory;
  recent: RecentQuestions;
  /** True when the user may run admin commands and upload documents. */
  isAdmin(userId: number | undefined): boolean;
}

/** How many sources one answer (or one "More sources" page) shows. */
export const SOURCES_PER_PAGE = 5;
/** Most sources a question is ever paged through (the engine's useful depth). */
export const MAX_SOURCES = 20;
/** Longest question passed to the engine; Telegram allows 4096, nobody asks that much. */
export const MAX_QUESTION_LENGTH = 1000;
