import { readFileSync } from "node:fs";
import { CloudEvent, type CloudEventV1, HTTP, Kafka } from "cloudevents";
import { describe, expect, it } from "vitest";
import { fromHttp, toHttp, toKafka } from "../src/index.js";
import { codecs, envelopes } from "./codecs.js";
import { httpFromSdk, httpToSdk, kafkaToSdk, sdkEventOf } from "./sdk.js";

const list = JSON.parse(readFileSync(new URL("known-sdk-defects.json", import.meta.url), "utf8")) as {
  defects: { id: string }[];
};
const [json, avro] = codecs as [(typeof codecs)[number], (typeof codecs)[number]];
const envelope = envelopes[0] as (typeof envelopes)[number];
const micros = "2026-11-27T06:11:13.146100Z";
// Not strict: the SDK refuses a source that is not a URI-reference, and these probe its writers.
const event = (changes: object) => new CloudEvent({ ...sdkEventOf(envelope, json), ...changes }, false);
const binaryHeaders = () => ({ ...toHttp(envelope, json).headers });

/** Each defect of the list, shown still present in the SDK: a test fails when the SDK fixes it. */
const stillPresent: Record<string, () => void> = {
  "time-cut-to-milliseconds": () => {
    expect(HTTP.binary(event({ time: micros })).headers["ce-time"]).toBe("2026-11-27T06:11:13.146Z");
    const read = HTTP.toEvent(httpToSdk(toHttp({ ...envelope, timestamp: micros }, json))) as CloudEventV1<unknown>;
    expect(read.time).toBe("2026-11-27T06:11:13.146Z");
    expect(Kafka.binary(event({ time: micros }) as never).headers.ce_time).toBe(micros);
  },
  "http-headers-not-percent-encoded": () => {
    expect(HTTP.binary(event({ source: "café 1" })).headers["ce-source"]).toBe("café 1");
    const ours = toHttp({ ...envelope, source: "café 1" }, json);
    expect(ours.headers["ce-source"]).toBe("caf%C3%A9%201");
    expect((HTTP.toEvent(httpToSdk(ours)) as CloudEventV1<unknown>).source).toBe("caf%C3%A9%201");
  },
  "structured-content-type-with-charset-refused": () => {
    const message = toHttp(envelope, json, { mode: "structured" });
    const withCharset = { ...message, headers: { "content-type": "application/cloudevents+json; charset=UTF-8" } };
    expect(() => HTTP.toEvent(httpToSdk(withCharset))).toThrow(/invalid content type/);
    expect(fromHttp(withCharset, json)).toEqual(fromHttp(message, json));
  },
  "structured-base64-data-as-uint32array": () => {
    const read = HTTP.toEvent(httpToSdk(toHttp(envelope, avro, { mode: "structured" }))) as CloudEventV1<unknown>;
    expect(read.data).toBeInstanceOf(Uint32Array);
  },
  "invalid-time-becomes-now": () => {
    const read = HTTP.toEvent(httpToSdk({ headers: { ...binaryHeaders(), "ce-time": "garbage" }, body: "{}" }));
    const time = (read as CloudEventV1<unknown>).time ?? "";
    expect(time).not.toBe("garbage");
    expect(Number.isNaN(Date.parse(time))).toBe(false);
  },
  "json-number-body-read-as-string": () => {
    const read = HTTP.toEvent(httpToSdk({ headers: binaryHeaders(), body: "123" })) as CloudEventV1<unknown>;
    expect(read.data).toBe("123");
  },
  "kafka-binary-json-value-is-an-object": () => {
    const message = Kafka.binary(event({}) as never);
    expect(message.value).toEqual(envelope.data);
    expect(message.value).not.toBeInstanceOf(Uint8Array);
  },
  "kafka-binary-extra-headers": () => {
    const { headers } = Kafka.binary(event({}) as never);
    expect(Object.hasOwn(headers, "ce_subject")).toBe(true);
    expect(headers.ce_subject).toBeUndefined();
    expect(headers.ce_datacontenttype).toBe(headers["content-type"]);
  },
  "kafka-toevent-needs-string-headers": () => {
    const message = kafkaToSdk(toKafka(envelope, json));
    const buffers = Object.fromEntries(Object.entries(message.headers).map(([k, v]) => [k, Buffer.from(String(v))]));
    expect(() => Kafka.toEvent({ ...message, headers: buffers } as never)).toThrow(TypeError);
  },
};

describe("known cloudevents SDK defects (known-sdk-defects.json)", () => {
  it("every listed defect has a test here, and every test here a listed defect", () => {
    expect(list.defects.map((defect) => defect.id).sort()).toEqual(Object.keys(stillPresent).sort());
  });

  it.each(list.defects.map((defect) => [defect.id]))("%s: still present", (id) => {
    stillPresent[id]?.();
  });
});

it("the interop adapters turn an SDK message into what a client would receive", () => {
  expect(httpFromSdk(HTTP.binary(event({}))).headers["ce-id"]).toBe(envelope.event_id);
});
