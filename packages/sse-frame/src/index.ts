export { decodeBase64, encodeBase64 } from "./base64.js";
export type { Frame } from "./format.js";
export { formatComment, formatFrame, formatRetry, frameEnvelope } from "./format.js";
export { createSseParser, SSE_PARSER_DEFAULTS } from "./parse.js";
export { SseParserStream } from "./parser-stream.js";
export type { DecodeEnvelopesOptions } from "./stream.js";
export { decodeEnvelopes } from "./stream.js";
export type { SseHandlers, SseMessage, SseParser, SseParserOptions } from "./types.js";
