export type {
  CreateAjvOptions,
  JsonCodec,
  JsonCodecOptions,
  JsonSchema,
  JsonValidator,
} from "./create-json-codec.js";
export { createAjv, createJsonCodec, JSON_CODEC_DEFAULTS } from "./create-json-codec.js";
