import type { Format } from "./codecs.js";

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
  readonly gaps: number;
  readonly dropNotices: number;
  /** Latency samples in milliseconds, from the producer's timestamp to the decoded envelope. */
  readonly latencies: number[];
  /** Sequence numbers of events each fast client saw, compressed to the count per client. */
  readonly perClient: number[];
  readonly cpuMs: number;
}

/** What one server process reports after a scenario. */
export interface ServerReport {
  readonly cpuMs: number;
  readonly rssBytes: number;
  readonly clients: number;
  readonly cutClients: number;
}

/** One scenario's figures, as the table and the chart show them. */
export interface ScenarioResult extends Scenario {
  readonly produced: number;
  readonly expectedPerClient: number;
  readonly delivered: number;
  readonly lost: number;
  readonly duplicated: number;
  readonly connected: number;
  readonly failedToConnect: number;
  readonly reconnects: number;
  readonly latency: { p50: number; p99: number; max: number } | undefined;
  readonly eventsPerSecond: number;
  readonly serverCpuPercent: number;
  readonly serverRssMiB: number;
  readonly cpuMsPerClient: number;
  readonly rssKiBPerClient: number;
  readonly cutClients: number;
  readonly wallSeconds: number;
  readonly note: string;
}

/** Producer's sequence number and send time, carried in the envelope's id and timestamp. */
export function eventIdOf(sequence: number): string {
  return `lt-${sequence}`;
}

export function sequenceOf(eventId: string): number {
  return eventId.startsWith("lt-") ? Number(eventId.slice(3)) : Number.NaN;
}
