// Opens the engine with every retrieval leg this installation can offer (dictionary
// translation always; dense search when the embedding model loads), for the CLI entry points.
import type { Config } from "../config.js";
import type { Logger } from "../log.js";
import { openEngine, type Engine } from "../engine.js";
import { createDictionaryTranslator } from "../search/translate.js";

export interface OpenOptions {
  autoIngest?: boolean;
  onMessage?: (message: string) => void;
  onEmbedProgress?: (done: number, total: number) => void;
}

/** The engine as the CLI, eval and the bot use it. */
export async function openAppEngine(config: Config, logger: Logger, options: OpenOptions = {}): Promise<Engine> {
  // The derived dictionary index is cached beside the store; loading it now keeps the first
  // question from paying for it.
  const translator = createDictionaryTranslator({ cacheDir: config.dataDir });
  translator.warm();
  return openEngine(config, logger, { autoIngest: options.autoIngest, onMessage: options.onMessage, onEmbedProgress: options.onEmbedProgress, translator });
}
