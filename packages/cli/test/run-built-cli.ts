// The CLI as users run it: `node dist/bin.js` in a child process, built by turbo (with the
// packages it imports) once per test run, so that a fresh clone's `pnpm test` works.
import { type ChildProcessWithoutNullStreams, execFile, spawn } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmdirSync, statSync, writeFileSync } from "node:fs";
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
 * in parallel workers, so a lock directory keeps two builds from writing `dist/` at once, and
 * only the first file of a run builds: a later build would rewrite `dist/` (a cache restore,
 * or a recompile of sources edited meanwhile) under the CLIs that other files are running.
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
  // Test files of one run are forked by the same vitest process: its pid names the run.
  const built = join(ROOT, "node_modules", ".cache", "eventwire-cli-built");
  if (readFileSync(built, { encoding: "utf8", flag: "a+" }) === String(process.ppid)) {
    rmdirSync(LOCK);
    return;
  }
  try {
    await promisify(execFile)(
      "pnpm",
      ["exec", "turbo", "run", "build", "--filter=@eventwire/cli...", "--output-logs=errors-only"],
      { cwd: ROOT, maxBuffer: 16 * 1024 * 1024 },
    );
    writeFileSync(built, String(process.ppid));
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

/**
 * A bound on one CLI run that should end by itself: about twenty times what one takes on a
 * loaded machine (~2.7 s). A CLI that hangs is killed and its test fails on the exit code,
 * with its stderr, instead of waiting for the test's timeout.
 */
const RUN_BOUND_MS = 60_000;

/** Runs `eventwire …args` to its end (killed with SIGKILL after {@link RUN_BOUND_MS}). */
export function runCli(args: readonly string[], options: RunOptions = {}): Promise<CliResult> {
  const child = spawnCli(args, options);
  const bound = setTimeout(() => child.kill("SIGKILL"), RUN_BOUND_MS);
  child.once("exit", () => clearTimeout(bound));
  // A CLI that stops reading early (a limit, a usage error) closes its stdin: not a failure here.
  child.stdin.on("error", () => undefined);
  child.stdin.end(options.stdin ?? "");
  return collect(child);
}

const running = new Set<ChildProcessWithoutNullStreams>();

/** Starts `eventwire …args` (for `tail`, which runs until stopped). */
export function spawnCli(args: readonly string[], options: RunOptions = {}): ChildProcessWithoutNullStreams {
  const child = spawn(process.execPath, [BIN, ...args], {
    cwd: options.cwd ?? ROOT,
    env: { ...process.env, NO_COLOR: "", ...options.env },
    stdio: ["pipe", "pipe", "pipe"],
  });
  running.add(child);
  child.once("exit", () => running.delete(child));
  return child;
}

/**
 * Kills every CLI a test started that is still running (a test that failed or timed out while
 * a `tail` waited), so that no child outlives its test. For `afterEach`.
 */
export async function stopChildren(): Promise<void> {
  const left = [...running];
  await Promise.all(
    left.map((child) => {
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGKILL");
      return exited;
    }),
  );
}

/**
 * Resolves once the child has written `text` on stdout; rejects, with what it wrote on stderr,
 * if it exits before, so that a CLI that failed early fails the test instead of hanging it.
 */
export function waitForOutput(child: ChildProcessWithoutNullStreams, text: string): Promise<void> {
  return new Promise((resolve, reject) => {
    let seen = "";
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString("utf8");
    });
    child.stdout.on("data", (chunk: Buffer) => {
      seen += chunk.toString("utf8");
      if (seen.includes(text)) resolve();
    });
    child.once("exit", (code, signal) =>
      reject(new Error(`the CLI exited (${code ?? signal}) before writing ${text}; stderr: ${stderr}`)),
    );
  });
}

/** Waits for a started CLI to exit and returns what it wrote. */
export function collect(child: ChildProcessWithoutNullStreams): Promise<CliResult> {
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
