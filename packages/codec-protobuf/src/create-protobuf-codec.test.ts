import type { Envelope } from "@eventwire/envelope-core";
import { codecLaws, type SharedSchema } from "@eventwire/envelope-core/testing";
import { exampleEnvelopes, loadJsonSchemas, loadProtoSources, PROTO_MESSAGES } from "@eventwire/schemas";
import { captureEnvelopeError } from "@eventwire/testkit";
import protobuf from "protobufjs";
import { describe, expect, it } from "vitest";
import { createProtobufCodec } from "./index.js";

const sources = Object.values(loadProtoSources());
const jsonSchemas = loadJsonSchemas() as Record<string, SharedSchema>;
const codec = createProtobufCodec({ proto: sources, types: PROTO_MESSAGES });
const examples = exampleEnvelopes();
const refusal = captureEnvelopeError;
const base: Envelope = {
  event_id: "e",
  event_type: "t",
  timestamp: "2024-05-06T07:08:09.123456Z",
  source: "s",
  data: {},
};

describe.each([
  ["generated code", codec, 1000],
  [
    "closures (codeGeneration: false)",
    createProtobufCodec({ proto: sources, types: PROTO_MESSAGES, codeGeneration: false }),
    300,
  ],
])("codec laws, %s", (_, lawCodec, numRuns) => {
  for (const [type, schema] of Object.entries(jsonSchemas)) {
    describe(type, () => {
      for (const law of codecLaws(lawCodec, {
        types: { [type]: schema },
        numRuns,
        seed: 7,
        examples: [examples[type as keyof typeof examples]],
      })) {
        it(law.name, law.run);
      }
    });
  }
});

describe("wire format", () => {
  it("is the eventwire.v1.Envelope message, data holding the type's message", () => {
    const bytes = codec.encode({
      ...examples.user_login,
      event_id: "i",
      source: "s",
      timestamp: "1970-01-01T00:00:01.5Z",
    });
    const envelopeType = protobuf
      .parse(
        'syntax = "proto3"; package x; message Ts { int64 seconds = 1; int32 nanos = 2; } message E { string event_id = 1; string event_type = 2; Ts timestamp = 3; string source = 4; bytes data = 5; }',
        { keepCase: true },
      )
      .root.lookupType("x.E");
    const decoded = envelopeType.toObject(envelopeType.decode(bytes), { longs: Number });
    expect(decoded).toMatchObject({
      event_id: "i",
      event_type: "user_login",
      source: "s",
      timestamp: { seconds: 1, nanos: 500_000_000 },
    });
    const login = protobuf.parse(sources[0] as string, { keepCase: true }).root.lookupType(PROTO_MESSAGES.user_login);
    expect(login.toObject(login.decode(decoded.data as Uint8Array))).toEqual(examples.user_login.data);
  });

  it("round-trips the examples to plain objects", () => {
    for (const e of Object.values(examples)) {
      const decoded = codec.decode(codec.encode(e));
      expect(decoded).toStrictEqual(e);
    }
  });

  it("is at most 60% of the JSON codec's bytes for user_login", () => {
    const json = new TextEncoder().encode(JSON.stringify(examples.user_login)).length;
    expect(codec.encode(examples.user_login).length / json).toBeLessThanOrEqual(0.6);
  });

  it("leaves out proto3 defaults, as protoc does, and fills them in on decode", () => {
    const login = { ...examples.user_login, data: { user_id: "", ip: "" } };
    const bytes = codec.encode(login);
    expect(bytes.includes(0x2a)).toBe(false);
    expect(codec.decode(bytes).data).toStrictEqual({ user_id: "", ip: "" });
  });
});

describe("the field-name trap", () => {
  it("keeps snake_case field names as written", () => {
    expect(codec.decode(codec.encode(examples.user_login)).data).toStrictEqual({
      user_id: examples.user_login.data.user_id,
      ip: "203.0.113.42",
    });
  });

  it("refuses, never drops, a field that a camel-cased Root does not declare", () => {
    const camelRoot = protobuf.parse(sources[0] as string).root; // protobufjs's default: camelCase
    const camel = createProtobufCodec({ root: camelRoot, types: { user_login: PROTO_MESSAGES.user_login } });
    const error = refusal(() => camel.encode(examples.user_login));
    expect(error).toMatchObject({ code: "INVALID_DATA", path: "/data/user_id" });
    expect(error.message).toMatch(/keepCase: true/);
  });
});

