// A loopback stand-in for the Telegram Bot API, good enough to drive the real bot end to end:
// it serves queued updates to getUpdates (long polling), answers the methods the bot calls,
// records every call with its parameters and time, injects failures (429 with retry_after, 403,
// chat migration, dropped connections), serves file downloads, and rejects — with a 400, like
// Telegram — any message whose HTML is malformed, uses tags Telegram does not allow, or is longer
// than 4096 characters after entity parsing.
import http from "node:http";
import { EventEmitter } from "node:events";
import type { AddressInfo } from "node:net";
import type { Chat, InlineKeyboardMarkup, Message, MessageEntity, Update, User } from "grammy/types";

/** One recorded Bot API call. */
export interface ApiCall {
  seq: number;
  method: string;
  params: Record<string, unknown>;
  ok: boolean;
  /** Telegram's description when the call failed. */
  error?: string;
  /** The result returned when the call succeeded. */
  result?: unknown;
  /** When the call completed (Date.now()). */
  at: number;
}

/** A failure to return instead of performing a call. */
export interface InjectedFailure {
  error_code: number;
  description: string;
  parameters?: { retry_after?: number; migrate_to_chat_id?: number };
}

class ApiFailure extends Error {
  constructor(
    readonly code: number,
    readonly description: string,
    readonly parameters?: InjectedFailure["parameters"],
  ) {
    super(description);
  }
}

type Params = Record<string, unknown>;
type PrivateChat = Extract<Chat, { type: "private" }>;

interface StoredFile {
  path: string;
  content: Buffer;
  size: number;
}

