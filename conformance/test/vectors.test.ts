import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { canonicalEnvelope, type Envelope } from "@eventwire/envelope-core";
import { exampleEnvelopes, type InvalidVector, loadVectors, SCHEMA_DIR, type ValidVector } from "@eventwire/schemas";
import {
  askApacheAvro,
  avroRecordOf,
  createExampleCodecs,
  FORMATS,
  protocEncode,
  vectorChecks,
} from "@eventwire/testkit";
import { describe, expect, it } from "vitest";

// schemas/vectors/*.json are checked in; every run makes them again from the reference tools and
// checks that they still make exactly the checked-in bytes. This test never writes them: a
// missing or changed file is a failure, and its diff is what to review and check in by hand.
const codecs = createExampleCodecs();
const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString("hex");

const examples = exampleEnvelopes(7);
const edgeCases: [string, Envelope][] = [
  ["user_login", examples.user_login],
  ["order_placed", examples.order_placed],
  ["sensor_reading", examples.sensor_reading],
  ["log_batch", examples.log_batch],
  [
    "earliest time, Unicode and escapes",
    {
      event_id: "ключ-🔑",
      event_type: "user_login",
      timestamp: "0001-01-01T00:00:00Z",
      source: "a",
      data: { user_id: "", ip: '\u0000\n"\\\u2028' },
    },
  ],
  [
    "latest time to the microsecond",
    { ...examples.user_login, event_id: "last", timestamp: "9999-12-31T23:59:59.999999Z" },
  ],
  [
    "before 1970, outside JavaScript's safe microseconds",
    { ...examples.user_login, event_id: "old", timestamp: "1600-02-29T12:00:00.000001Z" },
  ],
  [
    "number edges",
    {
      ...examples.sensor_reading,
      event_id: "numbers",
      data: {
        device_id: "d",
        temperature: -1e308,
        humidity: 5e-324,
        battery_pct: -2147483648,
        online: false,
        tags: [],
        readings: { max: 1.7976931348623157e308, tiny: -2.2250738585072014e-308, third: 1 / 3 },
      },
    },
  ],
  [
    "map keys that trip naive code, optional fields not set",
    {
      ...examples.order_placed,
      event_id: "keys",
      data: {
        order_id: "o",
        customer: { customer_id: "c", vip: false },
        items: [],
        status: "CANCELLED",
        total: 0,
        metadata: Object.fromEntries([
          ["__proto__", "p"],
          ["constructor", "c"],
          ["", "empty key"],
        ]),
      },
    },
  ],
];

function makeValid(): { source: string; cases: ValidVector[] } {
  const envelopes = edgeCases.map(([, e]) => canonicalEnvelope(e));
  const writer = (e: Envelope) => codecs.avro.writerSchemas.get(e.event_type)?.[0];
  const avro = askApacheAvro({
    encode: envelopes.map((e) => ({ schema: writer(e)?.schema, record: avroRecordOf(e) })),
  });
  const protobuf = protocEncode(envelopes);
  return {
    source:
      "json: the JSON codec's canonical text, read back by Python's json to the same object; avro: C3 01, the CRC-64-AVRO fingerprint, then the body that Apache Avro 1.11.1 (Debian python3-avro, DatumWriter) writes; protobuf: Debian protoc 3.21 --encode --deterministic_output of the envelope written by hand in text format",
    cases: envelopes.map((envelope, i) => ({
      name: edgeCases[i]?.[0] ?? "",
      envelope: envelope as ValidVector["envelope"],
      json: codecs.json.encodeText?.(envelope) ?? "",
      avro: `c301${hex(writer(envelope)?.fingerprint ?? new Uint8Array())}${Buffer.from(avro.encode[i] ?? "", "base64").toString("hex")}`,
      protobuf: hex(protobuf[i] ?? new Uint8Array()),
    })),
  };
}

