import type { Codec, Envelope } from "@eventwire/envelope-core";
import { exampleEnvelopes } from "@eventwire/schemas";
import { createExampleCodecs } from "@eventwire/testkit";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formatComment, formatRetry, frameEnvelope } from "./format.js";
import { SseParserStream } from "./parser-stream.js";
import { decodeEnvelopes } from "./stream.js";

const codecs: Codec[] = Object.values(createExampleCodecs());
const envelopes = Object.values(exampleEnvelopes()) as Envelope[];

function chunked(bytes: Uint8Array, cuts: number[]): Uint8Array[] {
  const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  const edges = [0, ...points, bytes.length];
  return edges.slice(1).map((end, i) => bytes.slice(edges[i], end));
}

function readable(chunks: Uint8Array[]): ReadableStream<Uint8Array> {
  return new ReadableStream({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(chunk);
      controller.close();
    },
  });
}

async function collect<T>(source: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of source) out.push(item);
  return out;
}

describe("decodeEnvelopes", () => {
  for (const codec of codecs) {
    it(`gives back the ${codec.name} envelopes framed, however the bytes are chunked`, async () => {
      const text = [
        formatRetry(1000),
        ...envelopes.map((e) => frameEnvelope(e, codec)),
        formatComment("keep-alive"),
      ].join("");
      const bytes = new TextEncoder().encode(text);
      await fc.assert(
        fc.asyncProperty(fc.array(fc.nat(), { maxLength: 10 }), async (cuts) => {
          const retries: number[] = [];
          const decoded = await collect(
            decodeEnvelopes(readable(chunked(bytes, cuts)), codec, { onRetry: (ms) => retries.push(ms) }),
          );
          expect(decoded).toStrictEqual(envelopes);
          expect(retries).toEqual([1000]);
        }),
        { seed: 11, numRuns: 100 },
      );
    });
  }

  it("reads any async iterable of bytes too", async () => {
    const json = codecs[0] as Codec;
    async function* source() {
      for (const e of envelopes) yield new TextEncoder().encode(frameEnvelope(e, json));
    }
    expect(await collect(decodeEnvelopes(source(), json))).toStrictEqual(envelopes);
  });

  it("ends with an EnvelopeError that names the bad frame's position and id", async () => {
    const json = codecs[0] as Codec;
    const text = `${frameEnvelope(envelopes[0] as Envelope, json)}id: broken-1\nevent: user_login\ndata: {"nope":1}\n\n`;
    const seen: Envelope[] = [];
    let error: unknown;
    try {
      for await (const e of decodeEnvelopes(readable([new TextEncoder().encode(text)]), json)) seen.push(e);
    } catch (caught) {
      error = caught;
    }
    expect(seen).toStrictEqual([envelopes[0]]);
    expect(error).toMatchObject({ name: "EnvelopeError", code: "INVALID_ENVELOPE" });
    expect((error as Error).message).toContain('SSE event 2 (id "broken-1")');
  });

  it("refuses a frame whose event name is not the envelope's event_type, and bad base64", async () => {
    const [json, avro] = codecs as [Codec, Codec];
    const forged = frameEnvelope(envelopes[0] as Envelope, json).replace("event: user_login", "event: admin_granted");
    await expect(collect(decodeEnvelopes(readable([new TextEncoder().encode(forged)]), json))).rejects.toMatchObject({
      code: "INVALID_ENVELOPE",
      path: "/event_type",
    });
    const bad = "event: user_login\ndata: not base64!\n\n";
    await expect(collect(decodeEnvelopes(readable([new TextEncoder().encode(bad)]), avro))).rejects.toMatchObject({
      code: "MALFORMED",
    });
  });

  it("passes maxEventBytes to the parser", async () => {
    const json = codecs[0] as Codec;
    const bytes = new TextEncoder().encode(frameEnvelope(envelopes[3] as Envelope, json));
    await expect(collect(decodeEnvelopes(readable([bytes]), json, { maxEventBytes: 1000 }))).rejects.toMatchObject({
      code: "LIMIT_EXCEEDED",
    });
  });
});

describe("SseParserStream", () => {
  it("turns a byte stream into messages with pipeThrough", async () => {
    const json = codecs[0] as Codec;
    const text = envelopes.map((e) => frameEnvelope(e, json)).join("");
    const messages = await collect(readable([new TextEncoder().encode(text)]).pipeThrough(new SseParserStream()));
    expect(messages.map((m) => m.event)).toEqual(envelopes.map((e) => e.event_type));
    expect(messages.map((m) => m.lastEventId)).toEqual(envelopes.map((e) => e.event_id));
  });

  it("errors the stream with LIMIT_EXCEEDED", async () => {
    const stream = readable([new TextEncoder().encode(`data: ${"x".repeat(100)}\n\n`)]).pipeThrough(
      new SseParserStream({ maxEventBytes: 50 }),
    );
    await expect(collect(stream)).rejects.toMatchObject({ code: "LIMIT_EXCEEDED" });
  });
});

describe("stopping early", () => {
  it("cancels the source stream when the consumer breaks out", async () => {
    const json = codecs[0] as Codec;
    let cancelled = false;
    const frame = new TextEncoder().encode(frameEnvelope(envelopes[0] as Envelope, json));
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        controller.enqueue(frame);
      },
      cancel() {
        cancelled = true;
      },
    });
    for await (const envelope of decodeEnvelopes(endless, json)) {
      expect(envelope).toStrictEqual(envelopes[0]);
      break;
    }
    expect(cancelled).toBe(true);
  });
});
