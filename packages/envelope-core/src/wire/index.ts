export { allocate, copyOut, encodeUtf8 } from "./alloc.js";
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
