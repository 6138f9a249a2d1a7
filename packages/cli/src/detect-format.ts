import { type Envelope, EnvelopeError, isEnvelopeError } from "@eventwire/envelope-core";
import { toEnvelopeError } from "@eventwire/envelope-core/wire";
import { decodeBase64, type SseMessage } from "@eventwire/sse-frame";
import type { CodecName, SchemaCodecs } from "./load-codecs.js";

/** What `decode --format auto` recognises at the start of its input. */
export type InputKind = "sse" | "json" | "avro" | "protobuf";

// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it looks for.
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffd]/;
const SSE_START = /^(?:\r\n|\r|\n)*(?::|(?:data|id|event|retry)(?::|\r|\n|$))/;

/**
 * Recognises the input from its first bytes: Avro single-object encoding (`C3 01`), JSON (a `{`
 * after white space), SSE text (a comment or a `data`, `id`, `event`, `retry` field, possibly
 * after blank lines), else a Protobuf envelope (whose first byte is a field tag such as 0x0A).
 */
export function detectInput(head: Uint8Array): InputKind {
  const start = head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf ? 3 : 0;
  if (head[start] === 0xc3 && head[start + 1] === 0x01) return "avro";
  const text = new TextDecoder("utf-8").decode(head.subarray(start, start + 64), { stream: true });
  if (/^\s*\{/.test(text)) return "json";
  // Binary bytes can spell a field name by chance (0x0A is LF); SSE text has no control characters.
  if (SSE_START.test(text) && !CONTROL.test(text)) return "sse";
  return "protobuf";
}

/** Which codec decodes one envelope's bytes when the format is `auto`. */
export function detectCodec(bytes: Uint8Array): CodecName {
  const kind = detectInput(bytes);
  return kind === "sse" ? "protobuf" : kind;
}

/** The event names the SSE server uses for its own notices, reported on stderr, not decoded. */
export const NOTICE_EVENTS = new Set(["eventwire.gap", "eventwire.dropped"]);

/**
 * Decodes the envelope one SSE message carries: text for JSON, base64 for the binary codecs.
 * With `format` auto, a payload that starts with `{` is JSON and anything else base64 of Avro
 * (`C3 01`) or Protobuf. An `event:` name other than the envelope's `event_type` is refused,
 * so that a frame cannot relabel what it carries.
 */
export function decodeSseMessage(message: SseMessage, codecs: SchemaCodecs, format: CodecName | "auto"): Envelope {
  let envelope: Envelope;
  try {
    envelope = decodePayload(message.data, codecs, format);
  } catch (error) {
    throw isEnvelopeError(error) ? error : toEnvelopeError(error, "MALFORMED");
  }
  if (message.event !== "message" && message.event !== envelope.event_type) {
    throw new EnvelopeError(
      "INVALID_ENVELOPE",
      `the frame's event name ${JSON.stringify(message.event)} is not the envelope's event_type`,
      {
        path: "/event_type",
        eventType: envelope.event_type,
      },
    );
  }
  return envelope;
}

function decodePayload(data: string, codecs: SchemaCodecs, format: CodecName | "auto"): Envelope {
  if (format === "json" || (format === "auto" && data.trimStart().startsWith("{"))) {
    return codecs.json.decodeText?.(data) ?? codecs.json.decode(new TextEncoder().encode(data));
  }
  const bytes = decodeBase64(data);
  const name = format === "auto" ? detectCodec(bytes) : format;
  return codecs[name].decode(bytes);
}
