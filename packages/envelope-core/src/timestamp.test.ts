import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isEnvelopeError } from "./errors.js";
import { canonicalTimestampArbitrary, epochPartsArbitrary, timestampVariantArbitrary } from "./testing/index.js";
import {
  epochMicrosFromParts,
  formatTimestamp,
  normalizeTimestamp,
  parseTimestamp,
  partsFromEpochMicros,
} from "./timestamp.js";

const FC = { seed: 424_242, numRuns: 2000 } as const;

describe("normalizeTimestamp", () => {
  it.each([
    ["2023-09-15T12:34:56Z", "2023-09-15T12:34:56Z"],
    ["2023-09-15T12:34:56.12Z", "2023-09-15T12:34:56.120Z"],
    ["2023-09-15T12:34:56.123456Z", "2023-09-15T12:34:56.123456Z"],
    ["2023-09-15T12:34:56.1234Z", "2023-09-15T12:34:56.123400Z"],
    ["2023-09-15T12:34:56.000Z", "2023-09-15T12:34:56Z"],
    ["2023-09-15T12:34:56.123000000Z", "2023-09-15T12:34:56.123Z"],
    ["2023-09-15t14:34:56.120000+02:00", "2023-09-15T12:34:56.120Z"],
    ["2023-09-15T12:34:56z", "2023-09-15T12:34:56Z"],
    ["2023-09-15T00:10:00+01:00", "2023-09-14T23:10:00Z"],
    ["2023-12-31T23:30:00-01:00", "2024-01-01T00:30:00Z"],
    ["2024-02-29T12:00:00-00:00", "2024-02-29T12:00:00Z"],
    ["0001-01-01T00:00:00Z", "0001-01-01T00:00:00Z"],
    ["9999-12-31T23:59:59.999999Z", "9999-12-31T23:59:59.999999Z"],
    ["0000-12-31T23:00:00-01:00", "0001-01-01T00:00:00Z"],
    ["1969-12-31T23:59:59.999999Z", "1969-12-31T23:59:59.999999Z"],
  ])("%s -> %s", (input, expected) => {
    expect(normalizeTimestamp(input)).toBe(expected);
  });

  it("takes a Date, with millisecond precision", () => {
    expect(normalizeTimestamp(new Date(Date.UTC(2023, 8, 15, 12, 34, 56, 120)))).toBe("2023-09-15T12:34:56.120Z");
    const early = new Date(0);
    early.setUTCFullYear(1, 0, 1);
    expect(normalizeTimestamp(early)).toBe("0001-01-01T00:00:00Z");
  });

  it.each([
    ["2023-09-15T12:34:56.1234567Z", "finer than a microsecond"],
    ["2023-09-15T12:34:60Z", "leap second"],
    ["2023-02-30T00:00:00Z", "February 2023 does not have"],
    ["2023-02-29T00:00:00Z", "February 2023 does not have"],
    ["1900-02-29T00:00:00Z", "February 1900 does not have"],
    ["2023-09-15T24:00:00Z", "hour 24"],
    ["2023-13-01T00:00:00Z", "month 13"],
    ["2023-09-15T12:60:00Z", "minute 60"],
    ["2023-09-15T12:34:56", "no UTC offset"],
    ["2023-09-15 12:34:56Z", "not an RFC 3339 date-time"],
    ["2023-09-15T12:34:56.Z", "no fraction digits"],
    ["2023-09-15T12:34:56+0200", "malformed offset"],
    ["2023-09-15T12:34:56+24:00", "offset out of range"],
    ["2023-09-15T12:34:56Zjunk", "after the offset"],
    ["9999-12-31T23:59:59-00:01", "outside 0001-01-01 to 9999-12-31"],
    ["0001-01-01T00:00:00+00:01", "outside 0001-01-01 to 9999-12-31"],
    ["", "not an RFC 3339 date-time"],
    ["2023-9-15T12:34:56Z", "not an RFC 3339 date-time"],
  ])("refuses %j: %s", (input, why) => {
    expect(() => normalizeTimestamp(input)).toThrowError(why);
    try {
      normalizeTimestamp(input);
    } catch (error) {
      expect(isEnvelopeError(error) && error.code).toBe("INVALID_ENVELOPE");
      expect(isEnvelopeError(error) && error.path).toBe("/timestamp");
    }
  });

  it("refuses an invalid Date and a non-string", () => {
    expect(() => normalizeTimestamp(new Date(Number.NaN))).toThrowError("invalid Date");
    expect(() => normalizeTimestamp(42 as unknown as string)).toThrowError("INVALID_ENVELOPE");
  });

  it("agrees with Date for every millisecond time Date can represent", () => {
    fc.assert(
      fc.property(
        fc.date({
          min: new Date("0001-01-01T00:00:00Z"),
          max: new Date("9999-12-31T23:59:59.999Z"),
          noInvalidDate: true,
        }),
        (date) => {
          const iso = date.toISOString();
          const canonical = normalizeTimestamp(iso);
          expect(Date.parse(canonical)).toBe(date.getTime());
          expect(normalizeTimestamp(date)).toBe(canonical);
        },
      ),
      FC,
    );
  });

  it("normalizes every RFC 3339 spelling to the canonical form", () => {
    fc.assert(
      fc.property(timestampVariantArbitrary(), ({ text, canonical }) => {
        expect(normalizeTimestamp(text)).toBe(canonical);
      }),
      FC,
    );
  });

  it("is idempotent on canonical timestamps", () => {
    fc.assert(
      fc.property(canonicalTimestampArbitrary(), (ts) => {
        expect(normalizeTimestamp(ts)).toBe(ts);
      }),
      FC,
    );
  });
});

describe("epoch micros", () => {
  it("round-trips through number or bigint microseconds over the whole range", () => {
    fc.assert(
      fc.property(epochPartsArbitrary(), (parts) => {
        const micros = epochMicrosFromParts(parts);
        expect(partsFromEpochMicros(micros)).toEqual(parts);
        expect(partsFromEpochMicros(BigInt(micros))).toEqual(parts);
        expect(parseTimestamp(formatTimestamp(parts))).toEqual(parts);
      }),
      FC,
    );
  });

  it("uses a bigint exactly where a number would lose microseconds", () => {
    expect(typeof epochMicrosFromParts(parseTimestamp("2255-01-01T00:00:00Z"))).toBe("number");
    const far = epochMicrosFromParts(parseTimestamp("9999-12-31T23:59:59.999999Z"));
    expect(far).toBe(253_402_300_799_999_999n);
    expect(epochMicrosFromParts(parseTimestamp("0001-01-01T00:00:00Z"))).toBe(-62_135_596_800_000_000n);
  });

  it("refuses microseconds outside 0001..9999 as MALFORMED", () => {
    expect(() => partsFromEpochMicros(253_402_300_800_000_000n)).toThrowError("MALFORMED");
    expect(() => partsFromEpochMicros(-62_135_596_800_000_001n)).toThrowError("MALFORMED");
  });
});
