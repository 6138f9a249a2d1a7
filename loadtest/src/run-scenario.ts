import type { ChildProcess } from "node:child_process";
import { loadavg } from "node:os";
import { setTimeout as sleep } from "node:timers/promises";
import { nowMs } from "./clock.js";
import { ask, forkChild } from "./fork.js";
import type { ProducePlan, ServerPlan, WorkerPlan } from "./ipc.js";
import { LOAD_TYPES, type Produced } from "./produce.js";
import type { Scenario, ScenarioResult, ServerReport, WorkerReport } from "./scenario.js";
import { stopChild } from "./services.js";
import { expectedFor, summarizeRun } from "./summarize-run.js";

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
/**
 * The drain after the producer stops waits while deliveries still progress: an event that
 * arrives late is late, not lost. It ends when every event arrived, when nothing new arrived
 * for `STALL_MS`, or at `DRAIN_CAP_MS` (the run must stop by itself).
 */
const STALL_MS = 5_000;
const DRAIN_CAP_MS = 60_000;

/** Runs one scenario on a started cluster: clients connect, the producer runs, everyone is counted. */
export async function runScenario(
  cluster: Cluster,
  scenario: Scenario,
  producer: () => ChildProcess,
): Promise<ScenarioResult> {
  const started = performance.now();
  const loadAverage = loadavg()[0] ?? 0;
  const split = scenario.transport === "sse-h2" ? TYPE_SPLIT : undefined;
  const heldBefore = sumHeld(await serverStats(cluster));
  const workers = await startWorkers(cluster, scenario, split);
  try {
    // Let the connections settle, then start the measured window in every process.
    await sleep(200);
    const heldConnected = sumHeld(await serverStats(cluster));
    await Promise.all(workers.map((w) => ask(w.child, { kind: "mark" }, "marked", 10_000)));
    const plan: ProducePlan = { rate: scenario.rate, seconds: scenario.seconds, maxEvents: 1_000_000 };
    const t0 = nowMs();
    const { count: produced, lagMs } = await runProducer(cluster, plan, producer, scenario.seconds * 1000 + 120_000);
    const produceSeconds = (nowMs() - t0) / 1000;
    for (const w of workers) w.child.send({ kind: "release" });
    const expected = workers.map((w) => expectedFor(w.first, w.count, produced, split));
    const { lastAt, capped } = await waitForDelivery(workers, expected);
    const reports = await Promise.all(
      workers.map((w) => ask<{ report: WorkerReport }>(w.child, { kind: "report" }, "report", 30_000)),
    );
    const times = {
      produced,
      producerLagMs: lagMs,
      expected,
      produceSeconds,
      deliverSeconds: Math.max(produceSeconds, (lastAt - t0) / 1000),
      drainCapped: capped,
      heldBefore,
      heldConnected,
      loadAverage,
      wallSeconds: (performance.now() - started) / 1000,
    };
    const r = reports.map((x) => x.report);
    return summarizeRun(scenario, times, r, await serverStats(cluster));
  } finally {
    await Promise.all(workers.map((w) => stopChild(w.child)));
    await sleep(300);
  }
}

function serverStats(cluster: Cluster): Promise<ServerReport[]> {
  return Promise.all(cluster.servers.map((s) => ask<ServerReport>(s, { kind: "stats" }, "stats", 10_000)));
}

const sumHeld = (stats: ServerReport[]): number => stats.reduce((n, s) => n + s.heldBytes, 0);

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
      firstIndex: first,
      totalClients: scenario.clients,
      slowClients: slow,
      origins: { h1: cluster.h1Origins, h2: cluster.h2Origin },
      path: "/events",
      wsPath: "/ws",
      streamsPerSession: 100,
      typeSplit: split,
    };
    workers.push({ child: forkChild("./client-worker.js", ["--max-old-space-size=2048"]), first, count });
    await ask(workers[workers.length - 1]?.child as ChildProcess, { kind: "start", plan }, "connected", 120_000);
  }
  return workers;
}

async function runProducer(
  cluster: Cluster,
  plan: ProducePlan,
  producer: () => ChildProcess,
  timeoutMs: number,
): Promise<Produced> {
  if (cluster.plan.log === "memory") {
    // A memory log lives in the server's process: the producer runs there too.
    const server = cluster.servers[0] as ChildProcess;
    return await ask<Produced>(server, { kind: "produce", plan }, "produced", timeoutMs);
  }
  const child = producer();
  try {
    const message = { kind: "produce", server: cluster.plan, plan };
    return await ask<Produced>(child, message, "produced", timeoutMs);
  } finally {
    await stopChild(child);
  }
}

/** Waits while deliveries progress (see `STALL_MS`); returns when the last event arrived (`nowMs()`). */
/**
 * Waits for the deliveries; `capped` when it stopped at `DRAIN_CAP_MS` while entries were still
 * arriving (what is missing then is behind, not known lost).
 */
async function waitForDelivery(workers: Worker[], expected: number[]): Promise<{ lastAt: number; capped: boolean }> {
  const deadline = performance.now() + DRAIN_CAP_MS;
  let total = -1;
  let progressed = performance.now();
  let lastAt = 0;
  while (performance.now() < deadline && performance.now() - progressed < STALL_MS) {
    // A worker busy with thousands of sockets may answer late: that is no progress, not a failure.
    const progress = await Promise.all(
      workers.map((w) =>
        ask<{ received: number; lastAt: number }>(w.child, { kind: "progress" }, "progress", 30_000).catch(() => ({
          received: 0,
          lastAt: 0,
        })),
      ),
    );
    lastAt = Math.max(lastAt, ...progress.map((p) => p.lastAt));
    if (progress.every((p, i) => p.received >= (expected[i] as number))) return { lastAt, capped: false };
    const now = progress.reduce((n, p) => n + p.received, 0);
    if (now !== total) progressed = performance.now();
    total = now;
    await sleep(100);
  }
  return { lastAt, capped: performance.now() - progressed < STALL_MS };
}
