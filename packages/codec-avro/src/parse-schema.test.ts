import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { AvroType } from "./avro-type.js";
import { createAvroCodec } from "./index.js";
import { parseSchema } from "./parse-schema.js";

const record = (name: string, fields: unknown[], extra: object = {}) => ({ type: "record", name, fields, ...extra });
const field = (name: string, type: unknown, extra: object = {}) => ({ name, type, ...extra });
const defaultOf = (type: unknown, value: unknown) =>
  parseSchema(record("R", [field("x", type, { default: value })])).fields?.[0]?.default;

describe("parseSchema accepts", () => {
  it("primitives by name and as {type}, logical types as their underlying type", () => {
    expect(parseSchema("int").typeName).toBe("int");
    expect(parseSchema({ type: "string" }).typeName).toBe("string");
    expect(parseSchema({ type: "long", logicalType: "timestamp-micros" }).typeName).toBe("long");
    expect(parseSchema({ type: "fixed", name: "D", size: 8, logicalType: "decimal", precision: 3 })).toMatchObject({
      typeName: "fixed",
      name: "D",
      size: 8,
    });
  });

  it("names in the enclosing namespace, a dotted name with its own, an empty namespace as none", () => {
    const type = parseSchema(
      record("R", [
        field("a", { type: "enum", name: "E", symbols: ["X"] }),
        field("b", record("other.In", [field("c", { type: "fixed", name: "F", size: 1 })])),
        field("d", { type: "fixed", name: "G", size: 1, namespace: "" }),
        field("e", "other.F"),
        field("f", "n.E"),
        field("g", "E"),
      ]),
      { namespace: "n" },
    );
    expect(type.name).toBe("n.R");
    expect((type.fields ?? []).map((f) => f.type.name)).toEqual(["n.E", "other.In", "G", "other.F", "n.E", "n.E"]);
    // F was defined inside other.In, so in its namespace.
    const inner = type.fields?.[1]?.type as AvroType;
    expect(inner.fields?.[0]?.type.name).toBe("other.F");
  });

  it("aliases of named types in their namespace, field aliases as given", () => {
    const type = parseSchema(
      record("a.R", [field("x", "int", { aliases: ["old_x"] })], { aliases: ["Old", "b.Older"] }),
    );
    expect(type.aliases).toEqual(["a.Old", "b.Older"]);
    expect(type.fields?.[0]?.aliases).toEqual(["old_x"]);
  });

  it("a recursive record, through an optional field", () => {
    const type = parseSchema(record("Node", [field("next", ["null", "Node"], { default: null })]));
    expect(type.fields?.[0]?.type.types?.[1]).toBe(type);
  });

  it.each<[string, unknown, unknown, unknown]>([
    ["bytes: code points 0-255 as bytes", "bytes", "\u00ff\u0001A", Uint8Array.of(255, 1, 65)],
    ["fixed: the same", { type: "fixed", name: "F", size: 2 }, "\u0000\u00ff", Uint8Array.of(0, 255)],
    ["float: rounded to 32 bits", "float", 0.1, Math.fround(0.1)],
    ["a union: its first branch", ["long", "null"], 5, 5],
    ["an optional field's null", ["null", "string"], null, null],
    ["an enum symbol", { type: "enum", name: "E", symbols: ["A", "B"] }, "B", "B"],
    ["an array", { type: "array", items: "int" }, [1, 2], [1, 2]],
    [
      "a map, __proto__ an own key",
      { type: "map", values: "int" },
      JSON.parse('{"__proto__":1}'),
      JSON.parse('{"__proto__":1}'),
    ],
    [
      "a record: a plain object, a null optional field left out, a missing field its own default",
      record("In", [field("a", ["null", "int"]), field("b", "string", { default: "dflt" }), field("c", "int")]),
      { a: null, c: 3 },
      { b: "dflt", c: 3 },
    ],
  ])("defaults, %s", (_, type, value, expected) => {
    expect(defaultOf(type, value)).toStrictEqual(expected);
  });
});

