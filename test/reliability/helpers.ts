// Helpers of the reliability tests: running a CLI entry point as a child process while measuring
// its peak memory, and writing zip archives byte by byte (to build .docx files that lie).
import { spawn } from "node:child_process";
import path from "node:path";
import { ROOT } from "../helpers/temp.js";

/** Preloaded into child processes: prints their peak RSS on exit. */
const MAX_RSS_PRELOAD = path.join(ROOT, "test/reliability/max-rss.cjs");

/** What a finished child process left behind. */
export interface ChildResult {
  code: number | null;
  stdout: string;
  stderr: string;
  /** Peak resident memory of the child, in MB (from its own process.resourceUsage()). */
  maxRssMb: number;
}

/** Runs `node --import tsx <script> ...args` from the repo root; stderr without the RSS line. */
export function runNodeScript(script: string, args: readonly string[], env: Record<string, string | undefined>, timeoutMs = 120_000): Promise<ChildResult> {
  const child = spawn(process.execPath, ["--require", MAX_RSS_PRELOAD, "--import", "tsx", path.join(ROOT, script), ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
  return new Promise((resolve) => {
    child.once("close", (code) => {
      clearTimeout(timer);
      const match = /\nmax-rss-kb (\d+)\n/.exec(stderr);
      resolve({ code, stdout, stderr: stderr.replace(/\nmax-rss-kb \d+\n/, ""), maxRssMb: match ? Number(match[1]) / 1024 : Number.NaN });
    });
  });
}

/** Values at the given share of a sorted list (0.95 → p95). */
export function percentile(sorted: readonly number[], share: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * share))] ?? 0;
}
