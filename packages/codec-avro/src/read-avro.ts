import {
  type Cursor,
  decodeUtf8,
  invalidData,
  literalKey,
  malformed,
  setOwn,
  specialize,
  store,
  within,
} from "@eventwire/envelope-core/wire";
import { type AvroType, isNullable, minimumSize } from "./avro-type.js";
import { cachedString, MAX_CACHED } from "./string-cache.js";

/** Reads one value and moves the cursor past it, or throws {@link WireError}. */
export type Read = (c: Cursor) => unknown;

const TWO_31 = 2_147_483_648;

/**
 * Reads a zig-zag varint long. Returns a number while it is a safe integer, else a bigint.
 * Refuses a varint longer than 10 bytes or one that runs past the end.
 */
export function readLong(c: Cursor): number | bigint {
  const bytes = c.bytes;
  let pos = c.pos;
  let b = bytes[pos++] ?? malformed("a number runs past the end of the input");
  if (b < 0x80) {
    c.pos = pos;
    return (b >>> 1) ^ -(b & 1);
  }
  // Up to 4 bytes fit in 28 bits; past that collect low and high halves.
  let low = b & 0x7f;
  let shift = 7;
  do {
    b = bytes[pos++] ?? malformed("a number runs past the end of the input");
    if (shift < 28) low |= (b & 0x7f) << shift;
    else return readLongTail(c, pos, low, b);
    shift += 7;
  } while (b >= 0x80);
  c.pos = pos;
  return (low >>> 1) ^ -(low & 1);
}

function readLongTail(c: Cursor, pos: number, low28: number, b: number): number | bigint {
  // `b` is the fifth byte: 4 bits go to the low 32, the rest start the high half.
  const low = (low28 | ((b & 0x0f) << 28)) >>> 0;
  let high = (b & 0x7f) >> 4;
  let shift = 3;
  while (b >= 0x80) {
    if (shift > 31) malformed("a number is longer than 10 bytes");
    b = c.bytes[pos++] ?? malformed("a number runs past the end of the input");
    if (shift === 31 && b > 1) malformed("a number is larger than 64 bits");
    high = (high | ((b & 0x7f) << shift)) >>> 0;
    shift += 7;
  }
  c.pos = pos;
  if (high < 0x400000) {
    // The zig-zag value is below 2^54, so its half is below 2^53: exact as a double.
    const half = high * TWO_31 + (low >>> 1);
    const value = low & 1 ? -half - 1 : half;
    if (Number.isSafeInteger(value)) return value;
  }
  const n = (BigInt(high) << 32n) | BigInt(low);
  return (n >> 1n) ^ -(n & 1n);
}

export function readSafeLong(c: Cursor): number {
  const n = readLong(c);
  if (typeof n !== "number") {
    invalidData("a long outside JavaScript's safe integers cannot be carried exactly");
  }
  return n;
}

export function readInt(c: Cursor): number {
  const n = readLong(c);
  if (typeof n !== "number" || n > 2_147_483_647 || n < -2_147_483_648) malformed("an int is outside 32 bits");
  return n;
}

function readLength(c: Cursor, what: string): number {
  const n = readLong(c);
  if (typeof n !== "number" || n < 0 || n > c.bytes.length - c.pos) {
    malformed(`${what} of ${String(n)} bytes does not fit in the ${c.bytes.length - c.pos} bytes left`);
  }
  return n;
}

/** Reads a string, refusing invalid UTF-8. */
export function readString(c: Cursor): string {
  const length = readLength(c, "a string");
  const start = c.pos;
  c.pos = start + length;
  const text =
    length > MAX_CACHED
      ? decodeUtf8(c.bytes, start, c.pos)
      : length === 0
        ? ""
        : cachedString(c.bytes, start, c.pos, decodeUtf8);
  return text ?? malformed("a string is not valid UTF-8");
}

const scratch = new DataView(new ArrayBuffer(8));

