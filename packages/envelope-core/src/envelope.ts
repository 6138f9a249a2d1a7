import { EnvelopeError } from "./errors.js";
import { canonicalSpelling, type EpochParts, formatTimestamp, normalizeTimestamp, toEpochParts } from "./timestamp.js";

/**
 * The event envelope: five fields, the same in every codec.
 *
 * @typeParam TData - the shape of `data`, set by the schema registered for `event_type`.
 */
export interface Envelope<TData = unknown> {
  /** Non-empty; {@link createEnvelope} fills a random UUID. */
  event_id: string;
  /** Non-empty; selects the data schema. */
  event_type: string;
  /** RFC 3339; canonical (UTC, `Z`, 0, 3 or 6 fraction digits) after any decode. */
  timestamp: string;
  /** Non-empty; who produced the event. */
  source: string;
  /** The payload, shaped by the schema of `event_type`. */
  data: TData;
}

/**
 * A map from event type to its data type, declared once, e.g.
 * `interface MyEvents { user_login: { user_id: string; ip: string } }`.
 */
export type EventMap = { [eventType: string]: unknown };

/**
 * The envelope union of an {@link EventMap}: checking `event_type` narrows `data`.
 *
 * @example
 * ```ts
 * function handle(e: EnvelopeOf<MyEvents>) {
 *   if (e.event_type === "user_login") console.log(e.data.ip); // data is typed
 * }
 * ```
 */
export type EnvelopeOf<M extends object> = {
  [K in keyof M & string]: Envelope<M[K]> & { event_type: K };
}[keyof M & string];

/** What {@link createEnvelope} takes: the id and time are filled when absent. */
export interface EnvelopeInit<K extends string, TData> {
  event_type: K;
  source: string;
  data: TData;
  event_id?: string;
  timestamp?: string | Date;
}

/** The field names of the envelope, in their wire order. */
export const ENVELOPE_FIELDS = ["event_id", "event_type", "timestamp", "source", "data"] as const;

/** Whether `key` is one of the five envelope fields. */
export function isEnvelopeField(key: string): boolean {
  switch (key) {
    case "event_id":
    case "event_type":
    case "timestamp":
    case "source":
    case "data":
      return true;
    default:
      return false;
  }
}

/**
 * Makes a canonical envelope: a random UUID for `event_id` and the current time for
 * `timestamp` unless given, the timestamp normalized, every header field checked.
 *
 * @example
 * ```ts
 * const e = createEnvelope({ event_type: "user_login", source: "auth", data: { user_id: "u1", ip: "::1" } });
 * ```
 */
export function createEnvelope<K extends string, TData>(
  init: EnvelopeInit<K, TData>,
): Envelope<TData> & { event_type: K } {
  const envelope = {
    event_id: init.event_id ?? globalThis.crypto.randomUUID(),
    event_type: init.event_type,
    timestamp: init.timestamp ?? new Date(),
    source: init.source,
    data: init.data,
  };
  checkHeaderString(envelope.event_id, "event_id");
  checkHeaderString(envelope.event_type, "event_type");
  checkHeaderString(envelope.source, "source", envelope.event_type);
  return { ...envelope, timestamp: normalizeTimestamp(envelope.timestamp) };
}

/**
 * Checks the header of an envelope-shaped value and returns the envelope in canonical form
 * (a new object; `data` is the same reference). Throws `INVALID_ENVELOPE` with the path of
 * the first problem: a missing or empty header string, an unknown top-level field, or a
 * timestamp that is not valid RFC 3339.
 */
export function canonicalEnvelope<TData>(value: Envelope<TData>): Envelope<TData> {
  const checked = checkEnvelope(value);
  return {
    event_id: checked.event_id,
    event_type: checked.event_type,
    timestamp: canonicalTimestampOf(checked),
    source: checked.source,
    data: checked.data as TData,
  };
}

/** An envelope whose header has been checked, each field read once, the timestamp parsed. */
export interface CheckedEnvelope {
  readonly event_id: string;
  readonly event_type: string;
  /** The timestamp as given (an RFC 3339 string, or a Date). */
  readonly timestamp: string | Date;
  /** The timestamp as epoch parts, for codecs that write it as numbers. */
  readonly parts: EpochParts;
  readonly source: string;
  readonly data: unknown;
}

/** The canonical timestamp string of a checked envelope (the given string when it is canonical). */
export function canonicalTimestampOf(checked: CheckedEnvelope): string {
  return typeof checked.timestamp === "string"
    ? canonicalSpelling(checked.timestamp, checked.parts)
    : formatTimestamp(checked.parts);
}

/**
 * Checks the header as {@link canonicalEnvelope} does, reading each field of `value` once (an
 * envelope may come from anywhere, and every read of an object of unknown shape costs), and
 * returns the fields with the timestamp parsed.
 */
export function checkEnvelope(value: Envelope<unknown>): CheckedEnvelope {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new EnvelopeError("INVALID_ENVELOPE", "an envelope must be an object", { path: "" });
  }
  const { event_id: eventId, event_type: eventType, timestamp, source, data } = value;
  const type = typeof eventType === "string" ? eventType : undefined;
  checkHeaderString(eventId, "event_id", type);
  checkHeaderString(eventType, "event_type");
  checkHeaderString(source, "source", type);
  if (data === undefined && !("data" in value)) {
    throw new EnvelopeError("INVALID_ENVELOPE", "data is missing", { path: "/data", eventType: type });
  }
  for (const key in value) {
    if (!isEnvelopeField(key)) {
      throw new EnvelopeError("INVALID_ENVELOPE", `unknown envelope field ${JSON.stringify(key)}`, {
        path: `/${key}`,
        eventType: type,
      });
    }
  }
  let parts: EpochParts;
  try {
    parts = toEpochParts(timestamp);
  } catch (error) {
    throw withEventType(error, type);
  }
  return { event_id: eventId, event_type: eventType, timestamp, parts, source, data };
}

/**
 * Throws `INVALID_ENVELOPE` unless `value` is a non-empty string of well-formed Unicode
 * (a lone surrogate cannot be written as UTF-8 by every codec).
 */
export function checkHeaderString(value: unknown, field: string, eventType?: string): asserts value is string {
  const type = field === "event_type" ? undefined : eventType;
  if (typeof value !== "string") {
    throw new EnvelopeError("INVALID_ENVELOPE", `${field} must be a string`, { path: `/${field}`, eventType: type });
  }
  if (value.length === 0) {
    throw new EnvelopeError("INVALID_ENVELOPE", `${field} must not be empty`, { path: `/${field}`, eventType: type });
  }
  if (!value.isWellFormed()) {
    throw new EnvelopeError("INVALID_ENVELOPE", `${field} has a lone surrogate`, {
      path: `/${field}`,
      eventType: type,
    });
  }
}

function withEventType(error: unknown, eventType: string | undefined): unknown {
  if (!(error instanceof EnvelopeError) || eventType === undefined) return error;
  return new EnvelopeError(error.code, error.reason, { path: error.path, eventType });
}
