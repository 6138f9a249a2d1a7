import type { ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { findFreePort } from "./free-port.js";
import { startProcess, stopProcess } from "./server-process.js";

/** A real `redis-server` on a free loopback port, with its append-only file in a temporary folder. */
export interface RedisServer {
  readonly url: string;
  readonly port: number;
  /** Stops the server (SIGTERM: it writes its append-only file) and starts it again on the same port and folder. */
  restart(): Promise<void>;
  /** Stops the server and removes its folder. */
  stop(): Promise<void>;
}

/** Starts `redis-server` with appendonly on (fsync every second; a restart by SIGTERM writes everything), nothing saved outside a temporary folder. */
export async function startRedis(): Promise<RedisServer> {
  const dir = mkdtempSync(join(tmpdir(), "eventwire-redis-"));
  const port = await findFreePort();
  const spec = {
    command: "redis-server",
    args: ["--port", String(port), "--bind", "127.0.0.1", "--dir", dir, "--appendonly", "yes"].concat([
      "--appendfsync",
      "everysec",
      "--save",
      "",
      "--protected-mode",
      "no",
    ]),
    readyLine: /Ready to accept connections/,
    readyTimeoutMs: 10_000,
  };
  let child: ChildProcess = await startProcess(spec);
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    async restart() {
      await stopProcess(child);
      child = await startProcess(spec);
    },
    async stop() {
      await stopProcess(child);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
