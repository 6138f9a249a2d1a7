import { EnvelopeError, isEnvelopeError } from "@eventwire/envelope-core";

/**
 * A registry's error with the event type added, and `subject` (the subject or schema id it was
 * about, e.g. `subject "orders-value"`) named unless the registry's message names it already.
 */
export function withContext(error: unknown, eventType: string, subject: string): EnvelopeError {
  const reason = isEnvelopeError(error) ? error.reason : String(error);
  const code = isEnvelopeError(error) ? error.code : "UNKNOWN_SCHEMA";
  const text = reason.includes(subject) ? reason : `${subject}: ${reason}`;
  return new EnvelopeError(code, text, { path: "/data", eventType, cause: error });
}

/** A writer schema that cannot be read as the event type's schema. */
export function unknownSchema(reason: string, eventType: string): EnvelopeError {
  return new EnvelopeError("UNKNOWN_SCHEMA", reason, { path: "/data", eventType });
}
