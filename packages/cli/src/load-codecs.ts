import { createAvroCodec } from "@eventwire/codec-avro";
import { createJsonCodec, type JsonCodecOptions } from "@eventwire/codec-json";
import { createProtobufCodec, type ProtobufCodecOptions } from "@eventwire/codec-protobuf";
import type { Codec } from "@eventwire/envelope-core";
import { readSchemaDir, type SchemaDir } from "./schema-dir.js";

/** The three codecs of one schema directory. */
export interface SchemaCodecs {
  readonly json: Codec;
  readonly avro: Codec;
  readonly protobuf: Codec;
}

/** Options of {@link loadCodecs}. */
export interface LoadCodecsOptions {
  /** The largest input each codec's `decode` reads, in bytes. Default: each codec's own (1 MiB). */
  maxBytes: number;
}

/** The codec names, in the order the CLI lists them. */
export const CODEC_NAMES = ["json", "avro", "protobuf"] as const;

/** A codec name: `json`, `avro` or `protobuf`. */
export type CodecName = (typeof CODEC_NAMES)[number];

/**
 * Builds the JSON, Avro and Protobuf codecs of a schema directory in one call (Node only: it
 * reads files). Each codec knows the types that have a file in its language.
 *
 * @example
 * ```ts
 * const codecs = loadCodecs("./schemas");
 * const bytes = codecs.avro.encode(envelope);
 * ```
 */
export function loadCodecs(dir: string | SchemaDir, options: Partial<LoadCodecsOptions> = {}): SchemaCodecs {
  const schemas = typeof dir === "string" ? readSchemaDir(dir) : dir;
  const limit = options.maxBytes === undefined ? {} : { maxBytes: options.maxBytes };
  const jsonOptions: Partial<JsonCodecOptions> & Pick<JsonCodecOptions, "types"> = { types: schemas.json, ...limit };
  const protoOptions: Partial<ProtobufCodecOptions> & Pick<ProtobufCodecOptions, "types"> = {
    proto: Object.values(schemas.proto),
    types: schemas.protoMessages,
    ...limit,
  };
  return {
    json: createJsonCodec(jsonOptions),
    avro: createAvroCodec({ types: schemas.avro, ...limit }),
    protobuf: createProtobufCodec(protoOptions),
  };
}
