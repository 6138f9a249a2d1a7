// The CLI as users run it: `node dist/bin.js` in a child process, built by turbo (with the
// packages it imports) once per test run, so that a fresh clone's `pnpm test` works.
import { execFile, spawn } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, rmdirSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { SCHEMA_DIR } from "@eventwire/schemas";

const ROOT = fileURLToPath(new URL("../../../", import.meta.url));
export const BIN = fileURLToPath(new URL("../dist/bin.js", import.meta.url));
const LOCK = join(ROOT, "node_modules", ".cache", "eventwire-cli-build.lock");

/** A generous bound for hooks that build: two cores are shared by many test files. */
export const BUILD_TIMEOUT = 600_000;

/** A bound for a test that starts a few CLI processes (each loads Node and the codecs). */
export const CLI_TIMEOUT = { timeout: 120_000 };

/**
 * Builds the CLI and what it imports (turbo: a cache hit when nothing changed). Test files run
 * in parallel workers, so a lock directory keeps two builds from writing `dist/` at once.
 */
export async function buildCli(): Promise<void> {
  mkdirSync(join(ROOT, "node_modules", ".cache"), { recursive: true });
  for (;;) {
    try {
      mkdirSync(LOCK);
      break;
    } catch {
      // A lock left by a run that was killed mid-build is older than any build takes.
      const since = Date.now() - (statSync(LOCK, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
      if (since > BUILD_TIMEOUT) rmdirSync(LOCK);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
  try {
    await promisify(execFile)(
      "pnpm",
      ["exec", "turbo", "run", "build", "--filter=@eventwire/cli...", "--output-logs=errors-only"],
      { cwd: ROOT, maxBuffer: 16 * 1024 * 1024 },
    );
  } catch (error) {
    // turbo prints the failing package's compiler errors on stdout: show them, not only "Command failed".
    const { stdout = "", stderr = "" } = error as { stdout?: string; stderr?: string };
    throw new Error(`building the CLI and its packages failed:\n${stdout}${stderr}`, { cause: error });
  } finally {
    rmdirSync(LOCK);
  }
}

/** What a run of the CLI gave. */
export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: Buffer;
  stderr: string;
}

/** Options of {@link runCli}. */
export interface RunOptions {
  stdin?: Uint8Array | string;
  cwd?: string;
  env?: NodeJS.ProcessEnv;
}

/** Runs `eventwire …args` to its end. */
export function runCli(args: readonly string[], options: RunOptions = {}): Promise<CliResult> {
  const child = spawnCli(args, options);
  // A CLI that stops reading early (a limit, a usage error) closes its stdin: not a failure here.
  child.stdin.on("error", () => undefined);
  child.stdin.end(options.stdin ?? "");
  return collect(child);
}

/** Starts `eventwire …args` (for `tail`, which runs until stopped). */
export function spawnCli(args: readonly string[], options: RunOptions = {}) {
  return spawn(process.execPath, [BIN, ...args], {
    cwd: options.cwd ?? ROOT,
    env: { ...process.env, NO_COLOR: "", ...options.env },
    stdio: ["pipe", "pipe", "pipe"],
  });
}

/** Waits for a started CLI to exit and returns what it wrote. */
export function collect(child: ReturnType<typeof spawnCli>): Promise<CliResult> {
  const out: Buffer[] = [];
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => out.push(chunk));
  child.stderr.on("data", (chunk: Buffer) => {
    stderr += chunk.toString("utf8");
  });
  return new Promise((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code, signal) => resolve({ code, signal, stdout: Buffer.concat(out), stderr }));
  });
}

/** The four example types of round 1: the tests' fixed set, whatever else schemas/ comes to hold. */
export const TEST_TYPES = ["user_login", "order_placed", "sensor_reading", "log_batch"] as const;

/** A temporary schema directory with the four example types. */
export function copyExampleSchemas(): string {
  const dir = mkdtempSync(join(tmpdir(), "eventwire-cli-schemas-"));
  mkdirSync(join(dir, "events"));
  for (const type of TEST_TYPES) {
    for (const extension of [".schema.json", ".avsc", ".proto"]) {
      cpSync(join(SCHEMA_DIR, "events", `${type}${extension}`), join(dir, "events", `${type}${extension}`));
    }
  }
  return dir;
}

/** Non-empty stdout lines, parsed as JSON. */
export function jsonLines(stdout: Buffer): unknown[] {
  return stdout
    .toString("utf8")
    .split("\n")
    .filter((line) => line !== "")
    .map((line) => JSON.parse(line));
}
