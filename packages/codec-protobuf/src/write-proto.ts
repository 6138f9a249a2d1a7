import {
  describeValue as describe,
  encodeUtf8Into,
  getOwn,
  invalidData as invalid,
  isPlainObject,
  ownProperty,
  type Sink,
  specialize,
  WireError,
  within as withinRead,
} from "@eventwire/envelope-core/wire";
import type protobuf from "protobufjs";
import { type FieldInfo, fieldsOf, isDefault, WireType, wireTypeOf } from "./proto-fields.js";

const within = (error: unknown, segment: string | number): never => withinRead(error, segment, "INVALID_DATA");

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
function checkScalar(kind: string, value: unknown): void {
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

function writeScalarValue(w: Sink, kind: string, value: unknown): void {
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

/** Writes a message's fields (no tag, no length) from a plain object. */
export type WriteMessage = (w: Sink, value: unknown) => void;

interface FieldWriter {
  readonly info: FieldInfo;
  write(w: Sink, value: unknown): void;
}

/**
 * Compiles a writer of plain objects as `type`, in field-number order and leaving out proto3
 * defaults as protoc does; map entries are written in key order, so that the bytes are those of
 * `protoc --encode --deterministic_output`. It refuses what the type does not declare, a value
 * of the wrong type or out of range, and a missing field without explicit presence.
 */
export function compileMessageWriter(
  type: protobuf.Type,
  cache = new Map<protobuf.Type, WriteMessage>(),
): WriteMessage {
  const known = cache.get(type);
  if (known !== undefined) return known;
  const writers: FieldWriter[] = [];
  const names = new Set<string>();
  const oneofs = new Map<string, string[]>();
  const write: WriteMessage = (w, value) => {
    if (!isPlainObject(value)) invalid(`${describe(value)} is not a plain object`);
    let present = 0;
    for (const writer of writers) {
      const item = getOwn(value, writer.info.name);
      if (item === undefined || (item === null && writer.info.presence)) {
        if (!writer.info.presence) {
          // An undeclared key explains a missing field better (a camel-cased Root, a typo).
          checkKeys(value, names, type);
          within(new WireError("INVALID_DATA", requiredMessage(writer.info)), writer.info.name);
        }
        continue;
      }
      present++;
      try {
        writer.write(w, item);
      } catch (error) {
        within(error, writer.info.name);
      }
    }
    if (Object.keys(value).length !== present) checkKeys(value, names, type);
    for (const [oneof, members] of oneofs) {
      const set = members.filter((m) => getOwn(value, m) != null);
      if (set.length > 1) invalid(`${set.join(" and ")} are both set, but oneof ${oneof} takes one`);
    }
  };
  // Registered before the fields compile, so that a recursive message refers to itself.
  let specialized: WriteMessage | undefined;
  cache.set(type, (w, value) => (specialized ?? write)(w, value));
  for (const info of fieldsOf(type)) {
    names.add(info.name);
    if (info.oneof !== undefined) oneofs.set(info.oneof, [...(oneofs.get(info.oneof) ?? []), info.name]);
    writers.push(fieldWriter(info, cache));
  }
  specialized = specializeWriter(writers, oneofs, (value) => checkKeys(value, names, type));
  return specialized ?? write;
}

/** The same writer as the closure above, as code made for this one message type. */
function specializeWriter(
  writers: readonly FieldWriter[],
  oneofs: ReadonlyMap<string, readonly string[]>,
  checkUndeclared: (value: Record<string, unknown>) => void,
): WriteMessage | undefined {
  const lines = [
    "return function write(w, value) {",
    "  if (!isPlainObject(value)) notPlain(value);",
    "  let present = 0;",
    "  let item;",
  ];
  writers.forEach(({ info }, i) => {
    const key = JSON.stringify(info.name);
    lines.push(`  item = ${ownProperty("value", info.name)};`);
    if (info.presence) {
      lines.push(`  if (item !== undefined && item !== null) {`);
    } else {
      lines.push(`  if (item === undefined) missing(value, ${i});`, "  {");
    }
    lines.push(`    present++;`, `    try { write${i}(w, item); } catch (error) { within(error, ${key}); }`, "  }");
  });
  // Every own key must be a declared field (a declared key set to undefined counts as not set).
  lines.push(
    "  let keys = 0;",
    "  for (const key in value) keys++;",
    "  if (keys !== present) checkUndeclared(value);",
  );
  for (const [oneof, members] of oneofs) {
    const set = members.map((m) => `(${ownProperty("value", m)} != null ? 1 : 0)`).join(" + ");
    lines.push(`  if (${set} > 1) twoOneofMembers(value, ${JSON.stringify(oneof)}, ${JSON.stringify(members)});`);
  }
  lines.push("};");
  const fieldNames = writers.map((_, i) => `write${i}`);
  return specialize<WriteMessage>(
    ["isPlainObject", "notPlain", "missing", "within", "checkUndeclared", "twoOneofMembers", ...fieldNames],
    [
      isPlainObject,
      (value: unknown) => invalid(`${describe(value)} is not a plain object`),
      (value: Record<string, unknown>, i: number) => {
        const info = (writers[i] as FieldWriter).info;
        checkUndeclared(value);
        within(new WireError("INVALID_DATA", requiredMessage(info)), info.name);
      },
      within,
      checkUndeclared,
      (value: Record<string, unknown>, oneof: string, members: string[]) => {
        const set = members.filter((m) => getOwn(value, m) != null);
        invalid(`${set.join(" and ")} are both set, but oneof ${oneof} takes one`);
      },
      ...writers.map((writer) => writer.write),
    ],
    lines.join("\n"),
  );
}

function requiredMessage(info: FieldInfo): string {
  return info.repeated
    ? "is required (an empty list or map is written as [] or {})"
    : "is required: a proto3 field without `optional` always has a value";
}

function checkKeys(value: Record<string, unknown>, names: Set<string>, type: protobuf.Type): void {
  for (const key of Object.keys(value)) {
    if (names.has(key)) continue;
    const camel = key.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
    const hint =
      camel !== key && names.has(camel)
        ? ` (${type.fullName} declares ${camel}: parse the .proto with keepCase: true to keep field names as written)`
        : "";
    within(new WireError("INVALID_DATA", `is not declared by the schema${hint}`), key);
  }
}

function fieldWriter(info: FieldInfo, cache: Map<protobuf.Type, WriteMessage>): FieldWriter {
  const tag = (info.id << 3) | (info.mapKey !== undefined ? WireType.LEN : wireTypeOf(info.kind));
  const writeValue = valueWriter(info, cache);
  if (info.mapKey !== undefined) return { info, write: mapWriter(info, cache) };
  if (info.repeated) {
    if (info.packed) {
      const packedTag = (info.id << 3) | WireType.LEN;
      return {
        info,
        write(w, value) {
          if (!Array.isArray(value)) invalid(`${describe(value)} is not an array`);
          if (value.length === 0) return;
          writeVarint32(w, packedTag);
          const mark = beginDelimited(w);
          for (let i = 0; i < value.length; i++) {
            try {
              writeValue(w, value[i]);
            } catch (error) {
              within(error, i);
            }
          }
          endDelimited(w, mark);
        },
      };
    }
    return {
      info,
      write(w, value) {
        if (!Array.isArray(value)) invalid(`${describe(value)} is not an array`);
        for (let i = 0; i < value.length; i++) {
          writeVarint32(w, tag);
          try {
            writeValue(w, value[i]);
          } catch (error) {
            within(error, i);
          }
        }
      },
    };
  }
  const kind = info.kind;
  const skipDefault = !info.presence && kind !== "message" && kind !== "enum";
  return {
    info,
    write(w, value) {
      if (skipDefault) {
        // Checked once here, where the default must be known; written without checking again.
        checkScalar(kind, value);
        if (isDefault(kind, value)) return;
        writeVarint32(w, tag);
        writeScalarValue(w, kind, value);
        return;
      }
      const start = w.pos;
      writeVarint32(w, tag);
      const afterTag = w.pos;
      writeValue(w, value);
      // An enum's first value is its default: take the tag back, as protoc does not write it.
      if (kind === "enum" && !info.presence && w.pos === afterTag + 1 && w.bytes[afterTag] === 0) w.pos = start;
    },
  };
}

function valueWriter(info: FieldInfo, cache: Map<protobuf.Type, WriteMessage>): (w: Sink, value: unknown) => void {
  if (info.kind === "message") {
    let message: WriteMessage | undefined;
    return (w, value) => {
      message ??= compileMessageWriter(info.messageType as protobuf.Type, cache);
      const mark = beginDelimited(w);
      message(w, value);
      endDelimited(w, mark);
    };
  }
  if (info.kind === "enum") {
    const values = info.enumType?.values ?? {};
    const numbers = new Map(Object.entries(values));
    return (w, value) => {
      const number = typeof value === "string" ? numbers.get(value) : undefined;
      if (number === undefined) invalid(`${describe(value)} is not one of ${[...numbers.keys()].join(", ")}`);
      writeSignedVarint(w, number);
    };
  }
  const kind = info.kind;
  return (w, value) => {
    checkScalar(kind, value);
    writeScalarValue(w, kind, value);
  };
}

function mapWriter(info: FieldInfo, cache: Map<protobuf.Type, WriteMessage>): (w: Sink, value: unknown) => void {
  const tag = (info.id << 3) | WireType.LEN;
  const keyKind = info.mapKey as string;
  const keyTag = (1 << 3) | wireTypeOf(keyKind);
  const valueTag = (2 << 3) | wireTypeOf(info.kind);
  const writeValue = valueWriter({ ...info, repeated: false, mapKey: undefined }, cache);
  const compare = compareKeys(keyKind);
  return (w, value) => {
    if (!isPlainObject(value)) invalid(`${describe(value)} is not a plain object`);
    const keys = Object.keys(value);
    if (keys.length > 1 && !isSorted(keys, compare)) keys.sort(compare);
    for (const key of keys) {
      const item = value[key];
      try {
        const mapKey = mapKeyValue(keyKind, key);
        writeVarint32(w, tag);
        const mark = beginDelimited(w);
        writeVarint32(w, keyTag);
        writeScalarValue(w, keyKind, mapKey);
        writeVarint32(w, valueTag);
        writeValue(w, item);
        endDelimited(w, mark);
      } catch (error) {
        within(error, key);
      }
    }
  };
}

/** A map key from its object key: the string itself, or the number or boolean it spells. */
function mapKeyValue(kind: string, key: string): unknown {
  if (kind === "string") return key;
  if (kind === "bool") {
    if (key !== "true" && key !== "false") invalid(`map key ${JSON.stringify(key)} is not true or false`);
    return key === "true";
  }
  if (!/^-?\d+$/.test(key)) invalid(`map key ${JSON.stringify(key)} is not a ${kind}`);
  const value = kind.endsWith("64") ? key : Number(key);
  checkScalar(kind, value);
  return value;
}

/** Key order of protoc's deterministic output: by code point for strings, by value for numbers. */
function compareKeys(kind: string): (a: string, b: string) => number {
  if (kind === "string") return compareCodePoints;
  if (kind === "bool") return (a, b) => (a === b ? 0 : a === "false" ? -1 : 1);
  return (a, b) => {
    const x = BigInt(a);
    const y = BigInt(b);
    return x < y ? -1 : x > y ? 1 : 0;
  };
}

function isSorted(keys: string[], compare: (a: string, b: string) => number): boolean {
  for (let i = 1; i < keys.length; i++) if (compare(keys[i - 1] as string, keys[i] as string) > 0) return false;
  return true;
}

function compareCodePoints(a: string, b: string): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    const x = a.codePointAt(i) as number;
    const y = b.codePointAt(i) as number;
    if (x !== y) return x - y;
    if (x > 0xffff) i++;
  }
  return a.length - b.length;
}
