import { describeValue as describe, invalidData as invalid, type Sink } from "@eventwire/envelope-core/wire";
import { writeSignedVarint, writeString, writeVarint32, writeVarint64 } from "./write-varint.js";

const scratch = new DataView(new ArrayBuffer(8));
const scratchBytes = new Uint8Array(scratch.buffer);

function writeScratch(w: Sink, size: number): void {
  w.ensure(size);
  const bytes = w.bytes;
  const pos = w.pos;
  for (let i = 0; i < size; i++) bytes[pos + i] = scratchBytes[i] as number;
  w.pos = pos + size;
}

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const UINT64_MAX = 2n ** 64n - 1n;

/** A 64-bit integer from a safe-integer number, a bigint or a decimal string, as low and high halves. */
function int64Parts(value: unknown, kind: string): [number, number] {
  const unsigned = kind === "uint64" || kind === "fixed64";
  if (typeof value === "number") {
    if (!Number.isSafeInteger(value) || (unsigned && value < 0)) invalid(`${value} is not a ${kind}`);
    if (kind === "sint64") return int64Parts(BigInt(value), kind);
    return [value >>> 0, Math.floor(value / 4_294_967_296) >>> 0];
  }
  let big: bigint;
  if (typeof value === "bigint") big = value;
  else if (typeof value === "string" && /^-?\d{1,20}$/.test(value)) big = BigInt(value);
  else return invalid(`${describe(value)} is not a ${kind} (a safe integer, a bigint or a decimal string)`);
  if (unsigned ? big < 0n || big > UINT64_MAX : big < INT64_MIN || big > INT64_MAX)
    invalid(`${big} is out of ${kind} range`);
  if (kind === "sint64") big = big < 0n ? -big * 2n - 1n : big * 2n;
  const bits = BigInt.asUintN(64, big);
  return [Number(bits & 0xffffffffn), Number(bits >> 32n)];
}

function checkInt(value: unknown, min: number, max: number, kind: string): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max) {
    invalid(`${describe(value)} is not a ${kind}`);
  }
  return value;
}

/** Checks a scalar value and says whether it is its type's default (which proto3 leaves out). */
export function checkScalar(kind: string, value: unknown): void {
  switch (kind) {
    case "string":
      if (typeof value !== "string") invalid(`${describe(value)} is not a string`);
      return;
    case "bytes":
      if (!(value instanceof Uint8Array)) invalid(`${describe(value)} is not a Uint8Array`);
      return;
    case "bool":
      if (typeof value !== "boolean") invalid(`${describe(value)} is not a boolean`);
      return;
    case "double":
    case "float":
      if (typeof value !== "number" || !Number.isFinite(value)) invalid(`${describe(value)} is not a finite number`);
      if (kind === "float" && Math.fround(value) !== value) invalid(`${value} is not exactly a 32-bit float`);
      return;
    case "int32":
    case "sint32":
    case "sfixed32":
      checkInt(value, -2_147_483_648, 2_147_483_647, kind);
      return;
    case "uint32":
    case "fixed32":
      checkInt(value, 0, 4_294_967_295, kind);
      return;
    default:
      int64Parts(value, kind);
  }
}

export function writeScalarValue(w: Sink, kind: string, value: unknown): void {
  switch (kind) {
    case "string":
      writeString(w, value as string);
      return;
    case "bytes": {
      const bytes = value as Uint8Array;
      writeVarint32(w, bytes.length);
      w.ensure(bytes.length);
      w.bytes.set(bytes, w.pos);
      w.pos += bytes.length;
      return;
    }
    case "bool":
      w.ensure(1);
      w.bytes[w.pos++] = value ? 1 : 0;
      return;
    case "double":
      scratch.setFloat64(0, value as number, true);
      writeScratch(w, 8);
      return;
    case "float":
      scratch.setFloat32(0, value as number, true);
      writeScratch(w, 4);
      return;
    case "int32":
      writeSignedVarint(w, value as number);
      return;
    case "uint32":
      writeVarint32(w, value as number);
      return;
    case "sint32": {
      const n = value as number;
      writeVarint32(w, ((n << 1) ^ (n >> 31)) >>> 0);
      return;
    }
    case "fixed32":
      scratch.setUint32(0, value as number, true);
      writeScratch(w, 4);
      return;
    case "sfixed32":
      scratch.setInt32(0, value as number, true);
      writeScratch(w, 4);
      return;
    case "fixed64":
    case "sfixed64": {
      const [low, high] = int64Parts(value, kind);
      scratch.setUint32(0, low, true);
      scratch.setUint32(4, high, true);
      writeScratch(w, 8);
      return;
    }
    default: {
      const [low, high] = int64Parts(value, kind);
      writeVarint64(w, low, high);
      return;
    }
  }
}
