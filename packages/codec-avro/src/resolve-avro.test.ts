import { Cursor, Sink } from "@eventwire/envelope-core/wire";
import { captureEnvelopeError as refusal } from "@eventwire/testkit";
import { describe, expect, it } from "vitest";
import { type AvroRecordSchema, createAvroCodec } from "./index.js";
import { parseSchema } from "./parse-schema.js";
import { compileResolver } from "./resolve-avro.js";
import { writeLong } from "./write-avro.js";

const record = (name: string, fields: unknown[], extra: object = {}): AvroRecordSchema => ({
  type: "record",
  name,
  fields,
  ...extra,
});
const field = (name: string, type: unknown, extra: object = {}) => ({ name, type, ...extra });

/** Writes `value` with `writer` and reads it back as `reader`, through decodeData as a registry consumer would. */
function resolve(writer: AvroRecordSchema, reader: AvroRecordSchema, value: unknown): unknown {
  const bytes = createAvroCodec({ types: { t: writer } }).encodeData("t", value);
  return createAvroCodec({ types: { t: reader } }).decodeData("t", bytes, { writerSchema: writer });
}
const one = (type: unknown, extra: object = {}) => record("R", [field("x", type, extra)]);
const readOne = (from: unknown, to: unknown, value: unknown) =>
  (resolve(one(from), one(to), { x: value }) as { x: unknown }).x;

