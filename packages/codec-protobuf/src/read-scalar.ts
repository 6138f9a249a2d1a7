import { type Cursor, decodeUtf8, invalidData, malformed } from "@eventwire/envelope-core/wire";
import { WireType } from "./proto-fields.js";
import { readEnd, readLength, readVarint, readVarint32, varintHigh } from "./read-varint.js";

const TWO_32 = 4_294_967_296;

function toInt64String(low: number, hi: number, signed: boolean): string {
  if (hi === 0) return String(low);
  if (signed && hi >= 0x80000000) {
    // Negative: two's complement.
    const value = (BigInt(hi) << 32n) | BigInt(low);
    return String(value - (1n << 64n));
  }
  if (hi < 0x200000) return String(hi * TWO_32 + low);
  return String((BigInt(hi) << 32n) | BigInt(low));
}

function zigzag64(low: number, hi: number): string {
  const value = (BigInt(hi) << 32n) | BigInt(low);
  return String((value >> 1n) ^ -(value & 1n));
}

const scratch = new DataView(new ArrayBuffer(8));

function readFixed(c: Cursor, size: 4 | 8): void {
  if (c.pos + size > c.bytes.length) malformed("a fixed-size value runs past the end of the input");
  for (let i = 0; i < size; i++) scratch.setUint8(i, c.bytes[c.pos + i] as number);
  c.pos += size;
}

function finite(value: number): number {
  if (!Number.isFinite(value)) invalidData(`${value} is not a finite number`);
  return value;
}

/** Reads one scalar of `kind` (wire type already checked). */
export function readScalar(c: Cursor, kind: string, end: number): unknown {
  switch (kind) {
    case "string": {
      const length = readLength(c, end);
      const start = c.pos;
      c.pos += length;
      return decodeUtf8(c.bytes, start, c.pos) ?? malformed("a string is not valid UTF-8");
    }
    case "bytes": {
      const length = readLength(c, end);
      c.pos += length;
      return c.bytes.slice(c.pos - length, c.pos);
    }
    case "bool":
      // Any varint other than zero is true, however long.
      return readVarint(c) !== 0 || varintHigh() !== 0;
    case "int32":
      return readVarint(c) | 0;
    case "uint32":
      return readVarint(c);
    case "sint32": {
      const n = readVarint(c);
      return (n >>> 1) ^ -(n & 1);
    }
    case "int64":
      return toInt64String(readVarint(c), varintHigh(), true);
    case "uint64":
      return toInt64String(readVarint(c), varintHigh(), false);
    case "sint64":
      return zigzag64(readVarint(c), varintHigh());
    case "double":
      readFixed(c, 8);
      return finite(scratch.getFloat64(0, true));
    case "float":
      readFixed(c, 4);
      return finite(scratch.getFloat32(0, true));
    case "fixed32":
      readFixed(c, 4);
      return scratch.getUint32(0, true);
    case "sfixed32":
      readFixed(c, 4);
      return scratch.getInt32(0, true);
    case "fixed64":
      readFixed(c, 8);
      return toInt64String(scratch.getUint32(0, true), scratch.getUint32(4, true), false);
    case "sfixed64":
      readFixed(c, 8);
      return toInt64String(scratch.getUint32(0, true), scratch.getUint32(4, true), true);
    default:
      throw new TypeError(`not a scalar: ${kind}`);
  }
}

/** Skips a field of an unknown number, groups included (iteratively: no recursion to exhaust). */
export function skipField(c: Cursor, wireType: number, end: number): void {
  let depth = 0;
  let type = wireType;
  for (;;) {
    switch (type) {
      case WireType.VARINT:
        readVarint(c);
        break;
      case WireType.I64:
        if (c.pos + 8 > end) malformed("a fixed64 runs past the end");
        c.pos += 8;
        break;
      case WireType.I32:
        if (c.pos + 4 > end) malformed("a fixed32 runs past the end");
        c.pos += 4;
        break;
      case WireType.LEN:
        c.pos = readEnd(c, end);
        break;
      case WireType.SGROUP:
        depth++;
        break;
      case WireType.EGROUP:
        if (depth === 0) malformed("an end-group tag with no group");
        depth--;
        break;
      default:
        malformed(`wire type ${type} does not exist`);
    }
    if (depth === 0) return;
    if (c.pos >= end) malformed("a group runs past the end");
    type = readVarint32(c) & 7;
  }
}

/** Reads a message's fields from the cursor to `end` into a plain object. */
