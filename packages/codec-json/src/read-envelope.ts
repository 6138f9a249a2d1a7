import type { Envelope } from "@eventwire/envelope-core";
import { ENVELOPE_FIELDS, isCanonicalTimestamp } from "@eventwire/envelope-core/wire";

/**
 * Whether `value`, fresh from `JSON.parse`, is already the canonical envelope that decoding
 * would build from it: the five fields in wire order and no others, non-empty well-formed
 * header strings, a canonical timestamp, and `data` that `accepts` says the type's schema
 * accepts. Then the codec returns it as it is, with no copy and no second look at the
 * timestamp; anything else takes the checked path, which says what is wrong.
 */
export function isCanonicalEnvelope(
  value: object,
  accepts: (eventType: string, data: unknown) => boolean,
): value is Envelope {
  let index = 0;
  for (const key in value) {
    if (key !== ENVELOPE_FIELDS[index]) return false;
    index++;
  }
  if (index !== ENVELOPE_FIELDS.length) return false;
  const { event_id: id, event_type: eventType, timestamp, source, data } = value as Record<string, unknown>;
  return (
    isHeaderString(id) &&
    isHeaderString(eventType) &&
    isHeaderString(source) &&
    typeof timestamp === "string" &&
    isCanonicalTimestamp(timestamp) &&
    accepts(eventType, data)
  );
}

function isHeaderString(value: unknown): value is string {
  return typeof value === "string" && value.length > 0 && value.isWellFormed();
}
