import { EnvelopeError } from "@eventwire/envelope-core";

/**
 * Header values of the CloudEvents HTTP binding (1.0.2, section 3.1.3.2): UTF-8, then `%XY`
 * for space, `"`, `%` and every byte outside printable ASCII.
 */

const utf8 = new TextEncoder();
const strictUtf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });
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
  const bytes = new Uint8Array(text.length);
  let length = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code !== 0x25) {
      bytes[length++] = code;
      continue;
    }
    const byte = hexByte(text, i + 1);
    if (byte < 0) throw new EnvelopeError("MALFORMED", `a % not followed by two hex digits in ${show(raw)}`, { path });
    bytes[length++] = byte;
    i += 2;
  }
  try {
    return strictUtf8.decode(bytes.subarray(0, length));
  } catch {
    throw new EnvelopeError("MALFORMED", `percent-encoded bytes that are not UTF-8 in ${show(raw)}`, { path });
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

function hexByte(text: string, at: number): number {
  if (at + 2 > text.length) return -1;
  const high = hexDigit(text.charCodeAt(at));
  const low = hexDigit(text.charCodeAt(at + 1));
  return high < 0 || low < 0 ? -1 : (high << 4) | low;
}

function hexDigit(code: number): number {
  if (code >= 0x30 && code <= 0x39) return code - 0x30;
  const lower = code | 0x20;
  if (lower >= 0x61 && lower <= 0x66) return lower - 0x61 + 10;
  return -1;
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
