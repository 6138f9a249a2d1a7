import { decodeBase64 as decodeBase64Text } from "@eventwire/envelope-core/wire";

export { encodeBase64 } from "@eventwire/envelope-core/wire";

/** The bytes of a binary codec's frame data (standard padded base64), or `MALFORMED`. */
export function decodeBase64(text: string): Uint8Array {
  return decodeBase64Text(text, "the frame's data is not standard padded base64");
}
