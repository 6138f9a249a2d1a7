import { type Cursor, malformed } from "@eventwire/envelope-core/wire";

const TWO_32 = 4_294_967_296;

// The high 32 bits of the last varint read by readVarint, so that it returns without allocating.
let high = 0;

/** The high 32 bits of the varint that {@link readVarint} read last. */
export function varintHigh(): number {
  return high;
}

/** Reads a varint; returns its low 32 bits (unsigned) and leaves the high 32 in `high`. */
export function readVarint(c: Cursor): number {
  const bytes = c.bytes;
  let pos = c.pos;
  let b = bytes[pos++] ?? malformed("a varint runs past the end of the input");
  if (b < 0x80) {
    c.pos = pos;
    high = 0;
    return b;
  }
  let low = b & 0x7f;
  for (let shift = 7; shift < 28; shift += 7) {
    b = bytes[pos++] ?? malformed("a varint runs past the end of the input");
    low |= (b & 0x7f) << shift;
    if (b < 0x80) {
      c.pos = pos;
      high = 0;
      return low >>> 0;
    }
  }
  b = bytes[pos++] ?? malformed("a varint runs past the end of the input");
  low = (low | ((b & 0x0f) << 28)) >>> 0;
  let hi = (b & 0x7f) >> 4;
  for (let shift = 3; b >= 0x80; shift += 7) {
    if (shift > 31) malformed("a varint is longer than 10 bytes");
    b = bytes[pos++] ?? malformed("a varint runs past the end of the input");
    hi |= (b & 0x7f) << shift;
  }
  c.pos = pos;
  high = hi >>> 0;
  return low;
}

/**
 * Reads a varint that must fit 32 bits unsigned: every tag (in the envelope, the timestamp and
 * the data alike) and every length. A longer one is MALFORMED even when its low bits look valid.
 */
export function readVarint32(c: Cursor): number {
  const low = readVarint(c);
  if (high !== 0) malformed("a tag or length is larger than 32 bits");
  return low;
}

/** Reads a length prefix and checks it against what is left of the input (or the message). */
export function readLength(c: Cursor, end: number): number {
  const length = readVarint32(c);
  if (length > end - c.pos) malformed(`a length of ${length} does not fit in the ${end - c.pos} bytes left`);
  return length;
}

/** Reads a length prefix and returns where the delimited value ends. */
export function readEnd(c: Cursor, end: number): number {
  const length = readLength(c, end);
  return c.pos + length;
}

/** Reads a signed 64-bit varint as a number; one beyond safe integers comes out rounded (callers range-check). */
export function readInt64Number(c: Cursor): number {
  const low = readVarint(c);
  if (varintHigh() === 0) return low;
  if (varintHigh() >= 0x80000000) return Number(((BigInt(varintHigh()) << 32n) | BigInt(low)) - (1n << 64n));
  return varintHigh() * TWO_32 + low;
}
