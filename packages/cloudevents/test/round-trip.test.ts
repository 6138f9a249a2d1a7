import { type Codec, canonicalEnvelope, type Envelope } from "@eventwire/envelope-core";
import { envelopeArbitrary, type SharedSchema } from "@eventwire/envelope-core/testing";
import { loadJsonSchemas } from "@eventwire/schemas";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  type CloudEventExtensions,
  fromCloudEventWithExtensions,
  fromHttpBatch,
  fromHttpWithExtensions,
  fromKafkaWithExtensions,
  toCloudEvent,
  toHttp,
  toHttpBatch,
  toKafka,
} from "../src/index.js";
import { codecs } from "./codecs.js";
import { specSchemaErrors } from "./spec-schema.js";

// A fixed seed and a stated number of runs: the same cases in every run.
const RUNS = 300;
const SEED = 1302;
const envelopes = envelopeArbitrary(loadJsonSchemas() as Record<string, SharedSchema>);
// The envelope's attributes, and the two optional ones whose values CloudEvents types (string, URI).
const RESERVED = new Set([
  "specversion",
  "id",
  "source",
  "type",
  "time",
  "datacontenttype",
  "data",
  "subject",
  "dataschema",
]);
const extensionsArbitrary: fc.Arbitrary<CloudEventExtensions> = fc.dictionary(
  fc.stringMatching(/^[a-z0-9]{1,20}$/).filter((name) => !RESERVED.has(name)),
  fc.oneof(fc.string({ unit: "binary" }), fc.boolean(), fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 })),
  { maxKeys: 3, noNullPrototype: true },
);

/** Binary modes carry every attribute as a header string: the type of a value is not kept. */
const asStrings = (extensions: CloudEventExtensions) =>
  Object.fromEntries(Object.entries(extensions).map(([name, value]) => [name, String(value)]));

/**
 * The CloudEvents schema's verdict, except on `source`: CloudEvents wants a URI-reference, and
 * an envelope's source is any non-empty string, written as it is (see the README).
 */
function expectSpecValid(event: unknown): void {
  expect(specSchemaErrors(event).filter((error) => !error.startsWith("/source "))).toEqual([]);
}

function roundTrips(codec: Codec, envelope: Envelope, extensions: CloudEventExtensions): void {
  const canonical = canonicalEnvelope(envelope);
  const options = { extensions };
  const event = toCloudEvent(envelope, codec, options);
  expectSpecValid(event);
  const structured = { envelope: canonical, extensions };
  expect(fromCloudEventWithExtensions(JSON.parse(JSON.stringify(event)), codec)).toEqual(structured);
  for (const mode of ["binary", "structured"] as const) {
    const expected = mode === "binary" ? { envelope: canonical, extensions: asStrings(extensions) } : structured;
    const http = toHttp(envelope, codec, { ...options, mode });
    expect(fromHttpWithExtensions(http, codec)).toEqual(expected);
    expect(fromKafkaWithExtensions(toKafka(envelope, codec, { ...options, mode }), codec)).toEqual(expected);
    if (mode === "structured") expectSpecValid(JSON.parse(http.body as string));
  }
  expect(fromHttpBatch(toHttpBatch([envelope, envelope], codec, options), codec)).toEqual([canonical, canonical]);
}

describe.each(codecs.map((codec) => [codec.name, codec] as const))("%s codec", (_, codec) => {
  it(`envelope → every mode → back is the canonical envelope, extensions kept (${RUNS} runs, seed ${SEED})`, () => {
    fc.assert(
      fc.property(envelopes, extensionsArbitrary, (envelope, extensions) => roundTrips(codec, envelope, extensions)),
      { seed: SEED, numRuns: RUNS },
    );
  }, 120_000); // a generous bound for a busy machine: the property runs 300 cases through six modes
});
