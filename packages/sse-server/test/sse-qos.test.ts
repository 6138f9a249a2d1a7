import { connect as connectHttp2, createServer as createHttp2Server } from "node:http2";
import type { AddressInfo } from "node:net";
import { setImmediate as turn } from "node:timers/promises";
import type { Envelope } from "@eventwire/envelope-core";
import { createSseParser, type SseMessage } from "@eventwire/sse-frame";
import { createExampleCodecs } from "@eventwire/testkit";
import { fetch } from "undici";
import { afterEach, describe, expect, it } from "vitest";
import { createMemoryLog } from "../src/memory-log.js";
import type { ServerNotice, SseHandlerInit } from "../src/options.js";
import { createSseHandler } from "../src/sse-handler.js";
import { makeEnvelopes } from "./log-laws.js";
import { listen, readSse } from "./support/sse-client.js";
import { waitFor } from "./support/wait.js";

const codecs = createExampleCodecs();
const cleanups: (() => Promise<void>)[] = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function serve(options: Partial<SseHandlerInit> & { capacity?: number } = {}) {
  const log = createMemoryLog({ capacity: options.capacity ?? 100_000 });
  const notices: ServerNotice[] = [];
  const handler = createSseHandler({ log, codecs, ...options, onNotice: (n) => notices.push(n) });
  const server = await listen(handler);
  cleanups.push(log.close, handler.close, server.close);
  return { log, handler, url: server.url, notices };
}

/** Appends in small batches with an I/O turn between, as producers on other machines would. */
async function appendInBatches(
  log: { append(e: Envelope): Promise<string> },
  envelopes: Envelope[],
  stop = () => false,
) {
  const positions: string[] = [];
  for (let i = 0; i < envelopes.length && !stop(); i++) {
    positions.push(await log.append(envelopes[i] as Envelope));
    if (i % 10 === 9) await turn();
  }
  return positions;
}

/** Reads a whole response body (one that the server ends) through the SDK's parser. */
async function drain(body: AsyncIterable<Uint8Array>) {
  const messages: SseMessage[] = [];
  const comments: string[] = [];
  const parser = createSseParser({ onMessage: (m) => messages.push(m), onComment: (c) => comments.push(c) });
  for await (const chunk of body) parser.feed(chunk);
  parser.end();
  return { messages, comments };
}

const END = { ...(makeEnvelopes(0, 1)[0] as Envelope), event_id: "the-end" };
const isEnd = (m: SseMessage): boolean => m.data.includes('"the-end"');

