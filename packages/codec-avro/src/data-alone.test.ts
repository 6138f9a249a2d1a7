import { exampleEnvelopes, loadAvroSchemas } from "@eventwire/schemas";
import { captureEnvelopeError as refusal } from "@eventwire/testkit";
import avro from "avsc";
import { describe, expect, it } from "vitest";
import { type AvroRecordSchema, createAvroCodec } from "./index.js";

const codec = createAvroCodec({ types: loadAvroSchemas() as Record<string, AvroRecordSchema> });
const login = exampleEnvelopes().user_login;

const v1: AvroRecordSchema = {
  type: "record",
  name: "Profile",
  fields: [
    { name: "user_id", type: "string" },
    { name: "nickname", type: "string" },
    { name: "visits", type: "int" },
  ],
};
const v2: AvroRecordSchema = {
  type: "record",
  name: "Profile",
  fields: [
    { name: "user_id", type: "string" },
    { name: "visits", type: "long" },
    { name: "plan", type: "string", default: "free" },
  ],
};
const v1Codec = createAvroCodec({ types: { profile: v1 } });
const v2Codec = createAvroCodec({ types: { profile: v2 }, maxWriterSchemas: 1 });
const v1Data = { user_id: "u", nickname: "n", visits: 7 };

describe("data alone", () => {
  it("is the plain Avro datum, no C3 01 header, application/avro; avsc reads it", () => {
    const bytes = codec.encodeData("user_login", login.data);
    expect(codec.dataContentType).toBe("application/avro");
    expect(bytes).toEqual(codec.encode(login).subarray(-bytes.length));
    const schema = codec.writerSchemas.get("user_login")?.[0]?.dataSchema as avro.Schema;
    expect(avro.Type.forSchema(schema).fromBuffer(Buffer.from(bytes))).toMatchObject(login.data as object);
    expect(codec.decodeData("user_login", bytes)).toStrictEqual(login.data);
  });

  it("resolves a datum of an older writer schema given as JSON text or parsed, into the newest shape", () => {
    const bytes = v1Codec.encodeData("profile", v1Data);
    const expected = { user_id: "u", visits: 7, plan: "free" };
    expect(v2Codec.decodeData("profile", bytes, { writerSchema: v1 })).toStrictEqual(expected);
    expect(v2Codec.decodeData("profile", bytes, { writerSchema: JSON.stringify(v1) })).toStrictEqual(expected);
    // The registry's copy has the full name; it resolves alike.
    const registered = JSON.stringify(v1Codec.writerSchemas.get("profile")?.[0]?.dataSchema);
    expect(v2Codec.decodeData("profile", bytes, { writerSchema: registered })).toStrictEqual(expected);
  });

  it("checks the older writer's bytes before resolving them", () => {
    const bytes = v1Codec.encodeData("profile", v1Data);
    const error = refusal(() => v2Codec.decodeData("profile", bytes.subarray(0, 3), { writerSchema: v1 }));
    expect([error.code, error.path, error.eventType]).toEqual(["MALFORMED", "/data/nickname", "profile"]);
  });

  it.each<[string, unknown]>([
    ["a schema that does not resolve", { type: "record", name: "Profile", fields: [{ name: "x", type: "int" }] }],
    ["a schema that is not a record", "string"],
    ["text that is not JSON", "{"],
  ])("refuses %s as UNKNOWN_SCHEMA", (_, writerSchema) => {
    const bytes = v1Codec.encodeData("profile", v1Data);
    const error = refusal(() => v2Codec.decodeData("profile", bytes, { writerSchema: writerSchema as string }));
    expect([error.code, error.path, error.eventType]).toEqual(["UNKNOWN_SCHEMA", "/data", "profile"]);
  });

  it.each<[string, () => unknown, string, string | undefined]>([
    ["encode: an unknown type", () => codec.encodeData("nope", {}), "UNKNOWN_EVENT_TYPE", "/event_type"],
    ["decode: an unknown type", () => codec.decodeData("nope", new Uint8Array()), "UNKNOWN_EVENT_TYPE", "/event_type"],
    ["encode: a missing field", () => codec.encodeData("user_login", { user_id: "u" }), "INVALID_DATA", "/data/ip"],
    [
      "encode: an undeclared field",
      () => codec.encodeData("user_login", { user_id: "u", ip: "i", x: 1 }),
      "INVALID_DATA",
      "/data/x",
    ],
    [
      "decode: a truncated datum",
      () => codec.decodeData("user_login", Uint8Array.of(2, 0x61)),
      "MALFORMED",
      "/data/ip",
    ],
    [
      "decode: trailing bytes",
      () => codec.decodeData("user_login", Uint8Array.of(2, 0x61, 2, 0x62, 0)),
      "MALFORMED",
      "/data",
    ],
  ])("%s is %s at %s", (_, run, code, path) => {
    const error = refusal(run);
    expect([error.code, error.path]).toEqual([code, path]);
    expect(error.eventType).toMatch(/^(nope|user_login)$/);
  });
});
