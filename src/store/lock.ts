// One writer at a time per DATA_DIR: a lock file created atomically (O_EXCL) that names its
// owner's pid. A lock whose process is gone is stale and is taken over, so a crashed ingest
// never blocks the next one. SQLite's own locking (BEGIN IMMEDIATE, busy_timeout) still guards
// each transaction; this lock keeps two whole ingests from interleaving.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { UserError } from "../errors.js";

export const LOCK_FILE = "writer.lock";

export interface WriterLock {
  release(): void;
}

interface LockOwner {
  pid: number;
  host: string;
  since: string;
  purpose: string;
}

function readOwner(file: string): LockOwner | undefined {
  try {
    return JSON.parse(fs.readFileSync(file, "utf8")) as LockOwner;
  } catch {
    return undefined;
  }
}

/** True while a process with this pid exists (EPERM: it exists but belongs to someone else). */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

function tryAcquire(file: string, purpose: string): boolean {
  const owner: LockOwner = { pid: process.pid, host: os.hostname(), since: new Date().toISOString(), purpose };
  try {
    const fd = fs.openSync(file, "wx");
    fs.writeSync(fd, JSON.stringify(owner));
    fs.fsyncSync(fd);
    fs.closeSync(fd);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
  }
  const current = readOwner(file);
  // A lock from this host whose process is gone (or an unreadable, half-written one that is
  // older than a few seconds) is stale: take it over.
  const stale = current ? current.host === os.hostname() && !isProcessAlive(current.pid) : Date.now() - fs.statSync(file).mtimeMs > 5000;
  if (stale) {
    fs.rmSync(file, { force: true });
    return tryAcquire(file, purpose);
  }
  return false;
}

/** Takes the writer lock of dataDir, waiting up to waitMs; throws UserError naming the holder. */
export async function acquireWriterLock(dataDir: string, purpose: string, waitMs = 0): Promise<WriterLock> {
  fs.mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, LOCK_FILE);
  const deadline = Date.now() + waitMs;
  while (!tryAcquire(file, purpose)) {
    if (Date.now() >= deadline) {
      const owner = readOwner(file);
      const who = owner ? `${owner.purpose} (pid ${owner.pid}, since ${owner.since})` : "another process";
      throw new UserError(`${dataDir} is being written by ${who}; wait for it to finish, or retry with --wait SECONDS`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  let released = false;
  return {
    release(): void {
      if (released) return;
      released = true;
      const owner = readOwner(file);
      if (owner?.pid === process.pid) fs.rmSync(file, { force: true });
    },
  };
}
