import {
  describeValue as describe,
  encodeUtf8Into,
  invalidData as invalid,
  isPlainObject,
  ownProperty,
  type Sink,
  specialize,
  WireError,
  within as withinRead,
} from "@eventwire/envelope-core/wire";

const within = (error: unknown, segment: string | number): never => withinRead(error, segment, "INVALID_DATA");

import { type AvroField, type AvroType, isNullable } from "./avro-type.js";

/** Writes one value, or throws {@link WireError}. */
export type Write = (w: Sink, value: unknown) => void;

const TWO_52 = 2 ** 52;

/** Writes a long as a zig-zag varint: a number that is a safe integer, or a bigint. */
export function writeLong(w: Sink, n: number | bigint): void {
  w.ensure(10);
  const bytes = w.bytes;
  let pos = w.pos;
  if (typeof n === "number" && n >= -0x8000000 && n < 0x8000000) {
    // Fits 28 bits after zig-zag: bit operations are exact.
    let z = (n << 1) ^ (n >> 31);
    while (z >= 0x80) {
      bytes[pos++] = (z & 0x7f) | 0x80;
      z >>>= 7;
    }
    bytes[pos++] = z;
  } else if (typeof n === "number" && n >= -TWO_52 && n < TWO_52) {
    // Below 2^53 after zig-zag: exact in doubles.
    let z = n >= 0 ? n * 2 : -n * 2 - 1;
    while (z >= 0x80) {
      bytes[pos++] = (z % 0x80) | 0x80;
      z = Math.floor(z / 0x80);
    }
    bytes[pos++] = z;
  } else {
    let z = BigInt(n);
    z = z >= 0n ? z << 1n : (-z << 1n) - 1n;
    while (z >= 0x80n) {
      bytes[pos++] = Number(z & 0x7fn) | 0x80;
      z >>= 7n;
    }
    bytes[pos++] = Number(z);
  }
  w.pos = pos;
}

/** Writes a string: its UTF-8 length as a long, then its bytes. */
export function writeString(w: Sink, text: string): void {
  const length = text.length;
  // A short string's byte length (at most 3 per UTF-16 unit) fits a one-byte varint: write the
  // bytes after a one-byte slot and fill it in, with no second pass to measure.
  if (length <= 21) {
    w.ensure(1 + length * 3);
    const end = encodeUtf8Into(text, w.bytes, w.pos + 1);
    if (end === -2) invalid("a string has a lone surrogate, which UTF-8 cannot carry");
    w.bytes[w.pos] = (end - w.pos - 1) << 1;
    w.pos = end;
    return;
  }
  w.ensure(5 + length * 3);
  const start = w.pos + 5;
  const end = encodeUtf8Into(text, w.bytes, start);
  if (end === -2) invalid("a string has a lone surrogate, which UTF-8 cannot carry");
  writeLong(w, end - start);
  w.bytes.copyWithin(w.pos, start, end);
  w.pos += end - start;
}

const scratch = new DataView(new ArrayBuffer(8));
const scratchBytes = new Uint8Array(scratch.buffer);

function writeDouble(w: Sink, value: unknown): void {
  if (typeof value !== "number" || !Number.isFinite(value)) invalid(`${describe(value)} is not a finite number`);
  scratch.setFloat64(0, value, true);
  w.ensure(8);
  const bytes = w.bytes;
  const pos = w.pos;
  for (let i = 0; i < 8; i++) bytes[pos + i] = scratchBytes[i] as number;
  w.pos = pos + 8;
}

function writeFloat(w: Sink, value: unknown): void {
  if (typeof value !== "number" || !Number.isFinite(value)) invalid(`${describe(value)} is not a finite number`);
  if (Math.fround(value) !== value) invalid(`${value} is not exactly a 32-bit float`);
  scratch.setFloat32(0, value, true);
  w.ensure(4);
  w.bytes.set(scratchBytes.subarray(0, 4), w.pos);
  w.pos += 4;
}

function writeInt(w: Sink, value: unknown): void {
  if (typeof value !== "number" || !Number.isInteger(value) || value > 2_147_483_647 || value < -2_147_483_648) {
    invalid(`${describe(value)} is not a 32-bit integer`);
  }
  writeLong(w, value);
}

