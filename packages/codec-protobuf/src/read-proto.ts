import {
  type Cursor,
  decodeUtf8,
  invalidData,
  literalKey,
  malformed,
  property,
  setOwn,
  specialize,
  WireError,
  within,
} from "@eventwire/envelope-core/wire";
import type protobuf from "protobufjs";
import { defaultOf, type FieldInfo, fieldsOf, WireType, wireTypeOf } from "./proto-fields.js";

// The high 32 bits of the last varint read by readVarint, so that it returns without allocating.
let high = 0;

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
function readScalar(c: Cursor, kind: string, end: number): unknown {
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
      return readVarint(c) !== 0 || high !== 0;
    case "int32":
      return readVarint(c) | 0;
    case "uint32":
      return readVarint(c);
    case "sint32": {
      const n = readVarint(c);
      return (n >>> 1) ^ -(n & 1);
    }
    case "int64":
      return toInt64String(readVarint(c), high, true);
    case "uint64":
      return toInt64String(readVarint(c), high, false);
    case "sint64":
      return zigzag64(readVarint(c), high);
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
export type ReadMessage = (c: Cursor, end: number, into?: Record<string, unknown>) => Record<string, unknown>;

interface FieldReader {
  readonly info: FieldInfo;
  read(c: Cursor, wireType: number, end: number, out: Record<string, unknown>): void;
}

/**
 * Compiles a reader of `type` into plain objects: enums as their names, 64-bit integers as
 * decimal strings, bytes as Uint8Array, maps as plain objects, fields with implicit presence
 * always there (their default when not on the wire), fields with explicit presence only when set.
 * Every length is checked against what is left before anything is allocated.
 */
export function compileMessageReader(type: protobuf.Type, cache = new Map<protobuf.Type, ReadMessage>()): ReadMessage {
  const known = cache.get(type);
  if (known !== undefined) return known;
  const byId: (FieldReader | undefined)[] = [];
  const byIdMap = new Map<number, FieldReader>();
  const implicit: FieldInfo[] = [];
  const read: ReadMessage = (c, end, into) => {
    const out = into ?? {};
    if (into === undefined) for (const field of implicit) setOwn(out, field.name, initial(field));
    while (c.pos < end) {
      const tag = readVarint32(c);
      const id = tag >>> 3;
      if (id === 0) malformed("field number 0 does not exist");
      const reader = id < 1024 ? byId[id] : byIdMap.get(id);
      if (reader === undefined) skipField(c, tag & 7, end);
      else reader.read(c, tag & 7, end, out);
    }
    if (c.pos !== end) malformed("a field runs past the end of its message");
    return out;
  };
  // Registered before the fields compile, so that a recursive message refers to itself.
  let specialized: ReadMessage | undefined;
  cache.set(type, (c, end, into) => (specialized ?? read)(c, end, into));
  const fields = fieldsOf(type);
  const readers: FieldReader[] = [];
  for (const info of fields) {
    const siblings = info.oneof === undefined ? [] : fields.filter((f) => f.oneof === info.oneof && f !== info);
    const reader = fieldReader(
      info,
      cache,
      siblings.map((f) => f.name),
    );
    readers.push(reader);
    if (info.id < 1024) byId[info.id] = reader;
    else byIdMap.set(info.id, reader);
    if (!info.presence) implicit.push(info);
  }
  specialized = specializeReader(readers, cache);
  return specialized ?? read;
}

/**
 * The same reader as the closure above, as code made for this one message type: the implicit
 * fields' defaults as one object literal, and the common fields read and stored by fixed names.
 */
function specializeReader(
  readers: readonly FieldReader[],
  cache: Map<protobuf.Type, ReadMessage>,
): ReadMessage | undefined {
  const initial = readers
    .filter(({ info }) => !info.presence)
    .map(({ info }) => `${literalKey(info.name)}: ${defaultLiteral(info)}`)
    .join(", ");
  const cases = readers.map(({ info }, i) => {
    const name = JSON.stringify(info.name);
    const at = `out${property(info.name)}`;
    const simple = !info.repeated && info.mapKey === undefined && info.oneof === undefined && info.name !== "__proto__";
    if (!simple) return `      case ${info.id}: field${i}(c, tag & 7, end, out); break;`;
    const store = `try { ${at} = value${i}(c, end); } catch (error) { within(error, ${name}); }`;
    const merge =
      info.kind === "message" ? `if (${at} !== undefined) { field${i}(c, tag & 7, end, out); break; } ` : "";
    return `      case ${info.id}: if ((tag & 7) !== ${wireTypeOf(info.kind)}) wrongWireType(${name}, tag & 7); ${merge}${store} break;`;
  });
  const body = [
    "return function read(c, end, into) {",
    `  const out = into !== undefined ? into : { ${initial} };`,
    "  while (c.pos < end) {",
    "    const tag = readVarint32(c);",
    "    switch (tag >>> 3) {",
    ...cases,
    '      case 0: malformed("field number 0 does not exist");',
    "      default: skipField(c, tag & 7, end);",
    "    }",
    "  }",
    '  if (c.pos !== end) malformed("a field runs past the end of its message");',
    "  return out;",
    "};",
  ].join("\n");
  return specialize<ReadMessage>(
    [
      "readVarint32",
      "skipField",
      "malformed",
      "within",
      "wrongWireType",
      "EMPTY_BYTES",
      ...readers.map((_, i) => `field${i}`),
      ...readers.map((_, i) => `value${i}`),
    ],
    [
      readVarint32,
      skipField,
      malformed,
      within,
      (name: string, wireType: number) =>
        within(new WireError("MALFORMED", `wire type ${wireType} does not fit this field`), name),
      EMPTY_BYTES,
      ...readers.map((reader) => reader.read),
      ...readers.map(({ info }) => valueReader(info, cache)),
    ],
    body,
  );
}

const EMPTY_BYTES = new Uint8Array(0);

/** The default of an implicit-presence field as a literal of generated code. */
function defaultLiteral(info: FieldInfo): string {
  if (info.mapKey !== undefined) return "{}";
  if (info.repeated) return "[]";
  if (info.kind === "bytes") return "EMPTY_BYTES";
  return JSON.stringify(defaultOf(info));
}

function initial(field: FieldInfo): unknown {
  if (field.mapKey !== undefined) return {};
  if (field.repeated) return [];
  return defaultOf(field);
}

function fieldReader(info: FieldInfo, cache: Map<protobuf.Type, ReadMessage>, oneofSiblings: string[]): FieldReader {
  const expected = info.mapKey !== undefined ? WireType.LEN : wireTypeOf(info.kind);
  const readValue = valueReader(info, cache);
  const { name } = info;
  const wrongWireType = (wireType: number): never =>
    malformed(`wire type ${wireType} is not the ${expected} of a ${info.kind} field`);
  if (info.mapKey !== undefined) {
    const readEntry = mapEntryReader(info, cache);
    return {
      info,
      read(c, wireType, end, out) {
        if (wireType !== WireType.LEN) wrongWireType(wireType);
        try {
          readEntry(c, end, out[name] as Record<string, unknown>);
        } catch (error) {
          within(error, name);
        }
      },
    };
  }
  if (info.repeated) {
    const packable = expected !== WireType.LEN;
    return {
      info,
      read(c, wireType, end, out) {
        const list = out[name] as unknown[];
        try {
          if (packable && wireType === WireType.LEN) {
            const stop = readEnd(c, end);
            while (c.pos < stop) list.push(readValue(c, stop));
            if (c.pos !== stop) malformed("a packed value runs past the end of its field");
          } else if (wireType === expected) {
            list.push(readValue(c, end));
          } else {
            wrongWireType(wireType);
          }
        } catch (error) {
          within(error, name);
        }
      },
    };
  }
  return {
    info,
    read(c, wireType, end, out) {
      try {
        if (wireType !== expected) wrongWireType(wireType);
        if (info.kind === "message" && out[name] !== undefined) {
          // A message field seen twice is merged, as the Protobuf encoding specifies.
          const stop = readEnd(c, end);
          messageReaderOf(info, cache)(c, stop, out[name] as Record<string, unknown>);
        } else {
          setOwn(out, name, readValue(c, end));
        }
      } catch (error) {
        within(error, name);
      }
      // The last member of a oneof on the wire wins.
      for (const sibling of oneofSiblings) delete out[sibling];
    },
  };
}

function messageReaderOf(info: FieldInfo, cache: Map<protobuf.Type, ReadMessage>): ReadMessage {
  return compileMessageReader(info.messageType as protobuf.Type, cache);
}

/** Reads one value of a field (not the tag). */
function valueReader(info: FieldInfo, cache: Map<protobuf.Type, ReadMessage>): (c: Cursor, end: number) => unknown {
  if (info.kind === "message") {
    let message: ReadMessage | undefined;
    return (c, end) => {
      message ??= messageReaderOf(info, cache);
      const stop = readEnd(c, end);
      return message(c, stop);
    };
  }
  if (info.kind === "enum") {
    const names = info.enumType?.valuesById ?? {};
    return (c) => {
      const value = readVarint(c) | 0;
      const name = names[value];
      if (name === undefined) invalidData(`enum value ${value} has no name`);
      return name;
    };
  }
  const kind = info.kind;
  return (c, end) => readScalar(c, kind, end);
}

function mapEntryReader(
  info: FieldInfo,
  cache: Map<protobuf.Type, ReadMessage>,
): (c: Cursor, end: number, target: Record<string, unknown>) => void {
  const keyKind = info.mapKey as string;
  const keyInfo: FieldInfo = { ...info, kind: keyKind, mapKey: undefined, repeated: false, enumType: undefined };
  const valueInfo: FieldInfo = { ...info, mapKey: undefined, repeated: false };
  const readKey = valueReader(keyInfo, cache);
  const readValue = valueReader(valueInfo, cache);
  const keyWire = wireTypeOf(keyKind);
  const valueWire = wireTypeOf(info.kind);
  return (c, end, target) => {
    const stop = readEnd(c, end);
    let key: unknown = defaultOf(keyInfo);
    let value: unknown = info.kind === "message" ? messageReaderOf(info, cache)(c, c.pos) : defaultOf(valueInfo);
    while (c.pos < stop) {
      const tag = readVarint32(c);
      if (tag === ((1 << 3) | keyWire)) key = readKey(c, stop);
      else if (tag === ((2 << 3) | valueWire)) value = readValue(c, stop);
      else skipField(c, tag & 7, stop);
    }
    if (c.pos !== stop) malformed("a map entry runs past its end");
    setOwn(target, String(key), value);
  };
}

/** Reads a signed 64-bit varint as a number; one beyond safe integers comes out rounded (callers range-check). */
export function readInt64Number(c: Cursor): number {
  const low = readVarint(c);
  if (high === 0) return low;
  if (high >= 0x80000000) return Number(((BigInt(high) << 32n) | BigInt(low)) - (1n << 64n));
  return high * TWO_32 + low;
}
