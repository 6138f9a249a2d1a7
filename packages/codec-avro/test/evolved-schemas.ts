// (writer, reader) pairs made from generated schemas by known compatible evolutions, with values
// of a parsed type: shared by the tests that check resolution against avsc and against Apache Avro.
import fc from "fast-check";
import { type AvroType, minimumSize } from "../src/avro-type.js";
import { parseSchema } from "../src/parse-schema.js";
import { PRIMITIVE_NAMES, schemaArbitrary } from "./generated-schemas.js";

export const evolvedPairs = (evolutions: readonly Evolution[] = EVOLUTIONS) =>
  schemaArbitrary("record", "eventwire.v1").chain((writer) =>
    fc
      .array(fc.tuple(fc.constantFrom(...evolutions), fc.nat()), { minLength: 1, maxLength: 3 })
      .map((steps) => ({ writer, ...evolve(writer, steps) }))
      .chain(({ writer, reader, applied }) => {
        const type = parseSchema(writer, { namespace: "eventwire.v1" });
        return fc.tuple(
          fc.constant(writer),
          fc.constant(reader),
          fc.constant(applied),
          fc.array(arbitraryOf(type, 0), { minLength: 1, maxLength: 3 }),
        );
      }),
  );

/** Values of a parsed type, for our writer; recursion ends at depth 3 through a union's null. */
export function arbitraryOf(type: AvroType, depth: number): fc.Arbitrary<unknown> {
  // Arrays and maps of items that take no bytes are limited by the bytes left (see the README).
  const items = type.itemsType ?? type.valuesType;
  const small = depth > 2 || (items !== undefined && minimumSize(items) === 0) ? 0 : 2;
  switch (type.typeName) {
    case "null":
      return fc.constant(null);
    case "boolean":
      return fc.boolean();
    case "int":
      return fc.integer();
    case "long":
      // avsc reads longs past ±2^52 one off (its zig-zag in doubles); read-long.test.ts has ours.
      return fc.integer({ min: -(2 ** 52), max: 2 ** 52 - 1 }).map((n) => n * 1);
    case "float":
      return fc.float({ noNaN: true, noDefaultInfinity: true });
    case "double":
      return fc.double({ noNaN: true, noDefaultInfinity: true });
    case "string":
      return fc.string({ unit: "grapheme", maxLength: 6 });
    case "bytes":
      return fc.uint8Array({ maxLength: 6 });
    case "fixed":
      return fc.uint8Array({ minLength: type.size ?? 0, maxLength: type.size ?? 0 });
    case "enum":
      return fc.constantFrom(...(type.symbols ?? []));
    case "array":
      return fc.array(arbitraryOf(type.itemsType as AvroType, depth + 1), { maxLength: small });
    case "map": {
      const key = fc.string({ maxLength: 4 }).filter((k) => k !== "__proto__");
      return fc.dictionary(key, arbitraryOf(type.valuesType as AvroType, depth + 1), { maxKeys: small });
    }
    case "union": {
      const types = type.types ?? [];
      if (depth > 2 && types.some((t) => t.typeName === "null")) return fc.constant(null);
      return fc.oneof(...types.map((t) => arbitraryOf(t, depth + 1)));
    }
    default: {
      const fields = Object.fromEntries((type.fields ?? []).map((f) => [f.name, arbitraryOf(f.type, depth + 1)]));
      return fc.record(fields);
    }
  }
}

// Known-compatible evolutions of the writer's top record, applied in turn to make the reader.
type Json = Record<string, unknown>;
export const EVOLUTIONS = ["add", "remove", "promote", "enum", "widen", "rename-field", "rename-record"] as const;
/**
 * Evolutions checked against Apache Avro only: the specification reads such a pair until a value
 * the reader cannot take comes, where avsc refuses the pair when its resolver is made.
 */
export const LATE_EVOLUTIONS = ["drop-symbol"] as const;
export type Evolution = (typeof EVOLUTIONS)[number] | (typeof LATE_EVOLUTIONS)[number];

