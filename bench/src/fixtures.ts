import { createAvroCodec } from "@eventwire/codec-avro";
import { createJsonCodec } from "@eventwire/codec-json";
import { createProtobufCodec } from "@eventwire/codec-protobuf";
import type { Codec, Envelope } from "@eventwire/envelope-core";
import {
  EXAMPLE_TYPES,
  type ExampleType,
  exampleEnvelopes,
  loadAvroSchemas,
  loadJsonSchemas,
  loadProtoSources,
  PROTO_MESSAGES,
} from "@eventwire/schemas";

/** How many distinct envelopes of each type a case cycles through (seeded, the same every run). */
export const POOL_SIZE = 64;

export type CodecName = "json" | "avro" | "protobuf";
export const CODEC_NAMES: readonly CodecName[] = ["json", "avro", "protobuf"];

/** How each codec is built for the example types (also what the cold-start numbers time). */
export const CODEC_BUILDERS: Record<CodecName, () => Codec> = {
  json: () => createJsonCodec({ types: loadJsonSchemas() }),
  avro: () => createAvroCodec({ types: loadAvroSchemas() as never }),
  protobuf: () => createProtobufCodec({ proto: Object.values(loadProtoSources()), types: PROTO_MESSAGES }),
};

export function makeCodecs(): Record<CodecName, Codec> {
  return { json: CODEC_BUILDERS.json(), avro: CODEC_BUILDERS.avro(), protobuf: CODEC_BUILDERS.protobuf() };
}

/** `POOL_SIZE` envelopes of each example type, from the generator the tests use. */
export function makePools(size = POOL_SIZE): Record<ExampleType, Envelope[]> {
  const pools = Object.fromEntries(EXAMPLE_TYPES.map((t) => [t, [] as Envelope[]])) as Record<ExampleType, Envelope[]>;
  for (let seed = 1; seed <= size; seed++) {
    const examples = exampleEnvelopes(seed);
    for (const type of EXAMPLE_TYPES) pools[type].push(examples[type] as Envelope);
  }
  return pools;
}

export { EXAMPLE_TYPES, type ExampleType };