const ALLOWED_TAGS = new Set(["b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "span", "tg-spoiler", "a", "code", "pre", "blockquote", "tg-emoji"]);
const CHAT_ACTIONS = new Set([
  "typing",
  "upload_photo",
  "record_video",
  "upload_video",
  "record_voice",
  "upload_voice",
  "upload_document",
  "choose_sticker",
  "find_location",
  "record_video_note",
  "upload_video_note",
]);

/** Result of parsing Telegram HTML: the visible text, or why Telegram would refuse it. */
export interface ParsedHtml {
  text: string;
  error?: string;
}

/**
 * Parses a message the way Telegram's HTML mode does, strictly: only the allowed tags and
 * attributes, proper nesting, and only the &lt; &gt; &amp; &quot; entities.
 */
export function parseTelegramHtml(html: string): ParsedHtml {
  const stack: string[] = [];
  let text = "";
  let i = 0;
  const fail = (why: string): ParsedHtml => ({ text, error: `Bad Request: can't parse entities: ${why} at byte offset ${i}` });
  while (i < html.length) {
    const ch = html[i]!;
    if (ch === "<") {
      const end = html.indexOf(">", i);
      if (end === -1) return fail("can't find end of the tag");
      const inner = html.slice(i + 1, end);
      if (inner.startsWith("/")) {
        const name = inner.slice(1).trim().toLowerCase();
        if (stack.length === 0 || stack[stack.length - 1] !== name) return fail(`unmatched end tag "${name}"`);
        stack.pop();
      } else {
        const match = /^([a-zA-Z][a-zA-Z0-9-]*)((?:\s+[a-zA-Z-]+(?:="[^"<]*")?)*)\s*$/.exec(inner);
        if (!match) return fail(`unsupported start tag "${inner.slice(0, 20)}"`);
        const name = match[1]!.toLowerCase();
        if (!ALLOWED_TAGS.has(name)) return fail(`unsupported start tag "${name}"`);
        const attrs = new Map<string, string>();
        for (const attr of match[2]!.matchAll(/([a-zA-Z-]+)(?:="([^"<]*)")?/g)) {
          const value = attr[2] ?? "";
          const decoded = decodeEntities(value);
          if (decoded === undefined) return fail("unsupported HTML entity in attribute");
          attrs.set(attr[1]!.toLowerCase(), decoded);
        }
        const error = checkTag(name, attrs, stack);
        if (error) return fail(error);
        stack.push(name);
      }
      i = end + 1;
      continue;
    }
    if (ch === ">") return fail("unescaped '>'");
    if (ch === "&") {
      const entity = /^&(lt|gt|amp|quot);/.exec(html.slice(i, i + 6));
      if (!entity) return fail("unsupported HTML entity");
      text += { lt: "<", gt: ">", amp: "&", quot: '"' }[entity[1] as "lt" | "gt" | "amp" | "quot"];
      i += entity[0].length;
      continue;
    }
    text += ch;
    i++;
  }
  if (stack.length > 0) return fail(`can't find end tag corresponding to start tag "${stack[stack.length - 1]}"`);
  return { text };
}

function decodeEntities(value: string): string | undefined {
  let ok = true;
  const out = value.replace(/&[^;\s]*;?/g, (entity) => {
    const known = { "&lt;": "<", "&gt;": ">", "&amp;": "&", "&quot;": '"' }[entity];
    if (known === undefined) ok = false;
    return known ?? "";
  });
  return ok ? out : undefined;
}

function checkTag(name: string, attrs: Map<string, string>, stack: readonly string[]): string | undefined {
  const parent = stack[stack.length - 1];
  if (parent === "code") return "tags inside <code> are not allowed";
  if (parent === "pre" && name !== "code") return "only <code> is allowed inside <pre>";
  if (name === "a") {
    if (stack.includes("a")) return "nested links";
    const href = attrs.get("href");
    if (!href) return "link without href";
    if (!/^(https?:\/\/|tg:\/\/)\S+$/.test(href)) return "bad link URL";
  } else if (name === "span") {
    if (attrs.get("class") !== "tg-spoiler") return "span without class tg-spoiler";
  } else if (name === "tg-emoji") {
    if (!attrs.has("emoji-id")) return "tg-emoji without emoji-id";
  } else if (name === "blockquote") {
    if (stack.includes("blockquote")) return "nested blockquote";
    for (const key of attrs.keys()) if (key !== "expandable") return `unsupported attribute ${key}`;
  } else if (name === "code") {
    for (const [key, value] of attrs) if (key !== "class" || !value.startsWith("language-")) return `unsupported attribute ${key}`;
  } else if (attrs.size > 0) {
    return `unsupported attribute on <${name}>`;
  }
  return undefined;
}

/** Entities Telegram would attach to a plain text: bot commands and @mentions. */
export function textEntities(text: string): MessageEntity[] {
  const entities: MessageEntity[] = [];
  for (const match of text.matchAll(/(^|\s)(\/[a-zA-Z0-9_]{1,32}(?:@[a-zA-Z0-9_]{3,32})?)/g)) {
    entities.push({ type: "bot_command", offset: (match.index ?? 0) + match[1]!.length, length: match[2]!.length });
  }
  for (const match of text.matchAll(/(^|[^a-zA-Z0-9_/])(@[a-zA-Z0-9_]{4,32})/g)) {
    entities.push({ type: "mention", offset: (match.index ?? 0) + match[1]!.length, length: match[2]!.length });
  }
  return entities.sort((a, b) => a.offset - b.offset);
}

function byteLength(text: string): number {
  return Buffer.byteLength(text, "utf8");
}

/** The fake Bot API server. Start with FakeBotApi.start(); always close() it. */
export class FakeBotApi {
  readonly token: string;
  readonly me: User;
  readonly calls: ApiCall[] = [];
  apiRoot = "";
  /** Largest long-poll hold, so a stopping bot never waits long. */
  longPollMs = 300;

  private server: http.Server;
  private events = new EventEmitter();
  private updates: Update[] = [];
  private nextUpdateId = 1;
  private seq = 0;
  private failures = new Map<string, InjectedFailure[]>();
  private delays = new Map<string, number[]>();
  private drops = new Map<string, number>();
  private failedDownloads = 0;
  private chats = new Map<number, Chat>();
  private messages = new Map<string, Message>();
  private messageIds = new Map<number, number>();
  private files = new Map<string, StoredFile>();
  private migrated = new Map<number, number>();
  private blocked = new Set<number>();
  private inlineQueries = new Map<string, boolean>();
  private callbackQueries = new Map<string, boolean>();
  private nextId = 1;

  private constructor(token: string, me: User) {
    this.token = token;
    this.me = me;
    this.server = http.createServer((req, res) => void this.handle(req, res));
    // Like Telegram (and unlike Node's 5 s default), idle keep-alive connections stay open long
    // enough that a client reusing one after a retry back-off does not race its closing.
    this.server.keepAliveTimeout = 65_000;
    this.events.setMaxListeners(1000);
  }

  /** Starts a server on a free loopback port. */
  static async start(options: { token?: string; username?: string } = {}): Promise<FakeBotApi> {
    const token = options.token ?? "123456789:AAFakeTokenForTestsOnly_abcdefghijk";
    const id = Number(token.split(":")[0]);
    const api = new FakeBotApi(token, { id, is_bot: true, first_name: "DocQA", username: options.username ?? "docqa_test_bot" });
    await new Promise<void>((resolve) => api.server.listen(0, "127.0.0.1", resolve));
    const { port } = api.server.address() as AddressInfo;
    api.apiRoot = `http://127.0.0.1:${port}`;
    return api;
  }

  /** Stops the server (open long polls are answered first). */
  async close(): Promise<void> {
    this.events.emit("update");
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  // ---- building updates -------------------------------------------------------------------

  /** A user (private chat id = user id). */
  user(id: number, firstName = `User${id}`, languageCode = "en"): User {
    return { id, is_bot: false, first_name: firstName, username: `user${id}`, language_code: languageCode };
  }

  /** A supergroup (or a basic group). */
  group(id: number, title = `Group ${id}`, type: "supergroup" | "group" = "supergroup"): Chat {
    const chat = { id, type, title } as Chat;
    this.chats.set(id, chat);
    return chat;
  }

  private privateChat(user: User): PrivateChat {
    const chat: PrivateChat = { id: user.id, type: "private", first_name: user.first_name };
    if (user.username) chat.username = user.username;
    this.chats.set(user.id, chat);
    return chat;
  }

  /** Queues an update (its update_id is assigned here) and wakes a waiting getUpdates. */
  pushUpdate(update: Omit<Update, "update_id">): Update {
    const full = { ...update, update_id: this.nextUpdateId++ } as Update;
    this.updates.push(full);
    this.events.emit("update");
    return full;
  }

  private newMessageId(chatId: number): number {
    const id = (this.messageIds.get(chatId) ?? 0) + 1;
    this.messageIds.set(chatId, id);
    return id;
  }

  private storeMessage(message: Message): void {
    this.messages.set(`${message.chat.id}:${message.message_id}`, message);
  }

  /** A message the bot sent (or a user sent), by chat and id. */
  message(chatId: number, messageId: number): Message | undefined {
    return this.messages.get(`${chatId}:${messageId}`);
  }

  /** Queues a text message from a user in a chat (private chat when `chat` is omitted). */
  userMessage(from: User, text: string, options: { chat?: Chat; replyTo?: Message; extra?: Partial<Message> } = {}): Message {
    const chat = options.chat ?? this.privateChat(from);
    this.chats.set(chat.id, chat);
    const message = {
      message_id: this.newMessageId(chat.id),
      date: Math.floor(Date.now() / 1000),
      chat,
      from,
      text,
      ...(textEntities(text).length > 0 ? { entities: textEntities(text) } : {}),
      ...(options.replyTo ? { reply_to_message: { ...options.replyTo, reply_to_message: undefined } } : {}),
      ...options.extra,
    } as Message;
    this.storeMessage(message);
    this.pushUpdate({ message } as Omit<Update, "update_id">);
    return message;
  }

  /** Adds a downloadable file and queues a private message carrying it as a document. */
  userDocument(from: User, fileName: string, content: Buffer | string, options: { mimeType?: string; declaredSize?: number; chat?: Chat } = {}): Message {
    const data = typeof content === "string" ? Buffer.from(content, "utf8") : content;
    const fileId = `file${this.nextId++}`;
    this.files.set(fileId, { path: `documents/${fileId}.bin`, content: data, size: options.declaredSize ?? data.length });
    const chat = options.chat ?? this.privateChat(from);
    const message = {
      message_id: this.newMessageId(chat.id),
      date: Math.floor(Date.now() / 1000),
      chat,
      from,
      document: {
        file_id: fileId,
        file_unique_id: `u${fileId}`,
        file_name: fileName,
        mime_type: options.mimeType ?? "text/plain",
        file_size: options.declaredSize ?? data.length,
      },
    } as Message;
    this.storeMessage(message);
    this.pushUpdate({ message } as Omit<Update, "update_id">);
    return message;
  }

  /** Queues an inline query; returns its id. */
  inlineQuery(from: User, query: string, offset = "", chatType: "sender" | "private" | "group" | "supergroup" = "sender"): string {
    const id = `iq${this.nextId++}`;
    this.inlineQueries.set(id, false);
    this.pushUpdate({ inline_query: { id, from, query, offset, chat_type: chatType } });
    return id;
  }

  /** Queues a press of an inline button under a message; returns the callback query id. */
  pressButton(from: User, message: Message, data: string): string {
    const id = `cq${this.nextId++}`;
    this.callbackQueries.set(id, false);
    const stored = this.message(message.chat.id, message.message_id) ?? message;
    this.pushUpdate({ callback_query: { id, from, chat_instance: `ci${message.chat.id}`, data, message: stored } });
    return id;
  }

  // ---- failures -----------------------------------------------------------------------------

  /** The next `count` calls of `method` fail with `failure`. */
  failNext(method: string, count: number, failure: InjectedFailure): void {
    const list = this.failures.get(method) ?? [];
    for (let n = 0; n < count; n++) list.push(failure);
    this.failures.set(method, list);
  }

  /** The next `count` calls of `method` take `ms` longer (a slow network or a busy Telegram). */
  delayNext(method: string, count: number, ms: number): void {
    const list = this.delays.get(method) ?? [];
    for (let n = 0; n < count; n++) list.push(ms);
    this.delays.set(method, list);
  }

  /** The next `count` calls of `method` lose their connection: the socket is destroyed unanswered. */
  dropNext(method: string, count: number): void {
    this.drops.set(method, (this.drops.get(method) ?? 0) + count);
  }

  /** The next `count` file downloads get 404 Not Found (the file expired on Telegram's side). */
  failDownloadsNext(count: number): void {
    this.failedDownloads += count;
  }

  /** The next `count` calls of `method` get 429 Too Many Requests with retry_after. */
  rateLimitNext(method: string, count: number, retryAfterSeconds = 1): void {
    this.failNext(method, count, {
      error_code: 429,
      description: `Too Many Requests: retry after ${retryAfterSeconds}`,
      parameters: { retry_after: retryAfterSeconds },
    });
  }

  /** From now on the group `oldId` answers every call with "upgraded to a supergroup". */
  migrateChat(oldId: number, newId: number): void {
    this.migrated.set(oldId, newId);
    const old = this.chats.get(oldId);
    this.chats.set(newId, { id: newId, type: "supergroup", title: old && "title" in old && old.title ? old.title : "Migrated" });
  }

  /** The user blocked the bot: sends to this chat fail with 403. */
  blockChat(chatId: number): void {
    this.blocked.add(chatId);
  }

  // ---- inspection ---------------------------------------------------------------------------

  /** Recorded calls of one method (all, or only the successful ones). */
  callsOf(method: string, options: { okOnly?: boolean } = {}): ApiCall[] {
    return this.calls.filter((c) => c.method === method && (!options.okOnly || c.ok));
  }

  /** Messages successfully sent by the bot to a chat, oldest first. */
  sentMessages(chatId: number): Message[] {
    return this.calls.filter((c) => c.ok && c.method === "sendMessage" && Number(c.params.chat_id) === chatId).map((c) => c.result as Message);
  }

  /** Resolves with the first call (recorded or future) matching the predicate. */
  waitFor(predicate: (call: ApiCall) => boolean, timeoutMs = 20_000, what = "a matching call"): Promise<ApiCall> {
    const found = this.calls.find(predicate);
    if (found) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const onCall = (call: ApiCall): void => {
        if (!predicate(call)) return;
        clearTimeout(timer);
        this.events.off("call", onCall);
        resolve(call);
      };
      const timer = setTimeout(() => {
        this.events.off("call", onCall);
        reject(
          new Error(
            `timed out waiting for ${what}; last calls: ${this.calls
              .slice(-5)
              .map((c) => `${c.method}${c.ok ? "" : "!"}`)
              .join(", ")}`,
          ),
        );
      }, timeoutMs);
      this.events.on("call", onCall);
    });
  }

  /** Resolves once `count` recorded calls match the predicate. */
  async waitForCount(predicate: (call: ApiCall) => boolean, count: number, timeoutMs = 30_000, what = "matching calls"): Promise<ApiCall[]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const matching = this.calls.filter(predicate);
      if (matching.length >= count) return matching;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${count} ${what} (have ${matching.length})`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  /** Waits until the bot has taken every queued update and the API has been quiet for `quietMs`. */
  async settle(quietMs = 400, timeoutMs = 20_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const before = this.seq;
      const pending = this.updates.length;
      await new Promise((r) => setTimeout(r, quietMs));
      const busy = this.calls.slice(before).some((c) => c.method !== "getUpdates");
      if (!busy && pending === 0 && this.updates.length === 0) return;
      if (Date.now() > deadline) throw new Error("the bot did not settle");
    }
  }

  // ---- HTTP ---------------------------------------------------------------------------------

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://localhost");
    const fileMatch = /^\/file\/bot([^/]+)\/(.+)$/.exec(url.pathname);
    if (fileMatch) return this.serveFile(fileMatch[1]!, decodeURIComponent(fileMatch[2]!), res);
    const methodMatch = /^\/bot([^/]+)\/([A-Za-z]+)$/.exec(url.pathname);
    if (!methodMatch) return this.send(res, 404, { ok: false, error_code: 404, description: "Not Found" });
    if (methodMatch[1] !== this.token) return this.send(res, 401, { ok: false, error_code: 401, description: "Unauthorized" });
    const method = methodMatch[2]!;
    let params: Params;
    try {
      params = { ...Object.fromEntries(url.searchParams), ...(await readParams(req)) };
    } catch {
      return this.send(res, 400, { ok: false, error_code: 400, description: "Bad Request: can't parse request body" });
    }
    const call: ApiCall = { seq: ++this.seq, method, params, ok: false, at: 0 };
    const drops = this.drops.get(method) ?? 0;
    if (drops > 0) {
      this.drops.set(method, drops - 1);
      call.error = "connection dropped";
      this.record(call);
      req.socket.destroy();
      return;
    }
    const delay = this.delays.get(method)?.shift();
    if (delay) await new Promise((resolve) => setTimeout(resolve, delay));
    try {
      const injected = this.failures.get(method)?.shift();
      if (injected) throw new ApiFailure(injected.error_code, injected.description, injected.parameters);
      call.result = await this.perform(method, params, req);
      call.ok = true;
    } catch (error) {
      const failure = error instanceof ApiFailure ? error : new ApiFailure(500, `Internal Server Error: ${String(error)}`);
      call.error = failure.description;
      this.record(call);
      return this.send(res, failure.code, {
        ok: false,
        error_code: failure.code,
        description: failure.description,
        ...(failure.parameters ? { parameters: failure.parameters } : {}),
      });
    }
    this.record(call);
    this.send(res, 200, { ok: true, result: call.result });
  }

  private record(call: ApiCall): void {
    call.at = Date.now();
    this.calls.push(call);
    this.events.emit("call", call);
  }

  private send(res: http.ServerResponse, status: number, body: unknown): void {
    if (res.writableEnded || res.destroyed) return;
    res.writeHead(status, { "content-type": "application/json" });
    res.end(JSON.stringify(body));
  }

  private serveFile(token: string, filePath: string, res: http.ServerResponse): void {
    const expired = this.failedDownloads > 0;
    if (expired) this.failedDownloads--;
    const file = token === this.token && !expired ? [...this.files.values()].find((f) => f.path === filePath) : undefined;
    if (!file) {
      res.writeHead(404, { "content-type": "application/json" });
      res.end(JSON.stringify({ ok: false, error_code: 404, description: "Not Found" }));
      return;
    }
    res.writeHead(200, { "content-type": "application/octet-stream", "content-length": String(file.content.length) });
    res.end(file.content);
  }

  private async perform(method: string, params: Params, req: http.IncomingMessage): Promise<unknown> {
    this.checkChat(method, params);
    switch (method) {
      case "getMe":
        return this.me;
      case "getUpdates":
        return this.getUpdates(params, req);
      case "deleteWebhook":
      case "setWebhook":
      case "close":
        return true;
      case "getWebhookInfo":
        return { url: "", has_custom_certificate: false, pending_update_count: this.updates.length };
      case "setMyCommands":
        return this.setMyCommands(params);
      case "sendChatAction":
        if (!CHAT_ACTIONS.has(String(params.action))) throw new ApiFailure(400, "Bad Request: wrong parameter action in request");
        return true;
      case "sendMessage":
        return this.sendMessage(params);
      case "editMessageText":
        return this.editMessageText(params);
      case "answerCallbackQuery":
        return this.answerCallbackQuery(params);
      case "answerInlineQuery":
        return this.answerInlineQuery(params);
      case "getFile":
        return this.getFile(params);
      default:
        throw new ApiFailure(404, "Not Found: method not found");
    }
  }

  private checkChat(method: string, params: Params): void {
    if (params.chat_id === undefined) return;
    const chatId = Number(params.chat_id);
    const newId = this.migrated.get(chatId);
    if (newId !== undefined) {
      throw new ApiFailure(400, "Bad Request: group chat was upgraded to a supergroup chat", { migrate_to_chat_id: newId });
    }
    if (this.blocked.has(chatId)) throw new ApiFailure(403, "Forbidden: bot was blocked by the user");
    if (method !== "setMyCommands" && !this.chats.has(chatId)) throw new ApiFailure(400, "Bad Request: chat not found");
  }

  private async getUpdates(params: Params, req: http.IncomingMessage): Promise<Update[]> {
    const offset = Number(params.offset ?? 0);
    const limit = Math.min(100, Math.max(1, Number(params.limit ?? 100)));
    // Updates below the offset are confirmed: Telegram forgets them.
    if (offset > 0) this.updates = this.updates.filter((u) => u.update_id >= offset);
    if (this.updates.length === 0) {
      const timeoutMs = Math.min(Number(params.timeout ?? 0) * 1000, this.longPollMs);
      await new Promise<void>((resolve) => {
        const done = (): void => {
          clearTimeout(timer);
          this.events.off("update", done);
          req.off("close", done);
          resolve();
        };
        const timer = setTimeout(done, timeoutMs);
        this.events.on("update", done);
        req.on("close", done);
      });
    }
    return this.updates.slice(0, limit);
  }

  private setMyCommands(params: Params): true {
    const commands = params.commands as { command?: string; description?: string }[] | undefined;
    if (!Array.isArray(commands) || commands.length > 100) throw new ApiFailure(400, "Bad Request: commands must be an array of at most 100");
    for (const c of commands) {
      if (!/^[a-z0-9_]{1,32}$/.test(c.command ?? "")) throw new ApiFailure(400, "Bad Request: BOT_COMMAND_INVALID");
      const length = (c.description ?? "").length;
      if (length < 1 || length > 256) throw new ApiFailure(400, "Bad Request: command description is invalid");
    }
    const scope = params.scope as { type?: string; chat_id?: number } | undefined;
    if (scope?.type === "chat" && !this.chats.has(Number(scope.chat_id))) throw new ApiFailure(400, "Bad Request: chat not found");
    return true;
  }

  /** Validates text + parse mode like Telegram; returns the visible text. */
  private messageText(text: unknown, parseMode: unknown): string {
    if (typeof text !== "string") throw new ApiFailure(400, "Bad Request: message text is empty");
    let visible = text;
    if (parseMode === "HTML") {
      const parsed = parseTelegramHtml(text);
      if (parsed.error) throw new ApiFailure(400, parsed.error);
      visible = parsed.text;
    } else if (parseMode !== undefined) {
      throw new ApiFailure(400, "Bad Request: unsupported parse_mode in this fake");
    }
    if (visible.trim().length === 0) throw new ApiFailure(400, "Bad Request: message text is empty");
    if (visible.length > 4096) throw new ApiFailure(400, "Bad Request: message is too long");
    return visible;
  }

  private checkKeyboard(markup: unknown): InlineKeyboardMarkup | undefined {
    if (markup === undefined) return undefined;
    const keyboard = markup as InlineKeyboardMarkup;
    if (!Array.isArray(keyboard.inline_keyboard)) throw new ApiFailure(400, "Bad Request: can't parse reply keyboard markup JSON object");
    for (const row of keyboard.inline_keyboard) {
      for (const button of row) {
        if (!button.text) throw new ApiFailure(400, "Bad Request: text buttons are unallowed in the inline keyboard");
        if ("callback_data" in button) {
          const bytes = byteLength(button.callback_data);
          if (bytes < 1 || bytes > 64) throw new ApiFailure(400, "Bad Request: BUTTON_DATA_INVALID");
        }
        if ("url" in button && !/^(https?|tg):\/\//.test(button.url)) throw new ApiFailure(400, "Bad Request: BUTTON_URL_INVALID");
      }
    }
    return keyboard;
  }

  private sendMessage(params: Params): Message {
    const chatId = Number(params.chat_id);
    const chat = this.chats.get(chatId)!;
    const text = this.messageText(params.text, params.parse_mode);
    const markup = this.checkKeyboard(params.reply_markup);
    const replyParameters = params.reply_parameters as { message_id?: number; allow_sending_without_reply?: boolean } | undefined;
    let replyTo: Message | undefined;
    if (replyParameters?.message_id !== undefined) {
      replyTo = this.message(chatId, replyParameters.message_id);
      if (!replyTo && !replyParameters.allow_sending_without_reply) throw new ApiFailure(400, "Bad Request: message to be replied not found");
    }
    const message = {
      message_id: this.newMessageId(chatId),
      date: Math.floor(Date.now() / 1000),
      chat,
      from: this.me,
      text,
      ...(replyTo ? { reply_to_message: { ...replyTo, reply_to_message: undefined } } : {}),
      ...(markup ? { reply_markup: markup } : {}),
    } as Message;
    this.storeMessage(message);
    return message;
  }

  private editMessageText(params: Params): Message {
    const chatId = Number(params.chat_id);
    const existing = this.message(chatId, Number(params.message_id));
    if (!existing || existing.from?.id !== this.me.id) throw new ApiFailure(400, "Bad Request: message to edit not found");
    const text = this.messageText(params.text, params.parse_mode);
    const markup = this.checkKeyboard(params.reply_markup);
    if (existing.text === text && JSON.stringify(existing.reply_markup) === JSON.stringify(markup)) {
      throw new ApiFailure(
        400,
        "Bad Request: message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message",
      );
    }
    const edited = { ...existing, text, edit_date: Math.floor(Date.now() / 1000) } as Message;
    if (markup) edited.reply_markup = markup;
    else delete edited.reply_markup;
    this.storeMessage(edited);
    return edited;
  }

  private answerCallbackQuery(params: Params): true {
    const id = String(params.callback_query_id);
    if (this.callbackQueries.get(id) !== false) throw new ApiFailure(400, "Bad Request: query is too old and response timeout expired or query ID is invalid");
    if (typeof params.text === "string" && params.text.length > 200) throw new ApiFailure(400, "Bad Request: MESSAGE_TOO_LONG");
    this.callbackQueries.set(id, true);
    return true;
  }

  private answerInlineQuery(params: Params): true {
    const id = String(params.inline_query_id);
    if (this.inlineQueries.get(id) !== false) throw new ApiFailure(400, "Bad Request: query is too old and response timeout expired or query ID is invalid");
    const results = params.results as Record<string, unknown>[] | undefined;
    if (!Array.isArray(results)) throw new ApiFailure(400, "Bad Request: results must be an array");
    if (results.length > 50) throw new ApiFailure(400, "Bad Request: RESULTS_TOO_MUCH");
    const ids = new Set<string>();
    for (const result of results) {
      const resultId = String(result.id ?? "");
      if (byteLength(resultId) < 1 || byteLength(resultId) > 64) throw new ApiFailure(400, "Bad Request: RESULT_ID_INVALID");
      if (ids.has(resultId)) throw new ApiFailure(400, "Bad Request: RESULT_ID_DUPLICATE");
      ids.add(resultId);
      if (result.type !== "article") throw new ApiFailure(400, "Bad Request: this fake knows only article results");
      if (typeof result.title !== "string" || !result.title.trim()) throw new ApiFailure(400, "Bad Request: RESULT_TITLE_EMPTY");
      const content = result.input_message_content as { message_text?: unknown; parse_mode?: unknown } | undefined;
      if (!content) throw new ApiFailure(400, "Bad Request: input_message_content is required");
      this.messageText(content.message_text, content.parse_mode);
      this.checkKeyboard(result.reply_markup);
    }
    if (params.next_offset !== undefined && byteLength(String(params.next_offset)) > 64) throw new ApiFailure(400, "Bad Request: NEXT_OFFSET_INVALID");
    const button = params.button as { text?: string; start_parameter?: string } | undefined;
    if (button) {
      if (!button.text) throw new ApiFailure(400, "Bad Request: button text is empty");
      if (button.start_parameter !== undefined && !/^[A-Za-z0-9_-]{1,64}$/.test(button.start_parameter)) {
        throw new ApiFailure(400, "Bad Request: START_PARAM_INVALID");
      }
    }
    this.inlineQueries.set(id, true);
    return true;
  }

  private getFile(params: Params): { file_id: string; file_unique_id: string; file_size: number; file_path: string } {
    const fileId = String(params.file_id);
    const file = this.files.get(fileId);
    if (!file) throw new ApiFailure(400, "Bad Request: invalid file_id");
    if (file.size > 20 * 1024 * 1024) throw new ApiFailure(400, "Bad Request: file is too big");
    return { file_id: fileId, file_unique_id: `u${fileId}`, file_size: file.size, file_path: file.path };
  }
}

async function readParams(req: http.IncomingMessage): Promise<Params> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const body = Buffer.concat(chunks).toString("utf8");
  if (!body) return {};
  const type = req.headers["content-type"] ?? "";
  if (type.includes("application/json")) return JSON.parse(body) as Params;
  if (type.includes("application/x-www-form-urlencoded")) {
    const out: Params = {};
    for (const [key, value] of new URLSearchParams(body)) {
      try {
        out[key] = JSON.parse(value) as unknown;
      } catch {
        out[key] = value;
      }
    }
    return out;
  }
  throw new Error(`unsupported content type ${type}`);
}
