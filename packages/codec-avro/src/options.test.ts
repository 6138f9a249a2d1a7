import { exampleEnvelopes, loadAvroSchemas } from "@eventwire/schemas";
import { describe, expect, it } from "vitest";
import { AVRO_CODEC_DEFAULTS, type AvroCodec, type AvroRecordSchema, createAvroCodec } from "./index.js";

describe("options", () => {
  it("takes schemas as JSON objects without a cast, and checks them when the codec is made", () => {
    const codec: AvroCodec = createAvroCodec({ types: loadAvroSchemas() });
    const login = exampleEnvelopes().user_login;
    expect(codec.decode(codec.encode(login))).toStrictEqual(login);
    const notRecord: AvroRecordSchema = { type: "string" };
    expect(() => createAvroCodec({ types: { x: notRecord } })).toThrowError(/must be a record/);
  });

  it("has frozen, documented defaults", () => {
    expect(AVRO_CODEC_DEFAULTS).toEqual({
      maxBytes: 1024 * 1024,
      maxWriterSchemas: 32,
      maxSchemaDepth: 128,
      codeGeneration: true,
    });
    expect(Object.isFrozen(AVRO_CODEC_DEFAULTS)).toBe(true);
  });
});
