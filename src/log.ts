// Structured logging (pino) to stderr, one line per event. Secrets are redacted by path and
// by value: the bot token and the embeddings API key never appear in a log line, whatever object
// is logged.
import { pino, type Logger } from "pino";

export type { Logger };

/** Replaces every occurrence of each secret in a string with "[redacted]". */
export function redact(text: string, secrets: readonly (string | undefined)[]): string {
  let out = text;
  for (const secret of secrets) {
    if (secret && secret.length >= 6) out = out.split(secret).join("[redacted]");
  }
  return out;
}

/** Creates the process logger; `secrets` are scrubbed from every line it writes. */
export function createLogger(level = "info", secrets: readonly (string | undefined)[] = [], destination: NodeJS.WritableStream = process.stderr): Logger {
  const stream = {
    write(line: string): void {
      destination.write(redact(line, secrets));
    },
  };
  return pino(
    {
      level,
      base: undefined,
      redact: {
        paths: ["token", "*.token", "botToken", "*.botToken", "config.botToken", "apiKey", "*.apiKey", "config.embedRemote.apiKey"],
        censor: "[redacted]",
      },
    },
    stream,
  );
}

/** A logger that discards everything (tests and quiet CLI runs). */
export function silentLogger(): Logger {
  return pino({ level: "silent" });
}
