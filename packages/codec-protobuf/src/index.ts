export type {
  ProtobufCodec,
  ProtobufCodecOptions,
  ProtobufCodecSettings,
  ProtobufSchemaSource,
} from "./create-protobuf-codec.js";
export { createProtobufCodec, PROTOBUF_CODEC_DEFAULTS } from "./create-protobuf-codec.js";
