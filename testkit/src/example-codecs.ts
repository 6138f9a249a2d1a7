import { type AvroCodec, type AvroRecordSchema, createAvroCodec } from "@eventwire/codec-avro";
import { createJsonCodec, type JsonCodec } from "@eventwire/codec-json";
import { createProtobufCodec, type ProtobufCodec } from "@eventwire/codec-protobuf";
import {
  EXAMPLE_TYPES,
  type ExampleType,
  loadAvroSchemas,
  loadJsonSchemas,
  loadProtoSources,
  PROTO_MESSAGES,
} from "@eventwire/schemas";

/** The three formats, JSON first: a server that takes the first codec as its default serves JSON. */
export const FORMATS = ["json", "avro", "protobuf"] as const;
/** One of {@link FORMATS}. */
export type Format = (typeof FORMATS)[number];

/** Options of {@link createExampleCodec} and {@link createExampleCodecs}. */
export interface ExampleCodecOptions {
  /** The example types the codec knows. Default all of `EXAMPLE_TYPES`. */
  readonly types: readonly ExampleType[];
  /** The codec's `maxBytes` decode limit. Default the codec's own default. */
  readonly maxBytes: number | undefined;
}

/**
 * The three codecs, each with its own codec type (the Avro one shows its writer schemas). A type,
 * not an interface, so that it is a `Record<string, Codec>` where a server takes one.
 */
export type ExampleCodecs = {
  readonly json: JsonCodec;
  readonly avro: AvroCodec;
  readonly protobuf: ProtobufCodec;
};

const BUILDERS: { readonly [F in Format]: (options: Partial<ExampleCodecOptions>) => ExampleCodecs[F] } = {
  json: (options) => createJsonCodec({ types: pick(loadJsonSchemas(), options), ...limitOf(options) }),
  avro: (options) =>
    createAvroCodec({
      types: pick(loadAvroSchemas() as Record<ExampleType, AvroRecordSchema>, options),
      ...limitOf(options),
    }),
  protobuf: (options) => {
    const sources = pick(loadProtoSources(), options);
    return createProtobufCodec({
      proto: Object.values(sources),
      types: pick(PROTO_MESSAGES, options),
      ...limitOf(options),
    });
  },
};

/** One codec over the example event types of `schemas/` (a worker builds only the one it reads). */
export function createExampleCodec<F extends Format>(
  format: F,
  options: Partial<ExampleCodecOptions> = {},
): ExampleCodecs[F] {
  return BUILDERS[format](options);
}

/** The three codecs over the example event types, keyed by format, JSON first. */
export function createExampleCodecs(options: Partial<ExampleCodecOptions> = {}): ExampleCodecs {
  return { json: BUILDERS.json(options), avro: BUILDERS.avro(options), protobuf: BUILDERS.protobuf(options) };
}

function pick<T>(all: Readonly<Record<ExampleType, T>>, options: Partial<ExampleCodecOptions>): Record<string, T> {
  return Object.fromEntries((options.types ?? EXAMPLE_TYPES).map((type) => [type, all[type]]));
}

function limitOf(options: Partial<ExampleCodecOptions>): { maxBytes?: number } {
  return options.maxBytes === undefined ? {} : { maxBytes: options.maxBytes };
}
