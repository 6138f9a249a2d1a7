import { type Envelope, EnvelopeError, normalizeTimestamp } from "@eventwire/envelope-core";
import { type ContextAttributes, checkText, extensionEntries, readContext, SPEC_VERSION } from "./attributes.js";
import { decodeUtf8 } from "./data.js";
import { attributesOfHeaders, lowerCaseHeaders } from "./headers.js";
import type { CloudEventExtensions, EnvelopeHead } from "./types.js";

/**
 * The CloudEvents Kafka binary-mode headers of an envelope: `ce_id`, `ce_type`, `ce_source`,
 * `ce_time` (canonical, microseconds kept), `ce_specversion` and `content-type`, then one
 * `ce_<name>` per extension. Values are strings (the Kafka binding does not percent-encode;
 * clients write them as UTF-8). `data` is not read.
 *
 * @example
 * ```ts
 * producer.send({ topic, messages: [{ key, value, headers: kafkaHeadersOf(envelope, "application/avro") }] });
 * ```
 */
export function kafkaHeadersOf(
  envelope: Pick<Envelope, "event_id" | "event_type" | "timestamp" | "source">,
  contentType: string,
  extensions?: CloudEventExtensions,
): Record<string, string> {
  if (typeof envelope !== "object" || envelope === null) {
    throw new EnvelopeError("INVALID_ENVELOPE", "an envelope must be an object", { path: "" });
  }
  const { event_id: id, event_type: type, timestamp, source } = envelope;
  checkText(type, "event_type", { path: "/event_type" });
  checkText(id, "event_id", { path: "/event_id", eventType: type });
  checkText(source, "source", { path: "/source", eventType: type });
  checkText(contentType, "datacontenttype", { path: "/datacontenttype", eventType: type });
  const headers: Record<string, string> = {
    ce_id: id,
    ce_type: type,
    ce_source: source,
    ce_time: normalizeTimestamp(timestamp),
    ce_specversion: SPEC_VERSION,
    "content-type": contentType,
  };
  for (const [name, value] of extensionEntries(extensions, type)) headers[`ce_${name}`] = String(value);
  return headers;
}

/**
 * Reads and checks CloudEvents Kafka binary-mode headers (names in any case; values strings
 * or UTF-8 bytes) into the envelope's header and the data's content type. A missing or
 * invalid attribute, a missing `content-type`, invalid UTF-8 or an invalid time is an
 * `EnvelopeError` with the attribute's path (`/time`, `/datacontenttype`).
 */
export function envelopeHeadOfKafka(headers: Record<string, Uint8Array | string>): EnvelopeHead {
  const context = readKafkaContext(headers);
  if (context.contentType === undefined) {
    throw new EnvelopeError("INVALID_ENVELOPE", "the content-type header is missing", {
      path: "/datacontenttype",
      eventType: context.event_type,
    });
  }
  return {
    event_id: context.event_id,
    event_type: context.event_type,
    timestamp: context.timestamp,
    source: context.source,
    contentType: context.contentType,
  };
}

/** All context attributes of Kafka binary-mode headers, extensions included. */
export function readKafkaContext(headers: Record<string, Uint8Array | string>): ContextAttributes {
  return readContext(attributesOfHeaders(lowerCaseHeaders(headers), "ce_", headerText));
}

/** A Kafka header value as text: a string as it is, bytes as strict UTF-8. */
function headerText(value: unknown, path: string): string {
  if (typeof value === "string") return value;
  if (value instanceof Uint8Array) return decodeUtf8(value, path);
  throw new EnvelopeError("MALFORMED", "a Kafka header value must be a string or a Uint8Array", { path });
}
