// The engine as production builds it (the composition root in src/app.ts), on a temp DATA_DIR
// with the given files ingested, lexical and dictionary legs only (no model).
import os from "node:os";
import path from "node:path";
import { openAppEngine } from "../../src/app.js";
import { loadConfig } from "../../src/config.js";
import type { Engine } from "../../src/engine.js";
import type { Answer } from "../../src/search/types.js";
import { silentLogger } from "../../src/log.js";
import { tempDir } from "./temp.js";

/** One dictionary cache for every test process: the derived index takes ~20 s to build once. */
export const TEST_DICTIONARY_CACHE = path.join(os.tmpdir(), "docqa-test-dictionary");

/** An engine on a new temp DATA_DIR with the paths ingested; close it after the tests. */
export async function engineWith(paths: string[], env: Record<string, string> = {}): Promise<Engine> {
  const config = loadConfig({ DATA_DIR: tempDir("engine-"), EMBED_MODEL: "none", DICTIONARY_CACHE_DIR: TEST_DICTIONARY_CACHE, ...env });
  const engine = await openAppEngine(config, silentLogger());
  const summary = await engine.ingest(paths);
  if (summary.failed.length > 0) throw new Error(`fixture ingest failed: ${JSON.stringify(summary.failed)}`);
  return engine;
}

/** Asks a question of the store in dataDir through the engine production builds (opened, asked, closed). */
export async function askIn(dataDir: string, question: string): Promise<Answer> {
  const config = loadConfig({ DATA_DIR: dataDir, EMBED_MODEL: "none", DICTIONARY_CACHE_DIR: TEST_DICTIONARY_CACHE });
  const engine = await openAppEngine(config, silentLogger());
  try {
    return await engine.answer(question);
  } finally {
    engine.close();
  }
}
