import { createExampleCodecs } from "@eventwire/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { EventLog } from "../src/event-log.js";
import { createMemoryLog } from "../src/memory-log.js";
import { createSseHandler } from "../src/sse-handler.js";
import { consumeAcross } from "./fixtures/cluster-client.js";
import { makeClusterEnvelopes } from "./fixtures/cluster-envelopes.js";
import { listen } from "./support/sse-client.js";

// The memory log lives in one process, so "many machines" does not apply: three handlers,
// each on its own node:http server, share one log in this process; an instance "dies" by
// closing its server and every connection on it.
const TOTAL = 10_000;
const envelopes = makeClusterEnvelopes(TOTAL);

describe("three SSE servers on one memory log (one process)", { timeout: 120_000 }, () => {
  const log: EventLog = createMemoryLog({ capacity: 20_000 });
  const codecs = createExampleCodecs();
  const servers: Awaited<ReturnType<typeof listen>>[] = [];

  beforeAll(async () => {
    for (let i = 0; i < 3; i++) servers.push(await listen(createSseHandler({ log, codecs, heartbeatMs: 1_000 })));
  });

  afterAll(async () => {
    await Promise.all(servers.map((server) => server.close()));
    await log.close();
  });

  it("10,000 envelopes reach every consumer in order, exactly once, across a cut and a closed instance", async () => {
    const [a, b, c] = servers.map((server) => server.url) as [string, string, string];
    const common = { lastEventId: "0000000000000000", total: TOTAL, timeoutMs: 100_000 };
    const consumers = [
      consumeAcross({ ...common, urls: [a] }),
      consumeAcross({ ...common, urls: [a, b], cutAfter: 2_500 }),
      consumeAcross({
        ...common,
        urls: [c, a],
        onCount: (count) => {
          if (count === TOTAL / 2) void servers[2]?.close();
        },
      }),
    ];
    for (const envelope of envelopes) await log.append(envelope);
    const [onA, cut, resumed] = await Promise.all(consumers);
    for (const consumed of [onA, cut, resumed]) {
      expect(consumed?.notices).toEqual([]);
      expect(consumed?.eventIds).toEqual(envelopes.map((e) => e.event_id));
      expect(consumed?.positions).toEqual(onA?.positions);
    }
    expect(cut?.connections).toBeGreaterThanOrEqual(2);
    expect(resumed?.connections).toBeGreaterThanOrEqual(2);
  });
});
