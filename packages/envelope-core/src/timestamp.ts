import { civilFromDays, DIGIT_0, daysFromCivil, daysInMonth, digits, isDigit, SECONDS_PER_DAY } from "./calendar.js";
import { parseCanonical } from "./canonical-timestamp.js";
import { type EpochParts, epochParts } from "./epoch-parts.js";
import { EnvelopeError } from "./errors.js";

export type { EpochParts };
export { epochParts };

/** 0001-01-01T00:00:00Z in seconds since the epoch. */
export const MIN_EPOCH_SECONDS = -62_135_596_800;
/** 9999-12-31T23:59:59Z in seconds since the epoch. */
export const MAX_EPOCH_SECONDS = 253_402_300_799;

/**
 * Turns a `Date` or any RFC 3339 timestamp into the canonical form: UTC, `Z`, and 0, 3 or 6
 * fraction digits.
 *
 * Offsets, lower-case `t`/`z` and any number of fraction digits are accepted; digits past the
 * sixth must be zeros. Anything that cannot be carried exactly is an `INVALID_ENVELOPE` error:
 * it is never rounded.
 *
 * @example
 * ```ts
 * normalizeTimestamp("2023-09-15t14:34:56.120000+02:00"); // "2023-09-15T12:34:56.120Z"
 * ```
 */
export function normalizeTimestamp(input: string | Date, path = "/timestamp"): string {
  const parts = toEpochParts(input, path);
  return typeof input === "string" ? canonicalSpelling(input, parts) : formatTimestamp(parts);
}

/**
 * The canonical form of a timestamp already parsed into `parts`: `text` itself when it is
 * canonical (what producers usually send), so that no new string is made.
 */
export function canonicalSpelling(text: string, parts: EpochParts): string {
  const { micros } = parts;
  const length = micros === 0 ? 20 : micros % 1000 === 0 ? 24 : 27;
  if (text.length === length && text.charCodeAt(length - 1) === 90 /* Z */ && text.charCodeAt(10) === 84 /* T */) {
    return text;
  }
  return formatTimestamp(parts);
}

/** Epoch parts of a `Date` or an RFC 3339 string, checked as {@link normalizeTimestamp} checks them. */
export function toEpochParts(input: string | Date, path = "/timestamp"): EpochParts {
  return typeof input === "string" ? parseTimestamp(input, path) : partsFromDate(input, path);
}

/** Parses an RFC 3339 timestamp into epoch parts, or throws `INVALID_ENVELOPE`. */
export function parseTimestamp(text: string, path = "/timestamp"): EpochParts {
  return parseCanonical(text) ?? parseAny(text, path);
}

function parseAny(text: string, path: string): EpochParts {
  if (typeof text !== "string") invalid(text, path, "is not a string");
  // "YYYY-MM-DDTHH:MM:SS" is the shortest prefix; nothing sensible is longer than 64 characters.
  if (text.length < 19 || text.length > 64) invalid(text, path, "is not an RFC 3339 date-time");
  const year = digits(text, 0, 4);
  const month = digits(text, 5, 2);
  const day = digits(text, 8, 2);
  const hour = digits(text, 11, 2);
  const minute = digits(text, 14, 2);
  const second = digits(text, 17, 2);
  const t = text.charCodeAt(10);
  if (
    (year | month | day | hour | minute | second) < 0 ||
    text.charCodeAt(4) !== 45 /* - */ ||
    text.charCodeAt(7) !== 45 ||
    (t !== 84 /* T */ && t !== 116) /* t */ ||
    text.charCodeAt(13) !== 58 /* : */ ||
    text.charCodeAt(16) !== 58
  ) {
    invalid(text, path, "is not an RFC 3339 date-time (YYYY-MM-DDTHH:MM:SS with an offset)");
  }
  let i = 19;
  let micros = 0;
  if (text.charCodeAt(i) === 46 /* . */) {
    const start = ++i;
    while (i < text.length && isDigit(text.charCodeAt(i))) i++;
    const count = i - start;
    if (count === 0) invalid(text, path, "has a '.' with no fraction digits");
    for (let k = 0; k < count; k++) {
      const d = text.charCodeAt(start + k) - DIGIT_0;
      if (k < 6) micros = micros * 10 + d;
      else if (d !== 0) invalid(text, path, "is finer than a microsecond; it cannot be carried without rounding");
    }
    for (let k = count; k < 6; k++) micros *= 10;
  }
  const offsetMinutes = parseOffset(text, i, path);
  if (month < 1 || month > 12) invalid(text, path, `has month ${month}`);
  if (day < 1 || day > daysInMonth(year, month)) {
    invalid(text, path, `has day ${day}, which ${monthName(month)} ${year} does not have`);
  }
  if (hour > 23) invalid(text, path, `has hour ${hour}`);
  if (minute > 59) invalid(text, path, `has minute ${minute}`);
  if (second === 60) invalid(text, path, "is a leap second, which no codec can carry");
  if (second > 59) invalid(text, path, `has second ${second}`);
  const seconds =
    daysFromCivil(year, month, day) * SECONDS_PER_DAY + hour * 3600 + minute * 60 + second - offsetMinutes * 60;
  if (seconds < MIN_EPOCH_SECONDS || seconds > MAX_EPOCH_SECONDS) {
    invalid(text, path, "is outside 0001-01-01 to 9999-12-31 in UTC");
  }
  return { seconds, micros };
}