function makeInvalid(valid: ValidVector[]): { source: string; cases: InvalidVector[] } {
  const login = valid[0] as ValidVector;
  const text = (s: string) => hex(new TextEncoder().encode(s));
  const json = (patch: Record<string, unknown>) => text(JSON.stringify({ ...login.envelope, ...patch }));
  const avro = login.avro;
  const proto = login.protobuf;
  const cases: InvalidVector[] = [
    { name: "invalid UTF-8", codec: "json", input: `7b${"ff"}7d`, code: "MALFORMED" },
    { name: "truncated JSON", codec: "json", input: text(login.json.slice(0, 40)), code: "MALFORMED" },
    { name: "an array", codec: "json", input: text("[]"), code: "INVALID_ENVELOPE", path: "" },
    {
      name: "an unknown event type",
      codec: "json",
      input: json({ event_type: "nope" }),
      code: "UNKNOWN_EVENT_TYPE",
      path: "/event_type",
    },
    {
      name: "a leap second",
      codec: "json",
      input: json({ timestamp: "2016-12-31T23:59:60Z" }),
      code: "INVALID_ENVELOPE",
      path: "/timestamp",
    },
    {
      name: "nanoseconds",
      codec: "json",
      input: json({ timestamp: "2016-12-31T23:59:59.123456789Z" }),
      code: "INVALID_ENVELOPE",
      path: "/timestamp",
    },
    {
      name: "an undeclared data field",
      codec: "json",
      input: json({ data: { user_id: "u", ip: "i", admin: true } }),
      code: "INVALID_DATA",
      path: "/data/admin",
    },
    {
      name: "1e400",
      codec: "json",
      input: text(JSON.stringify({ ...login.envelope, data: "X" }).replace('"X"', '{"user_id":"u","ip":1e400}')),
      code: "INVALID_DATA",
      path: "/data/ip",
    },
    {
      name: "an unknown fingerprint",
      codec: "avro",
      input: `c301${"00".repeat(8)}${avro.slice(20)}`,
      code: "UNKNOWN_SCHEMA",
    },
    { name: "not single-object encoding", codec: "avro", input: `c302${avro.slice(4)}`, code: "MALFORMED" },
    { name: "a truncated body", codec: "avro", input: avro.slice(0, avro.length - 6), code: "MALFORMED" },
    { name: "trailing bytes", codec: "avro", input: `${avro}00`, code: "MALFORMED" },
    {
      name: "a string length past the end",
      codec: "avro",
      input: `${avro.slice(0, 20)}feffffff0f`,
      code: "MALFORMED",
      path: "/event_id",
    },
    {
      name: "invalid UTF-8 in a string",
      codec: "avro",
      input: `${avro.slice(0, 20)}04c328`,
      code: "MALFORMED",
      path: "/event_id",
    },
    { name: "a truncated message", codec: "protobuf", input: proto.slice(0, proto.length - 4), code: "MALFORMED" },
    { name: "field number 0", codec: "protobuf", input: `0000${proto}`, code: "MALFORMED" },
    { name: "a wire type that does not exist", codec: "protobuf", input: `0e${proto}`, code: "MALFORMED" },
    { name: "a length past the end", codec: "protobuf", input: "0affffffff07", code: "MALFORMED", path: "/event_id" },
    { name: "invalid UTF-8 in event_id", codec: "protobuf", input: "0a02c328", code: "MALFORMED", path: "/event_id" },
    {
      name: "nanoseconds in the timestamp",
      codec: "protobuf",
      input: "0a01611201611a021001220161",
      code: "INVALID_ENVELOPE",
      path: "/timestamp",
    },
    {
      name: "an unknown event type",
      codec: "protobuf",
      input: `0a01611204${text("nope")}1a00220161`,
      code: "UNKNOWN_EVENT_TYPE",
      path: "/event_type",
    },
  ];
  return { source: "made by hand from the valid user_login vector (conformance/test/vectors.test.ts)", cases };
}

const valid = makeValid();
const invalid = makeInvalid(valid.cases);
const files = ["valid.json", "invalid.json"].map((name) => `${SCHEMA_DIR}vectors/${name}`);
const present = files.every((file) => existsSync(file));
const checkedIn = present ? loadVectors() : undefined;

describe("schemas/vectors", () => {
  it("are checked in (never made by this test)", () => {
    expect(files.filter((file) => !existsSync(file))).toEqual([]);
  });

  it("are what the reference tools make today", () => {
    expect(checkedIn?.valid).toEqual(JSON.parse(JSON.stringify(valid)));
    expect(checkedIn?.invalid).toEqual(JSON.parse(JSON.stringify(invalid)));
  });

  it("JSON vectors read back with Python's json to the same objects", () => {
    const script = "import json,sys; print(json.dumps([json.loads(t) for t in json.load(sys.stdin)]))";
    const out = execFileSync("/usr/bin/python3", ["-c", script], {
      input: JSON.stringify(valid.cases.map((c) => c.json)),
    });
    expect(JSON.parse(out.toString())).toEqual(valid.cases.map((c) => c.envelope));
  });

  for (const name of FORMATS) {
    // Without the files there is nothing to check against; the test above fails.
    for (const check of checkedIn === undefined ? [] : vectorChecks(codecs[name], checkedIn)) it(check.name, check.run);
  }
});
