// `npm run ingest -- [--prune] [paths or folders…]` (default data/docs): adds new documents,
// replaces changed ones, skips unchanged ones, and prints a summary.
import { parseArgs } from "node:util";
import { loadConfig } from "../config.js";
import { createLogger } from "../log.js";
import { openAppEngine } from "./open.js";
import { formatIngestSummary } from "./format.js";
import { runCli } from "./run.js";

runCli(async () => {
  const { values, positionals } = parseArgs({
    options: {
      prune: { type: "boolean", default: false },
      reembed: { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
    },
    allowPositionals: true,
  });
  if (values.help) {
    process.stdout.write("usage: npm run ingest -- [--prune] [--reembed] [paths or folders…]\n");
    return 0;
  }
  const config = loadConfig();
  const logger = createLogger(process.env.LOG_LEVEL ?? "warn");
  const engine = await openAppEngine(config, logger);
  try {
    const paths = positionals.length > 0 ? positionals : [config.docsDir];
    const tty = process.stderr.isTTY;
    const summary = await engine.ingest(paths, {
      prune: values.prune,
      onFile: ({ index, total, path, outcome }) => {
        const line = `[${index}/${total}] ${outcome.padEnd(9)} ${path}`;
        process.stderr.write(tty ? `\r\x1b[K${line}` : `${line}\n`);
      },
    });
    if (tty) process.stderr.write("\n");
    process.stdout.write(`${formatIngestSummary(summary)}\n`);
    const attempted = summary.added + summary.updated + summary.unchanged + summary.failed.length;
    return attempted > 0 && summary.failed.length === attempted ? 2 : 0;
  } finally {
    engine.close();
  }
});