function invalid(text: unknown, path: string, why: string): never {
  throw new EnvelopeError("INVALID_ENVELOPE", `timestamp ${quote(text)} ${why}`, { path });
}

function parseOffset(text: string, i: number, path: string): number {
  const c = text[i];
  if (c === "Z" || c === "z") {
    if (i + 1 !== text.length) invalid(text, path, "has characters after the offset");
    return 0;
  }
  if (c !== "+" && c !== "-") invalid(text, path, "has no UTC offset ('Z' or ±HH:MM)");
  const hours = digits(text, i + 1, 2);
  const minutes = digits(text, i + 4, 2);
  if (hours < 0 || minutes < 0 || text[i + 3] !== ":" || i + 6 !== text.length) {
    invalid(text, path, "has a malformed offset");
  }
  if (hours > 23 || minutes > 59) invalid(text, path, "has an offset out of range");
  const total = hours * 60 + minutes;
  return c === "-" ? -total : total;
}

const TWO_DIGITS = Array.from({ length: 60 }, (_, n) => String(n).padStart(2, "0"));
// The date part of the last day formatted: timestamps that arrive together share their day.
let cachedDay = Number.NaN;
let cachedDate = "";

/** Formats epoch parts in the canonical form. The parts must be in range. */
export function formatTimestamp(parts: EpochParts): string {
  const { seconds, micros } = parts;
  const days = Math.floor(seconds / SECONDS_PER_DAY);
  if (days !== cachedDay) {
    const [year, month, day] = civilFromDays(days);
    cachedDate = `${pad(year, 4)}-${TWO_DIGITS[month]}-${TWO_DIGITS[day]}T`;
    cachedDay = days;
  }
  let rest = seconds - days * SECONDS_PER_DAY;
  const hour = Math.floor(rest / 3600);
  rest -= hour * 3600;
  const minute = Math.floor(rest / 60);
  const time = `${cachedDate}${TWO_DIGITS[hour]}:${TWO_DIGITS[minute]}:${TWO_DIGITS[rest - minute * 60]}`;
  if (micros === 0) return `${time}Z`;
  return micros % 1000 === 0 ? `${time}.${pad(micros / 1000, 3)}Z` : `${time}.${pad(micros, 6)}Z`;
}

/**
 * Epoch parts from microseconds since the epoch (a `number` while it is a safe integer,
 * a `bigint` beyond), or throws `MALFORMED` when they fall outside 0001..9999.
 */
export function partsFromEpochMicros(value: number | bigint, path = "/timestamp"): EpochParts {
  let seconds: number;
  let micros: number;
  if (typeof value === "bigint") {
    const s = value / 1_000_000n;
    const m = value - s * 1_000_000n;
    seconds = Number(m < 0n ? s - 1n : s);
    micros = Number(m < 0n ? m + 1_000_000n : m);
  } else {
    seconds = Math.floor(value / 1_000_000);
    micros = value - seconds * 1_000_000;
    // The division can round up near a whole second for large values; settle it exactly.
    if (micros < 0) {
      seconds -= 1;
      micros += 1_000_000;
    }
  }
  checkRange(seconds, micros, path);
  return epochParts(seconds, micros);
}

/** Microseconds since the epoch: a `number` when that is a safe integer, else a `bigint`. */
export function epochMicrosFromParts(parts: EpochParts): number | bigint {
  const { seconds, micros } = parts;
  // 9e9 seconds is about the year 2255; below that seconds * 1e6 + micros is a safe integer.
  if (seconds > -9_000_000_000 && seconds < 9_000_000_000) return seconds * 1_000_000 + micros;
  return BigInt(seconds) * 1_000_000n + BigInt(micros);
}

/** Throws `MALFORMED` unless the parts lie within 0001-01-01 .. 9999-12-31T23:59:59.999999Z. */
export function checkRange(seconds: number, micros: number, path = "/timestamp"): void {
  if (
    !Number.isInteger(seconds) ||
    !Number.isInteger(micros) ||
    seconds < MIN_EPOCH_SECONDS ||
    seconds > MAX_EPOCH_SECONDS ||
    micros < 0 ||
    micros > 999_999
  ) {
    throw new EnvelopeError("MALFORMED", "timestamp is outside 0001-01-01 to 9999-12-31 or not whole microseconds", {
      path,
    });
  }
}

function partsFromDate(date: Date, path: string): EpochParts {
  const ms = date instanceof Date ? date.getTime() : Number.NaN;
  if (Number.isNaN(ms)) throw new EnvelopeError("INVALID_ENVELOPE", "timestamp is an invalid Date", { path });
  const seconds = Math.floor(ms / 1000);
  if (seconds < MIN_EPOCH_SECONDS || seconds > MAX_EPOCH_SECONDS) {
    throw new EnvelopeError("INVALID_ENVELOPE", "timestamp is outside 0001-01-01 to 9999-12-31", { path });
  }
  return epochParts(seconds, (ms - seconds * 1000) * 1000);
}

function pad(value: number, width: number): string {
  return String(value).padStart(width, "0");
}

function quote(text: unknown): string {
  return typeof text === "string" ? JSON.stringify(text.length > 80 ? `${text.slice(0, 80)}…` : text) : String(text);
}

const MONTHS = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
];

function monthName(month: number): string {
  return MONTHS[month - 1] ?? String(month);
}
