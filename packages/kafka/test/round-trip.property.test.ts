// serialize then deserialize gives the canonical envelope back, for generated envelopes of every
// example type, in every format (fast-check, fixed seed).
import { canonicalEnvelope, isEnvelopeError } from "@eventwire/envelope-core";
import { envelopeArbitrary, type SharedSchema } from "@eventwire/envelope-core/testing";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createKafkaSerde, memoryRegistry } from "../src/index.js";
import { exampleSerdeParts, FORMATS, JSON_SCHEMAS } from "./fixtures.js";

const NUM_RUNS = 200;
const envelopes = envelopeArbitrary(JSON_SCHEMAS as unknown as Record<string, SharedSchema>);

describe.each(FORMATS)("%s: round trip through the serde", (format) => {
  it(`deserialize(serialize(e)) is canonical(e), or serialize refuses e with an EnvelopeError (${NUM_RUNS} runs)`, async () => {
    const { codec, schemas } = exampleSerdeParts(format);
    const serde = createKafkaSerde({ codec, registry: memoryRegistry(), schemas, subjects: "topic-record" });
    let written = 0;
    await fc.assert(
      fc.asyncProperty(envelopes, async (envelope) => {
        const message = await serde.serialize("events", envelope).catch((e: unknown) => e);
        if (isEnvelopeError(message)) return message.code === "INVALID_ENVELOPE";
        written += 1;
        expect(await serde.deserialize("events", message as never)).toEqual(canonicalEnvelope(envelope));
        return true;
      }),
      { seed: 20261127, numRuns: NUM_RUNS },
    );
    // Most generated envelopes are valid Kafka headers: the property is not vacuous.
    expect(written).toBeGreaterThan(NUM_RUNS / 2);
  });
});
