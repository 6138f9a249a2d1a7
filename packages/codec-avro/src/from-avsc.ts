import { setOwn } from "@eventwire/envelope-core/wire";
import { type AvroType, baseType, isNullable } from "./avro-type.js";

/**
 * Turns a value that avsc decoded (record class instances, Buffers) into the plain values of
 * the contract: plain objects without the fields whose optional value is null, Uint8Array.
 * Used only on the path that resolves an older writer schema.
 */
export function convertAvscValue(type: AvroType, value: unknown): unknown {
  const base = baseType(type);
  switch (base.typeName) {
    case "record":
    case "error": {
      const source = value as Record<string, unknown>;
      const out: Record<string, unknown> = {};
      for (const field of base.fields ?? []) {
        const item = source[field.name];
        if (item === null && isNullable(field.type)) continue;
        setOwn(out, field.name, convertAvscValue(field.type, item));
      }
      return out;
    }
    case "array":
      return (value as unknown[]).map((item) => convertAvscValue(base.itemsType as AvroType, item));
    case "map": {
      const out: Record<string, unknown> = {};
      for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
        setOwn(out, key, convertAvscValue(base.valuesType as AvroType, item));
      }
      return out;
    }
    case "bytes":
    case "fixed":
      return Uint8Array.from(value as Uint8Array);
    default:
      if (base.typeName.startsWith("union")) {
        if (value === null) return null;
        const branch = (base.types ?? []).find(
          (t) => t.typeName !== "null" && (t as unknown as { isValid(v: unknown): boolean }).isValid(value),
        );
        return branch === undefined ? value : convertAvscValue(branch, value);
      }
      return value;
  }
}
