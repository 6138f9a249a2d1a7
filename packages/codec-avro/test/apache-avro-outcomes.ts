// What our decodeData and Apache Avro's DatumReader make of one (writer, reader, datum) case, in
// one shape that compares: a plain value (the contract's mapping) or a refusal.
import { isEnvelopeError } from "@eventwire/envelope-core";
import { setOwn } from "@eventwire/envelope-core/wire";
import { type AvroType, isNullable, isRecord } from "../src/avro-type.js";
import { createAvroCodec } from "../src/index.js";
import { parseSchema } from "../src/parse-schema.js";

/** The namespace a data record without one takes in the codec; Apache Avro is given it explicitly. */
export const DATA_NAMESPACE = "eventwire.v1";

/** A value read, or a refusal: our EnvelopeError code, or Apache Avro's exception text. */
export type Outcome = { value: unknown } | { refused: string };

type Json = Record<string, unknown>;

/** The writer's datum for `value`, as our codec writes it (checked byte for byte against Apache Avro elsewhere). */
export function writeDatum(writer: unknown, value: unknown): Uint8Array {
  return createAvroCodec({ types: { t: writer as Json } }).encodeData("t", value);
}

/** What our codec, reading into `reader`, makes of `bytes` that `writer` wrote. */
export function readOurs(writer: unknown, reader: unknown, bytes: Uint8Array): Outcome {
  const codec = createAvroCodec({ types: { t: reader as Json } });
  try {
    return { value: codec.decodeData("t", bytes, { writerSchema: writer as Json }) };
  } catch (error) {
    if (!isEnvelopeError(error)) throw error;
    return { refused: error.code };
  }
}

/**
 * The schema as Apache Avro is given it: the codec's namespace made explicit on the top record,
 * and logical types dropped (python3-avro reads them as datetime, Decimal and so on, where the
 * codec reads the underlying type; its README says so).
 */
export function forApacheAvro(schema: unknown): unknown {
  const plain = withoutLogicalTypes(schema) as Json;
  return { ...plain, namespace: plain.namespace ?? DATA_NAMESPACE };
}

/** The schema with every `logicalType` attribute (and decimal's precision and scale) removed. */
export function withoutLogicalTypes(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(withoutLogicalTypes);
  if (typeof schema !== "object" || schema === null) return schema;
  const out: Json = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key === "logicalType" || key === "precision" || key === "scale") continue;
    // A field's default is data, not schema: left as it is.
    out[key] = key === "default" ? value : withoutLogicalTypes(value);
  }
  return out;
}

/** Apache Avro's answer as an outcome, its value mapped as the contract maps ours. */
export function apacheOutcome(answer: { value: unknown } | { error: string }, reader: unknown): Outcome {
  if ("error" in answer) return { refused: answer.error };
  return { value: plainOf(parseSchema(reader, { namespace: DATA_NAMESPACE }), answer.value) };
}

/** JSON with bytes tagged `{"$bytes": hex}` (as apache-avro.py answers) to values with Uint8Array. */
export function untagged(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(untagged);
  if (typeof value !== "object" || value === null) return value;
  if (isBytes(value)) return Uint8Array.from(Buffer.from(value.$bytes, "hex"));
  const out: Json = {};
  for (const [key, item] of Object.entries(value)) setOwn(out, key, untagged(item));
  return out;
}

function isBytes(value: object): value is { $bytes: string } {
  const keys = Object.keys(value);
  return keys.length === 1 && keys[0] === "$bytes";
}

/** A DatumReader value as the contract's plain value: optional nulls left out, bytes as Uint8Array. */
function plainOf(type: AvroType, value: unknown): unknown {
  if (type.typeName === "union") {
    // A primitive or bytes needs no mapping, whichever branch it is.
    if (typeof value !== "object" || value === null || isBytes(value)) return untagged(value);
    return plainOf(branchOf(type, value), value);
  }
  if (isRecord(type)) {
    const out: Json = {};
    for (const field of type.fields ?? []) {
      const item = (value as Json)[field.name];
      if (item !== null || !isNullable(field.type)) setOwn(out, field.name, plainOf(field.type, item));
    }
    return out;
  }
  switch (type.typeName) {
    case "array":
      return (value as unknown[]).map((item) => plainOf(type.itemsType as AvroType, item));
    case "map": {
      const out: Json = {};
      for (const [key, item] of Object.entries(value as Json))
        setOwn(out, key, plainOf(type.valuesType as AvroType, item));
      return out;
    }
    case "float":
      // python3-avro does not round an int or long promoted to float to 32 bits; the codec does
      // (resolution-differences.json, "promotion to float"). Rounding changes no float it read.
      return Math.fround(value as number);
    default:
      return untagged(value);
  }
}

/** Which branch of a reader's union an array or object is (Python's values are not wrapped). */
function branchOf(union: AvroType, value: object): AvroType {
  const types = union.types ?? [];
  const is = (kind: string) => types.find((t) => t.typeName === kind);
  const fallback = types[0] as AvroType;
  if (Array.isArray(value)) return is("array") ?? fallback;
  const keys = Object.keys(value).sort().join();
  const record = types.find(
    (t) =>
      isRecord(t) &&
      (t.fields ?? [])
        .map((f) => f.name)
        .sort()
        .join() === keys,
  );
  return record ?? is("map") ?? fallback;
}
