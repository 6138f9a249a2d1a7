export type { Codec, EventCodec, TextCodec } from "./codec.js";
export { isTextCodec } from "./codec.js";
export type { Envelope, EnvelopeInit, EnvelopeOf, EventMap } from "./envelope.js";
export { canonicalEnvelope, createEnvelope } from "./envelope.js";
export type { EnvelopeErrorCode, EnvelopeErrorDetails } from "./errors.js";
export { EnvelopeError, isEnvelopeError } from "./errors.js";
export { normalizeTimestamp } from "./timestamp.js";
