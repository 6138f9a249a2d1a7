// Avro schema JSON to the AvroType objects the compilers read (specification 1.12, "Schema
// Declaration"). Our own on purpose: a parser that builds no code at run time (a page with a strict
// Content-Security-Policy) and needs no Node built-ins (a browser bundle without polyfills).
import type { AvroField, AvroType } from "./avro-type.js";
import { checkRecordCanEnd, convertDefaults, type PendingDefault } from "./schema-defaults.js";
import { checkSimpleName, fail, fullNameOf, namespaceOf, namespaceOfFullName, PRIMITIVES } from "./schema-names.js";

/** Options of {@link parseSchema}. */
export interface ParseSchemaOptions {
  /** The namespace a top-level name without one takes. Default none. */
  readonly namespace?: string;
  /**
   * The deepest nesting of types accepted (the top type is level 1, each array, map, union and
   * record field one more): every later pass over the type recurses as deep. Default 128.
   */
  readonly maxDepth?: number;
  /** The level the top type counts as. Default 1; the envelope record is 0, so its data record is 1. */
  readonly topLevel?: number;
}

/** Thrown for a schema nested deeper than `maxDepth`: a limit, not an invalid schema. */
export class SchemaDepthError extends TypeError {}

interface Context {
  readonly named: Map<string, AvroType>;
  readonly pending: PendingDefault[];
  readonly maxDepth: number;
  depth: number;
}

type Json = Record<string, unknown>;
type Mutable<T> = { -readonly [K in keyof T]: T[K] };

const PRIMITIVE_TYPES: ReadonlyMap<string, AvroType> = new Map(
  [...PRIMITIVES].map((name) => [name, Object.freeze({ typeName: name })]),
);

/**
 * Parses an Avro schema (parsed JSON) into its type. Refuses what the specification refuses, with
 * a `TypeError` that says where: an invalid or redefined name, a duplicate field or symbol, an
 * unknown reference, a nested union or two branches of one kind, a default that does not fit its
 * type; and, beyond the specification, a record that can hold no finite value (a required field
 * of its own type), whose reader would never end.
 */
export function parseSchema(schema: unknown, options: ParseSchemaOptions = {}): AvroType {
  const context: Context = {
    named: new Map(),
    pending: [],
    maxDepth: options.maxDepth ?? 128,
    depth: (options.topLevel ?? 1) - 1,
  };
  const type = parseType(schema, options.namespace ?? "", context, "the schema");
  for (const named of context.named.values()) checkRecordCanEnd(named);
  convertDefaults(context.pending);
  return type;
}

function parseType(schema: unknown, namespace: string, context: Context, where: string): AvroType {
  // Counted before anything recurses, so that a schema from outside (a registry's) cannot
  // overflow the stack here or in the compilers after.
  if (context.depth >= context.maxDepth) {
    throw new SchemaDepthError(`${where}: the schema nests deeper than ${context.maxDepth} levels (maxSchemaDepth)`);
  }
  context.depth += 1;
  try {
    return parseTypeAt(schema, namespace, context, where);
  } finally {
    context.depth -= 1;
  }
}

function parseTypeAt(schema: unknown, namespace: string, context: Context, where: string): AvroType {
  if (typeof schema === "string") return referenceTo(schema, namespace, context, where);
  if (Array.isArray(schema)) return parseUnion(schema, namespace, context, where);
  if (typeof schema !== "object" || schema === null) {
    return fail(where, `${JSON.stringify(schema)} is not a schema (a type name, an object or an array)`);
  }
  const json = schema as Json;
  const kind = json.type;
  if (typeof kind !== "string") return fail(where, "an object schema needs a type name");
  const primitive = PRIMITIVE_TYPES.get(kind);
  if (primitive !== undefined) return primitive; // logicalType and other attributes do not change the wire
  switch (kind) {
    case "record":
    case "error":
      return parseRecord(json, kind, namespace, context, where);
    case "enum":
      return parseEnum(json, namespace, context, where);
    case "fixed":
      return parseFixed(json, namespace, context, where);
    case "array":
      return { typeName: "array", itemsType: parseType(required(json, "items", where), namespace, context, where) };
    case "map":
      return { typeName: "map", valuesType: parseType(required(json, "values", where), namespace, context, where) };
    default:
      // The object form names a primitive or a kind of complex type, never a defined name.
      return fail(where, `${JSON.stringify(kind)} is not a primitive nor record, enum, array, map or fixed`);
  }
}

function required(json: Json, key: string, where: string): unknown {
  if (!Object.hasOwn(json, key)) fail(where, `a ${String(json.type)} schema needs "${key}"`);
  return json[key];
}

/** A primitive, or a named type defined before (a dotted name is full; else the enclosing namespace, then none). */
function referenceTo(name: string, namespace: string, context: Context, where: string): AvroType {
  const primitive = PRIMITIVE_TYPES.get(name);
  if (primitive !== undefined) return primitive;
  const found =
    (namespace !== "" && !name.includes(".") ? context.named.get(`${namespace}.${name}`) : undefined) ??
    context.named.get(name);
  return found ?? fail(where, `${JSON.stringify(name)} is not a primitive type nor a type defined before`);
}

