import { EnvelopeError, isEnvelopeError } from "@eventwire/envelope-core";

/** A registry's error with the event type added, and what was being done (the subject or id). */
export function withContext(error: unknown, eventType: string, doing: string): EnvelopeError {
  const reason = isEnvelopeError(error) ? error.reason : String(error);
  const code = isEnvelopeError(error) ? error.code : "UNKNOWN_SCHEMA";
  return new EnvelopeError(code, `${doing}: ${reason}`, { path: "/data", eventType, cause: error });
}

/** A writer schema that cannot be read as the event type's schema. */
export function unknownSchema(reason: string, eventType: string): EnvelopeError {
  return new EnvelopeError("UNKNOWN_SCHEMA", reason, { path: "/data", eventType });
}
