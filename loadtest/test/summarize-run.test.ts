import { describe, expect, it } from "vitest";
import { filterPlan, keyOf, makePlan } from "../src/plan.js";
import type { ProbeReading } from "../src/probe.js";
import { countAtRate, LOAD_TYPES } from "../src/produce.js";
import type { Scenario, ServerReport, WorkerReport } from "../src/scenario.js";
import { expectedFor, figuresOf, formatFailures, summarizeRun } from "../src/summarize-run.js";

const split = [
  [LOAD_TYPES[0], LOAD_TYPES[2]],
  [LOAD_TYPES[1], LOAD_TYPES[3]],
] as string[][];

/** What a client asking for `types` sees of `produced` events cycling through the load types. */
function countByHand(produced: number, types: readonly string[]): number {
  let n = 0;
  for (let i = 0; i < produced; i++) if (types.includes(LOAD_TYPES[i % LOAD_TYPES.length] as string)) n++;
  return n;
}

describe("expected deliveries", () => {
  it("is every event for every client without a split", () => {
    expect(expectedFor(0, 7, 103, undefined)).toBe(721);
  });

  it("counts each client's half of the types, for any worker offset and any remainder", () => {
    for (const produced of [0, 1, 2, 3, 4, 5, 103, 1000]) {
      for (const [first, count] of [
        [0, 1],
        [1, 1],
        [0, 10],
        [2500, 2500],
        [3, 7],
      ] as const) {
        let byHand = 0;
        for (let i = first; i < first + count; i++) byHand += countByHand(produced, split[i % 2] as string[]);
        expect(expectedFor(first, count, produced, split)).toBe(byHand);
      }
    }
  });
});

const probe = (over: Partial<ProbeReading>): ProbeReading => ({
  wallMs: 1000,
  cpuMs: 0,
  systemMs: 0,
  runQueueWaitMs: 0,
  eventLoopP50Ms: 0,
  eventLoopP99Ms: 0,
  eventLoopMaxMs: 0,
  rssBytes: 0,
  ...over,
});

describe("process figures", () => {
  it("sums CPU over processes, takes the worst loop delay and wait", () => {
    const f = figuresOf([
      probe({ cpuMs: 500, systemMs: 100, eventLoopP99Ms: 3, runQueueWaitMs: 100 }),
      probe({ cpuMs: 300, systemMs: 300, eventLoopP99Ms: 9, runQueueWaitMs: 400 }),
    ]);
    expect(f).toEqual({
      cpuPercent: 80,
      systemShare: 50,
      eventLoopP99Ms: 9,
      eventLoopMaxMs: 0,
      runQueueWaitPercent: 40,
    });
  });

  it("says nothing of run-queue wait where Linux's schedstat is missing", () => {
    expect(figuresOf([probe({ runQueueWaitMs: undefined })]).runQueueWaitPercent).toBeUndefined();
  });
});

const scenario: Scenario = {
  transport: "sse-h1",
  format: "json",
  log: "memory",
  servers: 1,
  clients: 4,
  rate: 50,
  seconds: 2,
  slowClients: 0,
};

const worker = (over: Partial<WorkerReport>): WorkerReport => ({
  received: 0,
  duplicates: 0,
  outOfOrder: 0,
  connected: 2,
  failedToConnect: 0,
  reconnects: 0,
  slowReconnects: 0,
  gaps: 0,
  dropNotices: 0,
  late: 0,
  failures: {},
  latencies: [],
  slowLatencies: [],
  decoding: 2,
  perClient: [],
  probe: probe({}),
  ...over,
});

describe("a scenario's row", () => {
  const times = {
    produced: 100,
    producerLagMs: 0,
    expected: [200, 200],
    produceSeconds: 2,
    deliverSeconds: 2.5,
    heldBefore: 100 * 1024 * 1024,
    heldConnected: 100 * 1024 * 1024 + 4 * 1024 * 40,
    loadAverage: 1.5,
    wallSeconds: 5,
  };
  const servers: ServerReport[] = [{ probe: probe({ cpuMs: 400, wallMs: 2000 }), cutClients: 1, heldBytes: 0 }];

  it("counts lost as never delivered, duplicates and out of order as duplicated", () => {
    const workers = [worker({ received: 200, duplicates: 1 }), worker({ received: 190, outOfOrder: 2, late: 5 })];
    const r = summarizeRun(scenario, times, workers, servers);
    expect(r.delivered).toBe(390);
    expect(r.lost).toBe(10);
    expect(r.duplicated).toBe(3);
    expect(r.late).toBe(5);
  });

  it("counts what is missing when the drain stopped at its cap while entries still arrived as behind, not lost", () => {
    const workers = [worker({ received: 200 }), worker({ received: 150 })];
    const r = summarizeRun(scenario, { ...times, drainCapped: true }, workers, servers);
    expect(r.lost).toBe(0);
    expect(r.stillArriving).toBe(50);
    const stalled = summarizeRun(scenario, times, workers, servers);
    expect([stalled.lost, stalled.stillArriving]).toEqual([50, 0]);
  });

  it("gives the server's CPU per delivered event, RSS per client as a delta, rate over the delivery window", () => {
    const r = summarizeRun(scenario, times, [worker({ received: 200 }), worker({ received: 200 })], servers);
    expect(r.serverCpuUsPerEvent).toBe(1000);
    expect(r.heldKiBPerClient).toBe(40);
    expect(r.eventsPerSecond).toBe(160);
    expect(r.drainSeconds).toBeCloseTo(0.5, 9);
    expect(r.server.cpuPercent).toBe(20);
    expect(r.cutClients).toBe(1);
  });

  it("names why clients failed, most frequent first", () => {
    expect(formatFailures([{ failures: { "HTTP 503": 2 } }, { failures: { EMFILE: 5, "HTTP 503": 1 } }])).toBe(
      "EMFILE 5, HTTP 503 3",
    );
  });
});

describe("the producer's count", () => {
  it("is rate × seconds at a fixed rate, within the cap", () => {
    expect(countAtRate(50, 4, 1_000_000)).toBe(200);
    expect(countAtRate(50, 1.5, 1_000_000)).toBe(75);
    expect(countAtRate(2000, 10, 1000)).toBe(1000);
  });
});

describe("the plan", () => {
  it("climbs 10 → 5,000 in the full run, capped by --max-clients", () => {
    const full = makePlan(false, 5000);
    const ladder = (format: string) =>
      full.memory.filter((s) => s.transport === "ws" && s.format === format && s.rate === 50).map((s) => s.clients);
    expect(ladder("json")).toEqual([10, 100, 1000, 5000]);
    expect(ladder("avro")).toEqual([10, 100, 1000]);
    const capped = makePlan(false, 1000).memory.filter((s) => s.rate === 50 && s.slowClients === 0);
    expect(Math.max(...capped.map((s) => s.clients))).toBe(1000);
    expect([...full.redis.keys()]).toEqual([1, 3]);
  });

  it("keeps the scenarios --only names", () => {
    const only = filterPlan(makePlan(true, 5000), "^ws/json/memory/1/10/");
    expect(only.memory.map(keyOf)).toEqual(["ws/json/memory/1/10/50/0"]);
    expect(only.redis.size).toBe(0);
  });
});