const ADDED = (i: number): Json[] => [
  { type: "int", default: 1 },
  { type: "string", default: "s" },
  { type: ["null", "long"], default: null },
  { type: { type: "array", items: "int" }, default: [3] },
  { type: { type: "map", values: "string" }, default: { k: "v" } },
  { type: { type: "enum", name: `AddedE${i}`, symbols: ["P", "Q"] }, default: "Q" },
  { type: "bytes", default: "\u00ff" },
  {
    type: {
      type: "record",
      name: `AddedR${i}`,
      fields: [
        { name: "x", type: "int" },
        { name: "y", type: ["null", "string"] },
      ],
    },
    default: { x: 1, y: null },
  },
];
const PROMOTIONS: Record<string, string[]> = {
  int: ["long", "float", "double"],
  long: ["float", "double"],
  float: ["double"],
  string: ["bytes"],
};

/** The reader made by `steps` from the writer, and the steps that changed something. */
function evolve(writer: unknown, steps: readonly (readonly [Evolution, number])[]) {
  const reader = structuredClone(writer) as Json;
  const applied: Evolution[] = [];
  steps.forEach(([step, pick], i) => {
    const before = JSON.stringify(reader);
    applyEvolution(writer, reader, step, pick, i);
    if (JSON.stringify(reader) !== before) applied.push(step);
  });
  return { reader, applied };
}

function applyEvolution(writer: unknown, reader: Json, step: Evolution, pick: number, i: number): void {
  const fields = reader.fields as Json[];
  const original = fields.filter((f) => /^f\d+$/.test(f.name as string));
  const one = (list: Json[]) => list[pick % Math.max(1, list.length)];
  if (step === "add") fields.push({ name: `added${i}`, ...(one(ADDED(i)) as Json) });
  else if (step === "remove") {
    // A field that defines a named type stays: later fields may refer to it.
    const field = one(original.filter((f) => !JSON.stringify(f.type).includes('"name"')));
    if (field !== undefined) fields.splice(fields.indexOf(field), 1);
  } else if (step === "promote") {
    const field = one(fields.filter((f) => kindOf(f.type) in PROMOTIONS && !Array.isArray(f.type)));
    const targets = field === undefined ? [] : (PROMOTIONS[kindOf(field.type)] ?? []);
    if (field !== undefined) field.type = targets[pick % targets.length];
  } else if (step === "enum") {
    const field = one(fields.filter((f) => kindOf(f.type) === "enum"));
    if (field !== undefined)
      (field.type as Json).symbols = [`Z_new${i}`, ...((field.type as Json).symbols as string[])];
  } else if (step === "drop-symbol") {
    const field = one(
      fields.filter((f) => kindOf(f.type) === "enum" && ((f.type as Json).symbols as string[]).length > 1),
    );
    if (field !== undefined) {
      // The last symbol but the field's default goes, and the enum's default with it: the lost
      // symbol is refused when read.
      const type = field.type as Json;
      const symbols = type.symbols as string[];
      const lost = symbols.filter((symbol) => symbol !== field.default).at(-1);
      type.symbols = symbols.filter((symbol) => symbol !== lost);
      delete type.default;
    }
  } else if (step === "widen") {
    const field = one(fields.filter((f) => !Array.isArray(f.type) || !(f.type as unknown[]).some(Array.isArray)));
    if (field !== undefined) field.type = widened(field.type);
  } else if (step === "rename-field") {
    const field = one(original);
    if (field !== undefined) {
      field.aliases = [...((field.aliases as string[] | undefined) ?? []), field.name];
      field.name = `renamed_${field.name}`;
    }
  } else if (reader.name !== "Renamed") {
    const full = parseSchema(writer, { namespace: "eventwire.v1" }).name as string;
    // A record that refers to itself keeps its name: the references would not follow.
    if (JSON.stringify(reader.fields).includes(`"${full.slice(full.lastIndexOf(".") + 1)}"`)) return;
    Object.assign(reader, {
      name: "Renamed",
      namespace: full.slice(0, Math.max(0, full.lastIndexOf("."))),
      aliases: [full],
    });
  }
}

/** The kind of a schema: a primitive or complex type name, or a name for a reference. */
function kindOf(type: unknown): string {
  if (typeof type === "string") return type;
  if (Array.isArray(type)) return "union";
  return String((type as Json).type);
}

/** The union with one more branch at the end (the first, and so the default, kept). */
function widened(type: unknown): unknown {
  const branches = Array.isArray(type) ? type : [type];
  const present = new Set(branches.map(kindOf));
  const extra = PRIMITIVE_NAMES.find((name) => !present.has(name));
  return extra === undefined ? type : [...branches, extra];
}
