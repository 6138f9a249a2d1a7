import type { Shape } from "./shape.js";

const PRIMITIVES: Readonly<Record<string, Shape>> = {
  string: { kind: "string" },
  boolean: { kind: "boolean" },
  int: { kind: "int" },
  double: { kind: "double" },
};

/**
 * The shape of an Avro record schema. Named types are looked up by full and by short name (the
 * example schemas use short names without namespaces); `["null", T]` is an optional `T`.
 */
export function shapeOfAvro(schema: unknown): Shape {
  return new AvroReader().read(schema);
}

class AvroReader {
  readonly #named = new Map<string, Shape>();

  read(schema: unknown): Shape {
    if (typeof schema === "string") return PRIMITIVES[schema] ?? this.#lookup(schema);
    if (Array.isArray(schema)) return { kind: "unsupported", what: `union ${JSON.stringify(schema)}` };
    if (typeof schema !== "object" || schema === null) return { kind: "unsupported", what: String(schema) };
    const s = schema as Record<string, unknown>;
    switch (s.type) {
      case "record":
      case "error":
        return this.#name(s, this.#record(s));
      case "enum":
        return this.#name(s, { kind: "enum", symbols: (s.symbols as string[]) ?? [] });
      case "array":
        return { kind: "array", items: this.read(s.items) };
      case "map":
        return { kind: "map", values: this.read(s.values) };
      default:
        // A primitive with attributes (a logicalType, say): the underlying type is what is carried.
        return typeof s.type === "string" && PRIMITIVES[s.type] !== undefined
          ? (PRIMITIVES[s.type] as Shape)
          : { kind: "unsupported", what: JSON.stringify(s.type) };
    }
  }

  #record(s: Record<string, unknown>): Shape {
    const fields = Array.isArray(s.fields) ? (s.fields as Record<string, unknown>[]) : [];
    return {
      kind: "record",
      fields: fields.map((field) => {
        const inner = optionalInner(field.type);
        return { name: String(field.name), optional: inner !== undefined, shape: this.read(inner ?? field.type) };
      }),
    };
  }

  #name(s: Record<string, unknown>, shape: Shape): Shape {
    const name = String(s.name);
    this.#named.set(name, shape);
    if (typeof s.namespace === "string") this.#named.set(`${s.namespace}.${name}`, shape);
    const short = name.split(".").pop();
    if (short !== undefined) this.#named.set(short, shape);
    return shape;
  }

  #lookup(name: string): Shape {
    return (
      this.#named.get(name) ??
      this.#named.get(name.split(".").pop() ?? name) ?? { kind: "unsupported", what: `type ${name}` }
    );
  }
}

/** `T` of a `["null", T]` or `[T, "null"]` union, else undefined. */
function optionalInner(type: unknown): unknown {
  if (!Array.isArray(type) || type.length !== 2 || !type.includes("null")) return undefined;
  return type[0] === "null" ? type[1] : type[0];
}
