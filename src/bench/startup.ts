// Start-up measurement: spawns the bot's real start-up path (`src/cli/bot.ts`, what `npm start`
// runs) against a minimal Bot API on loopback, and times spawn → first getUpdates (the bot is
// polling, i.e. ready to answer). The fake API answers only what start-up calls; nothing leaves
// the machine.
import { spawn } from "node:child_process";
import http from "node:http";
import type { AddressInfo } from "node:net";

/** A token of the shape BotFather issues; the fake API accepts any token. */
export const BENCH_BOT_TOKEN = "123456789:AAbench-token-for-the-loopback-api0";

/** One measured start. */
export interface StartupRun {
  ok: boolean;
  /** Spawn → first getUpdates, in ms. */
  readyMs?: number;
  /** "embedding model loaded" as the bot logged it (ms), when a model was loaded. */
  modelLoadMs?: number;
  /** Why the start failed, when it did. */
  error?: string;
}

interface FakeApi {
  url: string;
  /** Resolves at the next getUpdates call. */
  nextPoll(): Promise<void>;
  close(): Promise<void>;
}

/** A Bot API stand-in on 127.0.0.1 that answers start-up calls and holds getUpdates briefly. */
async function startFakeApi(): Promise<FakeApi> {
  let waiters: (() => void)[] = [];
  const server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (chunk: Buffer) => (body += chunk.toString("utf8")));
    req.on("end", () => {
      const method = (req.url ?? "").split("/").pop()?.split("?")[0] ?? "";
      const reply = (result: unknown): void => {
        res.writeHead(200, { "content-type": "application/json" });
        res.end(JSON.stringify({ ok: true, result }));
      };
      if (method === "getMe") {
        reply({
          id: 123456789,
          is_bot: true,
          first_name: "Bench",
          username: "bench_bot",
          can_join_groups: true,
          can_read_all_group_messages: false,
          supports_inline_queries: true,
        });
      } else if (method === "getUpdates") {
        const ready = waiters;
        waiters = [];
        for (const w of ready) w();
        // Hold the long poll a little, as Telegram does, so the bot does not spin.
        setTimeout(() => reply([]), 200);
      } else {
        reply(true);
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    nextPoll: () => new Promise<void>((resolve) => waiters.push(resolve)),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * Spawns `node --import tsx <entry>` with the given environment plus the fake API and token,
 * and times it until the first getUpdates; the process is stopped with SIGTERM afterwards.
 */
export async function measureBotStartup(repoRoot: string, entry: string, env: Record<string, string>, timeoutMs = 120_000): Promise<StartupRun> {
  const api = await startFakeApi();
  const started = performance.now();
  const child = spawn(process.execPath, ["--import", "tsx", entry], {
    cwd: repoRoot,
    env: { ...process.env, ...env, BOT_TOKEN: BENCH_BOT_TOKEN, BOT_API_ROOT: api.url, WEBHOOK_URL: "", LOG_LEVEL: "info" },
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  let modelLoadMs: number | undefined;
  child.stderr.on("data", (chunk: Buffer) => {
    stderr += chunk.toString("utf8");
    for (const line of stderr.split("\n")) {
      if (!line.includes("embedding model loaded")) continue;
      try {
        modelLoadMs = (JSON.parse(line) as { ms?: number }).ms ?? modelLoadMs;
      } catch {
        // Not a JSON log line.
      }
    }
  });
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  let timer: NodeJS.Timeout | undefined;
  const outcome = await Promise.race([
    api.nextPoll().then(() => ({ ready: performance.now() - started })),
    exited.then((code) => ({ exited: code })),
    new Promise<{ timeout: true }>((resolve) => (timer = setTimeout(() => resolve({ timeout: true }), timeoutMs))),
  ]);
  clearTimeout(timer);
  if (child.exitCode === null) {
    child.kill("SIGTERM");
    const forced = setTimeout(() => child.kill("SIGKILL"), 15_000);
    await exited;
    clearTimeout(forced);
  }
  await api.close();
  if ("ready" in outcome) return { ok: true, readyMs: Math.round(outcome.ready), ...(modelLoadMs !== undefined ? { modelLoadMs } : {}) };
  const lastLines = stderr.trim().split("\n").slice(-3).join(" | ").slice(0, 400);
  const error = "timeout" in outcome ? `no getUpdates within ${timeoutMs / 1000} s` : `exited with code ${outcome.exited} before polling: ${lastLines}`;
  return { ok: false, error };
}

/** Time to spawn `node --import tsx` on an empty module: the runtime's share of any start-up. */
export async function measureRuntimeStartup(repoRoot: string, emptyModule: string): Promise<number> {
  const started = performance.now();
  await new Promise<void>((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", emptyModule], { cwd: repoRoot, stdio: "ignore" });
    child.once("error", reject);
    child.once("exit", () => resolve());
  });
  return Math.round(performance.now() - started);
}
