// Generated Avro schemas: named types nested and referred to by short and full name, namespaces,
// enums, fixed, maps, unions, recursion, aliases, docs, orders, defaults and logical types. Shared
// by the tests that check the parser and canonical form against avsc and against Apache Avro.
import fc from "fast-check";

type Shape =
  | { kind: "primitive"; name: string; form: number }
  | { kind: "enum"; symbols: string[]; withDefault: boolean; namespace: string | undefined }
  | { kind: "fixed"; size: number; namespace: string | undefined }
  | { kind: "array"; items: Shape }
  | { kind: "map"; values: Shape }
  | { kind: "union"; branches: Shape[] }
  | { kind: "record"; fields: FieldShape[]; namespace: string | undefined; dotted: boolean; extras: boolean }
  | { kind: "ref"; pick: number }
  | { kind: "self"; pick: number };
interface FieldShape {
  type: Shape;
  withDefault: boolean;
  extras: boolean;
}

export const PRIMITIVE_NAMES = ["null", "boolean", "int", "long", "float", "double", "bytes", "string"];
const LOGICAL: Record<string, object> = {
  int: { type: "int", logicalType: "date" },
  long: { type: "long", logicalType: "timestamp-micros" },
  string: { type: "string", logicalType: "uuid" },
  bytes: { type: "bytes", logicalType: "decimal", precision: 4, scale: 2 },
};
const namespaceArb = fc.constantFrom(undefined, undefined, "", "a", "a.b", "z");

const shapes = fc.letrec<{ shape: Shape; record: Shape; field: FieldShape }>((tie) => ({
  shape: fc.oneof(
    { maxDepth: 3, depthIdentifier: "schema" },
    fc.record({ kind: fc.constant("primitive"), name: fc.constantFrom(...PRIMITIVE_NAMES), form: fc.nat(2) }),
    fc.record({ kind: fc.constant("ref"), pick: fc.nat() }),
    fc.record({
      kind: fc.constant("enum"),
      symbols: fc.uniqueArray(fc.constantFrom("A", "B", "C", "D", "_e"), { minLength: 1, maxLength: 4 }),
      withDefault: fc.boolean(),
      namespace: namespaceArb,
    }),
    fc.record({ kind: fc.constant("fixed"), size: fc.nat(6), namespace: namespaceArb }),
    fc.record({ kind: fc.constant("self"), pick: fc.nat() }),
    fc.record({ kind: fc.constant("array"), items: tie("shape") }),
    fc.record({ kind: fc.constant("map"), values: tie("shape") }),
    fc.record({ kind: fc.constant("union"), branches: fc.array(tie("shape"), { minLength: 1, maxLength: 4 }) }),
    tie("record"),
  ) as fc.Arbitrary<Shape>,
  record: fc.record({
    kind: fc.constant("record"),
    fields: fc.array(tie("field"), { maxLength: 5 }),
    namespace: namespaceArb,
    dotted: fc.boolean(),
    extras: fc.boolean(),
  }) as fc.Arbitrary<Shape>,
  field: fc.record({ type: tie("shape"), withDefault: fc.boolean(), extras: fc.boolean() }) as fc.Arbitrary<FieldShape>,
}));

interface Defined {
  full: string;
  namespace: string;
}

/** Turns a shape into schema JSON: names made unique, references only where Avro can resolve them. */
class SchemaBuilder {
  #count = 0;
  readonly #defined: Defined[] = [];
  readonly #open: Defined[] = [];

  build(shape: Shape, namespace: string): unknown {
    switch (shape.kind) {
      case "primitive":
        return shape.form === 0
          ? shape.name
          : shape.form === 1
            ? { type: shape.name }
            : (LOGICAL[shape.name] ?? shape.name);
      case "ref": {
        const target = this.#pick(this.#defined, shape.pick, namespace);
        return target === undefined ? "string" : this.#nameFrom(target, namespace);
      }
      case "self": {
        const target = this.#pick(this.#open, shape.pick, namespace);
        return target === undefined ? "null" : ["null", this.#nameFrom(target, namespace)];
      }
      case "array":
        return { type: "array", items: this.build(shape.items, namespace) };
      case "map":
        return { type: "map", values: this.build(shape.values, namespace) };
      case "union":
        return this.#union(shape.branches, namespace);
      default:
        return this.#named(shape, namespace);
    }
  }

  #pick(list: Defined[], pick: number, namespace: string): Defined | undefined {
    // A name in no namespace cannot be referred to from inside one.
    const reachable = list.filter((d) => d.namespace !== "" || namespace === "");
    return reachable[pick % Math.max(1, reachable.length)];
  }