describe("parseSchema refuses, with a TypeError saying where", () => {
  it.each<[string, unknown, RegExp]>([
    ["not a schema", 42, /the schema: 42 is not a schema/],
    ["an object without a type name", { items: "int" }, /needs a type name/],
    ["an unknown kind of type", { type: "Foo" }, /"Foo" is not a primitive nor record/],
    ["a name that is not an Avro name", record("1R", []), /"1R" is not a valid Avro name/],
    ["a namespace part that is not", record("R", [], { namespace: "a..b" }), /namespace part "" is not/],
    ["a field name that is not", record("R", [field("a-b", "int")]), /record R: field name "a-b"/],
    ["a record without fields", { type: "record", name: "R" }, /record R: a record needs a fields array/],
    ["a field twice", record("R", [field("a", "int"), field("a", "string")]), /the field "a" is defined twice/],
    ["a symbol twice", { type: "enum", name: "E", symbols: ["A", "A"] }, /enum E: a symbol is listed twice/],
    [
      "an enum default not a symbol",
      { type: "enum", name: "E", symbols: ["A"], default: "B" },
      /not one of the symbols/,
    ],
    [
      "a type name twice",
      record("R", [field("a", record("S", [])), field("b", record("S", []))]),
      /record S: the name is defined twice/,
    ],
    ["a primitive name defined", record("int", []), /the primitive type name "int" cannot be defined/],
    ["a primitive name in a namespace", record("a.string", []), /the primitive type name "a.string"/],
    [
      "an unknown reference",
      record("R", [field("a", "Nope")]),
      /record R, field a: "Nope" is not a primitive type nor a type defined before/,
    ],
    ["a union in a union", ["null", ["int", "string"]], /a union cannot contain a union directly/],
    ["two branches of one kind", ["int", { type: "int" }], /a union cannot hold int twice/],
    [
      "two arrays in a union",
      [
        { type: "array", items: "int" },
        { type: "array", items: "long" },
      ],
      /hold array twice/,
    ],
    [
      "a logical type beside its underlying type",
      ["long", { type: "long", logicalType: "timestamp-millis" }],
      /hold long twice/,
    ],
    ["one named type twice in a union", [record("R", []), "R"], /hold the named type R twice/],
    ["an empty union", [], /at least one branch/],
    ["a negative fixed size", { type: "fixed", name: "F", size: -1 }, /size -1 is not a non-negative integer/],
    ["an unknown field order", record("R", [field("a", "int", { order: "up" })]), /order "up"/],
    ["items missing", { type: "array" }, /needs "items"/],
    ["a record that can never end", record("R", [field("self", "R")]), /record R: it can hold no finite value/],
  ])("%s", (_, schema, message) => {
    expect(() => parseSchema(schema)).toThrowError(message);
    expect(() => parseSchema(schema)).toThrowError(TypeError);
  });

  it.each<[string, unknown, unknown]>([
    ["an int default that is a string", "int", "1"],
    ["an int default outside 32 bits", "int", 2 ** 31],
    ["a long default past safe integers", "long", 2 ** 53],
    ["a non-finite float", "float", "NaN"],
    ["an optional field's null when null is not the first branch", ["string", "null"], null],
    ["a union default of another branch than the first", ["null", "string"], "s"],
    ["a bytes default with a code point over 255", "bytes", "\u0100"],
    ["a fixed default of another length", { type: "fixed", name: "F", size: 2 }, "a"],
    ["an enum default not a symbol", { type: "enum", name: "E", symbols: ["A"] }, "B"],
    ["a record default missing a field with no default", record("In", [field("a", "int")]), {}],
    ["an array default that is not an array", { type: "array", items: "int" }, {}],
  ])("a default that does not fit: %s", (_, type, value) => {
    expect(() => defaultOf(type, value)).toThrowError(
      /^record R, field x: the default (.* does not fit the type|has no a, and that field has no default)/,
    );
  });

  it("a default that contains itself", () => {
    const schema = record("R", [field("next", ["R", "null"], { default: {} })]);
    expect(() => parseSchema(schema)).toThrowError(/the default of next contains itself/);
  });

  it("through createAvroCodec, naming the event type", () => {
    const types = { bad: record("T", [field("x", "int", { default: "one" })]) };
    expect(() => createAvroCodec({ types })).toThrowError(
      /^the Avro schema of event type "bad" is invalid: record eventwire\.v1\.T, field x: the default "one" does not fit the type int$/,
    );
  });
});

describe("parseSchema on any JSON", () => {
  // Shapes close to schemas, so that the property reaches deep into the parser, not only its first check.
  const name = fc.constantFrom("R", "E", "F", "a.R", "int", "", "1x", "null");
  const schemaLike = fc.letrec<{ node: unknown }>((tie) => ({
    node: fc.oneof(
      { maxDepth: 4, depthIdentifier: "json" },
      fc.jsonValue({ maxDepth: 2 }),
      name,
      fc.array(tie("node"), { maxLength: 3 }),
      fc.record(
        {
          type: fc.constantFrom("record", "enum", "fixed", "array", "map", "int", "error", "R", 1),
          name,
          namespace: fc.constantFrom(undefined, "", "a", "a..b", 3),
          fields: fc.array(
            fc.record({ name, type: tie("node"), default: fc.jsonValue({ maxDepth: 1 }) }, { requiredKeys: ["name"] }),
            { maxLength: 3 },
          ),
          symbols: fc.array(name, { maxLength: 3 }),
          size: fc.constantFrom(0, 2, -1, 1.5, "2"),
          items: tie("node"),
          values: tie("node"),
          default: fc.jsonValue({ maxDepth: 1 }),
          aliases: fc.array(name, { maxLength: 2 }),
        },
        { requiredKeys: ["type"] },
      ),
    ),
  }));

  it("returns a type or throws a TypeError, never another error (seed 23, 3,000 runs)", () => {
    let parsed = 0;
    fc.assert(
      fc.property(schemaLike.node, (schema) => {
        try {
          parseSchema(schema);
          parsed++;
        } catch (error) {
          expect(error).toBeInstanceOf(TypeError);
        }
      }),
      { seed: 23, numRuns: 3000 },
    );
    // Some of them were valid schemas, so the property did not only see the first refusal.
    expect(parsed).toBeGreaterThan(100);
  });
});
