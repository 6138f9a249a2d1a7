// The parts of single-object encoding around the data: input checks, the envelope's header
// fields, and the fingerprint's lookup.
import { EnvelopeError } from "@eventwire/envelope-core";
import { type Cursor, envelopeErrorFrom, formatTimestamp, partsFromEpochMicros } from "@eventwire/envelope-core/wire";
import { readLong, readString } from "./read-avro.js";

/** Refuses what is not a Uint8Array (MALFORMED) or is over `maxBytes` (LIMIT_EXCEEDED). */
export function checkInput(bytes: Uint8Array, maxBytes: number, what: string): void {
  if (!(bytes instanceof Uint8Array)) throw new EnvelopeError("MALFORMED", `${what} takes a Uint8Array`);
  if (bytes.length > maxBytes) {
    throw new EnvelopeError("LIMIT_EXCEEDED", `the input is ${bytes.length} bytes, over maxBytes ${maxBytes}`);
  }
}

/** Reads one of the envelope's header strings, refusing an empty one (INVALID_ENVELOPE). */
export function readHeaderString(c: Cursor, field: string, eventType?: string): string {
  let value: string;
  try {
    value = readString(c);
  } catch (error) {
    throw envelopeErrorFrom(error, eventType, "MALFORMED", `/${field}`);
  }
  if (value === "") {
    throw new EnvelopeError("INVALID_ENVELOPE", `${field} must not be empty`, { path: `/${field}`, eventType });
  }
  return value;
}

/** Reads the timestamp long (microseconds) as canonical text; outside 0001..9999 is MALFORMED. */
export function readTimestamp(c: Cursor, eventType: string): string {
  try {
    return formatTimestamp(partsFromEpochMicros(readLong(c)));
  } catch (error) {
    throw envelopeErrorFrom(error, eventType, "MALFORMED", "/timestamp");
  }
}

/** The low 32 bits of the fingerprint at `at`, to find the candidate writer schemas fast. */
export function fingerprintKey(bytes: Uint8Array, at: number): number {
  return (
    ((bytes[at] as number) | ((bytes[at + 1] as number) << 8) | ((bytes[at + 2] as number) << 16)) +
    (bytes[at + 3] as number) * 0x1000000
  );
}

/** True when the 8 fingerprint bytes after `C3 01` are `fingerprint`. */
export function sameFingerprint(fingerprint: Uint8Array, bytes: Uint8Array): boolean {
  for (let i = 0; i < 8; i++) if (fingerprint[i] !== bytes[2 + i]) return false;
  return true;
}

/** The bytes in hex, for error messages. */
export function hex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}
