import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isCanonicalTimestamp, parseCanonical } from "./canonical-timestamp.js";
import { isEnvelopeError } from "./errors.js";
import { formatTimestamp, MAX_EPOCH_SECONDS, MIN_EPOCH_SECONDS, normalizeTimestamp } from "./timestamp.js";

const FC = { seed: 20_261_127, numRuns: 20_000 } as const;

// Canonical timestamps of the whole range, each also with one character replaced: the edges of
// every field (month 13, day 31 of a 30-day month, Feb 29 of a common year, hour 24, ".000Z").
const canonical = fc
  .record({
    seconds: fc.integer({ min: MIN_EPOCH_SECONDS, max: MAX_EPOCH_SECONDS }),
    micros: fc.oneof(
      fc.constant(0),
      fc.integer({ min: 1, max: 999 }).map((m) => m * 1000),
      fc.integer({ min: 0, max: 999_999 }),
    ),
  })
  .map((parts) => formatTimestamp(parts));
const mutated = fc
  .tuple(canonical, fc.nat(), fc.constantFrom(..."0123456789-T:.Zzt+ \u0660"))
  .map(([text, at, c]) => text.slice(0, at % text.length) + c + text.slice((at % text.length) + 1));
const lengthened = fc
  .tuple(canonical, fc.stringMatching(/^[0-9]{0,4}$/))
  .map(([text, extra]) => text.replace("Z", `${extra}Z`));
const dates = fc
  .tuple(
    fc.integer({ min: 0, max: 9999 }),
    fc.integer({ min: 0, max: 13 }),
    fc.integer({ min: 0, max: 32 }),
    fc.integer({ min: 0, max: 24 }),
    fc.constantFrom("", ".000", ".120", ".000001", ".120000", ".5"),
  )
  .map(([y, mo, d, h, f]) => {
    const two = (n: number) => String(n).padStart(2, "0");
    return `${String(y).padStart(4, "0")}-${two(mo)}-${two(d)}T${two(h)}:59:59${f}Z`;
  });

// Other RFC 3339 spellings of any instant: 1 to 9 fraction digits, lowercase t/z, offsets (up to
// ±23:59, also across year 1 and 9999), leap seconds and 24:00; the full parser must agree that
// isCanonicalTimestamp(text) holds exactly when normalizing gives text back.
const spelled = fc
  .tuple(
    canonical,
    fc.stringMatching(/^(\.[0-9]{1,9})?$/),
    fc.constantFrom("Z", "z", "+00:00", "-00:00", "+23:59", "-23:59", "+01:00", ""),
    fc.constantFrom("T", "t"),
    fc.constantFrom("", ":60", "T24:00:00"),
  )
  .map(([text, fraction, offset, t, edge]) => {
    const base = text.slice(0, 19).replace("T", t);
    const edged = edge === ":60" ? `${base.slice(0, 16)}:60` : edge === "" ? base : `${base.slice(0, 10)}${edge}`;
    return `${edged}${fraction}${offset}`;
  });

describe("isCanonicalTimestamp", () => {
  it("holds exactly when normalizeTimestamp gives the text back (other spellings and edges)", () => {
    fc.assert(
      fc.property(fc.oneof(canonical, spelled, mutated), (text) => {
        let normalized: string | undefined;
        try {
          normalized = normalizeTimestamp(text);
        } catch (error) {
          expect(isEnvelopeError(error)).toBe(true);
        }
        expect(isCanonicalTimestamp(text)).toBe(normalized === text);
      }),
      FC,
    );
  });

  it.each([
    ["0001-01-01T00:00:00Z", true],
    ["9999-12-31T23:59:59.999999Z", true],
    ["9999-12-31T23:59:59.999Z", true],
    ["2016-12-31T23:59:60Z", false],
    ["2023-09-15T12:34:56.1Z", false],
    ["2023-09-15T12:34:56.123456789Z", false],
    ["2023-09-15T12:34:56z", false],
    ["2023-09-15T12:34:56+00:00", false],
    ["\u0662023-09-15T12:34:56Z", false],
  ])("edge %s: %s", (text, expected) => {
    expect(isCanonicalTimestamp(text)).toBe(expected);
  });

  it("accepts exactly what parseCanonical accepts", () => {
    fc.assert(
      fc.property(fc.oneof(canonical, mutated, lengthened, dates, fc.string({ maxLength: 30 })), (text) => {
        expect(isCanonicalTimestamp(text)).toBe(parseCanonical(text) !== undefined);
      }),
      FC,
    );
  });

  it.each([
    ["2024-02-29T12:00:00Z", true],
    ["2023-02-29T12:00:00Z", false],
    ["2023-04-31T12:00:00Z", false],
    ["2000-02-29T00:00:00.000001Z", true],
    ["1900-02-29T00:00:00Z", false],
    ["2023-09-15T12:34:56.000Z", false],
    ["2023-09-15T12:34:56.120000Z", false],
    ["2023-09-15T12:34:56.000120Z", true],
    ["0000-01-01T00:00:00Z", false],
    ["2023-09-15T12:34:56Z\n", false],
    ["2023-09-15T24:00:00Z", false],
    ["2023-09-15t12:34:56Z", false],
  ])("%s: %s", (text, expected) => {
    expect(isCanonicalTimestamp(text)).toBe(expected);
    expect(parseCanonical(text) !== undefined).toBe(expected);
  });
});
