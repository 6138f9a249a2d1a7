// Schema resolution (specification, "Schema Resolution"): reads data that a writer schema wrote
// into the shape of a reader schema, with the same plain values and checks as the normal reader.
// Closures only, no generated code: it runs under any Content-Security-Policy.
import { decodeUtf8, invalidData, malformed, setOwn, within } from "@eventwire/envelope-core/wire";
import { type AvroField, type AvroType, isNullable, isRecord } from "./avro-type.js";
import {
  arrayOf,
  compileReader,
  mapOf,
  type Read,
  readBytes,
  readFloat,
  readInt,
  readLong,
  readString,
} from "./read-avro.js";
import { ResolverCache } from "./resolver-cache.js";
import { copyDefault } from "./schema-defaults.js";
import { simpleNameOf } from "./schema-names.js";

/**
 * Compiles a reader of values that `writer` wrote, returned as values of `reader`. Throws a
 * `TypeError` saying why when the two do not resolve. A writer's union branch that the reader
 * cannot take fails when such a value is read (`INVALID_DATA`), as the specification says, unless
 * no branch resolves at all; so does an enum symbol the reader lacks, when it has no default.
 */
export function compileResolver(writer: AvroType, reader: AvroType, cache = new ResolverCache()): Read {
  if (writer.typeName === "union") return writerUnionResolver(writer, reader, cache);
  if (reader.typeName === "union") return readerUnionResolver(writer, reader, cache);
  return resolveBranch(writer, reader, cache);
}

function writerUnionResolver(writer: AvroType, reader: AvroType, cache: ResolverCache): Read {
  const problems: string[] = [];
  const branches = (writer.types ?? []).map((branch, i): Read => {
    const read = cache.attempt(() => compileResolver(branch, reader, cache), problems);
    return (
      read ??
      (() => invalidData(`the writer's union branch ${i} (${describe(branch)}) cannot be read as ${describe(reader)}`))
    );
  });
  if (problems.length === branches.length) throw new TypeError(problems.join("; "));
  return (c) => {
    const index = readLong(c);
    const branch = branches[index as number] ?? malformed(`union branch ${String(index)} does not exist`);
    return branch(c);
  };
}

/**
 * The reader's branch of the writer's own type (kind and name), else the first branch the writer's
 * type resolves to. Java's Avro looks for its own type first too: without it a string in
 * `["bytes", "string"]` became bytes, even when the union was the writer's own.
 */
function readerUnionResolver(writer: AvroType, reader: AvroType, cache: ResolverCache): Read {
  const problems: string[] = [];
  const own = (branch: AvroType) => branch.typeName === writer.typeName && branch.name === writer.name;
  const branches = reader.types ?? [];
  for (const branch of [...branches.filter(own), ...branches.filter((b) => !own(b))]) {
    const read = cache.attempt(() => resolveBranch(writer, branch, cache), problems);
    if (read !== undefined) return read;
  }
  throw new TypeError(`${describe(writer)} matches no branch of ${describe(reader)}: ${problems.join("; ")}`);
}

function resolveBranch(writer: AvroType, reader: AvroType, cache: ResolverCache): Read {
  const w = writer.typeName;
  const r = reader.typeName;
  if (isRecord(writer) && isRecord(reader)) return recordResolver(writer, reader, cache);
  if (w !== r) return promotion(w, r) ?? cannotRead(writer, reader);
  switch (w) {
    case "enum":
      checkNames(writer, reader);
      return enumResolver(writer, reader);
    case "fixed":
      checkNames(writer, reader);
      if (writer.size !== reader.size)
        throw new TypeError(`fixed ${writer.name} has size ${writer.size}, not ${reader.size}`);
      return compileReader(reader);
    case "array":
      return arrayResolver(writer, reader, cache);
    case "map":
      return mapResolver(writer, reader, cache);
    default:
      return compileReader(reader); // the same primitive
  }
}

/** The promotions the specification allows: int, long, float to wider numbers; string and bytes both ways. */
function promotion(writer: string, reader: string): Read | undefined {
  switch (`${writer}>${reader}`) {
    case "int>long":
    case "int>double":
      return readInt;
    case "int>float":
      return (c) => Math.fround(readInt(c));
    case "long>float":
      return (c) => Math.fround(Number(readLong(c)));
    case "long>double":
      return (c) => Number(readLong(c));
    case "float>double":
      return readFloat;
    case "string>bytes":
      return (c) => encoder.encode(readString(c));
    case "bytes>string":
      return (c) => {
        const bytes = readBytes(c);
        return decodeUtf8(bytes, 0, bytes.length) ?? malformed("bytes read as a string are not valid UTF-8");
      };
    default:
      return undefined;
  }
}

const encoder = new TextEncoder();

