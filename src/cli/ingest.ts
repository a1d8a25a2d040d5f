// `npm run ingest -- [--chat ID] [--prune] [--include GLOB] [--exclude GLOB] [paths, folders or URLs…]`
// (default data/docs): adds new documents — to the shared library, or with --chat to one
// Telegram chat's own collection — replaces changed ones, skips unchanged ones, shows progress
// (a bar on a terminal, plain lines otherwise), and prints a summary table.
import { parseArgs } from "node:util";
import { loadConfig, secretsOf } from "../config.js";
import { createLogger } from "../log.js";
import { openAppEngine } from "../app.js";
import { formatIngestSummary } from "./format.js";
import { runCli, withNegativeValues } from "./run.js";
import { UserError } from "../errors.js";
import { fileProgress, progressReporter } from "./progress.js";

runCli(async () => {
  const { values, positionals } = parseArgs({
    args: withNegativeValues(process.argv.slice(2), ["--chat"]),
    options: {
      prune: { type: "boolean", default: false },
      reembed: { type: "boolean", default: false },
      wait: { type: "string" },
      chat: { type: "string" },
      include: { type: "string", multiple: true },
      exclude: { type: "string", multiple: true },
      help: { type: "boolean", short: "h", default: false },
    },
    allowPositionals: true,
  });
  if (values.help) {
    process.stdout.write(
      "usage: npm run ingest -- [--chat CHAT_ID] [--prune] [--reembed] [--wait SECONDS] [--include GLOB]… [--exclude GLOB]… [paths, folders or URLs…]\n" +
        "  --chat: add to that Telegram chat's own collection (a group's id is negative, e.g. -1001234567890) instead of the shared library\n" +
        "  --include/--exclude: globs for files inside folders (a pattern without / matches the file name, e.g. --include '*.pdf' --exclude 'drafts/**')\n",
    );
    return 0;
  }
  const chatId = values.chat === undefined ? undefined : Number(values.chat);
  if (chatId !== undefined && (!Number.isSafeInteger(chatId) || chatId === 0))
    throw new UserError("--chat takes a Telegram chat id (a whole number; groups are negative)");
  const config = loadConfig();
  const logger = createLogger(config.logLevelSet ?? "error", secretsOf(config));
  const engine = await openAppEngine(config, logger);
  for (const warning of engine.warnings) process.stderr.write(`warning: ${warning}\n`);
  try {
    const paths = positionals.length > 0 ? positionals : [config.docsDir];
    const progress = fileProgress();
    const embedding = progressReporter("embedding");
    const waitSeconds = values.wait === undefined ? 0 : Number(values.wait);
    if (!Number.isFinite(waitSeconds) || waitSeconds < 0) throw new UserError("--wait takes a number of seconds");
    const summary = await engine.ingest(paths, {
      prune: values.prune,
      ...(chatId !== undefined ? { chatId } : {}),
      waitMs: waitSeconds * 1000,
      reembed: values.reembed,
      onEmbedProgress: (done, total) => embedding.onProgress(done, total),
      include: values.include,
      exclude: values.exclude,
      onStart: (total) => progress.start(total),
      onFile: (event) => {
        progress.file(event);
        if (event.index === event.total) progress.stop();
      },
    });
    progress.stop();
    embedding.stop();
    process.stdout.write(`${formatIngestSummary(summary)}\n`);
    if (chatId !== undefined) process.stdout.write(`collection: chat ${chatId} (the shared library is not changed)\n`);
    if (summary.embedded > 0) process.stdout.write(`embedded ${summary.embedded} chunks with ${engine.dense?.modelId ?? config.embedModel}\n`);
    if (summary.embedWarning) process.stderr.write(`warning: ${summary.embedWarning}\n`);
    const attempted = summary.added + summary.updated + summary.unchanged + summary.failed.length;
    return attempted > 0 && summary.failed.length === attempted ? 2 : 0;
  } finally {
    engine.close();
  }
});
