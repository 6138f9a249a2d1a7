import { readFileSync } from "node:fs";
import avro from "avsc";
import { describe, expect, it } from "vitest";
import { canonicalFormOf } from "./canonical-form.js";
import { crc64Avro } from "./fingerprint.js";
import { parseSchema } from "./parse-schema.js";

// Our Parsing Canonical Form against Apache Avro's published vectors, and against avsc's
// `Type.forSchema(s).schema()` (what the codec used before) on hand-made schemas; generated ones
// are in avsc-reference.test.ts.
const avscForm = (schema: unknown) => JSON.stringify(avro.Type.forSchema(schema as avro.Schema).schema());
const ourForm = (schema: unknown) => canonicalFormOf(parseSchema(schema));

describe("Parsing Canonical Form", () => {
  const vectors = JSON.parse(
    readFileSync(new URL("../../../schemas/vectors/avro-fingerprints.json", import.meta.url), "utf8"),
  ) as { cases: { id: string; input: string; canonical: string; fingerprint: string }[] };

  it.each(vectors.cases)("is Apache Avro's for test vector $id, with its fingerprint", (vector) => {
    const form = ourForm(JSON.parse(vector.input));
    expect(form).toBe(vector.canonical);
    expect(BigInt.asIntN(64, crc64Avro(form))).toBe(BigInt(vector.fingerprint));
  });

  const record = (name: string, fields: unknown[], extra: object = {}) => ({ type: "record", name, fields, ...extra });
  const field = (name: string, type: unknown, extra: object = {}) => ({ name, type, ...extra });

  it.each<[string, unknown]>([
    ["a namespace given apart", record("R", [field("a", "int")], { namespace: "a.b" })],
    ["a dotted name, which carries its own namespace", record("x.y.R", [field("a", "int")], { namespace: "ignored" })],
    [
      "nested named types in the enclosing namespace, then referred to by short and full name",
      record(
        "R",
        [
          field("e", { type: "enum", name: "E", symbols: ["A", "B"] }),
          field("f", { type: "fixed", name: "F", size: 4, namespace: "other" }),
          field("e2", "E"),
          field("f2", "other.F"),
          field("e3", "n.E"),
        ],
        { namespace: "n" },
      ),
    ],
    [
      "a map of records and an array of a record referred to again",
      record("R", [
        field("m", { type: "map", values: record("V", [field("x", "long")]) }),
        field("a", { type: "array", items: "V" }),
      ]),
    ],
    [
      "aliases, doc, order, defaults and logical types stripped",
      record(
        "R",
        [
          field("a", "int", { doc: "d", order: "descending", default: 1, aliases: ["b"] }),
          field("t", { type: "long", logicalType: "timestamp-micros" }),
          field("u", { type: "string", logicalType: "uuid" }),
          field("d", { type: "bytes", logicalType: "decimal", precision: 4, scale: 2 }),
          field("e", { type: "enum", name: "E", symbols: ["X"], default: "X", doc: "e", aliases: ["E0"] }),
        ],
        { doc: "r", aliases: ["Old"], namespace: "n" },
      ),
    ],
    [
      "primitives written as objects",
      record("R", [field("a", { type: "int" }), field("b", [{ type: "null" }, "string"])]),
    ],
    ["a recursive record", record("Node", [field("value", "int"), field("next", ["null", "Node"], { default: null })])],
    ["an error type", { type: "error", name: "Oops", fields: [field("message", "string")] }],
  ])("is avsc's for %s", (_, schema) => {
    expect(ourForm(schema)).toBe(avscForm(schema));
  });
});
