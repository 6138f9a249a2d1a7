import { type Codec, canonicalEnvelope, type Envelope, EnvelopeError } from "@eventwire/envelope-core";
import { extensionEntries, readContext, SPEC_VERSION } from "./attributes.js";
import { decodeBase64, encodeBase64 } from "./base64.js";
import {
  checkContentType,
  decodeData,
  decodeUtf8,
  encodeData,
  encodeUtf8,
  isJsonContentType,
  parseJson,
} from "./data.js";
import type { CloudEventAttributeValue, CloudEventJson, EnvelopeWithExtensions, WriteOptions } from "./types.js";

/**
 * The envelope as a CloudEvent in the JSON event format (`application/cloudevents+json`):
 * `id`, `source`, `type`, `time` (microseconds kept, canonical), `datacontenttype` the
 * codec's `dataContentType`, and the data validated by the codec: a JSON value in `data`
 * for a JSON codec, the codec's bytes in `data_base64` for Avro and Protobuf.
 *
 * @example
 * ```ts
 * const body = JSON.stringify(toCloudEvent(envelope, codec, { extensions: { traceparent } }));
 * ```
 */
export function toCloudEvent(envelope: Envelope, codec: Codec, options: WriteOptions = {}): CloudEventJson {
  const prepared = prepareEvent(envelope, codec, options);
  const event = attributesOf(prepared, codec);
  if (isJsonContentType(codec.dataContentType)) event.data = parseJson(decodeUtf8(prepared.data, "/data"), "/data");
  else event.data_base64 = encodeBase64(prepared.data);
  return event;
}

/**
 * The JSON text of {@link toCloudEvent}. JSON data is the codec's text spliced in, not parsed
 * and written again: the writers of structured messages are as fast as the codec.
 */
export function formatCloudEvent(envelope: Envelope, codec: Codec, options: WriteOptions): string {
  const prepared = prepareEvent(envelope, codec, options);
  const event = attributesOf(prepared, codec);
  if (!isJsonContentType(codec.dataContentType)) {
    event.data_base64 = encodeBase64(prepared.data);
    return JSON.stringify(event);
  }
  const attributes = JSON.stringify(event);
  return `${attributes.slice(0, -1)},"data":${decodeUtf8(prepared.data, "/data")}}`;
}

function attributesOf(prepared: PreparedEvent, codec: Codec): CloudEventJson {
  const event: CloudEventJson = {
    specversion: SPEC_VERSION,
    id: prepared.envelope.event_id,
    source: prepared.envelope.source,
    type: prepared.envelope.event_type,
    time: prepared.envelope.timestamp,
    datacontenttype: codec.dataContentType,
  };
  for (const [name, value] of prepared.extensions) event[name] = value;
  return event;
}

/** An envelope checked and made canonical, its extensions checked, its data encoded by the codec. */
export interface PreparedEvent {
  envelope: Envelope;
  extensions: [string, CloudEventAttributeValue][];
  data: Uint8Array;
}

/** Everything every mode writes, checked once. */
export function prepareEvent(envelope: Envelope, codec: Codec, options: WriteOptions): PreparedEvent {
  const canonical = canonicalEnvelope(envelope);
  const extensions = extensionEntries(options.extensions, canonical.event_type);
  return { envelope: canonical, extensions, data: encodeData(codec, canonical.event_type, canonical.data) };
}

/**
 * Reads a CloudEvent in the JSON event format (a parsed object) into a canonical envelope.
 * Anything that is not a valid CloudEvent 1.0 for this codec is an `EnvelopeError` whose path
 * points into the event (`/time`, `/data/items/0/sku`). Extension attributes are dropped:
 * {@link fromCloudEventWithExtensions} returns them.
 */
export function fromCloudEvent(event: object, codec: Codec): Envelope {
  return readCloudEvent(event, codec).envelope;
}

/** {@link fromCloudEvent}, with `subject`, `dataschema` and the extension attributes. */
export function fromCloudEventWithExtensions(event: object, codec: Codec): EnvelopeWithExtensions {
  return readCloudEvent(event, codec);
}

/** Reads one structured event; `where` prefixes error paths (a batch's index). */
export function readCloudEvent(event: unknown, codec: Codec, where = ""): EnvelopeWithExtensions {
  if (typeof event !== "object" || event === null || Array.isArray(event)) {
    throw new EnvelopeError("MALFORMED", "a CloudEvent must be a JSON object", { path: where });
  }
  const attributes = Object.entries(event).filter(([name]) => name !== "data" && name !== "data_base64");
  const context = readContext(attributes, where);
  const eventType = context.event_type;
  checkContentType(context.contentType, codec, `${where}/datacontenttype`, eventType);
  const { data, data_base64: base64 } = event as { data?: unknown; data_base64?: unknown };
  const hasBase64 = base64 !== undefined && base64 !== null;
  if (data !== undefined && hasBase64) {
    throw new EnvelopeError("INVALID_ENVELOPE", "both data and data_base64", {
      path: `${where}/data_base64`,
      eventType,
    });
  }
  const envelope = {
    event_id: context.event_id,
    event_type: eventType,
    timestamp: context.timestamp,
    source: context.source,
    data: decodeData(codec, eventType, dataBytes(data, hasBase64 ? base64 : undefined, codec, where, eventType), where),
  };
  return { envelope, extensions: context.extensions };
}

function dataBytes(data: unknown, base64: unknown, codec: Codec, where: string, eventType: string): Uint8Array {
  if (base64 !== undefined) {
    const path = `${where}/data_base64`;
    if (typeof base64 !== "string")
      throw new EnvelopeError("INVALID_ENVELOPE", "must be a string", { path, eventType });
    return decodeBase64(base64, { path, eventType });
  }
  const path = `${where}/data`;
  if (data === undefined) throw new EnvelopeError("INVALID_ENVELOPE", "data is missing", { path, eventType });
  if (!isJsonContentType(codec.dataContentType)) {
    throw new EnvelopeError("INVALID_ENVELOPE", `${codec.dataContentType} data travels in data_base64`, {
      path,
      eventType,
    });
  }
  let text: string | undefined;
  try {
    text = JSON.stringify(data);
  } catch (error) {
    throw new EnvelopeError("INVALID_DATA", `not a JSON value: ${String(error)}`, { path, eventType, cause: error });
  }
  if (text === undefined) throw new EnvelopeError("INVALID_DATA", "not a JSON value", { path, eventType });
  return encodeUtf8(text);
}
