import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { setImmediate as turn } from "node:timers/promises";
import type { Envelope } from "@eventwire/envelope-core";
import { createExampleCodecs } from "@eventwire/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WebSocket, WebSocketServer } from "ws";
import type { EventLog } from "../src/event-log.js";
import { createMemoryLog } from "../src/memory-log.js";
import type { ServerNotice, SseHandlerInit } from "../src/options.js";
import { createWebSocketHandler, WS_CLOSE } from "../src/ws-handler.js";
import { makeEnvelopes } from "./log-laws.js";
import { waitFor } from "./support/wait.js";

const codecs = createExampleCodecs();
const log = createMemoryLog({ capacity: 100_000 });
const handler = createWebSocketHandler({ log, codecs, heartbeatMs: 30, maxClients: 4 });
const server = createServer();
const wss = new WebSocketServer({ server, path: "/ws" });
wss.on("connection", handler);
const envelopes = makeEnvelopes(0, 30);
const positions: string[] = [];
let base: string;

beforeAll(async () => {
  for (const envelope of envelopes) positions.push(await log.append(envelope));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `ws://127.0.0.1:${(server.address() as AddressInfo).port}/ws`;
});

afterAll(async () => {
  await handler.close();
  for (const client of wss.clients) client.terminate();
  await new Promise((resolve) => wss.close(resolve));
  await new Promise((resolve) => server.close(resolve));
  await log.close();
});

interface Received {
  messages: { data: Buffer; binary: boolean }[];
  code: number;
  reason: string;
  pings: number;
}

/** Every message until the server closes the socket. */
function receive(query: string, onOpen?: (socket: WebSocket) => void, url = base): Promise<Received> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(`${url}${query}`);
    const received: Received = { messages: [], code: 0, reason: "", pings: 0 };
    socket.on("open", () => onOpen?.(socket));
    socket.on("message", (data: Buffer, binary: boolean) => received.messages.push({ data, binary }));
    socket.on("ping", () => received.pings++);
    socket.on("close", (code, reason) => resolve({ ...received, code, reason: reason.toString() }));
    socket.on("error", reject);
  });
}

/** Splits a binary message: one byte N, N bytes of position, then the codec's bytes. */
function splitBinary(data: Buffer): { position: string; bytes: Uint8Array } {
  const length = data[0] as number;
  return { position: data.subarray(1, 1 + length).toString("utf8"), bytes: data.subarray(1 + length) };
}

/** A WebSocket server of its own, for tests that need other options; stopped by the returned function. */
async function startWs(options: Partial<SseHandlerInit> & { log: EventLog }) {
  const notices: ServerNotice[] = [];
  const own = createWebSocketHandler({ codecs, ...options, onNotice: (n) => notices.push(n) });
  const ownServer = new WebSocketServer({ port: 0, host: "127.0.0.1" });
  ownServer.on("connection", own);
  await new Promise((resolve) => ownServer.once("listening", resolve));
  return {
    url: `ws://127.0.0.1:${(ownServer.address() as AddressInfo).port}/`,
    handler: own,
    notices,
    async stop() {
      await own.close();
      for (const client of ownServer.clients) client.terminate();
      await new Promise((resolve) => ownServer.close(resolve));
    },
  };
}

