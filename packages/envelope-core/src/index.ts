export type { Codec, EventCodec, TextCodec } from "./codec.js";
export { isTextCodec } from "./codec.js";
export type { CheckedEnvelope, Envelope, EnvelopeInit, EnvelopeOf, EventMap } from "./envelope.js";
export {
  canonicalEnvelope,
  canonicalTimestampOf,
  checkEnvelope,
  checkHeaderString,
  createEnvelope,
  ENVELOPE_FIELDS,
} from "./envelope.js";
export type { EnvelopeErrorCode, EnvelopeErrorDetails } from "./errors.js";
export { appendPointer, EnvelopeError, isEnvelopeError, toEnvelopeError } from "./errors.js";
export type { EpochParts } from "./timestamp.js";
export {
  canonicalSpelling,
  checkRange,
  epochMicrosFromParts,
  epochParts,
  formatTimestamp,
  MAX_EPOCH_SECONDS,
  MIN_EPOCH_SECONDS,
  normalizeTimestamp,
  parseTimestamp,
  partsFromEpochMicros,
  toEpochParts,
} from "./timestamp.js";
