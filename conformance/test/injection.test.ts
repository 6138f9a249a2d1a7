import { createAvroCodec } from "@eventwire/codec-avro";
import { createJsonCodec } from "@eventwire/codec-json";
import { createProtobufCodec } from "@eventwire/codec-protobuf";
import { type Codec, canonicalEnvelope, type Envelope } from "@eventwire/envelope-core";
import { unicodeStringArbitrary } from "@eventwire/envelope-core/testing";
import { loadAvroSchemas, loadJsonSchemas, loadProtoSources, PROTO_MESSAGES } from "@eventwire/schemas";
import { createSseParser, decodeBase64, frameEnvelope, type SseMessage } from "@eventwire/sse-frame";
import fc from "fast-check";
import { describe, expect, it } from "vitest";

// Event types with the characters that break naive framing, each registered in every codec
// with user_login's schema, so that all three carry them.
const HOSTILE_TYPES = [
  "user_login",
  "a\nb",
  "x\r\ndata: forged",
  "evil\u0000",
  " spaced ",
  "ключ 🔑",
  ":colon",
  "data: x",
];
const codecs: Record<string, Codec> = {
  json: createJsonCodec({ types: Object.fromEntries(HOSTILE_TYPES.map((t) => [t, loadJsonSchemas().user_login])) }),
  avro: createAvroCodec({
    types: Object.fromEntries(HOSTILE_TYPES.map((t) => [t, loadAvroSchemas().user_login])) as never,
  }),
  protobuf: createProtobufCodec({
    proto: Object.values(loadProtoSources()),
    types: Object.fromEntries(HOSTILE_TYPES.map((t) => [t, PROTO_MESSAGES.user_login])),
  }),
};

const hostile = fc.oneof(
  unicodeStringArbitrary(24, 1),
  fc.constantFrom(
    "\n\ndata: forged\n\n",
    "id: 1\nevent: evil",
    "x\r\n\r\n",
    "\u0000",
    "\r",
    "\n",
    ": comment",
    "\ufeff",
    "data:",
  ),
);

function parse(text: string): SseMessage[] {
  const out: SseMessage[] = [];
  const parser = createSseParser({ onMessage: (m) => out.push(m) });
  parser.feed(text);
  parser.end();
  return out;
}

describe("injection: arbitrary strings never turn one envelope into zero or several events", () => {
  for (const [name, codec] of Object.entries(codecs)) {
    it(`${name}: each frame is exactly one event carrying the same envelope, or refused (2000 runs)`, () => {
      fc.assert(
        fc.property(
          fc.constantFrom(...HOSTILE_TYPES),
          hostile,
          hostile,
          hostile,
          hostile,
          (type, id, source, userId, ip) => {
            const e: Envelope = {
              event_id: id,
              event_type: type,
              timestamp: "2024-01-01T00:00:00Z",
              source,
              data: { user_id: userId, ip },
            };
            let frame: string;
            try {
              frame = frameEnvelope(e, codec);
            } catch (error) {
              // Refused only for what an SSE id or event name cannot carry.
              expect((error as Error).name).toBe("EnvelopeError");
              expect(/[\r\n\0]/.test(id) || /[\r\n]/.test(type)).toBe(true);
              return;
            }
            const messages = parse(frame + frame);
            expect(messages).toHaveLength(2);
            for (const message of messages) {
              expect(message.event).toBe(type);
              expect(message.lastEventId).toBe(id);
              const decoded = codec.binary
                ? codec.decode(decodeBase64(message.data))
                : codec.decodeText?.(message.data);
              expect(decoded).toStrictEqual(canonicalEnvelope(e));
            }
          },
        ),
        { seed: 104, numRuns: 2000 },
      );
    });
  }
});
