// `npm run doctor` as a child process: a healthy store with a dense index and a reachable (fake)
// Telegram passes with exit 0; a missing index, a damaged database (header or a page in the
// middle), a rejected token, an unreachable API and a bad setting each give a clear ✗ line with
// a fix and exit 1; a stale writer lock is only a note. The token never appears in the output.
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openAppEngine } from "../../src/app.js";
import { silentLogger } from "../../src/log.js";
import { HNSW_FILE } from "../../src/store/hnsw.js";
import { LOCK_FILE } from "../../src/store/lock.js";
import { DATABASE_FILE } from "../../src/store/store.js";
import { FakeBotApi } from "../bot/fake-bot-api.js";
import { DOCS_DIR, ROOT, tempDir } from "../helpers/temp.js";
import { testConfig, testModelDir } from "../helpers/test-model.js";

let api: FakeBotApi;
let modelDir: string;
let healthy: string;

/** Runs the doctor on a copy of the healthy data dir, after `damage` is done to the copy. */
async function doctor(env: Record<string, string>, damage?: (dataDir: string) => void): Promise<{ code: number | null; out: string }> {
  const dataDir = tempDir("doctor-copy-");
  fs.cpSync(healthy, dataDir, { recursive: true });
  damage?.(dataDir);
  const child = spawn(process.execPath, ["--import", "tsx", "src/cli/doctor.ts"], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? "",
      HOME: process.env.HOME ?? "",
      DATA_DIR: dataDir,
      EMBED_MODEL: modelDir,
      MODELS_DIR: path.join(dataDir, "models"),
      ALLOW_MODEL_DOWNLOAD: "false",
      BOT_TOKEN: api.token,
      BOT_API_ROOT: api.apiRoot,
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stdout.on("data", (chunk: Buffer) => (out += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (out += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.once("close", resolve));
  expect(out).not.toContain(api.token);
  expect(out).not.toContain(api.token.split(":")[1]);
  expect(out).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m);
  return { code, out };
}

function line(out: string, name: string): string {
  return out.split("\n").find((l) => new RegExp(`^. ${name}\\s`).test(l)) ?? "";
}

beforeAll(async () => {
  api = await FakeBotApi.start();
  modelDir = await testModelDir();
  healthy = tempDir("doctor-healthy-");
  const engine = await openAppEngine({ ...testConfig(healthy, modelDir), docsDir: DOCS_DIR }, silentLogger(), { autoIngest: true });
  engine.close();
  expect(fs.existsSync(path.join(healthy, HNSW_FILE))).toBe(true);
});

afterAll(async () => {
  await api?.close();
});

describe("npm run doctor", () => {
  it("reports a healthy installation and exits 0", async () => {
    const { code, out } = await doctor({});
    expect(code, out).toBe(0);
    for (const name of ["configuration", "database", "index", "model", "writer lock", "disk space", "telegram"]) expect(line(out, name), name).toMatch(/^✓/);
    expect(line(out, "database")).toMatch(/integrity ok.*WAL/);
    expect(line(out, "index")).toMatch(/vectors of docqa-test-model/);
    expect(line(out, "telegram")).toContain(`@${api.me.username}`);
    expect(out.trim().split("\n").at(-1)).toBe("healthy.");
    // Only read: the doctor asked Telegram who the bot is, nothing more.
    expect(api.calls.map((c) => c.method)).toEqual(["getMe"]);
  });

  it("reports a missing index with its fix and exits 1; a stale writer lock is only a note", async () => {
    const { code, out } = await doctor({}, (dataDir) => {
      fs.rmSync(path.join(dataDir, HNSW_FILE));
      fs.writeFileSync(
        path.join(dataDir, LOCK_FILE),
        JSON.stringify({ pid: 2 ** 22 + 4321, host: os.hostname(), since: "2026-01-01T00:00:00Z", purpose: "ingest" }),
      );
    });
    expect(code, out).toBe(1);
    expect(line(out, "index")).toMatch(/^✗ index\s+vectors\.hnsw is missing \(\d+ vectors are stored\)/);
    expect(out).toMatch(/fix: nothing to fix by hand: the next start .* rebuilds it from the stored vectors/);
    expect(line(out, "writer lock")).toMatch(/^! writer lock\s+left behind by ingest \(pid \d+/);
    expect(out.trim().split("\n").at(-1)).toBe("1 problem found.");
  });

  it("reports a damaged database file (header or inner page) with how to restore, and exits 1", async () => {
    const header = await doctor({}, (dataDir) => {
      const fd = fs.openSync(path.join(dataDir, DATABASE_FILE), "r+");
      fs.writeSync(fd, Buffer.from("this is not a database at all!!"), 0, 31, 0);
      fs.closeSync(fd);
    });
    expect(header.code, header.out).toBe(1);
    expect(line(header.out, "database")).toMatch(/^✗ database\s+cannot read .*store\.sqlite: file is not a database/);
    expect(header.out).toMatch(/fix: stop the bot, restore store\.sqlite from your last backup/);

    const page = await doctor({}, (dataDir) => {
      const file = path.join(dataDir, DATABASE_FILE);
      // Garbage over a few pages in the middle: the header is intact, the b-trees are not.
      const size = fs.statSync(file).size;
      const fd = fs.openSync(file, "r+");
      fs.writeSync(fd, Buffer.alloc(3 * 4096, 0x5a), 0, 3 * 4096, Math.floor(size / 4096 / 2) * 4096);
      fs.closeSync(fd);
    });
    expect(page.code, page.out).toBe(1);
    expect(line(page.out, "database")).toMatch(/^✗ database\s+(integrity check failed|cannot read .*malformed)/);
  });

  it("reports a rejected or unreachable Telegram and a bad setting in one line each, exit 1", async () => {
    const rejected = await doctor({ BOT_TOKEN: "987654321:AAOtherTokenForTestsOnly_abcdefghij" });
    expect(rejected.code).toBe(1);
    expect(line(rejected.out, "telegram")).toMatch(/^✗ telegram\s+http:\/\/127\.0\.0\.1:\d+ rejected BOT_TOKEN \(401\)/);
    expect(rejected.out).not.toContain("AAOtherTokenForTestsOnly");

    // A port nobody listens on any more.
    const gone = await FakeBotApi.start();
    await gone.close();
    const unreachable = await doctor({ BOT_API_ROOT: gone.apiRoot });
    expect(unreachable.code).toBe(1);
    expect(line(unreachable.out, "telegram")).toMatch(/^✗ telegram\s+cannot reach http:\/\/127\.0\.0\.1:\d+: ECONNREFUSED/);

    const badSetting = await doctor({ MAX_FILE_MB: "lots" });
    expect(badSetting.code).toBe(1);
    expect(badSetting.out.split("\n")[0]).toMatch(/^✗ configuration\s+MAX_FILE_MB must be a whole number/);
  });
});
