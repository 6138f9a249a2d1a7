import type { Type } from "avsc";

/** The parts of an avsc type that the compilers read; avsc's typings leave some of them out. */
export interface AvroType {
  readonly typeName: string;
  readonly name?: string | undefined;
  readonly fields?: readonly AvroField[];
  readonly itemsType?: AvroType;
  readonly valuesType?: AvroType;
  readonly types?: readonly AvroType[];
  readonly symbols?: readonly string[];
  readonly size?: number;
  readonly underlyingType?: AvroType;
}

export interface AvroField {
  readonly name: string;
  readonly type: AvroType;
  defaultValue(): unknown;
}

export function asAvroType(type: Type): AvroType {
  return type as unknown as AvroType;
}

/** The type under a logical type (avsc keeps unknown logical types as their underlying type). */
export function baseType(type: AvroType): AvroType {
  return type.typeName.startsWith("logical:") && type.underlyingType !== undefined ? type.underlyingType : type;
}

/** True for `["null", T]` and `[T, "null"]`: the Avro spelling of an optional value. */
export function isNullable(type: AvroType): boolean {
  const base = baseType(type);
  return base.typeName.startsWith("union") && (base.types ?? []).some((t) => t.typeName === "null");
}

/**
 * The fewest bytes one value of `type` can take. Block counts are checked against it, so that a
 * count the rest of the input cannot hold is refused before anything is looped over. Types that
 * can take no bytes at all count as one byte (see the README: a limit, not the spec).
 */
export function minimumSize(type: AvroType, seen = new Set<AvroType>()): number {
  const base = baseType(type);
  switch (base.typeName) {
    case "null":
      return 0;
    case "float":
      return 4;
    case "double":
      return 8;
    case "fixed":
      return base.size ?? 0;
    case "record":
    case "error": {
      if (seen.has(base)) return 0;
      seen.add(base);
      let total = 0;
      for (const field of base.fields ?? []) total += minimumSize(field.type, seen);
      seen.delete(base);
      return total;
    }
    default:
      return 1;
  }
}
