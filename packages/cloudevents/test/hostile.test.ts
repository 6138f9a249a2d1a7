import type { Codec } from "@eventwire/envelope-core";
import { captureEnvelopeError } from "@eventwire/testkit";
import { describe, expect, it } from "vitest";
import {
  type CloudEventJson,
  fromCloudEvent,
  fromHttp,
  fromHttpBatch,
  fromKafka,
  type HttpMessage,
  type KafkaMessage,
  toCloudEvent,
  toHttp,
  toHttpBatch,
  toKafka,
} from "../src/index.js";
import { codecs, envelopes } from "./codecs.js";

const [json, avro] = codecs as [Codec, Codec];
const login = envelopes[0] as (typeof envelopes)[number];
const utf8 = new TextEncoder();
const event = (changes: Record<string, unknown>, codec = json): CloudEventJson => {
  const out: Record<string, unknown> = { ...toCloudEvent(login, codec), ...changes };
  for (const key of Object.keys(out)) if (out[key] === undefined) delete out[key];
  return out as CloudEventJson;
};
const binary = (headers: Record<string, string>, body: HttpMessage["body"] = '{"user_id":"u","ip":"::1"}') => {
  const message = toHttp(login, json);
  return { headers: { ...message.headers, ...headers }, body };
};
const kafka = (change: Partial<KafkaMessage>, headers: Record<string, unknown> = {}): KafkaMessage => {
  const message = toKafka(login, json);
  return { ...message, ...change, headers: { ...message.headers, ...headers } } as KafkaMessage;
};
const cyclic: Record<string, unknown> = { user_id: "u" };
cyclic.ip = cyclic;
const structured = (body: HttpMessage["body"]) => ({
  headers: { "content-type": "application/cloudevents+json" },
  body,
});
const batch = (body: string) => ({ headers: { "Content-Type": "application/cloudevents-batch+json" }, body });

