export type { JsonCodec, JsonCodecOptions, JsonSchema } from "./create-json-codec.js";
export { createJsonCodec, JSON_CODEC_DEFAULTS } from "./create-json-codec.js";