export function readDouble(c: Cursor): number {
  const bytes = c.bytes;
  const pos = c.pos;
  if (pos + 8 > bytes.length) malformed("a double runs past the end of the input");
  for (let i = 0; i < 8; i++) scratch.setUint8(i, bytes[pos + i] as number);
  c.pos = pos + 8;
  const value = scratch.getFloat64(0, true);
  if (!Number.isFinite(value)) invalidData(`${value} is not a finite number`);
  return value;
}

export function readFloat(c: Cursor): number {
  const bytes = c.bytes;
  const pos = c.pos;
  if (pos + 4 > bytes.length) malformed("a float runs past the end of the input");
  for (let i = 0; i < 4; i++) scratch.setUint8(i, bytes[pos + i] as number);
  c.pos = pos + 4;
  const value = scratch.getFloat32(0, true);
  if (!Number.isFinite(value)) invalidData(`${value} is not a finite number`);
  return value;
}

function readBoolean(c: Cursor): boolean {
  const b = c.bytes[c.pos++];
  if (b === 0) return false;
  if (b === 1) return true;
  return malformed(b === undefined ? "a boolean runs past the end of the input" : `a boolean byte is ${b}, not 0 or 1`);
}

export function readBytes(c: Cursor): Uint8Array {
  const length = readLength(c, "a bytes value");
  c.pos += length;
  return c.bytes.slice(c.pos - length, c.pos);
}

function readNull(): null {
  return null;
}

/**
 * Compiles a reader of values of `type` into plain JavaScript values: records are plain objects
 * (a field whose optional value is null is left out), maps are plain objects, enums their
 * symbols. Every length and block count is checked against what is left of the input before
 * anything of that size is allocated or looped over.
 */
export function compileReader(type: AvroType, cache = new Map<AvroType, Read>()): Read {
  const known = cache.get(type);
  if (known !== undefined) return known;
  switch (type.typeName) {
    case "null":
      return readNull;
    case "boolean":
      return readBoolean;
    case "int":
      return readInt;
    case "long":
      return readSafeLong;
    case "float":
      return readFloat;
    case "double":
      return readDouble;
    case "string":
      return readString;
    case "bytes":
      return readBytes;
    case "fixed":
      return fixedReader(type.size ?? 0);
    case "enum":
      return enumReader(type.symbols ?? []);
    case "array":
      return arrayReader(type.itemsType as AvroType, cache);
    case "map":
      return mapReader(type.valuesType as AvroType, cache);
    case "record":
    case "error":
      return recordReader(type, cache);
    case "union":
      return unionReader(type.types ?? [], cache);
    default:
      throw new TypeError(`eventwire cannot read Avro type ${type.typeName}`);
  }
}

function fixedReader(size: number): Read {
  return (c) => {
    if (c.pos + size > c.bytes.length) malformed("a fixed value runs past the end of the input");
    c.pos += size;
    return c.bytes.slice(c.pos - size, c.pos);
  };
}

function enumReader(symbols: readonly string[]): Read {
  return (c) => {
    const index = readLong(c);
    return symbols[index as number] ?? malformed(`enum index ${String(index)} is not one of ${symbols.length} symbols`);
  };
}

function unionReader(types: readonly AvroType[], cache: Map<AvroType, Read>): Read {
  const branches = types.map((t) => compileReader(t, cache));
  return (c) => {
    const index = readLong(c);
    const branch = branches[index as number] ?? malformed(`union branch ${String(index)} does not exist`);
    return branch(c);
  };
}

/** Reads the next block count of an array or map, checked against what the input can hold. */
export function readBlockCount(c: Cursor, minimum: number): number {
  let count = readLong(c);
  if (typeof count !== "number") return malformed("a block count is larger than the input");
  if (count < 0) {
    count = -count;
    readLong(c); // the block's size in bytes, which a reader may use to skip it
  }
  if (count * minimum > c.bytes.length - c.pos) {
    malformed(`a block of ${count} items does not fit in the ${c.bytes.length - c.pos} bytes left`);
  }
  return count;
}

