export type {
  CreateAjvOptions,
  JsonCodec,
  JsonCodecOptions,
} from "./create-json-codec.js";
export { createAjv, createJsonCodec, JSON_CODEC_DEFAULTS } from "./create-json-codec.js";
export type { JsonSchema, JsonValidator } from "./json-schema.js";
