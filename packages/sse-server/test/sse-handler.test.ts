import type { Envelope } from "@eventwire/envelope-core";
import { decodeEnvelopes } from "@eventwire/sse-frame";
import { createExampleCodecs, FORMATS } from "@eventwire/testkit";
import { fetch } from "undici";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMemoryLog } from "../src/memory-log.js";
import type { ServerNotice } from "../src/options.js";
import { createSseHandler, type SseHandler } from "../src/sse-handler.js";
import { makeEnvelopes } from "./log-laws.js";
import { listen, readSse } from "./support/sse-client.js";
import { waitFor } from "./support/wait.js";

const codecs = createExampleCodecs();
const log = createMemoryLog({ capacity: 1000 });
const envelopes = makeEnvelopes(0, 40);
const positions: string[] = [];
const notices: ServerNotice[] = [];
const connected = (): number => notices.filter((n) => n.type === "connected").length;
let handler: SseHandler;
let server: Awaited<ReturnType<typeof listen>>;

beforeAll(async () => {
  for (const envelope of envelopes) positions.push(await log.append(envelope));
  handler = createSseHandler({
    log,
    codecs,
    retryMs: 1500,
    onNotice: (n) => notices.push(n),
    eventTypes: ["user_login", "order_placed", "sensor_reading", "log_batch", "mystery"],
  });
  server = await listen(handler);
});

afterAll(async () => {
  await handler.close();
  await server.close();
  await log.close();
});

describe("createSseHandler over HTTP/1.1", { timeout: 30_000 }, () => {
  it("frames each entry with id = position, event = event_type, after a retry line; the default format is the first codec", async () => {
    const read = await readSse(`${server.url}/?lastEventId=${positions[0]}&limit=5`);
    expect(read.status).toBe(200);
    expect(read.headers.get("content-type")).toBe("text/event-stream; charset=utf-8");
    expect(read.retry).toBe(1500);
    expect(read.messages.map((m) => [m.lastEventId, m.event])).toEqual(
      envelopes.slice(1, 6).map((e, i) => [positions[i + 1], e.event_type]),
    );
    expect(read.messages.map((m) => codecs.json.decodeText?.(m.data))).toEqual(envelopes.slice(1, 6));
  });

  for (const format of FORMATS) {
    it(`?format=${format}: decodeEnvelopes reads back the logged envelopes`, async () => {
      const response = await fetch(`${server.url}/events?format=${format}&lastEventId=${positions[9]}&limit=12`);
      const decoded: Envelope[] = [];
      for await (const envelope of decodeEnvelopes(response.body as ReadableStream<Uint8Array>, codecs[format])) {
        decoded.push(envelope);
      }
      expect(decoded).toEqual(envelopes.slice(10, 22));
    });
  }

  it("?types= keeps only those event types, in log order", async () => {
    const wanted = ["user_login", "log_batch"];
    const expected = envelopes.slice(1).filter((e) => wanted.includes(e.event_type));
    const read = await readSse(
      `${server.url}/?types=${wanted.join(",")}&lastEventId=${positions[0]}&limit=${expected.length}`,
    );
    expect(read.messages.map((m) => m.event)).toEqual(expected.map((e) => e.event_type));
    expect(read.messages.map((m) => m.lastEventId)).toEqual(expected.map((e) => positions[envelopes.indexOf(e)]));
  });

  it("the Last-Event-ID header wins over ?lastEventId= (a browser's reconnection keeps the old URL)", async () => {
    const read = await readSse(`${server.url}/?lastEventId=${positions[0]}&limit=1`, {
      headers: { "last-event-id": positions[5] as string },
    });
    expect(read.messages[0]?.lastEventId).toBe(positions[6]);
  });

  it("a client cut mid-stream resumes with its Last-Event-ID: every entry once, none lost", async () => {
    const first = await readSse(`${server.url}/?lastEventId=${positions[0]}`, { count: 13 });
    const resumeAt = first.messages.at(-1)?.lastEventId as string;
    const second = await readSse(`${server.url}/`, { headers: { "last-event-id": resumeAt }, count: 39 - 13 });
    const ids = [...first.messages, ...second.messages].map((m) => m.lastEventId);
    expect(ids).toEqual(positions.slice(1));
  });

  it("without a position, a client gets only the entries appended after it connected", async () => {
    const before = connected();
    const reading = readSse(`${server.url}/`, { count: 3 });
    await waitFor(() => connected() === before + 1);
    const live = makeEnvelopes(100, 3);
    const livePositions: string[] = [];
    for (const envelope of live) livePositions.push(await log.append(envelope));
    const read = await reading;
    expect(read.messages.map((m) => m.lastEventId)).toEqual(livePositions);
    positions.push(...livePositions);
    envelopes.push(...live);
  });

  it("an entry that the format cannot encode is an eventwire.error event with its id, never a crash or a silent skip", async () => {
    const mystery = { ...(envelopes[0] as Envelope), event_type: "mystery", event_id: "m-1" };
    const before = positions.at(-1) as string;
    const at = await log.append(mystery);
    const read = await readSse(`${server.url}/?lastEventId=${before}&limit=1`);
    expect(read.messages[0]?.event).toBe("eventwire.error");
    expect(read.messages[0]?.lastEventId).toBe(at);
    expect(JSON.parse(read.messages[0]?.data as string)).toMatchObject({ position: at, code: "UNKNOWN_EVENT_TYPE" });
    positions.push(at);
    envelopes.push(mystery);
  });

  it.each([
    ["?format=xml", /format must be one of json, avro, protobuf/],
    ["?types=", /types must be a comma-separated list/],
    ["?types=user_login,nope", /"nope" is not one of/],
    ["?limit=0", /limit must be a whole number/],
    [`?lastEventId=${"9".repeat(300)}`, /longer than 256/],
  ])("%s is a 400 with a clear message", async (query, message) => {
    const read = await readSse(`${server.url}/${query}`);
    expect(read.status).toBe(400);
    expect(read.text).toMatch(message);
  });
});
