import { createEnvelope } from "@eventwire/envelope-core";
import { codecLaws, prototypeNamesSchema } from "@eventwire/envelope-core/testing";
import { describe, expect, it } from "vitest";
import { type AvroRecordSchema, createAvroCodec } from "./index.js";

// Fields named like Object.prototype members, optional: absent must mean absent, not inherited.
const optional = (name: string, type: string) => ({ name, type: ["null", type], default: null });
const fields = [
  { name: "name", type: "string" },
  optional("constructor", "string"),
  optional("toString", "string"),
  optional("valueOf", "int"),
  optional("hasOwnProperty", "boolean"),
  optional("__proto__", "string"),
];
const avroSchema: AvroRecordSchema = {
  type: "record",
  name: "PrototypeNames",
  fields: [...fields, { name: "nested", type: ["null", { type: "record", name: "Nested", fields }], default: null }],
};
const types = { prototype_names: avroSchema };
const shared = { prototype_names: prototypeNamesSchema() };
const envelope = (data: unknown) => createEnvelope({ event_type: "prototype_names", source: "s", event_id: "e", data });

describe.each([
  ["generated code", true],
  ["closures", false],
])("fields named like Object.prototype members (%s)", (_, codeGeneration) => {
  const codec = createAvroCodec({ types, codeGeneration });

  it("takes { name } alone, in encode, decode and data alone", () => {
    const e = envelope({ name: "x", nested: { name: "y" } });
    expect(codec.decode(codec.encode(e))).toStrictEqual(e);
    expect(codec.decodeData("prototype_names", codec.encodeData("prototype_names", e.data))).toStrictEqual(e.data);
  });

  it("carries them as own properties when set, __proto__ included, in schema order", () => {
    const data: Record<string, unknown> = { name: "x", constructor: "c", valueOf: 1 };
    Object.defineProperty(data, "__proto__", { value: "p", enumerable: true, writable: true, configurable: true });
    const decoded = codec.decode(codec.encode(envelope(data))).data as Record<string, unknown>;
    expect(Object.keys(decoded)).toEqual(["name", "constructor", "valueOf", "__proto__"]);
    expect(Object.getPrototypeOf(decoded)).toBe(Object.prototype);
  });

  for (const law of codecLaws(codec, { types: shared, numRuns: 300, seed: 12 })) it(law.name, law.run);
});