describe("timestamps", () => {
  it.each([
    "0001-01-01T00:00:00Z",
    "1969-12-31T23:59:59.999999Z",
    "1970-01-01T00:00:00Z",
    "2038-01-19T03:14:08Z",
    "9999-12-31T23:59:59.999999Z",
  ])("carries %s to the microsecond", (timestamp) => {
    const e = { ...examples.user_login, timestamp };
    expect(codec.decode(codec.encode(e)).timestamp).toBe(timestamp);
  });
});

describe("types", () => {
  const proto = `syntax = "proto3"; package t;
    enum Color { RED = 0; GREEN = 1; }
    message Inner { int32 n = 1; }
    message All {
      int64 i64 = 1; uint64 u64 = 2; sint64 s64 = 3; fixed64 f64 = 4; sfixed64 sf64 = 5;
      uint32 u32 = 6; sint32 s32 = 7; fixed32 f32 = 8; sfixed32 sf32 = 9; float fl = 10;
      bytes raw = 11; Color color = 12; repeated int32 packed = 13; repeated Inner inners = 14;
      map<int32, string> by_number = 15; optional bool flag = 16; Inner inner = 17;
      oneof choice { string text = 18; int32 number = 19; }
    }`;
  const all = createProtobufCodec({ proto, types: { all: "t.All" } });
  const data = {
    i64: "-9223372036854775808",
    u64: "18446744073709551615",
    s64: "-1",
    f64: "12345678901234567",
    sf64: "-2",
    u32: 4_294_967_295,
    s32: -5,
    f32: 7,
    sf32: -7,
    fl: 1.5,
    raw: Uint8Array.of(0, 255),
    color: "GREEN",
    packed: [1, -1, 300],
    inners: [{ n: 1 }, { n: 0 }],
    by_number: { "-3": "minus three", "10": "ten" },
    flag: false,
    inner: { n: 2 },
    number: 4,
  };

  it("maps every proto type to plain JS (64-bit ints as decimal strings, bytes as Uint8Array)", () => {
    expect(all.decode(all.encode({ ...base, event_type: "all", data })).data).toStrictEqual(data);
  });

  it("takes 64-bit ints as safe integers or bigints too, and gives them back as strings", () => {
    const ints = { ...data, i64: 42, u64: 2n ** 64n - 1n };
    expect(all.decode(all.encode({ ...base, event_type: "all", data: ints })).data).toMatchObject({
      i64: "42",
      u64: "18446744073709551615",
    });
  });

  it("leaves optional, message and oneof fields absent when not set, and fills implicit ones", () => {
    const minimal = { ...data, flag: undefined, inner: undefined, number: undefined };
    const decoded = all.decode(all.encode({ ...base, event_type: "all", data: minimal })).data as Record<
      string,
      unknown
    >;
    expect(Object.keys(decoded)).not.toContain("flag");
    expect(Object.keys(decoded)).not.toContain("inner");
    expect(Object.keys(decoded)).not.toContain("number");
  });

  it.each<[string, Record<string, unknown>, string]>([
    ["a fractional int32", { s32: 1.5 }, "/data/s32"],
    ["an int32 out of range", { sf32: 2 ** 31 }, "/data/sf32"],
    ["a negative uint32", { u32: -1 }, "/data/u32"],
    ["an unsafe number for int64", { i64: 2 ** 60 }, "/data/i64"],
    ["a uint64 past 2^64", { u64: "18446744073709551616" }, "/data/u64"],
    ["a float that 32 bits cannot hold", { fl: 0.1 }, "/data/fl"],
    ["an unknown enum name", { color: "BLUE" }, "/data/color"],
    ["a number for an enum", { color: 1 }, "/data/color"],
    ["two members of a oneof", { text: "x" }, "/data"],
    ["a bad map key", { by_number: { x: "y" } }, "/data/by_number/x"],
    ["a packed element of the wrong type", { packed: [1, "2"] }, "/data/packed/1"],
    ["a missing implicit field", { s32: undefined }, "/data/s32"],
  ])("refuses %s", (_, patch, path) => {
    expect(refusal(() => all.encode({ ...base, event_type: "all", data: { ...data, ...patch } }))).toMatchObject({
      code: "INVALID_DATA",
      path,
    });
  });
});

