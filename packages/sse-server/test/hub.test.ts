import { setImmediate as turn } from "node:timers/promises";
import { describe, expect, it } from "vitest";
import { isLogGap, type LogEntry, type LogGap } from "../src/event-log.js";
import { createHub } from "../src/hub.js";
import { createMemoryLog } from "../src/memory-log.js";
import { makeEnvelopes } from "./log-laws.js";

/** A subscriber that records what it is given. */
function recorder() {
  const items: (LogEntry | LogGap)[] = [];
  let ended = false;
  return {
    items,
    ended: () => ended,
    subscriber: { deliver: (item: LogEntry | LogGap) => items.push(item), end: () => (ended = true) },
    positions: () => items.map((item) => (isLogGap(item) ? "gap" : item.position)),
  };
}

describe("the hub: one live read, clients joining from any position", { timeout: 60_000 }, () => {
  it("clients that join from old, recent and no positions while entries arrive each get exactly what follows their position", async () => {
    const log = createMemoryLog({ capacity: 100_000 });
    // A small window, so that some clients catch up by reading the log themselves.
    const hub = createHub(log, 16);
    const positions: string[] = [];
    for (const envelope of makeEnvelopes(0, 200)) positions.push(await log.append(envelope));
    const clients: { from: number; joinedAt: number; record: ReturnType<typeof recorder> }[] = [];
    let seed = 7;
    const next = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    for (const [i, envelope] of makeEnvelopes(200, 600).entries()) {
      if (i % 5 === 0) {
        // -1 stands for "no position": only new entries.
        const from = next(3) === 0 ? -1 : positions.length - 1 - next(Math.min(positions.length, 60));
        const record = recorder();
        hub.subscribe(from < 0 ? undefined : positions[from], record.subscriber);
        clients.push({ from, joinedAt: positions.length - 1, record });
      }
      positions.push(await log.append(envelope));
      if (i % 3 === 0) await turn();
    }
    for (let i = 0; i < 50; i++) await turn();
    for (const { from, joinedAt, record } of clients) {
      const got = record.positions();
      if (from >= 0) expect(got).toEqual(positions.slice(from + 1));
      else {
        // "Now" is where the live read is, which may be a few entries behind the last append.
        const start = positions.indexOf(got[0] as string);
        expect(start).toBeLessThanOrEqual(joinedAt + 1);
        expect(got).toEqual(positions.slice(start));
      }
    }
    hub.close();
    for (let i = 0; i < 5; i++) await turn();
    expect(clients.every((c) => c.record.ended())).toBe(true);
    await log.close();
  });

  it("a client behind the log's oldest entry gets the log's gap, then joins the live read", async () => {
    const log = createMemoryLog({ capacity: 10 });
    const hub = createHub(log, 4);
    const positions: string[] = [];
    for (const envelope of makeEnvelopes(0, 30)) positions.push(await log.append(envelope));
    const record = recorder();
    hub.subscribe(positions[0], record.subscriber);
    // The catch-up reads the backlog before more comes: a ring of 10 would otherwise trim under it.
    for (let i = 0; i < 20; i++) await turn();
    for (const envelope of makeEnvelopes(30, 5)) positions.push(await log.append(envelope));
    for (let i = 0; i < 20; i++) await turn();
    expect(record.items[0]).toEqual({ gap: { after: positions[0], resumedAt: positions[20] } });
    expect(record.positions().slice(1)).toEqual(positions.slice(20));
    hub.close();
    await log.close();
  });
});
