import { type Envelope, isEnvelopeError } from "@eventwire/envelope-core";
import { createExampleCodecs } from "@eventwire/testkit";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type EventLog, isLogGap, type LogEntry } from "../src/event-log.js";
import { createRedisLog, type RedisLogOptions } from "../src/redis-log.js";
import { describeLogLaws, idsOf, type LogItem, makeEnvelopes, readItems } from "./log-laws.js";
import { type RedisServer, startRedis } from "./servers/redis.js";

const codecs = createExampleCodecs();
let server: RedisServer;
let streams = 0;
const opened: EventLog[] = [];

beforeAll(async () => {
  server = await startRedis();
}, 20_000);

afterAll(async () => {
  await Promise.all(opened.splice(0).map((log) => log.close()));
  await server.stop();
});

/** A log on a new stream of the shared server (or on `stream`, to share one). */
function openLog(options: Partial<RedisLogOptions> = {}): EventLog {
  const log = createRedisLog({ url: server.url, stream: `s${++streams}`, codec: codecs.avro, ...options });
  opened.push(log);
  return log;
}

// A real broker, on a machine shared with other test runs: more time than the default.
describeLogLaws(
  "createRedisLog",
  ({ capacity }) =>
    createRedisLog({ url: server.url, stream: `laws${++streams}`, codec: codecs.protobuf, maxLength: capacity }),
  { timeoutMs: 90_000 },
);

/** Waits (bounded) until the server lists a client blocked in XREAD: the tail connection of a log. */
async function waitForBlockedRead(raw: Redis): Promise<void> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const clients = String(await raw.client("LIST"));
    if (clients.includes("cmd=xread")) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error("no client blocked in XREAD");
}

