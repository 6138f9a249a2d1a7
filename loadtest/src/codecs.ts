import { createAvroCodec } from "@eventwire/codec-avro";
import { createJsonCodec } from "@eventwire/codec-json";
import { createProtobufCodec } from "@eventwire/codec-protobuf";
import type { Codec } from "@eventwire/envelope-core";
import {
  EXAMPLE_TYPES,
  type ExampleType,
  loadAvroSchemas,
  loadJsonSchemas,
  loadProtoSources,
  PROTO_MESSAGES,
} from "@eventwire/schemas";

export type Format = "json" | "avro" | "protobuf";
export const FORMATS: readonly Format[] = ["json", "avro", "protobuf"];

/** The three codecs over the example event types, as every process of the load test builds them. */
export function makeCodecs(): Record<Format, Codec> {
  const protos = loadProtoSources();
  return {
    json: createJsonCodec({ types: loadJsonSchemas() }),
    avro: createAvroCodec({ types: loadAvroSchemas() as never }),
    protobuf: createProtobufCodec({
      proto: EXAMPLE_TYPES.map((t) => protos[t]),
      types: PROTO_MESSAGES as Record<ExampleType, string>,
    }),
  };
}
