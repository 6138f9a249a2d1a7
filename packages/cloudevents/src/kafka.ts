import { type Codec, canonicalEnvelope, type Envelope, EnvelopeError } from "@eventwire/envelope-core";
import { checkContentType, decodeData, decodeUtf8, encodeUtf8, mediaTypeOf, parseJson } from "./data.js";
import { lowerCaseHeaders } from "./headers.js";
import { CLOUDEVENTS_BATCH_JSON, CLOUDEVENTS_JSON } from "./http.js";
import { kafkaHeadersOf, readKafkaContext } from "./kafka-headers.js";
import { show } from "./percent-encoding.js";
import { formatCloudEvent, prepareEvent, readCloudEvent } from "./structured.js";
import type { EnvelopeWithExtensions, KafkaMessage, KafkaWriteOptions } from "./types.js";

/**
 * The envelope as a Kafka record. Binary mode (the default): `ce_` headers and
 * `content-type` ({@link kafkaHeadersOf}), the value the codec's data. Structured mode: one
 * JSON event as the value, `content-type: application/cloudevents+json`. The key is
 * `options.key`, else the `event_id`; the timestamp is the event's time in milliseconds.
 *
 * @example
 * ```ts
 * await producer.send({ topic: "orders", messages: [toKafka(envelope, codec)] });
 * ```
 */
export function toKafka(envelope: Envelope, codec: Codec, options: KafkaWriteOptions = {}): KafkaMessage {
  const mode = options.mode ?? "binary";
  if (mode !== "binary" && mode !== "structured") {
    throw new EnvelopeError("INVALID_ENVELOPE", `mode is "binary" or "structured", not ${show(String(mode))}`);
  }
  if (options.key !== undefined && typeof options.key !== "string") {
    throw new EnvelopeError("INVALID_ENVELOPE", "key must be a string", { path: "/key" });
  }
  if (mode === "structured") {
    const canonical = canonicalEnvelope(envelope);
    return {
      key: options.key ?? canonical.event_id,
      value: encodeUtf8(formatCloudEvent(canonical, codec, options)),
      headers: { "content-type": CLOUDEVENTS_JSON },
      timestamp: millisOf(canonical.timestamp),
    };
  }
  const { envelope: canonical, data } = prepareEvent(envelope, codec, options);
  return {
    key: options.key ?? canonical.event_id,
    value: data,
    headers: kafkaHeadersOf(canonical, codec.dataContentType, options.extensions),
    timestamp: millisOf(canonical.timestamp),
  };
}

/**
 * Kafka's record timestamp: whole milliseconds since the epoch, as clients write it. The time is
 * canonical, so `Date.parse` reads it exactly, microseconds dropped (0001..9999 included).
 */
function millisOf(canonicalTime: string): string {
  return String(Date.parse(canonicalTime));
}

/**
 * Reads a Kafka record into a canonical envelope: structured mode when `content-type` is
 * `application/cloudevents+json`, binary mode otherwise. Header names in any case; header
 * values strings or UTF-8 bytes (as Kafka clients deliver them). The key and the record
 * timestamp are not read: the event's own attributes are the truth.
 */
export function fromKafka(message: KafkaMessage, codec: Codec): Envelope {
  return fromKafkaWithExtensions(message, codec).envelope;
}

/** {@link fromKafka}, with `subject`, `dataschema` and the extension attributes. */
export function fromKafkaWithExtensions(message: KafkaMessage, codec: Codec): EnvelopeWithExtensions {
  if (typeof message !== "object" || message === null) {
    throw new EnvelopeError("MALFORMED", "a Kafka message must be an object", { path: "" });
  }
  const { value, headers } = message;
  if (!(value instanceof Uint8Array)) {
    throw new EnvelopeError("MALFORMED", "the value must be a Uint8Array", { path: "" });
  }
  const contentType = lowerCaseHeaders<unknown>(headers).get("content-type");
  const text = contentType instanceof Uint8Array ? decodeUtf8(contentType, "/datacontenttype") : contentType;
  const media = typeof text === "string" ? mediaTypeOf(text) : "";
  if (media === CLOUDEVENTS_JSON) return readCloudEvent(parseJson(decodeUtf8(value, ""), ""), codec);
  if (media === CLOUDEVENTS_BATCH_JSON || media.startsWith("application/cloudevents")) {
    throw new EnvelopeError("MALFORMED", `unsupported event format ${show(media)}`, { path: "" });
  }
  const context = readKafkaContext(headers);
  checkContentType(context.contentType, codec, "/datacontenttype", context.event_type);
  const envelope = {
    event_id: context.event_id,
    event_type: context.event_type,
    timestamp: context.timestamp,
    source: context.source,
    data: decodeData(codec, context.event_type, value),
  };
  return { envelope, extensions: context.extensions };
}
