import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { findFreePort } from "./free-port.js";
import { startProcess, stopProcess } from "./server-process.js";

const run = promisify(execFile);

/** A real three-node Redis Cluster (three primaries, no replicas) on loopback, in temporary folders. */
export interface RedisClusterServer {
  /** The nodes, as ioredis's `Cluster` takes them. */
  readonly nodes: readonly { host: string; port: number }[];
  stop(): Promise<void>;
}

/** Starts three `redis-server --cluster-enabled yes` and joins them with `redis-cli --cluster create`. */
export async function startRedisCluster(): Promise<RedisClusterServer> {
  const dir = mkdtempSync(join(tmpdir(), "eventwire-redis-cluster-"));
  const ports: number[] = [];
  while (ports.length < 3) ports.push(await findClusterPort(ports));
  const children = await Promise.all(
    ports.map((port) =>
      startProcess({
        command: "redis-server",
        args: ["--port", String(port), "--bind", "127.0.0.1", "--dir", dir, "--save", "", "--appendonly", "no"].concat([
          "--cluster-enabled",
          "yes",
          "--cluster-config-file",
          `nodes-${port}.conf`,
        ]),
        readyLine: /Ready to accept connections/,
        readyTimeoutMs: 10_000,
      }),
    ),
  );
  const stop = async () => {
    await Promise.all(children.map((child) => stopProcess(child)));
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    const addresses = ports.map((port) => `127.0.0.1:${port}`);
    await run("redis-cli", ["--cluster", "create", ...addresses, "--cluster-replicas", "0", "--cluster-yes"]);
    for (const port of ports) await waitForClusterOk(port);
  } catch (error) {
    await stop();
    throw error;
  }
  return { nodes: ports.map((port) => ({ host: "127.0.0.1", port })), stop };
}

/** A free port whose cluster bus port (port + 10,000) is a valid port too, and not one already taken. */
async function findClusterPort(taken: readonly number[]): Promise<number> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const port = await findFreePort();
    if (port <= 55_000 && !taken.includes(port) && !taken.includes(port - 10_000) && !taken.includes(port + 10_000)) {
      return port;
    }
  }
  throw new Error("no free port below 55,000");
}

async function waitForClusterOk(port: number): Promise<void> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const { stdout } = await run("redis-cli", ["-p", String(port), "cluster", "info"]);
    if (stdout.includes("cluster_state:ok")) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`the cluster node on ${port} never reached cluster_state:ok`);
}
