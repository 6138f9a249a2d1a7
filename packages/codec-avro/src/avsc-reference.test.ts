// avsc 5.7.9 as the reference for what replaced it at run time: the Parsing Canonical Form of
// generated schemas, and schema resolution over generated (writer, reader) pairs made by known
// compatible evolutions. avsc stays a devDependency for this test and the bench only.
import { setOwn } from "@eventwire/envelope-core/wire";
import avro from "avsc";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { EVOLUTIONS, type Evolution, evolvedPairs } from "../test/evolved-schemas.js";
import { schemaArbitrary } from "../test/generated-schemas.js";
import { type AvroType, isNullable, isRecord } from "./avro-type.js";
import { canonicalFormOf } from "./canonical-form.js";
import { createAvroCodec } from "./index.js";
import { parseSchema } from "./parse-schema.js";

describe("avsc as the reference", () => {
  it("the same Parsing Canonical Form for generated schemas (seed 21, 500 runs)", () => {
    fc.assert(
      fc.property(schemaArbitrary("shape", ""), (schema) => {
        const theirs = JSON.stringify(avro.Type.forSchema(schema as avro.Schema).schema());
        expect(canonicalFormOf(parseSchema(schema))).toBe(theirs);
      }),
      { seed: 21, numRuns: 500 },
    );
  });

  const pairs = evolvedPairs();

  it.each([
    ["generated code", true],
    ["closures", false],
  ])(
    "resolves what avsc resolves, to the same values, over evolved pairs (%s; seed 22, 300 runs)",
    (_, codeGeneration) => {
      const applied = new Set<Evolution>();
      fc.assert(
        fc.property(pairs, ([writer, reader, steps, values]) => {
          for (const step of steps) applied.add(step);
          const writing = createAvroCodec({ types: { t: writer as never }, codeGeneration });
          const reading = createAvroCodec({ types: { t: reader as never }, codeGeneration });
          // avsc keeps the names it parsed in the options' registry: one options object each.
          const options = () => ({ namespace: "eventwire.v1", wrapUnions: true }) as Partial<avro.ForSchemaOptions>;
          const avscReader = avro.Type.forSchema(reader as avro.Schema, options());
          const resolver = avscReader.createResolver(avro.Type.forSchema(writer as avro.Schema, options()));
          const readerType = parseSchema(reader, { namespace: "eventwire.v1" });
          for (const value of values) {
            const bytes = writing.encodeData("t", value);
            const theirs = plainOf(readerType, avscReader.fromBuffer(Buffer.from(bytes), resolver));
            expect(reading.decodeData("t", bytes, { writerSchema: writer as never })).toStrictEqual(theirs);
          }
        }),
        { seed: 22, numRuns: 300 },
      );
      // Every kind of evolution was exercised, not only the easy ones.
      expect([...applied].sort()).toEqual([...EVOLUTIONS].sort());
    },
  );
});

/** avsc's decoded value as the contract's plain value (unions unwrapped, Buffers as Uint8Array, no null optional). */
function plainOf(type: AvroType, value: unknown): unknown {
  if (type.typeName === "union") {
    if (value === null) return null;
    const [key, inner] = Object.entries(value as object)[0] as [string, unknown];
    return plainOf((type.types ?? []).find((t) => (t.name ?? t.typeName) === key) as AvroType, inner);
  }
  if (isRecord(type)) {
    const out: Record<string, unknown> = {};
    for (const field of type.fields ?? []) {
      const item = (value as Record<string, unknown>)[field.name];
      if (item !== null || !isNullable(field.type)) setOwn(out, field.name, plainOf(field.type, item));
    }
    return out;
  }
  switch (type.typeName) {
    case "array":
      return (value as unknown[]).map((item) => plainOf(type.itemsType as AvroType, item));
    case "map": {
      const out: Record<string, unknown> = {};
      for (const [key, item] of Object.entries(value as object))
        setOwn(out, key, plainOf(type.valuesType as AvroType, item));
      return out;
    }
    case "bytes":
    case "fixed":
      return Uint8Array.from(value as Uint8Array);
    case "float":
      return Math.fround(value as number);
    default:
      return value;
  }
}