describe("createRedisLog", { timeout: 60_000 }, () => {
  it("stores one entry per append: the event type and the codec's bytes, written once", async () => {
    const log = openLog({ stream: "layout" });
    const [envelope] = makeEnvelopes(0, 1);
    const position = await log.append(envelope as never);
    const raw = new Redis(server.url);
    const rows = await raw.xrangeBuffer("layout", "-", "+");
    raw.disconnect();
    expect(rows.map(([id]) => id.toString())).toEqual([position]);
    const fields = rows[0]?.[1] ?? [];
    expect(fields.map((f, i) => (i % 2 === 0 ? f.toString() : null))).toEqual(["p", null, "t", null, "e", null]);
    expect(fields[1]?.toString()).toBe("0-0");
    expect(fields[3]?.toString()).toBe(envelope?.event_type);
    expect(new Uint8Array(fields[5] ?? [])).toEqual(codecs.avro.encode(envelope as never));
  });

  it("an append retried with the same event_id is stored once within the duplicate window; 0 turns that off", async () => {
    const log = openLog();
    const [one, two] = makeEnvelopes(0, 2) as [Envelope, Envelope];
    const first = await log.append(one);
    expect(await log.append(one)).toBe(first);
    const second = await log.append(two);
    expect(await readItems(log, "0-0", 2)).toEqual([
      { position: first, envelope: one },
      { position: second, envelope: two },
    ]);
    const forgetful = openLog({ duplicateWindowMs: 0 });
    const positions = [await forgetful.append(one), await forgetful.append(one)];
    expect(new Set(positions).size).toBe(2);
  });

  it("a slow reader whose next entries were trimmed while it read gets a gap, not a silent skip", async () => {
    const log = openLog({ maxLength: 10, batchSize: 5 });
    const positions: string[] = [];
    for (const envelope of makeEnvelopes(0, 20)) positions.push(await log.append(envelope));
    const reader = log.read(positions[9], { signal: AbortSignal.timeout(20_000) })[Symbol.asyncIterator]();
    const head = (await reader.next()).value as LogItem;
    expect(head).toMatchObject({ position: positions[10] });
    for (const envelope of makeEnvelopes(20, 500)) positions.push(await log.append(envelope));
    const items: LogItem[] = [];
    while (items.length < 20 && !items.some(isLogGap)) items.push((await reader.next()).value as LogItem);
    await reader.return?.();
    const gap = items.find(isLogGap);
    expect(gap?.gap.after).toBeDefined();
    const resumedIndex = positions.indexOf(gap?.gap.resumedAt ?? "");
    expect(resumedIndex).toBeGreaterThan(15);
    const afterIndex = positions.indexOf(gap?.gap.after ?? "");
    expect(afterIndex).toBeGreaterThanOrEqual(10);
    expect(afterIndex).toBeLessThan(resumedIndex - 1);
  });

  it("a position the stream never issued (garbage, or beyond its newest id) gives a gap, then everything held", async () => {
    const log = openLog();
    const positions: string[] = [];
    for (const envelope of makeEnvelopes(0, 3)) positions.push(await log.append(envelope));
    for (const after of ["not-an-id", "99999999999999-0", "1-2-3"]) {
      const items = await readItems(log, after, 4);
      expect(items[0]).toEqual({ gap: { after, resumedAt: positions[0] } });
      expect(items.slice(1).map((item) => (item as LogEntry).position)).toEqual(positions);
    }
  });

  it("two log objects on one stream agree on every position and order", async () => {
    const a = openLog({ stream: "shared" });
    const b = openLog({ stream: "shared" });
    const readA = readItems(a, "0-0", 200);
    const readB = readItems(b, "0-0", 200);
    const envelopes = makeEnvelopes(0, 200);
    await Promise.all(
      [0, 1].map(async (k) => {
        for (let i = k; i < 200; i += 2) await (k === 0 ? a : b).append(envelopes[i] as never);
      }),
    );
    const [fromA, fromB] = await Promise.all([readA, readB]);
    expect(fromA).toHaveLength(200);
    expect(fromB).toEqual(fromA);
    expect(new Set(idsOf(fromA))).toEqual(new Set(envelopes.map((e) => e.event_id)));
  });

  it("a key that is not a stream ends the read with Redis's WRONGTYPE reply, not a silent retry", async () => {
    const raw = new Redis(server.url);
    await raw.set("not-a-stream", "x");
    raw.disconnect();
    const log = openLog({ stream: "not-a-stream" });
    await expect(readItems(log, "0-0", 1)).rejects.toThrow(/WRONGTYPE/);
  });

  it("bytes the codec cannot decode are an EnvelopeError for onInvalidEntry, and the read goes on", async () => {
    const errors: [string, string, string][] = [];
    const log = openLog({
      stream: "poisoned",
      onInvalidEntry: (error, position) => errors.push([error.code, position, String(isEnvelopeError(error))]),
    });
    const [one, two] = makeEnvelopes(0, 2);
    const start = await log.append(one as never);
    const raw = new Redis(server.url);
    const bad = await raw.xadd("poisoned", "*", "t", "user_login", "e", Buffer.from([0xc3, 0x01, 1, 2, 3]));
    const noBytes = await raw.xadd("poisoned", "*", "something", "else");
    raw.disconnect();
    const last = await log.append(two as never);
    const items = await readItems(log, start, 1);
    expect(items).toEqual([{ position: last, envelope: two }]);
    expect(errors).toEqual([
      ["MALFORMED", bad, "true"],
      ["MALFORMED", noBytes, "true"],
    ]);
  });

  it("a restart of redis-server (appendonly) and killed connections: readers go on with no duplicate and no loss", async () => {
    const producer = openLog({ stream: "restart" });
    const reader = openLog({ stream: "restart" });
    const envelopes = makeEnvelopes(0, 600);
    const appendRange = async (from: number, to: number) => {
      for (const envelope of envelopes.slice(from, to)) await producer.append(envelope);
    };
    const backlogReader = readItems(reader, "0-0", 600, 45_000);
    await appendRange(0, 200);
    // Caught up, so blocked in XREAD when the server goes away.
    const liveReader = readItems(reader, undefined, 400, 45_000);
    const raw = new Redis(server.url);
    await waitForBlockedRead(raw);
    await server.restart();
    await appendRange(200, 400);
    await waitForBlockedRead(raw);
    await raw.client("KILL", "TYPE", "normal", "SKIPME", "yes");
    raw.disconnect();
    await appendRange(400, 600);
    const ids = envelopes.map((e) => e.event_id);
    expect(idsOf(await backlogReader)).toEqual(ids);
    expect(idsOf(await liveReader)).toEqual(ids.slice(200));
  });
});
