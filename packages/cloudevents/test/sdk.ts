import type { Codec, Envelope } from "@eventwire/envelope-core";
import { CloudEvent, type CloudEventV1, type Message } from "cloudevents";
import type { HttpMessage, KafkaMessage } from "../src/index.js";

/**
 * The SDK's event for an envelope, data as the SDK takes it: a JSON value, or the codec's bytes.
 * `strict` false skips the SDK's validation (it refuses a source that is not a URI-reference).
 */
export function sdkEventOf(envelope: Envelope, codec: Codec, strict = true): CloudEvent<unknown> {
  const data = codec.name === "json" ? envelope.data : codec.encodeData(envelope.event_type, envelope.data);
  return new CloudEvent(
    {
      id: envelope.event_id,
      type: envelope.event_type,
      source: envelope.source,
      time: envelope.timestamp,
      datacontenttype: codec.dataContentType,
      data,
    },
    strict,
  );
}

/** An SDK HTTP message as a server receives it: headers as strings, the body a string or bytes. */
export function httpFromSdk(message: Message): HttpMessage {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(message.headers)) if (value !== undefined) headers[name] = String(value);
  const body = message.body;
  return { headers, body: body instanceof Uint8Array ? new Uint8Array(body) : String(body) };
}

/** An HTTP message of ours as the SDK's `HTTP.toEvent` is given it by a Node server. */
export function httpToSdk(message: HttpMessage): Message {
  const body = typeof message.body === "string" ? message.body : Buffer.from(message.body);
  return { headers: { ...message.headers }, body };
}

/**
 * An SDK Kafka message as a Kafka client would carry it (see known-sdk-defects.json): the
 * value as bytes (the SDK leaves JSON data as an object), no header whose value is undefined.
 */
export function kafkaFromSdk(message: {
  headers: Record<string, unknown>;
  key?: unknown;
  value: unknown;
}): KafkaMessage {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(message.headers)) if (value !== undefined) headers[name] = String(value);
  const value = message.value;
  const bytes =
    value instanceof Uint8Array
      ? new Uint8Array(value)
      : new TextEncoder().encode(typeof value === "string" ? value : JSON.stringify(value));
  return { key: typeof message.key === "string" ? message.key : null, value: bytes, headers };
}

/** A Kafka message of ours as kafkajs delivers it: Buffers for the value and the key. */
export function kafkaToSdk(message: KafkaMessage) {
  return {
    key: message.key,
    value: Buffer.from(message.value),
    headers: { ...message.headers },
    body: Buffer.from(message.value),
    timestamp: message.timestamp,
  };
}

/** The data of an SDK event as bytes: what a binary codec must decode. */
export function sdkDataBytes(event: CloudEventV1<unknown>): Uint8Array {
  const data = event.data;
  if (typeof event.data_base64 === "string") return new Uint8Array(Buffer.from(event.data_base64, "base64"));
  if (data instanceof Uint8Array) return new Uint8Array(data);
  throw new Error(`the SDK's data is not bytes: ${typeof data}`);
}
