import { type Codec, type Envelope, EnvelopeError } from "@eventwire/envelope-core";
import { ONE_LINE_TEXT } from "@eventwire/envelope-core/wire";
import { encodeBase64 } from "./base64.js";

/** One Server-Sent Events frame. */
export interface Frame {
  /** The payload. Line feeds split it over several `data:` lines; it comes back byte for byte. */
  data: string;
  /** The event name (`event:`); a browser's `EventSource` calls it the event type. */
  event?: string;
  /** The event id (`id:`), which a reconnecting client sends back as `Last-Event-ID`. */
  id?: string;
  /** The reconnection time in milliseconds (`retry:`). */
  retry?: number;
}

/**
 * Writes one frame: `id:`, `event:`, `retry:`, the `data:` lines and the blank line that ends it.
 * Throws `INVALID_ENVELOPE` for a value that would break the frame or never be delivered: CR or
 * LF in `event` or `id`, NUL in `id` (a browser ignores such an id), CR in `data` (SSE turns it
 * into LF), a `retry` that is not a whole number of milliseconds. Empty `data` is written as one
 * empty `data:` line, which a browser dispatches as an event with empty data.
 *
 * @example
 * ```ts
 * formatFrame({ id: "42", event: "user_login", data: '{"ip":"::1"}' });
 * // 'id: 42\nevent: user_login\ndata: {"ip":"::1"}\n\n'
 * ```
 */
export function formatFrame(frame: Frame): string {
  let out = "";
  if (frame.id !== undefined) out += `id: ${checkId(frame.id, "/id")}\n`;
  if (frame.event !== undefined && frame.event !== "") out += `event: ${checkEvent(frame.event, "/event")}\n`;
  if (frame.retry !== undefined) out += formatRetryLine(frame.retry);
  return `${out}${formatData(frame.data)}\n`;
}

/**
 * A comment line and the blank line after it: a heartbeat that keeps proxies from closing an
 * idle stream. Line breaks in `text` start new comment lines, so it can never become an event.
 *
 * @example
 * ```ts
 * formatComment("keep-alive"); // ": keep-alive\n\n"
 * ```
 */
export function formatComment(text = ""): string {
  return `${text
    .split(/\r\n|\r|\n/)
    .map((line) => (line === "" ? ":" : `: ${line}`))
    .join("\n")}\n\n`;
}

/**
 * A `retry:` line (and the blank line after it) that sets the client's reconnection time.
 *
 * @example
 * ```ts
 * formatRetry(5000); // "retry: 5000\n\n"
 * ```
 */
export function formatRetry(milliseconds: number): string {
  return `${formatRetryLine(milliseconds)}\n`;
}

/**
 * The frame of one envelope: `id:` its `event_id`, `event:` its `event_type`, `data:` the codec's
 * encoding (text codecs as text, binary codecs as standard base64). One envelope is always
 * exactly one event: a header value that would break the frame is an `EnvelopeError`.
 *
 * @example
 * ```ts
 * res.write(frameEnvelope(createEnvelope({ event_type: "user_login", source: "auth", data }), codec));
 * ```
 */
export function frameEnvelope<TData, TEnvelope extends Envelope<TData>>(
  envelope: TEnvelope,
  codec: Codec<TData, TEnvelope>,
): string {
  const payload =
    !codec.binary && codec.encodeText !== undefined ? codec.encodeText(envelope) : encodeBase64(codec.encode(envelope));
  const id = checkId(envelope.event_id, "/event_id", envelope.event_type);
  const event = checkEvent(envelope.event_type, "/event_type");
  if (codec[ONE_LINE_TEXT] !== true && hasLineBreak(payload)) {
    // A text codec's contract is one line; refuse rather than let a broken codec split an event.
    throw new EnvelopeError("INVALID_ENVELOPE", `the ${codec.name} codec wrote a line break`, {
      eventType: envelope.event_type,
    });
  }
  return `id: ${id}\nevent: ${event}\ndata: ${payload}\n\n`;
}

function formatData(data: string): string {
  if (typeof data !== "string") throw new EnvelopeError("INVALID_ENVELOPE", "data must be a string", { path: "/data" });
  if (data.includes("\r")) {
    throw new EnvelopeError(
      "INVALID_ENVELOPE",
      "data has a CR, which SSE turns into LF: it would not come back as sent",
      {
        path: "/data",
      },
    );
  }
  return `data: ${data.replaceAll("\n", "\ndata: ")}\n`;
}

function formatRetryLine(milliseconds: number): string {
  if (!Number.isSafeInteger(milliseconds) || milliseconds < 0) {
    throw new EnvelopeError(
      "INVALID_ENVELOPE",
      `retry ${milliseconds} is not a whole, non-negative number of milliseconds`,
      {
        path: "/retry",
      },
    );
  }
  return `retry: ${milliseconds}\n`;
}

function hasLineBreak(text: string): boolean {
  return text.indexOf("\n") !== -1 || text.indexOf("\r") !== -1;
}

function checkId(id: string, path: string, eventType?: string): string {
  if (typeof id !== "string" || hasLineBreak(id) || id.indexOf("\0") !== -1) {
    throw new EnvelopeError("INVALID_ENVELOPE", "an SSE id cannot hold CR, LF or NUL", { path, eventType });
  }
  return id;
}

function checkEvent(event: string, path: string): string {
  if (typeof event !== "string" || hasLineBreak(event)) {
    throw new EnvelopeError("INVALID_ENVELOPE", "an SSE event name cannot hold CR or LF", {
      path,
      eventType: typeof event === "string" ? event : undefined,
    });
  }
  return event;
}