describe("errors", () => {
  const good = examples.user_login;
  const bytes = codec.encode(good);
  const other = createProtobufCodec({ proto: sources, types: { other: PROTO_MESSAGES.user_login } });

  it.each<[string, () => unknown, string, string | undefined]>([
    ["a truncated envelope", () => codec.decode(bytes.subarray(0, bytes.length - 2)), "MALFORMED", "/data"],
    ["a truncated string", () => codec.decode(bytes.subarray(0, 5)), "MALFORMED", "/event_id"],
    ["a bad wire type", () => codec.decode(Uint8Array.of(0x0b)), "MALFORMED", undefined],
    ["an end-group with no group", () => codec.decode(Uint8Array.of(0x34)), "MALFORMED", undefined],
    [
      "a varint longer than 10 bytes",
      () => codec.decode(Uint8Array.of(0x30, ...Array(11).fill(0xff))),
      "MALFORMED",
      undefined,
    ],
    [
      "a length past the end",
      () => codec.decode(Uint8Array.of(0x0a, 0xff, 0xff, 0xff, 0xff, 0x07)),
      "MALFORMED",
      "/event_id",
    ],
    ["invalid UTF-8", () => codec.decode(Uint8Array.of(0x0a, 0x02, 0xc3, 0x28)), "MALFORMED", "/event_id"],
    ["field number 0", () => codec.decode(Uint8Array.of(0x00, 0x00)), "MALFORMED", undefined],
    ["an empty input", () => codec.decode(new Uint8Array()), "INVALID_ENVELOPE", "/event_id"],
    [
      "a missing timestamp",
      () => codec.decode(Uint8Array.of(0x0a, 1, 0x61, 0x12, 1, 0x61, 0x22, 1, 0x61)),
      "INVALID_ENVELOPE",
      "/timestamp",
    ],
    [
      "nanoseconds",
      () => codec.decode(Uint8Array.of(0x0a, 1, 0x61, 0x12, 1, 0x61, 0x1a, 2, 0x10, 1, 0x22, 1, 0x61)),
      "INVALID_ENVELOPE",
      "/timestamp",
    ],
    [
      "seconds past 9999",
      () =>
        codec.decode(
          Uint8Array.of(0x0a, 1, 0x61, 0x12, 1, 0x61, 0x1a, 7, 0x08, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f, 0x22, 1, 0x61),
        ),
      "MALFORMED",
      "/timestamp",
    ],
    [
      "an unknown event type",
      () => codec.decode(other.encode({ ...good, event_type: "other" })),
      "UNKNOWN_EVENT_TYPE",
      "/event_type",
    ],
    [
      "encode of an unknown event type",
      () => codec.encode({ ...good, event_type: "nope" }),
      "UNKNOWN_EVENT_TYPE",
      "/event_type",
    ],
    [
      "an undeclared field",
      () => codec.encode({ ...good, data: { user_id: "u", ip: "i", admin: true } }),
      "INVALID_DATA",
      "/data/admin",
    ],
    ["a wrong type", () => codec.encode({ ...good, data: { user_id: 1, ip: "i" } }), "INVALID_DATA", "/data/user_id"],
    [
      "a lone surrogate",
      () => codec.encode({ ...good, data: { user_id: "\udc00", ip: "i" } }),
      "INVALID_DATA",
      "/data/user_id",
    ],
    [
      "a non-finite double",
      () =>
        codec.encode({
          ...examples.sensor_reading,
          data: { ...examples.sensor_reading.data, temperature: Number.POSITIVE_INFINITY },
        }),
      "INVALID_DATA",
      "/data/temperature",
    ],
    [
      "a bad timestamp on encode",
      () => codec.encode({ ...good, timestamp: "2023-09-15T12:34:56.1234567Z" }),
      "INVALID_ENVELOPE",
      "/timestamp",
    ],
  ])("%s", (_, run, code, path) => {
    const error = refusal(run);
    expect(error.code).toBe(code);
    if (path !== undefined) expect(error.path).toBe(path);
  });

  it("gives paths deep in data, on decode too", () => {
    const order = examples.order_placed;
    const items = [...(order.data.items as object[]), { sku: "x", quantity: 1.5, unit_price: 1 }];
    expect(refusal(() => codec.encode({ ...order, data: { ...order.data, items } }))).toMatchObject({
      path: "/data/items/3/quantity",
      eventType: "order_placed",
    });
    const bad = Uint8Array.from(codec.encode(order));
    bad[bad.length - 1] = 0xff; // inside the metadata map's last value
    expect(refusal(() => codec.decode(bad)).path).toMatch(/^\/data\/metadata/);
  });

  it("gives LIMIT_EXCEEDED over maxBytes", () => {
    const small = createProtobufCodec({ proto: sources, types: PROTO_MESSAGES, maxBytes: bytes.length - 1 });
    expect(refusal(() => small.decode(bytes)).code).toBe("LIMIT_EXCEEDED");
  });

  it("refuses bad schemas when the codec is made", () => {
    expect(() => createProtobufCodec({ proto: "message {", types: {} })).toThrowError(/does not parse/);
    expect(() => createProtobufCodec({ proto: sources, types: { x: "nope.Nope" } })).toThrowError(/"x"/);
  });
});
