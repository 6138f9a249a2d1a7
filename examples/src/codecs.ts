import { createAvroCodec } from "@eventwire/codec-avro";
import { createJsonCodec } from "@eventwire/codec-json";
import { createProtobufCodec } from "@eventwire/codec-protobuf";
import type { Codec } from "@eventwire/envelope-core";

export type Format = "json" | "avro" | "protobuf";
export const FORMATS: readonly Format[] = ["json", "avro", "protobuf"];

/** The example event types in each language, as the server sends them to the page. */
export interface SchemaSet {
  json: Record<string, Record<string, unknown>>;
  avro: Record<string, Record<string, unknown>>;
  proto: string[];
  protoMessages: Record<string, string>;
}

/** The three codecs over one set of schemas; the same code runs in Node and in the page. */
export function makeCodecs(schemas: SchemaSet): Record<Format, Codec> {
  return {
    json: createJsonCodec({ types: schemas.json }),
    avro: createAvroCodec({ types: schemas.avro as never }),
    protobuf: createProtobufCodec({ proto: schemas.proto, types: schemas.protoMessages }),
  };
}
