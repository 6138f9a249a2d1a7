// Field defaults (specification, "Records": the JSON encoding of a default per type; a union's
// default is of its first branch), converted to the values a decode returns.
import { describeValue, isPlainObject, setOwn } from "@eventwire/envelope-core/wire";
import { type AvroField, type AvroType, isNullable, isRecord } from "./avro-type.js";
import { fail } from "./schema-names.js";

/** A field whose default is converted once the whole schema is parsed (it may name later types). */
export interface PendingDefault {
  readonly field: { default: unknown; readonly type: AvroType; readonly name: string };
  readonly json: unknown;
  readonly where: string;
}

const raw = new WeakMap<AvroField, PendingDefault>();

/** Converts every pending default, refusing one that does not fit its field's type. */
export function convertDefaults(pending: readonly PendingDefault[]): void {
  for (const item of pending) raw.set(item.field as AvroField, item);
  for (const item of pending) item.field.default = toDefault(item.field.type, item.json, item.where, new Set());
}

const MAX_INT = 2_147_483_647;

function toDefault(type: AvroType, json: unknown, where: string, expanding: Set<AvroField>): unknown {
  const bad = (): never =>
    fail(where, `the default ${describeValue(json)} does not fit the type ${type.name ?? type.typeName}`);
  switch (type.typeName) {
    case "null":
      return json === null ? null : bad();
    case "boolean":
      return typeof json === "boolean" ? json : bad();
    case "int":
      return Number.isInteger(json) && (json as number) >= -MAX_INT - 1 && (json as number) <= MAX_INT ? json : bad();
    case "long":
      return Number.isSafeInteger(json) ? json : bad();
    case "float":
      return typeof json === "number" && Number.isFinite(json) ? Math.fround(json) : bad();
    case "double":
      return typeof json === "number" && Number.isFinite(json) ? json : bad();
    case "string":
      return typeof json === "string" ? json : bad();
    case "bytes":
    case "fixed":
      return bytesOf(type, json) ?? bad();
    case "enum":
      return typeof json === "string" && type.symbols?.includes(json) ? json : bad();
    case "array":
      if (!Array.isArray(json)) return bad();
      return json.map((item, i) => toDefault(type.itemsType as AvroType, item, `${where}[${i}]`, expanding));
    case "map":
      return isPlainObject(json) ? mapOf(type, json, where, expanding) : bad();
    case "union":
      return toDefault((type.types ?? [])[0] as AvroType, json, where, expanding);
    default:
      return isRecord(type) && isPlainObject(json) ? recordOf(type, json, where, expanding) : bad();
  }
}

/** A bytes or fixed default is a string whose code points 0-255 are the bytes. */
function bytesOf(type: AvroType, json: unknown): Uint8Array | undefined {
  if (typeof json !== "string") return undefined;
  const out = new Uint8Array(json.length);
  for (let i = 0; i < json.length; i++) {
    const unit = json.charCodeAt(i);
    if (unit > 0xff) return undefined;
    out[i] = unit;
  }
  return type.typeName === "fixed" && out.length !== type.size ? undefined : out;
}

function mapOf(type: AvroType, json: Record<string, unknown>, where: string, expanding: Set<AvroField>): unknown {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(json)) {
    setOwn(out, key, toDefault(type.valuesType as AvroType, json[key], `${where}.${key}`, expanding));
  }
  return out;
}

/** A record default; a field it leaves out takes that field's own default, a null optional one is left out. */
function recordOf(type: AvroType, json: Record<string, unknown>, where: string, expanding: Set<AvroField>): unknown {
  const out: Record<string, unknown> = {};
  for (const field of type.fields ?? []) {
    let value: unknown;
    if (Object.hasOwn(json, field.name)) {
      value = toDefault(field.type, json[field.name], `${where}.${field.name}`, expanding);
    } else {
      const own = raw.get(field);
      if (own === undefined) fail(where, `the default has no ${field.name}, and that field has no default`);
      if (expanding.has(field)) fail(where, `the default of ${field.name} contains itself`);
      expanding.add(field);
      value = toDefault(field.type, own.json, own.where, expanding);
      expanding.delete(field);
    }
    if (value !== null || !isNullable(field.type)) setOwn(out, field.name, value);
  }
  return out;
}

/** A copy of a default to hand out, so that a caller changing one decoded value changes no other. */
export function copyDefault(value: unknown): unknown {
  if (typeof value !== "object" || value === null) return value;
  if (value instanceof Uint8Array) return value.slice();
  if (Array.isArray(value)) return value.map(copyDefault);
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) setOwn(out, key, copyDefault((value as Record<string, unknown>)[key]));
  return out;
}

/**
 * Refuses a record that can hold no finite value: every way through its required fields comes
 * back to it (`record A { A next; }`). Its reader would recurse without reading a byte.
 */
export function checkRecordCanEnd(type: AvroType): void {
  if (isRecord(type) && !canEnd(type, new Set(), new Set())) {
    fail(`record ${type.name}`, "it can hold no finite value (a required field of its own type, directly or not)");
  }
}

/** `ends` holds records shown to end: that holds whatever is being visited, so it is kept. */
function canEnd(type: AvroType, visiting: Set<AvroType>, ends: Set<AvroType>): boolean {
  switch (type.typeName) {
    case "union":
      return (type.types ?? []).some((t) => canEnd(t, visiting, ends));
    case "record":
    case "error": {
      if (ends.has(type)) return true;
      if (visiting.has(type)) return false;
      visiting.add(type);
      const result = (type.fields ?? []).every((f) => canEnd(f.type, visiting, ends));
      visiting.delete(type);
      if (result) ends.add(type);
      return result;
    }
    default:
      return true;
  }
}
