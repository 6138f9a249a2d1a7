import { EnvelopeError } from "@eventwire/envelope-core";

type NodeBuffer = {
  from(bytes: ArrayBufferLike, offset: number, length: number): { toString(encoding: "base64"): string };
  from(text: string, encoding: "base64"): Uint8Array;
};
const NodeBufferClass = (globalThis as { Buffer?: NodeBuffer }).Buffer;

/** Standard base64 (RFC 4648 §4, padded) of `bytes`. */
export function encodeBase64(bytes: Uint8Array): string {
  if (NodeBufferClass !== undefined)
    return NodeBufferClass.from(bytes.buffer, bytes.byteOffset, bytes.length).toString("base64");
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary);
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** The bytes of standard, padded base64; anything else is `MALFORMED`, never silently skipped. */
export function decodeBase64(text: string): Uint8Array {
  if (!BASE64.test(text)) throw new EnvelopeError("MALFORMED", "the frame's data is not standard padded base64");
  if (NodeBufferClass !== undefined) {
    const buffer = NodeBufferClass.from(text, "base64");
    return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.length);
  }
  const binary = atob(text);
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  return out;
}
