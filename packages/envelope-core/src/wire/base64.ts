import { EnvelopeError, type EnvelopeErrorDetails } from "../errors.js";

type NodeBuffer = {
  from(bytes: ArrayBufferLike, offset: number, length: number): { toString(encoding: "base64"): string };
  from(text: string, encoding: "base64"): Uint8Array;
};
// Node's Buffer is several times faster than atob/btoa; it is used when present, never required.
const NodeBufferClass = (globalThis as { Buffer?: NodeBuffer }).Buffer;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** Standard base64 (RFC 4648 §4, padded) of `bytes`: SSE frames of binary codecs, CloudEvents' `data_base64`. */
export function encodeBase64(bytes: Uint8Array): string {
  if (NodeBufferClass !== undefined) {
    return NodeBufferClass.from(bytes.buffer, bytes.byteOffset, bytes.length).toString("base64");
  }
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/**
 * The bytes of standard, padded base64; anything else is `MALFORMED` with `message` and
 * `details`, never silently skipped.
 */
export function decodeBase64(text: string, message: string, details?: EnvelopeErrorDetails): Uint8Array {
  if (!BASE64.test(text)) throw new EnvelopeError("MALFORMED", message, details);
  if (NodeBufferClass !== undefined) {
    const buffer = NodeBufferClass.from(text, "base64");
    return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.length);
  }
  const binary = atob(text);
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  return out;
}
