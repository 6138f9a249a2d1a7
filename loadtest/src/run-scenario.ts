import type { ChildProcess } from "node:child_process";
import { setTimeout as sleep } from "node:timers/promises";
import { ask, forkChild } from "./fork.js";
import type { ProducePlan, ServerPlan, WorkerPlan } from "./ipc.js";
import { LOAD_TYPES } from "./produce.js";
import type { Scenario, ScenarioResult, ServerReport, WorkerReport } from "./scenario.js";
import { stopChild } from "./services.js";
import { summarize } from "./stats.js";

/** The server instances of one log, running while scenarios come and go. */
export interface Cluster {
  readonly plan: ServerPlan;
  readonly servers: readonly ChildProcess[];
  readonly h1Origins: readonly string[];
  readonly h2Origin: string;
}

/** How many clients one worker process holds at most. */
const CLIENTS_PER_WORKER = 2500;
/** The multiplexed transport's clients each ask for two of the four types (`?types=`). */
const TYPE_SPLIT = [
  [LOAD_TYPES[0], LOAD_TYPES[2]],
  [LOAD_TYPES[1], LOAD_TYPES[3]],
] as string[][];

/** Runs one scenario on a started cluster: clients connect, the producer runs, everyone is counted. */
export async function runScenario(
  cluster: Cluster,
  scenario: Scenario,
  producer: () => ChildProcess,
): Promise<ScenarioResult> {
  const started = performance.now();
  const split = scenario.transport === "sse-h2" ? TYPE_SPLIT : undefined;
  const workers = await startWorkers(cluster, scenario, split);
  try {
    for (const server of cluster.servers) await ask(server, { kind: "stats" }, "stats", 10_000);
    const plan: ProducePlan = { rate: scenario.rate, seconds: scenario.seconds, maxEvents: 1_000_000 };
    const produced = await runProducer(cluster, plan, producer, scenario.seconds * 1000 + 60_000);
    for (const w of workers) w.child.send({ kind: "release" });
    const expected = workers.map((w) => expectedFor(w.first, w.count, produced, split));
    await waitForDelivery(workers, expected, 15_000 + scenario.seconds * 1000);
    const reports = await Promise.all(
      workers.map((w) => ask<{ report: WorkerReport }>(w.child, { kind: "report" }, "report", 30_000)),
    );
    const stats = await Promise.all(
      cluster.servers.map((s) => ask<ServerReport>(s, { kind: "stats" }, "stats", 10_000)),
    );
    return summarizeRun(
      scenario,
      produced,
      expected,
      reports.map((r) => r.report),
      stats,
      (performance.now() - started) / 1000,
    );
  } finally {
    await Promise.all(workers.map((w) => stopChild(w.child)));
    await sleep(300);
  }
}

interface Worker {
  readonly child: ChildProcess;
  readonly first: number;
  readonly count: number;
}

async function startWorkers(cluster: Cluster, scenario: Scenario, split: string[][] | undefined): Promise<Worker[]> {
  const workers: Worker[] = [];
  for (let first = 0; first < scenario.clients; first += CLIENTS_PER_WORKER) {
    const count = Math.min(CLIENTS_PER_WORKER, scenario.clients - first);
    const slow = Math.max(0, Math.min(count, scenario.slowClients - first));
    const plan: Omit<WorkerPlan, "typesOf"> = {
      transport: scenario.transport,
      format: scenario.format,
      clients: count,
      slowClients: slow,
      origins: { h1: cluster.h1Origins, h2: cluster.h2Origin },
      path: "/events",
      wsPath: "/ws",
      streamsPerSession: 100,
      typeSplit: split,
    };
    workers.push({ child: forkChild("./client-worker.js", ["--max-old-space-size=2048"]), first, count });
    await ask(workers[workers.length - 1]?.child as ChildProcess, { kind: "start", plan }, "connected", 60_000);
  }
  return workers;
}

async function runProducer(
  cluster: Cluster,
  plan: ProducePlan,
  producer: () => ChildProcess,
  timeoutMs: number,
): Promise<number> {
  if (cluster.plan.log === "memory") {
    const reply = await ask<{ count: number }>(
      cluster.servers[0] as ChildProcess,
      { kind: "produce", plan },
      "produced",
      timeoutMs,
    );
    return reply.count;
  }
  const child = producer();
  try {
    const reply = await ask<{ count: number }>(
      child,
      { kind: "produce", server: cluster.plan, plan },
      "produced",
      timeoutMs,
    );
    return reply.count;
  } finally {
    await stopChild(child);
  }
}

/** Events a worker's clients should see in all: the producer cycles through the types in order. */
function expectedFor(first: number, count: number, produced: number, split: string[][] | undefined): number {
  if (split === undefined) return produced * count;
  let total = 0;
  for (let i = first; i < first + count; i++) {
    const types = split[i % split.length] as string[];
    for (let t = 0; t < LOAD_TYPES.length; t++) {
      if (types.includes(LOAD_TYPES[t] as string))
        total += Math.floor(produced / LOAD_TYPES.length) + (t < produced % LOAD_TYPES.length ? 1 : 0);
    }
  }
  return total;
}

async function waitForDelivery(workers: Worker[], expected: number[], timeoutMs: number): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (performance.now() < deadline) {
    const progress = await Promise.all(
      workers.map((w) => ask<{ received: number }>(w.child, { kind: "progress" }, "progress", 10_000)),
    );
    if (progress.every((p, i) => p.received >= (expected[i] as number))) return;
    await sleep(100);
  }
}

function summarizeRun(
  scenario: Scenario,
  produced: number,
  expected: number[],
  reports: WorkerReport[],
  stats: ServerReport[],
  wallSeconds: number,
): ScenarioResult {
  const expectedTotal = expected.reduce((a, b) => a + b, 0);
  const delivered = reports.reduce((n, r) => n + r.received, 0);
  const connected = reports.reduce((n, r) => n + r.connected, 0);
  const cpuMs = stats.reduce((n, s) => n + s.cpuMs, 0);
  const rss = stats.reduce((n, s) => n + s.rssBytes, 0);
  const latencies = reports.flatMap((r) => r.latencies);
  const seconds = Math.max(scenario.seconds, 0.001);
  return {
    ...scenario,
    produced,
    expectedPerClient: scenario.clients === 0 ? 0 : expectedTotal / scenario.clients,
    delivered,
    lost: Math.max(0, expectedTotal - delivered),
    duplicated: reports.reduce((n, r) => n + r.duplicates + r.outOfOrder, 0),
    connected,
    failedToConnect: reports.reduce((n, r) => n + r.failedToConnect, 0),
    reconnects: reports.reduce((n, r) => n + r.reconnects, 0),
    latency: summarize(latencies),
    eventsPerSecond: delivered / seconds,
    serverCpuPercent: (cpuMs / (seconds * 1000)) * 100,
    serverRssMiB: rss / 2 ** 20,
    cpuMsPerClient: connected === 0 ? 0 : cpuMs / connected,
    rssKiBPerClient: connected === 0 ? 0 : rss / 1024 / connected,
    cutClients: stats.reduce((n, s) => n + s.cutClients, 0),
    wallSeconds,
    note: "",
  };
}
