import type { Codec, Envelope } from "@eventwire/envelope-core";
import { type CloudEventV1, HTTP, Kafka } from "cloudevents";
import { describe, expect, it } from "vitest";
import { fromHttp, fromHttpBatch, fromKafka, toHttp, toHttpBatch, toKafka } from "../src/index.js";
import { codecs, envelopes, truncateToMillis } from "./codecs.js";
import { httpFromSdk, httpToSdk, kafkaFromSdk, kafkaToSdk, sdkDataBytes, sdkEventOf } from "./sdk.js";

const modes = ["binary", "structured"] as const;

/** What the SDK read must hold: every attribute, the time cut to milliseconds, the same data. */
function expectSdkEvent(event: CloudEventV1<unknown>, envelope: Envelope, codec: Codec, cutsTime = true): void {
  expect({
    specversion: event.specversion,
    id: event.id,
    type: event.type,
    source: event.source,
    time: event.time,
    datacontenttype: event.datacontenttype,
  }).toEqual({
    specversion: "1.0",
    id: envelope.event_id,
    type: envelope.event_type,
    source: envelope.source,
    time: cutsTime ? truncateToMillis(envelope.timestamp) : envelope.timestamp,
    datacontenttype: codec.dataContentType,
  });
  if (codec.name === "json") expect(event.data).toEqual(envelope.data);
  else expect(codec.decodeData(envelope.event_type, sdkDataBytes(event))).toEqual(envelope.data);
}

/** What eventwire reads of an SDK message: the envelope, its time as the SDK cut it. */
function sdkTruncated(envelope: Envelope): Envelope {
  return { ...envelope, timestamp: truncateToMillis(envelope.timestamp) };
}

describe.each(codecs.map((codec) => [codec.name, codec] as const))("%s codec", (_, codec) => {
  describe.each(modes)("%s mode", (mode) => {
    it("the SDK's HTTP.toEvent reads what toHttp writes", () => {
      for (const envelope of envelopes) {
        const event = HTTP.toEvent(httpToSdk(toHttp(envelope, codec, { mode }))) as CloudEventV1<unknown>;
        expectSdkEvent(event, envelope, codec);
      }
    });

    it(`fromHttp reads what the SDK's HTTP.${mode} writes`, () => {
      for (const envelope of envelopes) {
        const message = HTTP[mode](sdkEventOf(envelope, codec));
        expect(fromHttp(httpFromSdk(message), codec)).toEqual(sdkTruncated(envelope));
      }
    });

    it("the SDK's Kafka.toEvent reads what toKafka writes", () => {
      for (const envelope of envelopes) {
        const message = toKafka(envelope, codec, { mode });
        const event = Kafka.toEvent(kafkaToSdk(message) as never) as CloudEventV1<unknown>;
        expectSdkEvent(event, envelope, codec);
        expect(event.partitionkey).toBe(envelope.event_id);
      }
    });

    it(`fromKafka reads what the SDK's Kafka.${mode} writes`, () => {
      for (const envelope of envelopes) {
        const message = Kafka[mode](sdkEventOf(envelope, codec) as never);
        // Kafka.binary copies the time string it was given; every other writer of the SDK cuts it.
        const expected = mode === "binary" ? envelope : sdkTruncated(envelope);
        expect(fromKafka(kafkaFromSdk(message as never), codec)).toEqual(expected);
      }
    });
  });

  it("the SDK's HTTP.toEvent reads what toHttpBatch writes", () => {
    const events = HTTP.toEvent(httpToSdk(toHttpBatch(envelopes, codec))) as CloudEventV1<unknown>[];
    expect(events).toHaveLength(envelopes.length);
    // The SDK reads a batch with new CloudEvent(element), which keeps the time string as it is.
    for (const [index, event] of events.entries()) {
      expectSdkEvent(event, envelopes[index] as Envelope, codec, false);
    }
  });

  it("fromHttpBatch reads a batch of the SDK's events (the SDK has no batch writer: JSON.stringify of its events)", () => {
    const body = JSON.stringify(envelopes.map((envelope) => sdkEventOf(envelope, codec)));
    const message = { headers: { "content-type": "application/cloudevents-batch+json" }, body };
    expect(fromHttpBatch(message, codec)).toEqual(envelopes.map(sdkTruncated));
  });
});