function writeSafeLong(w: Sink, value: unknown): void {
  if (typeof value !== "number" || !Number.isSafeInteger(value)) invalid(`${describe(value)} is not a safe integer`);
  writeLong(w, value);
}

function writeStringValue(w: Sink, value: unknown): void {
  if (typeof value !== "string") invalid(`${describe(value)} is not a string`);
  writeString(w, value);
}

function writeBoolean(w: Sink, value: unknown): void {
  if (typeof value !== "boolean") invalid(`${describe(value)} is not a boolean`);
  w.ensure(1);
  w.bytes[w.pos++] = value ? 1 : 0;
}

function writeNull(_: Sink, value: unknown): void {
  if (value !== null) invalid(`${describe(value)} is not null`);
}

function writeBytes(w: Sink, value: unknown): void {
  if (!(value instanceof Uint8Array)) invalid(`${describe(value)} is not a Uint8Array`);
  writeLong(w, value.length);
  w.ensure(value.length);
  w.bytes.set(value, w.pos);
  w.pos += value.length;
}

/**
 * Compiles a writer of plain JavaScript values of `type`. It refuses what the schema does not
 * declare (an undeclared record field, a symbol not in the enum, a non-finite number, an int
 * with a fraction or outside 32 bits, a lone surrogate) instead of dropping or changing it.
 */
export function compileWriter(type: AvroType, cache = new Map<AvroType, Write>()): Write {
  const known = cache.get(type);
  if (known !== undefined) return known;
  switch (type.typeName) {
    case "null":
      return writeNull;
    case "boolean":
      return writeBoolean;
    case "int":
      return writeInt;
    case "long":
      return writeSafeLong;
    case "float":
      return writeFloat;
    case "double":
      return writeDouble;
    case "string":
      return writeStringValue;
    case "bytes":
      return writeBytes;
    case "fixed":
      return fixedWriter(type.size ?? 0);
    case "enum":
      return enumWriter(type.symbols ?? []);
    case "array":
      return arrayWriter(type.itemsType as AvroType, cache);
    case "map":
      return mapWriter(type.valuesType as AvroType, cache);
    case "record":
    case "error":
      return recordWriter(type, cache);
    case "union":
      return unionWriter(type.types ?? [], cache);
    default:
      throw new TypeError(`eventwire cannot write Avro type ${type.typeName}`);
  }
}

function fixedWriter(size: number): Write {
  return (w, value) => {
    if (!(value instanceof Uint8Array) || value.length !== size) invalid(`is not a Uint8Array of ${size} bytes`);
    w.ensure(size);
    w.bytes.set(value, w.pos);
    w.pos += size;
  };
}

function enumWriter(symbols: readonly string[]): Write {
  const indexes = new Map(symbols.map((symbol, i) => [symbol, i]));
  return (w, value) => {
    const index = typeof value === "string" ? indexes.get(value) : undefined;
    if (index === undefined) invalid(`${describe(value)} is not one of ${symbols.join(", ")}`);
    writeLong(w, index);
  };
}

function unionWriter(types: readonly AvroType[], cache: Map<AvroType, Write>): Write {
  const branches = types.map((t) => compileWriter(t, cache));
  const nullIndex = types.findIndex((t) => t.typeName === "null");
  return (w, value) => {
    if (value === null && nullIndex >= 0) {
      writeLong(w, nullIndex);
      return;
    }
    // The first branch that takes the value, as Avro's JSON encoding of unions reads.
    const start = w.pos;
    let last: unknown;
    for (let i = 0; i < branches.length; i++) {
      if (i === nullIndex) continue;
      try {
        writeLong(w, i);
        (branches[i] as Write)(w, value);
        return;
      } catch (error) {
        w.pos = start;
        last = error;
      }
    }
    throw last ?? new WireError("INVALID_DATA", `${describe(value)} matches no branch of the union`);
  };
}

function arrayWriter(items: AvroType, cache: Map<AvroType, Write>): Write {
  const write = compileWriter(items, cache);
  return (w, value) => {
    if (!Array.isArray(value)) invalid(`${describe(value)} is not an array`);
    if (value.length > 0) {
      writeLong(w, value.length);
      for (let i = 0; i < value.length; i++) {
        try {
          write(w, value[i]);
        } catch (error) {
          within(error, i);
        }
      }
    }
    writeLong(w, 0);
  };
}

