import type { Envelope } from "@eventwire/envelope-core";
import { createExampleCodecs } from "@eventwire/testkit";
import { connect } from "@nats-io/transport-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { EventLog, LogEntry } from "../src/event-log.js";
import { createNatsLog, type NatsLogOptions } from "../src/nats-log.js";
import { encodeTypeToken } from "../src/nats-subject.js";
import { describeLogLaws, idsOf, makeEnvelopes, readItems } from "./log-laws.js";
import { type NatsServer, startNats } from "./servers/nats.js";

const codecs = createExampleCodecs();
let server: NatsServer;
let streams = 0;
const opened: EventLog[] = [];

beforeAll(async () => {
  server = await startNats();
}, 20_000);

afterAll(async () => {
  await Promise.all(opened.splice(0).map((log) => log.close()));
  await server.stop();
});

/** A log on a new stream of the shared server (or on `stream`, to share one). */
function openLog(options: Partial<NatsLogOptions> = {}): EventLog {
  const n = ++streams;
  const log = createNatsLog({ servers: server.url, stream: `S${n}`, subject: `s${n}`, codec: codecs.avro, ...options });
  opened.push(log);
  return log;
}

// A real broker, on a machine shared with other test runs: more time than the default.
describeLogLaws(
  "createNatsLog",
  ({ capacity }) => {
    const n = ++streams;
    return createNatsLog({
      servers: server.url,
      stream: `LAWS${n}`,
      subject: `laws${n}`,
      codec: codecs.protobuf,
      maxMessages: capacity,
    });
  },
  { timeoutMs: 90_000 },
);

describe("createNatsLog", { timeout: 60_000 }, () => {
  it("publishes each type on its own subject token, whatever characters the type holds", async () => {
    expect(encodeTypeToken("order_placed")).toBe("order_placed");
    expect(encodeTypeToken("com.acme.order>*")).toBe("com%2Eacme%2Eorder%3E%2A");
    expect(encodeTypeToken("café pay")).toBe("caf%C3%A9%20pay");
    const log = openLog({ stream: "SUBJECTS", subject: "shop" });
    const [envelope] = makeEnvelopes(0, 1);
    const position = await log.append(envelope as never);
    const nc = await connect({ servers: server.url });
    const { jetstreamManager } = await import("@nats-io/jetstream");
    const jsm = await jetstreamManager(nc);
    const stored = await jsm.streams.getMessage("SUBJECTS", { seq: Number(position) });
    await nc.close();
    expect(stored?.subject).toBe(`shop.${envelope?.event_type}`);
    expect(stored?.data).toEqual(codecs.avro.encode(envelope as never));
  });

  it("an append retried with the same event_id is stored once (the message id is the event_id)", async () => {
    const log = openLog();
    const [one, two] = makeEnvelopes(0, 2);
    const first = await log.append(one as never);
    expect(await log.append(one as never)).toBe(first);
    const second = await log.append(two as never);
    expect(Number(second)).toBe(Number(first) + 1);
  });

  it("an append the server refuses for good (over max_payload) fails at once, not after appendTimeoutMs", async () => {
    const log = openLog({ codec: codecs.json, appendTimeoutMs: 600_000 });
    const [envelope] = makeEnvelopes(0, 1) as [Envelope];
    const tooLarge = { ...envelope, data: { ...(envelope.data as object), user_id: "x".repeat(2 * 1024 * 1024) } };
    await expect(log.append(tooLarge)).rejects.toMatchObject({ name: "InvalidArgumentError" });
  });

  it("a position the stream never issued (garbage, or beyond its newest sequence) gives a gap, then everything held", async () => {
    const log = openLog();
    const positions: string[] = [];
    for (const envelope of makeEnvelopes(0, 3)) positions.push(await log.append(envelope));
    for (const after of ["not-a-seq", "99999", "1-0"]) {
      const items = await readItems(log, after, 4);
      expect(items[0]).toEqual({ gap: { after, resumedAt: positions[0] } });
      expect(items.slice(1).map((item) => (item as LogEntry).position)).toEqual(positions);
    }
  });

  it("log objects on one stream, started at once, agree on the stream and on every position", async () => {
    const logs = [0, 1, 2, 3].map(() => openLog({ stream: "SHARED", subject: "shared" }));
    const reads = logs.slice(0, 2).map((log) => readItems(log, "0", 200));
    const envelopes = makeEnvelopes(0, 200);
    await Promise.all(
      logs.map(async (log, k) => {
        for (let i = k; i < 200; i += logs.length) await log.append(envelopes[i] as never);
      }),
    );
    const [fromA, fromB] = await Promise.all(reads);
    expect(fromA).toHaveLength(200);
    expect(fromB).toEqual(fromA);
    expect(new Set(idsOf(fromA ?? []))).toEqual(new Set(envelopes.map((e) => e.event_id)));
  });

  it("bytes the codec cannot decode are an EnvelopeError for onInvalidEntry, and the read goes on", async () => {
    const errors: [string, string][] = [];
    const log = openLog({
      stream: "POISONED",
      subject: "poisoned",
      onInvalidEntry: (error, position) => errors.push([error.code, position]),
    });
    const [one, two] = makeEnvelopes(0, 2);
    const start = await log.append(one as never);
    const nc = await connect({ servers: server.url });
    const { jetstream } = await import("@nats-io/jetstream");
    const bad = await jetstream(nc).publish("poisoned.user_login", new Uint8Array([0xc3, 0x01, 1, 2, 3]));
    await nc.close();
    const last = await log.append(two as never);
    expect(await readItems(log, start, 1)).toEqual([{ position: last, envelope: two }]);
    expect(errors).toEqual([["MALFORMED", String(bad.seq)]]);
  });

  it("a restart of nats-server (file store): readers go on with no duplicate and no loss", async () => {
    const producer = openLog({ stream: "RESTART", subject: "restart" });
    const reader = openLog({ stream: "RESTART", subject: "restart" });
    const envelopes = makeEnvelopes(0, 400);
    const appendRange = async (from: number, to: number) => {
      for (const envelope of envelopes.slice(from, to)) await producer.append(envelope);
    };
    const backlogReader = readItems(reader, "0", 400, 50_000);
    await appendRange(0, 200);
    const liveReader = readItems(reader, undefined, 200, 50_000);
    await server.restart();
    await appendRange(200, 400);
    const ids = envelopes.map((e) => e.event_id);
    expect(idsOf(await backlogReader)).toEqual(ids);
    expect(idsOf(await liveReader)).toEqual(ids.slice(200));
  });
});
