// What a document's source looks like when it is a web address, shared by ingestion (which fetches
// it) and the store (which finds a document by it): one definition of "is a URL" and of the key.
import { UserError } from "./errors.js";

/** True when an ingest argument is a web address rather than a path. */
export function isUrl(input: string): boolean {
  return /^https?:\/\//i.test(input.trim());
}

/** The URL as the store keys it: parsed, without fragment; throws UserError when malformed. */
export function normaliseUrl(input: string): string {
  let url: URL;
  try {
    url = new URL(input.trim());
  } catch {
    throw new UserError(`not a valid URL: ${input}`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") throw new UserError(`only http and https URLs can be fetched, not ${url.protocol}`);
  url.hash = "";
  return url.href;
}
