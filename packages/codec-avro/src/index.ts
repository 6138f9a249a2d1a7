export type {
  AvroCodec,
  AvroCodecOptions,
  AvroDecodeDataOptions,
  AvroRecordSchema,
} from "./create-avro-codec.js";
export { AVRO_CODEC_DEFAULTS, createAvroCodec } from "./create-avro-codec.js";
export { crc64Avro } from "./fingerprint.js";
export type { WriterSchema } from "./writer-schema.js";
