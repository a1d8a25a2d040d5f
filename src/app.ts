// The composition root: builds the one engine every interface uses — the CLI, the bot, eval,
// bench and the tests — with every retrieval leg this installation can offer (dictionary
// translation always; dense search when the embedding model loads).
import type { Config } from "./config.js";
import { type Engine, type EngineOptions, openEngine } from "./engine.js";
import type { Logger } from "./log.js";
import { createDictionaryTranslator } from "./search/translate.js";
import { warmProperNames } from "./text/proper-names.js";

/** The engine's options (first-use build, progress, lexical only, …); the translator is built here. */
export type OpenOptions = Omit<EngineOptions, "translator">;

/** The engine as the CLI, the bot, eval, bench and the tests use it. */
export async function openAppEngine(config: Config, logger: Logger, options: OpenOptions = {}): Promise<Engine> {
  // The derived dictionary index is cached beside the store (or where DICTIONARY_CACHE_DIR says);
  // loading it now keeps the first question from paying for it.
  const translator = createDictionaryTranslator({ cacheDir: config.dictionaryCacheDir });
  translator.warm();
  // So is CC-CEDICT's proper-noun list, which every question's names are checked against.
  warmProperNames();
  return openEngine(config, logger, { ...options, translator });
}
