// Errors a user can cause (bad path, bad file, bad setting). They carry a one-line message that
// the CLI and the bot show as is; anything else is a bug and keeps its stack trace.

/** A mistake by the user, shown as one line without a stack trace. */
export class UserError extends Error {
  override readonly name = "UserError";
}

/** True when the error is a user mistake rather than a bug. */
export function isUserError(error: unknown): error is UserError {
  return error instanceof UserError;
}

/** One line describing any thrown value, safe to print (no stack). */
export function oneLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.split("\n")[0]?.trim() || "unknown error";
}

/**
 * Text safe to print on one terminal line: control characters (a file named "a\nb.txt" or one
 * carrying terminal escapes) and bidi overrides (names that display reversed) become \u escapes.
 */
export function printable(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, "0")}`);
}
