import { readFileSync } from "node:fs";
import type { Envelope } from "@eventwire/envelope-core";
import { codecLaws, envelopeArbitrary, type SharedSchema } from "@eventwire/envelope-core/testing";
import { exampleEnvelopes, loadAvroSchemas, loadJsonSchemas } from "@eventwire/schemas";
import { captureEnvelopeError } from "@eventwire/testkit";
import avro from "avsc";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { AvroType } from "./avro-type.js";
import { type AvroRecordSchema, crc64Avro, createAvroCodec } from "./index.js";

// avsc's parsed types have the same shape (typeName, fields, itemsType…) as ours.
const dataType = (envelope: avro.Type) => (envelope as unknown as AvroType).fields?.[4]?.type as AvroType;

const avroSchemas = loadAvroSchemas() as Record<string, AvroRecordSchema>;
const jsonSchemas = loadJsonSchemas() as Record<string, SharedSchema>;
const codec = createAvroCodec({ types: avroSchemas });
const examples = exampleEnvelopes();

const refusal = captureEnvelopeError;

/** The bytes after the 10-byte header, with `patch` applied to a copy. */
function withBody(bytes: Uint8Array, body: number[]): Uint8Array {
  return Uint8Array.of(...bytes.subarray(0, 10), ...body);
}

describe.each([
  ["generated code", codec, 1000],
  ["closures (codeGeneration: false)", createAvroCodec({ types: avroSchemas, codeGeneration: false }), 300],
])("codec laws, %s", (_, lawCodec, numRuns) => {
  for (const [type, schema] of Object.entries(jsonSchemas)) {
    describe(type, () => {
      for (const law of codecLaws(lawCodec, {
        types: { [type]: schema },
        numRuns,
        seed: 2,
        examples: [examples[type as keyof typeof examples]],
      })) {
        it(law.name, law.run);
      }
    });
  }
});

describe("wire format", () => {
  it("is C3 01, the little-endian CRC-64-AVRO of the writer schema's canonical form, then the body", () => {
    const bytes = codec.encode(examples.user_login);
    const writer = codec.writerSchemas.get("user_login")?.[0];
    expect(bytes.subarray(0, 2)).toEqual(Uint8Array.of(0xc3, 0x01));
    const fingerprint = new DataView(bytes.buffer, bytes.byteOffset + 2, 8).getBigUint64(0, true);
    expect(fingerprint).toBe(crc64Avro(writer?.canonicalForm ?? ""));
    expect(writer?.canonicalForm).toBe(
      '{"name":"eventwire.v1.Envelope","type":"record","fields":[{"name":"event_id","type":"string"},{"name":"event_type","type":"string"},{"name":"timestamp","type":"long"},{"name":"source","type":"string"},{"name":"data","type":{"name":"eventwire.v1.UserLogin","type":"record","fields":[{"name":"user_id","type":"string"},{"name":"ip","type":"string"}]}}]}',
    );
  });

  it("writes the body that avsc writes for the same writer schema", () => {
    for (const e of Object.values(examples)) {
      const writer = codec.writerSchemas.get(e.event_type)?.[0];
      const type = avro.Type.forSchema(writer?.schema as avro.Schema);
      const micros = Date.parse(e.timestamp) * 1000 + Number(e.timestamp.match(/\.\d{3}(\d{3})Z/)?.[1] ?? 0);
      const expected = type.toBuffer({ ...e, timestamp: micros, data: withNulls(dataType(type), e.data) });
      expect(codec.encode(e).subarray(10)).toEqual(new Uint8Array(expected));
    }
  });

  it("round-trips the examples to plain objects (no avsc record classes)", () => {
    for (const e of Object.values(examples)) {
      const decoded = codec.decode(codec.encode(e));
      expect(decoded).toStrictEqual(e);
      expect(Object.getPrototypeOf(decoded.data)).toBe(Object.prototype);
    }
  });

  it("is at most 60% of the JSON codec's bytes for user_login", () => {
    const json = new TextEncoder().encode(JSON.stringify(examples.user_login)).length;
    expect(codec.encode(examples.user_login).length / json).toBeLessThanOrEqual(0.6);
  });

  it("leaves optional fields that are not set absent, and keeps __proto__ map keys as data", () => {
    const order = { ...examples.order_placed, data: { ...examples.order_placed.data } };
    delete (order.data as Record<string, unknown>).coupon;
    const metadata: Record<string, string> = {};
    Object.defineProperty(metadata, "__proto__", { value: "p", enumerable: true, writable: true, configurable: true });
    (order.data as Record<string, unknown>).metadata = metadata;
    const decoded = codec.decode(codec.encode(order)).data as Record<string, unknown>;
    expect("coupon" in decoded).toBe(false);
    expect(Object.hasOwn(decoded.metadata as object, "__proto__")).toBe(true);
    expect(Object.getPrototypeOf(decoded.metadata)).toBe(Object.prototype);
  });
});

