import { captureEnvelopeError } from "@eventwire/testkit";
import { describe, expect, it } from "vitest";
import { AVRO_CODEC_DEFAULTS, createAvroCodec } from "./index.js";
import { parseSchema } from "./parse-schema.js";

/** A record whose field is `arrays` arrays nested around an int: the data record counts as 1 level, so arrays + 2 in all. */
function nested(arrays: number): Record<string, unknown> {
  let type: unknown = "int";
  for (let i = 0; i < arrays; i++) type = { type: "array", items: type };
  return { type: "record", name: "Deep", fields: [{ name: "x", type }] };
}
const EDGE = AVRO_CODEC_DEFAULTS.maxSchemaDepth - 2; // the deepest nesting the default allows

describe("schema nesting depth (maxSchemaDepth)", () => {
  it("accepts a schema exactly at the limit, alone and inside the envelope, and refuses one level more", () => {
    expect(parseSchema(nested(EDGE), { maxDepth: AVRO_CODEC_DEFAULTS.maxSchemaDepth }).typeName).toBe("record");
    expect(() => parseSchema(nested(EDGE + 1), { maxDepth: AVRO_CODEC_DEFAULTS.maxSchemaDepth })).toThrowError(
      /nests deeper than 128 levels/,
    );
    expect(createAvroCodec({ types: { t: nested(EDGE) } }).writerSchemas.get("t")).toHaveLength(1);
    expect(() => createAvroCodec({ types: { t: nested(EDGE + 1) } })).toThrowError(
      /event type "t" is invalid: .*nests deeper than 128 levels \(maxSchemaDepth\)/,
    );
    expect(() => createAvroCodec({ types: { t: nested(10) }, maxSchemaDepth: 11 })).toThrowError(/deeper than 11/);
  });

  it("refuses a 50,000-deep writer schema from outside with LIMIT_EXCEEDED, not a stack overflow", () => {
    const codec = createAvroCodec({ types: { t: nested(2) } });
    const bytes = codec.encodeData("t", { x: [[1]] });
    // As text too, the form a registry gives (built by hand: JSON.stringify itself overflows the stack).
    const text = `{"type":"record","name":"Deep","fields":[{"name":"x","type":${'{"type":"array","items":'.repeat(50_000)}"int"${"}".repeat(50_000)}}]}`;
    for (const writerSchema of [nested(50_000), text]) {
      const error = captureEnvelopeError(() => codec.decodeData("t", bytes, { writerSchema }));
      expect([error.code, error.path, error.eventType]).toEqual(["LIMIT_EXCEEDED", "/data", "t"]);
      expect(error.message).toMatch(/nests deeper than 128 levels \(maxSchemaDepth\)/);
    }
    // A writer schema within the limit still resolves (its arrays' items promoted int to long).
    const reader = createAvroCodec({
      types: {
        t: { ...nested(1), fields: [{ name: "x", type: { type: "array", items: { type: "array", items: "long" } } }] },
      },
    });
    expect(reader.decodeData("t", bytes, { writerSchema: nested(2) })).toStrictEqual({ x: [[1]] });
  });
});
