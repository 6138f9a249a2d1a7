import { type Codec, EnvelopeError, type EnvelopeErrorCode, isEnvelopeError } from "@eventwire/envelope-core";
import { show } from "./percent-encoding.js";

const utf8 = new TextEncoder();
const strictUtf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

/** The media type of a content type: lower case, parameters (`; charset=…`) stripped. */
export function mediaTypeOf(contentType: string): string {
  const end = contentType.indexOf(";");
  return (end === -1 ? contentType : contentType.slice(0, end)).trim().toLowerCase();
}

/** True for `*\/json` and `*\/*+json`: the JSON format carries such data as a JSON value. */
export function isJsonContentType(contentType: string): boolean {
  const media = mediaTypeOf(contentType);
  return media.endsWith("/json") || media.endsWith("+json");
}

/**
 * Checks an event's `datacontenttype` against the codec's. An absent one means
 * `application/json`, as the JSON event format says.
 */
export function checkContentType(given: string | undefined, codec: Codec, path: string, eventType: string): void {
  const effective = given ?? "application/json";
  if (mediaTypeOf(effective) === mediaTypeOf(codec.dataContentType)) return;
  throw new EnvelopeError(
    "INVALID_ENVELOPE",
    `datacontenttype ${show(effective)} does not match the ${codec.name} codec's ${show(codec.dataContentType)}`,
    { path, eventType },
  );
}

/** The codec's bytes of `data`, its own errors (path `/data/…`) kept. */
export function encodeData(codec: Codec, eventType: string, data: unknown): Uint8Array {
  try {
    return codec.encodeData(eventType, data);
  } catch (error) {
    throw toEnvelopeError(error, "INVALID_DATA", { path: "/data", eventType });
  }
}

/** The codec's `data` of bytes; `where` prefixes the error path (a batch's index). */
export function decodeData(codec: Codec, eventType: string, bytes: Uint8Array, where = ""): unknown {
  try {
    return codec.decodeData(eventType, bytes);
  } catch (error) {
    const wrapped = toEnvelopeError(error, "INVALID_DATA", { path: "/data", eventType });
    // The codec points into an envelope; the caller reads a CloudEvent, whose attribute is `type`.
    const path = wrapped.path === "/event_type" ? "/type" : wrapped.path;
    if (where === "" && path === wrapped.path) return rethrow(wrapped);
    return rethrow(
      new EnvelopeError(wrapped.code, wrapped.reason, {
        path: `${where}${path ?? ""}`,
        eventType: wrapped.eventType,
        cause: error,
      }),
    );
  }
}

function rethrow(error: EnvelopeError): never {
  throw error;
}

/** A codec's own error as it is; anything else it throws wrapped, so that no other error escapes. */
function toEnvelopeError(
  error: unknown,
  code: EnvelopeErrorCode,
  details: { path: string; eventType: string },
): EnvelopeError {
  if (isEnvelopeError(error)) return error;
  return new EnvelopeError(code, error instanceof Error ? error.message : String(error), { ...details, cause: error });
}

/** UTF-8 of text. */
export function encodeUtf8(text: string): Uint8Array {
  return utf8.encode(text);
}

/** Text of UTF-8 bytes; invalid bytes are `MALFORMED` at `path`, never replaced. */
export function decodeUtf8(bytes: Uint8Array, path: string): string {
  try {
    return strictUtf8.decode(bytes);
  } catch (error) {
    throw new EnvelopeError("MALFORMED", "not valid UTF-8", { path, cause: error });
  }
}

/** Parses JSON text; a syntax error is `MALFORMED` at `path`. */
export function parseJson(text: string, path: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new EnvelopeError("MALFORMED", `not JSON: ${(error as Error).message}`, { path, cause: error });
  }
}
