/** A point in time as whole seconds since the Unix epoch and microseconds within that second. */
export interface EpochParts {
  /** Whole seconds since 1970-01-01T00:00:00Z, floored (negative before 1970). */
  readonly seconds: number;
  /** 0 to 999 999. */
  readonly micros: number;
}

/**
 * Epoch parts with `micros` kept a small integer in V8's eyes: a value computed by division or
 * subtraction is a double to V8 even when whole, and storing one in a `{ seconds, micros }`
 * object changes the field's representation for every such object in the process (all the
 * codecs share the shape), which made encoders measurably slower after a decoder had run.
 */
export function epochParts(seconds: number, micros: number): EpochParts {
  return { seconds, micros: micros | 0 };
}
