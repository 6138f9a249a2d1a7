import { describe, expect, it } from "vitest";
import { formatStress, keptUp, limitOf } from "../src/analysis.js";
import type { ProcessFigures, ScenarioResult } from "../src/scenario.js";

const idle: ProcessFigures = {
  cpuPercent: 10,
  systemShare: 30,
  eventLoopP99Ms: 5,
  eventLoopMaxMs: 9,
  runQueueWaitPercent: 5,
};

const result = (over: Partial<ScenarioResult>): ScenarioResult => ({
  transport: "sse-h1",
  format: "json",
  log: "memory",
  servers: 1,
  clients: 1000,
  rate: 50,
  seconds: 4,
  slowClients: 0,
  produced: 200,
  appendedPerSecond: 50,
  producerLagMs: 0,
  expectedPerClient: 200,
  delivered: 200_000,
  lost: 0,
  stillArriving: 0,
  late: 0,
  duplicated: 0,
  connected: 1000,
  failedToConnect: 0,
  failures: "",
  reconnects: 0,
  slowReconnects: 0,
  latency: { p50: 5, p99: 20, max: 30 },
  slowLatency: undefined,
  decodingClients: 20,
  eventsPerSecond: 50_000,
  drainSeconds: 0.1,
  server: idle,
  clientWorkers: idle,
  serverCpuUsPerEvent: 10,
  serverRssMiB: 100,
  heldKiBPerClient: 8,
  cutClients: 0,
  loadAverage: 1,
  wallSeconds: 8,
  note: "",
  ...over,
});

describe("what limited a step", () => {
  it("keeps up only with nothing lost, duplicated or refused and a short drain", () => {
    expect(keptUp(result({}))).toBe(true);
    expect(keptUp(result({ lost: 1 }))).toBe(false);
    expect(keptUp(result({ stillArriving: 1 }))).toBe(false);
    expect(keptUp(result({ duplicated: 1 }))).toBe(false);
    expect(keptUp(result({ drainSeconds: 3 }))).toBe(false);
    expect(keptUp(result({ failedToConnect: 1 }))).toBe(false);
  });

  it("names file descriptors when connections failed with EMFILE", () => {
    expect(limitOf(result({ failedToConnect: 9, failures: "EMFILE 9" })).kind).toBe("file descriptors");
    expect(limitOf(result({ failedToConnect: 9, failures: "HTTP 503 9" })).kind).toContain("HTTP 503");
  });

  it("names the server's CPU when its one thread is busy, else the generator, else the machine", () => {
    const busy = { ...idle, cpuPercent: 97 };
    expect(limitOf(result({ drainSeconds: 9, server: busy })).kind).toContain("server CPU");
    expect(limitOf(result({ drainSeconds: 9, clientWorkers: busy })).kind).toContain("load generator");
    expect(limitOf(result({ drainSeconds: 9, server: { ...idle, runQueueWaitPercent: 70 } })).kind).toContain(
      "shared machine",
    );
    expect(limitOf(result({ drainSeconds: 9 })).kind).toContain("event loop");
  });
});

describe("the stress table", () => {
  it("puts the readers alone beside the same readers with slow clients", () => {
    const alone = result({ clients: 20, rate: 400, latency: { p50: 3, p99: 9, max: 10 } });
    const stressed = result({
      clients: 30,
      rate: 400,
      slowClients: 10,
      cutClients: 10,
      reconnects: 12,
      slowReconnects: 10,
      latency: { p50: 4, p99: 11, max: 12 },
    });
    const row = formatStress([alone, stressed]).split("\n")[2];
    expect(row).toBe("| sse-h1 | 400 | 3.00 / 9.00 | 4.00 / 11 | 10 | 10 | 10 / 2 | 0 | 0 |");
  });
});