  #nameFrom(target: Defined, namespace: string): string {
    return target.namespace === namespace ? target.full.slice(target.full.lastIndexOf(".") + 1) : target.full;
  }

  #union(branches: Shape[], namespace: string): unknown {
    const seen = new Set<string>();
    const out: unknown[] = [];
    for (const branch of branches) {
      const key = this.#branchKey(branch, namespace);
      if (key === "union" || seen.has(key)) continue;
      seen.add(key);
      out.push(this.build(branch, namespace));
    }
    return out.length === 0 ? "null" : out;
  }

  #branchKey(shape: Shape, namespace: string): string {
    switch (shape.kind) {
      case "primitive":
        return shape.name;
      case "ref":
        return this.#pick(this.#defined, shape.pick, namespace)?.full ?? "string";
      case "self":
        return this.#pick(this.#open, shape.pick, namespace) === undefined ? "null" : "union";
      case "enum":
      case "fixed":
      case "record":
        return this.#definedName(shape, namespace).full;
      default:
        return shape.kind;
    }
  }

  /** The full name and namespace that the next named type will have. */
  #definedName(shape: Extract<Shape, { namespace: string | undefined }>, enclosing: string): Defined {
    const short = `N${this.#count}`;
    const space = shape.kind === "record" && shape.dotted ? "d" : (shape.namespace ?? enclosing);
    return { full: space === "" ? short : `${space}.${short}`, namespace: space };
  }

  #named(shape: Extract<Shape, { namespace: string | undefined }>, enclosing: string): unknown {
    const defined = this.#definedName(shape, enclosing);
    const short = `N${this.#count++}`;
    const space = defined.namespace;
    const name = shape.kind === "record" && shape.dotted ? `d.${short}` : short;
    const namespace = shape.kind === "record" && shape.dotted ? {} : { namespace: shape.namespace };
    if (shape.kind === "enum") {
      this.#defined.push(defined);
      const fallback = shape.withDefault ? { default: shape.symbols[0] } : {};
      return { type: "enum", name, ...namespace, symbols: shape.symbols, ...fallback };
    }
    if (shape.kind === "fixed") {
      this.#defined.push(defined);
      return { type: "fixed", name, ...namespace, size: shape.size };
    }
    this.#open.push(defined);
    const fields = shape.fields.map((field, i) => this.#field(field, i, space));
    this.#open.pop();
    this.#defined.push(defined);
    const extras = shape.extras ? { doc: "a record", aliases: [`Old${short}`] } : {};
    return { type: "record", name, ...namespace, ...extras, fields };
  }

  #field(field: FieldShape, i: number, namespace: string): unknown {
    const type = this.build(field.type, namespace);
    const fallback = field.withDefault ? defaultFor(type) : undefined;
    const extras = field.extras ? { doc: "a field", order: "descending", aliases: [`old_f${i}`] } : {};
    return { name: `f${i}`, type, ...extras, ...(fallback === undefined ? {} : { default: fallback.value }) };
  }
}

const DEFAULTS: Record<string, unknown> = {
  null: null,
  boolean: true,
  int: 7,
  long: 8,
  float: 1.5,
  double: 2.5,
  bytes: "\u00ff\u0001",
  string: "d",
};

/** A default that fits `type`, when one is easy to write. */
function defaultFor(type: unknown): { value: unknown } | undefined {
  if (typeof type === "string") return type in DEFAULTS ? { value: DEFAULTS[type] } : undefined;
  if (Array.isArray(type)) return defaultFor(type[0]);
  const json = type as Record<string, unknown>;
  if (json.type === "enum") return { value: (json.symbols as string[])[0] };
  if (json.type === "array") return { value: [] };
  if (json.type === "map") return { value: {} };
  return typeof json.type === "string" ? defaultFor(json.type) : undefined;
}

/** Schemas of `root`, names resolving as when parsed in `namespace`. */
export const schemaArbitrary = (root: "shape" | "record", namespace: string) =>
  shapes[root].map((shape) => new SchemaBuilder().build(shape, namespace));
