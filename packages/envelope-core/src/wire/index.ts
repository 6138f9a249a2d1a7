// For codec authors: the envelope's checks, epoch conversions and the pieces of a binary reader
// and writer. An application needs only the package root.

export { isCanonicalTimestamp } from "../canonical-timestamp.js";
export { ONE_LINE_TEXT } from "../codec.js";
export type { CheckedEnvelope } from "../envelope.js";
export {
  canonicalTimestampOf,
  checkEnvelope,
  checkHeaderString,
  ENVELOPE_FIELDS,
  isEnvelopeField,
} from "../envelope.js";
export { appendPointer, toEnvelopeError } from "../errors.js";
export type { EpochParts } from "../timestamp.js";
export {
  epochMicrosFromParts,
  epochParts,
  formatTimestamp,
  MAX_EPOCH_SECONDS,
  MIN_EPOCH_SECONDS,
  parseTimestamp,
  partsFromEpochMicros,
} from "../timestamp.js";
export { allocate, copyOut, encodeUtf8 } from "./alloc.js";
export { decodeBase64, encodeBase64 } from "./base64.js";
export { compileWith, getOwn, literalKey, ownProperty, property, specialize, store } from "./codegen.js";
export { Cursor, Sink } from "./sink.js";
export { decodeUtf8, encodeUtf8Into } from "./utf8.js";
export type { WireErrorCode } from "./wire-error.js";
export {
  describeValue,
  envelopeErrorFrom,
  invalidData,
  isPlainObject,
  malformed,
  setOwn,
  WireError,
  within,
} from "./wire-error.js";
