import { createEnvelope, type Envelope, EnvelopeError, isEnvelopeError } from "@eventwire/envelope-core";
import { codecLaws, type SharedSchema } from "@eventwire/envelope-core/testing";
import { exampleEnvelopes, loadJsonSchemas } from "@eventwire/schemas";
import { captureEnvelopeError } from "@eventwire/testkit";
import { describe, expect, it } from "vitest";
import { createJsonCodec } from "./index.js";

const schemas = loadJsonSchemas();
const codec = createJsonCodec({ types: schemas });
const examples = exampleEnvelopes();

const refusal = captureEnvelopeError;

describe("codec laws", () => {
  for (const law of codecLaws(codec, {
    types: schemas as Record<string, SharedSchema>,
    numRuns: 1000,
    seed: 1,
    examples: Object.values(examples),
  })) {
    it(law.name, law.run);
  }
});

describe("wire format", () => {
  it("writes the five keys in order with no white space and a canonical timestamp", () => {
    const e = createEnvelope({
      event_id: "e-1",
      event_type: "user_login",
      source: "auth",
      timestamp: "2023-09-15T14:34:56.120000+02:00",
      data: { user_id: "u1", ip: "::1" },
    });
    expect(codec.encodeText(e)).toBe(
      '{"event_id":"e-1","event_type":"user_login","timestamp":"2023-09-15T12:34:56.120Z","source":"auth","data":{"user_id":"u1","ip":"::1"}}',
    );
  });

  it("decodes any valid RFC 3339 timestamp to the canonical one", () => {
    const decoded = codec.decodeText(
      '{"event_id":"e","event_type":"user_login","timestamp":"2023-09-15t12:34:56.100000000z","source":"s","data":{"user_id":"u","ip":"i"}}',
    );
    expect(decoded.timestamp).toBe("2023-09-15T12:34:56.100Z");
  });

  it("round-trips the example envelopes", () => {
    for (const e of Object.values(examples)) expect(codec.decode(codec.encode(e))).toStrictEqual(e);
  });

  it("accepts a leading BOM, as UTF-8 JSON text may carry one", () => {
    const bytes = codec.encode(examples.user_login);
    expect(codec.decode(Uint8Array.of(0xef, 0xbb, 0xbf, ...bytes))).toStrictEqual(examples.user_login);
  });
});

