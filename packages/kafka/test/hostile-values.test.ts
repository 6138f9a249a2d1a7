// Hostile records: every one is refused with an EnvelopeError of the stated code, before
// anything of a size the record claims is allocated or looped over.
import { kafkaHeadersOf } from "@eventwire/cloudevents";
import { isEnvelopeError } from "@eventwire/envelope-core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createKafkaSerde, type KafkaMessageLike, memoryRegistry } from "../src/index.js";
import { ENVELOPES, exampleSerdeParts, type Format } from "./fixtures.js";

const envelope = ENVELOPES.order_placed;

async function serdeOf(format: Format) {
  const { codec, schemas } = exampleSerdeParts(format);
  const registry = memoryRegistry();
  // Id 1 is the JSON schema of user_login: a schema of another language than the serde's.
  await registry.register("other", { schemaType: "JSON", schema: "{}" });
  const serde = createKafkaSerde({ codec, registry, schemas });
  const good = await serde.serialize("t", envelope);
  return { serde, good, headers: kafkaHeadersOf(envelope, codec.dataContentType) };
}

const hex = (text: string) => Uint8Array.from(text.match(/../g) ?? [], (b) => Number.parseInt(b, 16));

interface HostileCase {
  name: string;
  format: Format;
  /** The value, as hex, with `DATA` for the good value's data and `ID` for its schema id. */
  value?: string | null;
  headers?: Record<string, unknown>;
  code: string;
}

const CASES: HostileCase[] = [
  { name: "empty value", format: "avro", value: "", code: "MALFORMED" },
  { name: "tombstone (null value)", format: "avro", value: null, code: "MALFORMED" },
  { name: "shorter than the header", format: "avro", value: "00000000", code: "MALFORMED" },
  { name: "wrong magic byte", format: "avro", value: "01IDDATA", code: "MALFORMED" },
  { name: "Avro single-object magic instead", format: "avro", value: "c301IDDATA", code: "MALFORMED" },
  { name: "unknown schema id", format: "avro", value: "007fffffffDATA", code: "UNKNOWN_SCHEMA" },
  { name: "negative schema id", format: "json", value: "00ffffffffDATA", code: "UNKNOWN_SCHEMA" },
  { name: "id of a JSON schema in an Avro serde", format: "avro", value: "0000000001DATA", code: "UNKNOWN_SCHEMA" },
  { name: "truncated data", format: "avro", value: "00ID0a", code: "MALFORMED" },
  { name: "trailing bytes", format: "avro", value: "00IDDATA00", code: "MALFORMED" },
  { name: "huge index count (2^31-1)", format: "protobuf", value: "00IDfeffffff0fDATA", code: "MALFORMED" },
  { name: "index count over the rest", format: "protobuf", value: "00ID1402", code: "MALFORMED" },
  { name: "negative index count", format: "protobuf", value: "00ID01DATA", code: "MALFORMED" },
  { name: "negative index", format: "protobuf", value: "00ID0201DATA", code: "MALFORMED" },
  { name: "index varint over 5 bytes", format: "protobuf", value: "00ID02ffffffffff01", code: "MALFORMED" },
  { name: "indexes cut short", format: "protobuf", value: "00ID0480", code: "MALFORMED" },
  { name: "index past the file's messages", format: "protobuf", value: "00ID02c801DATA", code: "UNKNOWN_SCHEMA" },
  { name: "not JSON", format: "json", value: "00ID7b7b", code: "MALFORMED" },
  { name: "no ce_type header", format: "avro", headers: { ce_type: undefined }, code: "INVALID_ENVELOPE" },
  {
    name: "another content-type",
    format: "avro",
    headers: { "content-type": "application/json" },
    code: "INVALID_ENVELOPE",
  },
  { name: "a repeated header", format: "avro", headers: { ce_id: ["a", "b"] }, code: "MALFORMED" },
  { name: "invalid UTF-8 in a header", format: "avro", headers: { ce_source: hex("ff") }, code: "MALFORMED" },
];

describe("hostile records", () => {
  it.each(CASES)("$name ($format) → $code", async (c) => {
    const { serde, good, headers } = await serdeOf(c.format);
    const idHex = Buffer.from(good.value.subarray(1, 5)).toString("hex");
    const dataStart = c.format === "protobuf" ? 6 : 5;
    const dataHex = Buffer.from(good.value.subarray(dataStart)).toString("hex");
    const value =
      c.value === undefined
        ? good.value
        : c.value === null
          ? null
          : hex(c.value.replace("ID", idHex).replace("DATA", dataHex));
    const message = { value, headers: { ...headers, ...c.headers } } as KafkaMessageLike;
    const error = await serde.deserialize("t", message).catch((e: unknown) => e);
    expect(isEnvelopeError(error), String(error)).toBe(true);
    expect(error).toMatchObject({ code: c.code });
  });

  it.each<Format>(["avro", "protobuf", "json"])(
    "random bytes after a good header give an envelope or an EnvelopeError (%s)",
    async (format) => {
      const { serde, good, headers } = await serdeOf(format);
      const prefix = good.value.subarray(0, 5);
      await fc.assert(
        fc.asyncProperty(fc.uint8Array({ maxLength: 64 }), async (tail) => {
          const value = new Uint8Array([...prefix, ...tail]);
          const outcome = await serde.deserialize("t", { value, headers }).catch((e: unknown) => e);
          return isEnvelopeError(outcome) || (typeof outcome === "object" && outcome !== null && "event_id" in outcome);
        }),
        { seed: 20261127, numRuns: 500 },
      );
    },
  );
});
