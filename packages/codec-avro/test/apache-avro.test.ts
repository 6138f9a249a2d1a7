import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { canonicalEnvelope, type Envelope, epochMicrosFromParts, parseTimestamp } from "@eventwire/envelope-core";
import { envelopeArbitrary, type SharedSchema } from "@eventwire/envelope-core/testing";
import { exampleEnvelopes, loadAvroSchemas, loadJsonSchemas } from "@eventwire/schemas";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type AvroRecordSchema, createAvroCodec } from "../src/index.js";

// Debian's python3-avro lives beside /usr/bin/python3, not in any other Python on PATH.
const PYTHON = "/usr/bin/python3";
const SCRIPT = fileURLToPath(new URL("./apache-avro.py", import.meta.url));

const codec = createAvroCodec({ types: loadAvroSchemas() as Record<string, AvroRecordSchema> });
const envelopes: Envelope[] = [
  ...Object.values(exampleEnvelopes()),
  ...fc.sample(envelopeArbitrary(loadJsonSchemas() as Record<string, SharedSchema>), { seed: 5, numRuns: 300 }),
].map((e) => canonicalEnvelope(e));

interface Answer {
  decode: unknown[];
  encode: string[];
  canonical: string[];
}

function askApacheAvro(request: object): Answer {
  const out = execFileSync(PYTHON, [SCRIPT], { input: JSON.stringify(request), maxBuffer: 256 * 1024 * 1024 });
  return JSON.parse(out.toString("utf8")) as Answer;
}

const base64 = (bytes: Uint8Array) => Buffer.from(bytes).toString("base64");
const writerOf = (e: Envelope) => codec.writerSchemas.get(e.event_type)?.[0];
const micros = (e: Envelope) => String(epochMicrosFromParts(parseTimestamp(e.timestamp)));

describe("Apache Avro (python3-avro) as the reference", () => {
  const answer = askApacheAvro({
    canonical: [...codec.writerSchemas.values()].map((versions) => versions[0]?.schema),
    decode: envelopes.map((e) => ({ schema: writerOf(e)?.schema, body: base64(codec.encode(e).subarray(10)) })),
    encode: envelopes.map((e) => ({ schema: writerOf(e)?.schema, record: { ...e, timestamp: micros(e) } })),
  });

  it("computes the same Parsing Canonical Form for every writer schema", () => {
    expect(answer.canonical).toEqual([...codec.writerSchemas.values()].map((versions) => versions[0]?.canonicalForm));
  });

  it(`decodes the codec's bytes to the same record (${envelopes.length} envelopes)`, () => {
    expect(answer.decode).toEqual(envelopes.map((e) => ({ ...e, timestamp: micros(e) })));
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
