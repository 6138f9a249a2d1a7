/**
 * Strict UTF-8 for binary codecs: decoding refuses invalid bytes instead of replacing them,
 * and encoding refuses lone surrogates instead of writing U+FFFD, so that nothing is changed
 * silently on either side.
 */

type Utf8Slice = (this: Uint8Array, start: number, end: number) => string;

// Node's Buffer decodes short strings several times faster than TextDecoder; it is used when
// present and never required.
const nodeUtf8Slice: Utf8Slice | undefined = (globalThis as { Buffer?: { prototype: { utf8Slice?: Utf8Slice } } })
  .Buffer?.prototype.utf8Slice;
type Utf8Write = (this: Uint8Array, text: string, offset: number) => number;
const nodeUtf8Write: Utf8Write | undefined = (globalThis as { Buffer?: { prototype: { utf8Write?: Utf8Write } } })
  .Buffer?.prototype.utf8Write;
const fatalDecoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });
const encoder = new TextEncoder();

/**
 * Decodes `bytes[start, end)` as UTF-8, or returns `undefined` when the bytes are not valid
 * UTF-8 (the caller says where, in its own error).
 */
export function decodeUtf8(bytes: Uint8Array, start: number, end: number): string | undefined {
  if (nodeUtf8Slice !== undefined) {
    const text = nodeUtf8Slice.call(bytes, start, end);
    // A replacement character is either in the input (valid) or stands for invalid bytes.
    if (text.indexOf("\ufffd") === -1) return text;
  }
  try {
    return fatalDecoder.decode(bytes.subarray(start, end));
  } catch {
    return undefined;
  }
}

/**
 * Writes `text` as UTF-8 into `out` at `pos` and returns the new position, or -1 when `out`
 * has too little room, or -2 when `text` holds a lone surrogate.
 */
export function encodeUtf8Into(text: string, out: Uint8Array, pos: number): number {
  const length = text.length;
  if (length > 12) {
    if (!text.isWellFormed()) return -2;
    if (out.length - pos < length * 3) return -1;
    if (nodeUtf8Write !== undefined) return pos + nodeUtf8Write.call(out, text, pos);
    return pos + encoder.encodeInto(text, out.subarray(pos)).written;
  }
  if (out.length - pos < length * 3) return -1;
  for (let i = 0; i < length; i++) {
    let c = text.charCodeAt(i);
    if (c < 0x80) {
      out[pos++] = c;
    } else if (c < 0x800) {
      out[pos++] = 0xc0 | (c >> 6);
      out[pos++] = 0x80 | (c & 0x3f);
    } else if (c >= 0xd800 && c <= 0xdfff) {
      const next = text.charCodeAt(i + 1);
      if (c > 0xdbff || !(next >= 0xdc00 && next <= 0xdfff)) return -2;
      c = 0x10000 + ((c - 0xd800) << 10) + (next - 0xdc00);
      i++;
      out[pos++] = 0xf0 | (c >> 18);
      out[pos++] = 0x80 | ((c >> 12) & 0x3f);
      out[pos++] = 0x80 | ((c >> 6) & 0x3f);
      out[pos++] = 0x80 | (c & 0x3f);
    } else {
      out[pos++] = 0xe0 | (c >> 12);
      out[pos++] = 0x80 | ((c >> 6) & 0x3f);
      out[pos++] = 0x80 | (c & 0x3f);
    }
  }
  return pos;
}
