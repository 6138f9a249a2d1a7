import { canonicalEnvelope, type Envelope } from "@eventwire/envelope-core";
import { envelopeArbitrary, type SharedSchema } from "@eventwire/envelope-core/testing";
import { exampleEnvelopes, loadAvroSchemas, loadJsonSchemas } from "@eventwire/schemas";
import { askApacheAvro, avroRecordOf, base64 } from "@eventwire/testkit";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type AvroRecordSchema, createAvroCodec } from "../src/index.js";

const codec = createAvroCodec({ types: loadAvroSchemas() as Record<string, AvroRecordSchema> });
const envelopes: Envelope[] = [
  ...Object.values(exampleEnvelopes()),
  ...fc.sample(envelopeArbitrary(loadJsonSchemas() as Record<string, SharedSchema>), { seed: 5, numRuns: 300 }),
].map((e) => canonicalEnvelope(e));

const writerOf = (e: Envelope) => codec.writerSchemas.get(e.event_type)?.[0];

describe("Apache Avro (python3-avro) as the reference", () => {
  const answer = askApacheAvro({
    canonical: [...codec.writerSchemas.values()].map((versions) => versions[0]?.schema),
    decode: envelopes.map((e) => ({ schema: writerOf(e)?.schema, body: base64(codec.encode(e).subarray(10)) })),
    encode: envelopes.map((e) => ({ schema: writerOf(e)?.schema, record: avroRecordOf(e) })),
    encodeData: envelopes.map((e) => ({ schema: writerOf(e)?.dataSchema, datum: e.data })),
  });

  it("DatumWriter of the data schema alone writes encodeData's bytes, which decodeData reads back", () => {
    answer.encodeData.forEach((body, i) => {
      const e = envelopes[i] as Envelope;
      const bytes = Uint8Array.from(Buffer.from(body, "base64"));
      expect(codec.encodeData(e.event_type, e.data)).toEqual(bytes);
      expect(codec.decodeData(e.event_type, bytes)).toStrictEqual(e.data);
    });
  });

  it("computes the same Parsing Canonical Form for every writer schema", () => {
    expect(answer.canonical).toEqual([...codec.writerSchemas.values()].map((versions) => versions[0]?.canonicalForm));
  });

  it(`decodes the codec's bytes to the same record (${envelopes.length} envelopes)`, () => {
    expect(answer.decode).toEqual(envelopes.map((e) => avroRecordOf(e)));
  });

  it("writes bytes that the codec decodes to the same envelope, byte for byte the codec's own", () => {
    answer.encode.forEach((body, i) => {
      const e = envelopes[i] as Envelope;
      const bytes = Uint8Array.of(...codec.encode(e).subarray(0, 10), ...Buffer.from(body, "base64"));
      expect(codec.decode(bytes)).toStrictEqual(e);
      expect(bytes).toEqual(codec.encode(e));
    });
  });
});
