/** The codes an {@link EnvelopeError} can carry. */
export type EnvelopeErrorCode =
  | "INVALID_ENVELOPE"
  | "INVALID_DATA"
  | "UNKNOWN_EVENT_TYPE"
  | "UNKNOWN_SCHEMA"
  | "MALFORMED"
  | "LIMIT_EXCEEDED";

/** Where an error happened, when that is known. */
export interface EnvelopeErrorDetails {
  /** JSON pointer into the envelope, e.g. `/data/items/0/sku`. */
  readonly path?: string | undefined;
  /** The envelope's `event_type`, when it could be read. */
  readonly eventType?: string | undefined;
  /** The error that caused this one, if a library threw it. */
  readonly cause?: unknown;
}

/**
 * The one error class of the SDK: every decoder, given any input, returns an envelope or
 * throws this.
 *
 * @example
 * ```ts
 * try { codec.decode(bytes) } catch (e) {
 *   if (isEnvelopeError(e) && e.code === "UNKNOWN_EVENT_TYPE") skip(e.eventType);
 * }
 * ```
 */
export class EnvelopeError extends Error {
  override readonly name = "EnvelopeError";
  readonly code: EnvelopeErrorCode;
  readonly path: string | undefined;
  readonly eventType: string | undefined;
  /** What went wrong, without the code, path and event type that `message` adds. */
  readonly reason: string;

  constructor(code: EnvelopeErrorCode, reason: string, details: EnvelopeErrorDetails = {}) {
    super(describe(code, reason, details), details.cause === undefined ? undefined : { cause: details.cause });
    this.code = code;
    this.reason = reason;
    this.path = details.path;
    this.eventType = details.eventType;
  }
}

function describe(code: EnvelopeErrorCode, message: string, details: EnvelopeErrorDetails): string {
  const where = details.path === undefined || details.path === "" ? "" : ` at ${details.path}`;
  const type = details.eventType === undefined ? "" : ` (event_type ${JSON.stringify(details.eventType)})`;
  return `${code}${where}: ${message}${type}`;
}

/**
 * True when `value` is an {@link EnvelopeError}. It checks `name` and `code`, not
 * `instanceof`, so that errors from another copy of the package are recognised too.
 */
export function isEnvelopeError(value: unknown): value is EnvelopeError {
  return (
    value instanceof Error && value.name === "EnvelopeError" && typeof (value as { code?: unknown }).code === "string"
  );
}

/** Appends one segment to a JSON pointer, escaping `~` and `/` as RFC 6901 says. */
export function appendPointer(pointer: string, segment: string | number): string {
  const text = String(segment);
  const escaped = text.includes("~") || text.includes("/") ? text.replaceAll("~", "~0").replaceAll("/", "~1") : text;
  return `${pointer}/${escaped}`;
}

/**
 * Returns `error` if it is an {@link EnvelopeError} already, else wraps it with `code`: the
 * last line of defence that keeps a library's own error (a `RangeError` from a reader that ran
 * off the end, say) from reaching the caller.
 */
export function toEnvelopeError(
  error: unknown,
  code: EnvelopeErrorCode,
  details: Omit<EnvelopeErrorDetails, "cause"> = {},
): EnvelopeError {
  if (error instanceof EnvelopeError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new EnvelopeError(code, message, { ...details, cause: error });
}
