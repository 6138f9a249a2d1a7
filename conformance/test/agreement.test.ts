import { canonicalEnvelope, type Envelope } from "@eventwire/envelope-core";
import { envelopeArbitrary } from "@eventwire/envelope-core/testing";
import { createSseParser, decodeBase64, frameEnvelope, type SseMessage } from "@eventwire/sse-frame";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CODEC_NAMES, exampleCodecs, exampleSchemas } from "../src/codecs.js";

// 2,000 runs a property, fixed seeds: the same cases in every run.
const RUNS = 2000;
const codecs = exampleCodecs();
const schemas = exampleSchemas();

/** Frames in SSE, cuts the bytes at `cuts`, parses, and decodes each message with `name`'s codec. */
function throughSse(envelopes: Envelope[], name: (typeof CODEC_NAMES)[number], cuts: number[]): Envelope[] {
  const codec = codecs[name];
  const bytes = new TextEncoder().encode(envelopes.map((e) => frameEnvelope(e, codec)).join(""));
  const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  const messages: SseMessage[] = [];
  const parser = createSseParser({ onMessage: (m) => messages.push(m) });
  let from = 0;
  for (const point of [...points, bytes.length]) {
    parser.feed(bytes.subarray(from, point));
    from = point;
  }
  parser.end();
  return messages.map((m) =>
    codec.binary ? codec.decode(decodeBase64(m.data)) : (codec.decodeText?.(m.data) as Envelope),
  );
}

for (const [type, schema] of Object.entries(schemas)) {
  describe(`${type}: the three codecs agree`, () => {
    const envelopes = envelopeArbitrary({ [type]: schema });

    it("each codec round-trips to the canonical envelope, and all three decode to the same one", () => {
      fc.assert(
        fc.property(envelopes, (e) => {
          const expected = canonicalEnvelope(e);
          for (const name of CODEC_NAMES) {
            expect(codecs[name].decode(codecs[name].encode(e))).toStrictEqual(expected);
          }
        }),
        { seed: 101, numRuns: RUNS },
      );
    });

    it("the chain JSON → Avro → Protobuf → JSON, and back, changes nothing", () => {
      fc.assert(
        fc.property(envelopes, (e) => {
          const expected = canonicalEnvelope(e);
          // Each step decodes with the codec that encoded, then hands the envelope to the next.
          const through = (start: Envelope, order: (typeof CODEC_NAMES)[number][]) =>
            order.reduce((envelope, name) => codecs[name].decode(codecs[name].encode(envelope)), start);
          expect(through(e, ["json", "avro", "protobuf", "json"])).toStrictEqual(expected);
          expect(through(e, ["json", "protobuf", "avro", "json"])).toStrictEqual(expected);
        }),
        { seed: 102, numRuns: RUNS },
      );
    });

    it("framed in SSE and parsed back under random chunking, nothing changes", () => {
      fc.assert(
        fc.property(
          fc.array(envelopes, { minLength: 1, maxLength: 4 }),
          fc.array(fc.nat(), { maxLength: 6 }),
          fc.constantFrom(...CODEC_NAMES),
          (list, cuts, name) => {
            // SSE ids cannot hold CR, LF or NUL, nor event names CR or LF: such envelopes are
            // refused by frameEnvelope (see the injection tests), so they are left out here.
            const frameable = list.filter((e) => !/[\r\n\0]/.test(e.event_id) && !/[\r\n]/.test(e.event_type));
            expect(throughSse(frameable, name, cuts)).toStrictEqual(frameable.map((e) => canonicalEnvelope(e)));
          },
        ),
        { seed: 103, numRuns: RUNS },
      );
    });
  });
}

describe("the three codecs refuse alike", () => {
  const login = { event_id: "e", event_type: "user_login", timestamp: "2024-01-01T00:00:00Z", source: "s" };
  it.each<[string, Record<string, unknown>, string]>([
    ["an undeclared field", { user_id: "u", ip: "i", admin: true }, "/data/admin"],
    ["an undeclared field set to undefined", { user_id: "u", ip: "i", admin: undefined }, "/data/admin"],
    ["a missing field", { user_id: "u" }, "/data/ip"],
    ["a wrong type", { user_id: 7, ip: "i" }, "/data/user_id"],
  ])("%s: INVALID_DATA at the same path", (_, data, path) => {
    for (const name of CODEC_NAMES) {
      let error: unknown;
      try {
        codecs[name].encode({ ...login, data });
      } catch (caught) {
        error = caught;
      }
      expect(error, name).toMatchObject({ name: "EnvelopeError", code: "INVALID_DATA", path });
    }
  });
});