function mapWriter(values: AvroType, cache: Map<AvroType, Write>): Write {
  const write = compileWriter(values, cache);
  return (w, value) => {
    if (!isPlainObject(value)) invalid(`${describe(value)} is not a plain object`);
    const keys = Object.keys(value);
    if (keys.length > 0) {
      writeLong(w, keys.length);
      for (const key of keys) {
        writeString(w, key);
        try {
          write(w, value[key]);
        } catch (error) {
          within(error, key);
        }
      }
    }
    writeLong(w, 0);
  };
}

interface FieldWriter {
  readonly name: string;
  readonly write: Write;
  readonly optional: boolean;
  readonly fallback: unknown;
}

function recordWriter(type: AvroType, cache: Map<AvroType, Write>): Write {
  const fields: FieldWriter[] = [];
  const names = new Set<string>();
  const write: Write = (w, value) => {
    if (!isPlainObject(value)) invalid(`${describe(value)} is not a plain object`);
    let present = 0;
    for (const field of fields) {
      let item = Object.hasOwn(value, field.name) ? value[field.name] : undefined;
      if (item === undefined) {
        if (field.optional) item = null;
        else if (field.fallback !== undefined) item = field.fallback;
        else within(new WireError("INVALID_DATA", "is required"), field.name);
      } else {
        present++;
      }
      try {
        field.write(w, item);
      } catch (error) {
        within(error, field.name);
      }
    }
    // Every own key must be a declared field: nothing is dropped silently. (A declared key set to
    // undefined counts as not set, as in JSON.)
    if (Object.keys(value).length !== present) {
      for (const key of Object.keys(value)) {
        if (!names.has(key)) within(new WireError("INVALID_DATA", "is not declared by the schema"), key);
      }
    }
  };
  // Registered before the fields compile, so that a recursive record refers to itself.
  let specialized: Write | undefined;
  cache.set(type, (w, value) => (specialized ?? write)(w, value));
  for (const field of type.fields ?? []) {
    names.add(field.name);
    fields.push({
      name: field.name,
      write: compileWriter(field.type, cache),
      optional: isNullable(field.type),
      fallback: defaultOf(field),
    });
  }
  specialized = specializeRecordWriter(fields, names);
  return specialized ?? write;
}

/**
 * The same writer as code made for this one record type, reading fields by fixed names (a
 * closure shared by every record type goes megamorphic at its property reads).
 */
function specializeRecordWriter(fields: readonly FieldWriter[], names: ReadonlySet<string>): Write | undefined {
  const lines = [
    "return function write(w, value) {",
    "  if (!isPlainObject(value)) notPlain(value);",
    "  let present = 0;",
    "  let item;",
  ];
  fields.forEach((field, i) => {
    const key = JSON.stringify(field.name);
    const read = ownProperty("value", field.name);
    const absent = field.optional
      ? "item = null;"
      : field.fallback !== undefined
        ? `item = fallback${i};`
        : `missing(${key});`;
    lines.push(
      `  item = ${read};`,
      `  if (item === undefined) ${absent} else present++;`,
      `  try { write${i}(w, item); } catch (error) { within(error, ${key}); }`,
    );
  });
  // Every own key must be a declared field (a declared key set to undefined counts as not set).
  lines.push(
    "  let keys = 0;",
    "  for (const key in value) keys++;",
    "  if (keys !== present) undeclared(value);",
    "};",
  );
  return specialize<Write>(
    [
      "isPlainObject",
      "notPlain",
      "missing",
      "within",
      "undeclared",
      ...fields.map((_, i) => `write${i}`),
      ...fields.map((_, i) => `fallback${i}`),
    ],
    [
      isPlainObject,
      (value: unknown) => invalid(`${describe(value)} is not a plain object`),
      (name: string) => within(new WireError("INVALID_DATA", "is required"), name),
      within,
      (value: Record<string, unknown>) => {
        for (const key of Object.keys(value)) {
          if (!names.has(key)) within(new WireError("INVALID_DATA", "is not declared by the schema"), key);
        }
      },
      ...fields.map((f) => f.write),
      ...fields.map((f) => f.fallback),
    ],
    lines.join("\n"),
  );
}

/** The value a missing field is written as: its default, if it has one (undefined: none). */
function defaultOf(field: AvroField): unknown {
  return field.hasDefault ? field.default : undefined;
}
