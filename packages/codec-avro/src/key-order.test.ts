import { describe, expect, it } from "vitest";
import { type AvroRecordSchema, createAvroCodec } from "./index.js";

// One key order, the schema's, from the generated reader and from its closure twin alike.
const schema: AvroRecordSchema = {
  type: "record",
  name: "Ordered",
  fields: [
    { name: "first", type: ["null", "string"], default: null },
    { name: "second", type: "string" },
    { name: "third", type: ["null", "int"], default: null },
    { name: "fourth", type: "boolean" },
  ],
};

describe.each([
  ["generated code", true],
  ["closures", false],
])("decoded records keep the schema's key order (%s)", (_, codeGeneration) => {
  const codec = createAvroCodec({ types: { ordered: schema }, codeGeneration });

  it("with every optional field set", () => {
    const data = { fourth: true, third: 3, second: "b", first: "a" };
    expect(Object.keys(codec.decodeData("ordered", codec.encodeData("ordered", data)) as object)).toEqual([
      "first",
      "second",
      "third",
      "fourth",
    ]);
  });

  it("with optional fields absent", () => {
    const data = { fourth: false, second: "b" };
    expect(Object.keys(codec.decodeData("ordered", codec.encodeData("ordered", data)) as object)).toEqual([
      "second",
      "fourth",
    ]);
  });
});
