/**
 * The contract's shared set of data types, which all three codecs carry alike. Each schema
 * language is read into this one description; `schemas check` compares descriptions and
 * `generate` writes TypeScript from them.
 */
export type Shape =
  | { readonly kind: "string" | "boolean" | "int" | "double" }
  | { readonly kind: "enum"; readonly symbols: readonly string[] }
  | { readonly kind: "array"; readonly items: Shape }
  | { readonly kind: "map"; readonly values: Shape }
  | { readonly kind: "record"; readonly fields: readonly FieldShape[] }
  /** Something outside the shared set (bytes, a 64-bit int, a union…), named as the language names it. */
  | { readonly kind: "unsupported"; readonly what: string };

/** One field of a record. */
export interface FieldShape {
  readonly name: string;
  /** The field may be absent from the data. */
  readonly optional: boolean;
  /**
   * The schema language cannot say whether the field is required (a proto3 message field has
   * presence either way), so either optionality agrees with it.
   */
  readonly optionalityUnknown?: boolean;
  readonly shape: Shape;
}

const INT32_MIN = -(2 ** 31);
const INT32_MAX = 2 ** 31 - 1;

/** The shape of a JSON Schema, for the subset of JSON Schema that the shared set needs. */
export function shapeOfJsonSchema(schema: unknown): Shape {
  if (typeof schema !== "object" || schema === null) return { kind: "unsupported", what: JSON.stringify(schema) };
  const s = schema as Record<string, unknown>;
  if (Array.isArray(s.enum) && s.enum.every((v) => typeof v === "string")) {
    return { kind: "enum", symbols: s.enum as string[] };
  }
  switch (s.type) {
    case "string":
    case "boolean":
      return { kind: s.type };
    case "number":
      return { kind: "double" };
    case "integer":
      return s.minimum === INT32_MIN && s.maximum === INT32_MAX
        ? { kind: "int" }
        : { kind: "unsupported", what: "integer without the 32-bit minimum and maximum" };
    case "array":
      return { kind: "array", items: shapeOfJsonSchema(s.items) };
    case "object":
      return shapeOfJsonObject(s);
    default:
      return { kind: "unsupported", what: `type ${JSON.stringify(s.type ?? null)}` };
  }
}

function shapeOfJsonObject(s: Record<string, unknown>): Shape {
  const properties = s.properties as Record<string, unknown> | undefined;
  if (properties === undefined && typeof s.additionalProperties === "object") {
    return { kind: "map", values: shapeOfJsonSchema(s.additionalProperties) };
  }
  if (properties === undefined) return { kind: "unsupported", what: "object without properties" };
  if (s.additionalProperties !== false) {
    return { kind: "unsupported", what: "object that allows undeclared properties" };
  }
  const required = new Set(Array.isArray(s.required) ? (s.required as string[]) : []);
  const fields = Object.entries(properties).map(([name, value]) => ({
    name,
    optional: !required.has(name),
    shape: shapeOfJsonSchema(value),
  }));
  return { kind: "record", fields };
}

/** A short name of a shape for messages: `string`, `array of int`, `enum [A, B]`. */
export function describeShape(shape: Shape): string {
  switch (shape.kind) {
    case "enum":
      return `enum [${shape.symbols.join(", ")}]`;
    case "array":
      return `array of ${describeShape(shape.items)}`;
    case "map":
      return `map of ${describeShape(shape.values)}`;
    case "record":
      return "record";
    case "unsupported":
      return `${shape.what} (outside the shared set)`;
    default:
      return shape.kind;
  }
}
