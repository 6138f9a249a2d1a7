import type { Envelope } from "@eventwire/envelope-core";

/**
 * The value of an optional attribute or an extension, in the CloudEvents type system:
 * Boolean, Integer (32-bit) or a String (URI, URI-reference, Timestamp and Binary are
 * carried as their canonical strings).
 */
export type CloudEventAttributeValue = string | number | boolean;

/**
 * The attributes an envelope has no field for: the optional `subject` and `dataschema`, and
 * extension attributes. Names are lower-case ASCII letters and digits.
 */
export type CloudEventExtensions = Record<string, CloudEventAttributeValue>;

/** A CloudEvent in the JSON event format (`application/cloudevents+json`), as a plain object. */
export interface CloudEventJson {
  specversion: "1.0";
  id: string;
  source: string;
  type: string;
  time: string;
  datacontenttype: string;
  /** The data as a JSON value, when `datacontenttype` is JSON. */
  data?: unknown;
  /** The data as standard base64, when `datacontenttype` is not JSON (Avro, Protobuf). */
  data_base64?: string;
  [attribute: string]: unknown;
}

/** An HTTP request or response, as far as CloudEvents cares. */
export interface HttpMessage {
  /** Header names in any case; values as they travel (binary-mode values percent-encoded). */
  headers: Record<string, string>;
  body: string | Uint8Array;
}

/** A Kafka record, in the shape Kafka clients (kafkajs, confluent-kafka-javascript) use. */
export interface KafkaMessage {
  key: Uint8Array | string | null;
  value: Uint8Array;
  headers: Record<string, Uint8Array | string>;
  /** Milliseconds since the epoch, as a decimal string (the Kafka clients' convention). */
  timestamp?: string;
}

/** The CloudEvents content mode of a message. */
export type ContentMode = "binary" | "structured";

/** Options of every function that writes a CloudEvent. */
export interface WriteOptions {
  /** Attributes to write besides the envelope's (see {@link CloudEventExtensions}). Default none. */
  extensions?: CloudEventExtensions;
}

/** Options of {@link toHttp}. */
export interface HttpWriteOptions extends WriteOptions {
  /** Default `"binary"`: `ce-` headers and the data as the body. */
  mode?: ContentMode;
}

/** Options of {@link toKafka}. */
export interface KafkaWriteOptions extends WriteOptions {
  /** Default `"binary"`: `ce_` headers and the data as the value. */
  mode?: ContentMode;
  /** The record key. Default the envelope's `event_id`. */
  key?: string;
}

/** An envelope read from a CloudEvent, with the attributes the envelope has no field for. */
export interface EnvelopeWithExtensions<TData = unknown> {
  envelope: Envelope<TData>;
  /** `subject`, `dataschema` and extension attributes; `{}` when there are none. */
  extensions: CloudEventExtensions;
}

/** The envelope's header as CloudEvents Kafka binary-mode headers carry it, without data. */
export interface EnvelopeHead {
  event_id: string;
  event_type: string;
  /** Canonical (see `normalizeTimestamp`). */
  timestamp: string;
  source: string;
  /** The `content-type` header: the data's MIME type. */
  contentType: string;
}
