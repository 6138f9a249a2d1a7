import { type ChildProcess, fork } from "node:child_process";

/**
 * A child process of this package's dist, spoken to over IPC. `LOADTEST_CPU_PROF=DIR` makes
 * every child write a V8 CPU profile there when it exits (`--cpu-prof`), to see where time goes.
 */
export function forkChild(file: string, execArgv: string[] = []): ChildProcess {
  const dir = process.env.LOADTEST_CPU_PROF;
  const profile = dir === undefined || dir === "" ? [] : ["--cpu-prof", `--cpu-prof-dir=${dir}`];
  return fork(new URL(file, import.meta.url), [], {
    stdio: ["ignore", "inherit", "inherit", "ipc"],
    execArgv: [...execArgv, ...profile],
  });
}

/**
 * Sends `message` and waits for the child's reply of kind `reply`, failing if the child exits
 * or says nothing within `timeoutMs`: a load test must stop by itself.
 */
export function ask<T>(child: ChildProcess, message: object, reply: string, timeoutMs: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => finish(new Error(`loadtest: no "${reply}" within ${timeoutMs} ms`)), timeoutMs);
    const onMessage = (m: { kind?: string }) => {
      if (m.kind === reply) finish(undefined, m as T);
    };
    const onExit = (code: number | null) => finish(new Error(`loadtest: a child exited (${code}) before "${reply}"`));
    function finish(error?: Error, value?: T) {
      clearTimeout(timer);
      child.off("message", onMessage);
      child.off("exit", onExit);
      if (error) reject(error);
      else resolve(value as T);
    }
    child.on("message", onMessage);
    child.once("exit", onExit);
    child.send(message);
  });
}
