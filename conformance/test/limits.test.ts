import { AVRO_CODEC_DEFAULTS } from "@eventwire/codec-avro";
import { createJsonCodec, JSON_CODEC_DEFAULTS } from "@eventwire/codec-json";
import { PROTOBUF_CODEC_DEFAULTS } from "@eventwire/codec-protobuf";
import type { Codec, Envelope } from "@eventwire/envelope-core";
import { exampleEnvelopes } from "@eventwire/schemas";
import { createSseParser, decodeEnvelopes, frameEnvelope, SSE_PARSER_DEFAULTS } from "@eventwire/sse-frame";
import { captureEnvelopeError } from "@eventwire/testkit";
import { describe, expect, it } from "vitest";
import { CODEC_NAMES, type CodecName, exampleCodecs } from "../src/codecs.js";

// Every size limit: its safe default, the option, and the edge (exactly the limit passes, one
// more is LIMIT_EXCEEDED). SECURITY.md lists them.
const MiB = 1024 * 1024;
const e = exampleEnvelopes().order_placed as Envelope;
const makers = Object.fromEntries(
  CODEC_NAMES.map((name) => [name, (maxBytes?: number) => exampleCodecs(maxBytes)[name]]),
) as Record<CodecName, (maxBytes?: number) => Codec>;

describe("limits", () => {
  it("have safe defaults", () => {
    expect(JSON_CODEC_DEFAULTS.maxBytes).toBe(MiB);
    expect(JSON_CODEC_DEFAULTS.maxDepth).toBe(64);
    expect(AVRO_CODEC_DEFAULTS.maxBytes).toBe(MiB);
    expect(PROTOBUF_CODEC_DEFAULTS.maxBytes).toBe(MiB);
    expect(SSE_PARSER_DEFAULTS.maxEventBytes).toBe(2 * MiB);
  });

  for (const [name, make] of Object.entries(makers)) {
    it(`${name} maxBytes: an input of exactly the limit decodes, one byte over is LIMIT_EXCEEDED, and the default holds`, () => {
      const bytes = make().encode(e);
      expect(make(bytes.length).decode(bytes)).toStrictEqual(e);
      expect(captureEnvelopeError(() => make(bytes.length - 1).decode(bytes)).code).toBe("LIMIT_EXCEEDED");
      const huge = new Uint8Array(MiB + 1);
      expect(captureEnvelopeError(() => make().decode(huge)).code).toBe("LIMIT_EXCEEDED");
    });
  }

  it("json maxDepth (data of unknown types): exactly maxDepth levels pass, one more is LIMIT_EXCEEDED", () => {
    const codec = createJsonCodec({ types: {}, unknownTypes: "accept", maxDepth: 5 });
    const nest = (levels: number): unknown => (levels === 0 ? 1 : [nest(levels - 1)]);
    const at = (levels: number) => ({ ...e, event_type: "anything", data: nest(levels) });
    expect(codec.decode(codec.encode(at(5)))).toStrictEqual(at(5));
    expect(captureEnvelopeError(() => codec.encode(at(6))).code).toBe("LIMIT_EXCEEDED");
    expect(captureEnvelopeError(() => createJsonCodec({ types: {}, unknownTypes: "accept" }).encode(at(65))).code).toBe(
      "LIMIT_EXCEEDED",
    );
  });

  it("sse maxEventBytes: an event of exactly the limit passes through decodeEnvelopes, one byte more does not", async () => {
    const codec = makers.json?.() as Codec;
    const frame = frameEnvelope(e, codec);
    // The event's size: its lines and their line ends, without the blank line that ends it.
    const size = new TextEncoder().encode(frame).length - 1;
    const read = async (maxEventBytes: number) => {
      const out: Envelope[] = [];
      const source = (async function* () {
        yield new TextEncoder().encode(frame);
      })();
      for await (const envelope of decodeEnvelopes(source, codec, { maxEventBytes })) out.push(envelope);
      return out;
    };
    expect(await read(size)).toStrictEqual([e]);
    await expect(read(size - 1)).rejects.toMatchObject({ code: "LIMIT_EXCEEDED" });
    const parser = createSseParser({ onMessage: () => {} });
    expect(captureEnvelopeError(() => parser.feed(`data: ${"x".repeat(2 * MiB)}`)).code).toBe("LIMIT_EXCEEDED");
  });

  it("avro block counts: a count the input can hold is read, one it cannot is refused before the loop", () => {
    const codec = makers.avro?.() as Codec;
    const sensor = exampleEnvelopes().sensor_reading as Envelope;
    const data = { device_id: "d", temperature: 1, battery_pct: 1, online: true, tags: [], readings: {} };
    const bytes = codec.encode({ ...sensor, data });
    // The tags' terminating 0 (three bytes from the end) becomes a count of 3 strings, then
    // three empty strings (one byte each) and the 0 again: exactly fits.
    const fits = Uint8Array.of(...bytes.subarray(0, bytes.length - 3), 0x06, 0, 0, 0, 0, 0, 0);
    expect((codec.decode(fits).data as { tags: string[] }).tags).toEqual(["", "", ""]);
    // A count of 7 with six bytes left: more than the rest can hold, whatever follows.
    const over = Uint8Array.of(...bytes.subarray(0, bytes.length - 3), 0x0e, 0, 0, 0, 0, 0, 0);
    expect(captureEnvelopeError(() => codec.decode(over))).toMatchObject({ code: "MALFORMED", path: "/data/tags" });
  });
});
