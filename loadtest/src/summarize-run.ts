import type { ProbeReading } from "./probe.js";
import { LOAD_TYPES } from "./produce.js";
import type { ProcessFigures, Scenario, ScenarioResult, ServerReport, WorkerReport } from "./scenario.js";
import { summarize } from "./stats.js";

/**
 * Events that clients `first … first + count - 1` should see in all. The producer cycles
 * through `LOAD_TYPES` in order (event i has type i mod 4); client i asks for
 * `split[i % split.length]` (all types when there is no split).
 */
export function expectedFor(
  first: number,
  count: number,
  produced: number,
  split: readonly (readonly string[])[] | undefined,
): number {
  if (split === undefined) return produced * count;
  let total = 0;
  for (let i = first; i < first + count; i++) {
    const types = split[i % split.length] as readonly string[];
    for (let t = 0; t < LOAD_TYPES.length; t++) {
      if (types.includes(LOAD_TYPES[t] as string))
        total += Math.floor(produced / LOAD_TYPES.length) + (t < produced % LOAD_TYPES.length ? 1 : 0);
    }
  }
  return total;
}

/** CPU, event-loop delay and run-queue wait of a group of processes over one window. */
export function figuresOf(probes: readonly ProbeReading[]): ProcessFigures {
  const wall = Math.max(1, ...probes.map((p) => p.wallMs));
  const waits = probes.map((p) => p.runQueueWaitMs).filter((w) => w !== undefined);
  const cpu = probes.reduce((n, p) => n + p.cpuMs, 0);
  return {
    cpuPercent: (cpu / wall) * 100,
    systemShare: cpu === 0 ? 0 : (probes.reduce((n, p) => n + p.systemMs, 0) / cpu) * 100,
    eventLoopP99Ms: Math.max(0, ...probes.map((p) => p.eventLoopP99Ms)),
    eventLoopMaxMs: Math.max(0, ...probes.map((p) => p.eventLoopMaxMs)),
    runQueueWaitPercent: waits.length === 0 ? undefined : (Math.max(...waits) / wall) * 100,
  };
}

/** What the orchestrator saw of one scenario, besides the processes' reports. */
export interface RunTimes {
  readonly produced: number;
  /** How far the producer fell behind its schedule (fixed rate), ms. */
  readonly producerLagMs: number;
  readonly expected: readonly number[];
  /** Seconds from the producer's start to its end, and to the last delivery. */
  readonly produceSeconds: number;
  readonly deliverSeconds: number;
  /** The drain stopped at its cap while entries were still arriving. */
  readonly drainCapped?: boolean;
  /** Sum of the servers' held memory (heap and external, after a collection) before the clients connected, and with them. */
  readonly heldBefore: number;
  readonly heldConnected: number;
  readonly loadAverage: number;
  readonly wallSeconds: number;
}

/** One scenario's row: counts from the workers, costs from the servers. */
export function summarizeRun(
  scenario: Scenario,
  times: RunTimes,
  reports: readonly WorkerReport[],
  stats: readonly ServerReport[],
): ScenarioResult {
  const expectedTotal = times.expected.reduce((a, b) => a + b, 0);
  const delivered = reports.reduce((n, r) => n + r.received, 0);
  const connected = reports.reduce((n, r) => n + r.connected, 0);
  const serverCpuMs = stats.reduce((n, s) => n + s.probe.cpuMs, 0);
  const rss = stats.reduce((n, s) => n + s.probe.rssBytes, 0);
  return {
    ...scenario,
    produced: times.produced,
    producerLagMs: times.producerLagMs,
    appendedPerSecond: times.produced / Math.max(times.produceSeconds, 0.001),
    expectedPerClient: scenario.clients === 0 ? 0 : expectedTotal / scenario.clients,
    delivered,
    lost: times.drainCapped === true ? 0 : Math.max(0, expectedTotal - delivered),
    stillArriving: times.drainCapped === true ? Math.max(0, expectedTotal - delivered) : 0,
    late: reports.reduce((n, r) => n + r.late, 0),
    duplicated: reports.reduce((n, r) => n + r.duplicates + r.outOfOrder, 0),
    connected,
    failedToConnect: reports.reduce((n, r) => n + r.failedToConnect, 0),
    failures: formatFailures(reports),
    reconnects: reports.reduce((n, r) => n + r.reconnects, 0),
    slowReconnects: reports.reduce((n, r) => n + r.slowReconnects, 0),
    latency: summarize(reports.flatMap((r) => r.latencies)),
    slowLatency: summarize(reports.flatMap((r) => r.slowLatencies)),
    decodingClients: reports.reduce((n, r) => n + r.decoding, 0),
    eventsPerSecond: delivered / Math.max(times.deliverSeconds, 0.001),
    drainSeconds: Math.max(0, times.deliverSeconds - times.produceSeconds),
    server: figuresOf(stats.map((s) => s.probe)),
    clientWorkers: figuresOf(reports.map((r) => r.probe)),
    serverCpuUsPerEvent: delivered === 0 ? 0 : (serverCpuMs * 1000) / delivered,
    serverRssMiB: rss / 2 ** 20,
    heldKiBPerClient: connected === 0 ? 0 : Math.max(0, times.heldConnected - times.heldBefore) / 1024 / connected,
    cutClients: stats.reduce((n, s) => n + s.cutClients, 0),
    loadAverage: times.loadAverage,
    wallSeconds: times.wallSeconds,
    note: "",
  };
}

/** Failure reasons over every worker, most frequent first: "EMFILE 12, HTTP 503 3". */
export function formatFailures(reports: readonly Pick<WorkerReport, "failures">[]): string {
  const counts = new Map<string, number>();
  for (const r of reports)
    for (const [why, n] of Object.entries(r.failures)) counts.set(why, (counts.get(why) ?? 0) + n);
  return [...counts]
    .sort((a, b) => b[1] - a[1])
    .map(([why, n]) => `${why} ${n}`)
    .join(", ");
}
