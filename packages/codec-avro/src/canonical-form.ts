// The Parsing Canonical Form (specification, "Parsing Canonical Form for Schemas"), from which the
// fingerprint of single-object encoding is computed. The parser has already done PRIMITIVES
// (a primitive is its name), FULLNAMES (names are full) and dropped what STRIP drops (doc,
// aliases, default, order, namespace, logicalType); here ORDER (name, type, fields, symbols,
// items, values, size, as the keys are inserted), and named types written in full once, then by
// name. JSON.stringify gives STRINGS, INTEGERS and WHITESPACE: names and symbols are ASCII.
import type { AvroType } from "./avro-type.js";

/** The canonical form as JSON (what `JSON.stringify` turns into the canonical text). */
export function canonicalSchema(type: AvroType, written = new Set<string>()): unknown {
  const name = type.name;
  if (name !== undefined) {
    if (written.has(name)) return name;
    written.add(name);
  }
  switch (type.typeName) {
    case "record":
    case "error":
      return {
        name,
        type: type.typeName,
        fields: (type.fields ?? []).map((field) => ({
          name: field.name,
          type: canonicalSchema(field.type, written),
        })),
      };
    case "enum":
      return { name, type: "enum", symbols: type.symbols };
    case "fixed":
      return { name, type: "fixed", size: type.size };
    case "array":
      return { type: "array", items: canonicalSchema(type.itemsType as AvroType, written) };
    case "map":
      return { type: "map", values: canonicalSchema(type.valuesType as AvroType, written) };
    case "union":
      return (type.types ?? []).map((branch) => canonicalSchema(branch, written));
    default:
      return type.typeName;
  }
}

/** The canonical form as text, what is fingerprinted. */
export function canonicalFormOf(type: AvroType): string {
  return JSON.stringify(canonicalSchema(type));
}