describe("createWebSocketHandler on ws", { timeout: 120_000 }, () => {
  it("JSON: text messages {position, envelope}; ?after= resumes; the limit closes with 1000", async () => {
    const got = await receive(`?format=json&after=${positions[2]}&limit=5`);
    expect(got.code).toBe(WS_CLOSE.normal);
    expect(got.messages.every((m) => !m.binary)).toBe(true);
    const parsed = got.messages.map((m) => JSON.parse(m.data.toString()) as { position: string; envelope: Envelope });
    expect(parsed.map((m) => m.position)).toEqual(positions.slice(3, 8));
    const text = got.messages[0]?.data.toString() as string;
    const envelopeText = text.slice(text.indexOf(',"envelope":') + 12, -1);
    expect(codecs.json.decodeText?.(envelopeText)).toEqual(envelopes[3]);
  });

  for (const format of ["avro", "protobuf"] as const) {
    it(`${format}: binary messages, the position then the codec's bytes (no base64); ?types= filters`, async () => {
      const got = await receive(`?format=${format}&types=order_placed,log_batch&after=${positions[0]}&limit=6`);
      expect(got.messages.every((m) => m.binary)).toBe(true);
      const expected = envelopes
        .slice(1)
        .filter((e) => ["order_placed", "log_batch"].includes(e.event_type))
        .slice(0, 6);
      const split = got.messages.map((m) => splitBinary(m.data));
      expect(split.map((m) => codecs[format].decode(m.bytes))).toEqual(expected);
      expect(split.map((m) => m.position)).toEqual(expected.map((e) => positions[envelopes.indexOf(e)]));
    });
  }

  it("a gap is a text notice; a bad query closes with 1008 and the reason", async () => {
    const small = createMemoryLog({ capacity: 2 });
    const { url, stop } = await startWs({ log: small });
    const first = await small.append(envelopes[0] as Envelope);
    for (const envelope of envelopes.slice(1, 6)) await small.append(envelope);
    const got = await new Promise<string>((resolve) => {
      const socket = new WebSocket(`${url}?after=${first}&limit=1`);
      socket.once("message", (data: Buffer) => resolve(data.toString()));
    });
    expect(JSON.parse(got)).toEqual({ gap: { after: first, resumedAt: "0000000000000005" } });
    const bad = await new Promise<[number, string]>((resolve) => {
      new WebSocket(`${url}?format=xml`).on("close", (code, reason) => resolve([code, reason.toString()]));
    });
    expect(bad).toEqual([WS_CLOSE.policy, 'format must be one of json, avro, protobuf, not "xml"']);
    await stop();
    await small.close();
  });

  it("pings every heartbeatMs; past maxClients a socket is closed with 1013", async () => {
    const sockets: WebSocket[] = [];
    let firstPing: Promise<unknown> | undefined;
    const pinged = receive("", (socket) => {
      sockets.push(socket);
      firstPing = new Promise((resolve) => socket.once("ping", resolve));
    });
    await waitFor(() => handler.clientCount === 1 && firstPing !== undefined);
    for (let i = 0; i < 3; i++) sockets.push(new WebSocket(base));
    await waitFor(() => handler.clientCount === 4);
    const refused = await receive("");
    expect(refused.code).toBe(WS_CLOSE.tryAgainLater);
    await firstPing;
    for (const socket of sockets) socket.close();
    const got = await pinged;
    expect(got.pings).toBeGreaterThan(0);
    await waitFor(() => handler.clientCount === 0);
  });

  it("a client that does not answer a ping is terminated at the next heartbeat", async () => {
    const code = await new Promise<number>((resolve) => {
      new WebSocket(base, { autoPong: false }).on("close", (closeCode) => resolve(closeCode));
    });
    // 1006: the connection dropped without a close frame, as terminate() does.
    expect(code).toBe(1006);
    await waitFor(() => handler.clientCount === 0);
  });

  it("a client that reads nothing is closed at the bound (bufferedAmount) with its resume position, losing nothing", async () => {
    // Its own handler: with a short heartbeat, a paused client (no pong) is rightly terminated first.
    const own = await startWs({ log, maxBufferedBytes: 256 * 1024 });
    let slow: WebSocket | undefined;
    const slowDone = receive(
      "?format=protobuf",
      (socket) => {
        slow = socket;
        socket.pause();
      },
      own.url,
    );
    await waitFor(() => own.handler.clientCount === 1 && slow !== undefined);
    const overflowed = () => own.notices.some((n) => n.type === "overflow");
    const more: string[] = [];
    for (const envelope of makeEnvelopes(200, 40_000)) {
      more.push(await log.append(envelope));
      if (overflowed()) break;
      if (more.length % 10 === 0) await turn();
    }
    expect(overflowed()).toBe(true);
    slow?.resume();
    const got = await slowDone;
    expect(got.code).toBe(WS_CLOSE.tryAgainLater);
    const notice = JSON.parse(got.messages.at(-1)?.data.toString() as string);
    const delivered = got.messages.slice(0, -1).map((m) => splitBinary(m.data).position);
    expect(notice).toEqual({ closed: { reason: "overflow", resumeAfter: delivered.at(-1) } });
    const rest = await receive(
      `?format=protobuf&after=${delivered.at(-1)}&limit=${more.length - delivered.length}`,
      undefined,
      own.url,
    );
    expect([...delivered, ...rest.messages.map((m) => splitBinary(m.data).position)]).toEqual(more);
    await own.stop();
  });
});
