// Shared CLI plumbing: turn user mistakes into one line on stderr and an exit code, and keep
// stack traces for real bugs only.
import { isUserError, oneLine, printable } from "../errors.js";

/** Runs a CLI main function, mapping UserError to a one-line message and exit code 2. */
export function runCli(main: () => Promise<number | undefined>): void {
  main()
    .then((code) => {
      process.exitCode = code ?? 0;
    })
    .catch((error: unknown) => {
      if (isUserError(error)) {
        // A message may quote a file name: keep terminal escapes in it from reaching the terminal.
        process.stderr.write(`error: ${printable(oneLine(error))}\n`);
        process.exitCode = 2;
      } else if (error instanceof Error && /ERR_PARSE_ARGS/.test((error as NodeJS.ErrnoException).code ?? "")) {
        process.stderr.write(`error: ${oneLine(error)}\n`);
        process.exitCode = 2;
      } else {
        process.stderr.write(`internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
        process.exitCode = 1;
      }
    });
}

/**
 * The command line with "--chat -100123" written as "--chat=-100123": group chat ids are
 * negative, and node's parseArgs would take the id for an option.
 */
export function withNegativeValues(args: readonly string[], options: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const next = args[i + 1];
    if (options.includes(arg) && next !== undefined && /^-\d+$/.test(next)) {
      out.push(`${arg}=${next}`);
      i++;
    } else out.push(arg);
  }
  return out;
}
