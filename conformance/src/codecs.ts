import { createAvroCodec } from "@eventwire/codec-avro";
import { createJsonCodec } from "@eventwire/codec-json";
import { createProtobufCodec } from "@eventwire/codec-protobuf";
import type { Codec } from "@eventwire/envelope-core";
import type { SharedSchema } from "@eventwire/envelope-core/testing";
import { loadAvroSchemas, loadJsonSchemas, loadProtoSources, PROTO_MESSAGES } from "@eventwire/schemas";

export type CodecName = "json" | "avro" | "protobuf";
export const CODEC_NAMES: readonly CodecName[] = ["json", "avro", "protobuf"];

/** The three codecs over the example types of `schemas/`, with `maxBytes` when given. */
export function exampleCodecs(maxBytes?: number): Record<CodecName, Codec> {
  const limit = maxBytes === undefined ? {} : { maxBytes };
  return {
    json: createJsonCodec({ types: loadJsonSchemas(), ...limit }),
    avro: createAvroCodec({ types: loadAvroSchemas() as never, ...limit }),
    protobuf: createProtobufCodec({ proto: Object.values(loadProtoSources()), types: PROTO_MESSAGES, ...limit }),
  };
}

/** The JSON Schemas of the example types, which drive the generated data. */
export function exampleSchemas(): Record<string, SharedSchema> {
  return loadJsonSchemas() as Record<string, SharedSchema>;
}
