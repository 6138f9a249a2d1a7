// schemas/vectors made from the reference tools: protoc for Protobuf, Apache Avro for the Avro body,
// the JSON codec's text (read back by Python's json in vectors.test.ts) for JSON. Nothing here
// writes a file: vectors.test.ts compares this with the checked-in files.
import { canonicalEnvelope, type Envelope } from "@eventwire/envelope-core";
import type { InvalidVector, ValidVector } from "@eventwire/schemas";
import { askApacheAvro, avroRecordOf, createExampleCodecs, protocEncode } from "@eventwire/testkit";
import { VALID_CASES } from "./vector-cases.js";

const codecs = createExampleCodecs();
const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString("hex");

/** The vectors as the reference tools make them today, in the layout of `valid.json` and `invalid.json`. */
export function makeVectors(): {
  valid: { source: string; cases: ValidVector[] };
  invalid: { source: string; cases: InvalidVector[] };
} {
  const valid = makeValid();
  return { valid, invalid: makeInvalid(valid.cases) };
}

function makeValid(): { source: string; cases: ValidVector[] } {
  const envelopes = VALID_CASES.map(([, e]) => canonicalEnvelope(e));
  const writer = (e: Envelope) => codecs.avro.writerSchemas.get(e.event_type)?.[0];
  const avro = askApacheAvro({
    encode: envelopes.map((e) => ({ schema: writer(e)?.schema, record: avroRecordOf(e) })),
  });
  const protobuf = protocEncode(envelopes);
  return {
    source:
      "json: the JSON codec's canonical text, read back by Python's json to the same object; avro: C3 01, the CRC-64-AVRO fingerprint, then the body that Apache Avro 1.11.1 (Debian python3-avro, DatumWriter) writes; protobuf: Debian protoc 3.21 --encode --deterministic_output of the envelope written by hand in text format",
    cases: envelopes.map((envelope, i) => ({
      name: VALID_CASES[i]?.[0] ?? "",
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
