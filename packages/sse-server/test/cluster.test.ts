import type { Envelope } from "@eventwire/envelope-core";
import { createExampleCodecs } from "@eventwire/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bundleFixture } from "./fixtures/bundle-fixture.js";
import { consumeAcross } from "./fixtures/cluster-client.js";
import { makeClusterEnvelopes } from "./fixtures/cluster-envelopes.js";
import { type ClusterLogSpec, openClusterLog } from "./fixtures/cluster-log.js";
import { describeTrouble, killFixture, type Spawned, spawnFixture } from "./fixtures/cluster-processes.js";
import { startNats } from "./servers/nats.js";
import { startRedis } from "./servers/redis.js";

const TOTAL = 10_000;
const expectedIds = makeClusterEnvelopes(TOTAL).map((e) => e.event_id);
const brokers = {
  redis: { start: startRedis, origin: "0-0" },
  nats: { start: startNats, origin: "0" },
} as const;

describe.each(["redis", "nats"] as const)("three SSE server processes on one %s log", { timeout: 180_000 }, (kind) => {
  let broker: { url: string; restart(): Promise<void>; stop(): Promise<void> } | undefined;
  let spec: ClusterLogSpec;
  let producerScript = "";
  const processes: Spawned[] = [];
  const urls: string[] = [];

  beforeAll(async () => {
    const [started, serverScript, producer] = await Promise.all([
      brokers[kind].start(),
      bundleFixture("cluster-server"),
      bundleFixture("cluster-producer"),
    ]);
    broker = started;
    producerScript = producer;
    spec = { kind, url: started.url, stream: "CLUSTER" };
    for (let i = 0; i < 3; i++) processes.push(spawnFixture(serverScript, spec, [], /^listening \d+$/));
    for (const spawned of processes) urls.push(`http://127.0.0.1:${(await spawned.ready).split(" ")[1]}`);
  }, 120_000);

  afterAll(async () => {
    const trouble = describeTrouble(processes);
    if (trouble !== "") console.error(trouble);
    await Promise.all(processes.map(killFixture));
    await broker?.stop();
  });

  it("a producer process appends 10,000 envelopes: every consumer gets all, in order, exactly once, across a cut and a SIGKILL", async () => {
    const [a, b, c] = urls as [string, string, string];
    const killed = processes[2] as Spawned;
    const common = { lastEventId: brokers[kind].origin, total: TOTAL, timeoutMs: 150_000 };
    const consumers = [
      consumeAcross({ ...common, urls: [a] }),
      consumeAcross({ ...common, urls: [b] }),
      // Cut mid-stream (socket destroyed), resumed on another instance with Last-Event-ID.
      consumeAcross({ ...common, urls: [a, b], cutAfter: 2_500 }),
      // On the instance that is killed with SIGKILL half-way; it resumes elsewhere.
      consumeAcross({
        ...common,
        urls: [c, a],
        onCount: (count) => {
          if (count === TOTAL / 2) killed.child.kill("SIGKILL");
        },
      }),
    ];
    const producer = spawnFixture(producerScript, spec, [String(TOTAL)], /^appended \d+$/);
    expect(await producer.ready).toBe(`appended ${TOTAL}`);
    const [onA, onB, cut, resumed] = await Promise.all(consumers);
    await killed.exited;
    expect(killed.child.signalCode).toBe("SIGKILL");
    for (const consumed of [onA, onB, cut, resumed]) {
      expect(consumed?.notices).toEqual([]);
      expect(consumed?.eventIds).toEqual(expectedIds);
      expect(consumed?.positions).toEqual(onA?.positions);
    }
    expect(new Set(onA?.positions).size).toBe(TOTAL);
    // At least the switch; a consumer that fell maxBufferedBytes behind was also closed and resumed.
    expect(cut?.connections).toBeGreaterThanOrEqual(2);
    expect(resumed?.connections).toBeGreaterThanOrEqual(2);
  });

  it("the broker restarted mid-stream: the servers reconnect, clients see no duplicate and no loss", async () => {
    const count = 4_000;
    const [a, b] = urls as [string, string];
    const log = openClusterLog(spec, createExampleCodecs().avro);
    const origin = await log.append(makeClusterEnvelopes(1, "restart-origin")[0] as Envelope);
    await log.close();
    let restarted: Promise<void> | undefined;
    const common = { lastEventId: origin, total: count, timeoutMs: 150_000 };
    const consumers = [
      consumeAcross({
        ...common,
        urls: [a, b],
        onCount: (n) => {
          if (n === count / 2) restarted = broker?.restart();
        },
      }),
      consumeAcross({ ...common, urls: [b, a] }),
    ];
    const producer = spawnFixture(producerScript, spec, [String(count), "restart"], /^appended \d+$/);
    expect(await producer.ready).toBe(`appended ${count}`);
    const [first, second] = await Promise.all(consumers);
    await restarted;
    const ids = makeClusterEnvelopes(count, "restart").map((e) => e.event_id);
    expect(restarted).toBeDefined();
    for (const consumed of [first, second]) {
      expect(consumed?.notices).toEqual([]);
      expect(consumed?.eventIds).toEqual(ids);
      expect(consumed?.positions).toEqual(first?.positions);
    }
  });
});
