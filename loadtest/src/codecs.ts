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

/** One codec over the example event types: a client worker builds only the one it reads. */
export function makeCodec(format: Format): Codec {
  if (format === "json") return createJsonCodec({ types: loadJsonSchemas() });
  if (format === "avro") return createAvroCodec({ types: loadAvroSchemas() as never });
  const protos = loadProtoSources();
  return createProtobufCodec({
    proto: EXAMPLE_TYPES.map((t) => protos[t]),
    types: PROTO_MESSAGES as Record<ExampleType, string>,
  });
}

/** The three codecs, as a server process serves them. */
export function makeCodecs(): Record<Format, Codec> {
  return { json: makeCodec("json"), avro: makeCodec("avro"), protobuf: makeCodec("protobuf") };
}
