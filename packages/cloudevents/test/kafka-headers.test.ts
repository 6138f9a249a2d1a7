import { captureEnvelopeError } from "@eventwire/testkit";
import { describe, expect, it } from "vitest";
import { envelopeHeadOfKafka, kafkaHeadersOf } from "../src/index.js";

const envelope = {
  event_id: "e-1",
  event_type: "user_login",
  timestamp: "2026-11-27T06:11:13.1234560+01:00",
  source: "auth ✓",
  data: {},
};
const utf8 = new TextEncoder();

describe("kafkaHeadersOf", () => {
  it("writes the binary-mode headers, the time canonical with its microseconds", () => {
    expect(kafkaHeadersOf(envelope, "application/avro", { traceparent: "00-ab", retries: 2 })).toEqual({
      ce_id: "e-1",
      ce_type: "user_login",
      ce_source: "auth ✓",
      ce_time: "2026-11-27T05:11:13.123456Z",
      ce_specversion: "1.0",
      "content-type": "application/avro",
      ce_traceparent: "00-ab",
      ce_retries: "2",
    });
  });

  it("refuses an invalid header field or extension name", () => {
    expect(captureEnvelopeError(() => kafkaHeadersOf({ ...envelope, event_id: "" }, "application/json"))).toMatchObject(
      {
        code: "INVALID_ENVELOPE",
        path: "/event_id",
      },
    );
    expect(captureEnvelopeError(() => kafkaHeadersOf(envelope, "application/json", { Bad: "x" }))).toMatchObject({
      code: "INVALID_ENVELOPE",
      path: "/extensions/Bad",
    });
  });
});

describe("envelopeHeadOfKafka", () => {
  it("reads what kafkaHeadersOf writes, as strings or UTF-8 bytes, names in any case", () => {
    const headers = kafkaHeadersOf(envelope, "application/protobuf");
    const bytes = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toUpperCase(), utf8.encode(v)]));
    const head = {
      event_id: "e-1",
      event_type: "user_login",
      timestamp: "2026-11-27T05:11:13.123456Z",
      source: "auth ✓",
      contentType: "application/protobuf",
    };
    expect(envelopeHeadOfKafka(headers)).toEqual(head);
    expect(envelopeHeadOfKafka(bytes)).toEqual(head);
  });

  it.each([
    ["a missing ce_id", { ce_id: undefined }, "INVALID_ENVELOPE", "/id"],
    ["a wrong specversion", { ce_specversion: "0.3" }, "INVALID_ENVELOPE", "/specversion"],
    ["an invalid time", { ce_time: "2026-02-30T00:00:00Z" }, "INVALID_ENVELOPE", "/time"],
    ["a time finer than microseconds", { ce_time: "2026-01-01T00:00:00.1234567Z" }, "INVALID_ENVELOPE", "/time"],
    ["no content-type", { "content-type": undefined }, "INVALID_ENVELOPE", "/datacontenttype"],
    ["invalid UTF-8", { ce_source: Uint8Array.of(0xc0, 0xa0) }, "MALFORMED", "/source"],
    ["a name given twice", { CE_ID: "other" }, "MALFORMED", ""],
    ["an invalid extension name", { "ce_my-ext": "x" }, "INVALID_ENVELOPE", "/my-ext"],
  ])("refuses %s", (_, change, code, path) => {
    const headers: Record<string, string | Uint8Array | undefined> = {
      ...kafkaHeadersOf(envelope, "application/json"),
      ...change,
    };
    for (const key of Object.keys(headers)) if (headers[key] === undefined) delete headers[key];
    const error = captureEnvelopeError(() => envelopeHeadOfKafka(headers as Record<string, string | Uint8Array>));
    expect(error).toMatchObject({ code, path });
  });
});
