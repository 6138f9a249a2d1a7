import { setImmediate as turn } from "node:timers/promises";
import type { Envelope } from "@eventwire/envelope-core";
import { createSseParser, decodeEnvelopes, type SseMessage } from "@eventwire/sse-frame";
import { createExampleCodecs, FORMATS } from "@eventwire/testkit";
import { afterAll, describe, expect, it } from "vitest";
import { createSseFetchHandler } from "../src/fetch-handler.js";
import { createMemoryLog } from "../src/memory-log.js";
import type { ServerNotice } from "../src/options.js";
import { makeEnvelopes } from "./log-laws.js";
import { waitFor } from "./support/wait.js";

const codecs = createExampleCodecs();
const log = createMemoryLog({ capacity: 100_000 });
const notices: ServerNotice[] = [];
const handler = createSseFetchHandler({
  log,
  codecs,
  maxClients: 3,
  maxBufferedBytes: 64 * 1024,
  onNotice: (n) => notices.push(n),
});
const envelopes = makeEnvelopes(0, 30);
const positions: string[] = [];
for (const envelope of envelopes) positions.push(await log.append(envelope));

afterAll(async () => {
  await handler.close();
  await log.close();
});

const request = (query: string, init: RequestInit = {}) =>
  handler(new Request(`http://example.test/events${query}`, init));

describe("createSseFetchHandler: (Request) => Promise<Response>", { timeout: 30_000 }, () => {
  for (const format of FORMATS) {
    it(`?format=${format} with Last-Event-ID: the envelopes after it`, async () => {
      const response = await request(`?format=${format}&limit=8`, {
        headers: { "last-event-id": positions[4] as string },
      });
      expect(response.headers.get("content-type")).toBe("text/event-stream; charset=utf-8");
      const decoded: Envelope[] = [];
      for await (const e of decodeEnvelopes(response.body as ReadableStream<Uint8Array>, codecs[format]))
        decoded.push(e);
      expect(decoded).toEqual(envelopes.slice(5, 13));
    });
  }

  it("?types= and ?lastEventId=", async () => {
    const response = await request(`?types=order_placed&lastEventId=${positions[0]}&limit=3`);
    const text = await response.text();
    expect(text.match(/^event: .*$/gm)).toEqual(Array(3).fill("event: order_placed"));
  });

  it("a bad query is a 400; past maxClients a 503 with Retry-After", async () => {
    expect((await request("?format=yaml")).status).toBe(400);
    const held = [new AbortController(), new AbortController(), new AbortController()];
    const open = await Promise.all(held.map((c) => request("", { signal: c.signal })));
    expect(open.map((r) => r.status)).toEqual([200, 200, 200]);
    const refused = await request("");
    expect(refused.status).toBe(503);
    expect(refused.headers.get("retry-after")).toBe("2");
    for (const controller of held) controller.abort();
    await waitFor(() => handler.clientCount === 0);
  });

  it("a body nobody reads is closed at maxBufferedBytes with its resume id; a resume loses nothing", async () => {
    const response = await request("");
    await waitFor(() => handler.clientCount === 1);
    const more = makeEnvelopes(100, 2000);
    const morePositions: string[] = [];
    for (const envelope of more) {
      morePositions.push(await log.append(envelope));
      if (notices.some((n) => n.type === "overflow")) break;
      await turn();
    }
    expect(notices.some((n) => n.type === "overflow")).toBe(true);
    const messages: SseMessage[] = [];
    const comments: string[] = [];
    const parser = createSseParser({ onMessage: (m) => messages.push(m), onComment: (c) => comments.push(c) });
    for await (const chunk of response.body as AsyncIterable<Uint8Array>) parser.feed(chunk);
    const last = messages.at(-1)?.lastEventId as string;
    expect(comments.at(-1)).toBe(`eventwire.overflow: too far behind, resume after ${last}`);
    const rest = await request(`?limit=${morePositions.length - messages.length}`, {
      headers: { "last-event-id": last },
    });
    const restIds = ((await rest.text()).match(/^id: .*$/gm) ?? []).map((line) => line.slice(4));
    expect([...messages.map((m) => m.lastEventId), ...restIds]).toEqual(morePositions);
  });
});
