import { EnvelopeError } from "@eventwire/envelope-core";

/**
 * Header values of the CloudEvents HTTP binding (1.0.2, section 3.1.3.2): UTF-8, then `%XY`
 * for space, `"`, `%` and every byte outside printable ASCII.
 */

const utf8 = new TextEncoder();
const HEX = "0123456789ABCDEF";

function isPlain(code: number): boolean {
  return code > 0x20 && code < 0x7f && code !== 0x22 && code !== 0x25;
}

/** Percent-encodes an attribute's canonical string for an HTTP header. */
export function encodeHeaderValue(value: string): string {
  let i = 0;
  while (i < value.length && isPlain(value.charCodeAt(i))) i++;
  if (i === value.length) return value;
  let out = value.slice(0, i);
  for (const byte of utf8.encode(value.slice(i))) {
    out += isPlain(byte) ? String.fromCharCode(byte) : `%${HEX[byte >> 4]}${HEX[byte & 15]}`;
  }
  return out;
}

/**
 * Reads a header value back: a double-quoted string is unquoted first (RFC 7230 section
 * 3.2.6, for senders of older spec versions), then one round of percent-decoding; bytes that
 * are not valid UTF-8 (overlong forms included) are refused with `MALFORMED` at `path`.
 */
export function decodeHeaderValue(raw: string, path: string): string {
  const value = trimSpace(raw);
  const text = value.startsWith('"') ? unquote(value, path) : value;
  if (!needsDecoding(text, path)) return text;
  try {
    // decodeURIComponent refuses a broken %XY and bytes that are not UTF-8 (overlong forms,
    // surrogates), as the binding asks; it decodes nothing but %XY.
    return decodeURIComponent(text);
  } catch {
    throw new EnvelopeError("MALFORMED", `a broken %XY or bytes that are not UTF-8 in ${show(raw)}`, { path });
  }
}

/** True when `text` has a `%`; throws when it has a character no header value may hold. */
function needsDecoding(text: string, path: string): boolean {
  let percent = false;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 0x25) percent = true;
    else if ((code < 0x20 && code !== 0x09) || code > 0x7e) {
      throw new EnvelopeError("MALFORMED", `a header value must be printable ASCII, percent-encoded: ${show(text)}`, {
        path,
      });
    }
  }
  return percent;
}

function unquote(value: string, path: string): string {
  let out = "";
  for (let i = 1; i < value.length; i++) {
    const char = value.charAt(i);
    if (char === '"') {
      if (i !== value.length - 1) break;
      return out;
    }
    if (char === "\\") {
      i++;
      if (i >= value.length) break;
    }
    out += value.charAt(i);
  }
  throw new EnvelopeError("MALFORMED", `a broken double-quoted header value: ${show(value)}`, { path });
}

function trimSpace(value: string): string {
  let start = 0;
  let end = value.length;
  while (start < end && isSpace(value.charCodeAt(start))) start++;
  while (end > start && isSpace(value.charCodeAt(end - 1))) end--;
  return start === 0 && end === value.length ? value : value.slice(start, end);
}

function isSpace(code: number): boolean {
  return code === 0x20 || code === 0x09;
}

/** A bounded quotation of input for error messages: hostile values can be huge. */
export function show(value: string): string {
  return JSON.stringify(value.length > 64 ? `${value.slice(0, 64)}…` : value);
}
