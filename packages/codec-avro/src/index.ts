export type {
  AvroCodec,
  AvroCodecOptions,
  AvroDecodeDataOptions,
  AvroRecordSchema,
  WriterSchema,
} from "./create-avro-codec.js";
export { AVRO_CODEC_DEFAULTS, createAvroCodec } from "./create-avro-codec.js";
export { crc64Avro } from "./fingerprint.js";
