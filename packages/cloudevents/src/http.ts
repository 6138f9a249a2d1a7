import { type Codec, type Envelope, EnvelopeError, isEnvelopeError } from "@eventwire/envelope-core";
import { readContext, SPEC_VERSION } from "./attributes.js";
import {
  checkContentType,
  decodeData,
  decodeUtf8,
  encodeUtf8,
  isJsonContentType,
  mediaTypeOf,
  parseJson,
} from "./data.js";
import { attributesOfHeaders, lowerCaseHeaders } from "./headers.js";
import { decodeHeaderValue, encodeHeaderValue, show } from "./percent-encoding.js";
import { formatCloudEvent, prepareEvent, readCloudEvent } from "./structured.js";
import type { EnvelopeWithExtensions, HttpMessage, HttpWriteOptions, WriteOptions } from "./types.js";

/** The media type of one structured event (the JSON event format). */
export const CLOUDEVENTS_JSON = "application/cloudevents+json";
/** The media type of a batch of structured events (the JSON batch format). */
export const CLOUDEVENTS_BATCH_JSON = "application/cloudevents-batch+json";

/**
 * The envelope as an HTTP message. Binary mode (the default): `ce-` headers, percent-encoded
 * as the HTTP binding says, `content-type` the codec's `dataContentType`, and the body the
 * codec's data (a string for JSON, bytes for Avro and Protobuf). Structured mode: one JSON
 * event (`toCloudEvent`) as the body, `content-type: application/cloudevents+json`.
 *
 * @example
 * ```ts
 * const { headers, body } = toHttp(envelope, codec);
 * await fetch(url, { method: "POST", headers, body: body as BodyInit });
 * ```
 */
export function toHttp(envelope: Envelope, codec: Codec, options: HttpWriteOptions = {}): HttpMessage {
  const mode = options.mode ?? "binary";
  if (mode === "structured") {
    return {
      headers: { "content-type": CLOUDEVENTS_JSON },
      body: formatCloudEvent(envelope, codec, options),
    };
  }
  if (mode !== "binary") {
    throw new EnvelopeError("INVALID_ENVELOPE", `mode is "binary" or "structured", not ${show(String(mode))}`);
  }
  const { envelope: canonical, extensions, data } = prepareEvent(envelope, codec, options);
  const headers: Record<string, string> = {
    "ce-specversion": SPEC_VERSION,
    "ce-id": encodeHeaderValue(canonical.event_id),
    "ce-source": encodeHeaderValue(canonical.source),
    "ce-type": encodeHeaderValue(canonical.event_type),
    "ce-time": canonical.timestamp,
  };
  for (const [name, value] of extensions) headers[`ce-${name}`] = encodeHeaderValue(String(value));
  headers["content-type"] = codec.dataContentType;
  const body = isJsonContentType(codec.dataContentType) ? decodeUtf8(data, "/data") : data;
  return { headers, body };
}

/**
 * Reads an HTTP message into a canonical envelope: structured mode when `content-type` is
 * `application/cloudevents+json` (parameters ignored), binary mode otherwise. Header names
 * in any case. Extension attributes are dropped: {@link fromHttpWithExtensions} returns them.
 */
export function fromHttp(message: HttpMessage, codec: Codec): Envelope {
  return fromHttpWithExtensions(message, codec).envelope;
}

/** {@link fromHttp}, with `subject`, `dataschema` and the extension attributes. */
export function fromHttpWithExtensions(message: HttpMessage, codec: Codec): EnvelopeWithExtensions {
  const { headers, body } = checkMessage(message);
  const contentType = headers.get("content-type");
  const media = typeof contentType === "string" ? mediaTypeOf(contentType) : "";
  if (media === CLOUDEVENTS_JSON) return readCloudEvent(parseJson(bodyText(body), ""), codec);
  if (media === CLOUDEVENTS_BATCH_JSON) {
    throw new EnvelopeError("MALFORMED", "a batch of events: read it with fromHttpBatch", { path: "" });
  }
  if (media.startsWith("application/cloudevents")) {
    throw new EnvelopeError("MALFORMED", `unsupported event format ${show(media)}`, { path: "" });
  }
  const context = readContext(attributesOfHeaders(headers, "ce-", httpHeaderText));
  checkContentType(context.contentType, codec, "/datacontenttype", context.event_type);
  const bytes = typeof body === "string" ? textBody(body, codec, context.event_type) : body;
  const envelope = {
    event_id: context.event_id,
    event_type: context.event_type,
    timestamp: context.timestamp,
    source: context.source,
    data: decodeData(codec, context.event_type, bytes),
  };
  return { envelope, extensions: context.extensions };
}