describe("schema resolution", () => {
  it.each<[string, string, unknown, unknown]>([
    ["int", "long", -5, -5],
    ["int", "float", 16_777_217, 16_777_216],
    ["int", "double", 2 ** 31 - 1, 2 ** 31 - 1],
    ["long", "float", 2 ** 40 + 1, 2 ** 40],
    ["long", "double", Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER],
    ["float", "double", 1.5, 1.5],
    ["string", "bytes", "é", Uint8Array.of(0xc3, 0xa9)],
    ["bytes", "string", Uint8Array.of(0xc3, 0xa9), "é"],
  ])("promotes %s to %s", (from, to, value, expected) => {
    expect(readOne(from, to, value)).toStrictEqual(expected);
  });

  it("promotes a long past safe integers to the nearest double", () => {
    const sink = new Sink();
    writeLong(sink, 2n ** 60n + 1n);
    const read = compileResolver(parseSchema("long"), parseSchema("double"));
    const cursor = Object.assign(new Cursor(), { bytes: sink.take(), pos: 0 });
    expect(read(cursor)).toBe(2 ** 60);
  });

  it("refuses bytes that are not UTF-8 read as a string (MALFORMED, with the path)", () => {
    const bytes = createAvroCodec({ types: { t: one("bytes") } }).encodeData("t", { x: Uint8Array.of(0xff) });
    const error = refusal(() =>
      createAvroCodec({ types: { t: one("string") } }).decodeData("t", bytes, { writerSchema: one("bytes") }),
    );
    expect([error.code, error.path]).toEqual(["MALFORMED", "/data/x"]);
  });

  it("matches records by name, by a reader alias, or by the same unqualified name", () => {
    const value = { x: 1 };
    expect(resolve(one("int"), record("Other", [field("x", "int")], { aliases: ["R"] }), value)).toEqual(value);
    expect(resolve(one("int"), record("elsewhere.R", [field("x", "int")]), value)).toEqual(value);
    expect(() => resolve(one("int"), record("Other", [field("x", "int")]), value)).toThrowError(
      /record eventwire\.v1\.R is not record eventwire\.v1\.Other/,
    );
  });

  it("matches fields by name or reader alias, drops writer-only fields, fills reader-only fields with defaults, in the reader's order", () => {
    const writer = record("R", [field("b", "string"), field("old", "int"), field("gone", "string")]);
    const reader = record("R", [
      field("added", record("In", [field("n", "int")]), { default: { n: 1 } }),
      field("new", "long", { aliases: ["old"] }),
      field("b", "string"),
      field("maybe", ["null", "string"], { default: null }),
    ]);
    const decoded = resolve(writer, reader, { b: "x", old: 2, gone: "g" }) as Record<string, unknown>;
    expect(decoded).toStrictEqual({ added: { n: 1 }, new: 2, b: "x" });
    expect(Object.keys(decoded)).toEqual(["added", "new", "b"]);
  });

  it("hands out a copy of a default each time", () => {
    const reader = record("R", [field("x", "int"), field("list", { type: "array", items: "int" }, { default: [1] })]);
    const first = resolve(one("int"), reader, { x: 1 }) as { list: number[] };
    first.list.push(2);
    expect(resolve(one("int"), reader, { x: 1 })).toStrictEqual({ x: 1, list: [1] });
  });

  it("still checks the fields it drops: invalid UTF-8 in one is MALFORMED at its path", () => {
    const writer = record("R", [field("gone", "string"), field("x", "int")]);
    const bad = Uint8Array.of(0x02, 0xff, 0x02);
    const error = refusal(() =>
      createAvroCodec({ types: { t: one("int") } }).decodeData("t", bad, { writerSchema: writer }),
    );
    expect([error.code, error.path]).toEqual(["MALFORMED", "/data/gone"]);
  });

  it("reads an enum by symbol, an unknown one as the reader's default, and refuses one with no default when read", () => {
    const writer = one({ type: "enum", name: "E", symbols: ["A", "B", "C"] });
    const withDefault = one({ type: "enum", name: "E", symbols: ["C", "A", "Z"], default: "Z" });
    const without = one({ type: "enum", name: "E", symbols: ["C", "A"] });
    expect(["A", "B", "C"].map((x) => (resolve(writer, withDefault, { x }) as { x: string }).x)).toEqual([
      "A",
      "Z",
      "C",
    ]);
    expect(resolve(writer, without, { x: "C" })).toEqual({ x: "C" });
    const bytes = createAvroCodec({ types: { t: writer } }).encodeData("t", { x: "B" });
    const error = refusal(() =>
      createAvroCodec({ types: { t: without } }).decodeData("t", bytes, { writerSchema: writer }),
    );
    expect([error.code, error.path, error.message]).toEqual([
      "INVALID_DATA",
      "/data/x",
      expect.stringContaining("the symbol B is not in the reader's enum eventwire.v1.E, which has no default"),
    ]);
  });

  it("reads a writer's non-union into the first reader branch it resolves to", () => {
    expect(readOne("int", ["null", "string", "long", "int"], 3)).toBe(3);
    expect(resolve(one(["null", "string"]), one(["null", "string", "int"]), {})).toStrictEqual({});
  });

  it("reads into the reader branch of the writer's own type before one it promotes to, as Java's and Python's Avro do", () => {
    // Found against Apache Avro: the first branch that resolves made a string in
    // ["bytes", "string"] bytes, even with the writer's union the reader's own.
    const union = ["bytes", "boolean", "string"];
    expect(resolve(one(union), one(union, { doc: "the same union" }), { x: "s" })).toStrictEqual({ x: "s" });
    expect(
      resolve(one(union), record("R", [field("x", union), field("y", "int", { default: 1 })]), { x: "s" }),
    ).toStrictEqual({ x: "s", y: 1 });
    expect(readOne("string", ["bytes", "string"], "s")).toBe("s");
    expect(readOne("int", ["float", "int"], 16_777_217)).toBe(16_777_217);
    expect(readOne("int", ["float", "long"], 16_777_217)).toBe(16_777_216); // no branch of its own: the first that resolves
  });

  it("reads a writer's union into a reader's non-union; a branch the reader cannot take fails only when read", () => {
    const writer = one(["int", "string"]);
    expect(resolve(writer, one("long"), { x: 4 })).toEqual({ x: 4 });
    const bytes = createAvroCodec({ types: { t: writer } }).encodeData("t", { x: "s" });
    const error = refusal(() =>
      createAvroCodec({ types: { t: one("long") } }).decodeData("t", bytes, { writerSchema: writer }),
    );
    expect([error.code, error.path]).toEqual(["INVALID_DATA", "/data/x"]);
    expect(error.message).toMatch(/the writer's union branch 1 \(string\) cannot be read as long/);
  });

  it("resolves arrays, maps and fixed (same name and size) recursively", () => {
    expect(readOne({ type: "array", items: "int" }, { type: "array", items: "double" }, [1, 2])).toEqual([1, 2]);
    expect(readOne({ type: "map", values: "string" }, { type: "map", values: "bytes" }, { k: "a" })).toEqual({
      k: Uint8Array.of(0x61),
    });
    const fixed = { type: "fixed", name: "F", size: 2 };
    expect(readOne(fixed, fixed, Uint8Array.of(1, 2))).toEqual(Uint8Array.of(1, 2));
  });

  it("resolves recursive records", () => {
    const v1 = record("Node", [field("value", "int"), field("next", ["null", "Node"], { default: null })]);
    const v2 = record("Node", [
      field("value", "long"),
      field("label", "string", { default: "-" }),
      field("next", ["null", "Node"], { default: null }),
    ]);
    expect(resolve(v1, v2, { value: 1, next: { value: 2, next: null } })).toStrictEqual({
      value: 1,
      label: "-",
      next: { value: 2, label: "-" },
    });
  });

  it("reads with a version's own reader when the writer schema given is one of the codec's versions", () => {
    const v1 = one("int");
    const v2 = record("R", [field("x", "long"), field("y", "string", { default: "d" })]);
    const codec = createAvroCodec({ types: { t: [v2, v1] } });
    const newest = codec.encodeData("t", { x: 1, y: "e" });
    const registered = JSON.stringify(codec.writerSchemas.get("t")?.[0]?.dataSchema);
    expect(codec.decodeData("t", newest, { writerSchema: registered })).toStrictEqual({ x: 1, y: "e" });
    const older = createAvroCodec({ types: { t: v1 } }).encodeData("t", { x: 2 });
    expect(codec.decodeData("t", older, { writerSchema: v1 })).toStrictEqual({ x: 2, y: "d" });
  });

  it.each<[string, AvroRecordSchema, AvroRecordSchema, RegExp]>([
    [
      "a reader-only field with no default",
      one("int"),
      record("R", [field("x", "int"), field("y", "int")]),
      /field y of eventwire\.v1\.R is not in eventwire\.v1\.R and has no default/,
    ],
    ["types that do not promote", one("long"), one("int"), /field x: long cannot be read as int/],
    ["a double read as a float", one("double"), one("float"), /double cannot be read as float/],
    [
      "enums of other names",
      one({ type: "enum", name: "E", symbols: ["A"] }),
      one({ type: "enum", name: "G", symbols: ["A"] }),
      /enum eventwire\.v1\.E is not enum eventwire\.v1\.G/,
    ],
    [
      "fixed of other sizes",
      one({ type: "fixed", name: "F", size: 2 }),
      one({ type: "fixed", name: "F", size: 3 }),
      /fixed eventwire\.v1\.F has size 2, not 3/,
    ],
    [
      "a non-union that no reader branch takes",
      one("string"),
      one(["null", "int"]),
      /string matches no branch of union/,
    ],
    [
      "a union none of whose branches the reader takes",
      one(["null", "string"]),
      one("int"),
      /null cannot be read as int; string cannot be read as int/,
    ],
    [
      "a reader field whose name and alias both match writer fields",
      record("R", [field("a", "int"), field("b", "int")]),
      record("R", [field("a", "int", { aliases: ["b"] })]),
      /field a of eventwire\.v1\.R matches the writer's a and b/,
    ],
    [
      "a writer field that two reader fields match",
      one("int"),
      record("R", [field("x", "int"), field("y", "int", { aliases: ["x"] })]),
      /the writer's field x is matched by two fields/,
    ],
  ])("refuses %s when the resolver is made", (_, writer, reader, message) => {
    expect(() => createAvroCodec({ types: { t: [reader, writer] } })).toThrowError(message);
    const bytes = new Uint8Array(1);
    const error = refusal(() =>
      createAvroCodec({ types: { t: reader } }).decodeData("t", bytes, { writerSchema: writer }),
    );
    expect([error.code, error.path]).toEqual(["UNKNOWN_SCHEMA", "/data"]);
  });
});