describe("errors", () => {
  const good = examples.user_login;
  const json = (patch: Record<string, unknown>) => JSON.stringify({ ...good, ...patch });

  it.each<[string, () => unknown, string, string | undefined]>([
    ["invalid UTF-8", () => codec.decode(Uint8Array.of(0x7b, 0xff, 0x7d)), "MALFORMED", undefined],
    ["truncated JSON", () => codec.decode(codec.encode(good).subarray(0, 20)), "MALFORMED", undefined],
    ["an empty input", () => codec.decode(new Uint8Array()), "MALFORMED", undefined],
    ["a JSON array", () => codec.decodeText("[1,2]"), "INVALID_ENVELOPE", ""],
    ["a JSON string", () => codec.decodeText('"x"'), "INVALID_ENVELOPE", ""],
    ["null", () => codec.decodeText("null"), "INVALID_ENVELOPE", ""],
    [
      "a missing event_type",
      () => codec.decodeText(json({ event_type: undefined })),
      "INVALID_ENVELOPE",
      "/event_type",
    ],
    [
      "an unknown event_type",
      () => codec.decodeText(json({ event_type: "nope" })),
      "UNKNOWN_EVENT_TYPE",
      "/event_type",
    ],
    ["an empty event_id", () => codec.decodeText(json({ event_id: "" })), "INVALID_ENVELOPE", "/event_id"],
    ["a numeric source", () => codec.decodeText(json({ source: 7 })), "INVALID_ENVELOPE", "/source"],
    ["a missing source", () => codec.decodeText(json({ source: undefined })), "INVALID_ENVELOPE", "/source"],
    ["an extra envelope field", () => codec.decodeText(json({ extra: 1 })), "INVALID_ENVELOPE", "/extra"],
    [
      "a timestamp without offset",
      () => codec.decodeText(json({ timestamp: "2023-09-15T12:34:56" })),
      "INVALID_ENVELOPE",
      "/timestamp",
    ],
    ["Feb 30", () => codec.decodeText(json({ timestamp: "2023-02-30T12:34:56Z" })), "INVALID_ENVELOPE", "/timestamp"],
    [
      "nanoseconds",
      () => codec.decodeText(json({ timestamp: "2023-02-03T12:34:56.123456789Z" })),
      "INVALID_ENVELOPE",
      "/timestamp",
    ],
    [
      "a wrong data type",
      () => codec.decodeText(json({ data: { user_id: 1, ip: "x" } })),
      "INVALID_DATA",
      "/data/user_id",
    ],
    ["a missing data field", () => codec.decodeText(json({ data: { user_id: "u" } })), "INVALID_DATA", "/data/ip"],
    [
      "an undeclared data field",
      () => codec.decodeText(json({ data: { user_id: "u", ip: "i", admin: true } })),
      "INVALID_DATA",
      "/data/admin",
    ],
    ["data that is not an object", () => codec.decodeText(json({ data: [] })), "INVALID_DATA", "/data"],
    [
      "a non-finite number (1e400)",
      () =>
        codec.decodeText(
          json({ event_type: "sensor_reading", data: "X" }).replace(
            '"X"',
            '{"device_id":"d","temperature":1e400,"battery_pct":1,"online":true,"tags":[],"readings":{}}',
          ),
        ),
      "INVALID_DATA",
      "/data/temperature",
    ],
    [
      "a fractional int",
      () =>
        codec.decodeText(
          json({
            event_type: "sensor_reading",
            data: { device_id: "d", temperature: 1, battery_pct: 1.5, online: true, tags: [], readings: {} },
          }),
        ),
      "INVALID_DATA",
      "/data/battery_pct",
    ],
    [
      "an int out of 32-bit range",
      () =>
        codec.decodeText(
          json({
            event_type: "sensor_reading",
            data: { device_id: "d", temperature: 1, battery_pct: 2 ** 31, online: true, tags: [], readings: {} },
          }),
        ),
      "INVALID_DATA",
      "/data/battery_pct",
    ],
    [
      "an unknown enum symbol",
      () =>
        codec.decodeText(json({ event_type: "order_placed", data: { ...examples.order_placed.data, status: "LOST" } })),
      "INVALID_DATA",
      "/data/status",
    ],
    [
      "deep nesting",
      () => codec.decodeText(json({ data: "X" }).replace('"X"', `${"[".repeat(100_000)}${"]".repeat(100_000)}`)),
      "INVALID_DATA",
      "/data",
    ],
  ])("%s", (_, run, code, path) => {
    const error = refusal(run);
    expect(error.code).toBe(code);
    expect(error.name).toBe("EnvelopeError");
    if (path !== undefined) expect(error.path).toBe(path);
  });

  it("names the event type in data errors", () => {
    const error = refusal(() => codec.decodeText(json({ data: { user_id: 1, ip: "x" } })));
    expect(error.eventType).toBe("user_login");
    expect(error.message).toContain("user_login");
  });

  it("refuses bad envelopes on encode too, with the same codes", () => {
    expect(refusal(() => codec.encode({ ...good, data: { user_id: "u", ip: "i", extra: 1 } })).code).toBe(
      "INVALID_DATA",
    );
    expect(refusal(() => codec.encode({ ...good, event_type: "nope" })).code).toBe("UNKNOWN_EVENT_TYPE");
    expect(refusal(() => codec.encode({ ...good, timestamp: "2023-09-15T12:34:56.1234567Z" })).code).toBe(
      "INVALID_ENVELOPE",
    );
    expect(refusal(() => codec.encode({ ...good, event_id: "" })).code).toBe("INVALID_ENVELOPE");
    expect(refusal(() => codec.encode({ ...good, extra: 1 } as Envelope)).code).toBe("INVALID_ENVELOPE");
    const nan = { ...examples.sensor_reading, data: { ...examples.sensor_reading.data, temperature: Number.NaN } };
    expect(refusal(() => codec.encode(nan)).path).toBe("/data/temperature");
  });

  it("gives LIMIT_EXCEEDED over maxBytes, before reading the input", () => {
    const small = createJsonCodec({ types: schemas, maxBytes: 100 });
    const bytes = codec.encode(examples.order_placed);
    expect(refusal(() => small.decode(bytes)).code).toBe("LIMIT_EXCEEDED");
    expect(refusal(() => small.decodeText(codec.encodeText(examples.order_placed))).code).toBe("LIMIT_EXCEEDED");
    const exact = createJsonCodec({ types: schemas, maxBytes: codec.encode(good).length });
    expect(exact.decode(codec.encode(good))).toStrictEqual(good);
  });

  it("never lets __proto__ or constructor keys touch a prototype", () => {
    const hostile = `{"event_id":"e","event_type":"order_placed","timestamp":"2023-01-01T00:00:00Z","source":"s","data":${JSON.stringify(
      examples.order_placed.data,
    ).replace('"metadata":{', '"metadata":{"__proto__":{"polluted":"yes"},"constructor":"c",')}}`;
    const error = refusal(() => codec.decodeText(hostile));
    expect(error.code).toBe("INVALID_DATA");
    expect(error.path).toBe("/data/metadata/__proto__");
    const stringValued = hostile.replace('"__proto__":{"polluted":"yes"}', '"__proto__":"p"');
    const decoded = codec.decodeText(stringValued).data as { metadata: Record<string, string> };
    expect(Object.hasOwn(decoded.metadata, "__proto__")).toBe(true);
    expect(Object.getPrototypeOf(decoded.metadata)).toBe(Object.prototype);
    expect(decoded.metadata.constructor).toBe("c");
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(JSON.parse(codec.encodeText(codec.decodeText(stringValued))).data.metadata).toHaveProperty(
      ["__proto__"],
      "p",
    );
  });
});

