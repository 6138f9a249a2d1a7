import type { Format } from "./codecs.js";
import type { ProbeReading } from "./probe.js";

/** The seed's three transports: one SSE connection per client, SSE multiplexed on HTTP/2, WebSocket. */
export type Transport = "sse-h1" | "sse-h2" | "ws";
export const TRANSPORTS: readonly Transport[] = ["sse-h1", "sse-h2", "ws"];

/** Where the servers read their events from. */
export type LogKind = "memory" | "redis";

/** One measured run: a set of servers on one log, clients on one transport, a producer. */
export interface Scenario {
  readonly transport: Transport;
  readonly format: Format;
  readonly log: LogKind;
  readonly servers: number;
  readonly clients: number;
  /** Events per second; 0: as fast as the log takes them (the producer awaits each append). */
  readonly rate: number;
  readonly seconds: number;
  /** Clients that stop reading, to make the server's output bound act (stress). */
  readonly slowClients: number;
}

/** What one client worker process reports after a scenario. */
export interface WorkerReport {
  readonly received: number;
  readonly duplicates: number;
  readonly outOfOrder: number;
  readonly connected: number;
  readonly failedToConnect: number;
  readonly reconnects: number;
  /** Reconnections of the clients that started slow. */
  readonly slowReconnects: number;
  readonly gaps: number;
  readonly dropNotices: number;
  /** Events delivered, but more than `LATE_MS` after they were produced. */
  readonly late: number;
  /** Clients that never connected, by reason. */
  readonly failures: Readonly<Record<string, number>>;
  /** Latency samples in milliseconds, from the producer's timestamp to the decoded envelope. */
  readonly latencies: number[];
  /** The same for the slow clients (stress): their own stall, kept apart. */
  readonly slowLatencies: number[];
  /** Clients that decode every envelope (the others count positions). */
  readonly decoding: number;
  /** Events each client saw (in order, once). */
  readonly perClient: number[];
  /** The worker process over the measured window (from the producer's start to the end of the drain). */
  readonly probe: ProbeReading;
}

/** What one server process reports: its window since the previous report. */
export interface ServerReport {
  readonly probe: ProbeReading;
  readonly cutClients: number;
  /** JavaScript heap and external memory after a full collection. */
  readonly heldBytes: number;
}

/** A delivery later than this after its production is counted as late (it is not lost). */
export const LATE_MS = 1000;

/** What a group of processes (the servers, or the client workers) did over the measured window. */
export interface ProcessFigures {
  /** CPU over the window, as a percentage of one core, summed over the processes. */
  readonly cpuPercent: number;
  /** The kernel's share of that CPU, %. */
  readonly systemShare: number;
  /** The worst event-loop delay p99 and max among the processes. */
  readonly eventLoopP99Ms: number;
  readonly eventLoopMaxMs: number;
  /** Time the busiest process's main thread waited for a core, as a percentage of the window. */
  readonly runQueueWaitPercent: number | undefined;
}

/** One scenario's figures, as the table and the chart show them. */
export interface ScenarioResult extends Scenario {
  readonly produced: number;
  /** Events appended per second over the producer's run (at rate 0: the maximum the server took). */
  readonly appendedPerSecond: number;
  /** How far the fixed-rate producer fell behind its schedule, ms (it shares the server's loop on the memory log). */
  readonly producerLagMs: number;
  readonly expectedPerClient: number;
  readonly delivered: number;
  /** Never delivered, after a drain that waits as long as deliveries still progress. */
  readonly lost: number;
  /**
   * Not delivered when the drain reached its cap (the run stops by itself) while entries were
   * still arriving: behind, not known lost. Counted apart from `lost`.
   */
  readonly stillArriving: number;
  /** Delivered more than `LATE_MS` after production. */
  readonly late: number;
  readonly duplicated: number;
  readonly connected: number;
  readonly failedToConnect: number;
  /** Why they failed, e.g. "EMFILE 12, HTTP 503 3". */
  readonly failures: string;
  readonly reconnects: number;
  /** Of `reconnects`, those of the slow clients: the others were cut for falling behind too. */
  readonly slowReconnects: number;
  /** Latency of the clients that read (not the slow ones), sampled on `decodingClients`. */
  readonly latency: { p50: number; p99: number; max: number } | undefined;
  readonly slowLatency: { p50: number; p99: number; max: number } | undefined;
  readonly decodingClients: number;
  /** Delivered events over the window from the producer's start to the last delivery. */
  readonly eventsPerSecond: number;
  /** Seconds from the producer's end to the last delivery. */
  readonly drainSeconds: number;
  readonly server: ProcessFigures;
  readonly clientWorkers: ProcessFigures;
  /** Server CPU per delivered event, microseconds: the fan-out's cost per client per event. */
  readonly serverCpuUsPerEvent: number;
  readonly serverRssMiB: number;
  /**
   * Server memory per client: JavaScript heap and external memory (after a full collection)
   * with the clients connected, minus before they connected. Socket buffers in the kernel are not in it.
   */
  readonly heldKiBPerClient: number;
  readonly cutClients: number;
  /** The machine's 1-minute load average when the scenario started (2 cores, shared). */
  readonly loadAverage: number;
  readonly wallSeconds: number;
  readonly note: string;
}

/**
 * The envelope id of a producer run's `sequence`-th event. Unique across runs: the Redis log
 * treats an id it saw in the last two minutes as a retried append and stores nothing new.
 */
export function eventIdOf(run: string, sequence: number): string {
  return `lt-${run}-${sequence}`;
}
