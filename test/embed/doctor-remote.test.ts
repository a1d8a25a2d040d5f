// `npm run doctor` with EMBED_URL: the embeddings server is asked for one embedding, and its
// model and dimension are compared with the stored vectors.
import { describe, expect, it } from "vitest";
import { openAppEngine } from "../../src/app.js";
import { silentLogger } from "../../src/log.js";
import { checkDatabase, checkEmbeddingServer } from "../../src/ops/doctor.js";
import { startFakeEmbeddings } from "../helpers/fake-embeddings.js";
import { DOCS_DIR, tempDir } from "../helpers/temp.js";
import { testConfig } from "../helpers/test-model.js";

describe("doctor: the embeddings server", () => {
  it("passes a server that embeds at the stored dimension, and fails one that is down or does not fit", async () => {
    const server = await startFakeEmbeddings({ dim: 48 });
    const dataDir = tempDir("doctor-remote-");
    const config = { ...testConfig(dataDir, "fake-embed", { EMBED_URL: server.url }), docsDir: DOCS_DIR };
    try {
      const engine = await openAppEngine(config, silentLogger(), { autoIngest: true });
      engine.close();
      const facts = () => checkDatabase(config).facts;

      expect(await checkEmbeddingServer(config, facts())).toEqual({
        name: "model",
        status: "ok",
        detail: `fake-embed on http://127.0.0.1:${server.port}/v1 answers (48 dimensions)`,
      });

      server.dim = 24;
      const wrong = await checkEmbeddingServer(config, facts());
      expect(wrong.status).toBe("fail");
      expect(wrong.detail).toMatch(/answers \(24 dimensions\), but \d+ stored vectors are from fake-embed at 48 dimensions/);
      expect(wrong.fix).toMatch(/npm run ingest -- --reembed/);
    } finally {
      await server.close();
    }
    const down = await checkEmbeddingServer(config, checkDatabase(config).facts);
    expect(down.status).toBe("fail");
    expect(down.detail).toMatch(/is unreachable \(connection refused\).*: dense search is off$/);
  });
});
