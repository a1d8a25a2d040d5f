// Secrets never reach a log line: the configuration's secrets are scrubbed by value, and keys
// named like secrets by path, whatever object is logged.
import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { loadConfig, secretsOf } from "../../src/config.js";
import { createLogger } from "../../src/log.js";
import { tempDir } from "../helpers/temp.js";

describe("secrets in logs", () => {
  it("scrubs the bot token, webhook secret and embeddings API key a configuration holds", () => {
    const dir = tempDir("log-");
    const config = loadConfig(
      {
        BOT_TOKEN: "123456:ABCdefGhIJKlmnoPQRstuVWXyz012345678",
        WEBHOOK_SECRET: "hook-secret-98765",
        EMBED_URL: "http://127.0.0.1:9/v1",
        EMBED_API_KEY: "sk-live-secret-key-0042",
      },
      dir,
    );
    expect(secretsOf(config)).toHaveLength(3);
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _encoding, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const logger = createLogger("info", secretsOf(config), sink);
    logger.info(
      { config: { embedRemote: config.embedRemote }, apiKey: "sk-other-key-777777" },
      `calling with ${config.embedRemote?.apiKey} and ${config.botToken}`,
    );
    const written = lines.join("");
    for (const secret of [...secretsOf(config), "sk-other-key-777777"]) expect(written).not.toContain(secret);
    expect(written).toContain("[redacted]");
  });
});
