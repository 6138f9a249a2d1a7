import { CloudEvent, type CloudEventV1, HTTP, Kafka } from "cloudevents";
import { describe, expect, it } from "vitest";
import { fromHttpWithExtensions, fromKafkaWithExtensions, toHttp, toKafka } from "../src/index.js";
import { codecs, envelopes } from "./codecs.js";
import { httpFromSdk, httpToSdk, kafkaFromSdk, kafkaToSdk, sdkEventOf } from "./sdk.js";

const [json] = codecs as [(typeof codecs)[number]];
const envelope = envelopes[1] as (typeof envelopes)[number];
const extensions = { traceparent: "00-0af7651916cd43dd-01", retries: 3, replay: true, subject: "order/42" };
const asStrings = { traceparent: "00-0af7651916cd43dd-01", retries: "3", replay: "true", subject: "order/42" };
const sdkEvent = () => new CloudEvent({ ...sdkEventOf(envelope, json), ...extensions });

describe.each(["binary", "structured"] as const)("extensions and subject, %s mode", (mode) => {
  // Binary modes carry every attribute as a header string; structured mode keeps JSON types.
  const expected = mode === "binary" ? asStrings : extensions;

  it("the SDK reads the ones eventwire writes, over HTTP and Kafka", () => {
    const http = HTTP.toEvent(httpToSdk(toHttp(envelope, json, { mode, extensions }))) as CloudEventV1<unknown>;
    const kafka = Kafka.toEvent(kafkaToSdk(toKafka(envelope, json, { mode, extensions })) as never);
    for (const event of [http, kafka as CloudEventV1<unknown>]) {
      expect({ ...event, data: undefined, data_base64: undefined }).toMatchObject(expected);
    }
  });

  it("eventwire reads the ones the SDK writes, over HTTP and Kafka", () => {
    expect(fromHttpWithExtensions(httpFromSdk(HTTP[mode](sdkEvent())), json).extensions).toEqual(expected);
    const kafka = fromKafkaWithExtensions(kafkaFromSdk(Kafka[mode](sdkEvent() as never) as never), json);
    expect(kafka.extensions).toEqual(expected);
  });
});

it("the SDK refuses a source that is not a URI-reference, which an envelope may have (see the README)", () => {
  expect(() => new CloudEvent({ ...sdkEventOf(envelope, json), source: "not a uri" })).toThrow(/uri-reference/);
  expect(toHttp({ ...envelope, source: "not a uri" }, json).headers["ce-source"]).toBe("not%20a%20uri");
});