describe("quality of service", { timeout: 120_000 }, () => {
  it("a client behind the trimmed entries gets an eventwire.gap event, then the oldest entry held", async () => {
    const { log, url } = await serve({ capacity: 5 });
    const positions = await appendInBatches(log, makeEnvelopes(0, 20));
    const read = await readSse(`${url}/?lastEventId=${positions[0]}`, { count: 6 });
    expect(read.messages[0]?.event).toBe("eventwire.gap");
    expect(JSON.parse(read.messages[0]?.data as string)).toEqual({ after: positions[0], resumedAt: positions[15] });
    expect(read.messages.slice(1).map((m) => m.lastEventId)).toEqual(positions.slice(15));
  });

  it("an idle stream gets a comment heartbeat every heartbeatMs", async () => {
    const { url } = await serve({ heartbeatMs: 20 });
    const read = await readSse(`${url}/`, { comments: 3 });
    expect(read.comments).toEqual(["keep-alive", "keep-alive", "keep-alive"]);
    expect(read.messages).toEqual([]);
  });

  it("past maxClients a request gets 503 with Retry-After; a place that frees is taken again", async () => {
    const { url, handler, notices } = await serve({ maxClients: 2, retryMs: 3000 });
    const held = [new AbortController(), new AbortController()];
    await Promise.all(held.map((c) => fetch(`${url}/`, { signal: c.signal })));
    const refused = await readSse(`${url}/`);
    expect(refused.status).toBe(503);
    expect(refused.headers.get("retry-after")).toBe("3");
    expect(refused.text).toMatch(/2 clients at most/);
    expect(notices.filter((n) => n.type === "rejected")).toHaveLength(1);
    held[0]?.abort();
    await waitFor(() => handler.clientCount === 1);
    const again = new AbortController();
    held.push(again);
    expect((await fetch(`${url}/`, { signal: again.signal })).status).toBe(200);
    for (const controller of held) controller.abort();
  });

  it("close() ends every client (which resumes elsewhere) and turns new requests away with 503", async () => {
    const { log, url, handler } = await serve();
    const positions = await appendInBatches(log, makeEnvelopes(0, 3));
    const open = readSse(`${url}/?lastEventId=${positions[0]}`, { timeoutMs: 20_000 });
    await waitFor(() => handler.clientCount === 1);
    await handler.close();
    const ended = await open;
    expect(ended.messages.map((m) => m.lastEventId)).toEqual(positions.slice(1));
    expect(ended.comments.at(-1)).toBe(`eventwire.closing: the log read ended, resume after ${positions[2]}`);
    expect(handler.clientCount).toBe(0);
    expect((await readSse(`${url}/`)).status).toBe(503);
  });

  it("CORS: the allowed origin is echoed, a preflight allows Last-Event-ID, another origin gets nothing", async () => {
    const { url } = await serve({ cors: { origin: ["http://app.example"], credentials: true } });
    const preflight = await fetch(`${url}/`, { method: "OPTIONS", headers: { origin: "http://app.example" } });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get("access-control-allow-headers")).toBe("last-event-id");
    expect(preflight.headers.get("access-control-allow-origin")).toBe("http://app.example");
    const stream = new AbortController();
    const allowed = await fetch(`${url}/`, { headers: { origin: "http://app.example" }, signal: stream.signal });
    expect(allowed.headers.get("access-control-allow-credentials")).toBe("true");
    stream.abort();
    const other = await fetch(`${url}/?types=`, { headers: { origin: "http://evil.example" } });
    expect(other.headers.get("access-control-allow-origin")).toBeNull();
  });

  it("a client that reads nothing is cut at maxBufferedBytes, with its resume id; another keeps every entry; the cut one resumes with nothing lost", async () => {
    const { log, url, notices } = await serve({ maxBufferedBytes: 256 * 1024 });
    const slow = await fetch(`${url}/`);
    const fast = readSse(`${url}/`, { until: isEnd, timeoutMs: 100_000 });
    await waitFor(() => notices.filter((n) => n.type === "connected").length === 2);
    const overflowed = () => notices.some((n) => n.type === "overflow");
    const positions = await appendInBatches(log, makeEnvelopes(0, 40_000), overflowed);
    expect(overflowed()).toBe(true);
    positions.push(await log.append(END));
    const fastIds = (await fast).messages.map((m) => m.lastEventId);
    expect(fastIds).toEqual(positions);

    const cut = await drain(slow.body as AsyncIterable<Uint8Array>);
    const lastId = cut.messages.at(-1)?.lastEventId as string;
    expect(cut.comments.at(-1)).toBe(`eventwire.overflow: too far behind, resume after ${lastId}`);
    expect(cut.messages.length).toBeLessThan(positions.length);
    const resumed = await readSse(`${url}/`, { headers: { "last-event-id": lastId }, until: isEnd });
    expect([...cut.messages, ...resumed.messages].map((m) => m.lastEventId)).toEqual(positions);
  });

  it("a slow client loses its low-priority types first, and each drop is announced with counts (HTTP/2 flow control)", async () => {
    const log = createMemoryLog({ capacity: 10_000 });
    const handler = createSseHandler({
      log,
      codecs,
      lowPriorityTypes: ["sensor_reading"],
      degradeAtBytes: 16 * 1024,
      maxBufferedBytes: 64 * 1024 * 1024,
      heartbeatMs: 50,
    });
    // Cleartext HTTP/2: a stream nobody reads stops at its flow-control window (64 KiB), so
    // the server's own buffer grows after a few entries, not after the kernel's megabytes.
    const server = createHttp2Server(handler);
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const session = connectHttp2(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    cleanups.push(log.close, handler.close, async () => {
      session.destroy();
      await new Promise((resolve) => server.close(resolve));
    });
    const slow = session.request({ ":path": "/" });
    await waitFor(() => handler.clientCount === 1);
    const envelopes = makeEnvelopes(0, 600);
    await appendInBatches(log, envelopes);
    await log.append(END);
    const appendedLow = envelopes.filter((e) => e.event_type === "sensor_reading").length;
    const received: SseMessage[] = [];
    let dropped = 0;
    const lowSeen = () => received.filter((m) => m.event === "sensor_reading").length;
    await new Promise<void>((resolve) => {
      const parser = createSseParser({
        onMessage(m) {
          received.push(m);
          if (m.event === "eventwire.dropped") dropped += JSON.parse(m.data).counts.sensor_reading;
          if (received.some(isEnd) && lowSeen() + dropped === appendedLow) resolve();
        },
      });
      slow.on("data", (chunk: Uint8Array) => parser.feed(chunk));
    });
    slow.close();
    expect(dropped).toBeGreaterThan(0);
    expect(lowSeen() + dropped).toBe(appendedLow);
    const others = received.filter((m) => !["sensor_reading", "eventwire.dropped"].includes(m.event));
    expect(others.map((m) => JSON.parse(m.data).event_id)).toEqual(
      [...envelopes.filter((e) => e.event_type !== "sensor_reading"), END].map((e) => e.event_id),
    );
  });

  it("a per-client rate holds events back in order (low-priority ones dropped and announced), losing nothing else", async () => {
    const { log, url, notices } = await serve({
      rate: { eventsPerSecond: 200, burst: 5 },
      lowPriorityTypes: ["sensor_reading"],
    });
    const envelopes = makeEnvelopes(0, 40);
    const reading = readSse(`${url}/`, { until: isEnd });
    await waitFor(() => notices.some((n) => n.type === "connected"));
    await appendInBatches(log, [...envelopes, END]);
    const read = await reading;
    const kept = read.messages.filter((m) => m.event !== "eventwire.dropped" && m.event !== "sensor_reading");
    expect(kept.map((m) => JSON.parse(m.data).event_id)).toEqual(
      [...envelopes.filter((e) => e.event_type !== "sensor_reading"), END].map((e) => e.event_id),
    );
    expect(read.messages.some((m) => m.event === "eventwire.dropped")).toBe(true);
  });
});
