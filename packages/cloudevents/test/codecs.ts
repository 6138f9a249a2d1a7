import { createAvroCodec } from "@eventwire/codec-avro";
import { createJsonCodec } from "@eventwire/codec-json";
import { createProtobufCodec } from "@eventwire/codec-protobuf";
import type { Codec, Envelope } from "@eventwire/envelope-core";
import {
  exampleEnvelopes,
  loadAvroSchemas,
  loadJsonSchemas,
  loadProtoSources,
  PROTO_MESSAGES,
} from "@eventwire/schemas";

/** The three codecs over the example types of `schemas/`, as the other packages' tests build them. */
export const codecs: readonly Codec[] = [
  createJsonCodec({ types: loadJsonSchemas() }),
  createAvroCodec({ types: loadAvroSchemas() as never }),
  createProtobufCodec({ proto: Object.values(loadProtoSources()), types: PROTO_MESSAGES }),
];

/**
 * One envelope per example type, each with a time that has microseconds (the examples have
 * milliseconds), so that every test sees whether the microseconds survive.
 */
export const envelopes: readonly Envelope[] = Object.values(exampleEnvelopes()).map((envelope, index) => ({
  ...envelope,
  timestamp: envelope.timestamp.replace(/Z$/, `${String(100 + index * 37).padStart(3, "0")}Z`),
}));

/** What the cloudevents SDK keeps of a time: it truncates to milliseconds with `toISOString`. */
export function truncateToMillis(timestamp: string): string {
  return new Date(timestamp).toISOString();
}