/**
 * Several envelopes as one HTTP message in the JSON batch format
 * (`application/cloudevents-batch+json`): a JSON array of structured events. An error's path
 * starts with the envelope's index (`/3/timestamp`).
 */
export function toHttpBatch(envelopes: readonly Envelope[], codec: Codec, options: WriteOptions = {}): HttpMessage {
  if (!Array.isArray(envelopes)) throw new EnvelopeError("INVALID_ENVELOPE", "a batch must be an array", { path: "" });
  const events = envelopes.map((envelope, index) => {
    try {
      return formatCloudEvent(envelope, codec, options);
    } catch (error) {
      throw atIndex(error, index);
    }
  });
  return { headers: { "content-type": CLOUDEVENTS_BATCH_JSON }, body: `[${events.join(",")}]` };
}

/** The error of one envelope of a batch, its path prefixed with the envelope's index. */
function atIndex(error: unknown, index: number): unknown {
  if (!isEnvelopeError(error)) return error;
  return new EnvelopeError(error.code, error.reason, {
    path: `/${index}${error.path ?? ""}`,
    eventType: error.eventType,
    cause: error,
  });
}

/** Reads a JSON batch; an error's path starts with the event's index (`/3/time`). */
export function fromHttpBatch(message: HttpMessage, codec: Codec): Envelope[] {
  return fromHttpBatchWithExtensions(message, codec).map((item) => item.envelope);
}

/** {@link fromHttpBatch}, with each event's `subject`, `dataschema` and extension attributes. */
export function fromHttpBatchWithExtensions(message: HttpMessage, codec: Codec): EnvelopeWithExtensions[] {
  const { headers, body } = checkMessage(message);
  const contentType = headers.get("content-type");
  if (typeof contentType !== "string" || mediaTypeOf(contentType) !== CLOUDEVENTS_BATCH_JSON) {
    throw new EnvelopeError("MALFORMED", `a batch has content-type ${CLOUDEVENTS_BATCH_JSON}`, { path: "" });
  }
  const events = parseJson(bodyText(body), "");
  if (!Array.isArray(events)) throw new EnvelopeError("MALFORMED", "a batch must be a JSON array", { path: "" });
  return events.map((event, index) => readCloudEvent(event, codec, `/${index}`));
}

function checkMessage(message: HttpMessage): { headers: Map<string, unknown>; body: string | Uint8Array } {
  if (typeof message !== "object" || message === null) {
    throw new EnvelopeError("MALFORMED", "an HTTP message must be an object", { path: "" });
  }
  const { headers, body } = message;
  if (typeof body !== "string" && !(body instanceof Uint8Array)) {
    throw new EnvelopeError("MALFORMED", "the body must be a string or a Uint8Array", { path: "" });
  }
  return { headers: lowerCaseHeaders<unknown>(headers), body };
}

function bodyText(body: string | Uint8Array): string {
  return typeof body === "string" ? body : decodeUtf8(body, "");
}

/** A string body holds text: JSON data only, since binary data in a string has lost its bytes. */
function textBody(body: string, codec: Codec, eventType: string): Uint8Array {
  if (isJsonContentType(codec.dataContentType)) return encodeUtf8(body);
  throw new EnvelopeError("MALFORMED", `${codec.dataContentType} data needs a Uint8Array body, not a string`, {
    path: "/data",
    eventType,
  });
}

/** A `ce-` header is percent-decoded; `content-type` is an HTTP header of its own, taken as it is. */
function httpHeaderText(value: unknown, path: string): string {
  if (typeof value !== "string") throw new EnvelopeError("MALFORMED", "a header value must be a string", { path });
  return path === "/datacontenttype" ? value.trim() : decodeHeaderValue(value, path);
}
