import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isCanonicalTimestamp, parseCanonical } from "./canonical-timestamp.js";
import { formatTimestamp, MAX_EPOCH_SECONDS, MIN_EPOCH_SECONDS } from "./timestamp.js";

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

describe("isCanonicalTimestamp", () => {
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
