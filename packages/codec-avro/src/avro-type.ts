/**
 * A parsed Avro type, as `parseSchema` makes it and the reader, writer and resolver compilers read
 * it. Logical types are carried as their underlying type (they do not change the wire).
 */
export interface AvroType {
  /** A primitive name, or `record`, `error`, `enum`, `fixed`, `array`, `map`, `union`. */
  readonly typeName: string;
  /** The full name of a named type (record, error, enum, fixed). */
  readonly name?: string | undefined;
  /** The full names a named type is also known by, for schema resolution. */
  readonly aliases?: readonly string[];
  readonly fields?: readonly AvroField[];
  readonly itemsType?: AvroType;
  readonly valuesType?: AvroType;
  readonly types?: readonly AvroType[];
  readonly symbols?: readonly string[];
  /** The symbol an enum reader takes for a writer's symbol it does not know. */
  readonly default?: string | undefined;
  readonly size?: number;
}

/** A record field. */
export interface AvroField {
  readonly name: string;
  readonly type: AvroType;
  /** Other names of the field that a writer may have used (schema resolution). */
  readonly aliases: readonly string[];
  /** True when the schema gives a default. */
  readonly hasDefault: boolean;
  /**
   * The default as the contract's plain value (a Uint8Array for bytes and fixed, a plain object
   * for a record, with a null optional field left out), or undefined when there is none.
   */
  readonly default: unknown;
}

/** True for a record or an error (a record that Avro protocols throw). */
export function isRecord(type: AvroType): boolean {
  return type.typeName === "record" || type.typeName === "error";
}

/** True for `["null", T]` and `[T, "null"]`: the Avro spelling of an optional value. */
export function isNullable(type: AvroType): boolean {
  return type.typeName === "union" && (type.types ?? []).some((t) => t.typeName === "null");
}

/**
 * The fewest bytes one value of `type` can take. Block counts are checked against it, so that a
 * count the rest of the input cannot hold is refused before anything is looped over. Types that
 * can take no bytes at all count as one byte (see the README: a limit, not the spec).
 */
export function minimumSize(type: AvroType, seen = new Set<AvroType>()): number {
  switch (type.typeName) {
    case "null":
      return 0;
    case "float":
      return 4;
    case "double":
      return 8;
    case "fixed":
      return type.size ?? 0;
    case "record":
    case "error": {
      if (seen.has(type)) return 0;
      seen.add(type);
      let total = 0;
      for (const field of type.fields ?? []) total += minimumSize(field.type, seen);
      seen.delete(type);
      return total;
    }
    default:
      return 1;
  }
}