interface NamedParts {
  readonly name: string;
  readonly namespace: string;
  readonly aliases: string[];
  readonly where: string;
}

/** Checks and registers a named type's name; nested definitions take its namespace. */
function nameType(json: Json, namespace: string, context: Context, where: string): NamedParts {
  const space = namespaceOf(json.namespace, namespace, where);
  const name = fullNameOf(json.name, space, where);
  const at = `${json.type} ${name}`;
  if (context.named.has(name) || PRIMITIVES.has(name)) fail(at, "the name is defined twice");
  const own = namespaceOfFullName(name);
  const aliases = listOf(json.aliases, at, "aliases").map((alias) => fullNameOf(alias, own, at));
  return { name, namespace: own, aliases, where: at };
}

function listOf(value: unknown, where: string, what: string): unknown[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) fail(where, `${what} must be an array`);
  return value;
}

function parseRecord(json: Json, kind: string, namespace: string, context: Context, where: string): AvroType {
  const parts = nameType(json, namespace, context, where);
  const fields: AvroField[] = [];
  const type: AvroType = { typeName: kind, name: parts.name, aliases: parts.aliases, fields };
  // Registered before its fields, so that a field can refer to the record itself.
  context.named.set(parts.name, type);
  if (!Array.isArray(json.fields)) fail(parts.where, "a record needs a fields array");
  const names = new Set<string>();
  for (const item of json.fields as unknown[]) {
    const field = parseField(item, parts, context);
    if (names.has(field.name)) fail(parts.where, `the field ${JSON.stringify(field.name)} is defined twice`);
    names.add(field.name);
    fields.push(field);
  }
  return type;
}

const ORDERS = new Set(["ascending", "descending", "ignore"]);

function parseField(item: unknown, record: NamedParts, context: Context): AvroField {
  if (typeof item !== "object" || item === null || Array.isArray(item)) fail(record.where, "a field must be an object");
  const json = item as Json;
  const name = checkSimpleName(json.name, record.where, "field name");
  const where = `${record.where}, field ${name}`;
  if (!Object.hasOwn(json, "type")) fail(where, "a field needs a type");
  if (json.order !== undefined && !ORDERS.has(json.order as string)) fail(where, `order ${JSON.stringify(json.order)}`);
  const aliases = listOf(json.aliases, where, "aliases").map((alias) => checkSimpleName(alias, where, "alias"));
  const hasDefault = Object.hasOwn(json, "default");
  const field: Mutable<AvroField> = {
    name,
    type: parseType(json.type, record.namespace, context, where),
    aliases,
    hasDefault,
    default: undefined,
  };
  if (hasDefault) context.pending.push({ field, json: json.default, where });
  return field;
}

function parseEnum(json: Json, namespace: string, context: Context, where: string): AvroType {
  const parts = nameType(json, namespace, context, where);
  if (!Array.isArray(json.symbols)) fail(parts.where, "an enum needs a symbols array");
  const symbols = (json.symbols as unknown[]).map((s) => checkSimpleName(s, parts.where, "symbol"));
  if (new Set(symbols).size !== symbols.length) fail(parts.where, "a symbol is listed twice");
  const fallback = json.default;
  if (fallback !== undefined && !symbols.includes(fallback as string)) {
    fail(parts.where, `the default ${JSON.stringify(fallback)} is not one of the symbols`);
  }
  const type: AvroType = {
    typeName: "enum",
    name: parts.name,
    aliases: parts.aliases,
    symbols,
    default: fallback as string,
  };
  context.named.set(parts.name, type);
  return type;
}

function parseFixed(json: Json, namespace: string, context: Context, where: string): AvroType {
  const parts = nameType(json, namespace, context, where);
  const size = json.size;
  if (typeof size !== "number" || !Number.isSafeInteger(size) || size < 0) {
    fail(parts.where, `size ${JSON.stringify(size)} is not a non-negative integer`);
  }
  const type: AvroType = { typeName: "fixed", name: parts.name, aliases: parts.aliases, size };
  context.named.set(parts.name, type);
  return type;
}

function parseUnion(schema: unknown[], namespace: string, context: Context, where: string): AvroType {
  if (schema.length === 0) fail(where, "a union needs at least one branch");
  const seen = new Set<string>();
  const types = schema.map((branch) => {
    const type = parseType(branch, namespace, context, where);
    if (type.typeName === "union") fail(where, "a union cannot contain a union directly");
    // Named types differ by name; any other kind may appear once.
    const key = type.name === undefined ? type.typeName : `the named type ${type.name}`;
    if (seen.has(key)) fail(where, `a union cannot hold ${key} twice`);
    seen.add(key);
    return type;
  });
  return { typeName: "union", types };
}
