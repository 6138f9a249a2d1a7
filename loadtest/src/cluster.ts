import type { ChildProcess } from "node:child_process";
import { ask, forkChild } from "./fork.js";
import type { ServerPlan } from "./ipc.js";
import type { Cluster } from "./run-scenario.js";
import { stopChild } from "./services.js";

/** Starts `count` server processes on one log and waits until each listens. */
export async function startCluster(plan: ServerPlan, count: number): Promise<Cluster & { stop(): Promise<void> }> {
  const servers: ChildProcess[] = [];
  const h1Origins: string[] = [];
  let h2Origin = "";
  for (let i = 0; i < count; i++) {
    const child = forkChild("./server-process.js", ["--max-old-space-size=4096", "--expose-gc"]);
    servers.push(child);
    const ready = await ask<{ h1Port: number; h2Port: number }>(child, { kind: "start", plan }, "ready", 30_000);
    h1Origins.push(`http://127.0.0.1:${ready.h1Port}`);
    if (i === 0) h2Origin = `http://127.0.0.1:${ready.h2Port}`;
  }
  return {
    plan,
    servers,
    h1Origins,
    h2Origin,
    async stop() {
      await Promise.all(servers.map((s) => stopChild(s)));
    },
  };
}
