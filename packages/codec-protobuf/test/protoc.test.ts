import { canonicalEnvelope, type Envelope } from "@eventwire/envelope-core";
import { envelopeArbitrary, type SharedSchema } from "@eventwire/envelope-core/testing";
import { exampleEnvelopes, loadJsonSchemas, loadProtoSources, PROTO_MESSAGES } from "@eventwire/schemas";
import { protocEncode, protocEncodeData, protocReencode } from "@eventwire/testkit";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createProtobufCodec } from "../src/index.js";

const codec = createProtobufCodec({ proto: Object.values(loadProtoSources()), types: PROTO_MESSAGES });
const envelopes: Envelope[] = [
  ...Object.values(exampleEnvelopes()),
  ...fc.sample(envelopeArbitrary(loadJsonSchemas() as Record<string, SharedSchema>), { seed: 6, numRuns: 300 }),
].map((e) => canonicalEnvelope(e));

describe("protoc as the reference", () => {
  const reference = protocEncode(envelopes);
  const ours = envelopes.map((e) => codec.encode(e));

  it(`protoc --decode of the codec's bytes, encoded again, equals protoc's encoding of the hand-written envelopes (${envelopes.length})`, () => {
    expect(protocReencode(ours)).toEqual(reference);
  });

  it("the codec decodes protoc's bytes to the same envelopes", () => {
    expect(reference.map((bytes) => codec.decode(bytes))).toStrictEqual(envelopes);
  });

  it("the codec's bytes are protoc's deterministic output, byte for byte", () => {
    expect(ours.map((b) => Array.from(b))).toEqual(reference.map((b) => Array.from(b)));
  });

  it("protoc --encode of each data message alone is encodeData's bytes, which decodeData reads back", () => {
    const data = protocEncodeData(envelopes);
    expect(data.size).toBe(envelopes.length);
    for (const [e, bytes] of data) {
      expect(Array.from(codec.encodeData(e.event_type, e.data))).toEqual(Array.from(bytes));
      expect(codec.decodeData(e.event_type, bytes)).toStrictEqual(e.data);
    }
  });
});
