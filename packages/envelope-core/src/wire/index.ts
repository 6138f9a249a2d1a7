export { Cursor, Sink } from "./sink.js";
export { decodeUtf8, encodeUtf8Into } from "./utf8.js";
