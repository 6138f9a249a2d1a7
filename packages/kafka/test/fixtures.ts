// The example event types of schemas/ as codecs and registry data schemas, shared by the tests.
import type { Codec } from "@eventwire/envelope-core";
import {
  EXAMPLE_TYPES,
  type ExampleType,
  exampleEnvelopes,
  loadAvroSchemas,
  loadJsonSchemas,
  loadProtoSources,
  PROTO_MESSAGES,
} from "@eventwire/schemas";
import { createExampleCodec } from "@eventwire/testkit";
import { avroDataSchema, type DataSchema, jsonDataSchema, protobufDataSchema } from "../src/index.js";

export const TYPES: readonly ExampleType[] = EXAMPLE_TYPES;
export const ENVELOPES = exampleEnvelopes();
export const AVRO = loadAvroSchemas();
export const JSON_SCHEMAS = loadJsonSchemas();
export const PROTO = loadProtoSources();

export type Format = "avro" | "protobuf" | "json";
export const FORMATS: readonly Format[] = ["avro", "protobuf", "json"];

function mapTypes<T>(make: (type: ExampleType) => T): Record<string, T> {
  return Object.fromEntries(TYPES.map((type) => [type, make(type)]));
}

/** The codec and the data schemas of every example type, in one format. */
export function exampleSerdeParts(format: Format): { codec: Codec; schemas: Record<string, DataSchema> } {
  const codec = createExampleCodec(format);
  if (format === "avro") return { codec, schemas: mapTypes((t) => avroDataSchema(AVRO[t])) };
  if (format === "json") return { codec, schemas: mapTypes((t) => jsonDataSchema(JSON_SCHEMAS[t])) };
  return { codec, schemas: mapTypes((t) => protobufDataSchema(PROTO[t], PROTO_MESSAGES[t])) };
}
