// The generated test embedding model, written once per test process into a temp dir, and
// configurations that point at it (offline: downloads are never needed).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { TEST_DICTIONARY_CACHE } from "./engine.js";
import { loadConfig, type Config } from "../../src/config.js";
import { makeTestModel, type TestModelOptions } from "../../scripts/make-test-model.js";

const made = new Map<string, Promise<string>>();

/** Path of a generated test model folder named `name` (memoised per name and options). */
export function testModelDir(name = "docqa-test-model", options: TestModelOptions = {}): Promise<string> {
  const key = JSON.stringify([name, options]);
  let dir = made.get(key);
  if (!dir) {
    const parent = fs.mkdtempSync(path.join(os.tmpdir(), "docqa-model-"));
    dir = makeTestModel(path.join(parent, name), options).then((info) => info.dir);
    made.set(key, dir);
  }
  return dir;
}

/** A Config whose data dir is `dataDir` and whose EMBED_MODEL is `embedModel`, downloads off. */
export function testConfig(dataDir: string, embedModel: string, env: Record<string, string> = {}): Config {
  return loadConfig(
    {
      DATA_DIR: dataDir,
      EMBED_MODEL: embedModel,
      MODELS_DIR: path.join(dataDir, "models"),
      ALLOW_MODEL_DOWNLOAD: "false",
      DICTIONARY_CACHE_DIR: TEST_DICTIONARY_CACHE,
      ...env,
    },
    dataDir,
  );
}