describe("fingerprints", () => {
  const vectors = JSON.parse(
    readFileSync(new URL("../../../schemas/vectors/avro-fingerprints.json", import.meta.url), "utf8"),
  ) as { cases: { id: string; input: string; canonical: string; fingerprint: string }[] };

  it.each(vectors.cases)("matches Apache Avro's test vector $id", ({ input, canonical, fingerprint }) => {
    expect(BigInt.asIntN(64, crc64Avro(canonical))).toBe(BigInt(fingerprint));
    expect(JSON.stringify(avro.Type.forSchema(JSON.parse(input)).schema())).toBe(canonical);
  });
});

describe("timestamps", () => {
  it.each([
    "0001-01-01T00:00:00Z",
    "1684-12-31T23:59:59.999999Z",
    "1970-01-01T00:00:00Z",
    "1969-12-31T23:59:59.999999Z",
    "2255-06-05T23:47:34.740991Z",
    "9999-12-31T23:59:59.999999Z",
  ])("carries %s to the microsecond", (timestamp) => {
    const e = { ...examples.user_login, timestamp };
    expect(codec.decode(codec.encode(e)).timestamp).toBe(timestamp);
  });

  it("refuses a timestamp long outside 0001..9999 as MALFORMED", () => {
    const bytes = codec.encode({
      ...examples.user_login,
      event_id: "e",
      source: "s",
      timestamp: "9999-12-31T23:59:59.999999Z",
    });
    // event_id "e" and event_type "user_login" come first; the timestamp varint follows.
    const at = 10 + 2 + 11;
    const tampered = Uint8Array.from(bytes);
    expect(tampered[at + 8]).toBeLessThan(0x80); // the varint's ninth and last byte
    tampered[at + 8] = 0x7f; // the same length, a far larger value
    expect(refusal(() => codec.decode(tampered))).toMatchObject({ code: "MALFORMED", path: "/timestamp" });
  });
});

describe("evolution", () => {
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
      { name: "referrer", type: ["null", "string"], default: null },
    ],
  };
  const old = createAvroCodec({ types: { profile: v1 } });
  const current = createAvroCodec({ types: { profile: [v2, v1] } });
  const envelope: Envelope = {
    event_id: "e1",
    event_type: "profile",
    timestamp: "2024-01-02T03:04:05.678901Z",
    source: "s",
    data: { user_id: "u", nickname: "nick", visits: 7 },
  };

  it("reads a v1 writer into the v2 shape: added field with default, removed field, int promoted to long", () => {
    expect(current.decode(old.encode(envelope))).toStrictEqual({
      ...envelope,
      data: { user_id: "u", visits: 7, plan: "free" },
    });
  });

  it("writes the newest version, with its own fingerprint", () => {
    const bytes = current.encode({ ...envelope, data: { user_id: "u", visits: 8, plan: "pro" } });
    expect(bytes.subarray(2, 10)).toEqual(current.writerSchemas.get("profile")?.[0]?.fingerprint);
    expect(refusal(() => old.decode(bytes)).code).toBe("UNKNOWN_SCHEMA");
  });

  it("checks an older writer's bytes before resolving them", () => {
    const bytes = old.encode(envelope);
    expect(refusal(() => current.decode(bytes.subarray(0, bytes.length - 1))).code).toBe("MALFORMED");
  });

  it("refuses, when the codec is made, versions that cannot resolve", () => {
    const incompatible: AvroRecordSchema = { type: "record", name: "Profile", fields: [{ name: "x", type: "int" }] };
    expect(() => createAvroCodec({ types: { profile: [incompatible, v1] } })).toThrowError(/version 1/);
  });
});

