import { appendPointer, EnvelopeError, toEnvelopeError } from "../errors.js";

/** The codes a binary reader or writer fails with. */
export type WireErrorCode = "MALFORMED" | "INVALID_DATA";

/**
 * A failure inside a compiled reader or writer, with the path (outermost first) that each level
 * adds as the error passes through it. Turned into an `EnvelopeError` at the codec's boundary.
 */
export class WireError extends Error {
  readonly code: WireErrorCode;
  readonly segments: (string | number)[] = [];

  constructor(code: WireErrorCode, message: string) {
    super(message);
    this.code = code;
  }
}

/** Throws `MALFORMED`: the bytes are not a valid encoding. */
export function malformed(message: string): never {
  throw new WireError("MALFORMED", message);
}

/** Throws `INVALID_DATA`: a value does not fit the schema. */
export function invalidData(message: string): never {
  throw new WireError("INVALID_DATA", message);
}

/**
 * Rethrows `error` with `segment` added in front of its path. Anything that is not a WireError
 * (a stack overflow from absurd nesting, say) becomes one with the `fallback` code.
 */
export function within(error: unknown, segment: string | number, fallback: WireErrorCode = "MALFORMED"): never {
  const wire =
    error instanceof WireError
      ? error
      : new WireError(fallback, error instanceof Error ? error.message : String(error));
  wire.segments.unshift(segment);
  throw wire;
}

/** The `EnvelopeError` for a failure under the JSON pointer `base` (default `/data`). */
export function envelopeErrorFrom(
  error: unknown,
  eventType: string | undefined,
  fallback: WireErrorCode,
  base = "/data",
): EnvelopeError {
  if (error instanceof WireError) {
    const path = error.segments.reduce<string>((p, s) => appendPointer(p, s), base);
    return new EnvelopeError(error.code, error.message, { path, eventType });
  }
  if (error instanceof EnvelopeError) {
    return new EnvelopeError(error.code, error.reason, { path: base, eventType });
  }
  return toEnvelopeError(error, fallback, { path: base, eventType });
}

/** Sets an own property, also for the key `__proto__`, which plain assignment would not. */
export function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === "__proto__") {
    Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  } else {
    target[key] = value;
  }
}

/** True for `{}`-made objects and `Object.create(null)`: never a class instance, array or Date. */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** A short description of a value for an error message. */
export function describeValue(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (value === null || value === undefined || typeof value !== "object") return String(value);
  return Array.isArray(value) ? "an array" : "an object";
}
