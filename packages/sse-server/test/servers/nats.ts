import type { ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { findFreePort } from "./free-port.js";
import { startProcess, stopProcess } from "./server-process.js";

// Debian installs it in /usr/sbin, which a non-root user's PATH often lacks.
const NATS_SERVER = existsSync("/usr/sbin/nats-server") ? "/usr/sbin/nats-server" : "nats-server";

/** A real `nats-server` with JetStream on a free loopback port, its file store in a temporary folder. */
export interface NatsServer {
  readonly url: string;
  readonly port: number;
  /** Stops the server (SIGTERM: a clean shutdown) and starts it again on the same port and store. */
  restart(): Promise<void>;
  /** Stops the server and removes its store. */
  stop(): Promise<void>;
}

/** Starts `nats-server -js` on 127.0.0.1 with a temporary store directory. */
export async function startNats(): Promise<NatsServer> {
  const dir = mkdtempSync(join(tmpdir(), "eventwire-nats-"));
  const port = await findFreePort();
  const spec = {
    command: NATS_SERVER,
    args: ["-a", "127.0.0.1", "-p", String(port), "-js", "-sd", dir],
    readyLine: /Server is ready/,
    readyTimeoutMs: 10_000,
  };
  let child: ChildProcess = await startProcess(spec);
  return {
    url: `nats://127.0.0.1:${port}`,
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
