import { encodeUtf8Into, invalidData as invalid, type Sink } from "@eventwire/envelope-core/wire";

/** Writes an unsigned 32-bit varint. */
export function writeVarint32(w: Sink, n: number): void {
  w.ensure(5);
  const bytes = w.bytes;
  let pos = w.pos;
  while (n > 0x7f) {
    bytes[pos++] = (n & 0x7f) | 0x80;
    n >>>= 7;
  }
  bytes[pos++] = n;
  w.pos = pos;
}

/** Writes a 64-bit varint given as its low and high 32 bits (unsigned). */
export function writeVarint64(w: Sink, low: number, high: number): void {
  if (high === 0) {
    writeVarint32(w, low);
    return;
  }
  w.ensure(10);
  const bytes = w.bytes;
  let pos = w.pos;
  for (let i = 0; i < 4; i++) {
    bytes[pos++] = (low & 0x7f) | 0x80;
    low >>>= 7;
  }
  // Four bits of low are left; the high half follows them.
  let rest = (low | (high << 4)) >>> 0;
  high >>>= 28;
  while (high > 0 || rest > 0x7f) {
    bytes[pos++] = (rest & 0x7f) | 0x80;
    rest = ((rest >>> 7) | (high << 25)) >>> 0;
    high >>>= 7;
  }
  bytes[pos++] = rest;
  w.pos = pos;
}

/** Writes a signed integer that is a safe integer as a (sign-extended) 64-bit varint. */
export function writeSignedVarint(w: Sink, n: number): void {
  if (n >= 0 && n <= 0xffffffff) writeVarint32(w, n);
  else writeVarint64(w, n >>> 0, Math.floor(n / 4_294_967_296) >>> 0);
}

function varintSize(n: number): number {
  let size = 1;
  while (n > 0x7f) {
    n >>>= 7;
    size++;
  }
  return size;
}

/**
 * Starts a length-delimited body: a one-byte slot for the length, which {@link endDelimited}
 * fills in (moving the body over if the length needs more bytes). Returns the slot's position.
 */
export function beginDelimited(w: Sink): number {
  w.ensure(1);
  return w.pos++;
}

/** Ends the body that {@link beginDelimited} started at `mark`. */
export function endDelimited(w: Sink, mark: number): void {
  const length = w.pos - mark - 1;
  if (length < 0x80) {
    w.bytes[mark] = length;
    return;
  }
  const extra = varintSize(length) - 1;
  w.ensure(extra);
  w.bytes.copyWithin(mark + 1 + extra, mark + 1, w.pos);
  const end = w.pos + extra;
  w.pos = mark;
  writeVarint32(w, length);
  w.pos = end;
}

/** Writes a string's UTF-8 length and bytes, or throws for a lone surrogate. */
export function writeString(w: Sink, text: string): void {
  if (text.length <= 42) {
    // At most 126 bytes: a one-byte length.
    w.ensure(1 + text.length * 3);
    const end = encodeUtf8Into(text, w.bytes, w.pos + 1);
    if (end === -2) invalid("a string has a lone surrogate, which UTF-8 cannot carry");
    w.bytes[w.pos] = end - w.pos - 1;
    w.pos = end;
    return;
  }
  const mark = beginDelimited(w);
  w.ensure(text.length * 3);
  const end = encodeUtf8Into(text, w.bytes, w.pos);
  if (end === -2) invalid("a string has a lone surrogate, which UTF-8 cannot carry");
  w.pos = end;
  endDelimited(w, mark);
}
