// `npm run doctor`: checks an installation (configuration, store, index, model, writer lock, disk
// space, Telegram) without changing anything, prints one ✓/!/✗ line per check with the fix for
// each problem, and exits 0 when healthy, 1 otherwise. Never prints the bot token.
import { loadConfig, type Config } from "../config.js";
import { isUserError, oneLine, printable } from "../errors.js";
import { redact } from "../log.js";
import { formatReport, runChecks } from "../ops/doctor.js";
import { runCli } from "./run.js";

runCli(async () => {
  let config: Config;
  try {
    config = loadConfig();
  } catch (error) {
    if (!isUserError(error)) throw error;
    // The message names the variable and the bad value, which is never the token (only numbers are parsed).
    process.stdout.write(
      `${formatReport([{ name: "configuration", status: "fail", detail: printable(oneLine(error)), fix: "correct it in .env or the environment (see .env.example)" }])}\n`,
    );
    return 1;
  }
  const results = await runChecks(config);
  const report = formatReport([{ name: "configuration", status: "ok", detail: `DATA_DIR ${config.dataDir}, EMBED_MODEL ${config.embedModel}` }, ...results]);
  // Belt and braces: whatever a check quoted, the token does not leave this process.
  const safe = redact(report, [config.botToken, config.webhookSecret]);
  process.stdout.write(`${safe.split("\n").map(printable).join("\n")}\n`);
  return results.some((r) => r.status === "fail") ? 1 : 0;
});
