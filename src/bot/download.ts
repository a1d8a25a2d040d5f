// Downloading a file a user sent, safely: the size is capped while streaming, the bytes land in
// a temporary file first, and the final name is derived from the content hash plus an extension
// from our own list — the name the user sent never touches the file system. Error messages
// never contain the download URL (it embeds the bot token).
import { supportedExtensions } from "../ingest/load.js";
import { createHash, randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { UserError } from "../errors.js";

/** File types admins may upload (lower case, with the dot); the ingest loaders read these. */
export const SUPPORTED_UPLOAD_EXTENSIONS: readonly string[] = supportedExtensions();

/** Bots can download at most 20 MB from the cloud Bot API (a local Bot API server lifts this). */
export const CLOUD_DOWNLOAD_LIMIT = 20 * 1024 * 1024;

/** The supported extension of a sent file name, or undefined. */
export function uploadExtension(fileName: string | undefined): string | undefined {
  const ext = path.extname(fileName ?? "").toLowerCase();
  return SUPPORTED_UPLOAD_EXTENSIONS.includes(ext) ? ext : undefined;
}

/** Where a download should come from and go to. */
export interface DownloadRequest {
  apiRoot: string;
  token: string;
  /** Telegram's file_path (relative; absolute when a local Bot API server runs with --local). */
  filePath: string;
  maxBytes: number;
  directory: string;
  /** One of SUPPORTED_UPLOAD_EXTENSIONS. */
  extension: string;
}

/** A stored download. */
export interface DownloadedFile {
  path: string;
  bytes: number;
  sha256: string;
  /** False when a file with the same content was already stored. */
  isNew: boolean;
}

async function openSource(request: DownloadRequest): Promise<AsyncIterable<Uint8Array>> {
  if (path.isAbsolute(request.filePath)) return fs.createReadStream(request.filePath);
  const url = `${request.apiRoot}/file/bot${request.token}/${request.filePath.split("/").map(encodeURIComponent).join("/")}`;
  let response: Response;
  try {
    response = await fetch(url);
  } catch {
    throw new UserError("could not reach Telegram to download the file; please send it again");
  }
  if (!response.ok || !response.body) throw new UserError(`Telegram refused the download (HTTP ${response.status}); please send the file again`);
  return response.body as unknown as AsyncIterable<Uint8Array>;
}

/** Downloads a Telegram file into `directory` under a content-derived name. */
export async function downloadTelegramFile(request: DownloadRequest): Promise<DownloadedFile> {
  if (!SUPPORTED_UPLOAD_EXTENSIONS.includes(request.extension)) throw new UserError(`unsupported file type ${request.extension}`);
  fs.mkdirSync(request.directory, { recursive: true });
  const partial = path.join(request.directory, `.incoming-${randomBytes(8).toString("hex")}.part`);
  const hash = createHash("sha256");
  let bytes = 0;
  const out = fs.createWriteStream(partial, { flags: "wx" });
  try {
    for await (const chunk of await openSource(request)) {
      bytes += chunk.length;
      if (bytes > request.maxBytes) throw new UserError(`the file is larger than ${Math.round(request.maxBytes / 1024 / 1024)} MB`);
      hash.update(chunk);
      if (!out.write(chunk)) await new Promise<void>((resolve) => out.once("drain", () => resolve()));
    }
    await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
  } catch (error) {
    out.destroy();
    fs.rmSync(partial, { force: true });
    throw error;
  }
  const sha256 = hash.digest("hex");
  const finalPath = path.join(request.directory, `upload-${sha256.slice(0, 16)}${request.extension}`);
  const isNew = !fs.existsSync(finalPath);
  if (isNew) fs.renameSync(partial, finalPath);
  else fs.rmSync(partial, { force: true });
  return { path: finalPath, bytes, sha256, isNew };
}
