// Fetching a document by URL: http(s) only, redirects followed, a time limit, a size limit
// enforced while streaming (not trusted from Content-Length), and a User-Agent that says who we
// are. Every failure is a one-line UserError; the bytes and the server's content type come back.
import { UserError } from "../errors.js";
import { normaliseUrl } from "../urls.js";

/** The User-Agent sent with every request: polite crawlers name themselves and a contact. */
// Identifies the fetcher honestly to site operators; no contact URL exists for the project yet.
export const USER_AGENT = "docqa-telegram-bot/0.1 (document question-answering bot; fetches pages an operator asked it to index)";

export interface FetchedUrl {
  /** The URL asked for, without its #fragment: the document's identity in the store. */
  url: string;
  /** Where the redirects ended: the link citations show. */
  finalUrl: string;
  bytes: Uint8Array;
  /** The media type from Content-Type, lower case, without parameters ("" when absent). */
  mediaType: string;
  /** The charset parameter of Content-Type, if any. */
  charset?: string;
}

export interface FetchOptions {
  maxBytes: number;
  timeoutMs?: number;
}

function megabytes(bytes: number): string {
  return `${(bytes / 1048576).toFixed(bytes < 1048576 ? 2 : 0)} MB`;
}

function describeFetchError(error: unknown, timeoutMs: number): string {
  const err = error as Error & { cause?: { code?: string; message?: string } };
  if (err.name === "TimeoutError" || err.name === "AbortError") return `no answer within ${Number((timeoutMs / 1000).toFixed(1))} s`;
  const code = err.cause?.code;
  if (code === "ENOTFOUND" || code === "EAI_AGAIN") return "cannot resolve the host name";
  if (code === "ECONNREFUSED") return "connection refused";
  if (code === "ECONNRESET") return "connection reset by the server";
  if (code && /CERT|SSL|TLS/.test(code)) return `TLS certificate problem (${code})`;
  if (/redirect/i.test(err.message) || /redirect/i.test(err.cause?.message ?? "")) return "too many redirects";
  return (err.cause?.message ?? err.message ?? "network error").split("\n")[0]!;
}

/** Downloads a URL within the time and size limits; throws UserError with a one-line reason. */
export async function fetchUrl(input: string, options: FetchOptions): Promise<FetchedUrl> {
  const url = normaliseUrl(input);
  const timeoutMs = options.timeoutMs ?? 15_000;
  const signal = AbortSignal.timeout(timeoutMs);
  let response: Response;
  try {
    response = await fetch(url, {
      redirect: "follow",
      signal,
      headers: { "user-agent": USER_AGENT, accept: "text/html,application/xhtml+xml,application/pdf;q=0.9,text/plain;q=0.8,*/*;q=0.5" },
    });
  } catch (error) {
    throw new UserError(`cannot fetch ${url}: ${describeFetchError(error, timeoutMs)}`);
  }
  if (!response.ok) {
    await response.body?.cancel().catch(() => undefined);
    throw new UserError(`cannot fetch ${url}: HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ""}`);
  }
  const declared = Number(response.headers.get("content-length") ?? NaN);
  if (Number.isFinite(declared) && declared > options.maxBytes) {
    await response.body?.cancel().catch(() => undefined);
    throw new UserError(`the page is ${megabytes(declared)}, over the ${megabytes(options.maxBytes)} limit (MAX_FILE_MB)`);
  }
  // Count bytes as they arrive: Content-Length may be missing or wrong.
  const parts: Uint8Array[] = [];
  let received = 0;
  try {
    if (response.body) {
      const reader = response.body.getReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        received += value.byteLength;
        if (received > options.maxBytes) {
          await reader.cancel().catch(() => undefined);
          throw new UserError(`the page is over the ${megabytes(options.maxBytes)} limit (MAX_FILE_MB)`);
        }
        parts.push(value);
      }
    }
  } catch (error) {
    if (error instanceof UserError) throw error;
    throw new UserError(`cannot fetch ${url}: ${describeFetchError(error, timeoutMs)}`);
  }
  const bytes = Buffer.concat(parts);
  const contentType = response.headers.get("content-type") ?? "";
  const [mediaType = "", ...params] = contentType.split(";").map((part) => part.trim());
  const charset = params.map((p) => /^charset\s*=\s*"?([^";]+)"?$/i.exec(p)?.[1]).find(Boolean);
  return { url, finalUrl: response.url || url, bytes, mediaType: mediaType.toLowerCase(), charset };
}
