import { createAvroCodec } from "@eventwire/codec-avro";
import { createJsonCodec } from "@eventwire/codec-json";
import { createProtobufCodec } from "@eventwire/codec-protobuf";
import type { Codec } from "@eventwire/envelope-core";
import { loadAvroSchemas, loadJsonSchemas, loadProtoSources, PROTO_MESSAGES } from "@eventwire/schemas";

/** The three formats over the example types, JSON first (so it is the default format). */
export function makeCodecs(): { json: Codec; avro: Codec; protobuf: Codec } {
  return {
    json: createJsonCodec({ types: loadJsonSchemas() }),
    avro: createAvroCodec({ types: loadAvroSchemas() as never }),
    protobuf: createProtobufCodec({ proto: Object.values(loadProtoSources()), types: { ...PROTO_MESSAGES } }),
  };
}

export const FORMATS = ["json", "avro", "protobuf"] as const;
