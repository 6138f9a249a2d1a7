/**
 * The one description that both fast writers (generated and closure) are built from: a JSON
 * Schema reduced to the few shapes event data has. A schema with any keyword outside this set
 * gets no description, and the codec keeps ajv + `JSON.stringify` for it.
 */
export type Shape =
  | { readonly kind: "string" }
  | { readonly kind: "enum"; readonly values: readonly string[] }
  | { readonly kind: "number"; readonly integer: boolean; readonly min: number; readonly max: number }
  | { readonly kind: "boolean" }
  | { readonly kind: "array"; readonly items: Shape }
  | { readonly kind: "map"; readonly values: Shape }
  | { readonly kind: "object"; readonly fields: readonly Field[] };

/** A declared property of an object shape; `bit` is its place in the mask of required fields. */
export interface Field {
  readonly name: string;
  readonly shape: Shape;
  readonly required: boolean;
  readonly bit: number;
}

type Schema = Readonly<Record<string, unknown>>;

// Keywords that change nothing a writer checks.
const NOTES = new Set(["$schema", "$id", "$comment", "title", "description", "examples", "default"]);
// A required mask is a 31-bit integer, which keeps `seen === mask` a small-integer compare.
const MAX_REQUIRED = 30;

/** The shape of `schema`, or `undefined` when it uses anything the fast writers do not check. */
export function describeSchema(schema: unknown): Shape | undefined {
  if (typeof schema !== "object" || schema === null || Array.isArray(schema)) return undefined;
  const s = schema as Schema;
  if (Array.isArray(s.enum)) return describeEnum(s);
  switch (s.type) {
    case "string":
      return only(s, ["type"]) ? { kind: "string" } : undefined;
    case "boolean":
      return only(s, ["type"]) ? { kind: "boolean" } : undefined;
    case "number":
    case "integer":
      return describeNumber(s);
    case "array":
      return describeArray(s);
    case "object":
      return describeObject(s);
    default:
      return undefined;
  }
}

function only(s: Schema, allowed: readonly string[]): boolean {
  return Object.keys(s).every((key) => NOTES.has(key) || allowed.includes(key));
}

function describeEnum(s: Schema): Shape | undefined {
  const values = s.enum as unknown[];
  if (!only(s, ["type", "enum"]) || (s.type !== undefined && s.type !== "string")) return undefined;
  if (values.length === 0 || !values.every((v) => typeof v === "string")) return undefined;
  return { kind: "enum", values: values as string[] };
}

function describeNumber(s: Schema): Shape | undefined {
  if (!only(s, ["type", "minimum", "maximum"])) return undefined;
  const min = s.minimum ?? Number.NEGATIVE_INFINITY;
  const max = s.maximum ?? Number.POSITIVE_INFINITY;
  if (typeof min !== "number" || typeof max !== "number" || Number.isNaN(min) || Number.isNaN(max)) return undefined;
  return { kind: "number", integer: s.type === "integer", min, max };
}

function describeArray(s: Schema): Shape | undefined {
  if (!only(s, ["type", "items"])) return undefined;
  const items = describeSchema(s.items);
  return items === undefined ? undefined : { kind: "array", items };
}

function describeObject(s: Schema): Shape | undefined {
  if (!only(s, ["type", "properties", "required", "additionalProperties"])) return undefined;
  if (s.properties === undefined && s.required === undefined && typeof s.additionalProperties === "object") {
    const values = describeSchema(s.additionalProperties);
    return values === undefined ? undefined : { kind: "map", values };
  }
  if (s.additionalProperties !== false) return undefined;
  const properties = (s.properties ?? {}) as Schema;
  const required = s.required ?? [];
  if (typeof properties !== "object" || properties === null || !Array.isArray(required)) return undefined;
  if (!required.every((name) => typeof name === "string" && Object.hasOwn(properties, name))) return undefined;
  if (required.length > MAX_REQUIRED) return undefined;
  const fields: Field[] = [];
  let bit = 1;
  for (const [name, propertySchema] of Object.entries(properties)) {
    const shape = describeSchema(propertySchema);
    if (shape === undefined) return undefined;
    const isRequired = required.includes(name);
    fields.push({ name, shape, required: isRequired, bit: isRequired ? bit : 0 });
    if (isRequired) bit *= 2;
  }
  return { kind: "object", fields };
}

/** The mask a writer's `seen` equals once every required field of `fields` was written. */
export function requiredMask(fields: readonly Field[]): number {
  return fields.reduce((mask, field) => mask | field.bit, 0);
}