describe("errors", () => {
  const good = examples.user_login;
  const bytes = codec.encode(good);

  it.each<[string, () => unknown, string, string | undefined]>([
    ["an empty input", () => codec.decode(new Uint8Array()), "MALFORMED", undefined],
    ["a wrong magic", () => codec.decode(Uint8Array.of(0xc3, 0x02, ...bytes.subarray(2))), "MALFORMED", undefined],
    [
      "an unknown fingerprint",
      () => codec.decode(Uint8Array.of(0xc3, 0x01, 1, 2, 3, 4, 5, 6, 7, 8, 0)),
      "UNKNOWN_SCHEMA",
      undefined,
    ],
    ["a truncated body", () => codec.decode(bytes.subarray(0, bytes.length - 3)), "MALFORMED", "/data/ip"],
    ["trailing bytes", () => codec.decode(Uint8Array.of(...bytes, 0)), "MALFORMED", undefined],
    [
      "a varint longer than 10 bytes",
      () => codec.decode(withBody(bytes, Array(11).fill(0xff))),
      "MALFORMED",
      "/event_id",
    ],
    [
      "a string length past the end",
      () => codec.decode(withBody(bytes, [0xfe, 0xff, 0xff, 0xff, 0x0f])),
      "MALFORMED",
      "/event_id",
    ],
    ["a negative string length", () => codec.decode(withBody(bytes, [0x01])), "MALFORMED", "/event_id"],
    ["invalid UTF-8", () => codec.decode(withBody(bytes, [0x04, 0xc3, 0x28])), "MALFORMED", "/event_id"],
    [
      "an empty event_id",
      () => codec.decode(withBody(bytes, [0x00, ...bytes.subarray(11)])),
      "INVALID_ENVELOPE",
      "/event_id",
    ],
    ["an unknown event type", () => codec.encode({ ...good, event_type: "nope" }), "UNKNOWN_EVENT_TYPE", "/event_type"],
    [
      "data with an undeclared field",
      () => codec.encode({ ...good, data: { user_id: "u", ip: "i", admin: true } }),
      "INVALID_DATA",
      "/data/admin",
    ],
    ["data missing a field", () => codec.encode({ ...good, data: { user_id: "u" } }), "INVALID_DATA", "/data/ip"],
    [
      "data of the wrong type",
      () => codec.encode({ ...good, data: { user_id: 1, ip: "i" } }),
      "INVALID_DATA",
      "/data/user_id",
    ],
    [
      "a lone surrogate",
      () => codec.encode({ ...good, data: { user_id: "\ud800", ip: "i" } }),
      "INVALID_DATA",
      "/data/user_id",
    ],
    [
      "a bad timestamp",
      () => codec.encode({ ...good, timestamp: "2023-02-30T00:00:00Z" }),
      "INVALID_ENVELOPE",
      "/timestamp",
    ],
  ])("%s", (_, run, code, path) => {
    const error = refusal(run);
    expect(error.code).toBe(code);
    if (path !== undefined) expect(error.path).toBe(path);
  });

  it("gives paths and event types deep in data", () => {
    const order = examples.order_placed;
    const items = [...(order.data.items as object[]), { sku: "x", quantity: 2 ** 31, unit_price: 1 }];
    const error = refusal(() => codec.encode({ ...order, data: { ...order.data, items } }));
    expect(error).toMatchObject({ code: "INVALID_DATA", path: "/data/items/3/quantity", eventType: "order_placed" });
    const nan = { ...examples.sensor_reading, data: { ...examples.sensor_reading.data, readings: { x: Number.NaN } } };
    expect(refusal(() => codec.encode(nan))).toMatchObject({ path: "/data/readings/x" });
    const symbol = { ...order, data: { ...order.data, status: "LOST" } };
    expect(refusal(() => codec.encode(symbol))).toMatchObject({ path: "/data/status" });
  });

  it("refuses an array block count the input cannot hold, before looping over it", () => {
    const data = { device_id: "d", temperature: 1, battery_pct: 1, online: true, tags: [], readings: {} };
    const encoded = codec.encode({ ...examples.sensor_reading, data });
    // The body ends 00 (tags end), 00 (readings end), 00 (location: the null branch).
    expect(encoded.subarray(-3)).toEqual(Uint8Array.of(0, 0, 0));
    const at = encoded.length - 3;
    const hostile = Uint8Array.of(...encoded.subarray(0, at), 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x20);
    const error = refusal(() => codec.decode(hostile));
    expect(error).toMatchObject({ code: "MALFORMED", path: "/data/tags" });
    expect(error.message).toMatch(/does not fit/);
  });

  it("refuses input over maxBytes with LIMIT_EXCEEDED", () => {
    const small = createAvroCodec({ types: avroSchemas, maxBytes: bytes.length - 1 });
    expect(refusal(() => small.decode(bytes)).code).toBe("LIMIT_EXCEEDED");
    expect(createAvroCodec({ types: avroSchemas, maxBytes: bytes.length }).decode(bytes)).toStrictEqual(good);
  });

  it("refuses invalid schemas when the codec is made", () => {
    expect(() =>
      createAvroCodec({ types: { t: { type: "record", name: "T", fields: [{ name: "x", type: "nope" }] } } }),
    ).toThrowError(/"t"/);
  });
});

/** avsc wants `null`, not a missing key, for an optional field. */
function withNulls(base: AvroType, value: unknown): unknown {
  if (base.typeName === "record") {
    const record = value as Record<string, unknown>;
    return Object.fromEntries(
      (base.fields ?? []).map((f) => [f.name, record[f.name] === undefined ? null : withNulls(f.type, record[f.name])]),
    );
  }
  if (base.typeName === "array") return (value as unknown[]).map((v) => withNulls(base.itemsType as AvroType, v));
  if (base.typeName === "map") {
    const entries = Object.entries(value as Record<string, unknown>);
    return Object.fromEntries(entries.map(([k, v]) => [k, withNulls(base.valuesType as AvroType, v)]));
  }
  if (base.typeName.startsWith("union") && value !== null) {
    return withNulls(base.types?.find((t) => t.typeName !== "null") as AvroType, value);
  }
  return value;
}

describe("generated envelopes", () => {
  it("decode to envelopes that pass the JSON Schema of their type too", () => {
    const sample = fc.sample(envelopeArbitrary(jsonSchemas), { seed: 4, numRuns: 50 });
    for (const e of sample) expect(codec.decode(codec.encode(e)).event_type).toBe(e.event_type);
  });
});