function cannotRead(writer: AvroType, reader: AvroType): never {
  throw new TypeError(`${describe(writer)} cannot be read as ${describe(reader)}`);
}

function describe(type: AvroType): string {
  return type.name === undefined ? type.typeName : `${type.typeName} ${type.name}`;
}

/** Named types match by full name, by a reader's alias, or by the same unqualified name (the specification's wording). */
function checkNames(writer: AvroType, reader: AvroType): void {
  const w = writer.name as string;
  const r = reader.name as string;
  if (w === r || (reader.aliases ?? []).includes(w) || simpleNameOf(w) === simpleNameOf(r)) return;
  throw new TypeError(`${describe(writer)} is not ${describe(reader)} nor one of its aliases`);
}

function enumResolver(writer: AvroType, reader: AvroType): Read {
  const known = new Set(reader.symbols);
  const symbols = (writer.symbols ?? []).map((s) => (known.has(s) ? s : reader.default));
  return (c) => {
    const index = readLong(c);
    const symbol = symbols[index as number];
    if (symbol !== undefined) return symbol;
    const written = writer.symbols?.[index as number];
    if (written === undefined) malformed(`enum index ${String(index)} is not one of ${symbols.length} symbols`);
    return invalidData(`the symbol ${written} is not in the reader's enum ${reader.name}, which has no default`);
  };
}

function arrayResolver(writer: AvroType, reader: AvroType, cache: ResolverCache): Read {
  const items = writer.itemsType as AvroType;
  return arrayOf(compileResolver(items, reader.itemsType as AvroType, cache), items);
}

function mapResolver(writer: AvroType, reader: AvroType, cache: ResolverCache): Read {
  const values = writer.valuesType as AvroType;
  return mapOf(compileResolver(values, reader.valuesType as AvroType, cache), values);
}

interface WriterStep {
  readonly name: string;
  readonly read: Read;
  /** The reader field this writer field fills, or -1: read (and so checked), then dropped. */
  readonly slot: number;
}

function recordResolver(writer: AvroType, reader: AvroType, cache: ResolverCache): Read {
  const known = cache.get(writer, reader);
  if (known !== undefined) return known;
  checkNames(writer, reader);
  let resolved: Read | undefined;
  // Registered before the fields compile, so that a recursive record refers to itself.
  cache.set(writer, reader, (c) => (resolved as Read)(c));
  const readerFields = reader.fields ?? [];
  const slots = matchFields(writer, reader);
  const steps: WriterStep[] = (writer.fields ?? []).map((field, i) => {
    const slot = slots[i] as number;
    const target = readerFields[slot];
    const read = target === undefined ? compileReader(field.type, cache.readers) : resolveField(field, target, cache);
    return { name: field.name, read, slot };
  });
  const filled = readerFields.map((_, k) => slots.includes(k));
  const optional = readerFields.map((f) => isNullable(f.type));
  resolved = (c) => {
    const values: unknown[] = new Array(readerFields.length);
    for (const step of steps) {
      let value: unknown;
      try {
        value = step.read(c);
      } catch (error) {
        within(error, step.name);
      }
      if (step.slot >= 0) values[step.slot] = value;
    }
    const out: Record<string, unknown> = {};
    for (let k = 0; k < readerFields.length; k++) {
      const value = filled[k] ? values[k] : copyDefault((readerFields[k] as AvroField).default);
      if (value !== null || !optional[k]) setOwn(out, (readerFields[k] as AvroField).name, value);
    }
    return out;
  };
  return resolved;
}

function resolveField(writer: AvroField, reader: AvroField, cache: ResolverCache): Read {
  try {
    return compileResolver(writer.type, reader.type, cache);
  } catch (error) {
    throw new TypeError(`field ${reader.name}: ${(error as Error).message}`, { cause: error });
  }
}

/** For each writer field, the reader field it fills (by the reader field's name or an alias), or -1. */
function matchFields(writer: AvroType, reader: AvroType): number[] {
  const slots = (writer.fields ?? []).map(() => -1);
  const index = new Map((writer.fields ?? []).map((f, i) => [f.name, i]));
  (reader.fields ?? []).forEach((field, k) => {
    const matches = [...new Set([field.name, ...field.aliases])].filter((name) => index.has(name));
    if (matches.length > 1)
      throw new TypeError(`field ${field.name} of ${reader.name} matches the writer's ${matches.join(" and ")}`);
    const at = matches.length === 1 ? (index.get(matches[0] as string) as number) : -1;
    if (at === -1) {
      if (!field.hasDefault)
        throw new TypeError(`field ${field.name} of ${reader.name} is not in ${writer.name} and has no default`);
      return;
    }
    if (slots[at] !== -1)
      throw new TypeError(`the writer's field ${matches[0]} is matched by two fields of ${reader.name}`);
    slots[at] = k;
  });
  return slots;
}
