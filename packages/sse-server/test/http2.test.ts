import { connect, createSecureServer, type Http2Server } from "node:http2";
import type { AddressInfo } from "node:net";
import { createSseParser, type SseMessage } from "@eventwire/sse-frame";
import { createExampleCodecs } from "@eventwire/testkit";
import { Agent, fetch } from "undici";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMemoryLog } from "../src/memory-log.js";
import { createSseHandler } from "../src/sse-handler.js";
import { makeEnvelopes } from "./log-laws.js";
import { makeCertificate } from "./support/tls.js";
import { waitFor } from "./support/wait.js";

const { key, cert } = makeCertificate();
const log = createMemoryLog({ capacity: 1000 });
const envelopes = makeEnvelopes(0, 60);
const positions: string[] = [];
const handler = createSseHandler({ log, codecs: createExampleCodecs() });
const versions: string[] = [];
let sessions = 0;
let server: Http2Server;
let url: string;

beforeAll(async () => {
  for (const envelope of envelopes) positions.push(await log.append(envelope));
  const secure = createSecureServer({ key, cert, allowHTTP1: true }, (req, res) => {
    versions.push(req.httpVersion);
    handler(req, res);
  });
  secure.on("session", () => sessions++);
  await new Promise<void>((resolve) => secure.listen(0, "127.0.0.1", resolve));
  server = secure;
  url = `https://127.0.0.1:${(secure.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await handler.close();
  await new Promise((resolve) => server.close(resolve));
  await log.close();
});

/** One HTTP/2 stream's SSE messages, read to the end that `?limit=` makes. */
function readStream(session: ReturnType<typeof connect>, path: string): Promise<SseMessage[]> {
  return new Promise((resolve, reject) => {
    const messages: SseMessage[] = [];
    const parser = createSseParser({ onMessage: (m) => messages.push(m) });
    const stream = session.request({ ":path": path });
    stream.on("data", (chunk: Uint8Array) => parser.feed(chunk));
    stream.on("end", () => resolve(messages));
    stream.on("error", reject);
  });
}

describe("createSseHandler on node:http2", { timeout: 60_000 }, () => {
  it("serves 100 streams multiplexed on one connection, each with its own types and position", async () => {
    const before = sessions;
    const session = connect(url, { ca: cert });
    const types = ["user_login", "order_placed", "sensor_reading", "log_batch"];
    const requests = Array.from({ length: 100 }, (_, i) => {
      const type = types[i % types.length] as string;
      const from = i % 20;
      const expected = envelopes
        .slice(from + 1)
        .filter((e) => e.event_type === type)
        .slice(0, 5);
      const path = `/events?types=${type}&lastEventId=${positions[from]}&limit=${expected.length}&format=${["json", "avro", "protobuf"][i % 3]}`;
      return { path, expected };
    });
    const results = await Promise.all(requests.map((r) => readStream(session, r.path)));
    session.close();
    expect(sessions - before).toBe(1);
    for (const [i, messages] of results.entries()) {
      const expected = requests[i]?.expected ?? [];
      expect(messages.map((m) => m.lastEventId)).toEqual(expected.map((e) => positions[envelopes.indexOf(e)]));
      expect(messages.map((m) => m.event)).toEqual(expected.map((e) => e.event_type));
    }
  });

  it("1,000 live clients on 10 connections each get every new entry of their types, and nothing else", async () => {
    const sessions = Array.from({ length: 10 }, () => connect(url, { ca: cert }));
    const types = ["user_login", "order_placed", "sensor_reading", "log_batch"];
    const fresh = makeEnvelopes(1000, 40);
    const reads = Array.from({ length: 1000 }, (_, i) => {
      const type = types[i % types.length] as string;
      const expected = fresh.filter((e) => e.event_type === type).map((e) => e.event_id);
      const session = sessions[i % sessions.length] as ReturnType<typeof connect>;
      return { expected, messages: readStream(session, `/?types=${type}&limit=${expected.length}`) };
    });
    await waitFor(() => handler.clientCount === 1000, 12_000);
    for (const envelope of fresh) await log.append(envelope);
    for (const read of reads) {
      const messages = await read.messages;
      expect(messages.map((m) => JSON.parse(m.data).event_id)).toEqual(read.expected);
    }
    for (const session of sessions) session.close();
  });

  it("answers HTTP/1.1 on the same port when the client does not offer h2 (ALPN)", async () => {
    const before = versions.length;
    const http1 = new Agent({ connect: { ca: cert }, allowH2: false });
    const h2 = new Agent({ connect: { ca: cert }, allowH2: true });
    try {
      for (const dispatcher of [http1, h2]) {
        const response = await fetch(`${url}/?lastEventId=${positions[0]}&limit=3`, { dispatcher });
        const text = await response.text();
        expect(text.match(/^id: /gm)).toHaveLength(3);
      }
      expect(versions.slice(before)).toEqual(["1.1", "2.0"]);
    } finally {
      await Promise.all([http1.close(), h2.close()]);
    }
  });
});
