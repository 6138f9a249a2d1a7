// One case or more for each rule of the specification's "Schema Resolution" section (Avro 1.12),
// where Apache Avro's python3-avro 1.11.1 and the codec must agree: the same value, or both refuse.
// The rules where they differ are in resolution-differences.json, with the reason.

type Json = Record<string, unknown>;

/** A writer record, a reader record and a datum the writer writes. */
export interface ResolutionCase {
  readonly rule: string;
  readonly writer: Json;
  readonly reader: Json;
  readonly datum: Json;
  /** True where both must refuse (when the resolver is made or when this datum is read). */
  readonly refused: boolean;
}

const record = (name: string, fields: Json[], extra: Json = {}): Json => ({ type: "record", name, fields, ...extra });
const field = (name: string, type: unknown, extra: Json = {}): Json => ({ name, type, ...extra });
const one = (type: unknown, extra: Json = {}) => record("R", [field("v", type, extra)]);
const reads = (rule: string, writer: Json, reader: Json, datum: Json): ResolutionCase => ({
  rule,
  writer,
  reader,
  datum,
  refused: false,
});
const refuses = (rule: string, writer: Json, reader: Json, datum: Json): ResolutionCase => ({
  ...reads(rule, writer, reader, datum),
  refused: true,
});

const inner = (fields: Json[]) => record("Inner", fields);
const color = (symbols: string[], extra: Json = {}) => ({ type: "enum", name: "Color", symbols, ...extra });
const fixed = (name: string, size: number) => ({ type: "fixed", name, size });
const bytes = (hex: string) => Uint8Array.from(Buffer.from(hex, "hex"));

export const RESOLUTION_CASES: readonly ResolutionCase[] = [
  reads(
    "records: fields are matched by name, in the reader's order",
    record("R", [field("a", "int"), field("b", "string")]),
    record("R", [field("b", "string"), field("a", "int")]),
    { a: 1, b: "x" },
  ),
  reads(
    "records: a writer field the reader lacks is ignored",
    record("R", [field("a", "int"), field("gone", { type: "array", items: "string" }), field("b", "string")]),
    record("R", [field("a", "int"), field("b", "string")]),
    { a: 1, gone: ["p", "q"], b: "x" },
  ),
  reads(
    "records: a reader field the writer lacks takes its default",
    record("R", [field("a", "int")]),
    record("R", [
      field("a", "int"),
      field("i", "long", { default: 7 }),
      field("s", "string", { default: "d" }),
      field("n", ["null", "string"], { default: null }),
      field("l", { type: "array", items: "int" }, { default: [1, 2] }),
      field("m", { type: "map", values: "double" }, { default: { k: 1.5 } }),
      field("e", color(["RED", "BLUE"]), { default: "BLUE" }),
      field("r", inner([field("x", "int"), field("y", ["null", "int"])]), { default: { x: 3, y: null } }),
    ]),
    { a: 1 },
  ),
  refuses(
    "records: a reader field without a default that the writer lacks is an error",
    record("R", [field("a", "int")]),
    record("R", [field("a", "int"), field("b", "string")]),
    { a: 1 },
  ),
  refuses(
    "records: names differ",
    record("R", [field("v", record("A", [field("x", "int")]))]),
    record("R", [field("v", record("B", [field("x", "int")]))]),
    { v: { x: 1 } },
  ),
  reads(
    "records: a nested record is resolved recursively",
    one(inner([field("x", "int"), field("gone", "string")])),
    one(inner([field("x", "int"), field("y", "string", { default: "d" })])),
    { v: { x: 4, gone: "g" } },
  ),
  reads(
    "arrays: items resolved recursively (records gaining and losing fields)",
    one({ type: "array", items: inner([field("x", "int"), field("gone", "string")]) }),
    one({ type: "array", items: inner([field("x", "int"), field("y", ["null", "string"], { default: null })]) }),
    {
      v: [
        { x: 1, gone: "a" },
        { x: 2, gone: "b" },
      ],
    },
  ),
  reads(
    "maps: values resolved recursively (records gaining and losing fields)",
    one({ type: "map", values: inner([field("x", "int"), field("gone", "boolean")]) }),
    one({ type: "map", values: inner([field("x", "int"), field("y", "int", { default: 9 })]) }),
    { v: { a: { x: 1, gone: true }, b: { x: 2, gone: false } } },
  ),
  reads("int is promotable to long", one("int"), one("long"), { v: -2147483648 }),
  reads("int is promotable to float", one("int"), one("float"), { v: 16777216 }),
  reads("int is promotable to double", one("int"), one("double"), { v: 2147483647 }),
  reads("long is promotable to float", one("long"), one("float"), { v: -(2 ** 40) }),
  reads("long is promotable to double", one("long"), one("double"), { v: 2 ** 52 + 1 }),
  reads("float is promotable to double", one("float"), one("double"), { v: Math.fround(1.1) }),
  refuses("a primitive not promotable is an error (long to int)", one("long"), one("int"), { v: 1 }),
  refuses("a primitive not promotable is an error (double to float)", one("double"), one("float"), { v: 1 }),
  refuses("a primitive not promotable is an error (string to int)", one("string"), one("int"), { v: "1" }),
  reads(
    "enums: a writer symbol the reader has",
    one(color(["RED", "GREEN", "BLUE"])),
    one(color(["BLUE", "NEW", "RED", "GREEN"])),
    { v: "GREEN" },
  ),
  refuses(
    "enums: a writer symbol the reader lacks, with no default, is an error",
    one(color(["RED", "GREEN"])),
    one(color(["RED"])),
    { v: "GREEN" },
  ),
  reads(
    "enums: the pair resolves while the symbols read are known",
    one(color(["RED", "GREEN"])),
    one(color(["RED"])),
    { v: "RED" },
  ),
  refuses("enums: names differ", one(color(["RED"])), one({ type: "enum", name: "Hue", symbols: ["RED"] }), {
    v: "RED",
  }),
  reads("fixed: same name and size", one(fixed("F", 3)), one(fixed("F", 3)), { v: bytes("00ff10") }),
  refuses("fixed: sizes differ", one(fixed("F", 3)), one(fixed("F", 4)), { v: bytes("00ff10") }),
  refuses("fixed: names differ", one(fixed("F", 2)), one(fixed("G", 2)), { v: bytes("0102") }),
  reads(
    "unions: the writer's branch, found in the reader's union in any order",
    one(["null", "int", "string"]),
    one(["string", "double", "null", "int"]),
    { v: "x" },
  ),
  reads(
    "unions: an int branch read into a union of int",
    one(["null", "int", "string"]),
    one(["string", "double", "null", "int"]),
    { v: 3 },
  ),
  reads("unions: null of a writer's union", one(["null", "int"]), one(["int", "null"]), { v: null }),
  refuses(
    "unions: a writer's branch the reader's union cannot take is an error when read",
    one(["int", "string"]),
    one(["int", "boolean"]),
    { v: "x" },
  ),
  reads("unions: the same pair reads a branch the reader takes", one(["int", "string"]), one(["int", "boolean"]), {
    v: 3,
  }),
  reads(
    "non-union to union: the first reader branch that matches (a promotion)",
    one("int"),
    one(["null", "string", "long", "int"]),
    { v: 5 },
  ),
  reads(
    "non-union to union: a record into a union holding it",
    one(inner([field("x", "int")])),
    one(["null", inner([field("x", "int")])]),
    { v: { x: 1 } },
  ),
  refuses("non-union to union: no branch matches", one("int"), one(["null", "string"]), { v: 5 }),
];