function arrayReader(items: AvroType, cache: Map<AvroType, Read>): Read {
  return arrayOf(compileReader(items, cache), items);
}

/** Reads an array's blocks, each item with `read`; `items` (the writer's) sizes the count check. */
export function arrayOf(read: Read, items: AvroType): Read {
  const minimum = Math.max(1, minimumSize(items));
  return (c) => {
    const out: unknown[] = [];
    for (let count = readBlockCount(c, minimum); count !== 0; count = readBlockCount(c, minimum)) {
      for (let i = 0; i < count; i++) {
        try {
          out.push(read(c));
        } catch (error) {
          within(error, out.length);
        }
      }
    }
    return out;
  };
}

function mapReader(values: AvroType, cache: Map<AvroType, Read>): Read {
  return mapOf(compileReader(values, cache), values);
}

/** Reads a map's blocks, each value with `read`; `values` (the writer's) sizes the count check. */
export function mapOf(read: Read, values: AvroType): Read {
  const minimum = 1 + minimumSize(values);
  return (c) => {
    const out: Record<string, unknown> = {};
    for (let count = readBlockCount(c, minimum); count !== 0; count = readBlockCount(c, minimum)) {
      for (let i = 0; i < count; i++) {
        const key = readString(c);
        try {
          setOwn(out, key, read(c));
        } catch (error) {
          within(error, key);
        }
      }
    }
    return out;
  };
}

function recordReader(type: AvroType, cache: Map<AvroType, Read>): Read {
  const fields: { name: string; read: Read; optional: boolean; plain: boolean }[] = [];
  const read: Read = (c) => {
    const out: Record<string, unknown> = {};
    for (const field of fields) {
      let value: unknown;
      try {
        value = field.read(c);
      } catch (error) {
        within(error, field.name);
      }
      if (value !== null || !field.optional) {
        if (field.plain) out[field.name] = value;
        else setOwn(out, field.name, value);
      }
    }
    return out;
  };
  // Registered before the fields compile, so that a recursive record refers to itself.
  cache.set(type, read);
  for (const field of type.fields ?? []) {
    fields.push({
      name: field.name,
      read: compileReader(field.type, cache),
      optional: isNullable(field.type),
      // Avro allows a field named __proto__, which plain assignment would not set.
      plain: field.name !== "__proto__",
    });
  }
  const specialized = specializeRecordReader(fields);
  if (specialized !== undefined) cache.set(type, specialized);
  return specialized ?? read;
}

/**
 * The same reader as code made for this one record type. The fields up to the first optional one
 * go into one object literal; the rest are added after it in schema order (an optional one when
 * not null), so that the keys come in the schema's order, as from the closure. (A recursive
 * record reached before this point keeps the closure.)
 */
function specializeRecordReader(fields: readonly { name: string; read: Read; optional: boolean }[]): Read | undefined {
  const lines = ["return function read(c) {", "  let value;"];
  fields.forEach(({ name }, i) => {
    lines.push(`  try { value = read${i}(c); } catch (error) { within(error, ${JSON.stringify(name)}); }`);
    lines.push(`  const f${i} = value;`);
  });
  const firstOptional = fields.findIndex((f) => f.optional);
  const literal = firstOptional === -1 ? fields.length : firstOptional;
  lines.push(
    `  const out = { ${fields
      .slice(0, literal)
      .map(({ name }, i) => `${literalKey(name)}: f${i}`)
      .join(", ")} };`,
  );
  fields.slice(literal).forEach(({ name, optional }, j) => {
    const i = literal + j;
    lines.push(optional ? `  if (f${i} !== null) ${store("out", name, `f${i}`)}` : `  ${store("out", name, `f${i}`)}`);
  });
  lines.push("  return out;", "};");
  return specialize<Read>(
    ["within", "setOwn", ...fields.map((_, i) => `read${i}`)],
    [within, setOwn, ...fields.map((f) => f.read)],
    lines.join("\n"),
  );
}