describe("unknownTypes: accept", () => {
  const open = createJsonCodec({ types: schemas, unknownTypes: "accept", maxDepth: 8 });
  const other = { ...examples.user_login, event_type: "anything", data: { a: [1, null, { b: "c" }] } };

  it("carries any plain JSON data, null included, for types it has no schema for", () => {
    expect(open.decode(open.encode(other))).toStrictEqual(other);
    expect(open.decode(open.encode({ ...other, data: null }))).toStrictEqual({ ...other, data: null });
  });

  it("still validates the types it knows", () => {
    expect(refusal(() => open.encode({ ...examples.user_login, data: {} })).code).toBe("INVALID_DATA");
  });

  it("refuses data nested deeper than maxDepth, and what JSON cannot carry", () => {
    const deep = JSON.parse(`${"[".repeat(9)}${"]".repeat(9)}`);
    expect(refusal(() => open.encode({ ...other, data: deep })).code).toBe("LIMIT_EXCEEDED");
    expect(refusal(() => open.decodeText(open.encodeText(other).replace('"c"', "[[[[[[[[1]]]]]]]]"))).code).toBe(
      "LIMIT_EXCEEDED",
    );
    expect(refusal(() => open.encode({ ...other, data: { when: new Date() } })).path).toBe("/data/when");
    expect(refusal(() => open.encode({ ...other, data: { n: Number.POSITIVE_INFINITY } })).path).toBe("/data/n");
    expect(refusal(() => open.encode({ ...other, data: { f: () => 1 } })).code).toBe("INVALID_DATA");
  });
});

describe("typed events", () => {
  interface Events {
    user_login: { user_id: string; ip: string };
  }
  it("narrows data by event_type", () => {
    const typed = createJsonCodec<Events>({ types: { user_login: schemas.user_login } });
    const e = typed.decode(typed.encode(examples.user_login as never));
    if (e.event_type === "user_login") expect(e.data.ip).toBe("203.0.113.42");
  });
});

describe("construction", () => {
  it("refuses a schema that does not compile, naming the event type", () => {
    expect(() => createJsonCodec({ types: { broken: { type: "nonsense" } } })).toThrowError(/"broken"/);
  });
  it("is an EnvelopeError everywhere with a name guard", () => {
    expect(isEnvelopeError(new EnvelopeError("MALFORMED", "x"))).toBe(true);
    expect(isEnvelopeError(new Error("x"))).toBe(false);
  });
});
