// `npm run ask -- [--json] [--k N] [--mode lexical|dense|hybrid] [--chat ID] "question"`: answers
// one question from the shared library (with --chat, as that chat would: its own collection
// too), building the index from data/docs on first use. One question: no follow-ups here.
import { parseArgs } from "node:util";
import { loadConfig, secretsOf } from "../config.js";
import { UserError } from "../errors.js";
import { createLogger } from "../log.js";
import { openAppEngine } from "../app.js";
import { formatAnswerText } from "./format.js";
import { progressReporter } from "./progress.js";
import { runCli, withNegativeValues } from "./run.js";
import type { SearchMode } from "../search/types.js";

const USAGE = 'usage: npm run ask -- [--json] [--k N] [--mode lexical|dense|hybrid] [--chat CHAT_ID] "question"';

runCli(async () => {
  const { values, positionals } = parseArgs({
    args: withNegativeValues(process.argv.slice(2), ["--chat"]),
    options: {
      json: { type: "boolean", default: false },
      k: { type: "string" },
      mode: { type: "string" },
      chat: { type: "string" },
      help: { type: "boolean", short: "h", default: false },
    },
    allowPositionals: true,
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const question = positionals.join(" ").trim();
  if (!question) throw new UserError(`no question given. ${USAGE}`);
  const k = values.k === undefined ? 5 : Number(values.k);
  if (!Number.isInteger(k) || k < 1 || k > 50) throw new UserError("--k must be a whole number from 1 to 50");
  const mode = values.mode as SearchMode | undefined;
  if (mode !== undefined && !["lexical", "dense", "hybrid"].includes(mode)) throw new UserError("--mode must be lexical, dense or hybrid");

  const chatId = values.chat === undefined ? undefined : Number(values.chat);
  if (chatId !== undefined && (!Number.isSafeInteger(chatId) || chatId === 0))
    throw new UserError("--chat takes a Telegram chat id (a whole number; groups are negative)");
  const config = loadConfig();
  const logger = createLogger(config.logLevelSet ?? "error", secretsOf(config));
  const embedding = progressReporter("embedding");
  const engine = await openAppEngine(config, logger, {
    autoIngest: true,
    onMessage: (message) => process.stderr.write(`${message}\n`),
    onEmbedProgress: (done, total) => embedding.onProgress(done, total),
  });
  embedding.stop();
  try {
    const answer = await engine.answer(question, { k, mode, scope: chatId === undefined ? {} : { chatId } });
    if (values.json) {
      const { question: q, found, answer: text, sources, timings_ms, glossary, mode: usedMode, warnings, refusal, trace } = answer;
      process.stdout.write(
        `${JSON.stringify({
          question: q,
          found,
          answer: text,
          sources: sources.map(({ n, title, section, source, url, quote, score, page, language }) => ({
            n,
            title,
            section,
            source,
            ...(url ? { url } : {}),
            quote,
            score,
            ...(page !== undefined ? { page } : {}),
            language,
          })),
          glossary,
          mode: usedMode,
          warnings,
          // Why: the refusal's code and check, and the trace of the decision (candidates, evidence).
          ...(refusal ? { refusal } : {}),
          ...(trace ? { trace } : {}),
          timings_ms,
        })}\n`,
      );
    } else {
      process.stdout.write(`${formatAnswerText(answer)}\n`);
    }
    return 0;
  } finally {
    engine.close();
  }
});