// [what, run, code, path]: every bad input is an EnvelopeError with a code and a path into the event.
const cases: [string, () => unknown, string, string][] = [
  ["an array for an event", () => fromCloudEvent([] as never, json), "MALFORMED", ""],
  ["no id", () => fromCloudEvent(event({ id: undefined }), json), "INVALID_ENVELOPE", "/id"],
  ["no source", () => fromCloudEvent(event({ source: undefined }), json), "INVALID_ENVELOPE", "/source"],
  ["no type", () => fromCloudEvent(event({ type: undefined }), json), "INVALID_ENVELOPE", "/type"],
  ["no specversion", () => fromCloudEvent(event({ specversion: undefined }), json), "INVALID_ENVELOPE", "/specversion"],
  ["specversion 0.3", () => fromCloudEvent(event({ specversion: "0.3" }), json), "INVALID_ENVELOPE", "/specversion"],
  ["a number for id", () => fromCloudEvent(event({ id: 7 }), json), "INVALID_ENVELOPE", "/id"],
  ["an empty source", () => fromCloudEvent(event({ source: "" }), json), "INVALID_ENVELOPE", "/source"],
  ["a lone surrogate in id", () => fromCloudEvent(event({ id: "a\ud800" }), json), "INVALID_ENVELOPE", "/id"],
  ["no time", () => fromCloudEvent(event({ time: null }), json), "INVALID_ENVELOPE", "/time"],
  ["February 30", () => fromCloudEvent(event({ time: "2026-02-30T00:00:00Z" }), json), "INVALID_ENVELOPE", "/time"],
  [
    "nanoseconds",
    () => fromCloudEvent(event({ time: "2026-01-01T00:00:00.123456789Z" }), json),
    "INVALID_ENVELOPE",
    "/time",
  ],
  [
    "a time with no offset",
    () => fromCloudEvent(event({ time: "2026-01-01T00:00:00" }), json),
    "INVALID_ENVELOPE",
    "/time",
  ],
  ["a leap second", () => fromCloudEvent(event({ time: "2016-12-31T23:59:60Z" }), json), "INVALID_ENVELOPE", "/time"],
  ["a number for time", () => fromCloudEvent(event({ time: 0 }), json), "INVALID_ENVELOPE", "/time"],
  [
    "both data and data_base64",
    () => fromCloudEvent(event({ data_base64: "AA==" }), json),
    "INVALID_ENVELOPE",
    "/data_base64",
  ],
  ["no data", () => fromCloudEvent(event({ data: undefined }), json), "INVALID_ENVELOPE", "/data"],
  [
    "data the schema refuses",
    () => fromCloudEvent(event({ data: { user_id: "u", ip: 1 } }), json),
    "INVALID_DATA",
    "/data/ip",
  ],
  [
    "an undeclared data field",
    () => fromCloudEvent(event({ data: { user_id: "u", ip: "x", admin: true } }), json),
    "INVALID_DATA",
    "/data/admin",
  ],
  ["cyclic data", () => fromCloudEvent(event({ data: cyclic }), json), "INVALID_DATA", "/data"],
  ["an unknown event type", () => fromCloudEvent(event({ type: "nope" }), json), "UNKNOWN_EVENT_TYPE", "/type"],
  [
    "XML for the JSON codec",
    () => fromCloudEvent(event({ datacontenttype: "application/xml" }), json),
    "INVALID_ENVELOPE",
    "/datacontenttype",
  ],
  [
    "JSON for the Avro codec",
    () => fromCloudEvent(event({ datacontenttype: "application/json" }, avro), avro),
    "INVALID_ENVELOPE",
    "/datacontenttype",
  ],
  [
    "no datacontenttype for Avro",
    () => fromCloudEvent(event({ datacontenttype: undefined }, avro), avro),
    "INVALID_ENVELOPE",
    "/datacontenttype",
  ],
  [
    "Avro data in data",
    () => fromCloudEvent(event({ data: "x", data_base64: undefined }, avro), avro),
    "INVALID_ENVELOPE",
    "/data",
  ],
  [
    "data_base64 that is not base64",
    () => fromCloudEvent(event({ data_base64: "A=A=" }, avro), avro),
    "MALFORMED",
    "/data_base64",
  ],
  [
    "data_base64 a number",
    () => fromCloudEvent(event({ data_base64: 5 }, avro), avro),
    "INVALID_ENVELOPE",
    "/data_base64",
  ],
  ["truncated Avro data", () => fromCloudEvent(event({ data_base64: "AA==" }, avro), avro), "MALFORMED", "/data/ip"],
  [
    "an upper-case extension name",
    () => fromCloudEvent(event({ traceParent: "x" }), json),
    "INVALID_ENVELOPE",
    "/traceParent",
  ],
  ["an object extension", () => fromCloudEvent(event({ ext: {} }), json), "INVALID_ENVELOPE", "/ext"],
  ["a fraction extension", () => fromCloudEvent(event({ ext: 1.5 }), json), "INVALID_ENVELOPE", "/ext"],
  ["a 64-bit extension", () => fromCloudEvent(event({ ext: 2 ** 31 }), json), "INVALID_ENVELOPE", "/ext"],
  ["a number for subject", () => fromCloudEvent(event({ subject: 1 }), json), "INVALID_ENVELOPE", "/subject"],
  ["a ce-data header", () => fromHttp(binary({ "ce-data": "{}" }), json), "INVALID_ENVELOPE", "/data"],
  ["%ZZ in a header", () => fromHttp(binary({ "ce-id": "a%ZZ" }), json), "MALFORMED", "/id"],
  ["a % at the end of a header", () => fromHttp(binary({ "ce-id": "a%4" }), json), "MALFORMED", "/id"],
  ["an overlong UTF-8 space", () => fromHttp(binary({ "ce-source": "a%C0%A0b" }), json), "MALFORMED", "/source"],
  ["a lone surrogate, encoded", () => fromHttp(binary({ "ce-source": "%ED%A0%80" }), json), "MALFORMED", "/source"],
  ["raw non-ASCII in a header", () => fromHttp(binary({ "ce-source": "café" }), json), "MALFORMED", "/source"],
  ["an unclosed quoted header", () => fromHttp(binary({ "ce-source": '"abc' }), json), "MALFORMED", "/source"],
  ["a header twice, in two cases", () => fromHttp(binary({ "CE-ID": "x" }), json), "MALFORMED", ""],
  [
    "a percent-encoded time",
    () => fromHttp(binary({ "ce-time": "2026%2D02-30T00:00:00Z" }), json),
    "INVALID_ENVELOPE",
    "/time",
  ],
  ["a JSON number body", () => fromHttp(binary({}, "123"), json), "INVALID_DATA", "/data"],
  ["a body that is not JSON", () => fromHttp(binary({}, "{"), json), "MALFORMED", "/data"],
  ["Avro data in a string body", () => fromHttp({ ...toHttp(login, avro), body: "x" }, avro), "MALFORMED", "/data"],
  ["a number for a body", () => fromHttp({ headers: {}, body: 5 } as never, json), "MALFORMED", ""],
  ["null headers", () => fromHttp({ headers: null, body: "" } as never, json), "MALFORMED", ""],
  ["no ce- headers at all", () => fromHttp({ headers: {}, body: "{}" }, json), "INVALID_ENVELOPE", "/type"],
  ["a structured body that is not JSON", () => fromHttp(structured("{"), json), "MALFORMED", ""],
  ["a structured body not UTF-8", () => fromHttp(structured(Uint8Array.of(0x7b, 0xff)), json), "MALFORMED", ""],
  ["a structured body that is an array", () => fromHttp(structured("[]"), json), "MALFORMED", ""],
  ["a batch given to fromHttp", () => fromHttp(batch("[]"), json), "MALFORMED", ""],
  [
    "an XML event format",
    () => fromHttp({ headers: { "content-type": "application/cloudevents+xml" }, body: "" }, json),
    "MALFORMED",
    "",
  ],
  ["a batch that is an object", () => fromHttpBatch(batch("{}"), json), "MALFORMED", ""],
  [
    "a batch with a bad time at 1",
    () => fromHttpBatch(batch(JSON.stringify([event({}), event({ time: "x" })])), json),
    "INVALID_ENVELOPE",
    "/1/time",
  ],
  [
    "a batch with bad data at 0",
    () => fromHttpBatch(batch(JSON.stringify([event({ data: { ip: 1 } })])), json),
    "INVALID_DATA",
    "/0/data/user_id",
  ],
  ["a single event given to fromHttpBatch", () => fromHttpBatch(structured("{}"), json), "MALFORMED", ""],
  ["a Kafka value that is a string", () => fromKafka(kafka({ value: "{}" as never }), json), "MALFORMED", ""],
  ["a Kafka header that is a number", () => fromKafka(kafka({}, { ce_source: 5 }), json), "MALFORMED", "/source"],
  [
    "Kafka header bytes not UTF-8",
    () => fromKafka(kafka({}, { ce_id: Uint8Array.of(0xff) }), json),
    "MALFORMED",
    "/id",
  ],
  [
    "ce_datacontenttype against content-type",
    () => fromKafka(kafka({}, { ce_datacontenttype: "text/xml" }), json),
    "INVALID_ENVELOPE",
    "/datacontenttype",
  ],
  [
    "a Kafka structured value not JSON",
    () => fromKafka(kafka({ value: utf8.encode("{") }, { "content-type": "application/cloudevents+json" }), json),
    "MALFORMED",
    "",
  ],
  [
    "Kafka data the schema refuses",
    () => fromKafka(kafka({ value: utf8.encode("{}") }), json),
    "INVALID_DATA",
    "/data/user_id",
  ],
  [
    "writing a time finer than microseconds",
    () => toCloudEvent({ ...login, timestamp: "2026-01-01T00:00:00.0000001Z" }, json),
    "INVALID_ENVELOPE",
    "/timestamp",
  ],
  [
    "writing data the schema refuses",
    () => toHttp({ ...login, data: { user_id: 1 } }, avro),
    "INVALID_DATA",
    "/data/user_id",
  ],
  [
    "writing an extension named id",
    () => toHttp(login, json, { extensions: { id: "x" } }),
    "INVALID_ENVELOPE",
    "/extensions/id",
  ],
  [
    "writing a batch with bad data at 1",
    () => toHttpBatch([login, { ...login, data: {} }], json),
    "INVALID_DATA",
    "/1/data/user_id",
  ],
  ["writing an unknown mode", () => toKafka(login, json, { mode: "batch" as never }), "INVALID_ENVELOPE", ""],
];

describe("hostile input: an EnvelopeError with a code and a path, never a crash", () => {
  it.each(cases)("%s", (_, run, code, path) => {
    const error = captureEnvelopeError(run);
    expect({ code: error.code, path: error.path ?? "" }).toEqual({ code, path });
  });

  it("names the event type once it is known", () => {
    expect(captureEnvelopeError(() => fromCloudEvent(event({ time: "x" }), json)).eventType).toBe("user_login");
    expect(captureEnvelopeError(() => fromHttp(binary({}, "{}"), json)).eventType).toBe("user_login");
  });

  it("refuses a megabyte of broken percent-encoding at once, quoting only its start", () => {
    const error = captureEnvelopeError(() => fromHttp(binary({ "ce-id": `${"%41".repeat(350_000)}%` }), json));
    expect(error.code).toBe("MALFORMED");
    expect(error.message.length).toBeLessThan(300);
  });
});
