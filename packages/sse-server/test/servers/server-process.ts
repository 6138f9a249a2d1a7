import { type ChildProcess, spawn } from "node:child_process";

/** How a test starts one broker process and knows it is ready. */
export interface ProcessSpec {
  readonly command: string;
  readonly args: readonly string[];
  /** Printed on stdout or stderr once the server accepts connections. */
  readonly readyLine: RegExp;
  /** How long to wait for `readyLine` before giving up. */
  readonly readyTimeoutMs: number;
}

/** Starts `spec` and resolves once it printed its ready line; rejects with its output if it exits or times out. */
export function startProcess(spec: ProcessSpec): Promise<ChildProcess> {
  const child = spawn(spec.command, [...spec.args], { stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => fail(new Error(`${spec.command} not ready in ${spec.readyTimeoutMs} ms:\n${output}`)),
      spec.readyTimeoutMs,
    );
    const onData = (chunk: Buffer) => {
      output += chunk.toString("utf8");
      if (spec.readyLine.test(output)) {
        clearTimeout(timer);
        resolve(child);
      }
    };
    const fail = (error: Error) => {
      clearTimeout(timer);
      child.kill("SIGKILL");
      reject(error);
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", onData);
    child.once("error", fail);
    child.once("exit", (code) => fail(new Error(`${spec.command} exited (${code}) before it was ready:\n${output}`)));
  });
}

/** Sends `signal` and resolves once the process has exited (at once if it already has). */
export function stopProcess(child: ChildProcess, signal: NodeJS.Signals = "SIGTERM"): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once("exit", () => resolve());
    child.kill(signal);
  });
}
