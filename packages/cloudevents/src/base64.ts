import type { EnvelopeErrorDetails } from "@eventwire/envelope-core";
import { decodeBase64 as decodeBase64Text } from "@eventwire/envelope-core/wire";

export { encodeBase64 } from "@eventwire/envelope-core/wire";

/** The bytes of `data_base64` (standard padded base64, RFC 4648 §4), or `MALFORMED`. */
export function decodeBase64(text: string, details: EnvelopeErrorDetails): Uint8Array {
  return decodeBase64Text(text, "not standard padded base64", details);
}
